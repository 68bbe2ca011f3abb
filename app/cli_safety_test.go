package app

import (
	"bytes"
	"crypto/sha256"
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"readyroom/app/store"
)

// childArgs carries a command line to this test binary re-executed as the
// readyroom command line (see TestMain), so that a test can run it as a
// process of its own: a crash is then a signal and an exit code, as a user
// would see it, not a dead test binary.
const childArgs = "RR_CLI_CHILD_ARGS"

func TestMain(m *testing.M) {
	if a := os.Getenv(childArgs); a != "" {
		var args []string
		if err := json.Unmarshal([]byte(a), &args); err != nil {
			os.Exit(99)
		}
		cmd, err := Parse(args)
		if err != nil {
			os.Stderr.WriteString("readyroom: " + err.Error() + "\n")
			os.Exit(ExitCode(err))
		}
		os.Exit(Run(cmd, os.Stdout, os.Stderr, "test"))
	}
	os.Exit(m.Run())
}

// childCommand is this test binary re-executed as the readyroom command
// line, with env added to this process's environment; it dies with the
// test.
func childCommand(args []string, env ...string) *exec.Cmd {
	a, _ := json.Marshal(args)
	cmd := exec.Command(os.Args[0], "-test.run=^$")
	cmd.Env = append(append(os.Environ(), env...), childArgs+"="+string(a))
	cmd.SysProcAttr = dieWithTest()
	return cmd
}

// runProcess runs the command line in a process of its own.
func runProcess(t *testing.T, args ...string) (int, string, string) {
	t.Helper()
	cmd := childCommand(args)
	var out, errb bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &errb
	done := make(chan error, 1)
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	go func() { done <- cmd.Wait() }()
	select {
	case <-done:
	case <-time.After(60 * time.Second):
		cmd.Process.Kill()
		<-done
		t.Fatalf("%v did not finish within a minute", args)
	}
	return cmd.ProcessState.ExitCode(), out.String(), errb.String()
}

func fileSum(t *testing.T, path string) [32]byte {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return sha256.Sum256(b)
}

// demoData is a data directory with the example records, and the id of one.
func demoData(t *testing.T) (string, string) {
	t.Helper()
	data := t.TempDir()
	if code, _, errs := runCLI(t, "demo", "--data", data); code != 0 {
		t.Fatal(errs)
	}
	code, out, errs := runCLI(t, "list", "--json", "--data", data)
	var ls []struct {
		ID string `json:"id"`
	}
	if code != 0 || json.Unmarshal([]byte(out), &ls) != nil || len(ls) == 0 {
		t.Fatalf("list: %d %s %s", code, out, errs)
	}
	return data, ls[0].ID
}

// No export may replace anything in the data directory, a file that is not
// a regular file, or what a symbolic link names: it is refused in words
// with exit 1, and everything stays as it was.
func TestExportsNeverReplaceWhatReadyRoomKeeps(t *testing.T) {
	data, id := demoData(t)
	db := filepath.Join(data, store.FileName)
	key := filepath.Join(data, "device-key.pem")
	if err := os.WriteFile(key, []byte("-----BEGIN EC PRIVATE KEY-----\nkept\n-----END EC PRIVATE KEY-----\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	if err := os.MkdirAll(filepath.Join(data, "backups"), 0o700); err != nil {
		t.Fatal(err)
	}
	elsewhere := t.TempDir()
	linkToDB := filepath.Join(elsewhere, "pack.pdf")
	if err := os.Symlink(db, linkToDB); err != nil {
		t.Fatal(err)
	}
	linkToData := filepath.Join(elsewhere, "data")
	if err := os.Symlink(data, linkToData); err != nil {
		t.Fatal(err)
	}
	linkOut := filepath.Join(elsewhere, "report.pdf")
	target := filepath.Join(elsewhere, "target.pdf")
	if err := os.WriteFile(target, []byte("someone else's file"), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.Symlink(target, linkOut); err != nil {
		t.Fatal(err)
	}
	dbSum, keySum, targetSum := fileSum(t, db), fileSum(t, key), fileSum(t, target)
	cases := []struct {
		out, says string
	}{
		{db, "inside Ready Room's data directory"},
		{key, "inside Ready Room's data directory"},
		{filepath.Join(data, "backups", "pack.pdf"), "inside Ready Room's data directory"},
		{filepath.Join(data, "new.pdf"), "inside Ready Room's data directory"},
		{filepath.Join(linkToData, store.FileName), "inside Ready Room's data directory"},
		{filepath.Join(data, "..", filepath.Base(data), store.FileName), "inside Ready Room's data directory"},
		{linkToDB, "symbolic link"},
		{linkOut, "symbolic link"},
		{"/dev/null", "not a regular file"},
		{"/dev/full", "not a regular file"},
		{"/dev/stdout", "symbolic link"},
		{elsewhere, "not a regular file"},
	}
	for _, kind := range []string{"pack", "handover", "markdown"} {
		for _, c := range cases {
			code, _, errs := runCLI(t, "export", kind, "--record", id, "--out", c.out, "--data", data)
			if code != 1 || !strings.Contains(errs, c.says) || strings.Count(errs, "\n") != 1 {
				t.Errorf("export %s --out %s: exit %d %q, want 1 and %q on one line", kind, c.out, code, errs, c.says)
			}
		}
	}
	if fileSum(t, db) != dbSum || fileSum(t, key) != keySum || fileSum(t, target) != targetSum {
		t.Fatal("a refused export changed the database, the device key or a link's target")
	}
	if fi, err := os.Stat(key); err != nil || fi.Mode().Perm() != 0o600 {
		t.Fatalf("device key mode: %v %v", fi.Mode(), err)
	}
	for _, dev := range []string{"/dev/null", "/dev/full"} {
		if fi, err := os.Stat(dev); err != nil || fi.Mode()&os.ModeCharDevice == 0 {
			t.Fatalf("%s is no longer a device: %v %v", dev, fi.Mode(), err)
		}
	}
	if fi, err := os.Lstat(linkToDB); err != nil || fi.Mode()&os.ModeSymlink == 0 {
		t.Fatal("the link was replaced")
	}
	entries, _ := os.ReadDir(data)
	for _, e := range entries {
		if strings.HasPrefix(e.Name(), ".readyroom-export") || strings.HasSuffix(e.Name(), ".pdf") {
			t.Fatalf("a refused export left %s in the data directory", e.Name())
		}
	}
	// --out - is standard output, on purpose.
	code, out, errs := runCLI(t, "export", "pack", "--record", id, "--out", "-", "--data", data)
	if code != 0 || !strings.HasPrefix(out, "%PDF-") {
		t.Fatalf("export pack --out -: %d %q", code, errs)
	}
}

// A truncated database is refused in words with exit 1 — never SIGBUS and
// a stack — and left as it is, at every size.
func TestTruncatedDatabaseIsRefusedInWords(t *testing.T) {
	data, id := demoData(t)
	db := filepath.Join(data, store.FileName)
	whole, err := os.ReadFile(db)
	if err != nil {
		t.Fatal(err)
	}
	for _, size := range []int64{16 << 10, 20 << 10, 32 << 10, 48 << 10} {
		if err := os.WriteFile(db, whole, 0o600); err != nil {
			t.Fatal(err)
		}
		if err := os.Truncate(db, size); err != nil {
			t.Fatal(err)
		}
		os.Remove(db + "-checked")
		for _, args := range [][]string{
			{"list", "--data", data},
			{"list", "--json", "--data", data},
			{"export", "pack", "--record", id, "--out", filepath.Join(t.TempDir(), "p.pdf"), "--data", data},
			{"demo", "--data", data},
		} {
			code, _, errs := runProcess(t, args...)
			if code != 1 || !strings.Contains(errs, "damaged") || strings.Count(errs, "\n") != 1 || strings.Contains(errs, "goroutine") {
				t.Fatalf("truncated to %d, %v: exit %d, stderr %q; want exit 1 and one line saying it is damaged", size, args, code, errs)
			}
			if fi, err := os.Stat(db); err != nil || fi.Size() != size {
				t.Fatalf("truncated to %d, %v: the file is now %v", size, args, fi.Size())
			}
		}
	}
}

// Reading commands read: nothing is created in a folder with no database,
// a database they read is not written, and a derived bucket that is
// missing is rebuilt from the log and said so.
func TestReadingCommandsWriteNothing(t *testing.T) {
	empty := t.TempDir()
	for _, args := range [][]string{{"list"}, {"list", "--json"}, {"peers", "--json"}} {
		code, out, errs := runCLI(t, append(args, "--data", empty)...)
		if args[0] == "list" && (code != 0 || (strings.Contains(strings.Join(args, " "), "json") && strings.TrimSpace(out) != "[]")) {
			t.Fatalf("%v in an empty folder: %d %q %q", args, code, out, errs)
		}
		if entries, _ := os.ReadDir(empty); args[0] == "list" && len(entries) != 0 {
			t.Fatalf("%v created %v", args, entries)
		}
	}
	data, id := demoData(t)
	db := filepath.Join(data, store.FileName)
	before := fileSum(t, db)
	os.Remove(db + "-checked") // as after a crash: readers check the whole file
	for _, args := range [][]string{
		{"list"}, {"list", "--json"},
		{"export", "markdown", "--record", id, "--out", filepath.Join(t.TempDir(), "x.md")},
	} {
		if code, _, errs := runCLI(t, append(args, "--data", data)...); code != 0 {
			t.Fatalf("%v: %s", args, errs)
		}
		if fileSum(t, db) != before {
			t.Fatalf("%v wrote to the database", args)
		}
		if _, err := os.Stat(db + "-checked"); err == nil {
			t.Fatalf("%v wrote a stamp beside the database", args)
		}
	}
}

// Messages say what is wrong once, in words.
func TestMessagesSayItOnce(t *testing.T) {
	data, _ := demoData(t)
	code, _, errs := runCLI(t, "export", "pack", "--record", "01JD0000000000000000000000", "--out", filepath.Join(t.TempDir(), "p.pdf"), "--data", data)
	if code != 1 || strings.Count(errs, "01JD0000000000000000000000") != 1 || !strings.Contains(errs, "not found") {
		t.Fatalf("a missing record: %d %q", code, errs)
	}
}

// `item set` changes an item in one change, with the window's checks, and
// says what is wrong in words.
func TestItemSet(t *testing.T) {
	data, id := demoData(t)
	code, out, errs := runCLI(t, "item", "set", id, "COM-02", "--status", "in-progress", "--owner", "Ana", "--due", "2026-12-24", "--note", "line one\nline two", "--json", "--data", data)
	var res struct {
		Item struct {
			Status, Owner, Due, Notes string
		} `json:"item"`
	}
	if code != 0 || json.Unmarshal([]byte(out), &res) != nil {
		t.Fatalf("item set: %d %q %q", code, out, errs)
	}
	if res.Item.Status != "in-progress" || res.Item.Owner != "Ana" || res.Item.Due != "2026-12-24" || res.Item.Notes != "line one\nline two" {
		t.Fatalf("item after set: %+v", res.Item)
	}
	code, out, _ = runCLI(t, "item", "set", id, "COM-02", "--status", "done", "--data", data)
	if code != 0 || !strings.Contains(out, "COM-02  Done") || !strings.Contains(out, "(Ana)") {
		t.Fatalf("item set text: %d %q", code, out)
	}
	for _, c := range []struct {
		args []string
		code int
		says string
	}{
		{[]string{"item", "set", id, "COM-02"}, 2, "needs at least one of"},
		{[]string{"item", "set", id}, 2, "item set RECORD ITEM"},
		{[]string{"item", "set", id, "COM-02", "--status", "maybe"}, 1, "Status must be one of"},
		{[]string{"item", "set", id, "COM-02", "--status", "blocked"}, 1, "Say why COM-02 is blocked"},
		{[]string{"item", "set", id, "ZZZ-99", "--status", "done"}, 1, "has no item ZZZ-99"},
		{[]string{"item", "set", "01JD0000000000000000000000", "COM-02", "--status", "done"}, 1, "not found"},
		{[]string{"item", "set", id, "COM-02", "--due", "tomorrow"}, 1, "date like"},
		{[]string{"item", "set", id, "COM-02", "--owner", "Ben\u202Eevil"}, 1, "bidirectional"},
	} {
		code, _, errs := runCLI(t, append(c.args, "--data", data)...)
		if code != c.code || !strings.Contains(errs, c.says) {
			t.Errorf("%v: exit %d %q, want %d %q", c.args, code, errs, c.code, c.says)
		}
	}
	// A refused set changes nothing: the item is as the last good set left it.
	code, out, _ = runCLI(t, "item", "set", id, "COM-02", "--owner", "Ana", "--json", "--data", data)
	if code != 0 || !strings.Contains(out, `"status": "done"`) {
		t.Fatalf("after refusals: %d %s", code, out)
	}
}
