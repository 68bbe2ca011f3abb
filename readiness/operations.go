package readiness

import (
	"encoding/json"
	"fmt"
	"slices"
	"strings"
	"time"
)

// Edit is one path set to one value: the unit an operation is made of.
type Edit struct {
	Path  Path
	Value any
}

// Operations turn what a person does (go live, record a go/no-go, accept a
// handover) into the edits that express it. Each checks its rules against
// the record as it stands; Maker.EditAll then makes the changes, checking
// every value as usual.

// Move is a lifecycle move as a person makes it.
type Move struct {
	To State `json:"to"`
	// Reason is why the record moves back (required then).
	Reason string `json:"reason"`
	// On is when it actually happened (going live, handing over, closing);
	// today when empty, and never in the future.
	On Date `json:"on"`
	// DateReason is why the record went live more than a day away from its
	// planned date: asked for, and kept beside both dates.
	DateReason string `json:"dateReason"`
	// Actions says, when closing, what becomes of each open action.
	Actions []ActionOutcome `json:"actions"`
}

// MaxGoLiveDrift is how far from its planned date a record may go live
// without being asked why.
const MaxGoLiveDrift = 1

// MoveTo moves the record through its lifecycle (see CheckMove). Going
// live records the actual date (asking why when it is more than a day away
// from the plan) and opens the hypercare window from it for the tier's
// number of days; moving back from handed over to live reopens the window;
// moving back before live forgets the dates after it; closing settles every
// open action first (done, cancelled with a reason, or transferred to the
// receiving team).
func (r *Record) MoveTo(m Move, by string, today Date) ([]Edit, error) {
	to, reason := m.To, strings.TrimSpace(m.Reason)
	if err := r.CheckMove(to, reason); err != nil {
		return nil, err
	}
	on := m.On
	if on.IsZero() {
		on = today
	}
	if err := Var("on", string(on), "date"); err != nil {
		return nil, err
	}
	if today.Before(on) {
		return nil, fieldErr("on", "future", fmt.Sprintf("%s is in the future: record a move when it has happened", on.Words()))
	}
	var edits []Edit
	if to == Closed {
		settled, err := r.settleAll(m.Actions, by, on)
		if err != nil {
			return nil, err
		}
		edits = append(edits, settled...)
	}
	edits = append(edits, Edit{PathState, StateValue{State: to, Reason: reason}})
	forward := to.index() > r.State.index()
	w := r.Hypercare.Window
	switch {
	case to == Live && r.State == Ready:
		md := MoveDate{On: on}
		if drift := r.GoLiveDrift(on); drift > MaxGoLiveDrift || drift < -MaxGoLiveDrift {
			md.Reason = strings.TrimSpace(m.DateReason)
			if md.Reason == "" {
				return nil, fieldErr("dateReason", "required", fmt.Sprintf("Going live %s the planned date (%s): confirm the date and say why",
					driftWords(drift), r.GoLive.Words()))
			}
		}
		if err := Struct(&md); err != nil {
			return nil, err
		}
		w.State, w.Start, w.PlannedEnd, w.ExitedOn = HCActive, on, on.AddDays(w.Days), ""
		edits = append(edits, Edit{DatePath(Live), md}, Edit{PathHypercareWindow, w})
	case to == Live && r.State == HandedOver && w.State == HCExited:
		w.State, w.ExitedOn = HCExtended, ""
		edits = append(edits, Edit{PathHypercareWindow, w})
	case forward && (to == HandedOver || to == Closed):
		edits = append(edits, Edit{DatePath(to), MoveDate{On: on}})
	}
	if !forward { // the dates of states the record leaves are no longer so
		for _, s := range datedStates {
			if s.index() > to.index() && !r.moveDate(s).On.IsZero() {
				edits = append(edits, Edit{DatePath(s), MoveDate{}})
			}
		}
	}
	return edits, nil
}

// GoLiveDrift is how many days a go-live on a date is from the planned
// date: negative when early. Zero when no date is planned.
func (r *Record) GoLiveDrift(on Date) int {
	if r.GoLive.IsZero() || on.IsZero() {
		return 0
	}
	return daysBetween(r.GoLive, on)
}

func driftWords(days int) string {
	if days < 0 {
		return plural(-days, "day", "days") + " before"
	}
	return plural(days, "day", "days") + " after"
}

// settleAll applies a closing's outcome to every open action; each needs
// one.
func (r *Record) settleAll(outcomes []ActionOutcome, by string, today Date) ([]Edit, error) {
	byID := map[EntityID]int{}
	for i, o := range outcomes {
		byID[o.ID] = i
	}
	var edits []Edit
	var errs []error
	var missing []string
	for _, a := range r.Actions {
		if !a.IsOpen() {
			continue
		}
		i, ok := byID[a.ID]
		if !ok {
			missing = append(missing, clip(a.Text, 40))
			continue
		}
		after, err := r.settled(a, outcomes[i], by, today, fmt.Sprintf("actions[%d]", i))
		if err != nil {
			errs = append(errs, err)
			continue
		}
		if after.IsOpen() {
			errs = append(errs, fieldErr(fmt.Sprintf("actions[%d].to", i), "open", "A record closes with no action left open: close, cancel or transfer it"))
			continue
		}
		edits = append(edits, Edit{EntryPath("actions", a.ID), after})
	}
	if len(missing) > 0 {
		errs = append(errs, fieldErr("actions", "required", fmt.Sprintf(
			"%s still open: close each, cancel it with a reason, or transfer it to the receiving team (%s)",
			plural(len(missing), "action is", "actions are"), joinMax(missing, 3))))
	}
	if err := joinErrors(errs); err != nil {
		return nil, err
	}
	return edits, nil
}

// CeremonyInput is a ceremony as the form collects it: the ceremony, its
// conditions and other actions (each with an owner and a due date), and,
// for a go while items are blocked, what becomes of each blocked item.
type CeremonyInput struct {
	Ceremony   Ceremony        `json:"ceremony"`
	Conditions []Condition     `json:"conditions"`
	Actions    []Condition     `json:"actions"`
	Blocked    []BlockedChoice `json:"blocked"`
}

// RecordCeremony records a ceremony with a snapshot of the record now and,
// for a go/no-go or readiness review, what was open. A go or
// go-with-conditions decision at a go/no-go makes a preparing record
// ready, and needs a choice for every blocked item (a condition or an
// accepted risk); a no-go sends a ready record back to preparing, with the
// reasons; a hypercare exit closes the window, which needs every criterion
// met or waived. Conditions and actions become tracked actions.
func (r *Record) RecordCeremony(in CeremonyInput, newID func() EntityID, by string, now time.Time) ([]Edit, error) {
	c := in.Ceremony
	c.ID, c.By, c.Snapshot = newID(), by, SnapshotOf(r, now)
	c.Actions, c.Conditions, c.Blocked, c.Open, c.Amendments = nil, nil, nil, nil, nil
	if err := c.Check(); err != nil {
		return nil, err
	}
	if c.Kind == GoNoGo || c.Kind == ReadinessReview {
		o := r.OutstandingOf(now)
		c.Open = &o
	}
	source := c.Title()
	var actions []Action
	var risks []Risk
	var errs []error
	for i, cd := range in.Conditions {
		if strings.TrimSpace(cd.Text) == "" {
			continue
		}
		a, err := newAction(newID(), "Condition: "+strings.TrimSpace(cd.Text), cd.Owner, cd.Due, source, fmt.Sprintf("conditions[%d]", i))
		if err != nil {
			errs = append(errs, err)
			continue
		}
		actions = append(actions, a)
		c.Conditions = append(c.Conditions, a.ID)
	}
	going := c.Kind == GoNoGo && (goDecision(&c) == Go || goDecision(&c) == GoWithConditions)
	if going {
		res, acts, rks, err := r.resolveBlocked(in.Blocked, source, newID)
		if err != nil {
			errs = append(errs, err)
		}
		c.Blocked, risks = res, rks
		for _, a := range acts {
			actions = append(actions, a)
			c.Conditions = append(c.Conditions, a.ID)
		}
	} else if len(in.Blocked) > 0 {
		errs = append(errs, fieldErr("blocked", "go", "Choices for blocked items belong to a go decision"))
	}
	for i, cd := range in.Actions {
		if strings.TrimSpace(cd.Text) == "" {
			continue
		}
		a, err := newAction(newID(), cd.Text, cd.Owner, cd.Due, source, fmt.Sprintf("actions[%d]", i))
		if err != nil {
			errs = append(errs, err)
			continue
		}
		actions = append(actions, a)
	}
	if err := joinErrors(errs); err != nil {
		return nil, err
	}
	if goDecision(&c) == GoWithConditions && len(c.Conditions) == 0 {
		return nil, fieldErr("conditions", "required", "Go with conditions needs at least one condition: each becomes a tracked action")
	}
	edits := []Edit{{EntryPath("ceremonies", c.ID), nil}} // the ceremony, filled in below
	for _, a := range actions {
		c.Actions = append(c.Actions, a.ID)
		edits = append(edits, Edit{EntryPath("actions", a.ID), a})
	}
	for _, rk := range risks {
		edits = append(edits, Edit{RiskPath(rk.ID), rk})
	}
	edits[0].Value = c
	for _, p := range r.Plans { // a plan of this kind is now held
		if p.Kind == c.Kind && !c.Date.Before(p.Date.AddDays(-14)) {
			edits = append(edits, Edit{EntryPath("plans", p.ID), nil})
		}
	}
	switch {
	case c.Kind == GoNoGo && going && (r.State == Draft || r.State == Preparing):
		edits = append(edits, Edit{PathState, StateValue{State: Ready, Reason: c.Title() + ": " + c.DecisionSummary()}})
	case c.Kind == GoNoGo && goDecision(&c) == NoGo && r.State == Ready:
		edits = append(edits, Edit{PathState, StateValue{State: Preparing, Reason: "No-go: " + c.Decisions[0].Reason}})
	case c.Kind == HypercareExit:
		if err := r.Hypercare.CheckExit(); err != nil {
			return nil, err
		}
		w := r.Hypercare.Window
		w.State, w.ExitedOn = HCExited, c.Date
		edits = append(edits, Edit{PathHypercareWindow, w})
	}
	return edits, nil
}

// CeremonyAmendment corrects a recorded ceremony: what it changes (nil
// leaves a part as it was), the actions it adds, and why.
type CeremonyAmendment struct {
	Ceremony  EntityID    `json:"ceremony"`
	Attendees []Person    `json:"attendees"`
	Agenda    *string     `json:"agenda"`
	Notes     *string     `json:"notes"`
	Decisions []Decision  `json:"decisions"`
	Actions   []Condition `json:"actions"`
	Reason    string      `json:"reason"`
}

// AmendCeremony corrects a recorded ceremony with a reason. The amendment is
// a change in the log (history shows the ceremony before and after), the
// ceremony lists its amendments, and its report says "amended on … by …
// because …". What the ceremony knew when it was held — its snapshot, what
// was open, what it did with blocked items — is not amended; neither is
// the record's state.
func (r *Record) AmendCeremony(in CeremonyAmendment, newID func() EntityID, by string, now time.Time) ([]Edit, error) {
	var c *Ceremony
	for i := range r.Ceremonies {
		if r.Ceremonies[i].ID == in.Ceremony {
			c = &r.Ceremonies[i]
		}
	}
	if c == nil {
		return nil, fmt.Errorf("ceremony %s: %w", in.Ceremony, ErrNotFound)
	}
	after := *c
	after.Amendments = append([]Amendment(nil), c.Amendments...)
	am := Amendment{At: now.UTC().Truncate(time.Second), By: by, Reason: strings.TrimSpace(in.Reason)}
	if in.Attendees != nil {
		after.Attendees = in.Attendees
		am.Changed = append(am.Changed, "attendees")
	}
	if in.Agenda != nil && *in.Agenda != c.Agenda {
		after.Agenda = *in.Agenda
		am.Changed = append(am.Changed, "agenda")
	}
	if in.Notes != nil && *in.Notes != c.Notes {
		after.Notes = *in.Notes
		am.Changed = append(am.Changed, "notes")
	}
	if in.Decisions != nil {
		after.Decisions = in.Decisions
		am.Changed = append(am.Changed, "decisions")
	}
	var edits []Edit
	for i, cd := range in.Actions {
		if strings.TrimSpace(cd.Text) == "" {
			continue
		}
		a, err := newAction(newID(), cd.Text, cd.Owner, cd.Due, after.Title()+" (amended)", fmt.Sprintf("actions[%d]", i))
		if err != nil {
			return nil, err
		}
		after.Actions = append(append([]EntityID(nil), after.Actions...), a.ID)
		edits = append(edits, Edit{EntryPath("actions", a.ID), a})
		if !slices.Contains(am.Changed, "actions") {
			am.Changed = append(am.Changed, "actions")
		}
	}
	var errs []error
	if am.Reason == "" {
		errs = append(errs, fieldErr("reason", "required", "Say why the ceremony is amended"))
	}
	if len(am.Changed) == 0 {
		errs = append(errs, fieldErr("changes", "nothing", "The amendment changes nothing yet: change the attendees, the decision's words, the notes, or add an action"))
	}
	if err := joinErrors(errs); err != nil {
		return nil, err
	}
	if c.Kind == GoNoGo && goDecision(&after) == "" {
		return nil, fieldErr("decisions", "required", "A go/no-go keeps its go/no-go decision; amend what it says, or record a new go/no-go")
	}
	if err := Struct(&am); err != nil {
		return nil, err
	}
	after.Amendments = append(after.Amendments, am)
	return append([]Edit{{EntryPath("ceremonies", c.ID), after}}, edits...), nil
}

// Extend lengthens the hypercare window, with the reason; stability says
// the service is not yet stable (the release then counts as a failed
// change, see DeliveryOf).
func (r *Record) Extend(days int, reason string, stability bool, today Date, newID func() EntityID) ([]Edit, error) {
	w := r.Hypercare.Window
	if w.State != HCActive && w.State != HCExtended {
		return nil, fieldErr("days", "window", "Only an active hypercare window can be extended")
	}
	e := Extension{ID: newID(), Days: days, Reason: strings.TrimSpace(reason), On: today, Stability: stability}
	if err := Struct(&e); err != nil {
		return nil, err
	}
	w.State = HCExtended
	return []Edit{{EntryPath("hypercare/extensions", e.ID), e}, {PathHypercareWindow, w}}, nil
}

// AcceptInput is the receiving team's acceptance as the form collects it:
// who accepts and when, the conditions (each with an owner and a due
// date), and what becomes of each handover item not done.
type AcceptInput struct {
	Acceptance Acceptance       `json:"acceptance"`
	Conditions []Condition      `json:"conditions"`
	Unfinished []HandoverChoice `json:"unfinished"`
}

// HandoverChoice is what an acceptance does with a handover item not done:
// it becomes a condition of the acceptance (a tracked action), or it is
// marked n/a with the reason.
type HandoverChoice struct {
	Item   string `json:"item"`
	As     string `json:"as"` // condition or na
	Reason string `json:"reason"`
	Owner  string `json:"owner"`
	Due    Date   `json:"due"`
}

// Accept records the receiving team's acceptance. It says what it accepts:
// every handover item not done (or n/a) becomes a condition or is marked
// n/a with a reason before the acceptance is saved; conditions become
// tracked actions with owners and due dates.
func (r *Record) Accept(in AcceptInput, newID func() EntityID) ([]Edit, error) {
	a := in.Acceptance
	a.Person.Name, a.Person.Role = strings.TrimSpace(a.Person.Name), strings.TrimSpace(a.Person.Role)
	if err := Struct(&a.Person); err != nil {
		return nil, prefixFields(err, "person")
	}
	a.Conditions, a.Actions, a.Unfinished = []string{}, nil, nil
	if err := Struct(&a); err != nil {
		return nil, err
	}
	source := "Handover accepted by " + a.Person.Name
	var edits []Edit
	var errs []error
	add := func(act Action, text string) {
		a.Conditions = append(a.Conditions, text)
		a.Actions = append(a.Actions, act.ID)
		edits = append(edits, Edit{EntryPath("actions", act.ID), act})
	}
	for i, cd := range in.Conditions {
		text := strings.TrimSpace(cd.Text)
		if text == "" {
			continue
		}
		act, err := newAction(newID(), "Handover condition: "+text, cd.Owner, cd.Due, source, fmt.Sprintf("conditions[%d]", i))
		if err != nil {
			errs = append(errs, err)
			continue
		}
		add(act, text)
	}
	chosen := map[string]int{}
	for i, ch := range in.Unfinished {
		chosen[ch.Item] = i
	}
	var missing []string
	for _, it := range r.Handover.Items {
		if it.Status == Done || it.Status == NA {
			if _, ok := chosen[it.ID]; ok {
				errs = append(errs, fieldErr(fmt.Sprintf("unfinished[%d].item", chosen[it.ID]), "done", it.ID+" is already "+strings.ToLower(it.Status.Label())))
			}
			continue
		}
		i, ok := chosen[it.ID]
		if !ok {
			missing = append(missing, it.ID)
			continue
		}
		ch, field := in.Unfinished[i], fmt.Sprintf("unfinished[%d]", i)
		res := HandoverResolution{Item: it.ID, Text: it.Text, As: ch.As, Reason: strings.TrimSpace(ch.Reason)}
		switch ch.As {
		case AsCondition:
			text := fmt.Sprintf("%s (%s) not done at handover: %s", it.ID, it.Text, it.Status.Label())
			if res.Reason != "" {
				text += " — " + res.Reason
			}
			act, err := newAction(newID(), "Handover condition: "+clip(text, 900), ch.Owner, ch.Due, source, field)
			if err != nil {
				errs = append(errs, err)
				continue
			}
			res.Action = act.ID
			add(act, clip(text, 1000))
		case "na":
			if res.Reason == "" {
				errs = append(errs, fieldErr(field+".reason", "required", "Say why "+it.ID+" does not apply"))
				continue
			}
			v := it.HandoverItemValue
			v.Status, v.Reason = NA, res.Reason
			edits = append(edits, Edit{HandoverItemPath(it.ID), v})
		default:
			errs = append(errs, fieldErr(field+".as", "oneof", "Choose for "+it.ID+": a condition of acceptance, or n/a with a reason"))
			continue
		}
		a.Unfinished = append(a.Unfinished, res)
	}
	if len(missing) > 0 {
		errs = append(errs, fieldErr("unfinished", "required", fmt.Sprintf(
			"%s not done: make each a condition of acceptance or mark it n/a with a reason (%s)",
			plural(len(missing), "handover item is", "handover items are"), joinMax(missing, 4))))
	}
	if err := joinErrors(errs); err != nil {
		return nil, err
	}
	if len(a.Conditions) > 20 {
		return nil, fieldErr("conditions", "max", "An acceptance can carry at most 20 conditions")
	}
	return append([]Edit{{PathAcceptance, a}}, edits...), nil
}

// Acknowledge records a stakeholder's awareness of the record or a section.
func (r *Record) Acknowledge(p Person, section SectionID, comment string, origin AckOrigin, newID func() EntityID, now time.Time) ([]Edit, error) {
	a := Ack{ID: newID(), Person: Person{Name: strings.TrimSpace(p.Name), Role: strings.TrimSpace(p.Role)}, Section: section,
		Comment: strings.TrimSpace(comment), At: now.UTC().Truncate(time.Second), Origin: origin}
	if err := checkAck(r, &a); err != nil {
		return nil, err
	}
	if err := Struct(&a); err != nil {
		return nil, err
	}
	return []Edit{{EntryPath("acks", a.ID), a}}, nil
}

// EditAll makes the changes for a list of edits, each checked against the
// record as the edits before it leave it, so an operation is checked whole.
// Nothing is stored here; the caller applies the changes in one batch.
func (m *Maker) EditAll(d *Doc, edits []Edit) ([]Change, error) {
	scratch, err := cloneDoc(d)
	if err != nil {
		return nil, err
	}
	var out []Change
	for _, e := range edits {
		c, err := m.Edit(&scratch, e.Path, e.Value)
		if err != nil {
			return nil, err
		}
		if err := scratch.Apply(c, func(Path) ([]Change, error) { return nil, fmt.Errorf("no log in a scratch doc") }, nil); err != nil {
			return nil, err
		}
		out = append(out, c)
	}
	return out, nil
}

func cloneDoc(d *Doc) (Doc, error) {
	var c Doc
	b, err := json.Marshal(d)
	if err != nil {
		return c, err
	}
	return c, json.Unmarshal(b, &c)
}

func (d Date) String() string { return string(d) }
