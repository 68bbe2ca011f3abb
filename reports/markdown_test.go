package reports

import (
	"bytes"
	"strings"
	"testing"
	"time"

	"readyroom/readiness"
)

func TestMarkdownShowsEverySectionAndEscapesText(t *testing.T) {
	gold, err := readiness.TemplateFor(readiness.Gold)
	if err != nil {
		t.Fatal(err)
	}
	now := time.Date(2026, 11, 22, 9, 0, 0, 0, time.UTC)
	r := readiness.Instantiate(gold, "01JD0000000000000000000000", readiness.NewRecord{
		Service: "Payments | Gateway", Title: "Tokenisation <script>alert(1)</script>", Squad: "Falcon", SDM: "Priya",
		MaintenanceTeam: "Run", GoLive: "2026-12-01", Tier: readiness.Gold,
	}, "Ana", now)
	r.Sections[0].Text = "Line one\n# not a heading"
	it := &r.Sections[len(r.Sections)-1].Items[0]
	it.Status, it.Reason = readiness.Blocked, "Waiting for *the* supplier"
	it.Evidence = []readiness.Evidence{{Label: "Runbook", URL: "https://wiki.example.com/runbook (v2)"}, {Label: "x", URL: "javascript:alert(1)"}}
	var buf bytes.Buffer
	if err := Markdown(&buf, &r, now); err != nil {
		t.Fatal(err)
	}
	out := buf.String()
	for _, s := range r.Sections {
		if !strings.Contains(out, s.Title) {
			t.Errorf("section %q missing", s.Title)
		}
		for _, it := range s.Items {
			if !strings.Contains(out, "**"+string(it.ID)+"**") {
				t.Errorf("item %s missing", it.ID)
			}
		}
	}
	for _, want := range []string{
		`# Payments \| Gateway — Tokenisation &lt;script&gt;alert(1)&lt;/script&gt;`,
		`\# not a heading`,
		`Blocked: Waiting for \*the\* supplier`,
		`[Runbook](https://wiki.example.com/runbook%20%28v2%29)`,
		"Awareness, not approval",
	} {
		if !strings.Contains(out, want) {
			t.Errorf("output lacks %q", want)
		}
	}
	if strings.Contains(out, "javascript:") || strings.Contains(out, "<script>") {
		t.Error("a script or a javascript: link got through")
	}
}

// Evidence holding a ticket key links through the link patterns; a key
// with its address stored links there without them; a key no pattern
// names stays text.
func TestMarkdownLinksTicketKeys(t *testing.T) {
	r := linkRecord(t)
	links := readiness.LinkPatterns{{Project: "JIRA", URL: "https://jira.example.com/browse/{key}"}}
	var with, without bytes.Buffer
	if err := MarkdownLinked(&with, r, linkNow, links); err != nil {
		t.Fatal(err)
	}
	if err := Markdown(&without, r, linkNow); err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{
		"[JIRA-123 load test](https://jira.example.com/browse/JIRA-123)",
		"[OPS-9](https://ops.example.com/ticket/OPS-9)",
		" · SEC-4 · ",
	} {
		if !strings.Contains(with.String(), want) {
			t.Errorf("with patterns, the page lacks %q", want)
		}
	}
	if !strings.Contains(without.String(), "| JIRA-123 load test · ") || strings.Contains(without.String(), "jira.example.com") {
		t.Error("without patterns, a bare key should stay text")
	}
	if !strings.Contains(without.String(), "[OPS-9](https://ops.example.com/ticket/OPS-9)") {
		t.Error("a key with its address stored should link without patterns")
	}
}
