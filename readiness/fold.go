package readiness

import (
	"encoding/json"
	"errors"
	"fmt"
	"slices"
	"sort"
	"strings"
	"time"
)

// Head is a change that no other change on its path names as a parent: one
// of the path's current values.
type Head struct {
	ID     ChangeID        `json:"id"`
	Author string          `json:"author"`
	Value  json.RawMessage `json:"value"`
}

// Doc is a record materialised from its changes: the record as it reads now
// and, for every path edited since creation, the heads that give its value.
// One head is a clean value; several heads are a conflict whose provisional
// winner is the head with the highest (clock, replica) — the last in Heads.
type Doc struct {
	Created bool            `json:"created"`
	Record  Record          `json:"record"`
	Heads   map[Path][]Head `json:"heads"`
	Changes int             `json:"changes"`
}

// PathLog returns every held change on one path of the doc's record,
// including the one being applied. Apply calls it only when a change arrives
// out of clock order.
type PathLog func(Path) ([]Change, error)

// Apply folds one change into the doc. The caller guarantees the change was
// not applied before (the store keys changes by id). A change newer than
// every head of its path is folded in place; an older one, which may already
// be the parent of a held change, makes Apply recompute that path's heads
// from the log, so that any order of arrival gives the same doc.
func (d *Doc) Apply(c Change, log PathLog) error {
	if d.Heads == nil {
		d.Heads = map[Path][]Head{}
	}
	d.Changes++
	if c.Path == PathCreate {
		return d.create(c)
	}
	heads := d.Heads[c.Path]
	if len(heads) == 0 || heads[len(heads)-1].ID < c.ID {
		heads = slices.DeleteFunc(heads, func(h Head) bool { return slices.Contains(c.Parents, h.ID) })
		heads = append(heads, Head{ID: c.ID, Author: c.Author, Value: c.Value})
	} else {
		all, err := log(c.Path)
		if err != nil {
			return fmt.Errorf("reading changes of %s: %w", c.Path, err)
		}
		heads = headsOf(all)
	}
	d.Heads[c.Path] = heads
	if d.Created {
		d.setWinner(c.Path)
	}
	if t := c.HLC.Time(); t.After(d.Record.UpdatedAt) {
		d.Record.UpdatedAt = t
	}
	return nil
}

func (d *Doc) create(c Change) error {
	var r Record
	if err := json.Unmarshal(c.Value, &r); err != nil {
		return fmt.Errorf("decoding created record: %w", err)
	}
	if r.ID != c.Record {
		return fmt.Errorf("created record %s arrived in a change for %s", r.ID, c.Record)
	}
	updated := d.Record.UpdatedAt
	d.Record, d.Created = r, true
	if updated.After(r.UpdatedAt) {
		d.Record.UpdatedAt = updated
	}
	paths := make([]Path, 0, len(d.Heads))
	for p := range d.Heads {
		paths = append(paths, p)
	}
	slices.Sort(paths)
	for _, p := range paths {
		d.setWinner(p)
	}
	return nil
}

// setWinner writes a path's provisional winner into the record. A value for
// an item the record's template does not have stays in Heads only.
func (d *Doc) setWinner(p Path) {
	heads := d.Heads[p]
	if len(heads) == 0 {
		return
	}
	w := heads[len(heads)-1]
	if err := d.Record.set(p, w.Value); err != nil {
		return // checked on entry (CheckValue); only unknown items land here
	}
	if pp, _ := parsePath(p); pp.kind == "items" {
		it := d.Record.Item(ItemID(pp.id))
		st, _, _ := w.ID.Parse()
		if t := st.Time(); !t.Before(it.ChangedAt) {
			it.ChangedAt, it.ChangedBy = t, w.Author
		}
	}
}

// headsOf returns the changes not named as a parent by another, in id order.
func headsOf(changes []Change) []Head {
	named := map[ChangeID]bool{}
	for _, c := range changes {
		for _, p := range c.Parents {
			named[p] = true
		}
	}
	var heads []Head
	for _, c := range changes {
		if !named[c.ID] {
			heads = append(heads, Head{ID: c.ID, Author: c.Author, Value: c.Value})
		}
	}
	sort.Slice(heads, func(i, j int) bool { return heads[i].ID < heads[j].ID })
	return slices.CompactFunc(heads, func(a, b Head) bool { return a.ID == b.ID })
}

// HeadIDs returns the ids of a path's heads: the parents of the next change.
func (d *Doc) HeadIDs(p Path) []ChangeID {
	var ids []ChangeID
	for _, h := range d.Heads[p] {
		ids = append(ids, h.ID)
	}
	return ids
}

// Fold builds a doc from a set of changes in any order; a change listed twice
// counts once.
func Fold(changes []Change) (Doc, error) {
	sorted := slices.Clone(changes)
	sort.Slice(sorted, func(i, j int) bool { return sorted[i].ID < sorted[j].ID })
	sorted = slices.CompactFunc(sorted, func(a, b Change) bool { return a.ID == b.ID })
	var d Doc
	for _, c := range sorted {
		if err := d.Apply(c, func(Path) ([]Change, error) {
			return nil, errors.New("fold applies changes in clock order")
		}); err != nil {
			return d, err
		}
	}
	return d, nil
}

// ConflictValue is one of the competing values of a path in conflict.
type ConflictValue struct {
	ChangeID ChangeID        `json:"changeId"`
	Author   string          `json:"author"`
	At       time.Time       `json:"at"`
	Value    json.RawMessage `json:"value"`
	Winner   bool            `json:"winner"`
}

// Conflict is a path with several heads: concurrent edits nobody has resolved.
type Conflict struct {
	Path   Path            `json:"path"`
	Label  string          `json:"label"`
	Values []ConflictValue `json:"values"`
}

// Conflicts lists the paths in conflict, in path order.
func (d *Doc) Conflicts() []Conflict {
	var out []Conflict
	for p, heads := range d.Heads {
		if len(heads) < 2 {
			continue
		}
		c := Conflict{Path: p, Label: d.Record.Describe(p)}
		for i, h := range heads {
			st, _, _ := h.ID.Parse()
			c.Values = append(c.Values, ConflictValue{ChangeID: h.ID, Author: h.Author, At: st.Time(), Value: h.Value, Winner: i == len(heads)-1})
		}
		out = append(out, c)
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Path < out[j].Path })
	return out
}

// Describe names a path the way a person would: "COM-01 status", "Risk: …".
func (r *Record) Describe(p Path) string {
	if p == PathCreate {
		return "Record created"
	}
	pp, err := parsePath(p)
	if err != nil {
		return string(p)
	}
	switch pp.kind {
	case "field":
		return fieldLabels[pp.field]
	case "sections":
		if s := r.Section(SectionID(pp.id)); s != nil {
			return s.Title
		}
		return "Section " + pp.id
	case "items":
		return pp.id + " " + itemFieldLabels[pp.field]
	case "risks":
		return "Risk"
	case "contacts":
		return "Contact"
	}
	return strings.ReplaceAll(string(p), "/", " ")
}

var fieldLabels = map[string]string{
	"title": "Release title", "service": "Service", "squad": "Squad", "sdm": "Service delivery manager",
	"maintenanceTeam": "Maintenance team", "goLive": "Go-live date", "tier": "Tier", "state": "Lifecycle state",
}

var itemFieldLabels = map[string]string{
	"status": "status", "owner": "owner", "due": "due date", "evidence": "evidence", "notes": "notes",
}
