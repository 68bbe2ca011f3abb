package templatefmt

import (
	"bytes"
	"encoding/json"
	"strings"
	"testing"

	"readyroom/readiness"
)

var testInput = readiness.NewRecord{Service: "Payments", Title: "Ledger v2", Squad: "Falcon", SDM: "Priya", MaintenanceTeam: "Run team",
	GoLive: "2026-12-01", Answers: readiness.Answers{SensitiveData: true}}

const testRecord readiness.RecordID = "01JD0000000000000000000REC"

func TestExportImportPublished(t *testing.T) {
	v1, canon, err := readiness.Publish(importFixture(t, "lens-v1.json", Options{}).Template, nil, "Priya", publishedAt)
	if err != nil {
		t.Fatal(err)
	}
	file, err := Export(canon)
	if err != nil {
		t.Fatal(err)
	}
	head := "{\n  \"format\": \"readyroom-template/1\",\n  \"digest\": \"" + v1.Digest() + "\",\n  \"template\": {\n    \"id\": \"payments-operational-readiness\",\n"
	if !bytes.HasPrefix(file, []byte(head)) {
		t.Fatalf("export does not start as a person reads it:\n%.300s", file)
	}
	if f, err := Detect("payments.readyroom.json", file); err != nil || f != FormatReadyRoom {
		t.Fatalf("Detect: %s, %v", f, err)
	}
	im, err := Import(file, Options{FileName: "payments.readyroom.json"})
	if err != nil {
		t.Fatal(err)
	}
	if !im.Published() || im.Template.Ref() != v1.Ref() || !bytes.Equal(im.Canonical, canon) {
		t.Fatalf("imported %v (published %v), want %v with the same canonical text", im.Template.Ref(), im.Published(), v1.Ref())
	}
	if !strings.Contains(im.Report.Source, "v1 of the Ready Room template \"Payments Operational Readiness\", published by Priya on 2 November 2026") {
		t.Errorf("report: %s", im.Report.String())
	}
	// A record made on the version where it was published opens where the
	// file was imported.
	rs := newRecords(t, (*readiness.Catalog)(nil).With(v1))
	in := testInput
	in.Template = v1.ID
	rs.add(rs.maker.Create(testRecord, in, rs.cat))
	rs.edit(readiness.ItemPath("rel_rollback", "status"), readiness.StatusValue{Status: readiness.Done})
	there, err := readiness.Fold(rs.changes, (*readiness.Catalog)(nil).With(im.Template))
	if err != nil {
		t.Fatalf("the record does not open with the imported version: %v", err)
	}
	if it := there.Record.Item("rel_rollback"); it == nil || it.Status != readiness.Done {
		t.Fatalf("record on the imported version: %+v", it)
	}
	// Importing it again beside the version held says so.
	again, err := Import(file, Options{Previous: []*readiness.Template{&v1}})
	if err != nil || !strings.Contains(again.Report.String(), "You already have this version") {
		t.Fatalf("again: %v\n%s", err, again.Report.String())
	}
	// The canonical text alone (as the store holds it) is a bare template.
	bare, err := Import(canon, Options{FileName: "v1.json"})
	if err != nil || bare.Template.Digest() != v1.Digest() || !strings.Contains(bare.Report.String(), "names no digest") {
		t.Fatalf("bare canonical text: %v, %s", err, bare.Report.String())
	}
	// Under another id a published version becomes a draft of it.
	other, err := Import(file, Options{ID: "card-readiness"})
	if err != nil || other.Published() || other.Template.ID != "card-readiness" || other.Template.Origin.Kind != readiness.OriginDerived ||
		!strings.Contains(other.Report.String(), "imported as a draft of card-readiness") {
		t.Fatalf("--as card-readiness: %v, %+v\n%s", err, other.Template.Origin, other.Report.String())
	}
}

func TestExportImportDraft(t *testing.T) {
	v1 := publish(t, importFixture(t, "lens-v1.json", Options{}).Template, nil, publishedAt)
	d := readiness.NextDraft(&v1)
	d.Sections[0].Items[0].Text = "How do you roll back, and how long does it take?"
	text, err := json.Marshal(&d)
	if err != nil {
		t.Fatal(err)
	}
	file, err := Export(text)
	if err != nil {
		t.Fatal(err)
	}
	if bytes.Contains(file, []byte(`"digest"`)) {
		t.Fatal("a draft was exported with a digest")
	}
	im, err := Import(file, Options{FileName: "draft.json", Previous: []*readiness.Template{&v1}})
	if err != nil {
		t.Fatal(err)
	}
	back, _ := json.Marshal(&im.Template)
	if im.Published() || !bytes.Equal(back, text) {
		t.Fatalf("draft round trip:\n%s\n%s", back, text)
	}
	if !strings.Contains(im.Report.String(), "compared with v1, 1 changed") {
		t.Errorf("report: %s", im.Report.String())
	}
}

// The shipped templates export, and import as drafts of a template of the
// organisation's own.
func TestExportShipped(t *testing.T) {
	for _, shipped := range readiness.Templates() {
		text, _ := json.Marshal(&shipped)
		file, err := Export(text)
		if err != nil {
			t.Fatalf("%s: %v", shipped.ID, err)
		}
		_, err = Import(file, Options{})
		mustFail(t, err, ErrNeedsID, "import it under an id of your own (--as NAME)")
		im, err := Import(file, Options{ID: "our-" + shipped.ID})
		if err != nil {
			t.Fatalf("%s as our-%s: %v", shipped.ID, shipped.ID, err)
		}
		if im.Template.ID != "our-"+shipped.ID || im.Template.Origin == nil || im.Template.Origin.From != shipped.Name+" v1" ||
			im.Template.ItemCount() != shipped.ItemCount() || im.Template.Version != 0 {
			t.Fatalf("%s: %s origin %+v, %d items", shipped.ID, im.Template.ID, im.Template.Origin, im.Template.ItemCount())
		}
		publish(t, im.Template, nil, publishedAt)
	}
}
