package templatefmt

import (
	"strings"
	"testing"
	"time"

	"readyroom/readiness"
)

// TestLensVersionsUpgradeKeepingAnswers is the whole path of issue 14's
// import: a lens imported and published as v1, a record made on it and
// answered, the lens's next version imported as the next draft and
// published as v2, and the record upgraded: every answer kept, the
// removed question's answer in Retired items, the new question not
// started.
func TestLensVersionsUpgradeKeepingAnswers(t *testing.T) {
	v1 := publish(t, importFixture(t, "lens-v1.json", Options{}).Template, nil, publishedAt)
	rs := newRecords(t, (*readiness.Catalog)(nil).With(v1))
	in := testInput
	in.Template = v1.ID
	rs.add(rs.maker.Create(testRecord, in, rs.cat))

	type answer struct {
		status readiness.Status
		reason string
		owner  string
		notes  string
	}
	answers := map[readiness.ItemID]answer{
		"rel_rollback":   {status: readiness.Done, owner: "Bea", notes: "Rehearsed on 12 Nov, 9 minutes."},
		"rel_change":     {status: readiness.InProgress, owner: "Carl", notes: "CHG-4411 raised."},
		"rel_comms":      {status: readiness.Blocked, reason: "Support lead on leave until Monday", owner: "Dee"}, // removed in v2
		"obs_alerts":     {status: readiness.InProgress, owner: "Eve", notes: "Two failure modes left."},          // reworded in v2
		"obs_slo":        {status: readiness.NA, reason: "Batch service: the platform SLO covers it"},
		"obs_logs":       {status: readiness.Done, notes: "Correlation id since 1.4."},
		"obs_dashboards": {owner: "Fay"},
	}
	for id, a := range answers {
		if a.status != "" {
			rs.edit(readiness.ItemPath(id, "status"), readiness.StatusValue{Status: a.status, Reason: a.reason})
		}
		if a.owner != "" {
			rs.edit(readiness.ItemPath(id, "owner"), a.owner)
		}
		if a.notes != "" {
			rs.edit(readiness.ItemPath(id, "notes"), a.notes)
		}
	}

	// The lens's next version, imported beside the version held, is the
	// next draft of the same template.
	held := rs.cat.Versions(v1.ID)
	next := importFixture(t, "lens-v2.json", Options{Previous: held})
	d := next.Template
	if d.ID != v1.ID || d.Version != 0 || d.Origin == nil || d.Origin.Kind != readiness.OriginImported || !strings.Contains(d.Origin.Note, "version 2.0") {
		t.Fatalf("next draft: %s v%d origin %+v", d.ID, d.Version, d.Origin)
	}
	if w := "compared with v1, 1 item added, 1 removed, 1 changed. Publishing it makes v2"; !strings.Contains(next.Report.String(), w) {
		t.Errorf("report does not say %q:\n%s", w, next.Report.String())
	}
	v2 := publish(t, d, held, publishedAt.Add(24*time.Hour))
	if v2.Version != 2 {
		t.Fatalf("published v%d", v2.Version)
	}
	rs.cat = rs.cat.With(v2)

	doc := rs.doc()
	up, err := rs.maker.Upgrade(&doc, &v2)
	if err != nil {
		t.Fatal(err)
	}
	preview, err := readiness.PreviewUpgrade(&doc, up, rs.cat, time.UnixMilli(1_800_000_000_000))
	if err != nil {
		t.Fatal(err)
	}
	if preview.Kept != 6 || len(preview.Retired) != 1 || preview.Retired[0] != "rel_comms" || preview.Added != 1 {
		t.Fatalf("preview: kept %d, retired %v, added %d", preview.Kept, preview.Retired, preview.Added)
	}
	rs.add(up, nil)
	doc = rs.doc()
	r := &doc.Record
	if r.TemplateRef() != v2.Ref() {
		t.Fatalf("record follows %v, want %v", r.TemplateRef(), v2.Ref())
	}
	retired := r.Section(readiness.RetiredItemsSection)
	for id, a := range answers {
		it := r.Item(id)
		if it == nil {
			t.Errorf("%s: lost", id)
			continue
		}
		want := a.status
		if want == "" {
			want = readiness.NotStarted
		}
		if it.Status != want || it.Reason != a.reason || it.Owner != a.owner || it.Notes != a.notes {
			t.Errorf("%s after the upgrade: %s %q owner %q notes %q; want %s %q owner %q notes %q", id, it.Status, it.Reason, it.Owner, it.Notes, want, a.reason, a.owner, a.notes)
		}
		inRetired := retired != nil && retired.Items != nil && containsItem(retired.Items, id)
		if inRetired != (id == "rel_comms") {
			t.Errorf("%s in Retired items: %v", id, inRetired)
		}
	}
	if it := r.Item("obs_alerts"); it.Text != "How do you know the service is failing before customers do?" {
		t.Errorf("the reworded question reads %q", it.Text)
	}
	if it := r.Item("obs_tracing"); it == nil || it.Status != readiness.NotStarted || it.Owner != "" {
		t.Errorf("the new question: %+v", it)
	}
}

func containsItem(items []readiness.Item, id readiness.ItemID) bool {
	for _, it := range items {
		if it.ID == id {
			return true
		}
	}
	return false
}
