package readiness

import (
	"fmt"
	"strings"
	"testing"
	"time"
)

// flow drives one record through operations the way the app does: edits made
// into changes by a Maker, applied to a doc with an in-memory log.
type flow struct {
	t    *testing.T
	m    *Maker
	d    Doc
	log  *memLog
	ids  int
	now  time.Time
	fail bool
}

func newFlow(t *testing.T, tier Tier) *flow {
	t.Helper()
	f := &flow{t: t, m: testMaker("00000000000000a1", "Ana", 1_790_000_000_000), log: &memLog{}, now: time.Date(2026, 11, 22, 10, 0, 0, 0, time.UTC)}
	in := testInput()
	in.Tier = tier
	if tier == Silver {
		in.Answers = Answers{}
	}
	c, err := f.m.Create(testRecord, in, nil)
	if err != nil {
		t.Fatal(err)
	}
	f.log.apply(t, &f.d, c)
	return f
}

func (f *flow) newID() EntityID {
	f.ids++
	return EntityID(fmt.Sprintf("01JE%022d", f.ids))
}

func (f *flow) today() Date { return DateOf(f.now) }

// do applies an operation's edits, or returns its error.
func (f *flow) do(edits []Edit, err error) error {
	f.t.Helper()
	if err != nil {
		return err
	}
	cs, err := f.m.EditAll(&f.d, edits)
	if err != nil {
		return err
	}
	for _, c := range cs {
		f.log.apply(f.t, &f.d, c)
	}
	return nil
}

func (f *flow) must(edits []Edit, err error) {
	f.t.Helper()
	if err := f.do(edits, err); err != nil {
		f.t.Fatal(err)
	}
}

// mustFail returns a function that checks an operation is refused with a
// message containing want, and changes nothing.
func (f *flow) mustFail(what, want string) func([]Edit, error) {
	return func(edits []Edit, err error) {
		f.t.Helper()
		before := f.d.Changes
		err = f.do(edits, err)
		if err == nil || !strings.Contains(err.Error(), want) {
			f.t.Fatalf("%s: error %v, want one containing %q", what, err, want)
		}
		if f.d.Changes != before {
			f.t.Fatalf("%s: a refused operation changed the record", what)
		}
	}
}

func (f *flow) ceremony(kind CeremonyKind, decisions []Decision, conditions ...string) ([]Edit, error) {
	return f.ceremonyWith(kind, decisions, nil, conditions...)
}

// ceremonyWith records a ceremony whose conditions are owned by Priya and
// due in a week, with choices for blocked items.
func (f *flow) ceremonyWith(kind CeremonyKind, decisions []Decision, blocked []BlockedChoice, conditions ...string) ([]Edit, error) {
	var cs []Condition
	for _, c := range conditions {
		cs = append(cs, Condition{Text: c, Owner: "Priya Raman", Due: f.today().AddDays(7)})
	}
	return f.d.Record.RecordCeremony(CeremonyInput{
		Ceremony:   Ceremony{Kind: kind, Date: f.today(), Attendees: []Person{{Name: "Priya Raman", Role: "SDM"}}, Decisions: decisions},
		Conditions: cs, Blocked: blocked,
	}, f.newID, "Ana", f.now)
}

// move moves the record as of today.
func (f *flow) move(to State, reason string) ([]Edit, error) {
	return f.d.Record.MoveTo(Move{To: to, Reason: reason}, "Ana", f.today())
}

func TestLifecycleFromDraftToClosed(t *testing.T) {
	f := newFlow(t, Silver)
	r := &f.d.Record
	if st := r.NextStep(f.now); st.Next != Preparing || len(st.Blockers) != 0 {
		t.Fatalf("draft step %+v", st)
	}
	f.mustFail("skipping a state", "one step at a time")(f.move(Ready, ""))
	f.must(f.move(Preparing, ""))

	// Preparing: the step names what stands in the way.
	item := r.Sections[len(r.Sections)-1].Items[0].ID
	f.must([]Edit{{ItemPath(item, "status"), StatusValue{Status: Blocked, Reason: "waiting"}}}, nil)
	st := r.NextStep(f.now)
	want := []string{"1 Silver item blocked", "not done", "readiness review not held", "go/no-go not recorded"}
	for _, w := range want {
		if !strings.Contains(strings.Join(st.Blockers, "; "), w) {
			t.Fatalf("preparing blockers %q lack %q", st.Blockers, w)
		}
	}
	f.mustFail("ready without a go decision", "go decision")(f.move(Ready, ""))

	// Readiness review, then go/no-go with conditions: ready, with actions.
	f.must(f.ceremony(ReadinessReview, []Decision{{Outcome: Noted, Reason: "Reviewed section by section"}}))
	f.mustFail("go with conditions and no condition", "at least one condition")(f.ceremonyWith(GoNoGo, []Decision{{Outcome: GoWithConditions, Reason: "Risks understood"}},
		[]BlockedChoice{{Item: item, As: AsRisk, Reason: "The supplier confirms in writing"}}))
	f.mustFail("go while an item is blocked and nothing said of it", "say for each whether it becomes a condition")(
		f.ceremony(GoNoGo, []Decision{{Outcome: GoWithConditions, Reason: "Risks understood"}}, "Unblock the supplier item before go-live"))
	f.must(f.ceremonyWith(GoNoGo, []Decision{{Outcome: GoWithConditions, Reason: "Risks understood"}},
		[]BlockedChoice{{Item: item, As: AsRisk, Reason: "The supplier confirms in writing"}}, "Unblock the supplier item before go-live"))
	if r.State != Ready || len(r.Actions) != 1 || !strings.Contains(r.Actions[0].Text, "Unblock the supplier") || r.Actions[0].Source == "" {
		t.Fatalf("after go with conditions: state %s, actions %+v", r.State, r.Actions)
	}

	// Go live opens the hypercare window for the tier's days; nine days
	// before the plan, it asks why first.
	f.mustFail("going live 9 days early without a reason", "9 days before the planned date (Tue 1 Dec 2026)")(f.move(Live, ""))
	f.must(r.MoveTo(Move{To: Live, DateReason: "The supplier's window moved forward"}, "Ana", f.today()))
	w := r.Hypercare.Window
	if r.State != Live || w.State != HCActive || w.Start != f.today() || w.PlannedEnd != f.today().AddDays(7) {
		t.Fatalf("after go-live: %s %+v", r.State, w)
	}
	if st := r.NextStep(f.now); !strings.Contains(strings.Join(st.Blockers, ";"), fmt.Sprintf("hypercare exit criteria 0 of %d met", len(r.Hypercare.Criteria))) ||
		!strings.Contains(strings.Join(st.Blockers, ";"), "handover not accepted") {
		t.Fatalf("live blockers %q", st.Blockers)
	}

	// Check-ins inside the window only; incidents in order.
	f.must([]Edit{{EntryPath("hypercare/checkins", f.newID()), CheckIn{Date: f.today(), RAG: Green, Summary: "Quiet first day"}}}, nil)
	f.mustFail("check-in outside the window", "inside the hypercare window")([]Edit{{EntryPath("hypercare/checkins", f.newID()), CheckIn{Date: f.today().AddDays(30), RAG: Green, Summary: "later"}}}, nil)
	f.mustFail("incident resolved before opened", "cannot be resolved before it was opened")([]Edit{{EntryPath("hypercare/incidents", f.newID()), Incident{Ref: "INC-1", Severity: "P2", Opened: "2026-11-22T10:00", Resolved: "2026-11-22T09:00"}}}, nil)
	f.must([]Edit{{EntryPath("hypercare/incidents", f.newID()), Incident{Ref: "INC-1", Severity: "P2", Opened: "2026-11-22T10:00", Resolved: "2026-11-22T11:30"}}}, nil)
	f.must(r.Extend(3, "Second batch run still to come", false, f.today(), f.newID))
	if r.Hypercare.Window.State != HCExtended || r.Hypercare.End() != f.today().AddDays(10) {
		t.Fatalf("after extension: %+v, end %s", r.Hypercare.Window, r.Hypercare.End())
	}

	// Exit needs every criterion met or waived with a reason.
	f.mustFail("exit with unmet criteria", "exit criteria are neither met nor waived")(f.ceremony(HypercareExit, []Decision{{Outcome: Noted, Text: "Exit", Reason: "Stable"}}))
	crit := r.Hypercare.Criteria
	f.mustFail("waive without a reason", "Say why the criterion is waived")([]Edit{{CriterionPath(crit[0].ID), Criterion{Text: crit[0].Text, Status: Waived}}}, nil)
	for i, c := range crit {
		c.Status = Met
		if i == 0 {
			c.Status, c.Reason = Waived, "Agreed with the maintenance team: covered by their SLO review"
		}
		f.must([]Edit{{CriterionPath(c.ID), c}}, nil)
	}
	f.must(f.ceremony(HypercareExit, []Decision{{Outcome: Noted, Text: "Exit hypercare", Reason: "All criteria met or waived"}}))
	if r.Hypercare.Window.State != HCExited || r.Hypercare.Window.ExitedOn != f.today() {
		t.Fatalf("after exit: %+v", r.Hypercare.Window)
	}

	// Handover: acceptance needs a name; conditions become actions.
	f.mustFail("handed over before acceptance", "handover is not accepted")(f.move(HandedOver, ""))
	f.mustFail("acceptance without a name", "Name is required")(r.Accept(AcceptInput{Acceptance: Acceptance{Date: f.today()}}, f.newID))
	for _, h := range r.Handover.Items {
		f.must([]Edit{{HandoverItemPath(h.ID), HandoverItemValue{Status: Done}}}, nil)
	}
	f.must(r.Accept(AcceptInput{Acceptance: Acceptance{Person: Person{Name: "Dana Fox", Role: "Team lead"}, Date: f.today()},
		Conditions: []Condition{{Text: "Runbook for batch failures reviewed", Owner: "Dana Fox", Due: f.today().AddDays(14)}}}, f.newID))
	if !r.Handover.Accepted() || len(r.Actions) != 2 {
		t.Fatalf("after acceptance: %+v, %d actions", r.Handover.Acceptance, len(r.Actions))
	}
	f.must(f.move(HandedOver, ""))
	f.mustFail("close with open actions", "still open")(f.move(Closed, ""))
	f.must(r.MoveTo(Move{To: Closed, Actions: []ActionOutcome{
		{ID: r.Actions[0].ID, To: ActionDone, Note: "Supplier item unblocked"},
		{ID: r.Actions[1].ID, To: ActionTransferred},
	}}, "Ana", f.today()))

	// Moving back needs a reason and is recorded.
	f.mustFail("reopen without reason", "Say why the record moves back")(f.move(Live, ""))
	f.must(f.move(HandedOver, "Follow-up incident needs the squad"))
	if r.State != HandedOver || r.StateReason != "Follow-up incident needs the squad" {
		t.Fatalf("after moving back: %s %q", r.State, r.StateReason)
	}
	f.must(f.move(Live, "Hypercare reopened after a P1"))
	if r.Hypercare.Window.State != HCExtended || r.Hypercare.Window.ExitedOn != "" {
		t.Fatalf("reopened hypercare: %+v", r.Hypercare.Window)
	}
}

func TestNoGoSendsAReadyRecordBack(t *testing.T) {
	f := newFlow(t, Silver)
	r := &f.d.Record
	f.must(f.move(Preparing, ""))
	f.must(f.ceremony(GoNoGo, []Decision{{Outcome: Go, Reason: "Ready"}}))
	if r.State != Ready {
		t.Fatalf("after go: %s", r.State)
	}
	f.must(f.ceremony(GoNoGo, []Decision{{Outcome: NoGo, Reason: "Supplier outage this week", Text: "Re-run go/no-go after the supplier's fix"}}))
	if r.State != Preparing || !strings.Contains(r.StateReason, "Supplier outage") {
		t.Fatalf("after no-go: %s %q", r.State, r.StateReason)
	}
}

func TestCeremonyRules(t *testing.T) {
	f := newFlow(t, Silver)
	r := &f.d.Record
	f.mustFail("no attendees", "Add at least one attendee")(r.RecordCeremony(CeremonyInput{Ceremony: Ceremony{Kind: ReadinessReview, Date: f.today()}}, f.newID, "Ana", f.now))
	f.mustFail("decision without a reason", "Reason is required")(f.ceremony(GoNoGo, []Decision{{Outcome: Go}}))
	f.mustFail("go/no-go without a decision", "Record the go/no-go decision")(f.ceremony(GoNoGo, nil))
}

func TestCeremonySnapshotKeepsWhatWasKnown(t *testing.T) {
	f := newFlow(t, Silver)
	r := &f.d.Record
	f.must(f.ceremony(ReadinessReview, []Decision{{Outcome: Noted, Reason: "First look"}}))
	for _, s := range r.Sections {
		for _, it := range s.Items {
			f.must([]Edit{{ItemPath(it.ID, "status"), StatusValue{Status: Done}}}, nil)
		}
	}
	if got := r.Ceremonies[0].Snapshot; got.Percent != 0 || got.State != Draft || got.Of == 0 {
		t.Fatalf("snapshot changed with the record: %+v", got)
	}
	if ProgressOf(r, f.now).Percent != 100 {
		t.Fatal("record did not move on")
	}
}

func TestHypercareFigures(t *testing.T) {
	h := Hypercare{Incidents: []Incident{
		{Severity: "P1", Opened: "2026-11-22T10:00", Resolved: "2026-11-22T11:30"},
		{Severity: "P2", Opened: "2026-11-23T10:00"},
		{Severity: "P3", Opened: "2026-11-23T10:00", Resolved: "2026-11-23T10:30"},
		{Severity: "P4", Opened: "2026-11-24T10:00"},
	}}
	f := h.FiguresOf()
	if f.BySeverity.P1 != 1 || f.BySeverity.P4 != 1 || f.OpenP1P2 != 1 || f.Open != 2 || f.Resolved != 2 || f.MTTRMinutes != 60 {
		t.Fatalf("figures %+v", f)
	}
	h.Window = HypercareWindow{State: HCActive, Start: "2026-11-01", PlannedEnd: "2026-11-15"}
	if !h.Overdue("2026-11-16") || h.Overdue("2026-11-15") {
		t.Fatal("a window is overdue the day after its end, not on it")
	}
	h.Extensions = []Extension{{Days: 5}}
	if h.Overdue("2026-11-16") || h.End() != "2026-11-20" {
		t.Fatalf("extension not counted: end %s", h.End())
	}
}

func TestAcknowledgementGoesStaleOnMaterialChange(t *testing.T) {
	f := newFlow(t, Silver)
	r := &f.d.Record
	item := r.Sections[len(r.Sections)-1].Items[0].ID
	f.must([]Edit{{ItemPath(item, "status"), StatusValue{Status: Done}}}, nil)
	ack := func() *Ack {
		f.now = f.now.Add(time.Hour)
		f.must(r.Acknowledge(Person{Name: "Dana Fox", Role: "Support lead"}, "", "Aware of the date", AckOrigin{}, f.newID, f.m.Clock.Now().Time()))
		return &r.Acks[len(r.Acks)-1]
	}
	fresh := func(a *Ack) bool { return !a.Stale(r) }
	a := ack()
	f.must([]Edit{{"title", "Renamed"}}, nil) // not material
	if !fresh(a) {
		t.Fatal("a title change made the acknowledgement stale")
	}
	for _, e := range []Edit{
		{"goLive", "2026-12-24"},
		{PathTier, TierValue{Tier: Gold, Reason: "More risk found"}},
		{SectionTextPath("rollback-plan"), "New rollback plan"},
		{ItemPath(item, "status"), StatusValue{Status: InProgress}}, // reopened
	} {
		a = ack()
		f.must([]Edit{e}, nil)
		if fresh(a) {
			t.Fatalf("acknowledgement still current after %s changed", e.Path)
		}
	}
	f.mustFail("ack without a name", "Name is required")(r.Acknowledge(Person{}, "", "", AckOrigin{}, f.newID, f.now))
	f.mustFail("ack of an unknown section", "no section")(r.Acknowledge(Person{Name: "X"}, "nope", "", AckOrigin{}, f.newID, f.now))
}

func TestHistorySummarisesLifecycleChanges(t *testing.T) {
	f := newFlow(t, Silver)
	r := &f.d.Record
	f.must(f.move(Preparing, ""))
	f.must(f.ceremony(GoNoGo, []Decision{{Outcome: Go, Reason: "Ready"}}))
	h := History(r, f.log.changes)
	var got []string
	for _, e := range h {
		got = append(got, e.Label+": "+e.Summary)
	}
	joined := strings.Join(got, "\n")
	for _, want := range []string{"Lifecycle state: Ready: Go/no-go", "Ceremony: Go/no-go, Sun 22 Nov 2026", "Lifecycle state: Preparing"} {
		if !strings.Contains(joined, want) {
			t.Errorf("history lacks %q:\n%s", want, joined)
		}
	}
}

// A change to an item's evidence is summarised by how many entries it
// leaves, in the singular for one.
func TestHistoryCountsEvidenceEntries(t *testing.T) {
	for value, want := range map[string]string{
		`[]`:                                     "0 evidence entries",
		`[{"url":"https://wiki.example.com/a"}]`: "1 evidence entry",
		`[{"url":"JIRA-1"},{"url":"https://wiki.example.com/b"}]`: "2 evidence entries",
	} {
		if got := summarise(Change{Path: "items/COM-01/evidence", Value: []byte(value)}); got != want {
			t.Errorf("evidence %s: %q, want %q", value, got, want)
		}
	}
}

func TestPlannedCeremoniesAreNextUntilHeld(t *testing.T) {
	f := newFlow(t, Silver)
	r := &f.d.Record
	f.must([]Edit{{EntryPath("plans", f.newID()), Plan{Kind: GoNoGo, Date: f.today().AddDays(5)}}}, nil)
	f.must([]Edit{{EntryPath("plans", f.newID()), Plan{Kind: ReadinessReview, Date: f.today().AddDays(2)}}}, nil)
	f.must([]Edit{{EntryPath("plans", f.newID()), Plan{Kind: ReadinessReview, Date: f.today().AddDays(-3)}}}, nil)
	if n := r.NextCeremony(f.today()); n == nil || n.Kind != ReadinessReview || n.Date != f.today().AddDays(2) {
		t.Fatalf("next ceremony %+v", n)
	}
	f.mustFail("plan with a bad kind", "Kind must be one of")([]Edit{{EntryPath("plans", f.newID()), Plan{Kind: "party", Date: f.today()}}}, nil)
	f.must(f.ceremony(ReadinessReview, []Decision{{Outcome: Noted, Reason: "Held early"}}))
	if n := r.NextCeremony(f.today()); n == nil || n.Kind != GoNoGo {
		t.Fatalf("after the review was held, next is %+v", n)
	}
}
