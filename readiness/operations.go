package readiness

import (
	"encoding/json"
	"fmt"
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

// MoveTo moves the record through its lifecycle (see CheckMove). Going live
// opens the hypercare window from today for the tier's number of days;
// moving back from handed over to live reopens it.
func (r *Record) MoveTo(to State, reason string, today Date) ([]Edit, error) {
	reason = strings.TrimSpace(reason)
	if err := r.CheckMove(to, reason); err != nil {
		return nil, err
	}
	edits := []Edit{{PathState, StateValue{State: to, Reason: reason}}}
	w := r.Hypercare.Window
	switch {
	case to == Live && r.State == Ready:
		w.State, w.Start, w.PlannedEnd, w.ExitedOn = HCActive, today, today.AddDays(w.Days), ""
		edits = append(edits, Edit{PathHypercareWindow, w})
	case to == Live && r.State == HandedOver && w.State == HCExited:
		w.State, w.ExitedOn = HCExtended, ""
		edits = append(edits, Edit{PathHypercareWindow, w})
	}
	return edits, nil
}

// CeremonyInput is a ceremony as the form collects it: the ceremony, and the
// conditions and actions that become tracked actions.
type CeremonyInput struct {
	Ceremony   Ceremony `json:"ceremony"`
	Conditions []string `json:"conditions"`
	Actions    []Action `json:"actions"`
}

// RecordCeremony records a ceremony with a snapshot of the record now. A go
// or go-with-conditions decision at a go/no-go makes a preparing record
// ready; a no-go sends a ready record back to preparing, with the reasons;
// a hypercare exit closes the window, which needs every criterion met or
// waived. Conditions and actions become tracked actions.
func (r *Record) RecordCeremony(in CeremonyInput, newID func() EntityID, by string, now time.Time) ([]Edit, error) {
	c := in.Ceremony
	c.ID, c.By, c.Snapshot = newID(), by, SnapshotOf(r, now)
	c.Actions = nil
	if err := c.Check(); err != nil {
		return nil, err
	}
	var edits []Edit
	for _, text := range in.Conditions {
		if text = strings.TrimSpace(text); text != "" {
			in.Actions = append(in.Actions, Action{Text: "Condition: " + text})
		}
	}
	if goDecision(&c) == GoWithConditions && len(in.Actions) == 0 {
		return nil, fieldErr("conditions", "required", "Go with conditions needs at least one condition: each becomes a tracked action")
	}
	for _, a := range in.Actions {
		a.ID, a.Source = newID(), c.Title()
		if err := Struct(&a); err != nil {
			return nil, err
		}
		c.Actions = append(c.Actions, a.ID)
		edits = append(edits, Edit{EntryPath("actions", a.ID), a})
	}
	edits = append([]Edit{{EntryPath("ceremonies", c.ID), c}}, edits...)
	for _, p := range r.Plans { // a plan of this kind is now held
		if p.Kind == c.Kind && !c.Date.Before(p.Date.AddDays(-14)) {
			edits = append(edits, Edit{EntryPath("plans", p.ID), nil})
		}
	}
	switch {
	case c.Kind == GoNoGo && goDecision(&c) != NoGo && (r.State == Draft || r.State == Preparing):
		edits = append(edits, Edit{PathState, StateValue{State: Ready, Reason: "Go/no-go " + c.Date.String() + ": " + string(goDecision(&c))}})
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

// Extend lengthens the hypercare window, with the reason.
func (r *Record) Extend(days int, reason string, today Date, newID func() EntityID) ([]Edit, error) {
	w := r.Hypercare.Window
	if w.State != HCActive && w.State != HCExtended {
		return nil, fieldErr("days", "window", "Only an active hypercare window can be extended")
	}
	e := Extension{ID: newID(), Days: days, Reason: strings.TrimSpace(reason), On: today}
	if err := Struct(&e); err != nil {
		return nil, err
	}
	w.State = HCExtended
	return []Edit{{EntryPath("hypercare/extensions", e.ID), e}, {PathHypercareWindow, w}}, nil
}

// Accept records the receiving team's acceptance of the handover; its
// conditions become tracked actions.
func (r *Record) Accept(a Acceptance, newID func() EntityID) ([]Edit, error) {
	a.Person.Name, a.Person.Role = strings.TrimSpace(a.Person.Name), strings.TrimSpace(a.Person.Role)
	if err := Struct(&a.Person); err != nil {
		return nil, err
	}
	if err := Struct(&a); err != nil {
		return nil, err
	}
	var edits []Edit
	var conds []string
	a.Actions = nil
	for _, text := range a.Conditions {
		if text = strings.TrimSpace(text); text == "" {
			continue
		}
		conds = append(conds, text)
		act := Action{ID: newID(), Text: "Handover condition: " + text, Source: "Handover accepted by " + a.Person.Name}
		a.Actions = append(a.Actions, act.ID)
		edits = append(edits, Edit{EntryPath("actions", act.ID), act})
	}
	a.Conditions = conds
	if a.Conditions == nil {
		a.Conditions = []string{}
	}
	return append([]Edit{{PathAcceptance, a}}, edits...), nil
}

// Acknowledge records a stakeholder's awareness of the record or a section.
func (r *Record) Acknowledge(p Person, section SectionID, comment string, newID func() EntityID, now time.Time) ([]Edit, error) {
	a := Ack{ID: newID(), Person: Person{Name: strings.TrimSpace(p.Name), Role: strings.TrimSpace(p.Role)}, Section: section,
		Comment: strings.TrimSpace(comment), At: now.UTC().Truncate(time.Second)}
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
		if err := scratch.Apply(c, func(Path) ([]Change, error) { return nil, fmt.Errorf("no log in a scratch doc") }); err != nil {
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
