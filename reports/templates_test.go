package reports_test

import (
	"bytes"
	"encoding/json"
	"slices"
	"strings"
	"testing"
	"time"

	"readyroom/readiness"
	"readyroom/reports"
)

// upgradedRecord is a record on a template of the organisation's own,
// with a tier of its own, upgraded to a version that removed an answered
// item.
func upgradedRecord(t *testing.T) readiness.Record {
	t.Helper()
	gold, _ := readiness.TemplateByID("gold")
	d := readiness.DeriveDraft(&gold, "critical", "Critical services")
	d.Tier = "platinum"
	v1, _, err := readiness.Publish(d, nil, "Priya", now)
	if err != nil {
		t.Fatal(err)
	}
	next := readiness.NextDraft(&v1)
	i := slices.IndexFunc(next.Sections, func(s readiness.SectionDef) bool { return s.Kind == readiness.KindChecklist })
	removed := next.Sections[i].Items[0]
	next.Sections[i].Items = next.Sections[i].Items[1:]
	v2, _, err := readiness.Publish(next, []*readiness.Template{&v1}, "Priya", now.Add(time.Hour))
	if err != nil {
		t.Fatal(err)
	}
	cat := (*readiness.Catalog)(nil).With(v1, v2)
	ms := now.UnixMilli()
	m := &readiness.Maker{Clock: readiness.NewClock(func() time.Time { ms++; return time.UnixMilli(ms) }), Replica: "00000000000000a1", Author: "Ana"}
	c, err := m.Create("01JD0000000000000000000000", readiness.NewRecord{Service: "Payments", Title: "Tokenisation v3", Squad: "Falcon",
		SDM: "Priya", MaintenanceTeam: "Run", GoLive: "2026-12-01", Template: "critical"}, (*readiness.Catalog)(nil).With(v1))
	if err != nil {
		t.Fatal(err)
	}
	log := []readiness.Change{c}
	doc, err := readiness.Fold(log, cat)
	if err != nil {
		t.Fatal(err)
	}
	e, err := m.Edit(&doc, readiness.ItemPath(removed.ID, "status"), readiness.StatusValue{Status: readiness.Blocked, Reason: "Supplier contract unsigned"})
	if err != nil {
		t.Fatal(err)
	}
	log = append(log, e)
	doc, _ = readiness.Fold(log, cat)
	up, err := m.Upgrade(&doc, &v2)
	if err != nil {
		t.Fatal(err)
	}
	doc, err = readiness.Fold(append(log, up), cat)
	if err != nil {
		t.Fatal(err)
	}
	if doc.Record.Section(readiness.RetiredItemsSection) == nil {
		b, _ := json.Marshal(doc.Record.Sections[len(doc.Record.Sections)-1])
		t.Fatalf("no retired section: %s", b)
	}
	return doc.Record
}

func TestPacksShowRetiredItemsAndTiersOfTheirOwn(t *testing.T) {
	r := upgradedRecord(t)
	pdf := render(t, func(b *bytes.Buffer) error { return reports.ReadinessPack(b, &r, nil, reports.PackOptions{Now: now}) })
	txt := pdfText(t, pdf)
	inOrder(t, txt, "Platinum tier", "Retired items", "no longer has", "Blocked", "Supplier contract unsigned")
	var md bytes.Buffer
	if err := reports.Markdown(&md, &r, now); err != nil {
		t.Fatal(err)
	}
	out := md.String()
	if !strings.Contains(out, "Platinum") || !strings.Contains(out, "## Retired items") || !strings.Contains(out, "Supplier contract unsigned") {
		t.Fatalf("markdown:\n%s", out)
	}
}
