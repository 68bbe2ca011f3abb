package readiness

import (
	"encoding/json"
	"strings"
	"testing"
	"time"
)

// blockTwo blocks the first two items of the record's first checklist
// section and returns them.
func blockTwo(f *flow) (ItemID, ItemID) {
	f.t.Helper()
	var ids []ItemID
	for _, s := range f.d.Record.Sections {
		for _, it := range s.Items {
			if len(ids) < 2 {
				ids = append(ids, it.ID)
			}
		}
	}
	for _, id := range ids {
		f.must([]Edit{{ItemPath(id, "status"), StatusValue{Status: Blocked, Reason: "Rollback rehearsal failed"}}}, nil)
	}
	return ids[0], ids[1]
}

// A go at low readiness is taken with what was open: the ceremony keeps it,
// each blocked item becomes a condition or an accepted risk, and the record
// says so in words.
func TestGoWithBlockedItemsKeepsWhatWasOpen(t *testing.T) {
	f := newFlow(t, Gold)
	r := &f.d.Record
	f.must(f.move(Preparing, ""))
	a, b := blockTwo(f)
	f.must([]Edit{{RiskPath(f.newID()), Risk{Description: "Card scheme certification late", Likelihood: "high", Impact: "high", Status: "open"}}}, nil)
	open := r.OutstandingOf(f.now)
	if open.BlockedTotal != 2 || len(open.Blocked) != 2 || open.Blocked[0].Reason != "Rollback rehearsal failed" || open.Percent != 0 || len(open.NotDone) == 0 || len(open.HighRisks) != 1 {
		t.Fatalf("outstanding %+v", open)
	}
	goWC := []Decision{{Outcome: GoWithConditions, Reason: "Business deadline; risks understood"}}
	due := f.today().AddDays(3)
	for _, c := range []struct {
		name    string
		choices []BlockedChoice
		want    string
	}{
		{"nothing said of the blocked items", nil, "say for each whether it becomes a condition or an accepted risk (" + string(a) + ", " + string(b) + ")"},
		{"one item left out", []BlockedChoice{{Item: a, As: AsRisk, Reason: "x"}}, string(b)},
		{"a choice for an item not blocked", []BlockedChoice{{Item: a, As: AsRisk, Reason: "x"}, {Item: b, As: AsRisk, Reason: "x"}, {Item: "COM-09", As: AsRisk, Reason: "x"}}, "COM-09 is not blocked"},
		{"a condition without an owner", []BlockedChoice{{Item: a, As: AsCondition, Due: due}, {Item: b, As: AsRisk, Reason: "x"}}, "needs an owner"},
		{"a condition without a due date", []BlockedChoice{{Item: a, As: AsCondition, Owner: "Ana"}, {Item: b, As: AsRisk, Reason: "x"}}, "needs a due date"},
		{"a risk without a reason", []BlockedChoice{{Item: a, As: AsCondition, Owner: "Ana", Due: due}, {Item: b, As: AsRisk}}, "Say why the release may go with " + string(b) + " blocked"},
		{"neither", []BlockedChoice{{Item: a, As: "ignore"}, {Item: b, As: AsRisk, Reason: "x"}}, "a condition or an accepted risk"},
	} {
		f.mustFail(c.name, c.want)(f.ceremonyWith(GoNoGo, goWC, c.choices, "Comms plan signed off"))
	}
	f.mustFail("a no-go with choices", "belong to a go decision")(f.ceremonyWith(GoNoGo, []Decision{{Outcome: NoGo, Reason: "Not yet"}}, []BlockedChoice{{Item: a, As: AsRisk, Reason: "x"}}))
	f.must(f.ceremonyWith(GoNoGo, goWC, []BlockedChoice{
		{Item: a, As: AsCondition, Owner: "Ana", Due: due, Reason: "Re-run the rehearsal on Thursday"},
		{Item: b, As: AsRisk, Reason: "Manual rollback runbook tested instead", Owner: "Priya"},
	}, "Comms plan signed off"))
	c := r.Ceremonies[len(r.Ceremonies)-1]
	if c.Open == nil || c.Open.BlockedTotal != 2 || c.Open.Percent != 0 || len(c.Blocked) != 2 || len(c.Conditions) != 2 || len(c.Actions) != 2 {
		t.Fatalf("the ceremony does not keep what was open: open %+v, blocked %+v, conditions %v", c.Open, c.Blocked, c.Conditions)
	}
	if want := "Go with 2 conditions, 1 blocked item accepted as a risk"; r.DecisionSummary() != want || r.State != Ready || !strings.Contains(r.StateReason, want) {
		t.Fatalf("decision %q, state %s %q", r.DecisionSummary(), r.State, r.StateReason)
	}
	var unblock *Action
	for i := range r.Actions {
		if strings.HasPrefix(r.Actions[i].Text, "Unblock "+string(a)) {
			unblock = &r.Actions[i]
		}
	}
	if unblock == nil || unblock.Owner != "Ana" || unblock.Due != due || !unblock.IsOpen() || !strings.Contains(unblock.Text, "Re-run the rehearsal") {
		t.Fatalf("the blocked item as a condition: %+v", r.Actions)
	}
	var accepted *Risk
	for i := range r.Risks {
		if r.Risks[i].Status == "accepted" {
			accepted = &r.Risks[i]
		}
	}
	if accepted == nil || !strings.Contains(accepted.Description, string(b)) || !strings.Contains(accepted.Mitigation, "Manual rollback runbook") {
		t.Fatalf("the blocked item as an accepted risk: %+v", r.Risks)
	}
	if s := Summarise(&f.d); s.Decision != r.DecisionSummary() {
		t.Fatalf("the summary's decision %q", s.Decision)
	}
	// The ceremony's snapshot does not move with the record.
	f.must([]Edit{{ItemPath(a, "status"), StatusValue{Status: Done}}}, nil)
	if r.Ceremonies[len(r.Ceremonies)-1].Open.BlockedTotal != 2 {
		t.Fatal("what was open moved with the record")
	}
}

// Going live records the actual date beside the planned one; more than a
// day away asks why; every reader shows the actual date once there is one.
func TestPlannedAndActualGoLive(t *testing.T) {
	f := newFlow(t, Silver) // planned go-live 2026-12-01; today 2026-11-22
	r := &f.d.Record
	f.must(f.move(Preparing, ""))
	f.must(f.ceremony(GoNoGo, []Decision{{Outcome: Go, Reason: "Ready"}}))
	f.mustFail("a go-live in the future", "in the future")(r.MoveTo(Move{To: Live, On: f.today().AddDays(1)}, "Ana", f.today()))
	f.mustFail("nine days early, no reason", "Going live 9 days before the planned date (Tue 1 Dec 2026)")(f.move(Live, ""))
	f.must(r.MoveTo(Move{To: Live, On: f.today().AddDays(-1), DateReason: "Marketing launch moved"}, "Ana", f.today()))
	if r.GoLive != "2026-12-01" || r.WentLive.On != "2026-11-21" || r.WentLive.Reason != "Marketing launch moved" || r.Hypercare.Window.Start != "2026-11-21" {
		t.Fatalf("planned %s, actual %+v, window %+v", r.GoLive, r.WentLive, r.Hypercare.Window)
	}
	st := StandingOf(r, f.now)
	if st.GoLive.Shown != "2026-11-21" || st.GoLive.Planned != "2026-12-01" || st.GoLive.Drift != -10 {
		t.Fatalf("go-live shown %+v", st.GoLive)
	}
	if len(st.Flags) != 1 || st.Flags[0].Kind != "went-live-early" || !strings.Contains(st.Flags[0].Text, "Went live Sat 21 Nov 2026, 10 days before the planned Tue 1 Dec 2026: Marketing launch moved") {
		t.Fatalf("flags %+v", st.Flags)
	}
	sum := Summarise(&f.d)
	if row := RowStanding(&sum, 0, f.today()); row.GoLive != (GoLiveDates{Planned: "2026-12-01", Actual: "2026-11-21", Shown: "2026-11-21", Drift: -10}) || row.Hypercare != "open" {
		t.Fatalf("row %+v", row)
	}
	// Going back before live forgets the actual date.
	f.must(f.move(Ready, "Rolled back: card scheme outage"))
	if !r.WentLive.On.IsZero() || StandingOf(r, f.now).GoLive.Shown != "2026-12-01" {
		t.Fatalf("after moving back: %+v", r.WentLive)
	}
	// A day either side needs no reason.
	f.now = time.Date(2026, 12, 2, 9, 0, 0, 0, time.UTC)
	f.must(f.move(Live, ""))
	if r.WentLive.On != "2026-12-02" || r.WentLive.Reason != "" || len(StandingOf(r, f.now).Flags) != 0 {
		t.Fatalf("a day late: %+v", r.WentLive)
	}
	// A go-live already past at creation is flagged, not refused.
	in := testInput()
	in.GoLive = "2026-10-18"
	if w := in.Warnings("2026-11-22"); len(w) != 1 || w[0].Field != "goLive" || !strings.Contains(w[0].Message, "35 days in the past") {
		t.Fatalf("warnings %+v", w)
	}
	if err := in.Check(); err != nil {
		t.Fatalf("a past go-live refused: %v", err)
	}
}

// The RAG rule, with its date rule, and the home screen's rows agree with
// the record's own standing.
func TestRAGRule(t *testing.T) {
	today := Date("2026-11-22")
	for _, c := range []struct {
		name string
		f    ragFacts
		rag  RAG
		why  string
	}{
		{"a draft at 0 % 35 days past its go-live", ragFacts{state: Draft, goLive: "2026-10-18", open: 78}, Red, "past its go-live date (Sun 18 Oct 2026) and not live"},
		{"a draft at 0 % before its go-live", ragFacts{state: Draft, goLive: "2026-12-18", open: 78}, Amber, "78 items open"},
		{"ready on its go-live day", ragFacts{state: Ready, goLive: today}, Green, "all items done or n/a"},
		{"ready the day after", ragFacts{state: Ready, goLive: "2026-11-21"}, Red, "past its go-live date"},
		{"blocked", ragFacts{state: Preparing, goLive: "2026-12-18", blocked: 1, open: 5}, Red, "1 item blocked"},
		{"overdue", ragFacts{state: Preparing, goLive: "2026-12-18", overdue: 2, open: 5}, Red, "2 items overdue"},
		{"live with a P2 open", ragFacts{state: Live, goLive: "2026-10-18", openP1P2: 1, openIn: 1, lastCheckIn: Green}, Red, "1 P1/P2 incident open"},
		{"live past the window", ragFacts{state: Live, windowOverdue: true}, Red, "hypercare window past its end"},
		{"live, last check-in red", ragFacts{state: Live, lastCheckIn: Red}, Red, "the last check-in was red"},
		{"live with a P3 open", ragFacts{state: Live, openIn: 1, lastCheckIn: Green}, Amber, "1 incident open"},
		{"live, last check-in amber", ragFacts{state: Live, lastCheckIn: Amber}, Amber, "the last check-in was amber"},
		{"live and quiet", ragFacts{state: Live, lastCheckIn: Green}, Green, "hypercare going well"},
		{"handed over with commitments", ragFacts{state: HandedOver, commitments: 2}, Amber, "2 commitments open with the receiving team"},
		{"handed over", ragFacts{state: HandedOver}, Green, "handed over"},
		{"closed", ragFacts{state: Closed, goLive: "2026-01-01"}, Green, "closed"},
	} {
		rag, why := ragOf(c.f, today)
		if rag != c.rag || !strings.Contains(why, c.why) {
			t.Errorf("%s: %s %q, want %s %q", c.name, rag, why, c.rag, c.why)
		}
	}
	// A record and its summary give the same RAG.
	f := newFlow(t, Silver)
	r := &f.d.Record
	f.must([]Edit{{"goLive", "2026-10-18"}}, nil)
	st := StandingOf(r, f.now)
	sum := Summarise(&f.d)
	row := RowStanding(&sum, 0, f.today())
	if st.RAG != Red || row.RAG != st.RAG || row.Why != st.Why || len(st.Flags) != 1 || st.Flags[0].Kind != "go-live-past" {
		t.Fatalf("record %s %q %+v, row %+v", st.RAG, st.Why, st.Flags, row)
	}
	for _, c := range []struct {
		state      HypercareState
		start, end Date
		want       string
	}{
		{HCPlanned, "", "", ""},
		{HCExited, "2026-10-23", "2026-10-30", "exited"},
		{HCActive, "2026-10-23", "2026-11-21", "overdue"},
		{HCExtended, "2026-11-16", "2026-11-22", "open"},
		{HCPlanned, "2026-11-29", "2026-12-13", "planned"},
	} {
		if got := HypercarePhase(c.state, c.start, c.end, "2026-11-22"); got != c.want {
			t.Errorf("HypercarePhase(%s, %s, %s) = %q, want %q", c.state, c.start, c.end, got, c.want)
		}
	}
}

// Every action has an owner and a due date, and is edited, closed with a
// note, cancelled with a reason, reopened or transferred, each a change.
func TestActionLifecycle(t *testing.T) {
	f := newFlow(t, Silver)
	r := &f.d.Record
	f.mustFail("an action without an owner", "needs an owner")(r.SaveAction(Action{Text: "Book the war room", Due: f.today()}, f.newID))
	f.mustFail("an action without a due date", "needs a due date")(r.SaveAction(Action{Text: "Book the war room", Owner: "Ana"}, f.newID))
	f.must(r.SaveAction(Action{Text: "Book the war room", Owner: "Ana", Due: f.today().AddDays(2)}, f.newID))
	id := r.Actions[0].ID
	f.must(r.SaveAction(Action{ID: id, Text: "Book the war room for go-live night", Owner: "Ben", Due: f.today().AddDays(3)}, f.newID))
	if a := r.Actions[0]; a.Owner != "Ben" || a.Due != f.today().AddDays(3) || !a.IsOpen() || a.Text != "Book the war room for go-live night" {
		t.Fatalf("after reassigning: %+v", a)
	}
	f.mustFail("cancel without a reason", "Say why the action is cancelled")(r.SettleAction(ActionOutcome{ID: id, To: ActionCancelled}, "Ana", f.now))
	f.must(r.SettleAction(ActionOutcome{ID: id, To: ActionDone, Note: "Room 4.12 booked"}, "Ben", f.now))
	if a := r.Actions[0]; a.State() != ActionDone || !a.Done || a.Note != "Room 4.12 booked" || a.ClosedBy != "Ben" || a.ClosedOn != f.today() || r.OpenActions() != 0 {
		t.Fatalf("after closing: %+v", a)
	}
	f.mustFail("close a closed action", "is not open")(r.SettleAction(ActionOutcome{ID: id, To: ActionDone}, "Ben", f.now))
	f.must(r.SettleAction(ActionOutcome{ID: id, To: ActionOpen}, "Ben", f.now))
	f.must(r.SettleAction(ActionOutcome{ID: id, To: ActionCancelled, Note: "Call moved online"}, "Ana", f.now))
	if a := r.Actions[0]; a.State() != ActionCancelled || a.Done || a.Note != "Call moved online" {
		t.Fatalf("after cancelling: %+v", a)
	}
	// A stored action from before action states reads by its done flag.
	old := Action{Text: "t", Done: true}
	if old.State() != ActionDone || old.IsOpen() {
		t.Fatal("an old done action reads as open")
	}
	// Every change is a change in the log: add, edit, close, reopen, cancel.
	n := 0
	for _, c := range f.log.changes {
		if strings.HasPrefix(string(c.Path), "actions/") {
			n++
		}
	}
	if n != 5 {
		t.Fatalf("%d action changes in the log, want 5", n)
	}
}

// An acceptance lists what it accepts: every handover item not done becomes
// a condition or is marked n/a with a reason before it is saved.
func TestAcceptanceSaysWhatItAccepts(t *testing.T) {
	f := newFlow(t, Gold)
	r := &f.d.Record
	items := r.Handover.Items
	if len(items) < 3 {
		t.Fatalf("%d handover items", len(items))
	}
	for _, h := range items[2:] {
		f.must([]Edit{{HandoverItemPath(h.ID), HandoverItemValue{Status: Done}}}, nil)
	}
	who := Acceptance{Person: Person{Name: "Dana Fox", Role: "Run team lead"}, Date: f.today()}
	f.mustFail("accepting with items not done and nothing said", "2 handover items are not done")(r.Accept(AcceptInput{Acceptance: who}, f.newID))
	f.mustFail("n/a without a reason", "Say why "+items[1].ID+" does not apply")(r.Accept(AcceptInput{Acceptance: who, Unfinished: []HandoverChoice{
		{Item: items[0].ID, As: AsCondition, Owner: "Dana Fox", Due: f.today().AddDays(7)}, {Item: items[1].ID, As: "na"}}}, f.newID))
	f.mustFail("a choice for an item done", "already done")(r.Accept(AcceptInput{Acceptance: who, Unfinished: []HandoverChoice{
		{Item: items[0].ID, As: AsCondition, Owner: "Dana Fox", Due: f.today().AddDays(7)}, {Item: items[1].ID, As: "na", Reason: "x"}, {Item: items[2].ID, As: "na", Reason: "x"}}}, f.newID))
	f.must(r.Accept(AcceptInput{Acceptance: who, Unfinished: []HandoverChoice{
		{Item: items[0].ID, As: AsCondition, Owner: "Dana Fox", Due: f.today().AddDays(7), Reason: "Runbook draft reviewed next week"},
		{Item: items[1].ID, As: "na", Reason: "No supplier for this service"},
	}}, f.newID))
	acc := r.Handover.Acceptance
	if acc == nil || len(acc.Unfinished) != 2 || len(acc.Actions) != 1 || len(acc.Conditions) != 1 || !strings.Contains(acc.Conditions[0], items[0].ID) {
		t.Fatalf("acceptance %+v", acc)
	}
	if r.Handover.Items[1].Status != NA || r.Handover.Items[1].Reason != "No supplier for this service" {
		t.Fatalf("the n/a item: %+v", r.Handover.Items[1])
	}
	if cs := r.Commitments(); len(cs) != 1 || cs[0].Owner != "Dana Fox" {
		t.Fatalf("commitments %+v", cs)
	}
}

// A recorded ceremony is corrected by an amendment with a reason; history
// shows the ceremony before and after.
func TestCeremonyAmendment(t *testing.T) {
	f := newFlow(t, Silver)
	r := &f.d.Record
	f.must(f.ceremony(GoNoGo, []Decision{{Outcome: Go, Reason: "Ready"}}))
	id := r.Ceremonies[0].ID
	notes := "Attended by the supplier too"
	f.mustFail("an amendment without a reason", "Say why the ceremony is amended")(r.AmendCeremony(CeremonyAmendment{Ceremony: id, Notes: &notes}, f.newID, "Ana", f.now))
	f.mustFail("an amendment that changes nothing", "changes nothing")(r.AmendCeremony(CeremonyAmendment{Ceremony: id, Reason: "typo"}, f.newID, "Ana", f.now))
	f.mustFail("a go/no-go amended out of its decision", "keeps its go/no-go decision")(r.AmendCeremony(CeremonyAmendment{Ceremony: id,
		Decisions: []Decision{{Outcome: Noted, Reason: "x"}}, Reason: "mistake"}, f.newID, "Ana", f.now))
	f.must(r.AmendCeremony(CeremonyAmendment{Ceremony: id, Notes: &notes,
		Attendees: []Person{{Name: "Priya Raman", Role: "SDM"}, {Name: "Sam Okoro", Role: "Supplier"}},
		Actions:   []Condition{{Text: "Send the supplier the runbook", Owner: "Priya Raman", Due: f.today().AddDays(2)}},
		Reason:    "The supplier's attendance was left out"}, f.newID, "Ben", f.now))
	c := r.Ceremonies[0]
	if len(c.Attendees) != 2 || c.Notes != notes || len(c.Amendments) != 1 || c.Amendments[0].By != "Ben" ||
		strings.Join(c.Amendments[0].Changed, ",") != "attendees,notes,actions" || len(c.Actions) != 1 || c.Snapshot.State != Draft {
		t.Fatalf("amended ceremony %+v", c)
	}
	h := History(r, f.log.changes)
	n := 0
	for _, e := range h {
		if e.Label == "Ceremony" {
			n++
		}
	}
	if n != 2 {
		t.Fatalf("history shows the ceremony %d times, want before and after", n)
	}
	// The amended value survives a round trip through JSON (the log).
	b, _ := json.Marshal(c)
	var back Ceremony
	if err := json.Unmarshal(b, &back); err != nil || len(back.Amendments) != 1 || back.Amendments[0].Reason != "The supplier's attendance was left out" {
		t.Fatalf("round trip: %v %+v", err, back.Amendments)
	}
}

// Risks rank by likelihood × impact, open first; one function for every
// reader.
func TestRiskRanking(t *testing.T) {
	rk := func(d string, l, i Level, st string) Risk {
		return Risk{Description: d, Likelihood: l, Impact: i, Status: st}
	}
	got := RankRisks([]Risk{
		rk("low-low", "low", "low", "open"),
		rk("med-high", "medium", "high", "open"),
		rk("high-med", "high", "medium", "open"),
		rk("high-high closed", "high", "high", "closed"),
		rk("low-high", "low", "high", "open"),
		rk("high-low", "high", "low", "open"),
		rk("high-high", "high", "high", "open"),
	})
	var order []string
	for _, r := range got {
		order = append(order, r.Risk.Description)
	}
	want := "high-high,med-high,high-med,low-high,high-low,low-low,high-high closed"
	if strings.Join(order, ",") != want {
		t.Fatalf("order %s\nwant  %s", strings.Join(order, ","), want)
	}
	for _, c := range []struct {
		l, i   Level
		score  int
		rating string
	}{{"low", "low", 1, "low"}, {"low", "medium", 2, "low"}, {"medium", "medium", 4, "medium"}, {"low", "high", 3, "medium"}, {"medium", "high", 6, "high"}, {"high", "high", 9, "high"}} {
		s := RiskScore(rk("", c.l, c.i, "open"))
		if s != c.score || ratingOf(s) != c.rating {
			t.Errorf("%s × %s = %d %s, want %d %s", c.l, c.i, s, ratingOf(s), c.score, c.rating)
		}
	}
}
