package store

import (
	"encoding/json"
	"fmt"
	"io"
	"math"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	bolt "go.etcd.io/bbolt"

	"readyroom/readiness"
)

func TestSchema1DatabaseGetsArrivalNumbers(t *testing.T) {
	dir := t.TempDir()
	src, err := os.Open("testdata/schema1-demo.db")
	if err != nil {
		t.Fatal(err)
	}
	defer src.Close()
	dst, err := os.Create(filepath.Join(dir, FileName))
	if err != nil {
		t.Fatal(err)
	}
	if _, err := io.Copy(dst, src); err != nil {
		t.Fatal(err)
	}
	dst.Close()
	db, err := Open(dir, Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	sums, err := db.Summaries()
	if err != nil || len(sums) != 4 {
		t.Fatalf("summaries after migration: %d, %v", len(sums), err)
	}
	total := 0
	for _, s := range sums {
		log, err := db.Log(s.ID)
		if err != nil {
			t.Fatal(err)
		}
		total += len(log)
	}
	if got := pulled(t, db); len(got) != total {
		t.Fatalf("pulled %d of %d changes", len(got), total)
	}
	db.view(func(tx *bolt.Tx) error {
		if tx.Bucket(bucketPaths) != nil {
			t.Error("the path index is still there at schema 4")
		}
		return nil
	})
	for _, sm := range sums {
		if got, want := storedJSON(t, db, sm.ID), refoldedJSON(t, db, sm.ID); got != want {
			t.Fatalf("record %s after migration differs from its changes folded again:\n%s\n%s", sm.ID, got, want)
		}
	}
	if n, _ := db.Arrivals(); n != uint64(total) {
		t.Fatalf("arrivals = %d, want %d", n, total)
	}
	if backups, _ := filepath.Glob(filepath.Join(dir, "backups", fmt.Sprintf("*-before-schema-%d.db", SchemaVersion))); len(backups) != 1 {
		t.Fatalf("no backup before the migration: %v", backups)
	}
}

// storedJSON is a record as the store reads it, as JSON.
func storedJSON(t *testing.T, db *DB, id readiness.RecordID) string {
	t.Helper()
	d, err := db.Doc(id)
	if err != nil {
		t.Fatal(err)
	}
	b, _ := json.Marshal(d)
	return string(b)
}

// refoldedJSON is a record folded again from its log, as JSON.
func refoldedJSON(t *testing.T, db *DB, id readiness.RecordID) string {
	t.Helper()
	log, err := db.Log(id)
	if err != nil {
		t.Fatal(err)
	}
	var d readiness.Doc
	for _, c := range log {
		pathLog := func(p readiness.Path) ([]readiness.Change, error) {
			var out []readiness.Change
			for _, x := range log {
				if x.Path == p && x.ID <= c.ID {
					out = append(out, x)
				}
			}
			return out, nil
		}
		if err := d.Apply(c, pathLog, nil); err != nil {
			t.Fatal(err)
		}
	}
	b, _ := json.Marshal(d)
	return string(b)
}

// pulled reads every change in arrival order the way a peer does: the
// index, then the changes it names.
func pulled(t *testing.T, db *DB) []readiness.Change {
	t.Helper()
	all := func(readiness.RecordID) bool { return true }
	keys, _, more, err := db.ChangeKeysAfter(0, math.MaxUint64, all, 1<<20, 1<<20)
	if err != nil || more {
		t.Fatalf("index: more=%v, %v", more, err)
	}
	raw, n, more, err := db.AppendRawChanges([]byte("["), keys, all, 1<<30)
	if err != nil || more {
		t.Fatalf("changes: more=%v, %v", more, err)
	}
	var out []readiness.Change
	if err := json.Unmarshal(append(raw, ']'), &out); err != nil || len(out) != n {
		t.Fatalf("%d changes read of %d: %v", len(out), n, err)
	}
	return out
}

func TestChangeIndexPagesAndFilters(t *testing.T) {
	db, _ := openTest(t)
	item, m := seed(t, db)
	d, _ := db.Doc(recID)
	for i := 0; i < 10; i++ {
		e, err := m.Edit(&d, readiness.ItemPath(item, "notes"), "note "+string(rune('a'+i)))
		if err != nil {
			t.Fatal(err)
		}
		if d, err = db.ApplyOne(e); err != nil {
			t.Fatal(err)
		}
	}
	other := readiness.RecordID("01JD0000000000000000000009")
	c, _ := m.Create(other, newRecord(), nil)
	db.Apply(c)
	all := func(readiness.RecordID) bool { return true }
	only := func(r readiness.RecordID) bool { return r == recID }
	// 12 changes of recID, then one of other.
	var got []string
	cursor := uint64(0)
	for pages := 0; ; pages++ {
		if pages > 10 {
			t.Fatal("paging does not end")
		}
		keys, next, more, err := db.ChangeKeysAfter(cursor, math.MaxUint64, only, 5, 100)
		if err != nil {
			t.Fatal(err)
		}
		got = append(got, keys...)
		cursor = next
		if !more {
			break
		}
	}
	if len(got) != 12 {
		t.Fatalf("pulled %d changes of the shared record, want 12", len(got))
	}
	if cursor != 13 {
		t.Fatalf("cursor = %d, want 13 (past the unshared record's change)", cursor)
	}
	// A byte limit smaller than one change still sends that one change.
	raw, n, more, _ := db.AppendRawChanges(nil, got, all, 10)
	if n != 1 || !more || !json.Valid(raw) {
		t.Fatalf("tiny byte limit: %d changes, more=%v", n, more)
	}
	// Only changes of records the filter accepts, and held here, are sent.
	if _, n, _, _ := db.AppendRawChanges(nil, append([]string{string(other) + "/nothing"}, got[:2]...), only, 1<<20); n != 2 {
		t.Fatalf("filtered fetch: %d changes, want 2", n)
	}
	// The scan limit bounds work on a long run of changes that are not wanted.
	keys, next, more, _ := db.ChangeKeysAfter(0, math.MaxUint64, func(readiness.RecordID) bool { return false }, 500, 4)
	if len(keys) != 0 || !more || next != 4 {
		t.Fatalf("scan limit: %d keys, next %d, more %v", len(keys), next, more)
	}
}

func TestApplyPulledHoldsFutureChangesAndMovesTheCursor(t *testing.T) {
	src, _ := openTest(t)
	seed(t, src)
	page := pulled(t, src)
	// A change stamped an hour ahead.
	d, _ := src.Doc(recID)
	future := &readiness.Maker{Clock: readiness.NewClock(func() time.Time { return time.Now().Add(time.Hour) }), Replica: "00000000000000ff", Author: "Zed"}
	fc, err := future.Edit(&d, "title", "From the future")
	if err != nil {
		t.Fatal(err)
	}
	dst, _ := openTest(t)
	res, err := dst.ApplyPulled(append(page, fc), time.Now().Add(5*time.Minute), map[string][]byte{"cursor/x": []byte(`{"seq":2}`)})
	if err != nil {
		t.Fatal(err)
	}
	if res.Applied != 2 || res.Held != 1 || len(res.Records) != 1 {
		t.Fatalf("pulled = %+v", res)
	}
	if v, _ := dst.LANGet("cursor/x"); string(v) != `{"seq":2}` {
		t.Fatalf("cursor = %s", v)
	}
	if doc, _ := dst.Doc(recID); doc.Record.Title == "From the future" {
		t.Fatal("a future change was applied")
	}
	held, _ := dst.HeldChanges()
	if len(held) != 1 || held[0].ID != fc.ID {
		t.Fatalf("held = %v", held)
	}
	// Not yet due: stays held.
	if r, _ := dst.ReleaseHeld(time.Now()); r.Applied != 0 || r.Held != 1 {
		t.Fatalf("early release = %+v", r)
	}
	r, err := dst.ReleaseHeld(time.Now().Add(2 * time.Hour))
	if err != nil || r.Applied != 1 {
		t.Fatalf("release = %+v, %v", r, err)
	}
	if doc, _ := dst.Doc(recID); doc.Record.Title != "From the future" {
		t.Fatalf("released change not applied: %q", doc.Record.Title)
	}
	if held, _ := dst.HeldChanges(); len(held) != 0 {
		t.Fatalf("still held: %v", held)
	}
}

func TestApplyPulledRefusesABadPageWhole(t *testing.T) {
	src, _ := openTest(t)
	seed(t, src)
	page := pulled(t, src)
	bad := page[1]
	bad.Value = json.RawMessage(`"` + strings.Repeat("x", readiness.MaxChangeValue) + `"`)
	dst, _ := openTest(t)
	if _, err := dst.ApplyPulled([]readiness.Change{page[0], bad}, time.Now(), map[string][]byte{"cursor/x": []byte("1")}); err == nil {
		t.Fatal("an oversize change was accepted")
	}
	if n, _ := dst.Count(); n != 0 {
		t.Fatalf("%d records stored from a refused page", n)
	}
	if v, _ := dst.LANGet("cursor/x"); v != nil {
		t.Fatalf("cursor moved on a refused page: %s", v)
	}
}

func TestLANState(t *testing.T) {
	db, _ := openTest(t)
	if err := db.LANUpdate("team/a", func(old []byte) ([]byte, error) { return []byte("1"), nil }); err != nil {
		t.Fatal(err)
	}
	db.LANUpdate("team/b", func(old []byte) ([]byte, error) { return append(old, '2'), nil })
	db.LANUpdate("invite/x", func(old []byte) ([]byte, error) { return []byte("x"), nil })
	var keys []string
	db.LANScan("team/", func(k string, v []byte) error { keys = append(keys, k+"="+string(v)); return nil })
	if strings.Join(keys, ",") != "team/a=1,team/b=2" {
		t.Fatalf("scan = %v", keys)
	}
	db.LANUpdate("team/a", func([]byte) ([]byte, error) { return nil, nil })
	if v, _ := db.LANGet("team/a"); v != nil {
		t.Fatalf("deleted entry = %s", v)
	}
}

func TestABadHeldChangeIsDroppedWithoutBlockingOthers(t *testing.T) {
	src, _ := openTest(t)
	item, _ := seed(t, src)
	page := pulled(t, src)
	d, _ := src.Doc(recID)
	ahead := &readiness.Maker{Clock: readiness.NewClock(func() time.Time { return time.Now().Add(time.Hour) }), Replica: "00000000000000ff", Author: "Zed"}
	bad, _ := ahead.Edit(&d, readiness.ItemPath(item, "status"), readiness.StatusValue{Status: readiness.Done})
	bad.Value = json.RawMessage(`{"status":"exploded"}`)
	good, _ := ahead.Edit(&d, "title", "Later")
	dst, _ := openTest(t)
	if _, err := dst.ApplyPulled(append(page, bad, good), time.Now(), nil); err != nil {
		t.Fatal(err)
	}
	r, err := dst.ReleaseHeld(time.Now().Add(2 * time.Hour))
	if err != nil {
		t.Fatal(err)
	}
	if r.Applied != 1 || len(r.Dropped) != 1 || !strings.Contains(r.Dropped[0], string(bad.ID)) {
		t.Fatalf("release = %+v", r)
	}
	if doc, _ := dst.Doc(recID); doc.Record.Title != "Later" {
		t.Fatalf("the good held change was not applied: %q", doc.Record.Title)
	}
	if held, _ := dst.HeldChanges(); len(held) != 0 {
		t.Fatalf("still held: %d", len(held))
	}
}
