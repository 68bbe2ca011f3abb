package store

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// A refused database can be replaced by a checked backup: the damaged file
// is kept, never deleted, and the restored one opens with its records.
func TestRestoreABackupInPlaceOfADamagedDatabase(t *testing.T) {
	db, dir := openTest(t)
	seed(t, db)
	good, err := db.Backup(filepath.Join(dir, BackupsDir), "auto")
	if err != nil {
		t.Fatal(err)
	}
	bad := filepath.Join(dir, BackupsDir, "readyroom-20990101-000000-auto.db")
	if err := os.WriteFile(bad, []byte("not a database at all"), 0o600); err != nil {
		t.Fatal(err)
	}
	// Restoring while the database is open is refused.
	if _, err := RestoreBackup(dir, good); !errors.Is(err, ErrLocked) {
		t.Fatalf("restore beside an open database: %v", err)
	}
	path := db.Path()
	db.Close()
	if err := os.Truncate(path, 16<<10); err != nil {
		t.Fatal(err)
	}
	if _, err := Open(dir, Options{}); !errors.Is(err, ErrCorrupt) {
		t.Fatalf("open a truncated database: %v", err)
	}
	list, err := ListBackups(dir)
	if err != nil || len(list) != 2 {
		t.Fatalf("backups: %+v %v", list, err)
	}
	if list[0].Path != bad || list[0].Checked || list[0].Problem == "" {
		t.Fatalf("the newest backup is damaged and should say so: %+v", list[0])
	}
	if list[1].Path != good || !list[1].Checked || list[1].Records != 1 || list[1].Taken.IsZero() {
		t.Fatalf("the good backup: %+v", list[1])
	}
	if _, err := RestoreBackup(dir, bad); err == nil || !strings.Contains(err.Error(), "cannot be restored") {
		t.Fatalf("restoring a damaged backup: %v", err)
	}
	if fi, _ := os.Stat(path); fi.Size() != 16<<10 {
		t.Fatal("a refused restore changed the database")
	}
	kept, err := RestoreBackup(dir, good)
	if err != nil {
		t.Fatal(err)
	}
	if fi, err := os.Stat(kept); err != nil || fi.Size() != 16<<10 || !strings.HasSuffix(kept, "-replaced.db") {
		t.Fatalf("the replaced database was not kept: %v %v", kept, err)
	}
	again, err := Open(dir, Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer again.Close()
	if n, err := again.Count(); err != nil || n != 1 {
		t.Fatalf("restored database: %d records, %v", n, err)
	}
}
