//go:build linux

package netnstest

import (
	"bufio"
	"encoding/json"
	"fmt"
	"io"
	"net"
	"os"
	"os/exec"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"
)

// Roles are the parts a package's children can play, by name (the role
// given to Config.Start). "hub" is built in.
type Roles map[string]func(*Helper)

// Helper is a child's side: what its role function works with.
type Helper struct {
	T *testing.T
	// N is the peer number given to Config.StartPeer; 0 for a child started
	// otherwise.
	N int
	// Quit is closed when the test asks the child to quit (its stdin
	// closes) or Config.Life is over. A role returns soon after.
	Quit <-chan struct{}
	// Commands are the lines the test sends (Child.Send). A role that is
	// sent commands must keep reading them: the reader that notices a
	// closed stdin waits while 16 are pending.
	Commands <-chan string

	cfg Config
	mu  sync.Mutex
	enc *json.Encoder
}

// RunHelper is the body of the package's TestNetnsHelper. In the test
// process it skips; in a child it checks that the child is in a network
// namespace of its own and runs the child's role until that returns.
func (c Config) RunHelper(t *testing.T, roles Roles) {
	role := os.Getenv(roleEnv)
	if role == "" {
		t.Skip("helper for the netns tests; runs only as their child process")
	}
	// The hard rule: never on the machine's real interfaces. The child must
	// be in a namespace other than the test's (and pid 1's, where readable).
	self, err := os.Readlink("/proc/self/ns/net")
	parent := os.Getenv(parentEnv)
	if err != nil || parent == "" || self == parent {
		t.Fatalf("refusing to run: not in a network namespace of our own (%q, test's %q, %v)", self, parent, err)
	}
	if root, err := os.Readlink("/proc/1/ns/net"); err == nil && root == self {
		t.Fatalf("refusing to run: in the network namespace of pid 1 (%s)", root)
	}

	h := &Helper{T: t, cfg: c, enc: json.NewEncoder(os.Stdout)}
	if s := os.Getenv(peerEnv); s != "" {
		if h.N, err = strconv.Atoi(s); err != nil || h.N < 0 {
			t.Fatalf("peer number %q: not a number", s)
		}
	}
	quit := make(chan struct{})
	var once sync.Once
	stop := func() { once.Do(func() { close(quit) }) }
	commands := make(chan string, 16)
	go func() {
		sc := bufio.NewScanner(os.Stdin)
		for sc.Scan() {
			commands <- sc.Text()
		}
		stop() // a closed stdin means quit
	}()
	life := time.AfterFunc(c.Life, stop)
	defer life.Stop()
	h.Quit, h.Commands = quit, commands

	run, ok := roles[role]
	if role == "hub" {
		run, ok = hubChild, true
	}
	if !ok {
		t.Fatalf("unknown role %q", role)
	}
	run(h)
}

// Emit writes one event to the test.
func (h *Helper) Emit(ev Event) {
	h.mu.Lock()
	defer h.mu.Unlock()
	h.enc.Encode(ev)
}

// Lines is a writer that makes every line written to it an event of that
// kind, with the line in Line: for a logger ("log") or a command's output
// ("stdout").
func (h *Helper) Lines(kind string) io.Writer { return lineEvents{h, kind} }

type lineEvents struct {
	h    *Helper
	kind string
}

func (w lineEvents) Write(p []byte) (int, error) {
	for _, line := range strings.Split(strings.TrimRight(string(p), "\n"), "\n") {
		w.h.Emit(Event{Kind: w.kind, Line: line})
	}
	return len(p), nil
}

// IP runs the ip command in the child's namespace, and fails the child if
// it fails.
func (h *Helper) IP(args ...string) {
	h.T.Helper()
	if out, err := exec.Command("ip", args...).CombinedOutput(); err != nil {
		h.T.Fatalf("ip %s: %v: %s", strings.Join(args, " "), err, out)
	}
}

// hubChild holds the bridge and enslaves every vh* interface moved in.
func hubChild(h *Helper) {
	h.IP("link", "set", "lo", "up")
	h.IP("link", "add", "name", Bridge, "type", "bridge", "mcast_snooping", "0")
	h.IP("link", "set", Bridge, "up")
	h.Emit(Event{Kind: "ready"})
	attached := map[string]bool{}
	tick := time.NewTicker(10 * time.Millisecond)
	defer tick.Stop()
	for {
		select {
		case <-h.Quit:
			return
		case <-tick.C:
		}
		ifs, err := net.Interfaces()
		if err != nil {
			h.T.Fatal(err)
		}
		for _, ifi := range ifs {
			if strings.HasPrefix(ifi.Name, "vh") && !attached[ifi.Name] {
				h.IP("link", "set", ifi.Name, "master", Bridge)
				h.IP("link", "set", ifi.Name, "up")
				attached[ifi.Name] = true
				h.Emit(Event{Kind: "attached", Line: ifi.Name})
			}
		}
	}
}

// JoinLAN makes peer N's end of the hub's LAN, Iface: a veth pair whose
// far end (vhN) goes to the hub's namespace straight away, the address
// Config.Addr(N)/24, Config.Addr6(N)/64 too if ipv6 (otherwise IPv6 is off
// on Iface), and the multicast route. It returns once the hub has put the
// far end on its bridge.
func (h *Helper) JoinLAN(ipv6 bool) {
	t := h.T
	hub := os.Getenv(hubEnv)
	if _, err := strconv.Atoi(hub); err != nil {
		t.Fatalf("no hub pid: %q", hub)
	}
	far := fmt.Sprintf("vh%d", h.N)
	h.IP("link", "set", "lo", "up")
	h.IP("link", "add", "name", Iface, "type", "veth", "peer", "name", far)
	h.IP("link", "set", far, "netns", hub)
	if !ipv6 {
		// /proc/sys/net shows the namespace of the process reading it.
		if err := os.WriteFile("/proc/sys/net/ipv6/conf/"+Iface+"/disable_ipv6", []byte("1"), 0o644); err != nil {
			t.Fatalf("disabling IPv6 on %s: %v", Iface, err)
		}
	}
	h.IP("addr", "add", h.cfg.Addr(h.N).String()+"/24", "dev", Iface)
	if ipv6 {
		// A unique local address to announce (link-local ones are not);
		// the link-local address still goes through duplicate detection.
		h.IP("-6", "addr", "add", h.cfg.Addr6(h.N).String()+"/64", "dev", Iface, "nodad")
	}
	h.IP("link", "set", Iface, "up")
	h.IP("route", "add", "224.0.0.0/4", "dev", Iface)
	// Wait for the carrier: the hub has put the far end on its bridge.
	for i := 0; ; i++ {
		ifi, err := net.InterfaceByName(Iface)
		if err == nil && ifi.Flags&net.FlagRunning != 0 {
			return
		}
		if i == 500 {
			t.Fatalf("%s has no carrier after 5s: %v", Iface, err)
		}
		time.Sleep(10 * time.Millisecond)
	}
}
