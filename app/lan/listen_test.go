package lan

import (
	"errors"
	"net"
	"net/netip"
	"slices"
	"testing"
	"time"
)

// second is a loopback address besides 127.0.0.1 (all of 127/8 is loopback
// on Linux), standing for an interface's address.
func second(t *testing.T) netip.Addr {
	t.Helper()
	ip := netip.MustParseAddr("127.0.0.2")
	l, err := net.Listen("tcp", net.JoinHostPort(ip.String(), "0"))
	if err != nil {
		t.Skipf("cannot listen on %v here: %v", ip, err)
	}
	l.Close()
	return ip
}

func reachable(ap netip.AddrPort) bool {
	c, err := net.DialTimeout("tcp", ap.String(), 2*time.Second)
	if err != nil {
		return false
	}
	c.Close()
	return true
}

// One port on each address; addresses come and go as they are set, and
// only those set are reachable.
func TestListenerFollowsItsAddresses(t *testing.T) {
	lo, other := netip.MustParseAddr("127.0.0.1"), second(t)
	nowhere := netip.MustParseAddr("192.0.2.1") // not this machine's: left out
	m, err := listenOn([]netip.Addr{other, nowhere, lo}, 0)
	if err != nil {
		t.Fatal(err)
	}
	defer m.Close()
	go func() { // accept and drop, until closed
		for {
			c, err := m.Accept()
			if errors.Is(err, net.ErrClosed) {
				return
			}
			if c != nil {
				c.Close()
			}
		}
	}()
	at := func(ip netip.Addr) netip.AddrPort { return netip.AddrPortFrom(ip, uint16(m.port)) }
	if got := m.addrs(); !slices.Equal(got, []netip.AddrPort{at(lo), at(other)}) {
		t.Fatalf("listening on %v, want %v and %v", got, at(lo), at(other))
	}
	if !reachable(at(other)) || !reachable(at(lo)) {
		t.Fatalf("reachable at %v: %v, at %v: %v", other, reachable(at(other)), lo, reachable(at(lo)))
	}

	changed, failures := m.set([]netip.Addr{nowhere, lo})
	if !changed || reachable(at(other)) || !reachable(at(lo)) {
		t.Fatalf("after leaving %v: changed %v, reachable there %v", other, changed, reachable(at(other)))
	}
	if len(failures) != 0 {
		t.Errorf("a failure already known was reported again: %v", failures)
	}
	if changed, _ := m.set([]netip.Addr{other, lo}); !changed || !reachable(at(other)) {
		t.Fatalf("%v given back: changed %v, reachable %v", other, changed, reachable(at(other)))
	}
	if changed, _ := m.set([]netip.Addr{other, lo}); changed {
		t.Error("the same addresses again reported a change")
	}
	if _, failures := m.set([]netip.Addr{other, lo, nowhere}); len(failures) != 1 {
		t.Errorf("an address that cannot be listened on, given anew: failures %v, want one", failures)
	}
}

// A port taken at one of the addresses is an error the caller can act on
// (the app then takes a free port); with port 0 the port is free on all.
func TestListenerPortTakenOnOneAddress(t *testing.T) {
	lo, other := netip.MustParseAddr("127.0.0.1"), second(t)
	taken, err := net.Listen("tcp", net.JoinHostPort(other.String(), "0"))
	if err != nil {
		t.Fatal(err)
	}
	defer taken.Close()
	port := taken.Addr().(*net.TCPAddr).Port
	if m, err := listenOn([]netip.Addr{lo, other}, port); err == nil {
		m.Close()
		t.Fatalf("listened on port %d, taken at %v", port, other)
	}
	if reachable(netip.AddrPortFrom(lo, uint16(port))) {
		t.Fatal("the refused listener was left open on loopback")
	}
	m, err := listenOn([]netip.Addr{lo, other}, 0)
	if err != nil {
		t.Fatal(err)
	}
	defer m.Close()
	if len(m.addrs()) != 2 || m.addrs()[0].Port() == uint16(port) {
		t.Fatalf("listening on %v", m.addrs())
	}
}
