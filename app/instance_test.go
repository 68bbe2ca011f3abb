package app

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// Every way the binary runs is put together by Open; one that asks for
// backups (the window, the headless peer) takes the daily backup.
func TestAnInstanceTakesItsDailyBackup(t *testing.T) {
	was := AutoBackupDelay
	AutoBackupDelay = 50 * time.Millisecond
	t.Cleanup(func() { AutoBackupDelay = was })
	dir := t.TempDir()
	in, err := Open(dir, Options{Backups: true, Control: true})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := LoadDemo(in.Records); err != nil {
		t.Fatal(err)
	}
	// The control socket answers while it runs.
	if r, err := DialControl(dir); err != nil {
		t.Fatalf("control socket: %v", err)
	} else if ls, err := r.List(); err != nil || len(ls) != 4 {
		t.Fatalf("list over the socket: %d %v", len(ls), err)
	}
	deadline := time.Now().Add(10 * time.Second)
	taken := func() []string {
		var out []string
		entries, _ := os.ReadDir(filepath.Join(dir, "backups"))
		for _, e := range entries {
			if strings.HasSuffix(e.Name(), "-auto.db") {
				out = append(out, e.Name())
			}
		}
		return out
	}
	for len(taken()) == 0 && time.Now().Before(deadline) {
		time.Sleep(20 * time.Millisecond)
	}
	in.Close()
	if b := taken(); len(b) != 1 {
		t.Fatalf("daily backups taken: %v", b)
	}
	if _, err := os.Stat(filepath.Join(dir, ControlSocket)); !os.IsNotExist(err) {
		t.Fatalf("the control socket outlived the instance: %v", err)
	}
	// Opened again, read-only, it sees what was stored.
	ro, err := Open(dir, Options{ReadOnly: true})
	if err != nil {
		t.Fatal(err)
	}
	defer ro.Close()
	if h, err := ro.Records.Home(); err != nil || len(h.Records) != 4 {
		t.Fatalf("read-only instance: %d records, %v", len(h.Records), err)
	}
}
