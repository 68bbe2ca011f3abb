package app

import (
	"bytes"
	"encoding/json"
	"errors"
	"io"
	"log"
	"math"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"readyroom/app/store"
	"readyroom/readiness"
)

// itemStatus reads one item's status from the data directory, read-only.
func itemStatus(t *testing.T, data, record, item string) readiness.Status {
	t.Helper()
	in, err := Open(data, Options{ReadOnly: true})
	if err != nil {
		t.Fatal(err)
	}
	defer in.Close()
	v, err := in.Records.Get(record)
	if err != nil {
		t.Fatal(err)
	}
	return v.Record.Item(readiness.ItemID(item)).Status
}

func backupFiles(t *testing.T, data string) []string {
	t.Helper()
	entries, _ := os.ReadDir(filepath.Join(data, store.BackupsDir))
	var out []string
	for _, e := range entries {
		out = append(out, e.Name())
	}
	return out
}

// badBackups are files a restore must refuse, each in one line, with what
// the line says.
func badBackups(t *testing.T, good string) []struct{ name, path, says string } {
	t.Helper()
	dir := t.TempDir()
	b, err := os.ReadFile(good)
	if err != nil {
		t.Fatal(err)
	}
	truncated := filepath.Join(dir, "truncated.db")
	os.WriteFile(truncated, b[:len(b)/2], 0o600)
	text := filepath.Join(dir, "notes.db")
	os.WriteFile(text, []byte("these are my notes, not a database\n"), 0o600)
	empty := filepath.Join(dir, "empty.db")
	os.WriteFile(empty, nil, 0o600)
	return []struct{ name, path, says string }{
		{"damaged (truncated)", truncated, "damaged"},
		{"not a database", text, "damaged"},
		{"empty", empty, "fails its check"},
		{"from a newer Ready Room", filepath.Join("testdata", "schema99.db"), "newer version of Ready Room"},
		{"missing", filepath.Join(dir, "nowhere.db"), "there is no backup"},
		{"a folder", dir, "is not a file"},
	}
}

// Without a running instance, backup now, list, verify and restore work on
// the data directory itself: a restore brings back the database as the
// backup held it and keeps the one it replaced; a damaged file, one that is
// not a Ready Room database and one from a newer Ready Room are refused in
// one line with exit 1, and nothing changes.
func TestBackupCommandsWithoutAnInstance(t *testing.T) {
	data, id := demoData(t)
	code, out, errs := runCLI(t, "backup", "now", "--json", "--data", data)
	var b store.BackupInfo
	if code != 0 || json.Unmarshal([]byte(out), &b) != nil || !b.Checked || b.Records != 4 || b.Size == 0 {
		t.Fatalf("backup now: exit %d %q %q", code, out, errs)
	}
	code, out, _ = runCLI(t, "backup", "list", "--data", data)
	if code != 0 || !strings.Contains(out, b.Name) || !strings.Contains(out, "checked, 4 records") {
		t.Fatalf("backup list: %d %q", code, out)
	}
	var listed []store.BackupInfo
	code, out, _ = runCLI(t, "backup", "list", "--json", "--data", data)
	if code != 0 || json.Unmarshal([]byte(out), &listed) != nil || len(listed) != 1 || listed[0].Name != b.Name || !listed[0].Checked {
		t.Fatalf("backup list --json: %d %q", code, out)
	}
	code, out, _ = runCLI(t, "backup", "verify", b.Name, "--data", data)
	if code != 0 || !strings.Contains(out, "4 records refolded") {
		t.Fatalf("backup verify: %d %q", code, out)
	}

	// An edit after the backup.
	before := itemStatus(t, data, id, "COM-01")
	if code, _, errs := runCLI(t, "item", "set", id, "COM-01", "--status", "blocked", "--reason", "waiting on the comms team", "--data", data); code != 0 {
		t.Fatal(errs)
	}
	if itemStatus(t, data, id, "COM-01") != readiness.Blocked || before == readiness.Blocked {
		t.Fatal("the edit did not land")
	}

	db := filepath.Join(data, store.FileName)
	sum := fileSum(t, db)
	files := backupFiles(t, data)
	for _, bad := range badBackups(t, b.Path) {
		for _, verb := range []string{"verify", "restore"} {
			code, out, errs := runProcess(t, "backup", verb, bad.path, "--data", data)
			if code != 1 || out != "" || !strings.Contains(errs, bad.says) || strings.Count(errs, "\n") != 1 || !strings.HasPrefix(errs, "readyroom: ") {
				t.Errorf("backup %s of a file %s: exit %d, stdout %q, stderr %q; want 1 and %q in one line", verb, bad.name, code, out, errs, bad.says)
			}
		}
	}
	if fileSum(t, db) != sum || strings.Join(backupFiles(t, data), ",") != strings.Join(files, ",") {
		t.Fatal("a refused restore changed the database or the backups")
	}
	if code, _, errs := runCLI(t, "backup", "verify", "--data", data); code != 0 {
		t.Fatalf("verify of every backup: %q", errs)
	}

	code, out, errs = runCLI(t, "backup", "restore", b.Name, "--data", data)
	if code != 0 || !strings.Contains(out, "restored "+b.Name) || !strings.Contains(out, "kept as") {
		t.Fatalf("restore: exit %d %q %q", code, out, errs)
	}
	if got := itemStatus(t, data, id, "COM-01"); got != before {
		t.Fatalf("restored: COM-01 is %s, want %s as the backup held it", got, before)
	}
	kept := strings.TrimSpace(out[strings.Index(out, "kept as ")+len("kept as "):])
	if fileSum(t, kept) != sum {
		t.Fatalf("the replaced database was not kept byte for byte: %s", kept)
	}
	// The kept one holds the edit, and is listed as a checked backup.
	keptData := t.TempDir()
	if b, err := os.ReadFile(kept); err != nil || os.WriteFile(filepath.Join(keptData, store.FileName), b, 0o600) != nil {
		t.Fatal(err)
	}
	if itemStatus(t, keptData, id, "COM-01") != readiness.Blocked {
		t.Fatal("the kept database lost the edit")
	}
	listed = nil
	_, out, _ = runCLI(t, "backup", "list", "--json", "--data", data)
	json.Unmarshal([]byte(out), &listed)
	if len(listed) != 2 || !listed[0].Checked || !listed[1].Checked {
		t.Fatalf("after the restore, the backups: %+v", listed)
	}
	in, err := Open(data, Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer in.Close()
	if rep, err := in.DB.Verify(false); err != nil || !rep.OK() || rep.Records != 4 {
		t.Fatalf("the restored database: %+v %v", rep, err)
	}
}

// Usage mistakes are exit 2.
func TestBackupUsage(t *testing.T) {
	for _, args := range [][]string{{"backup"}, {"backup", "later"}, {"backup", "restore"}, {"backup", "now", "x"}, {"backup", "verify", "a", "b"}} {
		if code, _, errs := runCLI(t, args...); code != 2 || !strings.Contains(errs, "backup now | backup list") {
			t.Errorf("%v: exit %d %q", args, code, errs)
		}
	}
}

// While an instance holds the data directory, the backup commands reach it
// through its control socket (the database is locked to this process): it
// backs up, lists and verifies, and refuses a restore in words, after
// checking the file, with nothing changed.
func TestBackupCommandsThroughARunningInstance(t *testing.T) {
	data := t.TempDir()
	in, err := Open(data, Options{Control: true})
	if err != nil {
		t.Fatal(err)
	}
	defer in.Close()
	if _, err := LoadDemo(in.Records); err != nil {
		t.Fatal(err)
	}
	code, out, errs := runProcess(t, "backup", "now", "--data", data)
	if code != 0 || !strings.Contains(out, "4 records") {
		t.Fatalf("backup now through the socket: exit %d %q %q", code, out, errs)
	}
	list, err := store.ListBackups(data)
	if err != nil || len(list) != 1 || !list[0].Checked {
		t.Fatalf("backups: %+v %v", list, err)
	}
	code, out, _ = runProcess(t, "backup", "list", "--data", data)
	if code != 0 || !strings.Contains(out, list[0].Name) {
		t.Fatalf("backup list through the socket: %d %q", code, out)
	}
	if code, out, _ := runProcess(t, "backup", "verify", "--data", data); code != 0 || !strings.Contains(out, "refolded") {
		t.Fatalf("backup verify through the socket: %d %q", code, out)
	}
	sum := fileSum(t, in.DB.Path())
	code, out, errs = runProcess(t, "backup", "restore", list[0].Name, "--data", data)
	if code != 1 || out != "" || !strings.Contains(errs, "never swapped under it") || !strings.Contains(errs, "Backups page") || strings.Count(errs, "\n") != 1 {
		t.Fatalf("restore under a running instance: exit %d %q %q", code, out, errs)
	}
	for _, bad := range badBackups(t, list[0].Path) {
		if code, _, errs := runProcess(t, "backup", "restore", bad.path, "--data", data); code != 1 || !strings.Contains(errs, bad.says) {
			t.Errorf("restore of a file %s under a running instance: exit %d %q", bad.name, code, errs)
		}
	}
	if fileSum(t, in.DB.Path()) != sum || len(backupFiles(t, data)) != 1 {
		t.Fatal("a refused restore changed something")
	}
	if h, err := in.Records.Home(); err != nil || len(h.Records) != 4 {
		t.Fatalf("the instance after the refusal: %v", err)
	}
}

// A restore carries the arrival numbers and the clock forward: a change
// made after it is numbered above every number a teammate pulled from the
// replaced database.
func TestRestoreNumbersNewChangesAboveTheReplaced(t *testing.T) {
	data, id := demoData(t)
	_, out, _ := runCLI(t, "backup", "now", "--json", "--data", data)
	var b store.BackupInfo
	json.Unmarshal([]byte(out), &b)
	in, err := Open(data, Options{})
	if err != nil {
		t.Fatal(err)
	}
	for _, st := range []readiness.Status{readiness.InProgress, readiness.Done, readiness.InProgress} {
		if _, err := in.Records.SetItem(id, "COM-02", ItemSet{Status: &st}); err != nil {
			t.Fatal(err)
		}
	}
	_, pulled, _, err := in.DB.ChangeKeysAfter(0, math.MaxUint64, func(readiness.RecordID) bool { return true }, 1<<20, 1<<20)
	in.Close()
	if err != nil {
		t.Fatal(err)
	}
	if code, _, errs := runCLI(t, "backup", "restore", b.Name, "--data", data); code != 0 {
		t.Fatal(errs)
	}
	in, err = Open(data, Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer in.Close()
	st := readiness.Blocked
	reason := "waiting on the supplier"
	if _, err := in.Records.SetItem(id, "COM-03", ItemSet{Status: &st, Reason: &reason}); err != nil {
		t.Fatal(err)
	}
	keys, _, _, err := in.DB.ChangeKeysAfter(pulled, math.MaxUint64, func(readiness.RecordID) bool { return true }, 1<<20, 1<<20)
	if err != nil {
		t.Fatal(err)
	}
	found := false
	for _, k := range keys {
		found = found || strings.Contains(k, id)
	}
	if !found {
		t.Fatalf("a teammate at cursor %d would not see the change made after the restore (keys after it: %d)", pulled, len(keys))
	}
}

// Retention keeps the settings' number of daily backups, in the backups
// folder and in the extra folder, whose copies carry this device's id so
// that a folder several devices share loses none of another's.
func TestDailyBackupKeepsTheSettingsNumberAndCopiesToTheFolder(t *testing.T) {
	data := t.TempDir()
	in, err := Open(data, Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer in.Close()
	if _, err := LoadDemo(in.Records); err != nil {
		t.Fatal(err)
	}
	extra := t.TempDir()
	if _, err := SaveBackupSettings(in.DB, BackupSettings{Keep: 2, Folder: extra}); err != nil {
		t.Fatal(err)
	}
	mine := "-auto-" + string(in.DB.Replica()) + ".db"
	old := []string{"readyroom-20250101-000000", "readyroom-20250102-000000", "readyroom-20250103-000000"}
	for _, n := range old {
		os.MkdirAll(filepath.Join(data, store.BackupsDir), 0o700)
		os.WriteFile(filepath.Join(data, store.BackupsDir, n+"-auto.db"), []byte("old"), 0o600)
		os.WriteFile(filepath.Join(extra, n+mine), []byte("old"), 0o600)
		os.WriteFile(filepath.Join(extra, n+"-auto-someone-else.db"), []byte("theirs"), 0o600)
	}
	os.WriteFile(filepath.Join(data, store.BackupsDir, "readyroom-20250101-000000-manual.db"), []byte("by hand"), 0o600)
	var logs bytes.Buffer
	AutoBackup(in.DB, log.New(&logs, "", 0))
	if logs.Len() > 0 {
		t.Fatalf("logged: %s", logs.String())
	}
	got := backupFiles(t, data)
	if len(got) != 3 || got[0] != "readyroom-20250101-000000-manual.db" || got[1] != old[2]+"-auto.db" || !strings.HasSuffix(got[2], "-auto.db") {
		t.Fatalf("backups kept: %v", got)
	}
	entries, _ := os.ReadDir(extra)
	var names []string
	for _, e := range entries {
		names = append(names, e.Name())
	}
	newest := strings.TrimSuffix(got[2], "-auto.db") + mine
	want := []string{old[0] + "-auto-someone-else.db", old[1] + "-auto-someone-else.db", old[2] + "-auto-someone-else.db", old[2] + mine, newest}
	slices.Sort(want)
	if strings.Join(names, ",") != strings.Join(want, ",") {
		t.Fatalf("extra folder holds %v, want %v", names, want)
	}
	copied := filepath.Join(extra, newest)
	if fileSum(t, copied) != fileSum(t, filepath.Join(data, store.BackupsDir, got[2])) || !store.CheckBackup(copied).Checked {
		t.Fatal("the copy in the extra folder is not the backup")
	}
	// A folder that went away is logged, and the backup is still taken.
	os.RemoveAll(extra)
	in.DB.SetSetting(store.SettingLastBackup, "")
	time.Sleep(1100 * time.Millisecond) // names are to the second
	AutoBackup(in.DB, log.New(&logs, "", 0))
	if !strings.Contains(logs.String(), "copying it to "+extra) || len(backupFiles(t, data)) != 3 {
		t.Fatalf("with the folder gone: %q, %v", logs.String(), backupFiles(t, data))
	}
	s := &BackupService{New(in.Records, data, nil).core}
	if st, err := s.BackupStatus(); err != nil || !strings.Contains(st.CopyProblem, "could not be copied to "+extra) || st.LastDaily.IsZero() {
		t.Fatalf("the Backups page's status: %+v %v", st, err)
	}
	os.Mkdir(extra, 0o700)
	in.DB.SetSetting(store.SettingLastBackup, "")
	time.Sleep(1100 * time.Millisecond)
	AutoBackup(in.DB, log.New(&logs, "", 0))
	if st, _ := s.BackupStatus(); st.CopyProblem != "" {
		t.Fatalf("the copy problem outlived a copy that worked: %q", st.CopyProblem)
	}
}

// The settings are checked field by field, and nothing is stored when one
// is wrong.
func TestBackupSettingsAreChecked(t *testing.T) {
	_, recs := newTestApp(t, today)
	db := recs.db
	if s, err := LoadBackupSettings(db); err != nil || s.Keep != KeepBackups || s.Folder != "" {
		t.Fatalf("defaults: %+v %v", s, err)
	}
	file := filepath.Join(t.TempDir(), "a-file")
	os.WriteFile(file, nil, 0o600)
	inside := filepath.Join(db.Dir(), "copies")
	os.Mkdir(inside, 0o700)
	link := filepath.Join(t.TempDir(), "link")
	os.Symlink(db.Dir(), link)
	cases := []struct {
		set   BackupSettings
		field string
		says  string
	}{
		{BackupSettings{Keep: 0}, "keep", "between 1 and 365"},
		{BackupSettings{Keep: 366}, "keep", "between 1 and 365"},
		{BackupSettings{Keep: 7, Folder: "relative/dir"}, "folder", "full path"},
		{BackupSettings{Keep: 7, Folder: "/no/such/folder"}, "folder", "There is no folder /no/such/folder"},
		{BackupSettings{Keep: 7, Folder: file}, "folder", "is a file"},
		{BackupSettings{Keep: 7, Folder: db.Dir()}, "folder", "outside the data directory"},
		{BackupSettings{Keep: 7, Folder: inside}, "folder", "outside the data directory"},
		{BackupSettings{Keep: 7, Folder: filepath.Join(db.Dir(), store.BackupsDir, "..")}, "folder", "outside the data directory"},
		{BackupSettings{Keep: 7, Folder: link}, "folder", "outside the data directory"},
		{BackupSettings{Keep: 7, Folder: "/proc"}, "folder", "cannot be written to"},
	}
	for _, c := range cases {
		_, err := SaveBackupSettings(db, c.set)
		var ve *readiness.ValidationError
		if !errors.As(err, &ve) || len(ve.Fields) != 1 || ve.Fields[0].Field != c.field || !strings.Contains(ve.Fields[0].Message, c.says) {
			t.Errorf("%+v: %v, want %s: %q", c.set, err, c.field, c.says)
		}
	}
	if s, _ := LoadBackupSettings(db); s.Keep != KeepBackups || s.Folder != "" {
		t.Fatalf("a refused setting was stored: %+v", s)
	}
	dir := t.TempDir()
	s, err := SaveBackupSettings(db, BackupSettings{Keep: 14, Folder: " " + dir + "/ "})
	if err != nil || s.Folder != dir {
		t.Fatalf("save: %+v %v", s, err)
	}
	if s, _ := LoadBackupSettings(db); s.Keep != 14 || s.Folder != dir {
		t.Fatalf("load: %+v", s)
	}
	if entries, _ := os.ReadDir(dir); len(entries) != 0 {
		t.Fatalf("checking the folder left %v", entries)
	}
}

// The headless peer takes its daily backup (it opens with Backups, as the
// window does).
func TestThePeerTakesItsDailyBackup(t *testing.T) {
	was := AutoBackupDelay
	AutoBackupDelay = 50 * time.Millisecond
	t.Cleanup(func() { AutoBackupDelay = was })
	data, _ := demoData(t)
	cmd, err := Parse([]string{"peer", "--data", data, "--iface", "off", "--listen", "127.0.0.1:0"})
	if err != nil {
		t.Fatal(err)
	}
	out := &syncBuffer{}
	done := make(chan error, 1)
	go func() { done <- runPeer(cmd, out) }()
	deadline := time.Now().Add(20 * time.Second)
	var list []store.BackupInfo
	for time.Now().Before(deadline) {
		list, _ = store.ListBackups(data)
		if len(list) > 0 && strings.Contains(out.String(), "listening on") {
			break
		}
		time.Sleep(20 * time.Millisecond)
	}
	// The peer stops on SIGTERM (it has asked for it by now: it printed
	// that it listens).
	if strings.Contains(out.String(), "listening on") {
		syscall.Kill(os.Getpid(), syscall.SIGTERM)
	}
	select {
	case err := <-done:
		if err != nil {
			t.Fatal(err)
		}
	case <-time.After(20 * time.Second):
		t.Fatal("the peer did not stop")
	}
	if len(list) != 1 || !strings.HasSuffix(list[0].Name, "-auto.db") || !list[0].Checked || list[0].Records != 4 {
		t.Fatalf("the peer's daily backup: %+v (output %q)", list, out.String())
	}
}

type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

func (s *syncBuffer) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}

var _ io.Writer = (*syncBuffer)(nil)
