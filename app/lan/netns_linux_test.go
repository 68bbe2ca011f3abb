//go:build linux

package lan

// Discovery with real mDNS between peers in network namespaces.
//
// Nothing here sends a packet on the machine's real interfaces. The test
// process itself never opens a socket: it re-runs its own binary
// (-test.run=^TestNetnsHelper$, the role in RR_NETNS_ROLE) as child
// processes cloned into fresh, unnamed network namespaces (CLONE_NEWNET)
// that die with them (Pdeathsig: SIGKILL if the test process dies first).
// Each child refuses to run if it finds itself in the test's namespace.
//
// The LAN: a "hub" child holds a bridge. Each peer child creates a veth pair
// inside its own namespace and moves one end into the hub's namespace at once
// (so no end ever exists in the root namespace); the hub enslaves it to its
// bridge. A peer gives its end 10.77.0.(10+n)/24, brings lo and it up, and
// routes 224.0.0.0/4 to it (the mDNS browser cannot bind otherwise). When a
// child exits, its namespace goes, and the interfaces in it with it.
//
// Children talk to the test over their standard streams: commands in on
// stdin (a closed stdin means quit), JSON lines out on stdout.

import (
	"bufio"
	"bytes"
	"crypto/rand"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"io"
	"log"
	"net"
	"net/netip"
	"os"
	"os/exec"
	"slices"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/miekg/dns"
)

// Environment of a helper child.
const (
	netnsRoleEnv   = "RR_NETNS_ROLE"   // hub, peer, spoofer, ifaces
	netnsPeerEnv   = "RR_NETNS_PEER"   // peer number n: address 10.77.0.(10+n), port 40000+n
	netnsHubEnv    = "RR_NETNS_HUB"    // pid of the hub child
	netnsShortEnv  = "RR_NETNS_SHORT"  // the peer's short id
	netnsIPv6Env   = "RR_NETNS_IPV6"   // "1": keep IPv6 on the peer's interface; otherwise it is disabled
	netnsExpireEnv = "RR_NETNS_EXPIRE" // DiscoveryConfig.Expire
	netnsVictimEnv = "RR_NETNS_VICTIM" // spoofer: a member's short id to impersonate
	netnsParentEnv = "RR_NETNS_PARENT" // the test process's network namespace
	// RR_NETNS_DUMP=1 in the test's environment logs everything the
	// children said, not only when a test fails.

	netnsLife   = 60 * time.Second // no child lives longer
	netnsIface  = "rr0"            // a peer's end of its veth pair
	netnsBridge = "rrbr0"          // the hub's bridge
	spoofShort  = "dddddddddddddddd"
	spoofPort   = 9999
)

// netnsEvent is one JSON line from a child.
type netnsEvent struct {
	Event     string     `json:"event"` // ready, attached, sightings, first, log, spoofed, followup, closed
	Peer      int        `json:"peer,omitempty"`
	MS        float64    `json:"ms,omitempty"`
	Sightings []Sighting `json:"sightings,omitempty"`
	Line      string     `json:"line,omitempty"`
}

// requireNetns skips the test where network namespaces cannot be made.
func requireNetns(t testing.TB) {
	t.Helper()
	if os.Geteuid() != 0 {
		t.Skip("skipped: the mDNS discovery tests create network namespaces, veth pairs and a bridge, which needs root (run go test as root)")
	}
	if _, err := exec.LookPath("ip"); err != nil {
		t.Skip("skipped: the mDNS discovery tests need the ip command (Debian package iproute2)")
	}
	if _, err := os.Readlink("/proc/self/ns/net"); err != nil {
		t.Skipf("skipped: network namespaces are not available here: %v", err)
	}
}

// ---- the test side ----

// netnsChild is one helper process in its own network namespace.
type netnsChild struct {
	name   string
	cmd    *exec.Cmd
	stdin  io.WriteCloser
	stderr bytes.Buffer // written by exec until exited is closed

	mu     sync.Mutex
	events []netnsEvent
	other  []string      // stdout lines that are not events (the test framework's)
	notify chan struct{} // a new event arrived (capacity 1)
	exited chan struct{} // closed once the process has been waited for
	err    error         // from Wait, set before exited is closed
}

// startNetnsChild starts the test binary again as a helper child in a new
// network namespace. Cleanup closes its stdin, waits a few seconds for it
// and then kills it.
func startNetnsChild(t testing.TB, name string, env ...string) *netnsChild {
	t.Helper()
	c := &netnsChild{name: name, notify: make(chan struct{}, 1), exited: make(chan struct{})}
	c.cmd = exec.Command(os.Args[0], "-test.run=^TestNetnsHelper$", "-test.count=1", "-test.timeout="+(netnsLife+30*time.Second).String())
	parentNS, err := os.Readlink("/proc/self/ns/net")
	if err != nil {
		t.Fatal(err)
	}
	c.cmd.Env = append(os.Environ(),
		netnsParentEnv+"="+parentNS,
		// A race-enabled binary otherwise sleeps a second at exit.
		"GORACE="+strings.TrimSpace(os.Getenv("GORACE")+" atexit_sleep_ms=0"))
	c.cmd.Env = append(c.cmd.Env, env...)
	c.cmd.SysProcAttr = &syscall.SysProcAttr{Cloneflags: syscall.CLONE_NEWNET, Pdeathsig: syscall.SIGKILL}
	c.cmd.Stderr = &c.stderr
	if c.stdin, err = c.cmd.StdinPipe(); err != nil {
		t.Fatal(err)
	}
	stdout, err := c.cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := c.cmd.Start(); err != nil {
		t.Fatalf("starting the %s child in a new network namespace: %v", name, err)
	}
	go func() {
		sc := bufio.NewScanner(stdout)
		sc.Buffer(make([]byte, 64<<10), 1<<20)
		for sc.Scan() {
			var ev netnsEvent
			line := sc.Text()
			c.mu.Lock()
			if strings.HasPrefix(line, "{") && json.Unmarshal([]byte(line), &ev) == nil {
				c.events = append(c.events, ev)
			} else {
				c.other = append(c.other, line)
			}
			c.mu.Unlock()
			select {
			case c.notify <- struct{}{}:
			default:
			}
		}
		c.err = c.cmd.Wait()
		close(c.exited)
		select {
		case c.notify <- struct{}{}:
		default:
		}
	}()
	t.Cleanup(func() {
		if !c.stop(3 * time.Second) {
			t.Errorf("%s child (pid %d) did not exit in time; killed it", name, c.cmd.Process.Pid)
		}
		if t.Failed() || os.Getenv("RR_NETNS_DUMP") != "" {
			c.dump(t)
		}
	})
	return c
}

// stop closes the child's stdin, which asks it to quit, and waits up to
// grace before killing it (by its pid). It reports whether the child quit
// by itself.
func (c *netnsChild) stop(grace time.Duration) bool {
	c.stdin.Close()
	select {
	case <-c.exited:
		return true
	case <-time.After(grace):
	}
	c.cmd.Process.Kill()
	<-c.exited
	return false
}

// send writes one command line to the child.
func (c *netnsChild) send(t testing.TB, cmd string) {
	t.Helper()
	if _, err := io.WriteString(c.stdin, cmd+"\n"); err != nil {
		t.Fatalf("telling the %s child %q: %v", c.name, cmd, err)
	}
}

// snapshot is a copy of the events so far.
func (c *netnsChild) snapshot() []netnsEvent {
	c.mu.Lock()
	defer c.mu.Unlock()
	return slices.Clone(c.events)
}

// dump logs what the child said, for a failed test.
func (c *netnsChild) dump(t testing.TB) {
	select {
	case <-c.exited:
	default:
		return
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	t.Logf("--- %s child: exit %v", c.name, c.err)
	for _, ev := range c.events {
		b, _ := json.Marshal(ev)
		t.Logf("%s> %s", c.name, b)
	}
	for _, l := range c.other {
		t.Logf("%s| %s", c.name, l)
	}
	for _, l := range strings.Split(strings.TrimSpace(c.stderr.String()), "\n") {
		t.Logf("%s! %s", c.name, l)
	}
}

// waitFor waits until cond holds for the children's events, or fails the
// test after timeout with what each child last said.
func waitFor(t testing.TB, what string, timeout time.Duration, children []*netnsChild, cond func() bool) {
	t.Helper()
	deadline := time.NewTimer(timeout)
	defer deadline.Stop()
	poll := time.NewTicker(50 * time.Millisecond)
	defer poll.Stop()
	for !cond() {
		for _, c := range children {
			select {
			case <-c.exited:
				t.Fatalf("waiting for %s: the %s child exited: %v", what, c.name, c.err)
			default:
			}
		}
		select {
		case <-deadline.C:
			for _, c := range children {
				if s, ok := lastSightings(c); ok {
					t.Logf("%s last saw %s", c.name, describeSightings(s))
				}
			}
			t.Fatalf("%s did not happen within %v", what, timeout)
		case <-poll.C:
		}
	}
}

// lastSightings is the latest set of sightings a peer reported.
func lastSightings(c *netnsChild) ([]Sighting, bool) {
	evs := c.snapshot()
	for i := len(evs) - 1; i >= 0; i-- {
		if evs[i].Event == "sightings" {
			return evs[i].Sightings, true
		}
	}
	return nil, false
}

func describeSightings(s []Sighting) string {
	var parts []string
	for _, x := range s {
		parts = append(parts, fmt.Sprintf("%s%v:%d", x.Short, x.Addrs, x.Port))
	}
	return "[" + strings.Join(parts, " ") + "]"
}

// netnsPeer is a peer child with the identity the test gave it.
type netnsPeer struct {
	*netnsChild
	n     int
	short string
	ipv6  bool
}

// addrs are the addresses the peer announces: 10.77.0.(10+n), and
// fd77::(10+n) when it has IPv6.
func (p netnsPeer) addrs() []netip.Addr {
	a := []netip.Addr{netip.AddrFrom4([4]byte{10, 77, 0, byte(10 + p.n)})}
	if p.ipv6 {
		a = append(a, netip.MustParseAddr(fmt.Sprintf("fd77::%d", 10+p.n)))
	}
	return a
}

func (p netnsPeer) port() int { return 40000 + p.n }

// startHub starts the hub child and waits for its bridge.
func startHub(t testing.TB) *netnsChild {
	t.Helper()
	hub := startNetnsChild(t, "hub", netnsRoleEnv+"=hub")
	waitFor(t, "the hub's bridge", 5*time.Second, []*netnsChild{hub}, func() bool { return hasEvent(hub, "ready") })
	return hub
}

// startPeer starts peer n on the hub's LAN.
func startPeer(t testing.TB, hub *netnsChild, n int, ipv6 bool, env ...string) netnsPeer {
	t.Helper()
	p := netnsPeer{n: n, short: randomShort(t), ipv6: ipv6}
	v6 := "0"
	if ipv6 {
		v6 = "1"
	}
	p.netnsChild = startNetnsChild(t, fmt.Sprintf("peer%d", n), append([]string{
		netnsRoleEnv + "=peer",
		netnsPeerEnv + "=" + strconv.Itoa(n),
		netnsHubEnv + "=" + strconv.Itoa(hub.cmd.Process.Pid),
		netnsShortEnv + "=" + p.short,
		netnsIPv6Env + "=" + v6,
	}, env...)...)
	return p
}

func randomShort(t testing.TB) string {
	var b [8]byte
	if _, err := rand.Read(b[:]); err != nil {
		t.Fatal(err)
	}
	return hex.EncodeToString(b[:])
}

func hasEvent(c *netnsChild, name string) bool {
	for _, ev := range c.snapshot() {
		if ev.Event == name {
			return true
		}
	}
	return false
}

// seesExactly reports whether p's latest sightings are exactly the given
// peers (by id, with their port and at least their addresses) and the
// extra ids.
func seesExactly(p netnsPeer, others []netnsPeer, extra ...string) bool {
	got, ok := lastSightings(p.netnsChild)
	if !ok || len(got) != len(others)+len(extra) {
		return false
	}
	for _, o := range others {
		i := slices.IndexFunc(got, func(s Sighting) bool { return s.Short == o.short })
		if i < 0 || got[i].Port != o.port() || slices.ContainsFunc(o.addrs(), func(a netip.Addr) bool { return !slices.Contains(got[i].Addrs, a) }) {
			return false
		}
	}
	for _, short := range extra {
		if !slices.ContainsFunc(got, func(s Sighting) bool { return s.Short == short }) {
			return false
		}
	}
	return true
}

// rootInterfaces lists the interfaces of the test's own (root) namespace,
// to check that the test leaves none behind.
func rootInterfaces(t testing.TB) []string {
	t.Helper()
	ifs, err := net.Interfaces()
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, ifi := range ifs {
		names = append(names, ifi.Name)
	}
	slices.Sort(names)
	return names
}

// checkNothingLeft registers a cleanup, run after the children's, that
// fails the test if the root namespace gained an interface.
func checkNothingLeft(t testing.TB) {
	before := rootInterfaces(t)
	t.Cleanup(func() {
		if after := rootInterfaces(t); !slices.Equal(before, after) {
			t.Errorf("interfaces in the root namespace changed: before %v, after %v", before, after)
		}
	})
}

func others(peers []netnsPeer, self netnsPeer) []netnsPeer {
	return slices.DeleteFunc(slices.Clone(peers), func(p netnsPeer) bool { return p.n == self.n })
}

// TestNetnsDiscoveryPeers runs four peers on one bridged LAN (two without
// IPv6, two with it): every peer must see every other, at its address and
// port, and not itself; a peer that leaves must disappear from the others.
func TestNetnsDiscoveryPeers(t *testing.T) {
	requireNetns(t)
	checkNothingLeft(t)
	hub := startHub(t)
	start := time.Now()
	var peers []netnsPeer
	for n := 1; n <= 4; n++ {
		peers = append(peers, startPeer(t, hub, n, n > 2, netnsExpireEnv+"=3s"))
	}
	all := []*netnsChild{hub}
	for _, p := range peers {
		all = append(all, p.netnsChild)
	}

	waitFor(t, "every peer seeing every other", 10*time.Second, all, func() bool {
		for _, p := range peers {
			if !seesExactly(p, others(peers, p)) {
				return false
			}
		}
		return true
	})
	t.Logf("all %d peers saw each other %v after the first was started", len(peers), time.Since(start).Round(time.Millisecond))
	for _, p := range peers {
		got, _ := lastSightings(p.netnsChild)
		for _, s := range got {
			o := peers[slices.IndexFunc(peers, func(o netnsPeer) bool { return o.short == s.Short })]
			if !slices.Equal(s.Addrs, o.addrs()) {
				t.Errorf("peer%d sees peer%d at %v, want exactly %v", p.n, o.n, s.Addrs, o.addrs())
			}
		}
	}
	for _, p := range peers {
		for _, ev := range p.snapshot() {
			if ev.Event == "sightings" && len(ev.Sightings) > 0 {
				t.Logf("peer%d (IPv6 %v): first sighting %.0f ms after StartDiscovery", p.n, p.n > 2, ev.MS)
				break
			}
		}
	}

	// Peer 4 leaves; the others forget it once it has not answered for
	// Expire (3 s).
	left := peers[3]
	if !left.stop(5 * time.Second) {
		t.Fatalf("peer%d did not quit", left.n)
	}
	if left.err != nil || !hasEvent(left.netnsChild, "closed") {
		t.Fatalf("peer%d: exit %v, closed %v", left.n, left.err, hasEvent(left.netnsChild, "closed"))
	}
	gone := time.Now()
	rest := peers[:3]
	waitFor(t, "the others forgetting the peer that left", 10*time.Second, all[:4], func() bool {
		for _, p := range rest {
			if !seesExactly(p, others(rest, p)) {
				return false
			}
		}
		return true
	})
	t.Logf("a peer that left was forgotten by all after %v (Expire 3s)", time.Since(gone).Round(time.Millisecond))

	for _, p := range rest {
		if !p.stop(5*time.Second) || p.err != nil {
			t.Errorf("peer%d: exit %v", p.n, p.err)
		}
	}
}

// TestNetnsDiscoverySpoofed puts a spoofer on the LAN that answers every
// query with malformed, oversized and misleading answers. The members must
// still see each other; malformed answers must leave no sighting (and a
// debug line saying why); a well-formed answer with an unknown id is only
// a sighting; nobody panics.
func TestNetnsDiscoverySpoofed(t *testing.T) {
	requireNetns(t)
	checkNothingLeft(t)
	hub := startHub(t)
	a := startPeer(t, hub, 1, false)
	b := startPeer(t, hub, 2, true)
	spoofer := startNetnsChild(t, "spoofer",
		netnsRoleEnv+"=spoofer",
		netnsPeerEnv+"=9",
		netnsHubEnv+"="+strconv.Itoa(hub.cmd.Process.Pid),
		netnsVictimEnv+"="+a.short,
	)
	all := []*netnsChild{hub, a.netnsChild, b.netnsChild, spoofer}

	waitFor(t, "the members seeing each other and the spoofer's well-formed answer", 10*time.Second, all, func() bool {
		return seesExactly(a, []netnsPeer{b}, spoofShort) && seesExactly(b, []netnsPeer{a}, spoofShort)
	})
	waitFor(t, "the spoofer answering both members", 10*time.Second, all, func() bool {
		n := 0
		for _, ev := range spoofer.snapshot() {
			if ev.Event == "spoofed" {
				n++
			}
		}
		return n >= 4
	})

	// The well-formed stranger is a sighting at the spoofer's address, no more.
	got, _ := lastSightings(a.netnsChild)
	i := slices.IndexFunc(got, func(s Sighting) bool { return s.Short == spoofShort })
	if s := got[i]; s.Port != spoofPort || len(s.Addrs) != 1 || s.Addrs[0].String() != "10.77.0.19" {
		t.Errorf("the stranger's sighting is %+v, want port %d at 10.77.0.19 only", s, spoofPort)
	}
	// An answer impersonating member a is dropped by a (its own id) and is
	// an extra address for b: a hint, which the TLS handshake will refuse.
	got, _ = lastSightings(b.netnsChild)
	i = slices.IndexFunc(got, func(s Sighting) bool { return s.Short == a.short })
	t.Logf("b's sighting of a, with the impersonation: %s", describeSightings(got[i:i+1]))

	followups := map[string]int{}
	for _, ev := range spoofer.snapshot() {
		if ev.Event == "followup" {
			followups[ev.Line]++
		}
	}
	t.Logf("follow-up queries the members sent for incomplete answers: %v", followups)

	for _, p := range []netnsPeer{a, b} {
		if !p.stop(5*time.Second) || p.err != nil {
			t.Fatalf("peer%d: exit %v", p.n, p.err)
		}
		var logs []string
		for _, ev := range p.snapshot() {
			if ev.Event == "log" {
				logs = append(logs, ev.Line)
			}
		}
		joined := strings.Join(logs, "\n")
		for _, reason := range []string{
			"version \"2\" is not supported",
			"has no id",
			"is not 16 lowercase hex digits",
			"(oversized)",
			"no usable address",
			"is not a _readyroom._tcp instance",
			"Failed to unpack packet",
		} {
			if !strings.Contains(joined, reason) {
				t.Errorf("peer%d never logged an answer refused with %q", p.n, reason)
			}
		}
		if strings.Contains(joined, "Mallory") {
			// A refused answer is quoted briefly, but this one was accepted
			// and its name must appear nowhere.
			t.Errorf("peer%d logged the stranger's announced name", p.n)
		}
	}
}

// TestNetnsDefaultInterface checks DefaultInterface and the interface
// checks of StartDiscovery in a namespace of the child's own making.
func TestNetnsDefaultInterface(t *testing.T) {
	requireNetns(t)
	checkNothingLeft(t)
	c := startNetnsChild(t, "ifaces", netnsRoleEnv+"=ifaces")
	select {
	case <-c.exited:
	case <-time.After(20 * time.Second):
		t.Fatal("the ifaces child did not finish")
	}
	if c.err != nil {
		t.Fatalf("the ifaces child failed: %v", c.err)
	}
}

// BenchmarkDiscoverFirstPeer measures how long a browser that has just
// started takes to see a peer that is already announcing (reported as
// ms/first-sighting; the default QueryTimeout bounds it from below).
func BenchmarkDiscoverFirstPeer(b *testing.B) {
	requireNetns(b)
	hub := startHub(b)
	startPeer(b, hub, 1, false)
	browser := startPeer(b, hub, 2, false)
	waitFor(b, "the browser seeing the announcer", 10*time.Second, []*netnsChild{hub, browser.netnsChild}, func() bool {
		s, _ := lastSightings(browser.netnsChild)
		return len(s) == 1
	})
	var total float64
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		before := len(firsts(browser.netnsChild))
		browser.send(b, "browse")
		waitFor(b, "a first sighting", 10*time.Second, []*netnsChild{browser.netnsChild}, func() bool {
			return len(firsts(browser.netnsChild)) > before
		})
		total += firsts(browser.netnsChild)[before]
	}
	b.ReportMetric(total/float64(b.N), "ms/first-sighting")
}

func firsts(c *netnsChild) []float64 {
	var out []float64
	for _, ev := range c.snapshot() {
		if ev.Event == "first" {
			out = append(out, ev.MS)
		}
	}
	return out
}

// ---- the child side ----

// TestNetnsHelper is not a test of its own: it is the body of the helper
// children the netns tests start, and skips otherwise.
func TestNetnsHelper(t *testing.T) {
	role := os.Getenv(netnsRoleEnv)
	if role == "" {
		t.Skip("helper for the netns tests; runs only as their child process")
	}
	// The hard rule: never on the machine's real interfaces. The child must
	// be in a namespace other than the test's (and pid 1's, where readable).
	self, err := os.Readlink("/proc/self/ns/net")
	parent := os.Getenv(netnsParentEnv)
	if err != nil || parent == "" || self == parent {
		t.Fatalf("refusing to run: not in a network namespace of our own (%q, test's %q, %v)", self, parent, err)
	}
	if root, err := os.Readlink("/proc/1/ns/net"); err == nil && root == self {
		t.Fatalf("refusing to run: in the network namespace of pid 1 (%s)", root)
	}
	out := &eventWriter{enc: json.NewEncoder(os.Stdout)}
	quit := make(chan struct{})
	commands := make(chan string, 16)
	go func() {
		sc := bufio.NewScanner(os.Stdin)
		for sc.Scan() {
			commands <- sc.Text()
		}
		close(quit)
	}()
	life := time.NewTimer(netnsLife)
	defer life.Stop()
	switch role {
	case "hub":
		hubChild(t, out, quit, life.C)
	case "peer":
		peerChild(t, out, quit, commands, life.C)
	case "spoofer":
		spooferChild(t, out, quit, life.C)
	case "ifaces":
		ifacesChild(t)
	default:
		t.Fatalf("unknown role %q", role)
	}
}

// eventWriter writes events as JSON lines, one at a time.
type eventWriter struct {
	mu  sync.Mutex
	enc *json.Encoder
}

func (w *eventWriter) emit(ev netnsEvent) {
	w.mu.Lock()
	defer w.mu.Unlock()
	w.enc.Encode(ev)
}

// Write makes the writer a log destination: one event per log line.
func (w *eventWriter) Write(p []byte) (int, error) {
	for _, line := range strings.Split(strings.TrimRight(string(p), "\n"), "\n") {
		w.emit(netnsEvent{Event: "log", Line: line})
	}
	return len(p), nil
}

// ip runs the ip command in the child's namespace.
func ip(t *testing.T, args ...string) {
	t.Helper()
	if out, err := exec.Command("ip", args...).CombinedOutput(); err != nil {
		t.Fatalf("ip %s: %v: %s", strings.Join(args, " "), err, out)
	}
}

// hubChild holds the bridge and enslaves every vh* interface moved in.
func hubChild(t *testing.T, out *eventWriter, quit <-chan struct{}, life <-chan time.Time) {
	ip(t, "link", "set", "lo", "up")
	ip(t, "link", "add", "name", netnsBridge, "type", "bridge", "mcast_snooping", "0")
	ip(t, "link", "set", netnsBridge, "up")
	out.emit(netnsEvent{Event: "ready"})
	attached := map[string]bool{}
	tick := time.NewTicker(10 * time.Millisecond)
	defer tick.Stop()
	for {
		select {
		case <-quit:
			return
		case <-life:
			return
		case <-tick.C:
		}
		ifs, err := net.Interfaces()
		if err != nil {
			t.Fatal(err)
		}
		for _, ifi := range ifs {
			if strings.HasPrefix(ifi.Name, "vh") && !attached[ifi.Name] {
				ip(t, "link", "set", ifi.Name, "master", netnsBridge)
				ip(t, "link", "set", ifi.Name, "up")
				attached[ifi.Name] = true
				out.emit(netnsEvent{Event: "attached", Line: ifi.Name})
			}
		}
	}
}

// joinLAN makes peer n's end of the LAN: a veth pair whose other end goes
// to the hub straight away, an address, and the multicast route.
func joinLAN(t *testing.T, n int, ipv6 bool) {
	hub := os.Getenv(netnsHubEnv)
	if _, err := strconv.Atoi(hub); err != nil {
		t.Fatalf("no hub pid: %q", hub)
	}
	far := fmt.Sprintf("vh%d", n)
	ip(t, "link", "set", "lo", "up")
	ip(t, "link", "add", "name", netnsIface, "type", "veth", "peer", "name", far)
	ip(t, "link", "set", far, "netns", hub)
	if !ipv6 {
		// /proc/sys/net shows the namespace of the process reading it.
		if err := os.WriteFile("/proc/sys/net/ipv6/conf/"+netnsIface+"/disable_ipv6", []byte("1"), 0o644); err != nil {
			t.Fatalf("disabling IPv6 on %s: %v", netnsIface, err)
		}
	}
	ip(t, "addr", "add", fmt.Sprintf("10.77.0.%d/24", 10+n), "dev", netnsIface)
	if ipv6 {
		// A unique local address to announce (link-local ones are not);
		// the link-local address still goes through duplicate detection.
		ip(t, "-6", "addr", "add", fmt.Sprintf("fd77::%d/64", 10+n), "dev", netnsIface, "nodad")
	}
	ip(t, "link", "set", netnsIface, "up")
	ip(t, "route", "add", "224.0.0.0/4", "dev", netnsIface)
	// Wait for the carrier: the hub has put the far end on its bridge.
	for i := 0; ; i++ {
		ifi, err := net.InterfaceByName(netnsIface)
		if err == nil && ifi.Flags&net.FlagRunning != 0 {
			return
		}
		if i == 500 {
			t.Fatalf("%s has no carrier after 5s: %v", netnsIface, err)
		}
		time.Sleep(10 * time.Millisecond)
	}
}

// peerChild announces and browses until told to quit, reporting every
// change of its sightings. "browse" starts a second, browse-only discovery
// and reports its time to a first sighting.
func peerChild(t *testing.T, out *eventWriter, quit <-chan struct{}, commands <-chan string, life <-chan time.Time) {
	n, _ := strconv.Atoi(os.Getenv(netnsPeerEnv))
	short := os.Getenv(netnsShortEnv)
	joinLAN(t, n, os.Getenv(netnsIPv6Env) == "1")
	expire, _ := time.ParseDuration(os.Getenv(netnsExpireEnv))
	logger := log.New(out, "", 0)

	var d *Discovery
	var ready sync.WaitGroup // OnChange may run before d is assigned
	ready.Add(1)
	start := time.Now()
	d, err := StartDiscovery(DiscoveryConfig{
		Iface:  netnsIface,
		Short:  short,
		Port:   40000 + n,
		Expire: expire,
		Logger: logger,
		OnChange: func() {
			ready.Wait()
			out.emit(netnsEvent{Event: "sightings", Peer: n, MS: ms(time.Since(start)), Sightings: d.Sightings()})
		},
	})
	ready.Done()
	if err != nil {
		t.Fatalf("starting discovery: %v", err)
	}
	defer func() {
		d.Close()
		out.emit(netnsEvent{Event: "closed", Peer: n})
	}()
	for {
		select {
		case <-quit:
			return
		case <-life:
			return
		case cmd := <-commands:
			if cmd == "browse" {
				out.emit(netnsEvent{Event: "first", Peer: n, MS: ms(firstSighting(t, short, logger))})
			}
		}
	}
}

// firstSighting starts a browse-only discovery and times its first sighting.
func firstSighting(t *testing.T, short string, logger *log.Logger) time.Duration {
	seen := make(chan struct{}, 1)
	start := time.Now()
	d, err := StartDiscovery(DiscoveryConfig{Iface: netnsIface, Short: short, BrowseOnly: true, Logger: logger,
		OnChange: func() {
			select {
			case seen <- struct{}{}:
			default:
			}
		}})
	if err != nil {
		t.Fatalf("starting a browse-only discovery: %v", err)
	}
	defer d.Close()
	select {
	case <-seen:
		return time.Since(start)
	case <-time.After(10 * time.Second):
		t.Fatal("no sighting within 10s")
		return 0
	}
}

func ms(d time.Duration) float64 { return float64(d.Microseconds()) / 1000 }

// spooferChild answers every query for our service with bad answers.
func spooferChild(t *testing.T, out *eventWriter, quit <-chan struct{}, life <-chan time.Time) {
	n, _ := strconv.Atoi(os.Getenv(netnsPeerEnv))
	joinLAN(t, n, false)
	ifi, err := net.InterfaceByName(netnsIface)
	if err != nil {
		t.Fatal(err)
	}
	conn, err := net.ListenMulticastUDP("udp4", ifi, &net.UDPAddr{IP: net.IPv4(224, 0, 0, 251), Port: 5353})
	if err != nil {
		t.Fatalf("listening for mDNS queries: %v", err)
	}
	go func() {
		select {
		case <-quit:
		case <-life:
		}
		conn.Close()
	}()
	self := net.IPv4(10, 77, 0, byte(10+n))
	answers := spoofAnswers(t, self, os.Getenv(netnsVictimEnv))
	buf := make([]byte, 9000)
	for range 10000 { // packets read; the life timer ends it sooner
		nr, from, err := conn.ReadFromUDP(buf)
		if err != nil {
			return // closed
		}
		var q dns.Msg
		if q.Unpack(buf[:nr]) != nil || q.Response || len(q.Question) != 1 {
			continue
		}
		if name := q.Question[0].Name; name != "_readyroom._tcp.local." {
			// The library asks again for an instance whose answer was
			// incomplete (no port, no address).
			out.emit(netnsEvent{Event: "followup", Line: name})
			continue
		}
		for _, a := range answers {
			if _, err := conn.WriteToUDP(a, from); err != nil {
				t.Errorf("answering %v: %v", from, err)
			}
		}
		out.emit(netnsEvent{Event: "spoofed", Line: from.String()})
	}
}

// spoofAnswers are the packets a spoofer sends to every query: each a
// separate instance, so the library does not mix them up.
func spoofAnswers(t *testing.T, self net.IP, victim string) [][]byte {
	const svc = "_readyroom._tcp.local."
	answer := func(instance, host string, port uint16, addr net.IP, txt ...string) []byte {
		name := instance + "." + svc
		hdr := func(n string, typ uint16) dns.RR_Header {
			return dns.RR_Header{Name: n, Rrtype: typ, Class: dns.ClassINET, Ttl: 120}
		}
		m := &dns.Msg{MsgHdr: dns.MsgHdr{Response: true, Authoritative: true}}
		m.Answer = append(m.Answer, &dns.PTR{Hdr: hdr(svc, dns.TypePTR), Ptr: name})
		m.Answer = append(m.Answer, &dns.SRV{Hdr: hdr(name, dns.TypeSRV), Priority: 10, Weight: 1, Port: port, Target: host})
		if addr != nil {
			m.Answer = append(m.Answer, &dns.A{Hdr: hdr(host, dns.TypeA), A: addr})
		}
		m.Answer = append(m.Answer, &dns.TXT{Hdr: hdr(name, dns.TypeTXT), Txt: txt})
		b, err := m.Pack()
		if err != nil {
			t.Fatalf("packing %s: %v", instance, err)
		}
		return b
	}
	var huge []string
	for range 200 {
		huge = append(huge, strings.Repeat("x", 250))
	}
	good := "id=eeeeeeeeeeeeeeee"
	out := [][]byte{
		[]byte("\x00\x00\x84\x00\xff\xff\xff\xffnot a dns message at all"),
		answer("wrongversion", "s1.local.", spoofPort, self, "v=2", good),
		answer("noid", "s2.local.", spoofPort, self, "v=1"),
		answer("longid", "s3.local.", spoofPort, self, "v=1", "id="+strings.Repeat("ab", 32)),
		answer("huge", "s4.local.", spoofPort, self, append([]string{"v=1", good}, huge...)...),
		answer("loopback", "s5.local.", spoofPort, net.IPv4(127, 0, 0, 1), "v=1", good),
		answer("noaddr", "s6.local.", spoofPort, nil, "v=1", good),
		answer("port0", "s7.local.", 0, self, "v=1", good),
		answer("stranger", "s8.local.", spoofPort, self, "v=1", "id="+spoofShort, "name=Mallory's laptop"),
		answer("impostor", "s9.local.", spoofPort, self, "v=1", "id="+victim),
	}
	// An instance of another service, in answer to ours.
	other := new(dns.Msg)
	if err := other.Unpack(answer("other", "s10.local.", spoofPort, self, "v=1", good)); err != nil {
		t.Fatal(err)
	}
	other.Answer[0].(*dns.PTR).Ptr = "other._http._tcp.local."
	other.Answer[1].Header().Name = "other._http._tcp.local."
	other.Answer[3].Header().Name = "other._http._tcp.local."
	b, err := other.Pack()
	if err != nil {
		t.Fatal(err)
	}
	return append(out, b)
}

// ifacesChild checks DefaultInterface and StartDiscovery's interface checks
// in a namespace that first has only a loopback interface, then a veth pair
// (one end with an IPv4 address).
func ifacesChild(t *testing.T) {
	ip(t, "link", "set", "lo", "up")
	if name, err := DefaultInterface(); err == nil || !strings.Contains(err.Error(), "no network interface is up") {
		t.Errorf("with only loopback: DefaultInterface() = %q, %v; want an error in words", name, err)
	}
	ip(t, "link", "add", "name", netnsIface, "type", "veth", "peer", "name", "vh0")
	cfg := DiscoveryConfig{Iface: netnsIface, Short: testShort, Port: 40000}
	if d, err := StartDiscovery(cfg); err == nil || !strings.Contains(err.Error(), "is down") {
		if d != nil {
			d.Close()
		}
		t.Errorf("on a down interface: %v, want it to say it is down", err)
	}
	ip(t, "link", "set", netnsIface, "up")
	ip(t, "link", "set", "vh0", "up")
	if d, err := StartDiscovery(cfg); err == nil || !strings.Contains(err.Error(), "no address to announce") {
		if d != nil {
			d.Close()
		}
		t.Errorf("on an interface without IPv4 or global IPv6: %v, want it to say there is no address", err)
	}
	if name, err := DefaultInterface(); err == nil {
		t.Errorf("with no IPv4 address: DefaultInterface() = %q", name)
	}
	ip(t, "addr", "add", "10.77.0.1/24", "dev", netnsIface)
	if name, err := DefaultInterface(); err != nil || name != netnsIface {
		t.Errorf("DefaultInterface() = %q, %v; want %s", name, err, netnsIface)
	}
}
