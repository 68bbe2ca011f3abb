package readiness

import (
	"strings"
)

// SearchEntry is one piece of a record's text that search looks through.
type SearchEntry struct {
	Kind  string `json:"k"` // record, section, item, risk, contact, ceremony, action
	Ref   string `json:"r"` // section id, item id or entry id
	Label string `json:"l"` // what a result is called: "COM-01", "Go/no-go, 2026-12-01"
	Text  string `json:"t"` // the text, as written
}

// SearchEntries lists a record's searchable text: titles, services, items
// (text, owner, notes, reasons, evidence), narrative sections, risks,
// contacts, ceremonies and actions.
func SearchEntries(r *Record) []SearchEntry {
	// The first entry is the record's own; its text starts "title · service".
	out := []SearchEntry{{Kind: "record", Label: r.Title, Text: r.Title + " · " + r.Service + " · " + join(r.Squad, r.SDM, r.MaintenanceTeam)}}
	for _, s := range r.Sections {
		if s.Text != "" {
			out = append(out, SearchEntry{Kind: "section", Ref: string(s.ID), Label: s.Title, Text: s.Text})
		}
		for _, it := range s.Items {
			text := join(it.Text, it.Owner, it.Notes, it.Reason)
			for _, e := range it.Evidence {
				text = join(text, e.Label, e.URL)
			}
			out = append(out, SearchEntry{Kind: "item", Ref: string(s.ID) + "#" + string(it.ID), Label: string(it.ID), Text: text})
		}
	}
	for _, rk := range r.Risks {
		out = append(out, SearchEntry{Kind: "risk", Ref: string(rk.ID), Label: "Risk", Text: join(rk.Description, rk.Mitigation, rk.Owner)})
	}
	for _, c := range r.Contacts {
		out = append(out, SearchEntry{Kind: "contact", Ref: string(c.ID), Label: "Contact", Text: join(c.Name, c.Role, c.Team, c.InHours, c.OutOfHours)})
	}
	for _, c := range r.Ceremonies {
		text := join(c.Kind.Label(), c.Agenda, c.Notes)
		for _, d := range c.Decisions {
			text = join(text, d.Text, d.Reason)
		}
		for _, p := range c.Attendees {
			text = join(text, p.Name, p.Role)
		}
		out = append(out, SearchEntry{Kind: "ceremony", Ref: string(c.ID), Label: c.Title(), Text: text})
	}
	for _, a := range r.Actions {
		out = append(out, SearchEntry{Kind: "action", Ref: string(a.ID), Label: "Action", Text: join(a.Text, a.Owner)})
	}
	return out
}

func join(parts ...string) string {
	var b strings.Builder
	for _, p := range parts {
		if p == "" {
			continue
		}
		if b.Len() > 0 {
			b.WriteString(" · ")
		}
		b.WriteString(p)
	}
	return b.String()
}
