package readiness

import (
	"fmt"
	"strings"
	"time"
)

// ActionStatus is where an action is.
type ActionStatus string

const (
	// ActionOpen is an action still to do.
	ActionOpen ActionStatus = "open"
	// ActionDone is an action closed as done, with an optional note.
	ActionDone ActionStatus = "done"
	// ActionCancelled is an action nobody will do, with the reason.
	ActionCancelled ActionStatus = "cancelled"
	// ActionTransferred is an action handed to the receiving team when the
	// record closed: an open commitment of theirs, listed in the handover
	// pack.
	ActionTransferred ActionStatus = "transferred"
)

// Action is something someone must do: from a ceremony's conditions, the
// handover's conditions, a blocked item taken forward as a condition, or
// raised by hand. Every open action has an owner and a due date; every
// change to it (edit, reassign, close, cancel, transfer) is a change in
// the log.
type Action struct {
	ID    EntityID `json:"id"`
	Text  string   `json:"text" validate:"required,max=1000,text"`
	Owner string   `json:"owner" validate:"max=120,line"`
	Due   Date     `json:"due" validate:"omitempty,date"`
	// Done is true once the action is closed as done. (Actions made before
	// action states have only this.)
	Done   bool         `json:"done"`
	Status ActionStatus `json:"status,omitempty" validate:"omitempty,oneof=open done cancelled transferred"`
	// Note is the closing note, or why the action was cancelled.
	Note          string `json:"note,omitempty" validate:"max=2000,text"`
	ClosedOn      Date   `json:"closedOn,omitempty" validate:"omitempty,date"`
	ClosedBy      string `json:"closedBy,omitempty" validate:"max=120,line"`
	TransferredTo string `json:"transferredTo,omitempty" validate:"max=120,line"`
	Source        string `json:"source" validate:"max=200,line"` // e.g. "Go/no-go, Tue 1 Dec 2026"
}

// State is the action's status, reading actions made before action states
// by their done flag.
func (a *Action) State() ActionStatus {
	switch {
	case a.Status != "":
		return a.Status
	case a.Done:
		return ActionDone
	}
	return ActionOpen
}

// IsOpen reports whether the action is still to do here (transferred,
// done and cancelled actions are not).
func (a *Action) IsOpen() bool { return a.State() == ActionOpen }

// Overdue reports whether an open action is past its due date.
func (a *Action) Overdue(today Date) bool {
	return a.IsOpen() && !a.Due.IsZero() && a.Due.Before(today)
}

// checkAction is the rule every stored action keeps: an open one has an
// owner and a due date, a cancelled one its reason, a transferred one the
// team that took it.
func checkAction(_ *Record, a *Action) error {
	switch a.State() {
	case ActionOpen:
		if strings.TrimSpace(a.Owner) == "" {
			return fieldErr("owner", "required", "Every action needs an owner: who will do it?")
		}
		if a.Due.IsZero() {
			return fieldErr("due", "required", "Every action needs a due date")
		}
	case ActionCancelled:
		if strings.TrimSpace(a.Note) == "" {
			return fieldErr("note", "required", "Say why the action is cancelled")
		}
	case ActionTransferred:
		if strings.TrimSpace(a.TransferredTo) == "" {
			return fieldErr("transferredTo", "required", "Name the team that takes the action over")
		}
	}
	if a.Done != (a.State() == ActionDone) {
		return fieldErr("status", "done", "An action's done flag and status disagree")
	}
	return nil
}

// Condition is a condition as a form collects it: what must happen, who
// owns it, by when. It becomes a tracked action.
type Condition struct {
	Text  string `json:"text"`
	Owner string `json:"owner"`
	Due   Date   `json:"due"`
}

// newAction makes an open action from a condition, checked.
func newAction(id EntityID, text, owner string, due Date, source, field string) (Action, error) {
	a := Action{ID: id, Text: strings.TrimSpace(text), Owner: strings.TrimSpace(owner), Due: due, Status: ActionOpen, Source: source}
	if err := Struct(&a); err != nil {
		return a, prefixFields(err, field)
	}
	if err := checkAction(nil, &a); err != nil {
		return a, prefixFields(err, field)
	}
	return a, nil
}

// SaveAction adds an action (empty id) or edits one: its text, owner and due
// date. An open action needs an owner and a due date.
func (r *Record) SaveAction(a Action, newID func() EntityID) ([]Edit, error) {
	if a.ID == "" {
		a.ID = newID()
		a.Status = ActionOpen
		a.Done = false
	} else {
		old := r.action(a.ID)
		if old == nil {
			return nil, fmt.Errorf("action %s: %w", a.ID, ErrNotFound)
		}
		// Editing keeps how the action stands; closing, cancelling and
		// transferring are their own operations.
		a.Status, a.Done, a.Note, a.ClosedOn, a.ClosedBy, a.TransferredTo, a.Source =
			old.State(), old.Done, old.Note, old.ClosedOn, old.ClosedBy, old.TransferredTo, old.Source
	}
	a.Text, a.Owner = strings.TrimSpace(a.Text), strings.TrimSpace(a.Owner)
	if err := Struct(&a); err != nil {
		return nil, err
	}
	if err := checkAction(r, &a); err != nil {
		return nil, err
	}
	return []Edit{{EntryPath("actions", a.ID), a}}, nil
}

// ActionOutcome is what becomes of an action: done (with an optional note),
// cancelled (with the reason) or transferred to the receiving team.
type ActionOutcome struct {
	ID   EntityID     `json:"id"`
	To   ActionStatus `json:"to"`
	Note string       `json:"note"`
}

// SettleAction closes, cancels or transfers an open action, or reopens a
// closed one (To open).
func (r *Record) SettleAction(o ActionOutcome, by string, now time.Time) ([]Edit, error) {
	old := r.action(o.ID)
	if old == nil {
		return nil, fmt.Errorf("action %s: %w", o.ID, ErrNotFound)
	}
	a, err := r.settled(*old, o, by, DateOf(now), "")
	if err != nil {
		return nil, err
	}
	return []Edit{{EntryPath("actions", a.ID), a}}, nil
}

// settled is an action after an outcome, checked; field prefixes the
// fields of its errors ("actions[2]").
func (r *Record) settled(a Action, o ActionOutcome, by string, today Date, field string) (Action, error) {
	note := strings.TrimSpace(o.Note)
	switch o.To {
	case ActionOpen:
		a.Status, a.Done, a.Note, a.ClosedOn, a.ClosedBy, a.TransferredTo = ActionOpen, false, "", "", "", ""
	case ActionDone, ActionCancelled:
		if !a.IsOpen() {
			return a, prefixFields(fieldErr("to", "open", fmt.Sprintf("The action %q is not open", clip(a.Text, 60))), field)
		}
		a.Status, a.Done, a.Note, a.ClosedOn, a.ClosedBy = o.To, o.To == ActionDone, note, today, by
	case ActionTransferred:
		if !a.IsOpen() {
			return a, prefixFields(fieldErr("to", "open", fmt.Sprintf("The action %q is not open", clip(a.Text, 60))), field)
		}
		team := r.Handover.Team
		if team == "" {
			team = r.MaintenanceTeam
		}
		a.Status, a.Note, a.ClosedOn, a.ClosedBy, a.TransferredTo = ActionTransferred, note, today, by, team
	default:
		return a, prefixFields(fieldErr("to", "oneof", "An action is closed as done, cancelled with a reason, or transferred to the receiving team"), field)
	}
	if err := Struct(&a); err != nil {
		return a, prefixFields(err, field)
	}
	if err := checkAction(r, &a); err != nil {
		return a, prefixFields(err, field)
	}
	return a, nil
}

func (r *Record) action(id EntityID) *Action {
	for i := range r.Actions {
		if r.Actions[i].ID == id {
			return &r.Actions[i]
		}
	}
	return nil
}

// OpenActions counts actions still to do.
func (r *Record) OpenActions() int {
	n := 0
	for i := range r.Actions {
		if r.Actions[i].IsOpen() {
			n++
		}
	}
	return n
}

// Commitments are what the receiving team took on: actions transferred to
// it when the record closed, and the conditions of its acceptance still
// open. The handover pack lists them.
func (r *Record) Commitments() []Action {
	var out []Action
	accepted := map[EntityID]bool{}
	if a := r.Handover.Acceptance; a != nil {
		for _, id := range a.Actions {
			accepted[id] = true
		}
	}
	for _, a := range r.Actions {
		if a.State() == ActionTransferred || accepted[a.ID] && a.IsOpen() {
			out = append(out, a)
		}
	}
	return out
}

func clip(s string, n int) string {
	if r := []rune(s); len(r) > n {
		return string(r[:n-1]) + "…"
	}
	return s
}
