package readiness

import (
	"cmp"
	"fmt"
	"slices"
)

// A person's work across records: the checklist items they own that are
// not done, their open actions, and — as the record's SDM — its planned
// ceremonies and the hypercare check-in due today. Names match as the
// people directory merges them (PersonKey), so "Raman, Priya" finds
// "Priya Raman"'s items.

// Work is one thing a person is to do in one record.
type Work struct {
	Kind        string   `json:"kind"` // item, action, ceremony, checkin
	RecordID    RecordID `json:"recordId"`
	RecordTitle string   `json:"recordTitle"`
	Service     string   `json:"service"`
	// ItemID is the item's or the action's id; Section the item's section.
	ItemID  ItemID    `json:"itemId"`
	Section SectionID `json:"section"`
	Text    string    `json:"text"`
	Status  Status    `json:"status"`
	Due     Date      `json:"due"` // "" for none
	Overdue bool      `json:"overdue"`
	// Tab is where on the record it is dealt with: the item's section,
	// actions, ceremonies or hypercare-window.
	Tab string `json:"tab"`
}

// WorkOf lists what the person whose PersonKey is key has to do in one
// record, from its summary and attention entries. keyOf is PersonKey (a
// caller going through many records passes one that remembers).
func WorkOf(key string, s *Summary, attention []AttentionItem, today Date, keyOf func(string) string) []Work {
	if key == "" {
		return nil
	}
	var out []Work
	add := func(w Work) {
		w.RecordID, w.RecordTitle, w.Service = s.ID, s.Title, s.Service
		w.Overdue = !w.Due.IsZero() && w.Due.Before(today)
		out = append(out, w)
	}
	for _, a := range attention {
		if a.Owner == "" || keyOf(a.Owner) != key || a.Status == Done || a.Status == NA {
			continue
		}
		tab := string(a.Section)
		if a.Kind == "action" {
			tab = "actions"
		}
		add(Work{Kind: a.Kind, ItemID: a.ItemID, Section: a.Section, Text: a.Text, Status: a.Status, Due: a.Due, Tab: tab})
	}
	if s.SDM == "" || keyOf(s.SDM) != key || s.State == Closed {
		return out
	}
	for _, p := range s.Plans {
		text := fmt.Sprintf("%s planned", p.Kind.Label())
		if p.Note != "" {
			text += ": " + p.Note
		}
		add(Work{Kind: "ceremony", Text: text, Due: p.Date, Tab: "ceremonies"})
	}
	open := s.HypercareState == HCActive || s.HypercareState == HCExtended
	if s.State == Live && open && (s.LastCheckIn.IsZero() || s.LastCheckIn.Before(today)) {
		add(Work{Kind: "checkin", Text: "Hypercare check-in", Due: today, Tab: "hypercare-window"})
	}
	return out
}

// SortWork orders work soonest first: by due date, those without one after;
// ties keep their order.
func SortWork(ws []Work) {
	slices.SortStableFunc(ws, func(a, b Work) int {
		if a.Due.IsZero() != b.Due.IsZero() {
			return boolFirst(!a.Due.IsZero())
		}
		return cmp.Compare(a.Due, b.Due)
	})
}

func boolFirst(first bool) int {
	if first {
		return -1
	}
	return 1
}
