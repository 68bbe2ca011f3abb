package app

import (
	"context"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"testing"
	"time"

	"readyroom/readiness"
)

func readinessStatus(s string) readiness.Status { return readiness.Status(s) }

func TestControlSocketIsPrivateAndLeavesNothingOpen(t *testing.T) {
	a, recs := newTestApp(t, today)
	if _, err := a.LoadExamples(); err != nil {
		t.Fatal(err)
	}
	dir := recs.db.Dir()
	n, err := NewNetwork(recs, dir, nil)
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	stop, err := ServeControl(ctx, dir, Local{Records: recs, Network: n})
	if err != nil {
		t.Fatal(err)
	}
	defer stop()
	fi, err := os.Stat(filepath.Join(dir, ControlSocket))
	if err != nil || fi.Mode().Perm() != 0o600 || fi.Mode()&os.ModeSocket == 0 {
		t.Fatalf("control socket: %v, %v", fi.Mode(), err)
	}
	// A second instance on the same directory is told so.
	if _, err := ServeControl(ctx, dir, Local{Records: recs, Network: n}); err == nil {
		t.Fatal("a second control socket opened on the same directory")
	}
	before := runtime.NumGoroutine()
	for i := 0; i < 50; i++ {
		r, err := DialControl(dir)
		if err != nil {
			t.Fatal(err)
		}
		ls, err := r.List()
		if err != nil || len(ls) != 4 {
			t.Fatalf("list over the socket: %d, %v", len(ls), err)
		}
	}
	time.Sleep(100 * time.Millisecond)
	if after := runtime.NumGoroutine(); after > before+10 {
		t.Fatalf("goroutines grew from %d to %d over 50 calls", before, after)
	}
	// Errors arrive in words.
	r, _ := DialControl(dir)
	if _, err := r.Invite("not-a-team"); err == nil || err.Error() == "" {
		t.Fatalf("invite to a bad team id: %v", err)
	}
	// An item set through the socket is stored by the instance holding the
	// data, with its checks.
	ls, _ := r.List()
	done := readinessStatus("done")
	res, err := r.SetItem(string(ls[0].ID), "COM-01", ItemSet{Status: &done})
	if err != nil || res.Item.Status != done {
		t.Fatalf("set an item over the socket: %+v %v", res, err)
	}
	if v, err := recs.Get(string(ls[0].ID)); err != nil || v.Record.Item("COM-01").Status != done {
		t.Fatalf("the instance does not hold the change: %v", err)
	}
	// An export while an instance holds the data is rendered by the
	// instance (its database is locked to others).
	doc, err := r.Render(ExportRequest{Kind: "pack", Record: string(ls[0].ID)})
	if err != nil || !strings.HasPrefix(string(doc), "%PDF-") {
		t.Fatalf("render over the socket: %d bytes, %v", len(doc), err)
	}
	if _, err := r.Render(ExportRequest{Kind: "poster", Record: string(ls[0].ID)}); err == nil || !strings.Contains(err.Error(), "no document of kind") {
		t.Fatalf("render of an unknown kind: %v", err)
	}
	blocked := readinessStatus("blocked")
	if _, err := r.SetItem(string(ls[0].ID), "COM-01", ItemSet{Status: &blocked}); err == nil || !strings.Contains(err.Error(), "Say why") {
		t.Fatalf("a blocked item without a reason over the socket: %v", err)
	}
}

func TestTeamsCanBeNamedOnTheCommandLine(t *testing.T) {
	_, recs := newTestApp(t, today)
	n, err := NewNetwork(recs, recs.db.Dir(), nil)
	if err != nil {
		t.Fatal(err)
	}
	c := Local{Records: recs, Network: n}
	team, err := c.CreateTeam("Payments squad")
	if err != nil {
		t.Fatal(err)
	}
	if inv, err := c.Invite("payments SQUAD"); err != nil || inv.Team != team.ID {
		t.Fatalf("invite by name: %+v, %v", inv, err)
	}
	if _, err := c.Invite("Nobody"); err == nil {
		t.Fatal("an unknown team name was accepted")
	}
	c.CreateTeam("Payments squad")
	if _, err := c.Invite("Payments squad"); err == nil {
		t.Fatal("an ambiguous team name was accepted")
	}
}

// Something else where the control socket goes is named in words and left
// alone: a folder is not "address already in use", and a file someone put
// there is not removed.
func TestControlSocketPathTakenBySomethingElse(t *testing.T) {
	_, recs := newTestApp(t, today)
	dir := recs.db.Dir()
	path := filepath.Join(dir, ControlSocket)
	for _, c := range []struct {
		make func() error
		says string
	}{
		{func() error { return os.Mkdir(path, 0o700) }, "is a folder, not the control socket"},
		{func() error { return os.WriteFile(path, []byte("notes"), 0o600) }, "is a regular file, not the control socket"},
	} {
		os.RemoveAll(path)
		if err := c.make(); err != nil {
			t.Fatal(err)
		}
		_, err := ServeControl(context.Background(), dir, Local{Records: recs})
		if err == nil || !strings.Contains(err.Error(), c.says) || !strings.Contains(err.Error(), "move it aside") {
			t.Fatalf("err = %v, want %q", err, c.says)
		}
		if _, err := os.Stat(path); err != nil {
			t.Fatalf("what was there is gone: %v", err)
		}
	}
}
