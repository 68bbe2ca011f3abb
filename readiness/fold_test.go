package readiness

import (
	"encoding/json"
	"errors"
	"math/rand/v2"
	"reflect"
	"slices"
	"testing"
	"time"
)

const testRecord RecordID = "01JD0000000000000000000000"

func testInput() NewRecord {
	return NewRecord{Service: "Payments", Title: "Tokenisation v3", Squad: "Falcon", SDM: "Priya", MaintenanceTeam: "Run team",
		GoLive: "2026-12-01", Tier: Gold, Answers: Answers{SensitiveData: true}}
}

// testMaker returns a maker on a clock that starts at base and moves 1 ms
// per reading.
func testMaker(replica ReplicaID, author string, base int64) *Maker {
	ms := base
	return &Maker{Clock: NewClock(func() time.Time { ms++; return time.UnixMilli(ms) }), Replica: replica, Author: author}
}

// memLog keeps changes like the store does, for Apply's out-of-order path.
type memLog struct {
	changes []Change
	cat     *Catalog
}

func (l *memLog) apply(t *testing.T, d *Doc, c Change) {
	t.Helper()
	if slices.ContainsFunc(l.changes, func(x Change) bool { return x.ID == c.ID }) {
		return // already held: a no-op, as in the store
	}
	l.changes = append(l.changes, c)
	err := d.Apply(c, func(p Path) ([]Change, error) {
		var out []Change
		for _, x := range l.changes {
			if x.Record == c.Record && x.Path == p {
				out = append(out, x)
			}
		}
		return out, nil
	}, l.cat)

	if err != nil {
		t.Fatalf("Apply(%s %s): %v", c.ID, c.Path, err)
	}
}

func created(t *testing.T, m *Maker) (Doc, Change) {
	t.Helper()
	c, err := m.Create(testRecord, testInput(), nil)
	if err != nil {
		t.Fatal(err)
	}
	var d Doc
	(&memLog{}).apply(t, &d, c)
	return d, c
}

func mustEdit(t *testing.T, m *Maker, d *Doc, p Path, v any) Change {
	t.Helper()
	c, err := m.Edit(d, p, v)
	if err != nil {
		t.Fatalf("Edit(%s): %v", p, err)
	}
	return c
}

func firstItem(d *Doc) ItemID {
	for _, s := range d.Record.Sections {
		if len(s.Items) > 0 {
			return s.Items[0].ID
		}
	}
	return ""
}

func TestCreateInstantiatesTemplate(t *testing.T) {
	m := testMaker("00000000000000a1", "Ana", 1000)
	d, _ := created(t, m)
	gold, _ := TemplateFor(Gold)
	if got := len(d.Record.Sections); got != len(gold.Sections) {
		t.Fatalf("record has %d sections, template %d", got, len(gold.Sections))
	}
	n := 0
	for _, s := range d.Record.Sections {
		for _, it := range s.Items {
			n++
			if it.Status != NotStarted || it.Text == "" || it.Why == "" || it.Guidance == "" {
				t.Fatalf("item %s instantiated as %+v", it.ID, it)
			}
		}
	}
	if n != gold.ItemCount() || d.Record.State != Draft || d.Record.TemplateVersion != gold.Version {
		t.Fatalf("record has %d items (want %d), state %s, template v%d", n, gold.ItemCount(), d.Record.State, d.Record.TemplateVersion)
	}
}

func TestEditsFoldIntoTheRecord(t *testing.T) {
	m := testMaker("00000000000000a1", "Ana", 1000)
	d, _ := created(t, m)
	log := &memLog{}
	item := firstItem(&d)
	log.apply(t, &d, mustEdit(t, m, &d, ItemPath(item, "status"), StatusValue{Status: Done}))
	log.apply(t, &d, mustEdit(t, m, &d, ItemPath(item, "owner"), "Ana"))
	log.apply(t, &d, mustEdit(t, m, &d, "title", "Tokenisation v3.1"))
	it := d.Record.Item(item)
	if it.Status != Done || it.Owner != "Ana" || it.ChangedBy != "Ana" || it.ChangedAt.IsZero() {
		t.Fatalf("item after edits: %+v", it)
	}
	if d.Record.Title != "Tokenisation v3.1" || len(d.Conflicts()) != 0 {
		t.Fatalf("title %q, conflicts %v", d.Record.Title, d.Conflicts())
	}
	// A second edit of the same path supersedes the first: one head.
	log.apply(t, &d, mustEdit(t, m, &d, "title", "Tokenisation v3.2"))
	if heads := d.Heads["title"]; len(heads) != 1 || d.Record.Title != "Tokenisation v3.2" {
		t.Fatalf("heads after sequential edits: %v", heads)
	}
}

func TestConcurrentEditsAreAConflictUntilResolved(t *testing.T) {
	a := testMaker("00000000000000a1", "Ana", 1000)
	b := testMaker("00000000000000b2", "Ben", 1000)
	base, create := created(t, a)
	da, db := base, base
	da.Heads, db.Heads = map[Path][]Head{}, map[Path][]Head{}
	ca := mustEdit(t, a, &da, "goLive", "2026-12-02")
	cb := mustEdit(t, b, &db, "goLive", "2026-12-09")

	la, lb := &memLog{changes: []Change{create}}, &memLog{changes: []Change{create}}
	la.apply(t, &da, ca)
	la.apply(t, &da, cb)
	lb.apply(t, &db, cb)
	lb.apply(t, &db, ca)
	for name, d := range map[string]*Doc{"a": &da, "b": &db} {
		cs := d.Conflicts()
		if len(cs) != 1 || cs[0].Path != "goLive" || len(cs[0].Values) != 2 {
			t.Fatalf("replica %s conflicts: %+v", name, cs)
		}
		// Provisional winner: the highest (clock, replica).
		want, wantAuthor := later(ca, cb)
		if string(d.Record.GoLive) != want || !cs[0].Values[1].Winner || cs[0].Values[1].Author != wantAuthor {
			t.Fatalf("replica %s provisional winner %s, values %+v", name, d.Record.GoLive, cs[0].Values)
		}
	}
	// Resolving on a keeps Ana's value; the resolution supersedes both heads.
	r, err := a.Resolve(&da, "goLive", ca.ID)
	if err != nil {
		t.Fatal(err)
	}
	wantParents := []ChangeID{ca.ID, cb.ID}
	slices.Sort(wantParents)
	if !slices.Equal(r.Parents, wantParents) {
		t.Fatalf("resolution parents %v", r.Parents)
	}
	la.apply(t, &da, r)
	lb.apply(t, &db, r)
	for name, d := range map[string]*Doc{"a": &da, "b": &db} {
		if len(d.Conflicts()) != 0 || d.Record.GoLive != "2026-12-02" {
			t.Fatalf("replica %s after resolution: go-live %s, conflicts %v", name, d.Record.GoLive, d.Conflicts())
		}
	}
	if _, err := a.Resolve(&da, "goLive", ca.ID); !errors.Is(err, ErrNoConflict) {
		t.Fatalf("resolving a clean path: %v", err)
	}
}

// later returns the go-live value and author of the later of two changes.
func later(a, b Change) (string, string) {
	if b.ID > a.ID {
		a = b
	}
	var v string
	json.Unmarshal(a.Value, &v)
	return v, a.Author
}

func TestDeleteVersusEditIsAConflict(t *testing.T) {
	a := testMaker("00000000000000a1", "Ana", 1000)
	b := testMaker("00000000000000b2", "Ben", 1000)
	d, create := created(t, a)
	log := &memLog{changes: []Change{create}}
	risk := RiskPath("01JD0000000000000000000001")
	add := mustEdit(t, a, &d, risk, Risk{Description: "Supplier late", Likelihood: "low", Impact: "high", Status: "open"})
	log.apply(t, &d, add)
	snapshot := d
	snapshot.Heads = map[Path][]Head{risk: slices.Clone(d.Heads[risk])}
	del := mustEdit(t, a, &d, risk, nil)
	edit := mustEdit(t, b, &snapshot, risk, Risk{Description: "Supplier late", Likelihood: "high", Impact: "high", Status: "open"})
	log.apply(t, &d, del)
	log.apply(t, &d, edit)
	if cs := d.Conflicts(); len(cs) != 1 || cs[0].Path != risk {
		t.Fatalf("delete vs edit conflicts: %+v", cs)
	}
}

// TestApplyOrderDoesNotMatter is the fold's defining property: any order of
// arrival, with duplicates, gives the same doc as folding in clock order.
func TestApplyOrderDoesNotMatter(t *testing.T) {
	reps := []*Maker{
		testMaker("00000000000000a1", "Ana", 1000),
		testMaker("00000000000000b2", "Ben", 1000),
		testMaker("00000000000000c3", "Cy", 1000),
	}
	d0, create := created(t, reps[0])
	rng := rand.New(rand.NewPCG(1, 2))
	var item []ItemID
	for _, s := range d0.Record.Sections {
		for _, it := range s.Items {
			item = append(item, it.ID)
		}
	}
	paths := []func() (Path, any){
		func() (Path, any) { return "title", "T" + string(rune('a'+rng.IntN(26))) },
		func() (Path, any) { return ItemPath(item[rng.IntN(4)], "owner"), "O" + string(rune('a'+rng.IntN(26))) },
		func() (Path, any) {
			return ItemPath(item[rng.IntN(4)], "status"), StatusValue{Status: []Status{Done, InProgress, Blocked}[rng.IntN(3)], Reason: "r"}
		},
		func() (Path, any) { return RiskPath("01JD0000000000000000000009"), nil },
		func() (Path, any) {
			return RiskPath("01JD0000000000000000000009"), Risk{Description: "d", Likelihood: "low", Impact: "low", Status: "open"}
		},
	}
	// Each replica edits its own view, sometimes seeing the others' changes.
	views := make([]Doc, len(reps))
	logs := make([]*memLog, len(reps))
	for i := range views {
		views[i] = Doc{}
		logs[i] = &memLog{}
		logs[i].apply(t, &views[i], create)
	}
	var all []Change
	for step := 0; step < 400; step++ {
		i := rng.IntN(len(reps))
		p, v := paths[rng.IntN(len(paths))]()
		c := mustEdit(t, reps[i], &views[i], p, v)
		if err := c.Check(); err != nil {
			t.Fatalf("step %d made a malformed change: %v", step, err)
		}
		logs[i].apply(t, &views[i], c)
		all = append(all, c)
		if rng.IntN(4) == 0 { // a sync: replica j catches up with everything so far
			j := rng.IntN(len(reps))
			for _, x := range all {
				logs[j].apply(t, &views[j], x)
			}
		}
	}
	all = append(all, create)
	want, err := Fold(all, nil)
	if err != nil {
		t.Fatal(err)
	}
	for trial := 0; trial < 20; trial++ {
		shuffled := slices.Clone(all)
		rng.Shuffle(len(shuffled), func(a, b int) { shuffled[a], shuffled[b] = shuffled[b], shuffled[a] })
		shuffled = append(shuffled, shuffled[:len(shuffled)/3]...) // duplicates
		var got Doc
		log := &memLog{}
		for _, c := range shuffled {
			log.apply(t, &got, c)
		}
		if !sameDoc(t, want, got) {
			t.Fatalf("trial %d: applying in another order gave a different doc", trial)
		}
	}
	if len(want.Conflicts()) == 0 {
		t.Fatal("the random edits produced no conflict; the test would not notice a merge that drops values")
	}
}

func sameDoc(t *testing.T, a, b Doc) bool {
	t.Helper()
	ja, _ := json.Marshal(a)
	jb, _ := json.Marshal(b)
	if string(ja) != string(jb) {
		var ma, mb map[string]any
		json.Unmarshal(ja, &ma)
		json.Unmarshal(jb, &mb)
		return reflect.DeepEqual(ma, mb)
	}
	return true
}

func TestUndoRevertsNewestChangeThenTheOneBefore(t *testing.T) {
	m := testMaker("00000000000000a1", "Ana", 1000)
	d, create := created(t, m)
	log := &memLog{changes: []Change{create}}
	item := firstItem(&d)
	log.apply(t, &d, mustEdit(t, m, &d, ItemPath(item, "status"), StatusValue{Status: InProgress}))
	log.apply(t, &d, mustEdit(t, m, &d, ItemPath(item, "status"), StatusValue{Status: Blocked, Reason: "waiting"}))
	log.apply(t, &d, mustEdit(t, m, &d, "title", "New title"))

	steps := []struct {
		check func() bool
		what  string
	}{
		{func() bool { return d.Record.Title == "Tokenisation v3" }, "title back to its created value"},
		{func() bool { return d.Record.Item(item).Status == InProgress }, "status back to in progress"},
		{func() bool { return d.Record.Item(item).Status == NotStarted }, "status back to not started"},
	}
	for _, s := range steps {
		u, err := m.Undo(&d, log.changes, nil)
		if err != nil {
			t.Fatalf("undo (%s): %v", s.what, err)
		}
		log.apply(t, &d, u)
		if !s.check() {
			t.Fatalf("after undo: want %s", s.what)
		}
	}
	if _, err := m.Undo(&d, log.changes, nil); !errors.Is(err, ErrNothingToUndo) {
		t.Fatalf("undo with nothing left: %v", err)
	}
	h := History(&d.Record, log.changes)
	if len(h) != 7 || !h[0].Undo || h[len(h)-1].Label != "Record created" {
		t.Fatalf("history: %+v", h)
	}
}

func TestMalformedChangesAreRefused(t *testing.T) {
	good := Change{ID: NewChangeID(Stamp{Wall: 5}, "00000000000000a1"), Record: testRecord, Path: "title",
		Value: json.RawMessage(`"x"`), HLC: Stamp{Wall: 5}, Replica: "00000000000000a1"}
	cases := map[string]func(*Change){
		"id disagrees with stamp": func(c *Change) { c.HLC.Wall = 6 },
		"unknown path":            func(c *Change) { c.Path = "../../etc" },
		"item path not an id":     func(c *Change) { c.Path = "items/-com-01/status" },
		"value not JSON":          func(c *Change) { c.Value = json.RawMessage(`{`) },
		"value too large":         func(c *Change) { c.Value = json.RawMessage(`"` + string(make([]byte, MaxChangeValue)) + `"`) },
		"parent from the future":  func(c *Change) { c.Parents = []ChangeID{NewChangeID(Stamp{Wall: 9}, "00000000000000a1")} },
		"bad record id":           func(c *Change) { c.Record = "nope" },
	}
	if err := good.Check(); err != nil {
		t.Fatalf("good change refused: %v", err)
	}
	for name, mutate := range cases {
		c := good
		mutate(&c)
		if err := c.Check(); err == nil {
			t.Errorf("%s: accepted", name)
		}
	}
	if _, err := DecodeChange([]byte(`{"id":"x","extra":1}`)); err == nil {
		t.Error("DecodeChange accepted an unknown field")
	}
}
