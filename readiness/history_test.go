package readiness

import (
	"reflect"
	"regexp"
	"strings"
	"testing"
	"time"
)

// rel builds a record with the delivery facts a test needs.
type rel struct {
	id        string
	service   string
	created   string
	wentLive  string
	goPercent int // 0: no go/no-go held
	incidents []Incident
	exts      []Extension
	window    HypercareWindow
}

func (x rel) record() Record {
	r := Record{ID: RecordID(x.id), Title: "Release " + x.id, Service: x.service, WentLive: MoveDate{On: Date(x.wentLive)}}
	if x.created != "" {
		r.CreatedAt, _ = time.Parse("2006-01-02", x.created)
	}
	if x.goPercent > 0 {
		r.Ceremonies = append(r.Ceremonies,
			Ceremony{Kind: GoNoGo, Date: "2026-01-01", Decisions: []Decision{{Outcome: NoGo}}, Snapshot: Snapshot{Percent: 10}},
			Ceremony{Kind: GoNoGo, Date: "2026-01-08", Decisions: []Decision{{Outcome: GoWithConditions}}, Snapshot: Snapshot{Percent: x.goPercent}})
	}
	r.Hypercare.Incidents, r.Hypercare.Extensions, r.Hypercare.Window = x.incidents, x.exts, x.window
	if r.Hypercare.Window.Days == 0 {
		r.Hypercare.Window.Days = 7
	}
	return r
}

func inc(sev Severity, opened, resolved string) Incident {
	return Incident{Ref: "INC", Severity: sev, Opened: DateTime(opened), Resolved: DateTime(resolved)}
}

func TestDeliveryOfARecord(t *testing.T) {
	exited := HypercareWindow{State: HCExited, Days: 7, Start: "2026-03-01", PlannedEnd: "2026-03-08", ExitedOn: "2026-03-12"}
	for _, tc := range []struct {
		name string
		rel  rel
		want Delivery
	}{
		{"no incidents: a clean release", rel{created: "2026-02-01", wentLive: "2026-03-01", goPercent: 92, window: exited},
			Delivery{Created: "2026-02-01", WentLive: "2026-03-01", HasGo: true, ReadyAtGo: 92, Failures: []Failure{}, Restores: []int{},
				Exited: true, PlannedDays: 7, ActualDays: 11}},
		{"a P3 is no failure and no restore", rel{wentLive: "2026-03-01", incidents: []Incident{inc("P3", "2026-03-02T10:00", "2026-03-02T11:00")}},
			Delivery{WentLive: "2026-03-01", Failures: []Failure{}, Restores: []int{}, PlannedDays: 7}},
		{"a P2 resolved after the window still counts its whole restore", rel{wentLive: "2026-03-01",
			incidents: []Incident{inc("P2", "2026-03-07T23:00", "2026-03-10T01:30")}},
			Delivery{WentLive: "2026-03-01", Failures: []Failure{FailedP1P2}, Restores: []int{2*24*60 + 150}, PlannedDays: 7}},
		{"an open P1 fails the change but restores nothing yet", rel{wentLive: "2026-03-01", incidents: []Incident{inc("P1", "2026-03-02T10:00", "")}},
			Delivery{WentLive: "2026-03-01", Failures: []Failure{FailedP1P2}, Restores: []int{}, PlannedDays: 7}},
		{"a rollback and an extension for stability", rel{wentLive: "2026-03-01",
			incidents: []Incident{{Ref: "INC-9", Severity: "P3", Opened: "2026-03-02T10:00", Resolved: "2026-03-02T10:20", RolledBack: true}},
			exts:      []Extension{{Days: 3, Reason: "Leave window for invoices", On: "2026-03-05"}, {Days: 2, Reason: "Error rate still high", On: "2026-03-06", Stability: true}}},
			Delivery{WentLive: "2026-03-01", Failures: []Failure{FailedRollback, FailedStability}, Restores: []int{}, PlannedDays: 7}},
		{"a record moved back before live is not a release", rel{created: "2026-02-01", goPercent: 80,
			incidents: []Incident{inc("P1", "2026-03-02T10:00", "2026-03-02T12:00")}},
			Delivery{Created: "2026-02-01", HasGo: true, ReadyAtGo: 80, Failures: []Failure{FailedP1P2}, Restores: []int{120}, PlannedDays: 7}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			r := tc.rel.record()
			if got := DeliveryOf(&r); !reflect.DeepEqual(got, tc.want) {
				t.Errorf("DeliveryOf:\n got %+v\nwant %+v", got, tc.want)
			}
		})
	}
}

func TestFiguresOverCraftedHistories(t *testing.T) {
	today := Date("2026-12-06")
	deliveries := func(rs ...rel) []Delivery {
		out := make([]Delivery, len(rs))
		for i, x := range rs {
			r := x.record()
			out[i] = DeliveryOf(&r)
		}
		return out
	}
	t.Run("nothing yet", func(t *testing.T) {
		f := FiguresOf(nil, today)
		if f.Releases != 0 || f.FailureRate != 0 || f.FailureBand != BandNone || f.RestoreBand != BandNone || len(f.PerMonth) != 12 {
			t.Errorf("empty history: %+v", f)
		}
		if f.PerMonth[0].Month != "2026-01" || f.PerMonth[11].Month != "2026-12" {
			t.Errorf("months %s..%s, want 2026-01..2026-12", f.PerMonth[0].Month, f.PerMonth[11].Month)
		}
	})
	t.Run("only in flight", func(t *testing.T) {
		f := FiguresOf(deliveries(rel{created: "2026-11-01"}, rel{created: "2026-11-02"}), today)
		if f.Releases != 0 || f.InFlight != 2 || f.LeadTimeBand != BandNone {
			t.Errorf("in flight only: %+v", f)
		}
	})
	t.Run("four releases, one failed", func(t *testing.T) {
		exited := func(start, exit string) HypercareWindow {
			return HypercareWindow{State: HCExited, Days: 7, Start: Date(start), ExitedOn: Date(exit)}
		}
		f := FiguresOf(deliveries(
			rel{created: "2026-08-01", wentLive: "2026-09-01", goPercent: 90, window: exited("2026-09-01", "2026-09-08")},
			rel{created: "2026-09-01", wentLive: "2026-10-11", goPercent: 70, window: exited("2026-10-11", "2026-10-25"),
				incidents: []Incident{inc("P1", "2026-10-12T09:00", "2026-10-12T09:30"), inc("P2", "2026-10-13T09:00", "2026-10-13T13:00")}},
			rel{created: "2026-10-01", wentLive: "2026-11-15", goPercent: 100, incidents: []Incident{inc("P4", "2026-11-16T09:00", "2026-11-20T09:00")}},
			rel{created: "2026-11-20", wentLive: "2026-12-01"},
			rel{created: "2026-12-01"},
		), today)
		want := DeliveryFigures{Releases: 4, InFlight: 1, ReleasesPerMonthTenths: 10, FrequencyBand: BandMedium,
			LeadTimeDays: 31, LeadTimeBand: BandMedium, ReadyAtGo: 90, GoCount: 3, Failed: 1, FailureRate: 25, FailureBand: BandLow,
			Restores: 2, RestoreMedian: 30, RestoreMean: 135, RestoreBand: BandElite,
			HypercareExited: 2, HypercarePlanned: 7, HypercareActual: 7, HypercareLonger: 1}
		got := f
		got.PerMonth = nil
		if !reflect.DeepEqual(got, want) {
			t.Errorf("figures:\n got %+v\nwant %+v", got, want)
		}
		counts := map[string]int{}
		for _, m := range f.PerMonth {
			counts[m.Month] = m.Count
		}
		if counts["2026-09"] != 1 || counts["2026-10"] != 1 || counts["2026-11"] != 1 || counts["2026-12"] != 1 || counts["2026-08"] != 0 {
			t.Errorf("per month %v", f.PerMonth)
		}
	})
	t.Run("a go-live older than a year counts in the rate but in no month shown", func(t *testing.T) {
		f := FiguresOf(deliveries(rel{wentLive: "2024-12-06"}, rel{wentLive: "2026-12-06"}), today)
		total := 0
		for _, m := range f.PerMonth {
			total += m.Count
		}
		if f.Releases != 2 || total != 1 || f.ReleasesPerMonthTenths != 1 || f.FrequencyBand != BandLow {
			t.Errorf("old release: %+v", f)
		}
	})
}

func TestBandsAtTheirEdges(t *testing.T) {
	for _, tc := range []struct {
		got, want Band
	}{
		{failureBand(5), BandElite}, {failureBand(6), BandHigh}, {failureBand(15), BandMedium}, {failureBand(16), BandLow},
		{restoreBand(59), BandElite}, {restoreBand(60), BandHigh}, {restoreBand(24*60 - 1), BandHigh}, {restoreBand(24 * 60), BandMedium},
		{restoreBand(7 * 24 * 60), BandLow}, {leadTimeBand(0), BandElite}, {leadTimeBand(7), BandHigh}, {leadTimeBand(8), BandMedium},
		{leadTimeBand(32), BandLow}, {frequencyBand(9), BandLow}, {frequencyBand(10), BandMedium}, {frequencyBand(40), BandHigh},
		{frequencyBand(600), BandElite},
	} {
		if tc.got != tc.want {
			t.Errorf("band %q, want %q", tc.got, tc.want)
		}
	}
}

func TestTierAdviceFromHistory(t *testing.T) {
	release := func(id, live string, fails ...Failure) Release {
		if fails == nil {
			fails = []Failure{}
		}
		return Release{ID: RecordID(id), Title: "Release " + id, Service: "Payments", Delivery: Delivery{WentLive: Date(live), Failures: fails}}
	}
	clean4 := []Release{release("a", "2026-01-01"), release("b", "2026-02-01"), release("c", "2026-03-01"), release("d", "2026-04-01")}
	for _, tc := range []struct {
		name     string
		releases []Release
		tier     Tier
		standard bool
		reason   string
		evidence []RecordID
	}{
		{"no history says nothing", nil, "", false, "", []RecordID{}},
		{"four clean releases: Silver is enough", clean4, Silver, true,
			"The last 4 releases of Payments went live with no P1/P2 in hypercare and no rollback: Silver is enough unless a question above says otherwise.",
			[]RecordID{"d", "c", "b", "a"}},
		{"last release rolled back: Gold", append(clean4, release("e", "2026-05-01", FailedRollback)), Gold, false,
			"The last release of Payments (Release e, live Fri 1 May 2026) had a rollback: Gold.", []RecordID{"e"}},
		{"a failure before the run breaks it", append([]Release{release("z", "2025-12-01", FailedP1P2)}, clean4[1:]...), "", false,
			"The last 3 releases of Payments went live clean; 4 clean releases in a row would make Silver enough.", []RecordID{"d", "c", "b"}},
		{"one clean release", []Release{release("a", "2026-01-01")}, "", false,
			"The last release of Payments went live clean; 4 clean releases in a row would make Silver enough.", []RecordID{"a"}},
		{"other services and records not live are not history", []Release{
			{ID: "x", Service: "Billing", Delivery: Delivery{WentLive: "2026-06-01", Failures: []Failure{FailedP1P2}}},
			{ID: "y", Service: "payments ", Delivery: Delivery{Failures: []Failure{FailedP1P2}}}, release("a", "2026-01-01")}, "", false,
			"The last release of Payments went live clean; 4 clean releases in a row would make Silver enough.", []RecordID{"a"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			a := Advise("Payments", tc.releases)
			if a.Tier != tc.tier || a.StandardChange != tc.standard || a.Reason != tc.reason || !reflect.DeepEqual(a.Evidence, tc.evidence) {
				t.Errorf("Advise:\n got %+v\nwant tier %q standard %v reason %q evidence %v", a, tc.tier, tc.standard, tc.reason, tc.evidence)
			}
		})
	}
	t.Run("spellings of one service are one track record", func(t *testing.T) {
		rs := []Release{release("a", "2026-01-01"), release("b", "2026-02-01", FailedRollback)}
		rs[1].Service = "  PAYMENTS "
		rs = append(rs, Release{ID: "c", Service: "Paymênts", Delivery: Delivery{WentLive: "2026-03-01", Failures: []Failure{FailedP1P2}}})
		if a := Advise("Payments", rs); a.Tier != Gold || len(a.Evidence) != 1 || a.Evidence[0] != "c" {
			t.Errorf("accented spelling left out: %+v", a)
		}
	})
	t.Run("history raises Silver to Gold and never lowers Gold", func(t *testing.T) {
		gold := Advice{Tier: Gold, Reason: "rolled back"}
		if r := RecommendWith(Answers{CustomerFacing: true}, gold); r.Tier != Gold || r.History != "rolled back" {
			t.Errorf("Silver answers after a rollback: %+v", r)
		}
		silver := Advice{Tier: Silver, Reason: "clean run"}
		if r := RecommendWith(Answers{SensitiveData: true}, silver); r.Tier != Gold || r.History != "clean run" {
			t.Errorf("a strong answer with a clean run: %+v", r)
		}
		if r := RecommendWith(Answers{}, Advice{}); r.Tier != Silver || r.History != "" {
			t.Errorf("no history: %+v", r)
		}
	})
}

var isoDate = regexp.MustCompile(`\d{4}-\d{2}-\d{2}`)

func TestCollisions(t *testing.T) {
	today := Date("2026-12-06")
	sum := func(id, service, squad string, st State, goLive string) Summary {
		return Summary{ID: RecordID(id), Title: "R" + id, Service: service, Squad: squad, State: st, GoLive: Date(goLive), Delivery: Delivery{PlannedDays: 7}}
	}
	live := sum("L", "Payments", "Otter", Live, "2026-12-01")
	live.WentLive, live.HypercareStart, live.HypercareEnd = "2026-12-01", "2026-12-01", "2026-12-08"
	exited := sum("X", "Payments", "Otter", Live, "2026-11-01")
	exited.WentLive, exited.HypercareStart, exited.HypercareEnd, exited.ExitedOn = "2026-11-01", "2026-11-01", "2026-11-08", "2026-11-08"
	sums := []Summary{
		sum("A", "Payments", "Falcon", Preparing, "2026-12-20"),
		sum("B", "payments", "Heron", Ready, "2026-12-20"),  // same service, same day, other spelling
		sum("C", "Search", "Falcon", Draft, "2026-12-20"),   // same squad as A, same day
		sum("D", "Search", "Lynx", Preparing, "2026-12-24"), // in the freeze
		sum("E", "Billing", "Lynx", Closed, "2026-12-20"),   // closed: never collides
		sum("F", "Payments", "Kestrel", Preparing, "2026-12-05"),
		live, exited,
		sum("G", "Identity", "Badger", Preparing, "2026-12-10"),
	}
	freezes := []Freeze{{Name: "Year end", From: "2026-12-22", To: "2027-01-02"}}
	got := map[string][]string{}
	words := map[string]string{}
	for _, c := range Collisions(sums, freezes, today) {
		got[string(c.Record)] = append(got[string(c.Record)], string(c.Kind)+":"+string(c.With))
		words[string(c.Record)+" "+string(c.Kind)+":"+string(c.With)] = c.Words
		if c.Words == "" || isoDate.MatchString(c.Words) {
			t.Errorf("collision %+v: want its words with dates in words", c)
		}
	}
	for k, w := range map[string]string{
		"A go-live:B":   "RA and RB both go live on Sun 20 Dec 2026 (same service, Payments)",
		"D freeze:":     "Goes live on Thu 24 Dec 2026, inside the Year end freeze (Tue 22 Dec 2026 to Sat 2 Jan 2027)",
		"F hypercare:L": "Hypercare of RF (Sat 5 Dec 2026 to Sat 12 Dec 2026) overlaps that of RL (Tue 1 Dec 2026 to Tue 8 Dec 2026), both Payments",
	} {
		if words[k] != w {
			t.Errorf("%s says %q, want %q", k, words[k], w)
		}
	}
	want := map[string][]string{
		"A": {"go-live:B", "go-live:C", "hypercare:B"},
		"B": {"go-live:A", "hypercare:A"},
		"C": {"go-live:A", "hypercare:D"}, // both Search: 12-20 to 12-27 and 12-24 to 12-31
		"D": {"freeze:", "hypercare:C"},
		// F's planned window (12-05 to 12-12) overlaps L's (12-01 to 12-08);
		// X's window ended before today.
		"F": {"hypercare:L"},
		"L": {"hypercare:F"},
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("collisions:\n got %v\nwant %v", got, want)
	}
	if c := Collisions(sums[:1], freezes, today); len(c) != 0 {
		t.Errorf("one record collides with nothing: %v", c)
	}
}

func TestPeopleDirectoryMergesSpellings(t *testing.T) {
	uses := []Named{
		{Name: "Priya Raman", Role: "sdm", Record: "r1"},
		{Name: "priya  raman", Role: "owner", Record: "r2"},
		{Name: "Raman, Priya", Role: "attendee", Record: "r2"},
		{Name: "Príya Raman", Role: "owner", Record: "r3"},
		{Name: "Priya Raman", Role: "owner", Record: "r3"},
		{Name: "Tom O'Neil", Role: "contact", Record: "r1"},
		{Name: "Tom O’Neil", Role: "owner", Record: "r1"},
		{Name: "  ", Role: "owner", Record: "r1"},
		{Name: "Priya R.", Role: "owner", Record: "r4"}, // an initial is another spelling we cannot prove: kept apart
	}
	dir := Directory(uses)
	names := []string{}
	for _, p := range dir {
		names = append(names, p.Name+" "+strings.Join(p.Roles, ",")+" "+strings.Join(p.Spellings, "|"))
	}
	want := []string{
		"Priya R. owner Priya R.",
		"Priya Raman attendee,owner,sdm Priya Raman|priya raman|Raman, Priya|Príya Raman",
		"Tom O'Neil contact,owner Tom O'Neil|Tom O’Neil",
	}
	if !reflect.DeepEqual(names, want) {
		t.Errorf("directory:\n got %q\nwant %q", names, want)
	}
	if dir[1].Records != 3 {
		t.Errorf("Priya is named in %d records, want 3", dir[1].Records)
	}
	if !SamePerson("RAMAN, priya", "Priya Raman") || SamePerson("", "") || SamePerson("Priya", "Priya Raman") {
		t.Error("SamePerson")
	}
}

func TestAcknowledgementProvenance(t *testing.T) {
	for _, tc := range []struct {
		name   string
		ack    Ack
		behalf bool
		words  string
	}{
		{"before devices were recorded", Ack{Person: Person{Name: "Dana Fox"}}, false, ""},
		{"in one's own name, on a device", Ack{Person: Person{Name: "Dana Fox"},
			Origin: AckOrigin{By: "dana fox", Device: "7F3KQ2-ABCD-EFGH", DeviceName: "Dana's laptop"}}, false,
			"acknowledged on Dana's laptop (device 7F3KQ2)"},
		{"for someone else", Ack{Person: Person{Name: "Dana Fox"},
			Origin: AckOrigin{By: "Sam Okafor", Device: "AB12CD34EF56", DeviceName: "Sam's desk"}}, true,
			"recorded by Sam Okafor on behalf of Dana Fox, on Sam's desk (device AB12CD34)"},
		{"for someone else, no network", Ack{Person: Person{Name: "Dana Fox"}, Origin: AckOrigin{By: "Sam Okafor"}}, true,
			"recorded by Sam Okafor on behalf of Dana Fox"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if got := tc.ack.OnBehalf(); got != tc.behalf {
				t.Errorf("OnBehalf %v, want %v", got, tc.behalf)
			}
			if got := tc.ack.Provenance(); got != tc.words {
				t.Errorf("Provenance %q, want %q", got, tc.words)
			}
		})
	}
	r := Record{Sections: []Section{}}
	if _, err := r.Acknowledge(Person{Name: "Dana"}, "", "", AckOrigin{By: "Sam\u202e"}, func() EntityID { return "01JD0000000000000000000000" }, time.Now()); err == nil {
		t.Error("an origin with a bidi control was accepted")
	}
}
