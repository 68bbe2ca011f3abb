package readiness

import (
	"fmt"
	"slices"
	"time"
)

// States in lifecycle order.
var States = []State{Draft, Preparing, Ready, Live, HandedOver, Closed}

// Label is the state as people say it.
func (s State) Label() string {
	switch s {
	case Draft:
		return "Draft"
	case Preparing:
		return "Preparing"
	case Ready:
		return "Ready"
	case Live:
		return "Live (hypercare)"
	case HandedOver:
		return "Handed over"
	case Closed:
		return "Closed"
	}
	return string(s)
}

func (s State) index() int { return slices.Index(States, s) }

// StateValue is the value of the state path: the state and, for a move
// back, why.
type StateValue struct {
	State  State  `json:"state" validate:"required,oneof=draft preparing ready live handed-over closed"`
	Reason string `json:"reason" validate:"max=2000,text"`
}

// Step says what the record's next state is and what stands between it and
// that state, in words.
type Step struct {
	Next     State    `json:"next"`
	Action   string   `json:"action"`   // the button: "Go live"
	How      string   `json:"how"`      // how the move happens
	Blockers []string `json:"blockers"` // what stands in the way; empty when the move is open
	Notes    []string `json:"notes"`    // worth knowing, not in the way
}

// NextStep explains the way forward from the record's state.
func (r *Record) NextStep(now time.Time) Step {
	p := ProgressOf(r, now)
	open := p.Applicable - p.Done
	switch r.State {
	case Draft:
		return Step{Next: Preparing, Action: "Start preparing", How: "Start when the squad begins working through the checklist.", Blockers: []string{}}
	case Preparing:
		st := Step{Next: Ready, Action: "Record go/no-go", How: "A go/no-go ceremony with a go decision makes the record ready.", Blockers: []string{}}
		if p.Blocked > 0 {
			st.Blockers = append(st.Blockers, plural(p.Blocked, TierLabel(r.Tier)+" item", TierLabel(r.Tier)+" items")+" blocked")
		}
		if open-p.Blocked > 0 {
			st.Blockers = append(st.Blockers, plural(open-p.Blocked, "item", "items")+" not done")
		}
		if r.lastCeremony(ReadinessReview) == nil {
			st.Blockers = append(st.Blockers, "readiness review not held")
		}
		st.Blockers = append(st.Blockers, "go/no-go not recorded")
		return st
	case Ready:
		st := Step{Next: Live, Action: "Go live", How: "Going live starts the hypercare window.", Blockers: []string{}}
		if today := DateOf(now); !r.GoLive.IsZero() && today.Before(r.GoLive) {
			st.Notes = append(st.Notes, fmt.Sprintf("the planned go-live date is %s", r.GoLive.Words()))
		}
		return st
	case Live:
		st := Step{Next: HandedOver, Action: "Hand over", How: "Hand over once hypercare has exited and the maintenance team has accepted.", Blockers: []string{}}
		h := &r.Hypercare
		if h.Window.State != HCExited {
			st.Blockers = append(st.Blockers, fmt.Sprintf("hypercare exit criteria %d of %d met", h.CriteriaMet(), len(h.Criteria)))
			if h.Overdue(DateOf(now)) {
				st.Blockers = append(st.Blockers, fmt.Sprintf("hypercare window past its end (%s)", h.End().Words()))
			}
		}
		if !r.Handover.Accepted() {
			st.Blockers = append(st.Blockers, "handover not accepted")
		}
		return st
	case HandedOver:
		st := Step{Next: Closed, Action: "Close record", How: "Close when nothing is left to follow up: each open action is closed, cancelled with a reason, or transferred to the receiving team as you close.", Blockers: []string{}}
		if n := r.OpenActions(); n > 0 {
			st.Notes = append(st.Notes, plural(n, "action", "actions")+" still open: closing asks what becomes of each")
		}
		return st
	}
	return Step{Blockers: []string{}}
}

func (r *Record) lastCeremony(k CeremonyKind) *Ceremony {
	var last *Ceremony
	for i := range r.Ceremonies {
		c := &r.Ceremonies[i]
		if c.Kind == k && (last == nil || !c.Date.Before(last.Date)) {
			last = c
		}
	}
	return last
}

// CheckMove says whether the record may move to a state. Moving forward
// follows the lifecycle one step at a time under its hard rules (ready needs
// a go decision; handed over and closed need hypercare exited and the
// handover accepted); moving back is always allowed with a reason, and is
// recorded.
func (r *Record) CheckMove(to State, reason string) error {
	from := r.State
	if to.index() < 0 {
		return fieldErr("state", "oneof", fmt.Sprintf("%q is not a lifecycle state", to))
	}
	switch {
	case to == from:
		return fieldErr("state", "same", "The record is already "+from.Label())
	case to.index() < from.index():
		if len(reason) == 0 {
			return fieldErr("reason", "required", fmt.Sprintf("Say why the record moves back from %s to %s", from.Label(), to.Label()))
		}
		return nil
	case to.index() > from.index()+1:
		return fieldErr("state", "order", fmt.Sprintf("A record moves one step at a time: from %s the next state is %s", from.Label(), States[from.index()+1].Label()))
	}
	switch to {
	case Ready:
		if c := r.lastCeremony(GoNoGo); c == nil || goDecision(c) == NoGo {
			return fieldErr("state", "go", "A record becomes ready with a go decision: record a go/no-go ceremony")
		}
	case HandedOver, Closed:
		var missing []string
		if r.Hypercare.Window.State != HCExited {
			missing = append(missing, "hypercare has not exited")
		}
		if !r.Handover.Accepted() {
			missing = append(missing, "the handover is not accepted")
		}
		if len(missing) > 0 {
			return fieldErr("state", "hypercare", fmt.Sprintf("Not yet %s: %s. Hypercare: done is not done.", to.Label(), joinMax(missing, 2)))
		}
	}
	return nil
}
