package app

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"readyroom/app/store"
	"readyroom/readiness"
)

// The Backups page: a backup now is listed and checks whole; the settings
// are refused field by field; a restore is only marked, checked, and done
// once the instance has let go of the database, keeping the current one.
func TestBackupsPage(t *testing.T) {
	data := t.TempDir()
	in, err := Open(data, Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer in.Close()
	if _, err := LoadDemo(in.Records); err != nil {
		t.Fatal(err)
	}
	a := New(in.Records, data, nil)
	s := &BackupService{a.core}
	b, err := s.BackupNow()
	if err != nil || !b.Checked || b.Records != 4 {
		t.Fatalf("back up now: %+v %v", b, err)
	}
	list, err := s.Backups()
	if err != nil || len(list) != 1 || list[0].Name != b.Name {
		t.Fatalf("backups: %+v %v", list, err)
	}
	if c, err := s.VerifyBackup(b.Name); err != nil || !c.Checked || !c.Refolded || c.Records != 4 {
		t.Fatalf("verify: %+v %v", c, err)
	}
	if _, err := s.VerifyBackup("../readyroom.db"); err == nil {
		t.Fatal("a path outside the backups folder was accepted")
	}
	_, err = s.SetBackupSettings(BackupSettings{Keep: 0, Folder: "/no/such/folder"})
	var ve *readiness.ValidationError
	if code := ErrorCode(err); code != CodeValidation || !errorsAsValidation(err, &ve) || len(ve.Fields) != 2 {
		t.Fatalf("bad settings: %v (%s)", err, code)
	}
	bad := filepath.Join(data, store.BackupsDir, "readyroom-20990101-000000-auto.db")
	os.WriteFile(bad, []byte("not a database"), 0o600)
	if c, err := s.VerifyBackup(filepath.Base(bad)); err != nil || c.Checked || c.Problem == "" {
		t.Fatalf("verify a damaged backup: %+v %v", c, err)
	}
	if _, err := s.RestoreOnRestart(filepath.Base(bad)); err == nil || !strings.Contains(err.Error(), "fails its check") || RestoreRequested(a) {
		t.Fatalf("restore of a damaged backup: %v", err)
	}
	if _, err := s.RestoreOnRestart(b.Name); err != nil || !RestoreRequested(a) {
		t.Fatalf("restore on restart: %v", err)
	}
	// Nothing is swapped while the instance holds the database.
	if _, err := FinishRestore(a); err == nil {
		t.Fatal("a restore went ahead under the open database")
	}
	// The next window hears of it: every page of that process (a reload,
	// the dev build's second page), and no later process.
	next := &BackupService{New(in.Records, data, nil).core}
	for range 2 {
		if n, err := next.RestoreNote(); err != nil || n == nil || n.Backup != b.Name || !strings.Contains(n.Problem, "in use") || n.Kept != "" {
			t.Fatalf("the note of a restore that failed: %+v %v", n, err)
		}
	}
	if n, _ := (&BackupService{New(in.Records, data, nil).core}).RestoreNote(); n != nil {
		t.Fatalf("a later process heard the note again: %+v", n)
	}
	st := readiness.Done
	if _, err := in.Records.SetItem(string(mustFirstRecord(t, in)), "COM-02", ItemSet{Status: &st}); err != nil {
		t.Fatal(err)
	}
	in.Close()
	kept, err := FinishRestore(a)
	if err != nil || !strings.HasSuffix(kept, "-replaced.db") {
		t.Fatalf("finish the restore: %q %v", kept, err)
	}
	if c := store.CheckBackup(kept); !c.Checked || c.Records != 4 {
		t.Fatalf("the kept database: %+v", c)
	}
	if n, _ := (&BackupService{New(nil, data, nil).core}).RestoreNote(); n == nil || n.Kept != kept || n.Problem != "" || !n.Taken.Equal(b.Taken) {
		t.Fatalf("the note of the restore: %+v", n)
	}
}

func errorsAsValidation(err error, ve **readiness.ValidationError) bool {
	v, ok := err.(*readiness.ValidationError)
	*ve = v
	return ok
}

func mustFirstRecord(t *testing.T, in *Instance) readiness.RecordID {
	t.Helper()
	h, err := in.Records.Home()
	if err != nil || len(h.Records) == 0 {
		t.Fatal(err)
	}
	return h.Records[0].ID
}
