package readiness

import (
	"fmt"
	"strings"
	"time"
)

// CeremonyKind is the kind of a ceremony.
type CeremonyKind string

const (
	ReadinessReview  CeremonyKind = "readiness-review"
	GoNoGo           CeremonyKind = "go-no-go"
	HypercareCheckIn CeremonyKind = "hypercare-checkin"
	HypercareExit    CeremonyKind = "hypercare-exit"
	HandoverMeeting  CeremonyKind = "handover"
)

// CeremonyKinds lists the kinds in lifecycle order.
var CeremonyKinds = []CeremonyKind{ReadinessReview, GoNoGo, HypercareCheckIn, HypercareExit, HandoverMeeting}

// Label is the kind as people say it.
func (k CeremonyKind) Label() string {
	switch k {
	case ReadinessReview:
		return "Readiness review"
	case GoNoGo:
		return "Go/no-go"
	case HypercareCheckIn:
		return "Hypercare check-in"
	case HypercareExit:
		return "Hypercare exit"
	case HandoverMeeting:
		return "Handover"
	}
	return string(k)
}

// Outcome is a ceremony decision's outcome.
type Outcome string

const (
	Go               Outcome = "go"
	NoGo             Outcome = "no-go"
	GoWithConditions Outcome = "go-with-conditions"
	Noted            Outcome = "noted" // a decision that is not go/no-go
)

// Person is an attendee, acknowledger or acceptor.
type Person struct {
	Name string `json:"name" validate:"required,max=120,line"`
	Role string `json:"role" validate:"max=120,line"`
}

// Decision is what a ceremony decided and why.
type Decision struct {
	Outcome Outcome `json:"outcome" validate:"required,oneof=go no-go go-with-conditions noted"`
	Text    string  `json:"text" validate:"max=2000,text"`
	Reason  string  `json:"reason" validate:"required,max=4000,text"`
}

// Snapshot is the record as it stood at a ceremony: what was known then.
type Snapshot struct {
	At       time.Time         `json:"at"`
	State    State             `json:"state"`
	Percent  int               `json:"percent"`
	RAG      RAG               `json:"rag"`
	Done     int               `json:"done"`
	Of       int               `json:"of"`
	Blocked  int               `json:"blocked"`
	Overdue  int               `json:"overdue"`
	Sections []SectionProgress `json:"sections"`
	Risks    int               `json:"openRisks"`
}

// SnapshotOf takes a record's snapshot.
func SnapshotOf(r *Record, now time.Time) Snapshot {
	p := ProgressOf(r, now)
	open := 0
	for _, rk := range r.Risks {
		if rk.Status == "open" {
			open++
		}
	}
	return Snapshot{At: now.UTC().Truncate(time.Second), State: r.State, Percent: p.Percent, RAG: p.RAG, Done: p.Done, Of: p.Applicable,
		Blocked: p.Blocked, Overdue: p.Overdue, Sections: p.Sections, Risks: open}
}

// Ceremony is a readiness review, go/no-go, hypercare check-in, hypercare
// exit or handover meeting, with its decisions and actions and a snapshot of
// the record at the time.
type Ceremony struct {
	ID        EntityID     `json:"id"`
	Kind      CeremonyKind `json:"kind" validate:"required,oneof=readiness-review go-no-go hypercare-checkin hypercare-exit handover"`
	Date      Date         `json:"date" validate:"required,date"`
	Attendees []Person     `json:"attendees" validate:"max=50,dive"`
	Agenda    string       `json:"agenda" validate:"max=4000,text"`
	Notes     string       `json:"notes" validate:"max=20000,text"`
	Decisions []Decision   `json:"decisions" validate:"max=20,dive"`
	Actions   []EntityID   `json:"actions"` // the actions this ceremony raised
	// Conditions are the actions among them that are conditions of a go.
	Conditions []EntityID `json:"conditions,omitempty"`
	Snapshot   Snapshot   `json:"snapshot"`
	// Open is what was open when a go/no-go or readiness review was
	// recorded; Blocked what a go decision did with each blocked item.
	Open       *Outstanding `json:"open,omitempty"`
	Blocked    []Resolution `json:"blocked,omitempty" validate:"max=500,dive"`
	By         string       `json:"by"`
	Amendments []Amendment  `json:"amendments,omitempty" validate:"max=50,dive"`
}

// Amendment is a correction of a recorded ceremony: when, by whom, why, and
// what it changed. The ceremony's earlier value stays in the record's
// history.
type Amendment struct {
	At      time.Time `json:"at"`
	By      string    `json:"by" validate:"max=120,line"`
	Reason  string    `json:"reason" validate:"required,max=2000,text"`
	Changed []string  `json:"changed" validate:"max=10,dive,max=40,line"` // attendees, notes, decisions, actions, agenda
}

// Title names a ceremony: "Go/no-go, Tue 1 Dec 2026" (an action raised
// there keeps it as its source; older ones say the ISO date).
func (c *Ceremony) Title() string { return ceremonyTitle(c.Kind, c.Date) }

func ceremonyTitle(k CeremonyKind, d Date) string { return fmt.Sprintf("%s, %s", k.Label(), d.Words()) }

// Check applies the rules a form cannot: attendees, and a go/no-go decision.
func (c *Ceremony) Check() error {
	if err := Struct(c); err != nil {
		return err
	}
	if len(c.Attendees) == 0 {
		return fieldErr("attendees", "required", "Add at least one attendee: a ceremony nobody attended did not happen")
	}
	if c.Kind == GoNoGo && goDecision(c) == "" {
		return fieldErr("decisions", "required", "Record the go/no-go decision: go, no-go or go with conditions, with the reasons")
	}
	if c.Kind == HypercareExit && len(c.Decisions) == 0 {
		return fieldErr("decisions", "required", "Record the exit decision and its reasons")
	}
	for i, d := range c.Decisions {
		if strings.TrimSpace(d.Reason) == "" {
			return fieldErr(fmt.Sprintf("decisions[%d].reason", i), "required", "Every decision needs its reasons")
		}
	}
	return nil
}

// goDecision returns the ceremony's go/no-go outcome, "" when none.
func goDecision(c *Ceremony) Outcome {
	for _, d := range c.Decisions {
		if d.Outcome == Go || d.Outcome == NoGo || d.Outcome == GoWithConditions {
			return d.Outcome
		}
	}
	return ""
}

// Ack is an acknowledgement: a stakeholder is aware of the record, or of one
// section. It is awareness, not approval.
type Ack struct {
	ID      EntityID  `json:"id"`
	Person  Person    `json:"person"`
	Section SectionID `json:"section"` // "" for the whole record
	Comment string    `json:"comment" validate:"max=2000,text"`
	At      time.Time `json:"at"`
	// Where it was recorded: the author name and the device (its LAN id and
	// the name it goes by) of the install that recorded it. The app sets
	// them; nobody types them. Acknowledgements from before 2026-12 have
	// none.
	Origin AckOrigin `json:"origin,omitzero"`
}

// AckOrigin is who recorded an acknowledgement, and on which device.
type AckOrigin struct {
	By         string `json:"by,omitempty" validate:"max=120,line"`
	Device     string `json:"device,omitempty" validate:"max=80,line"`
	DeviceName string `json:"deviceName,omitempty" validate:"max=120,line"`
}

// OnBehalf reports whether the acknowledgement was recorded by someone
// other than the person it names: awareness said for someone else, which
// the record shows as such.
func (a *Ack) OnBehalf() bool { return a.Origin.By != "" && !SamePerson(a.Origin.By, a.Person.Name) }

// Provenance says in words where an acknowledgement came from: "on Priya's
// laptop (7F3K)", "recorded by Sam Okafor on behalf of Dana Fox, on …", or
// "" for one from before devices were recorded.
func (a *Ack) Provenance() string {
	on := ""
	switch {
	case a.Origin.DeviceName != "" && a.Origin.Device != "":
		on = fmt.Sprintf("on %s (device %s)", a.Origin.DeviceName, shortDevice(a.Origin.Device))
	case a.Origin.Device != "":
		on = "on device " + shortDevice(a.Origin.Device)
	}
	switch {
	case a.OnBehalf() && on != "":
		return fmt.Sprintf("recorded by %s on behalf of %s, %s", a.Origin.By, a.Person.Name, on)
	case a.OnBehalf():
		return fmt.Sprintf("recorded by %s on behalf of %s", a.Origin.By, a.Person.Name)
	case on != "":
		return "acknowledged " + on
	}
	return ""
}

// shortDevice is the first group of a device id, as the peers screen shows
// it: enough to tell two devices apart at a glance.
func shortDevice(id string) string {
	if i := strings.IndexAny(id, "-:"); i > 0 {
		return id[:i]
	}
	if len(id) > 8 {
		return id[:8]
	}
	return id
}

// Stale reports whether the acknowledgement predates a material change
// (tier, go-live date, rollback plan, a checklist item reopened): it then
// acknowledged an earlier version.
func (a *Ack) Stale(r *Record) bool { return a.At.Before(r.MaterialAt) }

// Plan is a ceremony the team means to hold: what, when.
type Plan struct {
	ID   EntityID     `json:"id"`
	Kind CeremonyKind `json:"kind" validate:"required,oneof=readiness-review go-no-go hypercare-checkin hypercare-exit handover"`
	Date Date         `json:"date" validate:"required,date"`
	Note string       `json:"note" validate:"max=500,line"`
}

// NextCeremony is the earliest planned ceremony on or after today, or nil.
func (r *Record) NextCeremony(today Date) *Plan {
	var next *Plan
	for i := range r.Plans {
		p := &r.Plans[i]
		if !p.Date.Before(today) && (next == nil || p.Date.Before(next.Date)) {
			next = p
		}
	}
	return next
}
