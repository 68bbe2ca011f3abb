//go:build linux

package netnstest

import (
	"encoding/json"
	"fmt"
	"net"
	"net/netip"
	"os"
	"os/exec"
	"slices"
	"strings"
	"testing"
	"time"
)

// Names the children share.
const (
	Iface  = "rr0"   // a peer's end of its veth pair
	Bridge = "rrbr0" // the hub's bridge

	// HelperTest is the test every package using netnstest must have, to
	// call [Config.RunHelper]: the children run it alone.
	HelperTest = "TestNetnsHelper"
)

// Environment of a helper child.
const (
	roleEnv   = "RR_NETNS_ROLE"   // the child's role: "hub" or one of the package's Roles
	peerEnv   = "RR_NETNS_PEER"   // a peer's number n
	hubEnv    = "RR_NETNS_HUB"    // a peer's hub: the hub child's pid
	parentEnv = "RR_NETNS_PARENT" // the test process's network namespace
	dumpEnv   = "RR_NETNS_DUMP"   // in the test's environment: log what every child said
)

// Config is one test package's use of the LAN: a package-level value that
// both its tests and its TestNetnsHelper use.
type Config struct {
	// What the tests are, for the reasons they skip: "the mDNS discovery
	// tests".
	What string
	// Subnet is the third octet of the peers' addresses, 10.77.Subnet.(10+n):
	// a different one for each package.
	Subnet byte
	// Life is how long a child may live at most.
	Life time.Duration
	// Grace is how long cleanup waits for a child it asked to quit before
	// killing it.
	Grace time.Duration
	// Root lists the root namespace's interfaces for CheckRoot; nil means
	// IPLinks.
	Root func(testing.TB) []string
}

// Addr is peer n's IPv4 address: 10.77.Subnet.(10+n).
func (c Config) Addr(n int) netip.Addr {
	return netip.AddrFrom4([4]byte{10, 77, c.Subnet, byte(10 + n)})
}

// Addr6 is peer n's IPv6 address, when it keeps IPv6: fd77:Subnet::(10+n),
// with 10+n written in decimal (fd77::11 for peer 1 of subnet 0).
func (c Config) Addr6(n int) netip.Addr {
	return netip.MustParseAddr(fmt.Sprintf("fd77:%x::%d", c.Subnet, 10+n))
}

// Skip skips the test where network namespaces cannot be made: not root, no
// ip command, no /proc/self/ns/net.
func (c Config) Skip(t testing.TB) {
	t.Helper()
	if os.Geteuid() != 0 {
		t.Skipf("skipped: %s create network namespaces, veth pairs and a bridge, which needs root (run go test as root)", c.What)
	}
	if _, err := exec.LookPath("ip"); err != nil {
		t.Skipf("skipped: %s need the ip command (Debian package iproute2)", c.What)
	}
	if _, err := os.Readlink("/proc/self/ns/net"); err != nil {
		t.Skipf("skipped: network namespaces are not available here: %v", err)
	}
}

// CheckRoot lists the root namespace's interfaces now and registers a
// cleanup that fails the test if they have changed by the end. Call it
// before starting any child: cleanups run last registered first, so the
// check comes after every child is gone.
func (c Config) CheckRoot(t testing.TB) {
	t.Helper()
	list := c.Root
	if list == nil {
		list = IPLinks
	}
	before := list(t)
	t.Cleanup(func() {
		if after := list(t); !slices.Equal(before, after) {
			t.Errorf("interfaces in the root namespace changed:\nbefore %q\nafter  %q", before, after)
		}
	})
}

// InterfaceNames lists the names of the interfaces in the caller's
// namespace, sorted: a check for interfaces added or removed.
func InterfaceNames(t testing.TB) []string {
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

// IPLinks is what `ip -br link` says about the caller's namespace, a line
// an interface, sorted: a check for any change to a link, its state or its
// address included.
func IPLinks(t testing.TB) []string {
	t.Helper()
	out, err := exec.Command("ip", "-br", "link").CombinedOutput()
	if err != nil {
		t.Fatalf("ip -br link: %v: %s", err, out)
	}
	var ls []string
	for _, l := range strings.Split(strings.TrimSpace(string(out)), "\n") {
		ls = append(ls, strings.Join(strings.Fields(l), " "))
	}
	slices.Sort(ls)
	return ls
}

// Event is one JSON line from a child. Kind says what happened; the other
// fields are for the package's kinds to use as they need.
type Event struct {
	Kind string          `json:"event"`          // the hub's: ready (its bridge is up), attached (Line: a peer's far end)
	Line string          `json:"line,omitempty"` // a line of text: see Helper.Lines
	Code int             `json:"code,omitempty"` // an exit code
	MS   float64         `json:"ms,omitempty"`   // a time in milliseconds
	Data json.RawMessage `json:"data,omitempty"` // anything else, as JSON: see JSON and Decode
}

// JSON is v as JSON, for Event.Data; it panics if v cannot be marshalled.
func JSON(v any) json.RawMessage {
	b, err := json.Marshal(v)
	if err != nil {
		panic(err)
	}
	return b
}

// Decode decodes the event's Data into v.
func (e Event) Decode(v any) error { return json.Unmarshal(e.Data, v) }

// Wait polls cond every so often until it holds, and fails the test if it
// does not within timeout (with the state cond last described) or at once
// if one of the children exits in the meantime.
func Wait(t testing.TB, what string, timeout, every time.Duration, children []*Child, cond func() (bool, string)) {
	t.Helper()
	deadline := time.Now().Add(timeout)
	for {
		ok, state := cond()
		if ok {
			return
		}
		for _, c := range children {
			if why := c.Gone(); why != "" {
				t.Fatalf("waiting for %s: %s", what, why)
			}
		}
		if time.Now().After(deadline) {
			t.Fatalf("%s did not happen within %v; last: %s", what, timeout, state)
		}
		time.Sleep(every)
	}
}
