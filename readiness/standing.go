package readiness

import (
	"fmt"
	"time"
)

// Where a record stands is worked out here, once, by these rules; the
// record view, the home screen, the portfolio, the packs and the Markdown
// all read it and compute none of it themselves (docs/rules.md lists the
// rules in words).
//
//   - Readiness is the share of applicable checklist items done (see
//     ProgressOf); a section is red when an item is blocked or overdue,
//     amber while items are open, green when all are done or n/a.
//   - A record's RAG before go-live is its checklist's, except that a record
//     past its planned go-live date and not live is red. Once live it is
//     hypercare's health: red with an open P1 or P2 incident, a window past
//     its end or a red check-in last; amber with other open incidents or an
//     amber check-in last; green otherwise. Handed over, it is amber while
//     the receiving team has commitments open, green when none; closed, it
//     is green.
//   - The go-live shown is the actual date once there is one, the planned
//     one before.
//   - Risks rank by likelihood × impact (see RankRisks).

// Standing is where a record stands today.
type Standing struct {
	RAG      RAG         `json:"rag"`
	Why      string      `json:"why"` // the RAG's reason, in words
	Progress Progress    `json:"progress"`
	GoLive   GoLiveDates `json:"goLive"`
	Flags    []Flag      `json:"flags"`
	// Decision is the latest go/no-go in words ("Go with 3 conditions, 1
	// blocked item accepted as a risk"); "" before one.
	Decision string       `json:"decision"`
	Next     Step         `json:"next"`
	Risks    []RankedRisk `json:"risks"`
	// Outstanding is what is open now (what a go/no-go form shows).
	Outstanding    Outstanding     `json:"outstanding"`
	OpenActions    int             `json:"openActions"`
	OverdueActions int             `json:"overdueActions"`
	Hypercare      HypercareHealth `json:"hypercare"`
	Commitments    []Action        `json:"commitments"`
}

// GoLiveDates are a record's planned and actual go-live.
type GoLiveDates struct {
	Planned Date `json:"planned"`
	Actual  Date `json:"actual"`
	// Shown is the date to show: the actual one once there is one.
	Shown Date `json:"shown"`
	// Drift is how many days the actual go-live was from the planned one
	// (negative when early); Reason why, when it was more than a day.
	Drift  int    `json:"drift"`
	Reason string `json:"reason"`
}

// Flag is something about a record's dates worth seeing at once.
type Flag struct {
	Kind string `json:"kind"` // go-live-past, hypercare-overdue, went-live-early, went-live-late
	Text string `json:"text"`
}

// HypercareHealth is the hypercare window as it stands: day N of M, open
// incidents by severity, the last check-in, the exit criteria and the
// extensions.
type HypercareHealth struct {
	State       HypercareState `json:"state"`
	Start       Date           `json:"start"`
	End         Date           `json:"end"` // planned end plus extensions
	Day         int            `json:"day"` // 1 on the first day; 0 outside an open window
	Days        int            `json:"days"`
	ExitedOn    Date           `json:"exitedOn"`
	Open        SeverityCounts `json:"open"`
	OpenTotal   int            `json:"openTotal"`
	LastCheckIn *CheckIn       `json:"lastCheckIn"`
	CriteriaMet int            `json:"criteriaMet"`
	Criteria    int            `json:"criteria"`
	Extensions  int            `json:"extensions"`
	ExtraDays   int            `json:"extraDays"`
	Overdue     bool           `json:"overdue"`
}

// ragFacts are what the RAG rule looks at: a record has them all, and so
// does its summary, so the home screen and the record view agree.
type ragFacts struct {
	state            State
	goLive           Date
	blocked, overdue int
	open             int // applicable items not done
	openP1P2, openIn int
	windowOverdue    bool
	lastCheckIn      RAG
	commitments      int
}

// ragOf is the one RAG rule (see the package comment above).
func ragOf(f ragFacts, today Date) (RAG, string) {
	switch f.state {
	case Live:
		switch {
		case f.openP1P2 > 0:
			return Red, plural(f.openP1P2, "P1/P2 incident", "P1/P2 incidents") + " open"
		case f.windowOverdue:
			return Red, "hypercare window past its end"
		case f.lastCheckIn == Red:
			return Red, "the last check-in was red"
		case f.openIn > 0:
			return Amber, plural(f.openIn, "incident", "incidents") + " open"
		case f.lastCheckIn == Amber:
			return Amber, "the last check-in was amber"
		}
		return Green, "hypercare going well"
	case HandedOver:
		if f.commitments > 0 {
			return Amber, plural(f.commitments, "commitment", "commitments") + " open with the receiving team"
		}
		return Green, "handed over"
	case Closed:
		return Green, "closed"
	}
	if !f.goLive.IsZero() && f.goLive.Before(today) {
		return Red, fmt.Sprintf("past its go-live date (%s) and not live", f.goLive.Words())
	}
	switch {
	case f.blocked > 0 || f.overdue > 0:
		return Red, redWhy(f.blocked, f.overdue)
	case f.open > 0:
		return Amber, plural(f.open, "item", "items") + " open"
	}
	return Green, "all items done or n/a"
}

// StandingOf works out where a record stands now.
func StandingOf(r *Record, now time.Time) Standing {
	today := DateOf(now)
	p := ProgressOf(r, now)
	hc := r.hypercareHealth(today)
	st := Standing{
		Progress: p, Flags: []Flag{}, Decision: r.DecisionSummary(), Next: r.NextStep(now),
		Risks: RankRisks(r.Risks), Outstanding: r.OutstandingOf(now), OpenActions: r.OpenActions(),
		Hypercare: hc, Commitments: r.Commitments(),
	}
	if st.Commitments == nil {
		st.Commitments = []Action{}
	}
	for i := range r.Actions {
		if r.Actions[i].Overdue(today) {
			st.OverdueActions++
		}
	}
	st.GoLive = GoLiveDates{Planned: r.GoLive, Actual: r.WentLive.On, Shown: r.GoLive, Reason: r.WentLive.Reason}
	if !r.WentLive.On.IsZero() {
		st.GoLive.Shown, st.GoLive.Drift = r.WentLive.On, r.GoLiveDrift(r.WentLive.On)
	}
	commitments := 0
	for _, a := range st.Commitments {
		if a.IsOpen() || a.State() == ActionTransferred {
			commitments++
		}
	}
	st.RAG, st.Why = ragOf(ragFacts{
		state: r.State, goLive: r.GoLive, blocked: p.Blocked, overdue: p.Overdue, open: p.Applicable - p.Done,
		openP1P2: hc.Open.P1 + hc.Open.P2, openIn: hc.OpenTotal, windowOverdue: hc.Overdue, lastCheckIn: lastRAG(hc.LastCheckIn),
		commitments: commitments,
	}, today)
	st.Flags = r.flags(today)
	return st
}

func lastRAG(c *CheckIn) RAG {
	if c == nil {
		return ""
	}
	return c.RAG
}

// flags lists what is off about the record's dates.
func (r *Record) flags(today Date) []Flag {
	out := []Flag{}
	if r.State.index() < Live.index() && r.GoLive.Before(today) {
		out = append(out, Flag{"go-live-past", fmt.Sprintf("The planned go-live, %s, was %s ago and the record is not live: go live, or move the date",
			r.GoLive.Words(), plural(daysBetween(r.GoLive, today), "day", "days"))})
	}
	if r.Hypercare.Overdue(today) {
		out = append(out, Flag{"hypercare-overdue", fmt.Sprintf("The hypercare window ended %s: exit it or extend it", r.Hypercare.End().Words())})
	}
	if on := r.WentLive.On; !on.IsZero() {
		if d := r.GoLiveDrift(on); d < -MaxGoLiveDrift || d > MaxGoLiveDrift {
			kind := "went-live-late"
			if d < 0 {
				kind = "went-live-early"
			}
			text := fmt.Sprintf("Went live %s, %s the planned %s", on.Words(), driftWords(d), r.GoLive.Words())
			if r.WentLive.Reason != "" {
				text += ": " + r.WentLive.Reason
			}
			out = append(out, Flag{kind, text})
		}
	}
	return out
}

// hypercareHealth is the window as it stands today.
func (r *Record) hypercareHealth(today Date) HypercareHealth {
	h := &r.Hypercare
	f := h.FiguresOf()
	hh := HypercareHealth{
		State: h.Window.State, Start: h.Window.Start, End: h.End(), ExitedOn: h.Window.ExitedOn,
		Open: f.OpenBySeverity, OpenTotal: f.Open, CriteriaMet: h.CriteriaMet(), Criteria: len(h.Criteria),
		Extensions: len(h.Extensions), Overdue: h.Overdue(today),
	}
	for _, e := range h.Extensions {
		hh.ExtraDays += e.Days
	}
	if !hh.Start.IsZero() && !hh.End.IsZero() {
		hh.Days = daysBetween(hh.Start, hh.End)
	}
	if open := h.Window.State == HCActive || h.Window.State == HCExtended; open && !hh.Start.IsZero() {
		hh.Day = daysBetween(hh.Start, today) + 1
	}
	for i := range h.CheckIns {
		c := &h.CheckIns[i]
		if hh.LastCheckIn == nil || hh.LastCheckIn.Date.Before(c.Date) {
			cc := *c
			hh.LastCheckIn = &cc
		}
	}
	return hh
}

// Row is what a list of records shows of where one record stands.
type Row struct {
	RAG    RAG         `json:"rag"`
	Why    string      `json:"why"`
	GoLive GoLiveDates `json:"goLive"`
	// Hypercare is the window's phase: "" (none yet), planned, open,
	// overdue (past its end and not exited) or exited.
	Hypercare string `json:"hypercare"`
}

// RowStanding is where a record stands as a list of records shows it, from
// its summary and the number of its items overdue today: the same rules as
// StandingOf.
func RowStanding(s *Summary, overdue int, today Date) Row {
	phase := HypercarePhase(s.HypercareState, s.HypercareStart, s.HypercareEnd, today)
	rag, why := ragOf(ragFacts{
		state: s.State, goLive: s.GoLive, blocked: s.Blocked, overdue: overdue, open: s.Applicable - s.Done,
		openP1P2: s.OpenP1P2, openIn: s.OpenIncidents, windowOverdue: phase == "overdue", lastCheckIn: s.LastCheckInRAG,
		commitments: s.Commitments,
	}, today)
	gl := GoLiveDates{Planned: s.GoLive, Actual: s.WentLive, Shown: s.GoLive}
	if !s.WentLive.IsZero() {
		gl.Shown = s.WentLive
		if !s.GoLive.IsZero() {
			gl.Drift = daysBetween(s.GoLive, s.WentLive)
		}
	}
	return Row{RAG: rag, Why: why, GoLive: gl, Hypercare: phase}
}

// HypercarePhase names where a hypercare window is today: "" when it has no
// start yet, exited, overdue (open past its end), planned (not started) or
// open.
func HypercarePhase(state HypercareState, start, end, today Date) string {
	switch {
	case start.IsZero():
		return ""
	case state == HCExited:
		return "exited"
	case !end.IsZero() && end.Before(today):
		return "overdue"
	case state == HCPlanned || today.Before(start):
		return "planned"
	}
	return "open"
}
