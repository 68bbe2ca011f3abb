package readiness

import (
	"encoding/json"
	"fmt"
	"iter"
	"slices"
	"sort"
	"time"
)

// Maker makes the changes of one replica: it stamps them with the replica's
// clock and id, names the author, and checks every value before a change
// exists.
type Maker struct {
	Clock   *Clock
	Replica ReplicaID
	Author  string
}

func (m *Maker) change(rec RecordID, p Path, value json.RawMessage, parents []ChangeID) Change {
	// A change must be stamped after everything its author saw: advance past
	// the parents, which may come from replicas whose clocks run ahead.
	for _, id := range parents {
		if st, _, err := id.Parse(); err == nil {
			m.Clock.Observe(st)
		}
	}
	st := m.Clock.Now()
	return Change{
		ID: NewChangeID(st, m.Replica), Record: rec, Path: p, Value: value,
		Parents: parents, HLC: st, Replica: m.Replica, Author: m.Author,
	}
}

// Create checks a new record and makes the change that creates it from the
// tier's template. The id comes from the caller (a ULID).
//
// in.Template names an organisation's template (its newest version in cat),
// whose tier the record takes; without it the tier's shipped template is
// used.
func (m *Maker) Create(id RecordID, in NewRecord, cat *Catalog) (Change, error) {
	var t *Template
	if in.Template != "" {
		nt, ok := cat.Newest(in.Template)
		if !ok {
			return Change{}, fieldErr("template", "template", fmt.Sprintf("There is no template %q", in.Template))
		}
		t = nt
		if in.Tier == "" {
			in.Tier = t.Tier
		}
		if in.Tier != t.Tier {
			return Change{}, fieldErr("tier", "tier", fmt.Sprintf("Template %s is for %s records", t.Name, TierLabel(t.Tier)))
		}
	}
	if err := in.Check(); err != nil {
		return Change{}, err
	}
	if t == nil {
		st, err := TemplateFor(in.Tier)
		if err != nil {
			return Change{}, err
		}
		t = &st
	}
	in.Template = ""
	if !t.Shipped() {
		in.Template = t.ID
	}
	st := m.Clock.Now()
	r := Instantiate(*t, id, in, m.Author, st.Time())
	b, err := json.Marshal(r)
	if err != nil {
		return Change{}, fmt.Errorf("encoding new record: %w", err)
	}
	if len(b) > MaxRecord {
		return Change{}, fmt.Errorf("new record is %d bytes, over the %d-byte limit", len(b), MaxRecord)
	}
	// The change holds the seed, which names the template; the record is
	// what CreatedRecord makes of it, here and on every peer.
	seed, err := json.Marshal(Seed{Format: SeedFormat, Template: t.Ref(), New: in})
	if err != nil {
		return Change{}, fmt.Errorf("encoding new record: %w", err)
	}
	return Change{ID: NewChangeID(st, m.Replica), Record: id, Path: PathCreate, Value: seed, HLC: st, Replica: m.Replica, Author: m.Author}, nil
}

// Edit checks a new value for a path of the doc's record and makes the change
// that sets it. Its parents are the path's current heads, so an edit made
// while a path is in conflict also resolves the conflict.
func (m *Maker) Edit(d *Doc, p Path, value any) (Change, error) {
	if !d.Created {
		return Change{}, ErrNotCreated
	}
	b, err := json.Marshal(value)
	if err != nil {
		return Change{}, fmt.Errorf("encoding value of %s: %w", p, err)
	}
	if what := d.Record.retired(p); what != "" {
		return Change{}, fmt.Errorf("%s is retired: the record's template no longer has it, and its answers are kept as they were given", what)
	}
	if err := d.Record.CheckValue(p, b); err != nil {
		return Change{}, err
	}
	return m.change(d.Record.ID, p, b, d.HeadIDs(p)), nil
}

// Resolve makes the change that settles a conflict on a path with the value
// of one of its heads; its parents are all the heads.
func (m *Maker) Resolve(d *Doc, p Path, keep ChangeID) (Change, error) {
	heads := d.Heads[p]
	if len(heads) < 2 {
		return Change{}, ErrNoConflict
	}
	for _, h := range heads {
		if h.ID == keep {
			return m.change(d.Record.ID, p, h.Value, d.HeadIDs(p)), nil
		}
	}
	return Change{}, fmt.Errorf("value %s of %s: %w", keep, p, ErrNotFound)
}

// Undo makes the change that reverts the newest change of this replica to the
// record that is neither an undo nor already undone. log holds the record's
// changes in any order, including its creating change. The reverted value is
// what the path held before: the newest of the undone change's parents, or
// the value at creation for a path's first edit.
func (m *Maker) Undo(d *Doc, log []Change, cat *Catalog) (Change, error) {
	newestFirst := slices.Clone(log)
	sort.Slice(newestFirst, func(i, j int) bool { return newestFirst[i].ID > newestFirst[j].ID })
	target, ok := m.UndoTarget(slices.Values(newestFirst))
	if !ok {
		return Change{}, ErrNothingToUndo
	}
	byID := make(map[ChangeID]Change, len(log))
	var created Change
	for _, c := range log {
		byID[c.ID] = c
		if c.Path == PathCreate {
			created = c
		}
	}
	before, err := ValueBefore(target, func(id ChangeID) (Change, bool) { c, ok := byID[id]; return c, ok }, created, cat)
	if err != nil {
		return Change{}, err
	}
	return m.UndoWith(d, target, before), nil
}

// UndoTarget finds the change Undo would revert, reading the log newest first
// and stopping as soon as it is found: an undo is always newer than the
// change it reverts, so it is seen first.
func (m *Maker) UndoTarget(newestFirst iter.Seq[Change]) (Change, bool) {
	undone := map[ChangeID]bool{}
	for c := range newestFirst {
		if c.Undoes != "" {
			undone[c.Undoes] = true
			continue
		}
		if c.Replica != m.Replica || c.Path == PathCreate || undone[c.ID] {
			continue
		}
		return c, true
	}
	return Change{}, false
}

// UndoWith makes the change that sets target's path back to before.
func (m *Maker) UndoWith(d *Doc, target Change, before json.RawMessage) Change {
	c := m.change(d.Record.ID, target.Path, before, d.HeadIDs(target.Path))
	c.Undoes = target.ID
	return c
}

// ValueBefore is the value a path held before target: its newest parent's
// value, or for a path's first edit, the value in the creating change.
func ValueBefore(target Change, lookup func(ChangeID) (Change, bool), created Change, cat *Catalog) (json.RawMessage, error) {
	var newest ChangeID
	for _, p := range target.Parents {
		if _, ok := lookup(p); ok && p > newest {
			newest = p
		}
	}
	if newest != "" {
		c, _ := lookup(newest)
		return c.Value, nil
	}
	r, err := CreatedRecord(created, cat)
	if err != nil {
		return nil, err
	}
	return r.Get(target.Path)
}

// HistoryEntry is one change as the history panel shows it.
type HistoryEntry struct {
	ID      ChangeID  `json:"id"`
	At      time.Time `json:"at"`
	Author  string    `json:"author"`
	Path    Path      `json:"path"`
	Label   string    `json:"label"`
	Summary string    `json:"summary"`
	Undo    bool      `json:"undo"`
}

// History describes a record's changes, newest first.
func History(r *Record, log []Change) []HistoryEntry {
	out := make([]HistoryEntry, 0, len(log))
	for _, c := range log {
		out = append(out, HistoryEntry{
			ID: c.ID, At: c.HLC.Time(), Author: c.Author, Path: c.Path,
			Label: r.Describe(c.Path), Summary: summarise(c), Undo: c.Undoes != "",
		})
	}
	for i, j := 0, len(out)-1; i < j; i, j = i+1, j-1 {
		out[i], out[j] = out[j], out[i]
	}
	return out
}

// summarise renders a change's value in a few words.
func summarise(c Change) string {
	if c.Path == PathCreate {
		return "created from the template"
	}
	var v any
	if err := json.Unmarshal(c.Value, &v); err != nil {
		return ""
	}
	var s string
	switch x := v.(type) {
	case nil:
		s = "deleted"
	case string:
		s = x
		if s == "" {
			s = "cleared"
		} else if d, err := ParseDate(s); err == nil && len(s) == len("2026-12-01") {
			s = d.Words() // a due date, a go-live: in words, as the window shows dates
		}
	case map[string]any:
		switch {
		case x["status"] != nil && x["description"] == nil && x["text"] == nil:
			st, _ := ParseStatus(fmt.Sprint(x["status"]))
			s = st.Label()
			if r, _ := x["reason"].(string); r != "" {
				s += ": " + r
			}
			if st == "" {
				s = fmt.Sprint(x["status"])
			}
		case x["tier"] != nil:
			s = TierLabel(Tier(fmt.Sprint(x["tier"])))
		case x["description"] != nil:
			s = fmt.Sprint(x["description"])
		case x["name"] != nil:
			s = fmt.Sprint(x["name"])
		case x["kind"] != nil && x["date"] != nil: // ceremony
			s = CeremonyKind(fmt.Sprint(x["kind"])).Label() + ", " + Date(fmt.Sprint(x["date"])).Words()
		case x["state"] != nil && x["days"] != nil: // hypercare window
			s = "window " + fmt.Sprint(x["state"]) // planned, active, extended, exited: words already
		case x["state"] != nil:
			s = State(fmt.Sprint(x["state"])).Label()
			if r, _ := x["reason"].(string); r != "" {
				s += ": " + r
			}
		case x["ref"] != nil: // incident
			s = fmt.Sprint(x["severity"], " ", x["ref"])
		case x["summary"] != nil: // check-in
			s = capitalise(fmt.Sprint(x["rag"])) + ": " + fmt.Sprint(x["summary"])
		case x["person"] != nil: // acceptance or acknowledgement
			if p, ok := x["person"].(map[string]any); ok {
				s = fmt.Sprint(p["name"])
			}
		case x["text"] != nil: // action or criterion
			s = fmt.Sprint(x["text"])
			if st, ok := x["status"].(string); ok {
				s += " — " + st
			}
		}
	case []any:
		s = plural(len(x), "evidence entry", "evidence entries")
	default:
		s = fmt.Sprint(x)
	}
	if c.Undoes != "" {
		s = "undo: " + s
	}
	if r := []rune(s); len(r) > 140 {
		s = string(r[:139]) + "…"
	}
	return s
}
