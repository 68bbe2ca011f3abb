package app

import (
	"bytes"
	"errors"
	"fmt"
	"os/exec"
	"reflect"
	"strings"
	"testing"
	"time"

	"readyroom/readiness"
)

// My work lists a person's items (due or not), actions and, as SDM, planned
// ceremonies, across records, soonest first, under any spelling of the name.
func TestMyWorkAcrossRecords(t *testing.T) {
	a, recs := newTestApp(t, today) // 2026-11-22
	mk := func(title, sdm string) (string, []readiness.ItemID) {
		v, err := a.CreateRecord(readiness.NewRecord{Service: "Payments", Title: title, Squad: "Falcon", SDM: sdm,
			MaintenanceTeam: "Run", GoLive: "2026-12-20", Tier: readiness.Silver})
		if err != nil {
			t.Fatal(err)
		}
		var items []readiness.ItemID
		for _, s := range v.Record.Sections {
			for _, it := range s.Items {
				items = append(items, it.ID)
			}
		}
		return string(v.Record.ID), items
	}
	must := func(_ RecordView, err error) {
		t.Helper()
		if err != nil {
			t.Fatal(err)
		}
	}
	ra, ia := mk("Release A", "Priya Raman")
	rb, ib := mk("Release B", "Sam Okafor")
	must(a.SetItemField(ra, string(ia[0]), "owner", "Raman, Priya")) // no due date
	must(a.SetItemField(ra, string(ia[1]), "owner", "priya  raman"))
	must(a.SetItemField(ra, string(ia[1]), "due", "2026-11-20")) // overdue
	must(a.SetItemField(rb, string(ib[0]), "owner", "Sam Okafor"))
	must(a.SetItemField(rb, string(ib[0]), "due", "2026-11-21"))
	must(a.SetItemField(rb, string(ib[2]), "owner", "Priya Raman"))
	must(a.SetItemStatus(rb, string(ib[2]), readiness.Done, "")) // done: nothing to do
	must(a.SaveAction(rb, readiness.Action{Text: "Book the load test", Owner: "Priya Raman", Due: "2026-11-25"}))
	must(a.PlanCeremony(ra, readiness.GoNoGo, "2026-11-24", "with the CAB"))
	must(a.PlanCeremony(rb, readiness.ReadinessReview, "2026-11-23", "")) // Sam's record

	w, err := recs.MyWork("Príya Raman")
	if err != nil {
		t.Fatal(err)
	}
	type row struct {
		kind, record string
		item         readiness.ItemID
		due          readiness.Date
		overdue      bool
	}
	var got []row
	for _, x := range w.Work {
		item := x.ItemID
		if x.Kind == "action" {
			item = "" // a new id
		}
		got = append(got, row{x.Kind, string(x.RecordID), item, x.Due, x.Overdue})
	}
	want := []row{
		{"item", ra, ia[1], "2026-11-20", true},
		{"ceremony", ra, "", "2026-11-24", false},
		{"action", rb, "", "2026-11-25", false},
		{"item", ra, ia[0], "", false},
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("Priya's work\n got %+v\nwant %+v", got, want)
	}
	if w.Work[1].Text != "Go/no-go planned: with the CAB" || w.Work[1].Tab != "ceremonies" || w.Work[2].Tab != "actions" ||
		w.Work[0].Tab == "" || w.Work[0].Section == "" {
		t.Errorf("texts and places: %+v", w.Work)
	}
	if !reflect.DeepEqual(w.Spellings, []string{"Priya Raman", "Raman, Priya", "priya raman"}) {
		t.Errorf("spellings %q", w.Spellings)
	}
	sam, err := recs.MyWork("sam okafor")
	if err != nil || len(sam.Work) != 2 || sam.Work[0].Kind != "item" || sam.Work[1].Kind != "ceremony" {
		t.Errorf("Sam's work: %+v %v", sam.Work, err)
	}
	if _, err := recs.MyWork("  "); !errors.Is(err, ErrInput) {
		t.Errorf("no name: %v", err)
	}
}

// The readiness pack's summary carries its service's track record, the
// figures the service page shows (read back with pdftotext).
func TestReadinessPackCarriesTheServiceTrackRecord(t *testing.T) {
	if _, err := exec.LookPath("pdftotext"); err != nil {
		t.Skip("pdftotext is not installed")
	}
	_, recs := newTestApp(t, time.Now().UTC())
	if err := Seed(recs, 40, 1, nil); err != nil {
		t.Fatal(err)
	}
	page, err := recs.Service("Checkout")
	if err != nil {
		t.Fatal(err)
	}
	pdf, err := recs.RenderBytes(ExportRequest{Kind: "pack", Record: string(page.Releases[0].ID)})
	if err != nil {
		t.Fatal(err)
	}
	cmd := exec.Command("pdftotext", "-raw", "-", "-")
	cmd.Stdin = bytes.NewReader(pdf)
	out, err := cmd.Output()
	if err != nil {
		t.Fatal(err)
	}
	txt := strings.Join(strings.Fields(string(out)), " ")
	f := page.Figures
	for _, want := range []string{"Service track record",
		fmt.Sprintf("%d live, %d in flight", f.Releases, f.InFlight),
		fmt.Sprintf("%d%% (%d of %d releases failed)", f.FailureRate, f.Failed, f.Releases)} {
		if !strings.Contains(txt, want) {
			t.Errorf("the pack lacks %q", want)
		}
	}
}
