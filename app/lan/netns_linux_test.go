//go:build linux

package lan

// Discovery with real mDNS between peers in network namespaces.
//
// Nothing here sends a packet on the machine's real interfaces: the peers
// are helper children in network namespaces of their own, on a bridged LAN
// of veth pairs, all made by readyroom/app/internal/netnstest (see its
// package doc for how, and for the safety rules). Peer n is at
// 10.77.0.(10+n), and at fd77::(10+n) when it keeps IPv6; it announces port
// 40000+n.

import (
	"crypto/rand"
	"encoding/hex"
	"fmt"
	"log"
	"net"
	"net/netip"
	"os"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/miekg/dns"

	"readyroom/app/internal/netnstest"
)

// netns is this package's LAN, subnet 10.77.0 (app's command-line tests use 10.77.1). The
// root namespace is checked for interfaces added or removed, by name.
var netns = netnstest.Config{
	What:   "the mDNS discovery tests",
	Subnet: 0,
	Life:   60 * time.Second,
	Grace:  3 * time.Second,
	Root:   netnstest.InterfaceNames,
}

// Environment of a helper child, besides netnstest's.
const (
	netnsShortEnv  = "RR_NETNS_SHORT"  // the peer's short id
	netnsIPv6Env   = "RR_NETNS_IPV6"   // "1": keep IPv6 on the peer's interface; otherwise it is disabled
	netnsExpireEnv = "RR_NETNS_EXPIRE" // DiscoveryConfig.Expire
	netnsVictimEnv = "RR_NETNS_VICTIM" // spoofer: a member's short id to impersonate
	netnsKeyedEnv  = "RR_NETNS_KEYED"  // "1": announce tokens made with a random announce key, not RR_NETNS_SHORT

	spoofPeer  = 9 // the spoofer's peer number
	spoofShort = "dddddddddddddddd"
	spoofPort  = 9999
)

// The events a child sends, besides the hub's: sightings (MS since
// StartDiscovery, Data the sightings), first (MS to a first sighting), log
// (Line), spoofed (Line: whom), followup (Line: the name asked for), closed.

// ---- the test side ----

// waitFor waits until cond holds, or fails the test after timeout with
// what each child last saw; it fails at once if one of the children exits.
func waitFor(t testing.TB, what string, timeout time.Duration, children []*netnstest.Child, cond func() bool) {
	t.Helper()
	netnstest.Wait(t, what, timeout, 50*time.Millisecond, children, func() (bool, string) {
		if cond() {
			return true, ""
		}
		var last []string
		for _, c := range children {
			if s, ok := lastSightings(c); ok {
				last = append(last, fmt.Sprintf("%s last saw %s", c.Name, describeSightings(s)))
			}
		}
		return false, strings.Join(last, "; ")
	})
}

// lastSightings is the latest set of sightings a peer reported.
func lastSightings(c *netnstest.Child) ([]Sighting, bool) {
	evs := c.Events()
	for i := len(evs) - 1; i >= 0; i-- {
		var s []Sighting
		if evs[i].Kind == "sightings" && evs[i].Decode(&s) == nil {
			return s, true
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
	*netnstest.Child
	n     int
	short string
	ipv6  bool
}

// addrs are the addresses the peer announces: 10.77.0.(10+n), and
// fd77::(10+n) when it has IPv6.
func (p netnsPeer) addrs() []netip.Addr {
	a := []netip.Addr{netns.Addr(p.n)}
	if p.ipv6 {
		a = append(a, netns.Addr6(p.n))
	}
	return a
}

func (p netnsPeer) port() int { return 40000 + p.n }

// startPeer starts peer n on the hub's LAN.
func startPeer(t testing.TB, hub *netnstest.Child, n int, ipv6 bool, env ...string) netnsPeer {
	t.Helper()
	p := netnsPeer{n: n, short: randomShort(t), ipv6: ipv6}
	v6 := "0"
	if ipv6 {
		v6 = "1"
	}
	p.Child = netns.StartPeer(t, hub, n, fmt.Sprintf("peer%d", n), "peer", append([]string{
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

func hasEvent(c *netnstest.Child, kind string) bool {
	_, ok := c.Event(kind)
	return ok
}

// seesExactly reports whether p's latest sightings are exactly the given
// peers (by id, with their port and at least their addresses) and the
// extra ids.
func seesExactly(p netnsPeer, others []netnsPeer, extra ...string) bool {
	got, ok := lastSightings(p.Child)
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

func others(peers []netnsPeer, self netnsPeer) []netnsPeer {
	return slices.DeleteFunc(slices.Clone(peers), func(p netnsPeer) bool { return p.n == self.n })
}

// TestNetnsDiscoveryPeers runs four peers on one bridged LAN (two without
// IPv6, two with it): every peer must see every other, at its address and
// port, and not itself; a peer that leaves must disappear from the others.
func TestNetnsDiscoveryPeers(t *testing.T) {
	netns.Skip(t)
	netns.CheckRoot(t)
	hub := netns.StartHub(t)
	start := time.Now()
	var peers []netnsPeer
	for n := 1; n <= 4; n++ {
		peers = append(peers, startPeer(t, hub, n, n > 2, netnsExpireEnv+"=3s"))
	}
	all := []*netnstest.Child{hub}
	for _, p := range peers {
		all = append(all, p.Child)
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
		got, _ := lastSightings(p.Child)
		for _, s := range got {
			o := peers[slices.IndexFunc(peers, func(o netnsPeer) bool { return o.short == s.Short })]
			if !slices.Equal(s.Addrs, o.addrs()) {
				t.Errorf("peer%d sees peer%d at %v, want exactly %v", p.n, o.n, s.Addrs, o.addrs())
			}
		}
	}
	for _, p := range peers {
		for _, ev := range p.Events() {
			var s []Sighting
			if ev.Kind == "sightings" && ev.Decode(&s) == nil && len(s) > 0 {
				t.Logf("peer%d (IPv6 %v): first sighting %.0f ms after StartDiscovery", p.n, p.n > 2, ev.MS)
				break
			}
		}
	}

	// Peer 4 leaves; the others forget it once it has not answered for
	// Expire (3 s).
	left := peers[3]
	if !left.Stop(5 * time.Second) {
		t.Fatalf("peer%d did not quit", left.n)
	}
	if left.Err() != nil || !hasEvent(left.Child, "closed") {
		t.Fatalf("peer%d: exit %v, closed %v", left.n, left.Err(), hasEvent(left.Child, "closed"))
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
		if !p.Stop(5*time.Second) || p.Err() != nil {
			t.Errorf("peer%d: exit %v", p.n, p.Err())
		}
	}
}

// TestNetnsDiscoverySpoofed puts a spoofer on the LAN that answers every
// query with malformed, oversized and misleading answers. The members must
// still see each other; malformed answers must leave no sighting (and a
// debug line saying why); a well-formed answer with an unknown id is only
// a sighting; nobody panics.
func TestNetnsDiscoverySpoofed(t *testing.T) {
	netns.Skip(t)
	netns.CheckRoot(t)
	hub := netns.StartHub(t)
	a := startPeer(t, hub, 1, false)
	b := startPeer(t, hub, 2, true)
	spoofer := netns.StartPeer(t, hub, spoofPeer, "spoofer", "spoofer", netnsVictimEnv+"="+a.short)
	all := []*netnstest.Child{hub, a.Child, b.Child, spoofer}

	waitFor(t, "the members seeing each other and the spoofer's well-formed answer", 10*time.Second, all, func() bool {
		return seesExactly(a, []netnsPeer{b}, spoofShort) && seesExactly(b, []netnsPeer{a}, spoofShort)
	})
	waitFor(t, "the spoofer answering both members", 10*time.Second, all, func() bool {
		n := 0
		for _, ev := range spoofer.Events() {
			if ev.Kind == "spoofed" {
				n++
			}
		}
		return n >= 4
	})

	// The well-formed stranger is a sighting at the spoofer's address, no more.
	got, _ := lastSightings(a.Child)
	i := slices.IndexFunc(got, func(s Sighting) bool { return s.Short == spoofShort })
	if s := got[i]; s.Port != spoofPort || len(s.Addrs) != 1 || s.Addrs[0] != netns.Addr(spoofPeer) {
		t.Errorf("the stranger's sighting is %+v, want port %d at %v only", s, spoofPort, netns.Addr(spoofPeer))
	}
	// An answer impersonating member a is dropped by a (its own id) and is
	// an extra address for b: a hint, which the TLS handshake will refuse.
	got, _ = lastSightings(b.Child)
	i = slices.IndexFunc(got, func(s Sighting) bool { return s.Short == a.short })
	t.Logf("b's sighting of a, with the impersonation: %s", describeSightings(got[i:i+1]))

	followups := map[string]int{}
	for _, ev := range spoofer.Events() {
		if ev.Kind == "followup" {
			followups[ev.Line]++
		}
	}
	t.Logf("follow-up queries the members sent for incomplete answers: %v", followups)

	for _, p := range []netnsPeer{a, b} {
		if !p.Stop(5*time.Second) || p.Err() != nil {
			t.Fatalf("peer%d: exit %v", p.n, p.Err())
		}
		var logs []string
		for _, ev := range p.Events() {
			if ev.Kind == "log" {
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

// renumbered is where peer n moves on "renumber": 10.79.0.(10+n).
func renumbered(n int) netip.Addr { return netip.AddrFrom4([4]byte{10, 79, 0, byte(10 + n)}) }

// TestNetnsAnnouncedIDFollowsTheNetwork has a peer announce the tokens a
// node makes (a random announce key) and move to another network while it
// runs: the other peer sees another id for it, at its new address, and the
// old one goes. A stranger on both networks cannot tell it is one device.
func TestNetnsAnnouncedIDFollowsTheNetwork(t *testing.T) {
	netns.Skip(t)
	netns.CheckRoot(t)
	hub := netns.StartHub(t)
	mover := startPeer(t, hub, 1, false, netnsKeyedEnv+"=1", netnsExpireEnv+"=3s")
	watcher := startPeer(t, hub, 2, false, netnsExpireEnv+"=3s")
	all := []*netnstest.Child{hub, mover.Child, watcher.Child}
	var before string
	waitFor(t, "the watcher seeing the mover", 10*time.Second, all, func() bool {
		got, _ := lastSightings(watcher.Child)
		if len(got) == 1 && slices.Equal(got[0].Addrs, []netip.Addr{netns.Addr(mover.n)}) {
			before = got[0].Short
			return true
		}
		return false
	})
	if before == mover.short {
		t.Fatalf("the mover announces %s, the id it was given, not a token", before)
	}
	mover.Send(t, "renumber")
	var after string
	waitFor(t, "the watcher seeing the mover at its new address under another id, and the old one gone", 15*time.Second, all, func() bool {
		got, _ := lastSightings(watcher.Child)
		if len(got) == 1 && slices.Equal(got[0].Addrs, []netip.Addr{renumbered(mover.n)}) {
			after = got[0].Short
			return true
		}
		return false
	})
	if after == before {
		t.Fatalf("the mover announced %s on both networks", after)
	}
	t.Logf("announced %s on 10.77.0.0/24, then %s on 10.79.0.0/24", before, after)
}

// TestNetnsDefaultInterface checks DefaultInterface and the interface
// checks of StartDiscovery in a namespace of the child's own making.
func TestNetnsDefaultInterface(t *testing.T) {
	netns.Skip(t)
	netns.CheckRoot(t)
	c := netns.Start(t, "ifaces", "ifaces")
	select {
	case <-c.Exited():
	case <-time.After(20 * time.Second):
		t.Fatal("the ifaces child did not finish")
	}
	if c.Err() != nil {
		t.Fatalf("the ifaces child failed: %v", c.Err())
	}
}

// BenchmarkDiscoverFirstPeer measures how long a browser that has just
// started takes to see a peer that is already announcing (reported as
// ms/first-sighting; the default QueryTimeout bounds it from below).
func BenchmarkDiscoverFirstPeer(b *testing.B) {
	netns.Skip(b)
	hub := netns.StartHub(b)
	startPeer(b, hub, 1, false)
	browser := startPeer(b, hub, 2, false)
	waitFor(b, "the browser seeing the announcer", 10*time.Second, []*netnstest.Child{hub, browser.Child}, func() bool {
		s, _ := lastSightings(browser.Child)
		return len(s) == 1
	})
	var total float64
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		before := len(firsts(browser.Child))
		browser.Send(b, "browse")
		waitFor(b, "a first sighting", 10*time.Second, []*netnstest.Child{browser.Child}, func() bool {
			return len(firsts(browser.Child)) > before
		})
		total += firsts(browser.Child)[before]
	}
	b.ReportMetric(total/float64(b.N), "ms/first-sighting")
}

func firsts(c *netnstest.Child) []float64 {
	var out []float64
	for _, ev := range c.Events() {
		if ev.Kind == "first" {
			out = append(out, ev.MS)
		}
	}
	return out
}

// ---- the child side ----

// TestNetnsHelper is not a test of its own: it is the body of the helper
// children the netns tests start, and skips otherwise.
func TestNetnsHelper(t *testing.T) {
	netns.RunHelper(t, netnstest.Roles{"peer": peerChild, "spoofer": spooferChild, "ifaces": ifacesChild})
}

// peerChild announces and browses until told to quit, reporting every
// change of its sightings. "browse" starts a second, browse-only discovery
// and reports its time to a first sighting.
func peerChild(h *netnstest.Helper) {
	t, n := h.T, h.N
	short := os.Getenv(netnsShortEnv)
	h.JoinLAN(os.Getenv(netnsIPv6Env) == "1")
	expire, _ := time.ParseDuration(os.Getenv(netnsExpireEnv))
	logger := log.New(h.Lines("log"), "", 0)
	announce := fixedID(short)
	if os.Getenv(netnsKeyedEnv) == "1" {
		key := make([]byte, 32)
		rand.Read(key)
		announce = func(network netip.Prefix, now time.Time) []string {
			return []string{announceToken(key, network, epochOf(now))}
		}
	}

	var d *Discovery
	var ready sync.WaitGroup // OnChange may run before d is assigned
	ready.Add(1)
	start := time.Now()
	d, err := StartDiscovery(DiscoveryConfig{
		Iface:    netnstest.Iface,
		Announce: announce,
		Port:     40000 + n,
		Expire:   expire,
		Logger:   logger,
		OnChange: func() {
			ready.Wait()
			h.Emit(netnstest.Event{Kind: "sightings", MS: ms(time.Since(start)), Data: netnstest.JSON(d.Sightings())})
		},
	})
	ready.Done()
	if err != nil {
		t.Fatalf("starting discovery: %v", err)
	}
	defer func() {
		d.Close()
		h.Emit(netnstest.Event{Kind: "closed"})
	}()
	for {
		select {
		case <-h.Quit:
			return
		case cmd := <-h.Commands:
			switch cmd {
			case "browse":
				h.Emit(netnstest.Event{Kind: "first", MS: ms(firstSighting(t, short, logger))})
			case "renumber":
				// To another network on the same link, as a laptop that
				// moves keeps its interface (the new address first: an
				// interface left without IPv4 loses its multicast route).
				// The library answers a query by unicast to whoever asked,
				// so the old network stays reachable on the link.
				h.IP("addr", "add", renumbered(n).String()+"/24", "dev", netnstest.Iface)
				h.IP("addr", "del", netns.Addr(n).String()+"/24", "dev", netnstest.Iface)
				h.IP("route", "add", netip.PrefixFrom(netns.Addr(n), 24).Masked().String(), "dev", netnstest.Iface)
				h.Emit(netnstest.Event{Kind: "renumbered"})
			}
		}
	}
}

// firstSighting starts a browse-only discovery and times its first sighting.
func firstSighting(t *testing.T, short string, logger *log.Logger) time.Duration {
	seen := make(chan struct{}, 1)
	start := time.Now()
	d, err := StartDiscovery(DiscoveryConfig{Iface: netnstest.Iface, Announce: fixedID(short), BrowseOnly: true, Logger: logger,
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
func spooferChild(h *netnstest.Helper) {
	t := h.T
	h.JoinLAN(false)
	ifi, err := net.InterfaceByName(netnstest.Iface)
	if err != nil {
		t.Fatal(err)
	}
	conn, err := net.ListenMulticastUDP("udp4", ifi, &net.UDPAddr{IP: net.IPv4(224, 0, 0, 251), Port: 5353})
	if err != nil {
		t.Fatalf("listening for mDNS queries: %v", err)
	}
	go func() {
		<-h.Quit
		conn.Close()
	}()
	self := net.IP(netns.Addr(h.N).AsSlice())
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
			h.Emit(netnstest.Event{Kind: "followup", Line: name})
			continue
		}
		for _, a := range answers {
			if _, err := conn.WriteToUDP(a, from); err != nil {
				t.Errorf("answering %v: %v", from, err)
			}
		}
		h.Emit(netnstest.Event{Kind: "spoofed", Line: from.String()})
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
func ifacesChild(h *netnstest.Helper) {
	t := h.T
	h.IP("link", "set", "lo", "up")
	if name, err := DefaultInterface(); err == nil || !strings.Contains(err.Error(), "no network interface is up") {
		t.Errorf("with only loopback: DefaultInterface() = %q, %v; want an error in words", name, err)
	}
	h.IP("link", "add", "name", netnstest.Iface, "type", "veth", "peer", "name", "vh0")
	cfg := DiscoveryConfig{Iface: netnstest.Iface, Announce: fixedID(testShort), Port: 40000}
	if d, err := StartDiscovery(cfg); err == nil || !strings.Contains(err.Error(), "is down") {
		if d != nil {
			d.Close()
		}
		t.Errorf("on a down interface: %v, want it to say it is down", err)
	}
	h.IP("link", "set", netnstest.Iface, "up")
	h.IP("link", "set", "vh0", "up")
	if d, err := StartDiscovery(cfg); err == nil || !strings.Contains(err.Error(), "no address to announce") {
		if d != nil {
			d.Close()
		}
		t.Errorf("on an interface without IPv4 or global IPv6: %v, want it to say there is no address", err)
	}
	if name, err := DefaultInterface(); err == nil {
		t.Errorf("with no IPv4 address: DefaultInterface() = %q", name)
	}
	h.IP("addr", "add", "10.77.0.1/24", "dev", netnstest.Iface)
	if name, err := DefaultInterface(); err != nil || name != netnstest.Iface {
		t.Errorf("DefaultInterface() = %q, %v; want %s", name, err, netnstest.Iface)
	}
}
