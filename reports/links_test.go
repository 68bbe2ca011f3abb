package reports

import (
	"bytes"
	"encoding/json"
	"os/exec"
	"strings"
	"testing"
	"time"

	"readyroom/readiness"
)

var linkNow = time.Date(2026, 11, 22, 9, 0, 0, 0, time.UTC)

const (
	ciURL   = "https://ci.example.com/job/payments/job/release-2026-12/1234/console"
	wikiURL = "https://wiki.example.com/display/OPS/payments-gateway-runbook"
	// longURL is too long even for the page's width in the smallest type:
	// under the table it wraps, and each of its lines links to it whole.
	longURL   = "https://dashboards.example.com/d/payments-gateway/latency-and-errors?orgId=1&from=now-7d&to=now&var-service=payments-gateway&var-env=production&refresh=30s"
	statusURL = "https://status.example.com/incidents/42"
	shortURL  = "https://ci.example.com/b/7" // fits the evidence column
)

// linkRecord is a Gold record whose last section's first item holds every
// kind of evidence: a ticket key alone (JIRA-123, linked by a pattern), a
// key with its address stored (OPS-9), a key no pattern names (SEC-4),
// labelled addresses, two too long for the cell; and a narrative that
// names an address.
func linkRecord(t *testing.T) *readiness.Record {
	t.Helper()
	gold, err := readiness.TemplateFor(readiness.Gold)
	if err != nil {
		t.Fatal(err)
	}
	r := readiness.Instantiate(gold, "01JD0000000000000000000000", readiness.NewRecord{
		Service: "Payments Gateway", Title: "Tokenisation", Squad: "Falcon", SDM: "Priya",
		MaintenanceTeam: "Run", GoLive: "2026-12-01", Tier: readiness.Gold,
	}, "Ana", linkNow)
	it := &r.Sections[len(r.Sections)-1].Items[0]
	it.Evidence = []readiness.Evidence{
		{Label: "JIRA-123 load test"},
		{Label: "OPS-9", URL: "https://ops.example.com/ticket/OPS-9"},
		{Label: "SEC-4"},
		{Label: "Runbook", URL: wikiURL},
		{Label: "CI job", URL: ciURL},
		{Label: "Dashboard", URL: longURL},
		{Label: "Build", URL: shortURL},
	}
	it.Notes = "Watched during the test."
	r.Sections[0].Text = "Rollback rehearsed; the status page (" + statusURL + ") says when."
	return &r
}

// pdfURIs is every web link annotation of a PDF, by address: how many
// rectangles link to it.
func pdfURIs(t *testing.T, path string) map[string]int {
	t.Helper()
	out, err := exec.Command("qpdf", "--json=2", "--json-key=qpdf", path).Output()
	if err != nil {
		t.Fatalf("qpdf --json: %v", err)
	}
	var doc struct {
		QPDF []json.RawMessage `json:"qpdf"`
	}
	if err := json.Unmarshal(out, &doc); err != nil || len(doc.QPDF) < 2 {
		t.Fatalf("qpdf --json: %v", err)
	}
	var objects map[string]struct {
		Value struct {
			Type   string `json:"/Type"`
			Annots []struct {
				Subtype string `json:"/Subtype"`
				Rect    []float64
				A       struct {
					S   string `json:"/S"`
					URI string `json:"/URI"`
				} `json:"/A"`
			} `json:"/Annots"`
		} `json:"value"`
	}
	if err := json.Unmarshal(doc.QPDF[1], &objects); err != nil {
		t.Fatal(err)
	}
	uris := map[string]int{}
	for _, o := range objects {
		for _, a := range o.Value.Annots {
			if a.Subtype == "/Link" && a.A.S == "/URI" {
				uris[strings.TrimPrefix(a.A.URI, "u:")]++
			}
		}
	}
	return uris
}

// Every evidence link of the readiness pack is a /URI annotation (a key
// through the patterns; each line of a wrapped address), an address in the
// notes is too, and text copied from the pack holds each address that fits
// a line whole.
func TestPackEvidenceLinks(t *testing.T) {
	needTools(t, "qpdf", "pdftotext")
	r := linkRecord(t)
	links := readiness.LinkPatterns{{Project: "JIRA", URL: "https://jira.example.com/browse/{key}"}}
	path := writePDF(t, renderPack(t, r, nil, PackOptions{Now: linkNow, Links: links}))
	qpdfCheck(t, path)
	uris := pdfURIs(t, path)
	for _, u := range []string{"https://jira.example.com/browse/JIRA-123", "https://ops.example.com/ticket/OPS-9", wikiURL, ciURL, longURL, statusURL, shortURL} {
		if uris[u] == 0 {
			t.Errorf("no /URI annotation links to %s; the pack's links: %v", u, uris)
		}
	}
	for u := range uris {
		if strings.Contains(u, "SEC-4") {
			t.Errorf("a key no pattern names links to %s", u)
		}
	}
	// Label and address link alike. An address too long for the evidence
	// column is shortened there and printed whole under the table: three
	// links (label, cell, the address in full), or more when even the
	// whole page's width wraps it, a rectangle per line.
	if uris[shortURL] != 2 || uris["https://ops.example.com/ticket/OPS-9"] != 2 {
		t.Errorf("an address that fits its cell should link from its label and its address: %v", uris)
	}
	if uris[ciURL] != 3 || uris[wikiURL] != 3 || uris[longURL] < 4 {
		t.Errorf("a long address should link from its label, its cell and the list under the table: %v", uris)
	}

	text := strings.Join(pdftotext(t, path, "-raw"), "\n")
	for _, u := range []string{ciURL, wikiURL, "https://ops.example.com/ticket/OPS-9", statusURL, shortURL} {
		if !strings.Contains(text, u) {
			t.Errorf("copied text does not hold %s whole", u)
		}
	}
	// The long one breaks only after / - _ . ? & = or #, with nothing added:
	// the lines joined give it back.
	if !strings.Contains(strings.ReplaceAll(text, "\n", ""), longURL) {
		t.Errorf("the wrapped address's lines do not join to %s", longURL)
	}
	if !strings.Contains(text, "JIRA-123 load test") || !strings.Contains(text, "SEC-4") {
		t.Error("the keys are not printed")
	}

	// Without patterns, the bare key is text; stored addresses still link.
	bare := pdfURIs(t, writePDF(t, renderPack(t, r, nil, PackOptions{Now: linkNow})))
	if bare["https://jira.example.com/browse/JIRA-123"] != 0 || bare[ciURL] != 3 {
		t.Errorf("without patterns: %v", bare)
	}
}

// Free-text evidence that is an address alone (a handover item's, an exit
// criterion's) links in the handover pack too.
func TestHandoverEvidenceLinks(t *testing.T) {
	needTools(t, "qpdf")
	r := linkRecord(t)
	const runbook = "https://wiki.example.com/handover/runbook"
	r.Handover.Items = []readiness.HandoverItem{
		{ID: "H-1", Text: "Runbook handed over", HandoverItemValue: readiness.HandoverItemValue{Status: readiness.Done, Evidence: runbook}},
		{ID: "H-2", Text: "Dashboards", HandoverItemValue: readiness.HandoverItemValue{Status: readiness.InProgress, Evidence: "shown in the meeting"}},
	}
	var buf bytes.Buffer
	if err := HandoverPack(&buf, r, PackOptions{Now: linkNow}); err != nil {
		t.Fatal(err)
	}
	path := writePDF(t, buf.Bytes())
	qpdfCheck(t, path)
	if uris := pdfURIs(t, path); uris[runbook] == 0 {
		t.Errorf("the handover item's address is not a link: %v", uris)
	}
}
