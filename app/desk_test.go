package app

import (
	"encoding/json"
	"errors"
	"strings"
	"testing"
	"time"

	"readyroom/readiness"
)

// The seeded histories show in the desk's figures: each service adds up to
// the portfolio, Identity's clean run earns Silver and a standard change,
// and the figures agree with the records themselves.
func TestDeskFiguresOfASeededHistory(t *testing.T) {
	now := time.Now().UTC()
	_, recs := newTestApp(t, now)
	if err := Seed(recs, 80, 1, nil); err != nil {
		t.Fatal(err)
	}
	svcs, err := recs.Services()
	if err != nil {
		t.Fatal(err)
	}
	if len(svcs) != len(seedProfiles)+1 || svcs[len(svcs)-1].Service != "" {
		t.Fatalf("%d service lines, want %d and the whole portfolio last", len(svcs), len(seedProfiles)+1)
	}
	var releases, failed, inFlight int
	for _, s := range svcs[:len(svcs)-1] {
		releases, failed, inFlight = releases+s.Figures.Releases, failed+s.Figures.Failed, inFlight+s.Figures.InFlight
	}
	all := svcs[len(svcs)-1].Figures
	if all.Releases != releases || all.Failed != failed || all.InFlight != inFlight || releases+inFlight != 80 {
		t.Errorf("services add up to %d/%d/%d, portfolio says %d/%d/%d", releases, failed, inFlight, all.Releases, all.Failed, all.InFlight)
	}
	if all.Releases == 0 || all.Failed == 0 || all.Restores == 0 || all.HypercareExited == 0 || all.GoCount == 0 {
		t.Errorf("a seeded year shows nothing of some figure: %+v", all)
	}

	id, err := recs.Service("identity") // any spelling of the service
	if err != nil {
		t.Fatal(err)
	}
	if id.Service != "Identity" || id.Figures.Failed != 0 || id.Advice.Tier != readiness.Silver || !id.Advice.StandardChange ||
		!strings.Contains(id.Advice.Reason, "went live with no P1/P2 in hypercare and no rollback") {
		t.Errorf("Identity: %+v %+v", id.Figures, id.Advice)
	}
	// Every failure the page lists is one the record itself shows.
	co, err := recs.Service("Checkout")
	if err != nil {
		t.Fatal(err)
	}
	seen := 0
	for _, rel := range co.Releases {
		v, err := recs.Get(string(rel.ID))
		if err != nil {
			t.Fatal(err)
		}
		want := readiness.DeliveryOf(&v.Record)
		if len(want.Failures) != len(rel.Delivery.Failures) || want.WentLive != rel.Delivery.WentLive {
			t.Errorf("%s: page says %+v, record %+v", rel.ID, rel.Delivery, want)
		}
		seen += len(rel.Failures)
	}
	if seen == 0 {
		t.Error("Checkout's seeded releases never fail")
	}
	if _, err := recs.Service("Nowhere"); !errors.Is(err, readiness.ErrNotFound) {
		t.Errorf("an unknown service: %v", err)
	}
	if adv, err := recs.Advice("Nowhere"); err != nil || adv.Reason != "" {
		t.Errorf("advice for a service with no history: %+v %v", adv, err)
	}

	people, err := recs.People()
	if err != nil {
		t.Fatal(err)
	}
	var priya *readiness.PersonEntry
	for i := range people {
		if people[i].Name == "Priya Raman" {
			priya = &people[i]
		}
		if people[i].Key == "" || people[i].Records == 0 {
			t.Errorf("person %+v", people[i])
		}
	}
	if priya == nil || len(priya.Spellings) != 3 || priya.Records != 80 {
		t.Fatalf("Priya's spellings are not merged: %+v", priya)
	}
}

func TestFreezesAndCollisions(t *testing.T) {
	_, recs := newTestApp(t, today)
	for _, in := range []readiness.NewRecord{
		{Service: "Payments", Title: "A", Squad: "Falcon", GoLive: "2026-12-23", Tier: readiness.Silver, SDM: "Priya", MaintenanceTeam: "Run"},
		{Service: "payments", Title: "B", Squad: "Otter", GoLive: "2026-12-23", Tier: readiness.Silver, SDM: "Priya", MaintenanceTeam: "Run"},
		{Service: "Search", Title: "C", Squad: "Heron", GoLive: "2027-02-01", Tier: readiness.Silver, SDM: "Priya", MaintenanceTeam: "Run"},
	} {
		if _, err := recs.Create(in); err != nil {
			t.Fatal(err)
		}
	}
	var ve *readiness.ValidationError
	if _, err := recs.SetFreezes([]readiness.Freeze{{Name: "Year end", From: "2026-12-31", To: "2026-12-20"}, {Name: "", From: "x"}}); !errors.As(err, &ve) ||
		len(ve.Fields) < 3 || ve.Fields[0].Field != "freezes.0.to" {
		t.Fatalf("bad freezes: %v", err)
	}
	if fs, _ := recs.Freezes(); len(fs) != 0 {
		t.Fatalf("a refused setting was stored: %v", fs)
	}
	if _, err := recs.SetFreezes([]readiness.Freeze{{Name: " Year end ", From: "2026-12-20", To: "2027-01-02"}}); err != nil {
		t.Fatal(err)
	}
	if fs, _ := recs.Freezes(); len(fs) != 1 || fs[0].Name != "Year end" {
		t.Fatalf("freezes read back %v", fs)
	}
	cs, err := recs.Collisions()
	if err != nil {
		t.Fatal(err)
	}
	kinds := map[string]int{}
	for _, c := range cs {
		kinds[string(c.Kind)]++
	}
	// A and B: same service, same day (2 entries), overlapping hypercare (2),
	// each in the freeze (2); C collides with nothing.
	if kinds["go-live"] != 2 || kinds["hypercare"] != 2 || kinds["freeze"] != 2 || len(cs) != 6 {
		t.Errorf("collisions %v", cs)
	}
}

func TestServicesCommand(t *testing.T) {
	data := t.TempDir()
	if code, out, errs := runCLI(t, "services", "--json", "--data", data); code != 0 || strings.TrimSpace(out) != "[]" {
		t.Fatalf("no data yet: %d %q %s", code, out, errs)
	}
	if code, _, errs := runCLI(t, "seed", "--records", "40", "--data", data); code != 0 {
		t.Fatal(errs)
	}
	code, out, errs := runCLI(t, "services", "--json", "--data", data)
	var svcs []ServiceFigures
	if code != 0 || json.Unmarshal([]byte(out), &svcs) != nil || len(svcs) != len(seedProfiles)+1 {
		t.Fatalf("services --json: %d %s %.200s", code, errs, out)
	}
	code, out, _ = runCLI(t, "services", "--data", data)
	if code != 0 || !strings.Contains(out, "All services: ") || !strings.Contains(out, "change failure rate") {
		t.Errorf("services: %s", out)
	}
	code, out, _ = runCLI(t, "services", "Identity", "--data", data)
	if code != 0 || !strings.Contains(out, "Identity: ") || !strings.Contains(out, "Release ") {
		t.Errorf("services Identity: %s", out)
	}
	if code, _, errs := runCLI(t, "services", "Nowhere", "--data", data); code != 1 || !strings.Contains(errs, `service "Nowhere": not found`) {
		t.Errorf("unknown service: %d %s", code, errs)
	}
	if code, _, errs := runCLI(t, "services", "a", "b", "--data", data); code != 2 || !strings.Contains(errs, "at most one") {
		t.Errorf("two names: %d %s", code, errs)
	}
	code, out, _ = runCLI(t, "people", "--data", data)
	if code != 0 || !strings.Contains(out, "Priya Raman") || !strings.Contains(out, "also spelt") {
		t.Errorf("people: %s", out)
	}
}

// An acknowledgement records who recorded it; one in someone else's name
// says so in the view, the Markdown page and the pack.
func TestAcknowledgementSaysWhoRecordedIt(t *testing.T) {
	a, recs := newTestApp(t, today)
	if err := recs.SetAuthor("Sam Okafor"); err != nil {
		t.Fatal(err)
	}
	v, err := recs.Create(readiness.NewRecord{Service: "Payments", Title: "A", Squad: "Falcon", SDM: "Priya", MaintenanceTeam: "Run", GoLive: "2026-12-23", Tier: readiness.Silver})
	if err != nil {
		t.Fatal(err)
	}
	id := string(v.Record.ID)
	if _, err := a.Acknowledge(id, readiness.Person{Name: "sam okafor"}, "", ""); err != nil {
		t.Fatal(err)
	}
	v, err = a.Acknowledge(id, readiness.Person{Name: "Dana Fox", Role: "Support lead"}, "", "")
	if err != nil {
		t.Fatal(err)
	}
	if len(v.Record.Acks) != 2 || v.Record.Acks[1].Origin.By != "Sam Okafor" {
		t.Fatalf("acks %+v", v.Record.Acks)
	}
	if len(v.AckOrigins) != 1 || !v.AckOrigins[0].OnBehalf || v.AckOrigins[0].ID != v.Record.Acks[1].ID ||
		v.AckOrigins[0].Words != "recorded by Sam Okafor on behalf of Dana Fox" {
		t.Errorf("origins %+v", v.AckOrigins)
	}
	md, err := recs.RenderBytes(ExportRequest{Kind: "markdown", Record: id})
	if err != nil || !strings.Contains(string(md), "recorded by Sam Okafor on behalf of Dana Fox") {
		t.Errorf("markdown: %v %s", err, md)
	}
}

// An acknowledgement made on a device with its network names that device,
// and the record carries it to a teammate: their window says which device
// it came from.
func TestAcknowledgementNamesItsDeviceOnATeammatesRecord(t *testing.T) {
	a, recs := newTestApp(t, today)
	n, err := NewNetwork(recs, recs.db.Dir(), nil)
	if err != nil {
		t.Fatal(err)
	}
	defer n.Close()
	AttachNetwork(a.App, n)
	st, err := n.Status()
	if err != nil || st.Device == "" {
		t.Fatalf("status %+v %v", st, err)
	}
	v, err := recs.Create(readiness.NewRecord{Service: "Payments", Title: "A", Squad: "Falcon", SDM: "Priya", MaintenanceTeam: "Run", GoLive: "2026-12-23", Tier: readiness.Silver})
	if err != nil {
		t.Fatal(err)
	}
	id := string(v.Record.ID)
	v, err = a.Acknowledge(id, readiness.Person{Name: recs.Author()}, "", "")
	if err != nil {
		t.Fatal(err)
	}
	if o := v.Record.Acks[0].Origin; o.Device != st.Device || o.DeviceName != st.Name {
		t.Fatalf("origin %+v, device %s %s", o, st.Device, st.Name)
	}
	archive, err := recs.ExportArchive([]string{id})
	if err != nil {
		t.Fatal(err)
	}
	_, other := newTestApp(t, today)
	if _, err := other.ImportArchive(archive); err != nil {
		t.Fatal(err)
	}
	there, err := other.Get(id)
	if err != nil {
		t.Fatal(err)
	}
	if len(there.AckOrigins) != 1 || !strings.Contains(there.AckOrigins[0].Words, "acknowledged on "+st.Name) || there.AckOrigins[0].OnBehalf {
		t.Errorf("the teammate's view: %+v", there.AckOrigins)
	}
}

// A service with a clean run is offered the organisation's standard-change
// template, once one is designated; one with a recent failure is not.
func TestStandardChangeIsSuggestedWithItsEvidence(t *testing.T) {
	a, recs := newTestApp(t, time.Now().UTC())
	if err := Seed(recs, 80, 1, nil); err != nil {
		t.Fatal(err)
	}
	ts := &TemplateService{a.App.core}
	if rec, err := a.RecommendTier(readiness.Answers{}, "Identity"); err != nil || rec.Tier != readiness.Silver || rec.History == "" || rec.StandardTemplate != "" {
		t.Fatalf("no template designated: %+v %v", rec, err)
	}
	if err := ts.SetStandardChange("gold"); err == nil {
		t.Error("Gold designated as the standard-change path")
	}
	if err := ts.SetStandardChange("nowhere"); !errors.Is(err, readiness.ErrNotFound) {
		t.Errorf("an unknown template: %v", err)
	}
	if _, err := ts.NewTemplateDraft(NewDraftInput{ID: "standard-change", Name: "Standard change", From: "silver"}); err != nil {
		t.Fatal(err)
	}
	if _, err := ts.PublishTemplate("standard-change"); err != nil {
		t.Fatal(err)
	}
	if err := ts.SetStandardChange("standard-change"); err != nil {
		t.Fatal(err)
	}
	rec, err := a.RecommendTier(readiness.Answers{}, "identity")
	if err != nil || rec.StandardTemplate != "standard-change" || rec.StandardTemplateName != "Standard change" ||
		!strings.Contains(rec.History, "went live with no P1/P2") {
		t.Errorf("Identity: %+v %v", rec, err)
	}
	if rec, _ := a.RecommendTier(readiness.Answers{SensitiveData: true}, "Identity"); rec.Tier != readiness.Gold || rec.StandardTemplate != "" {
		t.Errorf("a question calling for Gold still offered the standard change: %+v", rec)
	}
	lib, _ := ts.TemplateLibrary()
	marked := 0
	for _, e := range lib {
		if e.StandardChange {
			marked++
		}
	}
	if marked != 1 {
		t.Errorf("%d templates marked standard", marked)
	}
	if rec, _ := a.RecommendTier(readiness.Answers{}, "Checkout"); rec.StandardTemplate != "" {
		t.Errorf("Checkout offered a standard change: %+v", rec)
	}
}
