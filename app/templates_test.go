package app

import (
	"errors"
	"slices"
	"strconv"
	"strings"
	"testing"

	"readyroom/readiness"
)

// TestTemplateLibraryFromDraftToUpgrade is the window's path through the
// template service: derive a draft from Gold, see what publishing would
// refuse field by field, fix it, publish, make a record on it, answer
// it, publish v2 changing and removing items, preview and upgrade the
// record, undo the upgrade.
func TestTemplateLibraryFromDraftToUpgrade(t *testing.T) {
	a, recs := newTestApp(t, today)
	ts := &TemplateService{a.App.core}
	if _, err := ts.NewTemplateDraft(NewDraftInput{ID: "Gold", Name: ""}); !hasFields(err, "id", "name") {
		t.Fatalf("a bad new draft: %v", err)
	}
	if _, err := ts.NewTemplateDraft(NewDraftInput{ID: "gold", Name: "Gold"}); !hasFields(err, "id") {
		t.Fatalf("a shipped id: %v", err)
	}
	if _, err := ts.EditTemplate("gold"); err == nil {
		t.Fatal("a shipped template was opened for editing")
	}
	dv, err := ts.NewTemplateDraft(NewDraftInput{ID: "payments-gold", Name: "Payments Gold", From: "gold"})
	if err != nil {
		t.Fatal(err)
	}
	if len(dv.Problems) != 0 || dv.Next != 1 || dv.Draft.Origin == nil || dv.Draft.Origin.Kind != readiness.OriginDerived {
		t.Fatalf("derived draft: problems %v next %d origin %+v", dv.Problems, dv.Next, dv.Draft.Origin)
	}
	if _, err := ts.NewTemplateDraft(NewDraftInput{ID: "payments-gold", Name: "Again"}); !hasFields(err, "id") {
		t.Fatalf("a second draft with the id: %v", err)
	}
	d := dv.Draft
	ci := slices.IndexFunc(d.Sections, func(s readiness.SectionDef) bool { return s.Kind == readiness.KindChecklist })
	d.Sections[ci].Items = append(d.Sections[ci].Items, readiness.ItemDef{ID: "COM-01", Text: ""}) // a duplicate id, no text
	dv, err = ts.SaveTemplateDraft(d)
	if err != nil {
		t.Fatal(err)
	}
	n := len(d.Sections[ci].Items) - 1
	want := []string{
		"sections[" + itoa(ci) + "].items[" + itoa(n) + "].id",
		"sections[" + itoa(ci) + "].items[" + itoa(n) + "].text",
	}
	for _, f := range want {
		if !slices.ContainsFunc(dv.Problems, func(p readiness.FieldError) bool { return p.Field == f }) {
			t.Fatalf("problems %v lack %s", dv.Problems, f)
		}
	}
	if _, err := ts.PublishTemplate("payments-gold"); err == nil {
		t.Fatal("a draft with problems was published")
	}
	d.Sections[ci].Items[n] = readiness.ItemDef{ID: "PAY-01", Text: "Card schemes told of the release", NAAllowed: true}
	removed := d.Sections[ci].Items[1].ID
	if dv, err = ts.SaveTemplateDraft(d); err != nil || len(dv.Problems) != 0 {
		t.Fatalf("fixed draft: %v %v", dv.Problems, err)
	}
	preview, err := ts.PreviewTemplateDraft("payments-gold")
	if err != nil || preview.Item("PAY-01") == nil {
		t.Fatalf("preview: %v", err)
	}
	v1, err := ts.PublishTemplate("payments-gold")
	if err != nil || v1.Template.Version != 1 || v1.Digest == "" {
		t.Fatalf("publish: %+v %v", v1, err)
	}
	infos, err := a.Templates()
	if err != nil || !slices.ContainsFunc(infos, func(i TemplateInfo) bool { return i.ID == "payments-gold" && !i.Shipped }) {
		t.Fatalf("new-record templates: %+v %v", infos, err)
	}

	rv, err := a.CreateRecord(readiness.NewRecord{Service: "Payments", Title: "Tokenisation v3", Squad: "Falcon", SDM: "Priya",
		MaintenanceTeam: "Run", GoLive: "2026-12-01", Template: "payments-gold", Answers: readiness.Answers{SensitiveData: true}})
	if err != nil {
		t.Fatal(err)
	}
	id := string(rv.Record.ID)
	done, owner := readiness.Done, "Bea"
	for _, item := range []readiness.ItemID{"COM-01", removed, "PAY-01"} {
		if _, err := recs.SetItem(id, string(item), ItemSet{Status: &done, Owner: &owner}); err != nil {
			t.Fatal(err)
		}
	}

	// v2: COM-01 reworded, the second item removed, one added.
	dv, err = ts.EditTemplate("payments-gold")
	if err != nil || dv.Next != 2 {
		t.Fatalf("edit: %+v %v", dv, err)
	}
	d = dv.Draft
	d.Sections[ci].Items[0].Text = "Release notes published to every stakeholder list"
	d.Sections[ci].Items = slices.Delete(d.Sections[ci].Items, 1, 2)
	d.Sections[ci].Items = append(d.Sections[ci].Items, readiness.ItemDef{ID: "PAY-02", Text: "Chargeback desk briefed"})
	if dv, err = ts.SaveTemplateDraft(d); err != nil || len(dv.Problems) != 0 || dv.Diff == nil || !strings.Contains(dv.Words, "1 changed") {
		t.Fatalf("v2 draft: %+v %v", dv, err)
	}
	if _, err := ts.PublishTemplate("payments-gold"); err != nil {
		t.Fatal(err)
	}
	rv, err = a.GetRecord(id)
	if err != nil || rv.Template.Newest != 2 || rv.Template.Version != 1 || rv.Template.Words == "" {
		t.Fatalf("record's template status: %+v %v", rv.Template, err)
	}
	up, err := ts.PreviewUpgrade(id, 0)
	if err != nil {
		t.Fatal(err)
	}
	if up.Preview.Kept != 2 || len(up.Preview.Retired) != 1 || up.Preview.Retired[0] != removed || up.Preview.Added != 1 {
		t.Fatalf("preview: %+v", up.Preview)
	}
	rv, err = ts.UpgradeRecord(id, 0)
	if err != nil {
		t.Fatal(err)
	}
	if rv.Record.TemplateVersion != 2 || rv.Template.Newest != 2 || rv.Record.Item("COM-01").Status != readiness.Done ||
		rv.Record.Section(readiness.RetiredItemsSection) == nil || rv.UndoLabel != "Template version" {
		t.Fatalf("after upgrade: v%d, undo %q", rv.Record.TemplateVersion, rv.UndoLabel)
	}
	lib, err := ts.TemplateLibrary()
	if err != nil {
		t.Fatal(err)
	}
	e := lib[slices.IndexFunc(lib, func(e TemplateEntry) bool { return e.ID == "payments-gold" })]
	if len(e.Versions) != 2 || e.Versions[1].Records != 1 || e.Versions[0].Records != 0 || e.Records != 1 || e.Draft != nil {
		t.Fatalf("library entry: %+v", e)
	}
	if rv, err = a.Undo(id); err != nil || rv.Record.TemplateVersion != 1 || rv.Record.Item(removed).Status != readiness.Done {
		t.Fatalf("undo of the upgrade: %v", err)
	}
}

func hasFields(err error, fields ...string) bool {
	var ve *readiness.ValidationError
	if !errors.As(err, &ve) {
		return false
	}
	for _, f := range fields {
		if !slices.ContainsFunc(ve.Fields, func(fe readiness.FieldError) bool { return fe.Field == f }) {
			return false
		}
	}
	return true
}

func itoa(i int) string { return strconv.Itoa(i) }
