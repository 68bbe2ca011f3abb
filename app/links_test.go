package app

import (
	"bytes"
	"strings"
	"testing"

	"readyroom/readiness"
)

// The "Link patterns" dialog's service: patterns are refused field by
// field with nothing stored, kept tidied, survive a reopen, resolve keys
// entered as evidence, and link keys in the Markdown export.
func TestLinkPatternsSetting(t *testing.T) {
	data := t.TempDir()
	in, err := Open(data, Options{})
	if err != nil {
		t.Fatal(err)
	}
	a := New(in.Records, data, nil)
	s := &LinkService{a.core}
	if ps, err := s.LinkPatterns(); err != nil || len(ps) != 0 {
		t.Fatalf("no patterns at first: %v %v", ps, err)
	}
	_, err = s.SetLinkPatterns(readiness.LinkPatterns{
		{Project: "JIRA", URL: "https://jira.example.com/browse/"},
		{Project: "OPS", URL: "ftp://ops.example.com/{key}"},
		{Project: "not a key", URL: "https://x.example.com/{key}"},
	})
	var ve *readiness.ValidationError
	if code := ErrorCode(err); code != CodeValidation || !errorsAsValidation(err, &ve) || len(ve.Fields) != 3 {
		t.Fatalf("bad patterns: %v (%s)", err, code)
	}
	for i, want := range []string{"needs {key}", "https:// or http://", "is not a project key"} {
		if f := ve.Fields[i]; !strings.Contains(f.Message, want) || !strings.HasPrefix(f.Field, "patterns[") {
			t.Errorf("field %d: %+v, want %q", i, f, want)
		}
	}
	if ps, _ := s.LinkPatterns(); len(ps) != 0 {
		t.Fatalf("a refused list was stored: %v", ps)
	}
	saved, err := s.SetLinkPatterns(readiness.LinkPatterns{{Project: "jira-1", URL: " https://jira.example.com/browse/{key}"}})
	if err != nil || saved[0].Project != "JIRA" || saved[0].URL != "https://jira.example.com/browse/{key}" {
		t.Fatalf("saved %v %v", saved, err)
	}

	e, err := s.NewEvidence("JIRA-7", "load test")
	if err != nil || e.Label != "JIRA-7 load test" || e.URL != "https://jira.example.com/browse/JIRA-7" {
		t.Fatalf("a key as evidence: %+v %v", e, err)
	}
	if _, err := s.NewEvidence("JIRA7", ""); err == nil || !strings.Contains(err.Error(), "nor a ticket key") {
		t.Fatalf("a key of the wrong shape: %v", err)
	}

	// The exports link a key stored without its address: the Markdown
	// page and the readiness pack (a /URI annotation, in reports' tests).
	rs := &RecordService{a.core}
	v, err := rs.CreateRecord(readiness.NewRecord{Service: "Payments", Title: "v3", Squad: "Falcon", SDM: "Priya",
		MaintenanceTeam: "Run", GoLive: "2026-12-01", Tier: readiness.Silver})
	if err != nil {
		t.Fatal(err)
	}
	id, item := string(v.Record.ID), string(v.Record.Sections[len(v.Record.Sections)-1].Items[0].ID)
	if _, err := rs.SetItemEvidence(id, item, []readiness.Evidence{{Label: "JIRA-8"}, e}); err != nil {
		t.Fatal(err)
	}
	md, err := in.Records.RenderBytes(ExportRequest{Kind: "markdown", Record: id})
	if err != nil || !bytes.Contains(md, []byte("[JIRA-8](https://jira.example.com/browse/JIRA-8)")) ||
		!bytes.Contains(md, []byte("[JIRA-7 load test](https://jira.example.com/browse/JIRA-7)")) {
		t.Fatalf("markdown does not link the keys: %v\n%s", err, md)
	}
	pdf, err := in.Records.RenderBytes(ExportRequest{Kind: "pack", Record: id})
	if err != nil || !bytes.Contains(pdf, []byte("/URI (https://jira.example.com/browse/JIRA-8)")) {
		t.Fatalf("the pack does not link the key: %v", err)
	}
	in.Close()

	in, err = Open(data, Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer in.Close()
	if ps, err := LoadLinkPatterns(in.Records.db); err != nil || len(ps) != 1 || ps[0].Project != "JIRA" {
		t.Fatalf("after a reopen: %v %v", ps, err)
	}

	// The command line's --evidence KEY=TITLE resolves the key; a key of
	// the wrong shape is refused in words with nothing stored.
	res, err := in.Records.Write(WriteRequest{Op: "item", Record: id, Item: item,
		Evidence: []readiness.Evidence{{URL: "JIRA-9", Label: "rollback test"}, {URL: "SEC-2"}}})
	if err != nil {
		t.Fatal(err)
	}
	got := res.Record.Record.Item(readiness.ItemID(item)).Evidence
	if n := len(got); n != 4 || got[2] != (readiness.Evidence{Label: "JIRA-9 rollback test", URL: "https://jira.example.com/browse/JIRA-9"}) || got[3] != (readiness.Evidence{Label: "SEC-2"}) {
		t.Fatalf("evidence after --evidence keys: %+v", got)
	}
	if _, err := in.Records.Write(WriteRequest{Op: "item", Record: id, Item: item, Evidence: []readiness.Evidence{{URL: "JIRA 9"}}}); err == nil || !strings.Contains(err.Error(), `"JIRA 9" is neither a web address`) {
		t.Fatalf("a key of the wrong shape: %v", err)
	}
}
