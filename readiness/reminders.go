package readiness

import (
	"cmp"
	"fmt"
	"slices"
	"strings"
)

// Reminders are what the desktop tells someone without being asked: once a
// day a digest of what is due, and at once the few things that cannot wait
// for tomorrow. They are worked out here from the summaries and attention
// lists the home screen already holds; app/reminders.go decides when to
// send them and remembers what it sent.

// ReminderKind names a kind of reminder; each can be turned off.
type ReminderKind string

const (
	// RemindDue: my items and actions due tomorrow.
	RemindDue ReminderKind = "due"
	// RemindOverdue: my items and actions past their due date.
	RemindOverdue ReminderKind = "overdue"
	// RemindCeremony: a ceremony planned for today or tomorrow.
	RemindCeremony ReminderKind = "ceremony"
	// RemindCheckIn: a window in hypercare with no check-in yesterday or
	// today (urgent).
	RemindCheckIn ReminderKind = "check-in"
	// RemindWindowEnding: a hypercare window ending today or tomorrow, or
	// past its end and still open (urgent).
	RemindWindowEnding ReminderKind = "window-ending"
	// RemindHandover: hypercare exited and the handover not yet accepted.
	RemindHandover ReminderKind = "handover"
)

// ReminderKinds lists every kind, in the order the settings show them.
var ReminderKinds = []ReminderKind{RemindDue, RemindOverdue, RemindCeremony, RemindCheckIn, RemindWindowEnding, RemindHandover}

// Label names the kind in the settings.
func (k ReminderKind) Label() string {
	switch k {
	case RemindDue:
		return "Items and actions due tomorrow"
	case RemindOverdue:
		return "Overdue items and actions"
	case RemindCeremony:
		return "Ceremonies due"
	case RemindCheckIn:
		return "A missing hypercare check-in"
	case RemindWindowEnding:
		return "A hypercare window ending"
	case RemindHandover:
		return "A handover waiting"
	}
	return string(k)
}

// Reminder is one thing to remind of.
type Reminder struct {
	Kind   ReminderKind `json:"kind"`
	Record RecordID     `json:"record"`
	Title  string       `json:"title"` // the record's title
	Text   string       `json:"text"`  // what, in words
	// Section is where the record opens: the item's section, actions,
	// ceremonies, hypercare-window or handover (the record view's ids).
	Section string `json:"section"`
	// Urgent reminders are sent as they arise, once each; the others wait
	// for the day's digest.
	Urgent bool `json:"urgent"`
	// Key says the reminder once: the same key is never sent twice.
	Key string `json:"key"`
}

// RemindersFor works out today's reminders for a person (me; "" for
// everyone): items and actions they own, and the ceremonies, check-ins,
// windows and handovers of records that name them (as SDM, owner, contact,
// attendee or acknowledger). Sorted urgent first, then by kind and record.
func RemindersFor(me string, sums []Summary, attention map[RecordID][]AttentionItem, today Date) []Reminder {
	mine := func(name string) bool { return me == "" || SamePerson(me, name) }
	names := func(s *Summary) bool {
		if me == "" || SamePerson(me, s.SDM) {
			return true
		}
		for _, n := range s.People {
			if SamePerson(me, n.Name) {
				return true
			}
		}
		return false
	}
	tomorrow := today.AddDays(1)
	var out []Reminder
	for i := range sums {
		s := &sums[i]
		if s.State == Closed {
			continue
		}
		for _, a := range attention[s.ID] {
			if !mine(a.Owner) || a.Due.IsZero() || a.Status == Done || a.Status == NA {
				continue
			}
			section := string(a.Section) // the item's section; "actions" for an action
			switch {
			case a.Due == tomorrow:
				out = append(out, Reminder{Kind: RemindDue, Record: s.ID, Title: s.Title, Section: section,
					Text: fmt.Sprintf("Due tomorrow: %s", a.Text), Key: fmt.Sprintf("due/%s/%s/%s", s.ID, a.ItemID, a.Due)})
			case a.Overdue(today):
				out = append(out, Reminder{Kind: RemindOverdue, Record: s.ID, Title: s.Title, Section: section,
					Text: fmt.Sprintf("Overdue since %s: %s", a.Due.Words(), a.Text), Key: fmt.Sprintf("overdue/%s/%s/%s", s.ID, a.ItemID, today)})
			}
		}
		if !names(s) {
			continue
		}
		for _, p := range s.Plans {
			if p.Date == today || p.Date == tomorrow {
				when := "today"
				if p.Date == tomorrow {
					when = "tomorrow"
				}
				out = append(out, Reminder{Kind: RemindCeremony, Record: s.ID, Title: s.Title, Section: "ceremonies",
					Text: fmt.Sprintf("%s %s", p.Kind.Label(), when), Key: fmt.Sprintf("ceremony/%s/%s", s.ID, p.ID)})
			}
		}
		open := s.HypercareState == HCActive || s.HypercareState == HCExtended
		if open && !s.HypercareStart.IsZero() && s.HypercareStart.Before(today) {
			if s.LastCheckIn.IsZero() || s.LastCheckIn.Before(today.AddDays(-1)) {
				since := "no check-in yet"
				if !s.LastCheckIn.IsZero() {
					since = "last check-in " + s.LastCheckIn.Words()
				}
				out = append(out, Reminder{Kind: RemindCheckIn, Record: s.ID, Title: s.Title, Section: "hypercare-window", Urgent: true,
					Text: fmt.Sprintf("No hypercare check-in yesterday or today (%s)", since), Key: fmt.Sprintf("check-in/%s/%s", s.ID, today)})
			}
		}
		if open && !s.HypercareEnd.IsZero() {
			switch end := s.HypercareEnd; {
			case end == today || end == tomorrow:
				when := "today"
				if end == tomorrow {
					when = "tomorrow"
				}
				out = append(out, Reminder{Kind: RemindWindowEnding, Record: s.ID, Title: s.Title, Section: "hypercare-window", Urgent: end == today,
					Text: fmt.Sprintf("Hypercare ends %s: exit, or extend with a reason", when), Key: fmt.Sprintf("ending/%s/%s", s.ID, end)})
			case end.Before(today):
				out = append(out, Reminder{Kind: RemindWindowEnding, Record: s.ID, Title: s.Title, Section: "hypercare-window", Urgent: true,
					Text: fmt.Sprintf("Hypercare ended %s and is still open: exit, or extend with a reason", end.Words()), Key: fmt.Sprintf("ended/%s/%s", s.ID, today)})
			}
		}
		if s.HypercareState == HCExited && s.HandoverAccepted.IsZero() && (s.State == Live || s.State == Ready) {
			out = append(out, Reminder{Kind: RemindHandover, Record: s.ID, Title: s.Title, Section: "handover",
				Text: "Hypercare has exited: the handover waits for the receiving team's acceptance", Key: fmt.Sprintf("handover/%s/%s", s.ID, today)})
		}
	}
	slices.SortStableFunc(out, func(a, b Reminder) int {
		ua, ub := 1, 1
		if a.Urgent {
			ua = 0
		}
		if b.Urgent {
			ub = 0
		}
		return cmp.Or(cmp.Compare(ua, ub), cmp.Compare(slices.Index(ReminderKinds, a.Kind), slices.Index(ReminderKinds, b.Kind)),
			cmp.Compare(a.Record, b.Record), cmp.Compare(a.Key, b.Key))
	})
	return out
}

// Digest says a day's reminders in one notification: a title and a line a
// kind ("3 due tomorrow", "12 overdue"…), "" when there is nothing.
func Digest(rs []Reminder) (title, body string) {
	counts := map[ReminderKind]int{}
	for _, r := range rs {
		counts[r.Kind]++
	}
	var lines []string
	add := func(k ReminderKind, one, many string) {
		switch n := counts[k]; n {
		case 0:
		case 1:
			lines = append(lines, one)
		default:
			lines = append(lines, fmt.Sprintf(many, n))
		}
	}
	add(RemindDue, "1 item or action of yours due tomorrow", "%d items and actions of yours due tomorrow")
	add(RemindOverdue, "1 item or action of yours overdue", "%d items and actions of yours overdue")
	add(RemindCeremony, "1 ceremony today or tomorrow", "%d ceremonies today or tomorrow")
	add(RemindCheckIn, "1 hypercare window without a recent check-in", "%d hypercare windows without a recent check-in")
	add(RemindWindowEnding, "1 hypercare window ending or past its end", "%d hypercare windows ending or past their end")
	add(RemindHandover, "1 handover waiting for acceptance", "%d handovers waiting for acceptance")
	if len(lines) == 0 {
		return "", ""
	}
	return "Ready Room: today", strings.Join(lines, "\n")
}
