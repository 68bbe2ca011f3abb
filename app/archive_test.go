package app

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"github.com/santhosh-tekuri/jsonschema/v6"

	"readyroom/readiness"
)

// docJSON is a record's doc as JSON, for comparing two databases' folds.
func docJSON(t *testing.T, r *Records, id readiness.RecordID) string {
	t.Helper()
	d, err := r.db.Doc(id)
	if err != nil {
		t.Fatal(err)
	}
	b, _ := json.Marshal(d)
	return string(b)
}

// TestArchiveRoundTripLosesNothing: every example record exported and
// imported into an empty data directory folds to the same record, with
// the same history (authors and times); importing again changes nothing.
func TestArchiveRoundTripLosesNothing(t *testing.T) {
	_, src := newTestApp(t, today)
	if _, err := LoadDemo(src); err != nil {
		t.Fatal(err)
	}
	b, err := src.ExportArchive(nil)
	if err != nil {
		t.Fatal(err)
	}
	_, dst := newTestApp(t, today)
	rep, err := dst.ImportArchive(b)
	if err != nil {
		t.Fatal(err)
	}
	sums, _ := src.db.Summaries()
	if len(rep.Records) != len(sums) || rep.Refused != 0 || rep.Had != 0 || rep.Added == 0 {
		t.Fatalf("import: %+v", rep)
	}
	for _, sm := range sums {
		if a, b := docJSON(t, src, sm.ID), docJSON(t, dst, sm.ID); a != b {
			t.Fatalf("record %s folds differently after the round trip", sm.ID)
		}
		ha, _ := src.History(string(sm.ID))
		hb, _ := dst.History(string(sm.ID))
		if !reflect.DeepEqual(ha, hb) {
			t.Fatalf("record %s: history differs", sm.ID)
		}
	}
	again, err := dst.ImportArchive(b)
	if err != nil || again.Added != 0 || again.Had != rep.Added || again.Records[0].Outcome != "unchanged" {
		t.Fatalf("second import: %+v %v", again, err)
	}
	if !strings.Contains(again.Words(), "0 changes added") {
		t.Fatalf("words: %s", again.Words())
	}
}

// TestArchiveMergesConcurrentEditsAsConflicts: both sides edit a title
// after an import; importing the other's archive shows the conflict, as a
// pull from a teammate would.
func TestArchiveMergesConcurrentEditsAsConflicts(t *testing.T) {
	a, src := newTestApp(t, today)
	v, err := a.CreateRecord(readiness.NewRecord{Service: "Payments", Title: "Tokenisation v3", Squad: "Falcon", SDM: "Priya",
		MaintenanceTeam: "Run", GoLive: "2026-12-01", Tier: readiness.Gold, Answers: readiness.Answers{SensitiveData: true}})
	if err != nil {
		t.Fatal(err)
	}
	id := string(v.Record.ID)
	b, _ := src.ExportArchive([]string{id})
	b2, dst := newTestApp(t, today)
	if _, err := dst.ImportArchive(b); err != nil {
		t.Fatal(err)
	}
	if _, err := a.SetField(id, "title", "Tokenisation v3.1"); err != nil {
		t.Fatal(err)
	}
	if _, err := b2.SetField(id, "title", "Tokenisation v4"); err != nil {
		t.Fatal(err)
	}
	back, _ := dst.ExportArchive([]string{id})
	rep, err := src.ImportArchive(back)
	if err != nil || rep.Records[0].Outcome != "updated" || rep.Records[0].Added != 1 {
		t.Fatalf("import of the other side: %+v %v", rep, err)
	}
	got, err := src.Get(id)
	if err != nil {
		t.Fatal(err)
	}
	if len(got.Conflicts) != 1 || got.Conflicts[0].Path != "title" {
		t.Fatalf("conflicts after the merge: %+v", got.Conflicts)
	}
}

// TestArchiveCarriesItsTemplates: a record on the organisation's own
// template opens in a data directory that never saw the template.
func TestArchiveCarriesItsTemplates(t *testing.T) {
	a, src := newTestApp(t, today)
	ts := &TemplateService{a.App.core}
	if _, err := ts.NewTemplateDraft(NewDraftInput{ID: "payments-gold", Name: "Payments Gold", From: "gold"}); err != nil {
		t.Fatal(err)
	}
	if _, err := ts.PublishTemplate("payments-gold"); err != nil {
		t.Fatal(err)
	}
	v, err := a.CreateRecord(readiness.NewRecord{Service: "Payments", Title: "Tokenisation v3", Squad: "Falcon", SDM: "Priya",
		MaintenanceTeam: "Run", GoLive: "2026-12-01", Template: "payments-gold", Answers: readiness.Answers{SensitiveData: true}})
	if err != nil {
		t.Fatal(err)
	}
	b, _ := src.ExportArchive(nil)
	_, dst := newTestApp(t, today)
	rep, err := dst.ImportArchive(b)
	if err != nil || rep.Templates != 1 || rep.Records[0].Outcome != "added" {
		t.Fatalf("import: %+v %v", rep, err)
	}
	got, err := dst.Get(string(v.Record.ID))
	if err != nil || got.Record.TemplateID != "payments-gold" {
		t.Fatalf("record on the imported template: %v", err)
	}
}

// TestBadArchivesAreRefusedInWords: each refused whole with a clear
// message and nothing stored, or (a bad record) that record refused and
// the others imported.
func TestBadArchivesAreRefusedInWords(t *testing.T) {
	a, src := newTestApp(t, today)
	v, err := a.CreateRecord(readiness.NewRecord{Service: "Payments", Title: "Tokenisation v3", Squad: "Falcon", SDM: "Priya",
		MaintenanceTeam: "Run", GoLive: "2026-12-01", Tier: readiness.Gold, Answers: readiness.Answers{SensitiveData: true}})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := a.SetField(string(v.Record.ID), "squad", "Falcon squad"); err != nil {
		t.Fatal(err)
	}
	good, _ := src.ExportArchive(nil)
	var arc Archive
	if err := json.Unmarshal(good, &arc); err != nil {
		t.Fatal(err)
	}
	edit := func(fn func(*Archive)) []byte {
		var c Archive
		json.Unmarshal(good, &c)
		fn(&c)
		b, _ := json.Marshal(c)
		return b
	}
	whole := []struct {
		name string
		in   []byte
		want string
	}{
		{"empty file", []byte{}, "not an archive"},
		{"not JSON", []byte("%PDF-1.7\n"), "not an archive"},
		{"truncated", good[:len(good)/2], "ends early"},
		{"JSON of another kind", []byte(`{"schemaVersion":"2021-11-01","pillars":[]}`), "names no format"},
		{"a list", []byte(`[1,2,3]`), "not an archive"},
		{"newer format", []byte(`{"format":"readyroom-archive/2","records":[]}`), "made by a newer Ready Room"},
		{"unknown field", []byte(strings.Replace(string(good), `"format"`, `"extra":1,"format"`, 1)), "unknown field"},
		{"two documents", append(append([]byte{}, good...), good...), "more than one"},
		{"a record id that is not one", []byte(strings.Replace(string(good), `"id": "`+string(v.Record.ID)+`"`, `"id": "nope"`, 1)), "record id"},
		{"template not published", edit(func(c *Archive) { c.Templates = []json.RawMessage{json.RawMessage(`{"id":"x"}`)} }), "template"},
	}
	for _, c := range whole {
		_, dst := newTestApp(t, today)
		_, err := dst.ImportArchive(c.in)
		if err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("%s: %v, want %q", c.name, err, c.want)
		}
		if sums, _ := dst.db.Summaries(); len(sums) != 0 {
			t.Errorf("%s: %d records stored", c.name, len(sums))
		}
	}
	id := v.Record.ID
	perRecord := []struct {
		name string
		fn   func(*ArchivedRecord)
		want string
	}{
		{"no changes", func(r *ArchivedRecord) { r.Changes = nil }, "no changes"},
		{"a change of another record", func(r *ArchivedRecord) { r.Changes[0].Record = "01JD0000000000000000000000" }, "belongs to record"},
		{"a change whose id is not its stamp", func(r *ArchivedRecord) { r.Changes[0].HLC.Wall++ }, "change"},
		{"a value that fails validation", func(r *ArchivedRecord) {
			c := r.Changes[0]
			c.ID = readiness.NewChangeID(readiness.Stamp{Wall: c.HLC.Wall + 1}, c.Replica)
			c.HLC = readiness.Stamp{Wall: c.HLC.Wall + 1}
			c.Path, c.Value = "title", json.RawMessage(`"`+strings.Repeat("x", 500)+`"`)
			r.Changes = append(r.Changes, c)
		}, "Release title must be at most"},
		{"edits without their record", func(r *ArchivedRecord) { r.Changes = r.Changes[1:] }, "creating change is missing"},
		{"a value over the limit", func(r *ArchivedRecord) {
			r.Changes[1].Value = json.RawMessage(`"` + strings.Repeat("x", readiness.MaxChangeValue) + `"`)
		}, "value of"},
	}
	other := readiness.RecordID("01JD0000000000000000000001")
	for _, c := range perRecord {
		b := edit(func(a *Archive) {
			// A second record, a copy of the first under another id, then spoiled.
			bad := ArchivedRecord{ID: other, Title: "Copy", Changes: append([]readiness.Change{}, a.Records[0].Changes...)}
			for i := range bad.Changes {
				bad.Changes[i].Record = other
			}
			c.fn(&bad)
			a.Records = append(a.Records, bad)
		})
		_, dst := newTestApp(t, today)
		rep, err := dst.ImportArchive(b)
		if err != nil {
			t.Errorf("%s: the whole import failed: %v", c.name, err)
			continue
		}
		last := rep.Records[len(rep.Records)-1]
		if changeID, _, ok := strings.Cut(strings.TrimPrefix(last.Reason, "change "), ":"); ok && strings.Count(last.Reason, changeID) != 1 {
			t.Errorf("%s: the reason names the change more than once: %s", c.name, last.Reason)
		}
		if last.Outcome != "refused" || !strings.Contains(last.Reason, c.want) {
			t.Errorf("%s: %+v, want refused with %q", c.name, last, c.want)
		}
		if rep.Records[0].Outcome != "added" || rep.Records[0].ID != string(id) {
			t.Errorf("%s: the good record was not imported: %+v", c.name, rep.Records[0])
		}
	}
	// A file that is not a regular file, or is missing.
	_, dst := newTestApp(t, today)
	if _, err := dst.ImportArchiveFile(t.TempDir()); !errors.Is(err, ErrInput) {
		t.Errorf("a folder: %v", err)
	}
	if _, err := dst.ImportArchiveFile(filepath.Join(t.TempDir(), "missing.json")); !errors.Is(err, ErrInput) {
		t.Errorf("a missing file: %v", err)
	}
	p := filepath.Join(t.TempDir(), "a.json")
	os.WriteFile(p, good, 0o600)
	if rep, err := dst.ImportArchiveFile(p); err != nil || rep.Added == 0 {
		t.Errorf("a good file: %+v %v", rep, err)
	}
}

// TestArchiveMatchesItsSchema validates an export of the example records
// against docs/archive.schema.json with a maintained JSON Schema validator,
// and checks that the schema refuses what Import refuses.
func TestArchiveMatchesItsSchema(t *testing.T) {
	_, src := newTestApp(t, today)
	if _, err := LoadDemo(src); err != nil {
		t.Fatal(err)
	}
	b, err := src.ExportArchive(nil)
	if err != nil {
		t.Fatal(err)
	}
	c := jsonschema.NewCompiler()
	sch, err := c.Compile(filepath.Join("..", "docs", "archive.schema.json"))
	if err != nil {
		t.Fatal(err)
	}
	doc, err := jsonschema.UnmarshalJSON(bytes.NewReader(b))
	if err != nil {
		t.Fatal(err)
	}
	if err := sch.Validate(doc); err != nil {
		t.Fatalf("the export does not match its schema: %v", err)
	}
	for _, bad := range []string{
		`{"format":"readyroom-archive/2","records":[],"templates":[]}`,
		`{"format":"readyroom-archive/1","records":[{"id":"nope","changes":[]}],"templates":[]}`,
		`{"format":"readyroom-archive/1","records":[],"templates":[],"extra":1}`,
	} {
		doc, _ := jsonschema.UnmarshalJSON(strings.NewReader(bad))
		if sch.Validate(doc) == nil {
			t.Errorf("the schema accepts %s", bad)
		}
	}
}

// openShell answers open dialogs with one path (and save dialogs too).
type openShell struct{ saveShell }

func (s *openShell) OpenFile(_ context.Context, d SaveDialog) (string, error) {
	s.dialogs = append(s.dialogs, d)
	return s.path, nil
}

// TestWindowExportsAndImportsArchives: the window's buttons save an
// archive through the save dialog and import one through the open dialog,
// with the report in words; a cancelled dialog does nothing.
func TestWindowExportsAndImportsArchives(t *testing.T) {
	a, _ := newTestApp(t, today)
	if _, err := a.LoadExamples(); err != nil {
		t.Fatal(err)
	}
	sh := &openShell{}
	a.App.core.shell, a.App.core.ctx = sh, context.Background()
	sh.path = filepath.Join(t.TempDir(), "all.json")
	if got, err := a.ExportArchive(""); err != nil || got != sh.path {
		t.Fatalf("export: %q %v", got, err)
	}
	b, _ := a.ExportService.ImportArchive()
	if b.Report.Had == 0 || b.Report.Added != 0 || !strings.Contains(b.Words, "already here") {
		t.Fatalf("re-import into the same database: %+v", b)
	}
	other, _ := newTestApp(t, today)
	other.App.core.shell, other.App.core.ctx = sh, context.Background()
	res, err := other.ExportService.ImportArchive()
	if err != nil || res.Path != sh.path || res.Report.Added == 0 || res.Report.Refused != 0 {
		t.Fatalf("import into another: %+v %v", res, err)
	}
	sh.path = ""
	if res, err := other.ExportService.ImportArchive(); err != nil || res.Path != "" {
		t.Fatalf("a cancelled dialog: %+v %v", res, err)
	}
}
