package readiness

import (
	"fmt"
	"strings"
	"time"
)

// HypercareState is where a hypercare window is.
type HypercareState string

const (
	HCPlanned  HypercareState = "planned"
	HCActive   HypercareState = "active"
	HCExtended HypercareState = "extended"
	HCExited   HypercareState = "exited"
)

// Hypercare is the window of extra care after go-live: early life support.
type Hypercare struct {
	Window     HypercareWindow `json:"window"`
	Criteria   []Criterion     `json:"criteria"`
	CheckIns   []CheckIn       `json:"checkIns"`
	Incidents  []Incident      `json:"incidents"`
	Extensions []Extension     `json:"extensions"`
}

// HypercareWindow is the window's state and dates.
type HypercareWindow struct {
	State      HypercareState `json:"state" validate:"required,oneof=planned active extended exited"`
	Days       int            `json:"days" validate:"min=1,max=120"`
	Start      Date           `json:"start" validate:"omitempty,date"`
	PlannedEnd Date           `json:"plannedEnd" validate:"omitempty,date"`
	ExitedOn   Date           `json:"exitedOn" validate:"omitempty,date"`
}

// CriterionStatus is an exit criterion's state.
type CriterionStatus string

const (
	Unmet  CriterionStatus = "unmet"
	Met    CriterionStatus = "met"
	Waived CriterionStatus = "waived"
)

// Criterion is a hypercare exit criterion.
type Criterion struct {
	ID       string          `json:"id"`
	Text     string          `json:"text" validate:"required,max=500,text"`
	Guidance string          `json:"guidance"`
	Status   CriterionStatus `json:"status" validate:"required,oneof=unmet met waived"`
	Reason   string          `json:"reason" validate:"max=2000,text"`
	Evidence string          `json:"evidence" validate:"max=2000,text"`
}

// CheckIn is a daily hypercare check-in.
type CheckIn struct {
	ID      EntityID `json:"id"`
	Date    Date     `json:"date" validate:"required,date"`
	RAG     RAG      `json:"rag" validate:"required,oneof=green amber red"`
	Summary string   `json:"summary" validate:"required,max=4000,text"`
	By      string   `json:"by" validate:"max=120,line"`
}

// Severity is an incident's priority.
type Severity string

// Severities from most to least severe.
var Severities = []Severity{"P1", "P2", "P3", "P4"}

// Incident is an incident raised during the window.
type Incident struct {
	ID       EntityID `json:"id"`
	Ref      string   `json:"ref" validate:"required,max=60,line"`
	Severity Severity `json:"severity" validate:"required,oneof=P1 P2 P3 P4"`
	Opened   DateTime `json:"opened" validate:"required,datetime_local"`
	Resolved DateTime `json:"resolved" validate:"omitempty,datetime_local"`
	Summary  string   `json:"summary" validate:"max=2000,text"`
	// RolledBack says the incident was resolved by rolling the change
	// back: the release counts as a failed change.
	RolledBack bool `json:"rolledBack,omitempty"`
}

// Extension lengthens the window.
type Extension struct {
	ID     EntityID `json:"id"`
	Days   int      `json:"days" validate:"min=1,max=60"`
	Reason string   `json:"reason" validate:"required,max=2000,text"`
	On     Date     `json:"on" validate:"required,date"`
	// Stability says the window was extended because the service was not
	// yet stable: the release counts as a failed change.
	Stability bool `json:"stability,omitempty"`
}

// DateTime is a local date and time to the minute: 2026-12-01T09:30.
type DateTime string

const dateTimeLayout = "2006-01-02T15:04"

// Time parses the date-time; the zero time when empty or malformed.
func (d DateTime) Time() time.Time {
	t, _ := time.Parse(dateTimeLayout, string(d))
	return t
}

// End is the window's current end: the planned end plus extensions.
func (h *Hypercare) End() Date {
	end := h.Window.PlannedEnd
	for _, e := range h.Extensions {
		end = end.AddDays(e.Days)
	}
	return end
}

// Overdue reports whether an open window has run past its end.
func (h *Hypercare) Overdue(today Date) bool {
	open := h.Window.State == HCActive || h.Window.State == HCExtended
	return open && !h.End().IsZero() && h.End().Before(today)
}

// CriteriaMet counts criteria met or waived.
func (h *Hypercare) CriteriaMet() int {
	n := 0
	for _, c := range h.Criteria {
		if c.Status != Unmet {
			n++
		}
	}
	return n
}

// Figures are what the incidents in the window add up to.
type Figures struct {
	BySeverity     SeverityCounts `json:"bySeverity"`
	OpenBySeverity SeverityCounts `json:"openBySeverity"`
	OpenP1P2       int            `json:"openP1P2"`
	Open           int            `json:"open"`
	Resolved       int            `json:"resolved"`
	// MTTRMinutes is the mean time to restore of resolved incidents, 0 when none.
	MTTRMinutes int `json:"mttrMinutes"`
}

// SeverityCounts counts incidents by severity. (A struct, not a map: the
// generated TypeScript cannot express a map inside this package.)
type SeverityCounts struct {
	P1 int `json:"P1"`
	P2 int `json:"P2"`
	P3 int `json:"P3"`
	P4 int `json:"P4"`
}

func (c *SeverityCounts) add(s Severity) {
	switch s {
	case "P1":
		c.P1++
	case "P2":
		c.P2++
	case "P3":
		c.P3++
	case "P4":
		c.P4++
	}
}

// FiguresOf adds up a window's incidents.
func (h *Hypercare) FiguresOf() Figures {
	var f Figures
	var total time.Duration
	for _, in := range h.Incidents {
		f.BySeverity.add(in.Severity)
		if in.Resolved == "" {
			f.Open++
			f.OpenBySeverity.add(in.Severity)
			if in.Severity == "P1" || in.Severity == "P2" {
				f.OpenP1P2++
			}
			continue
		}
		f.Resolved++
		total += in.Resolved.Time().Sub(in.Opened.Time())
	}
	if f.Resolved > 0 {
		f.MTTRMinutes = int((total / time.Duration(f.Resolved)).Minutes())
	}
	return f
}

// checkCheckIn keeps check-ins inside the window.
func (h *Hypercare) checkCheckIn(c *CheckIn) error {
	if h.Window.State == HCPlanned || h.Window.Start.IsZero() {
		return fieldErr("date", "window", "Hypercare has not started: check-ins begin at go-live")
	}
	if c.Date.Before(h.Window.Start) || h.End().Before(c.Date) {
		return fieldErr("date", "window", fmt.Sprintf("The check-in date must fall inside the hypercare window, %s to %s", h.Window.Start.Words(), h.End().Words()))
	}
	return nil
}

func checkIncident(in *Incident) error {
	if in.Resolved != "" && in.Resolved.Time().Before(in.Opened.Time()) {
		return fieldErr("resolved", "order", "An incident cannot be resolved before it was opened")
	}
	return nil
}

// CheckExit reports what stands between the window and exit: every
// criterion met or waived with a reason.
func (h *Hypercare) CheckExit() error {
	if h.Window.State != HCActive && h.Window.State != HCExtended {
		return fieldErr("state", "window", "Only an active hypercare window can exit")
	}
	var unmet []string
	for _, c := range h.Criteria {
		if c.Status == Unmet {
			unmet = append(unmet, c.ID)
		}
	}
	if len(unmet) > 0 {
		return fieldErr("criteria", "unmet", fmt.Sprintf("Hypercare cannot exit: %d of %d exit criteria are neither met nor waived (%s)",
			len(unmet), len(h.Criteria), joinMax(unmet, 4)))
	}
	return nil
}

func joinMax(ids []string, n int) string {
	if len(ids) <= n {
		return strings.Join(ids, ", ")
	}
	return strings.Join(ids[:n], ", ") + fmt.Sprintf(" and %d more", len(ids)-n)
}
