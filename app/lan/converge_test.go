package lan

import (
	"encoding/json"
	"fmt"
	"math/rand/v2"
	"reflect"
	"strings"
	"testing"

	"github.com/oklog/ulid/v2"

	"readyroom/readiness"
)

// syncAll has every peer pull from every other, twice (so that what one
// peer relays reaches the third).
func syncAll(t *testing.T, peers ...*testPeer) {
	t.Helper()
	for round := 0; round < 2; round++ {
		for _, p := range peers {
			for _, q := range peers {
				if p != q {
					if err := p.pullFrom(q); err != nil {
						t.Fatalf("%s pulling from %s: %v", p.name, q.name, err)
					}
				}
			}
		}
	}
}

// team3 makes three paired peers sharing one record.
func team3(t *testing.T) (a, b, c *testPeer, rec readiness.RecordID) {
	a, b, c = newPeer(t, "Ana", manual), newPeer(t, "Ben", manual), newPeer(t, "Cat", manual)
	team := teamOf(t, a, b, c)
	rec = a.create("Tokenisation v3")
	if _, err := a.node.Share(rec, team.ID, true); err != nil {
		t.Fatal(err)
	}
	syncAll(t, a, b, c)
	for _, p := range []*testPeer{b, c} {
		if _, ok := p.doc(rec); !ok {
			t.Fatalf("%s did not get the shared record", p.name)
		}
	}
	return a, b, c, rec
}

func conflictsOf(t *testing.T, p *testPeer, rec readiness.RecordID) []readiness.Conflict {
	t.Helper()
	d, ok := p.doc(rec)
	if !ok {
		t.Fatalf("%s has no record %s", p.name, rec)
	}
	return d.Conflicts()
}

func TestConcurrentEditsOfOneFieldConflictEverywhereAndResolveOnce(t *testing.T) {
	a, b, c, rec := team3(t)
	ca := a.quiet(rec, "title", "Tokenisation v3 (Ana)")
	cb := b.quiet(rec, "title", "Tokenisation v3 (Ben)")
	syncAll(t, a, b, c)
	want := conflictsOf(t, a, rec)
	if len(want) != 1 || want[0].Path != "title" || len(want[0].Values) != 2 {
		t.Fatalf("Ana's conflicts: %+v", want)
	}
	ids := map[readiness.ChangeID]bool{}
	for _, v := range want[0].Values {
		ids[v.ChangeID] = true
	}
	if !ids[ca.ID] || !ids[cb.ID] {
		t.Fatalf("the conflict does not hold both edits: %+v", want[0].Values)
	}
	for _, p := range []*testPeer{b, c} {
		if got := conflictsOf(t, p, rec); !reflect.DeepEqual(got, want) {
			t.Fatalf("%s sees a different conflict:\n%+v\nwant %+v", p.name, got, want)
		}
	}
	// Cat resolves it once, keeping Ben's; everyone ends clean with Ben's title.
	d, _ := c.doc(rec)
	res, err := c.maker.Resolve(&d, "title", cb.ID)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := c.db.Apply(res); err != nil {
		t.Fatal(err)
	}
	syncAll(t, a, b, c)
	for _, p := range []*testPeer{a, b, c} {
		d, _ := p.doc(rec)
		if len(d.Conflicts()) != 0 || d.Record.Title != "Tokenisation v3 (Ben)" {
			t.Fatalf("%s after the resolution: title %q, conflicts %+v", p.name, d.Record.Title, d.Conflicts())
		}
	}
}

func TestEditsOfDifferentFieldsMergeWithoutConflict(t *testing.T) {
	a, b, c, rec := team3(t)
	a.quiet(rec, "title", "Tokenisation v4")
	b.quiet(rec, "squad", "Kestrel")
	c.quiet(rec, readiness.ItemPath("COM-01", "notes"), "Agreed")
	syncAll(t, a, b, c)
	for _, p := range []*testPeer{a, b, c} {
		d, _ := p.doc(rec)
		if len(d.Conflicts()) != 0 || d.Record.Title != "Tokenisation v4" || d.Record.Squad != "Kestrel" || d.Record.Item("COM-01").Notes != "Agreed" {
			t.Fatalf("%s: %q %q %q conflicts %+v", p.name, d.Record.Title, d.Record.Squad, d.Record.Item("COM-01").Notes, d.Conflicts())
		}
	}
}

func TestDeleteVersusEditIsAConflict(t *testing.T) {
	a, b, c, rec := team3(t)
	id := readiness.EntityID(ulid.Make().String())
	path := readiness.EntryPath("actions", id)
	a.quiet(rec, path, readiness.Action{ID: id, Text: "Brief the service desk", Owner: "Ana", Due: "2026-12-01"})
	syncAll(t, a, b, c)
	a.quiet(rec, path, nil)
	b.quiet(rec, path, readiness.Action{ID: id, Text: "Brief the service desk", Owner: "Ana", Due: "2026-12-01", Done: true})
	syncAll(t, a, b, c)
	for _, p := range []*testPeer{a, b, c} {
		cs := conflictsOf(t, p, rec)
		if len(cs) != 1 || cs[0].Path != path {
			t.Fatalf("%s: conflicts %+v", p.name, cs)
		}
		hasNull := false
		for _, v := range cs[0].Values {
			hasNull = hasNull || string(v.Value) == "null"
		}
		if !hasNull {
			t.Fatalf("%s: the delete is not one of the conflict's values: %+v", p.name, cs[0].Values)
		}
	}
}

// TestRandomEditsAndPartitionsConverge: 4 replicas make thousands of random
// edits while the network splits and heals at random; after a final full
// sync every replica holds every change and the same record.
func TestRandomEditsAndPartitionsConverge(t *testing.T) {
	if testing.Short() {
		t.Skip("long randomized test")
	}
	peers := []*testPeer{newPeer(t, "Ana", manual), newPeer(t, "Ben", manual), newPeer(t, "Cat", manual)}
	team, _ := peers[0].node.CreateTeam("Payments squad")
	for _, p := range peers[1:] {
		pair(t, peers[0], p, team.ID)
	}
	recs := []readiness.RecordID{peers[0].create("Alpha"), peers[1].create("Beta")}
	peers[0].node.Share(recs[0], team.ID, true)
	// Ben shares his own record once he knows the team.
	if err := peers[1].pullFrom(peers[0]); err != nil {
		t.Fatal(err)
	}
	if _, err := peers[1].node.Share(recs[1], team.ID, true); err != nil {
		t.Fatal(err)
	}
	syncAll(t, peers...)
	rng := rand.New(rand.NewPCG(7, 11))
	paths := []readiness.Path{"title", "squad", "sdm", "service"}
	for _, item := range []readiness.ItemID{"COM-01", "COM-02", "SEC-01", "SEC-02", "INC-01", "REL-01"} {
		paths = append(paths, readiness.ItemPath(item, "notes"), readiness.ItemPath(item, "owner"))
	}
	made := 0
	const rounds = 25 // × 3 replicas × 2 records × 15 edits = 2,250 changes
	for round := 0; round < rounds; round++ {
		// Each replica edits on its own side of the partition, a batch per
		// record stored in one transaction (as an import would)...
		for i, p := range peers {
			for _, rec := range recs {
				d, ok := p.doc(rec)
				if !ok {
					continue
				}
				var batch []readiness.Change
				for k := 0; k < 15; k++ {
					path := paths[rng.IntN(len(paths))]
					var c readiness.Change
					var err error
					if cfs := d.Conflicts(); rng.IntN(8) == 0 && len(cfs) > 0 {
						cf := cfs[0]
						c, err = p.maker.Resolve(&d, cf.Path, cf.Values[rng.IntN(len(cf.Values))].ChangeID)
					} else {
						c, err = p.maker.Edit(&d, path, fmt.Sprintf("%s r%d k%d", p.name, round, k))
					}
					if err != nil {
						t.Fatal(err)
					}
					// A replica's own change always follows what it has seen,
					// so folding it in memory never needs the log.
					if err := d.Apply(c, func(readiness.Path) ([]readiness.Change, error) {
						return nil, fmt.Errorf("a local change arrived out of order")
					}, nil); err != nil {
						t.Fatal(err)
					}
					batch = append(batch, c)
				}
				if _, err := p.db.Apply(batch...); err != nil {
					t.Fatalf("replica %d: %v", i, err)
				}
				made += len(batch)
			}
		}
		// ...then a random subset of links carries a pull.
		for i, p := range peers {
			for j, q := range peers {
				if i != j && rng.IntN(3) == 0 {
					if err := p.pullFrom(q); err != nil {
						t.Fatalf("%s pulling from %s: %v", p.name, q.name, err)
					}
				}
			}
		}
	}
	syncAll(t, peers...)
	var want []readiness.Doc
	for _, rec := range recs {
		d, _ := peers[0].doc(rec)
		want = append(want, d)
	}
	total := 0
	for _, rec := range recs {
		log, _ := peers[0].db.Log(rec)
		total += len(log)
	}
	if total != made+len(recs) {
		t.Fatalf("Ana holds %d changes, %d were made (plus the creations)", total, made)
	}
	for _, p := range peers[1:] {
		for i, rec := range recs {
			d, _ := p.doc(rec)
			if !sameDoc(d, want[i]) {
				t.Fatalf("%s's %s differs from Ana's", p.name, rec)
			}
		}
	}
	t.Logf("%d random edits over %d rounds on %d replicas converged (%d changes held each)", made, rounds, len(peers), total)
}

func sameDoc(a, b readiness.Doc) bool {
	ja, _ := json.Marshal(a)
	jb, _ := json.Marshal(b)
	return string(ja) == string(jb)
}

// Two teammates each add text that fits the record limit on their own but
// not together: the merge is kept on both (a larger limit applies to what
// peers merge), sync carries on, and the record can still be edited.
func TestEditsThatOnlyTogetherOverflowARecordStillSync(t *testing.T) {
	a, b, c, rec := team3(t)
	d, _ := a.doc(rec)
	var items []readiness.ItemID
	for _, s := range d.Record.Sections {
		for _, it := range s.Items {
			items = append(items, it.ID)
		}
	}
	long := strings.Repeat("Evidence and notes for the service desk. ", 120)[:4900]
	fillNotes := func(p *testPeer, ids []readiness.ItemID) {
		d, _ := p.doc(rec)
		var batch []readiness.Change
		for _, id := range ids {
			ch, err := p.maker.Edit(&d, readiness.ItemPath(id, "notes"), long)
			if err != nil {
				t.Fatal(err)
			}
			d.Apply(ch, func(readiness.Path) ([]readiness.Change, error) { return nil, nil }, nil)
			batch = append(batch, ch)
		}
		if _, err := p.db.Apply(batch...); err != nil {
			t.Fatalf("%s: %v", p.name, err)
		}
	}
	fillNotes(a, items[:38])
	fillNotes(b, items[38:76])
	syncAll(t, a, b, c)
	for _, p := range []*testPeer{a, b, c} {
		d, _ := p.doc(rec)
		if d.Record.Item(items[0]).Notes != long || d.Record.Item(items[75]).Notes != long {
			t.Fatalf("%s did not merge both sides", p.name)
		}
	}
	raw, _ := json.Marshal(func() readiness.Record { d, _ := a.doc(rec); return d.Record }())
	if len(raw) <= readiness.MaxRecord {
		t.Fatalf("the test needs a merged record over %d bytes, got %d", readiness.MaxRecord, len(raw))
	}
	// Still editable where the edit does not grow it, and edits still flow.
	a.quiet(rec, "title", "Shorter")
	syncAll(t, a, b, c)
	if d, _ := c.doc(rec); d.Record.Title != "Shorter" {
		t.Fatalf("sync stalled after the merge: %q", d.Record.Title)
	}
}
