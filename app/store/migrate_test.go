package store

import (
	"io"
	"os"
	"path/filepath"
	"testing"
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
// schema 4 every summary names its record's ceremonies, and everything
// reads as its log folded again.
func TestSchema3DatabaseIsMigrated(t *testing.T) {
	dir := copyFixture(t, "schema3-demo.db")
	db, err := Open(dir, Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	if backups, _ := filepath.Glob(filepath.Join(dir, "backups", "*-before-schema-4.db")); len(backups) != 1 {
		t.Errorf("backups before the migration: %v", backups)
	}
	rep, err := db.Verify(false)
	if err != nil || !rep.OK() || rep.Records != 4 {
		t.Fatalf("after migration: %+v, %v", rep, err)
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
