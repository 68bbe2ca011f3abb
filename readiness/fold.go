package readiness

import (
	"encoding/json"
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
	// Templates are the template versions the record's log names (its
	// creating change and every upgrade, undone or not), in id and version
	// order: where the text of an item a later version removed comes from.
	Templates []TemplateRef `json:"templates,omitempty"`
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
//
// cat holds the template versions the record may name (nil: the shipped
// ones): a creating change or an upgrade naming a version it lacks is
// refused with ErrUnknownTemplate, and the doc is then unusable (the caller
// discards it).
func (d *Doc) Apply(c Change, log PathLog, cat *Catalog) error {
	if d.Heads == nil {
		d.Heads = map[Path][]Head{}
	}
	d.Changes++
	if c.Path == PathCreate {
		return d.create(c, cat)
	}
	if c.Path == PathTemplate {
		var ref TemplateRef
		if err := json.Unmarshal(c.Value, &ref); err != nil {
			return fmt.Errorf("value of %s: %w", c.Path, err)
		}
		d.noteTemplate(ref)
	}
	heads := d.Heads[c.Path]
	var all []Change // the path's log, read only when needed
	readLog := func() error {
		if all != nil {
			return nil
		}
		var err error
		if all, err = log(c.Path); err != nil {
			return fmt.Errorf("reading changes of %s: %w", c.Path, err)
		}
		return nil
	}
	inOrder := len(heads) == 0 || heads[len(heads)-1].ID < c.ID
	if inOrder {
		if err := d.noteMaterial(c, heads, readLog, &all); err != nil {
			return err
		}
		heads = slices.DeleteFunc(heads, func(h Head) bool { return slices.Contains(c.Parents, h.ID) })
		heads = append(heads, Head{ID: c.ID, Author: c.Author, Value: c.Value})
	} else {
		if err := readLog(); err != nil {
			return err
		}
		heads = headsOf(all)
		for _, x := range all {
			d.noteMaterialIn(x, all)
		}
	}
	d.Heads[c.Path] = heads
	if d.Created {
		if err := d.setWinner(c.Path, cat); err != nil {
			return err
		}
	}
	if t := c.HLC.Time(); t.After(d.Record.UpdatedAt) {
		d.Record.UpdatedAt = t
	}
	return nil
}

// noteMaterial advances MaterialAt for a change that makes acknowledgements
// stale: any change of the tier, the go-live date or the rollback plan, and a
// checklist item moved from done back to open. The latter needs the values of
// the change's parents: the current heads usually hold them, else the log.
func (d *Doc) noteMaterial(c Change, heads []Head, readLog func() error, all *[]Change) error {
	if materialPath(c.Path) {
		d.material(c)
		return nil
	}
	if !reopens(c) {
		return nil
	}
	for _, p := range c.Parents {
		i := slices.IndexFunc(heads, func(h Head) bool { return h.ID == p })
		if i < 0 {
			if err := readLog(); err != nil {
				return err
			}
			d.noteMaterialIn(c, *all)
			return nil
		}
		if statusOf(heads[i].Value) == Done {
			d.material(c)
			return nil
		}
	}
	return nil
}

// noteMaterialIn is noteMaterial with the path's whole log at hand.
func (d *Doc) noteMaterialIn(c Change, all []Change) {
	if materialPath(c.Path) {
		d.material(c)
		return
	}
	if !reopens(c) {
		return
	}
	for _, x := range all {
		if slices.Contains(c.Parents, x.ID) && statusOf(x.Value) == Done {
			d.material(c)
			return
		}
	}
}

func (d *Doc) material(c Change) {
	if t := c.HLC.Time(); t.After(d.Record.MaterialAt) {
		d.Record.MaterialAt = t
	}
}

func materialPath(p Path) bool {
	return p == PathTier || p == "goLive" || p == SectionTextPath("rollback-plan") || p == PathTemplate
}

// reopens reports whether c sets an item's status to an open one.
func reopens(c Change) bool {
	if len(c.Parents) == 0 || !strings.HasPrefix(string(c.Path), "items/") || !strings.HasSuffix(string(c.Path), "/status") {
		return false
	}
	st := statusOf(c.Value)
	return st != Done && st != NA && st != ""
}

func statusOf(v json.RawMessage) Status {
	var sv StatusValue
	if json.Unmarshal(v, &sv) != nil {
		return ""
	}
	return sv.Status
}

func (d *Doc) create(c Change, cat *Catalog) error {
	r, err := CreatedRecord(c, cat)
	if err != nil {
		return err
	}
	if r.TemplateDigest != "" {
		d.noteTemplate(r.TemplateRef())
	}
	// Changes may arrive before the record they edit (another peer's order):
	// what they noted so far survives the creation.
	updated, material := d.Record.UpdatedAt, d.Record.MaterialAt
	d.Record, d.Created = r, true
	if updated.After(r.UpdatedAt) {
		d.Record.UpdatedAt = updated
	}
	if material.After(r.MaterialAt) {
		d.Record.MaterialAt = material
	}
	paths := make([]Path, 0, len(d.Heads))
	for p := range d.Heads {
		paths = append(paths, p)
	}
	slices.Sort(paths)
	// An upgrade first: it lays out the sections the other values go in.
	if err := d.setWinner(PathTemplate, cat); err != nil {
		return err
	}
	for _, p := range paths {
		if p != PathTemplate {
			d.setWinner(p, cat) //nolint:errcheck // only the template path fails
		}
	}
	return nil
}

// setWinner writes a path's provisional winner into the record. A value for
// an item the record's template does not have stays in Heads only. Only an
// upgrade (PathTemplate) can fail: it names a template version cat lacks.
func (d *Doc) setWinner(p Path, cat *Catalog) error {
	heads := d.Heads[p]
	if len(heads) == 0 {
		return nil
	}
	w := heads[len(heads)-1]
	if p == PathTemplate {
		return d.followTemplate(w.Value, cat)
	}
	it, err := d.Record.set(p, w.Value)
	if err != nil {
		return nil // checked on entry (CheckValue); only unknown items land here
	}
	if it != nil {
		st, _, _ := w.ID.Parse()
		if t := st.Time(); !t.Before(it.ChangedAt) {
			it.ChangedAt, it.ChangedBy = t, w.Author
		}
	}
	return nil
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
// counts once. cat holds the template versions they may name (nil: the
// shipped ones).
func Fold(changes []Change, cat *Catalog) (Doc, error) {
	sorted := slices.Clone(changes)
	sort.Slice(sorted, func(i, j int) bool { return sorted[i].ID < sorted[j].ID })
	sorted = slices.CompactFunc(sorted, func(a, b Change) bool { return a.ID == b.ID })
	var d Doc
	byPath := map[Path][]Change{}
	for _, c := range sorted {
		byPath[c.Path] = append(byPath[c.Path], c)
		if err := d.Apply(c, func(p Path) ([]Change, error) { return byPath[p], nil }, cat); err != nil {
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
