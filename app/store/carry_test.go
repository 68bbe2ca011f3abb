package store

import (
	"os"
	"path/filepath"
	"testing"

	bolt "go.etcd.io/bbolt"
)

// seqAndClock reads a database file's arrival sequence and clock.
func seqAndClock(t *testing.T, path string) (uint64, string) {
	t.Helper()
	b, err := bolt.Open(path, 0o600, &bolt.Options{ReadOnly: true})
	if err != nil {
		t.Fatal(err)
	}
	defer b.Close()
	var seq uint64
	var clock string
	b.View(func(tx *bolt.Tx) error {
		seq = tx.Bucket(bucketSeq).Sequence()
		clock = string(tx.Bucket(bucketMeta).Get(keyClock))
		return nil
	})
	return seq, clock
}

// A restore numbers the restored log above the replaced database's
// arrival numbers and keeps its clock; over a file that cannot be read, the
// numbers move 2^40 up. Either way the restored database checks whole.
func TestRestoreCarriesArrivalNumbersAndClockForward(t *testing.T) {
	db, dir := openTest(t)
	_, m := seed(t, db)
	backup, err := db.Backup(filepath.Join(dir, BackupsDir), "manual")
	if err != nil {
		t.Fatal(err)
	}
	for range 5 {
		d, err := db.Doc(recID)
		if err != nil {
			t.Fatal(err)
		}
		c, err := m.Edit(&d, "title", "Tokenisation v4")
		if err != nil {
			t.Fatal(err)
		}
		if _, err := db.Apply(c); err != nil {
			t.Fatal(err)
		}
	}
	path := db.Path()
	db.Close()
	backupSeq, _ := seqAndClock(t, backup)
	replacedSeq, replacedClock := seqAndClock(t, path)
	if replacedSeq <= backupSeq {
		t.Fatalf("the edits after the backup numbered nothing: %d, %d", replacedSeq, backupSeq)
	}
	if _, err := RestoreBackup(dir, backup); err != nil {
		t.Fatal(err)
	}
	seq, clock := seqAndClock(t, path)
	if seq != replacedSeq+uint64(changesIn(t, path)) || clock != replacedClock {
		t.Fatalf("restored: seq %d clock %s; want %d (the replaced %d, then every change again) and %s", seq, clock, replacedSeq+uint64(changesIn(t, path)), replacedSeq, replacedClock)
	}
	again, err := Open(dir, Options{})
	if err != nil {
		t.Fatal(err)
	}
	if rep, err := again.Verify(false); err != nil || !rep.OK() {
		t.Fatalf("the restored database: %+v %v", rep, err)
	}
	again.Close()

	// Over a damaged file.
	if err := os.Truncate(path, 16<<10); err != nil {
		t.Fatal(err)
	}
	if _, err := RestoreBackup(dir, backup); err != nil {
		t.Fatal(err)
	}
	if seq, _ := seqAndClock(t, path); seq < backupSeq+seqRebuiltBase {
		t.Fatalf("over a damaged file, seq %d, want at least %d", seq, backupSeq+seqRebuiltBase)
	}
	again, err = Open(dir, Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer again.Close()
	if rep, err := again.Verify(false); err != nil || !rep.OK() {
		t.Fatalf("the restored database: %+v %v", rep, err)
	}
}

func changesIn(t *testing.T, path string) int {
	t.Helper()
	b, err := bolt.Open(path, 0o600, &bolt.Options{ReadOnly: true})
	if err != nil {
		t.Fatal(err)
	}
	defer b.Close()
	n := 0
	b.View(func(tx *bolt.Tx) error {
		n = tx.Bucket(bucketChanges).Stats().KeyN
		return nil
	})
	return n
}
