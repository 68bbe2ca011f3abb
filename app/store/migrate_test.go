package store

import (
	"bytes"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"testing"

	bolt "go.etcd.io/bbolt"

	"readyroom/readiness"
)

// copyFixture puts a database from testdata into a fresh data directory.
func copyFixture(t *testing.T, name string) string {
	t.Helper()
	dir := t.TempDir()
	src, err := os.Open(filepath.Join("testdata", name))
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
	if err := dst.Close(); err != nil {
		t.Fatal(err)
	}
	return dir
}

// testdata/schema3-demo.db is what Ready Room wrote at schema 3: the four
// example records, and a conflict on one item between two replicas. At
// schema 4 every summary names its record's ceremonies, the log is stored
// without what each key says, derived values deflated and the path index
// gone; everything reads as its log folded again, and peers are sent each
// change as before, byte for byte.
func TestSchema3DatabaseIsMigrated(t *testing.T) {
	dir := copyFixture(t, "schema3-demo.db")
	wire := map[string][]byte{} // the log as schema 3 stored it: what peers were sent
	b, err := bolt.Open(filepath.Join(dir, FileName), 0o600, &bolt.Options{ReadOnly: true})
	if err != nil {
		t.Fatal(err)
	}
	b.View(func(tx *bolt.Tx) error {
		return tx.Bucket(bucketChanges).ForEach(func(k, v []byte) error {
			wire[string(k)] = bytes.Clone(v)
			return nil
		})
	})
	b.Close()
	db, err := Open(dir, Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	if backups, _ := filepath.Glob(filepath.Join(dir, "backups", fmt.Sprintf("*-before-schema-%d.db", SchemaVersion))); len(backups) != 1 {
		t.Errorf("backups before the migration: %v", backups)
	}
	rep, err := db.Verify(false)
	if err != nil || !rep.OK() || rep.Records != 4 {
		t.Fatalf("after migration: %+v, %v", rep, err)
	}
	if rep.Changes != len(wire) {
		t.Fatalf("the log holds %d changes, the fixture %d", rep.Changes, len(wire))
	}
	var logBytes, wireBytes int
	db.view(func(tx *bolt.Tx) error {
		return tx.Bucket(bucketChanges).ForEach(func(k, v []byte) error {
			if bytes.HasPrefix(v, []byte(`{"id":`)) {
				t.Errorf("change %s is stored whole", k)
			}
			logBytes, wireBytes = logBytes+len(v), wireBytes+len(wire[string(k)])
			return nil
		})
	})
	db.view(func(tx *bolt.Tx) error {
		if tx.Bucket(bucketPaths) != nil {
			t.Error("the path index is still there")
		}
		return tx.Bucket(bucketRecords).ForEach(func(k, v []byte) error {
			if !packed(v) {
				t.Errorf("record %s's doc is not deflated", k)
			}
			return nil
		})
	})
	if logBytes > wireBytes*3/5 {
		t.Errorf("the log takes %d bytes, %d before: want two fifths less", logBytes, wireBytes)
	}
	all := func(readiness.RecordID) bool { return true }
	for k, want := range wire {
		got, n, _, err := db.AppendRawChanges(nil, []string{k}, all, 1<<20)
		if err != nil || n != 1 || !bytes.Equal(got, want) {
			t.Fatalf("change %s is sent as\n%s\nnot as before\n%s (%v)", k, got, want, err)
		}
	}
	sums, err := db.Summaries()
	if err != nil {
		t.Fatal(err)
	}
	held, conflicts := 0, 0
	for _, s := range sums {
		if len(s.Held) != s.Ceremonies {
			t.Errorf("record %s: its summary names %d of its %d ceremonies", s.ID, len(s.Held), s.Ceremonies)
		}
		held += len(s.Held)
		conflicts += s.Conflicts
		if got, want := storedJSON(t, db, s.ID), refoldedJSON(t, db, s.ID); got != want {
			t.Fatalf("record %s reads differently from its log folded again", s.ID)
		}
	}
	if held == 0 || conflicts != 1 {
		t.Errorf("summaries name %d ceremonies and %d conflicts; want some, and the fixture's one", held, conflicts)
	}
}

// appendSchema4Change is how schemas 4 to 7 stored a change.
func appendSchema4Change(b []byte, c *readiness.Change) []byte {
	b = append(b, `{"path":`...)
	b = appendString(b, string(c.Path))
	b = append(b, `,"parents":`...)
	b = appendParents(b, c.Parents)
	b = append(b, `,"author":`...)
	b = appendString(b, c.Author)
	if c.Undoes != "" {
		b = append(b, `,"undoes":`...)
		b = appendString(b, string(c.Undoes))
	}
	b = append(b, `,"value":`...)
	if len(c.Value) == 0 {
		b = append(b, "null"...)
	} else {
		b = append(b, c.Value...)
	}
	return append(b, '}')
}

// A log schema 7 stored — a change with parents, an undo, hostile values —
// reads at schema 8 as it did: every change is sent to peers byte for byte
// as before and the record reads the same. Changes made after are stored in
// schema 8's shorter form, which is sent the same way too.
func TestSchema7LogReadsAsBefore(t *testing.T) {
	dir := t.TempDir()
	db, err := Open(dir, Options{})
	if err != nil {
		t.Fatal(err)
	}
	m := create(t, db)
	m.Author = `Ana "quoted" \ 日本語`
	for i, s := range append(hostileStrings, "done", "blocked") {
		d, err := db.Doc(recID)
		if err != nil {
			t.Fatal(err)
		}
		c, err := m.Edit(&d, "items/COM-01/notes", fmt.Sprintf("%d %s", i, s))
		if err != nil {
			continue // text a note refuses (control characters)
		}
		if _, err := db.Apply(c); err != nil {
			t.Fatal(err)
		}
	}
	d, _ := db.Doc(recID)
	log, _ := db.Log(recID)
	undo, err := m.Undo(&d, log, nil)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := db.Apply(undo); err != nil {
		t.Fatal(err)
	}
	before := storedJSON(t, db, recID)
	db.Close()

	// Store the log as schema 7 did.
	b, err := bolt.Open(filepath.Join(dir, FileName), 0o600, nil)
	if err != nil {
		t.Fatal(err)
	}
	wire := map[string][]byte{}
	var withParents, undos int
	err = b.Update(func(tx *bolt.Tx) error {
		cb := tx.Bucket(bucketChanges)
		rewritten := map[string][]byte{}
		cb.ForEach(func(k, v []byte) error {
			c, err := decodeChange(k, v)
			if err != nil {
				return err
			}
			wire[string(k)] = appendChange(nil, &c)
			rewritten[string(k)] = appendSchema4Change(nil, &c)
			if c.Parents != nil {
				withParents++
			}
			if c.Undoes != "" {
				undos++
			}
			return nil
		})
		for k, v := range rewritten {
			if err := cb.Put([]byte(k), v); err != nil {
				return err
			}
		}
		return tx.Bucket(bucketMeta).Put(keySchema, []byte("7"))
	})
	b.Close()
	if err != nil {
		t.Fatal(err)
	}
	if withParents == 0 || undos != 1 || len(wire) < 8 {
		t.Fatalf("the log has %d changes, %d with parents, %d undos: want some of each", len(wire), withParents, undos)
	}

	db, err = Open(dir, Options{})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { closeChecked(t, db) })
	all := func(readiness.RecordID) bool { return true }
	for k, want := range wire {
		got, n, _, err := db.AppendRawChanges(nil, []string{k}, all, 1<<20)
		if err != nil || n != 1 || !bytes.Equal(got, want) {
			t.Fatalf("change %s is sent as\n%s\nnot as before\n%s (%v)", k, got, want, err)
		}
	}
	if after := storedJSON(t, db, recID); after != before {
		t.Errorf("the record reads differently after the migration:\n%s\n%s", before, after)
	}

	// A change made now is stored short, beside the long ones, and the
	// record still folds from the mixed log (closeChecked refolds it).
	d, _ = db.Doc(recID)
	c, err := m.Edit(&d, "items/COM-01/notes", "after the migration")
	if err != nil {
		t.Fatal(err)
	}
	if _, err := db.Apply(c); err != nil {
		t.Fatal(err)
	}
	key := changeKey(c.Record, c.ID)
	db.view(func(tx *bolt.Tx) error {
		v := tx.Bucket(bucketChanges).Get(key)
		if !storedForm(v) {
			t.Errorf("a new change is stored as %s", v)
		}
		if old := appendSchema4Change(nil, &c); len(old)-len(v) < 18 {
			t.Errorf("stored in %d bytes, in %d as schema 7 did: want at least 18 less (the names)", len(v), len(old))
		}
		return nil
	})
	got, _, _, err := db.AppendRawChanges(nil, []string{string(key)}, all, 1<<20)
	if want := appendChange(nil, &c); err != nil || !bytes.Equal(got, want) {
		t.Fatalf("the new change is sent as\n%s\nnot\n%s (%v)", got, want, err)
	}
}
