package readiness

import "fmt"

// Need is something on the home screen that needs someone now.
type Need struct {
	Kind        string   `json:"kind"` // ceremony, review, go-no-go, go-live, checkin, hypercare-ending, hypercare-overdue, handover, action
	RecordID    RecordID `json:"recordId"`
	RecordTitle string   `json:"recordTitle"`
	Service     string   `json:"service"`
	Text        string   `json:"text"`
	Due         Date     `json:"due"`
	Urgent      bool     `json:"urgent"`
	Tab         string   `json:"tab"` // where on the record it is dealt with
}

// The thresholds of "needs you now", in one place: a planned ceremony two
// days ahead; a readiness review not held three weeks before go-live
// (urgent one week before); a go/no-go not recorded two weeks before
// (urgent three days before); a ready record on or past its go-live date; a
// hypercare window ending within two days or past its end; no check-in
// today; a handover waiting for acceptance; an open action due within a
// week or overdue.

// NeedsOf works out what a record needs from its summary and today's date.
func NeedsOf(s *Summary, today Date) []Need {
	var out []Need
	add := func(kind, tab, text string, due Date, urgent bool) {
		out = append(out, Need{Kind: kind, RecordID: s.ID, RecordTitle: s.Title, Service: s.Service, Text: text, Due: due, Urgent: urgent, Tab: tab})
	}
	days := func(d Date) int { return d.DaysUntil(today) }
	for _, p := range s.Plans {
		if left := days(p.Date); left >= 0 && left <= 2 {
			add("ceremony", "ceremonies", fmt.Sprintf("%s planned for %s", p.Kind.Label(), p.Date.Words()), p.Date, left == 0)
		}
	}
	switch s.State {
	case Draft, Preparing:
		if s.GoLive.IsZero() {
			break
		}
		left := days(s.GoLive)
		if !s.ReviewHeld && left <= 21 {
			add("review", "ceremonies", "Readiness review not held", s.GoLive.AddDays(-7), left <= 7)
		}
		if s.GoNoGo == "" && left <= 14 {
			add("go-no-go", "ceremonies", fmt.Sprintf("Go/no-go not recorded; go-live %s", s.GoLive.Words()), s.GoLive.AddDays(-2), left <= 3)
		}
	case Ready:
		if !s.GoLive.IsZero() && !today.Before(s.GoLive) {
			add("go-live", "details", "Go-live date reached: go live, or move the date", s.GoLive, true)
		}
	case Live:
		open := s.HypercareState == HCActive || s.HypercareState == HCExtended
		switch {
		case open && s.HypercareEnd.Before(today):
			add("hypercare-overdue", "hypercare-window", fmt.Sprintf("Hypercare window past its end (%s): exit or extend", s.HypercareEnd.Words()), s.HypercareEnd, true)
		case open && days(s.HypercareEnd) <= 2:
			add("hypercare-ending", "hypercare-window", fmt.Sprintf("Hypercare ends %s: %d of %d exit criteria met", s.HypercareEnd.Words(), s.CriteriaMet, s.Criteria), s.HypercareEnd, false)
		}
		if open && s.LastCheckIn.Before(today) || open && s.LastCheckIn.IsZero() {
			add("checkin", "hypercare-window", "No hypercare check-in today", today, false)
		}
		if s.HypercareState == HCExited && s.HandoverAccepted.IsZero() {
			add("handover", "handover", "Handover waiting for the maintenance team's acceptance", today, false)
		}
	}
	return out
}

// ActionNeed lists an open action that is due within a week or overdue.
func ActionNeed(s *Summary, a AttentionItem, today Date) (Need, bool) {
	if a.Due.IsZero() || today.AddDays(7).Before(a.Due) {
		return Need{}, false
	}
	text := a.Text
	if a.Owner != "" {
		text += " (" + a.Owner + ")"
	}
	return Need{Kind: "action", RecordID: s.ID, RecordTitle: s.Title, Service: s.Service, Text: text, Due: a.Due,
		Urgent: a.Due.Before(today), Tab: "actions"}, true
}
