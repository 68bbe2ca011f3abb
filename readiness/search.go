package readiness

import (
	"fmt"
	"strings"
)

// SearchEntry is one piece of a record's text that search looks through.
type SearchEntry struct {
	Kind  string `json:"k"` // record, section, item, risk, contact, ceremony, action
	Ref   string `json:"r"` // section id, item id or entry id
	Label string `json:"l"` // what a result is called: "COM-01", "Go/no-go, 2026-12-01" (see ShownLabel)
	Text  string `json:"t"` // the text, as written
	// Shared is text the entry has in common with every record made from
	// its template version (a checklist item's text, see ShareSearchText),
	// kept apart so that a search index holds it once rather than once a
	// record: the entry's whole text is then Whole(). Never stored.
	Shared string `json:"-"`
}

// Whole is the entry's whole text: its Shared text, then its own.
func (e *SearchEntry) Whole() string { return join(e.Shared, e.Text) }

// SearchEntries lists a record's searchable text: titles, services, items
// (text, owner, notes, reasons, evidence), narrative sections, risks,
// contacts, ceremonies and actions.
func SearchEntries(r *Record) []SearchEntry { return searchEntries(r, nil) }

// StoredSearchEntries is SearchEntries without the text each checklist item
// takes from the record's template (most of a Gold record's entries), for
// a store to keep; texts names the template for ShareSearchText, and is
// empty, with every entry whole, when the template is not shipped here or
// an item's text differs from it.
func StoredSearchEntries(r *Record, cat *Catalog) (es []SearchEntry, texts string) {
	t, ok := versionOf(r, cat)
	if !ok {
		return searchEntries(r, nil), ""
	}
	name := t.textsName()
	items, _ := itemTextsNamed(name, cat)
	for _, s := range r.Sections {
		for _, it := range s.Items {
			if text, ok := items[it.ID]; ok && text != it.Text {
				return searchEntries(r, nil), ""
			}
		}
	}
	return searchEntries(r, items), name
}

// ShareSearchText puts back what StoredSearchEntries left out: each item's
// text from its template, in Shared (see Whole), the template's string,
// the same for every record of that version.
func ShareSearchText(es []SearchEntry, texts string, cat *Catalog) error {
	items, ok := itemTextsNamed(texts, cat)
	if !ok {
		return fmt.Errorf("search entries were stored without the text of template %s, which this version of Ready Room does not have: %w", texts, ErrUnknownTemplate)
	}
	for i := range es {
		e := &es[i]
		if e.Kind != "item" {
			continue
		}
		if text, ok := items[ItemID(e.Label)]; ok {
			e.Shared = text
		}
	}
	return nil
}

// searchEntries leaves out the text of the items in omit.
func searchEntries(r *Record, omit map[ItemID]string) []SearchEntry {
	// The first entry is the record's own; its text starts "title · service".
	out := []SearchEntry{{Kind: "record", Label: r.Title, Text: r.Title + " · " + r.Service + " · " + join(r.Squad, r.SDM, r.MaintenanceTeam)}}
	for _, s := range r.Sections {
		if s.Text != "" {
			out = append(out, SearchEntry{Kind: "section", Ref: string(s.ID), Label: s.Title, Text: s.Text})
		}
		for _, it := range s.Items {
			text := it.Text
			if _, ok := omit[it.ID]; ok {
				text = ""
			}
			text = join(text, it.Owner, it.Notes, it.Reason)
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
		// The stored label keeps the ISO date it always had: databases and
		// backups are checked by comparing their search entries with the log,
		// so a label in another form would make every older file "differ".
		// ShownLabel says the date in words.
		out = append(out, SearchEntry{Kind: "ceremony", Ref: string(c.ID), Label: fmt.Sprintf("%s, %s", c.Kind.Label(), c.Date), Text: text})
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

// ShownLabel is the label as the window shows it: a ceremony's stored
// "Go/no-go, 2026-12-01" says its date in words, "Go/no-go, Tue 1 Dec 2026".
func (e SearchEntry) ShownLabel() string {
	if e.Kind != "ceremony" {
		return e.Label
	}
	if head, day, ok := cutLast(e.Label, ", "); ok {
		return head + ", " + Date(day).Words() // anything not a date stays as it is
	}
	return e.Label
}

func cutLast(s, sep string) (before, after string, found bool) {
	if i := strings.LastIndex(s, sep); i >= 0 {
		return s[:i], s[i+len(sep):], true
	}
	return s, "", false
}
