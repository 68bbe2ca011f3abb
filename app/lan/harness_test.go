package lan

import (
	"context"
	"flag"
	"fmt"
	"log"
	"net"
	"net/http"
	"net/netip"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/oklog/ulid/v2"

	"readyroom/app/store"
	"readyroom/readiness"
)

// testPeer is a device for tests: a real database in a temporary folder, a
// real identity, and a node serving real TLS on loopback.
type testPeer struct {
	t     testing.TB
	name  string
	db    *store.DB
	node  *Node
	maker *readiness.Maker
	clock *readiness.Clock

	mu     sync.Mutex
	events []Event

	inner     http.Handler                     // the node's own handler
	intercept atomic.Pointer[http.HandlerFunc] // see serve
}

// fsync opens the peers' stores with fsync on, as the app runs; without it
// the tests and benchmarks skip it (-fsync to measure with it).
var fsync = flag.Bool("fsync", false, "open test peers' databases with fsync on, as the app does")

type peerOpt func(*Config)

// skewed makes a peer's clock read now plus the offset in *off (ns).
func skewed(off *atomic.Int64) peerOpt {
	return func(c *Config) { c.Now = func() time.Time { return time.Now().Add(time.Duration(off.Load())) } }
}

// manual turns off the pull interval: the test drives every pull.
func manual(c *Config) { c.PullInterval = time.Hour }

func newPeer(t testing.TB, name string, opts ...peerOpt) *testPeer {
	t.Helper()
	return newPeerAt(t, name, "127.0.0.1", opts...)
}

// newPeerAt is newPeer listening on ip, and making its connections from it:
// any of 127.0.0.0/8, all loopback on Linux, so that tests can have peers
// (and strangers) at different addresses.
func newPeerAt(t testing.TB, name, ip string, opts ...peerOpt) *testPeer {
	t.Helper()
	dir := t.TempDir()
	db, err := store.Open(dir, store.Options{NoSync: !*fsync})
	if err != nil {
		t.Fatal(err)
	}
	id, err := LoadOrCreateIdentity(dir, db.Peering())
	if err != nil {
		t.Fatal(err)
	}
	p := &testPeer{t: t, name: name, db: db}
	p.clock = readiness.NewClock(nil)
	p.maker = &readiness.Maker{Clock: p.clock, Replica: db.Replica(), Author: name}
	cfg := Config{Identity: id, Changes: db.Peering(), State: db.Peering(), Clock: p.clock, Name: func() string { return name },
		PullInterval: 200 * time.Millisecond, Logger: testLogger(t, name), OnEvent: func(e Event) {
			p.mu.Lock()
			p.events = append(p.events, e)
			p.mu.Unlock()
		}}
	for _, o := range opts {
		o(&cfg)
	}
	p.node, err = NewNode(cfg)
	if err != nil {
		t.Fatal(err)
	}
	p.node.wrap = func(inner http.Handler) http.Handler {
		p.inner = inner
		return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			if h := p.intercept.Load(); h != nil {
				(*h)(w, r)
				return
			}
			inner.ServeHTTP(w, r)
		})
	}
	if ip != "127.0.0.1" {
		p.node.clients.dialFrom = &net.TCPAddr{IP: net.ParseIP(ip)}
	}
	if err := p.node.Start(net.JoinHostPort(ip, "0")); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		p.node.Close()
		db.Close()
	})
	return p
}

func (p *testPeer) addr() string { return p.node.Addr().String() }

// serve makes the peer's server answer with h from now on (h may call
// p.inner for the real answer); safe while the server runs.
func (p *testPeer) serve(h http.HandlerFunc) { p.intercept.Store(&h) }

// create makes a Gold record here and returns its id.
func (p *testPeer) create(title string) readiness.RecordID {
	p.t.Helper()
	id := readiness.RecordID(ulid.Make().String())
	c, err := p.maker.Create(id, readiness.NewRecord{Service: "Payments", Title: title, Squad: "Falcon", SDM: "Priya",
		MaintenanceTeam: "Run", GoLive: "2026-12-01", Tier: readiness.Gold, Answers: readiness.Answers{SensitiveData: true}}, nil)
	if err != nil {
		p.t.Fatal(err)
	}
	if _, err := p.db.Apply(c); err != nil {
		p.t.Fatal(err)
	}
	return id
}

// quiet makes an edit without poking anyone: the test decides who syncs when.
func (p *testPeer) quiet(id readiness.RecordID, path readiness.Path, v any) readiness.Change {
	p.t.Helper()
	d, err := p.db.Doc(id)
	if err != nil {
		p.t.Fatal(err)
	}
	c, err := p.maker.Edit(&d, path, v)
	if err != nil {
		p.t.Fatal(err)
	}
	if _, err := p.db.Apply(c); err != nil {
		p.t.Fatal(err)
	}
	return c
}

// edit changes one path the way the app does: from the record as stored
// here, then poking the teams that share it.
func (p *testPeer) edit(id readiness.RecordID, path readiness.Path, v any) readiness.Change {
	p.t.Helper()
	c := p.quiet(id, path, v)
	p.node.RecordsChanged(id)
	return c
}

func (p *testPeer) doc(id readiness.RecordID) (readiness.Doc, bool) {
	d, err := p.db.Doc(id)
	return d, err == nil
}

// pair puts joiner in inviter's team through an invite code, by address.
func pair(t testing.TB, inviter, joiner *testPeer, team TeamID) {
	t.Helper()
	inv, err := inviter.node.Invite(team)
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	if _, err := joiner.node.Join(ctx, JoinTarget{Addr: inviter.addr()}, inv.Code); err != nil {
		t.Fatalf("%s joining %s: %v", joiner.name, inviter.name, err)
	}
}

// teamOf creates a team on owner's device and pairs each member into it.
func teamOf(t testing.TB, owner *testPeer, members ...*testPeer) Team {
	t.Helper()
	team, err := owner.node.CreateTeam("Payments squad")
	if err != nil {
		t.Fatal(err)
	}
	for _, m := range members {
		pair(t, owner, m, team.ID)
	}
	return team
}

// eventually polls cond every 20 ms for up to d.
func eventually(t testing.TB, d time.Duration, what string, cond func() bool) {
	t.Helper()
	deadline := time.Now().Add(d)
	for time.Now().Before(deadline) {
		if cond() {
			return
		}
		time.Sleep(20 * time.Millisecond)
	}
	t.Fatalf("after %v: %s", d, what)
}

// pullNow runs one pull of p from every member it shares a team with.
//
// Like the app's pulls (puller.schedule), it is the one pull from q under
// way: it waits for a pull a poke or the timer started, and one they ask for
// meanwhile runs after it.
func (p *testPeer) pullFrom(q *testPeer) error {
	pu, dev := p.node.puller, q.node.ID()
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	for {
		pu.mu.Lock()
		ps := pu.peerLocked(dev)
		free := !ps.pull.running
		if free {
			ps.pull.running = true
		}
		pu.mu.Unlock()
		if free {
			break
		}
		select {
		case <-ctx.Done():
			return fmt.Errorf("%s is still pulling from %s", p.name, q.name)
		case <-time.After(5 * time.Millisecond):
		}
	}
	err := pu.pull(ctx, dev)
	pu.mu.Lock()
	ps := pu.peerLocked(dev)
	again := ps.pull.again
	ps.pull.running, ps.pull.again = false, false
	pu.mu.Unlock()
	if again {
		pu.schedule(dev)
	}
	return err
}

// idle waits until no scheduled pull of p from q is running.
func idle(t testing.TB, p, q *testPeer) {
	t.Helper()
	eventually(t, 10*time.Second, p.name+" still pulling from "+q.name, func() bool {
		return !p.node.puller.syncOf(q.node.ID()).syncing
	})
}

func title(d readiness.Doc) string { return d.Record.Title }

func testLogger(t testing.TB, name string) *log.Logger {
	return log.New(testWriter{t}, name+" ", 0)
}

type testWriter struct{ t testing.TB }

func (w testWriter) Write(b []byte) (int, error) {
	w.t.Log(strings.TrimSpace(string(b)))
	return len(b), nil
}

func addrs(ss ...string) []netip.Addr {
	var out []netip.Addr
	for _, s := range ss {
		out = append(out, netip.MustParseAddr(s))
	}
	return out
}
