package lan

import (
	"bytes"
	"context"
	"crypto/tls"
	"fmt"
	"io"
	"log"
	"net"
	"net/http"
	"net/netip"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"
)

// dialAt opens a TCP connection to addr from ip (any of 127.0.0.0/8).
func dialAt(ip, addr string) (net.Conn, error) {
	d := net.Dialer{LocalAddr: &net.TCPAddr{IP: net.ParseIP(ip)}, Timeout: 5 * time.Second}
	return d.Dial("tcp", addr)
}

// tlsDialAt completes a TLS handshake with addr from ip.
func tlsDialAt(ip, addr string, cfg *tls.Config) (*tls.Conn, error) {
	d := net.Dialer{LocalAddr: &net.TCPAddr{IP: net.ParseIP(ip)}, Timeout: 5 * time.Second}
	return tls.DialWithDialer(&d, "tcp", addr, cfg)
}

// closedAtOnce sends a ClientHello on c and reports whether the server
// closed c without a byte in answer, as it does a connection it refuses on
// accept; one it serves answers with its ServerHello.
func closedAtOnce(t *testing.T, c net.Conn, hello []byte) bool {
	t.Helper()
	c.Write(hello) // may fail: the server may have closed it already
	c.SetReadDeadline(time.Now().Add(5 * time.Second))
	n, err := c.Read(make([]byte, 1))
	if ne, ok := err.(net.Error); ok && ne.Timeout() {
		t.Fatal("the connection was left open instead of closed")
	}
	return n == 0 && err != nil
}

func closeAll[C io.Closer](cs []C) {
	for _, c := range cs {
		c.Close()
	}
}

func TestAtMost16UnauthenticatedConnections(t *testing.T) {
	ana, ben := newPeer(t, "Ana", manual), newPeer(t, "Ben", manual)
	hello := clientHello(t, ben.node.clients.pinned(ana.node.ID()))
	// Sixteen connections that send a ClientHello and stall take every slot
	// (from two addresses: one may hold only eight)...
	var idle []net.Conn
	defer func() { closeAll(idle) }()
	for i := 0; i < MaxUnauthenticated; i++ {
		c, err := dialAt(fmt.Sprintf("127.0.0.%d", 2+i/MaxHandshakesPerAddr), ana.addr())
		if err != nil {
			t.Fatal(err)
		}
		idle = append(idle, c)
		if _, err := c.Write(hello); err != nil {
			t.Fatalf("connection %d: %v", i+1, err)
		}
	}
	// ...so the seventeenth, from a third address, is closed at once,
	// before any TLS (the server admits connections in the order it
	// accepts them).
	c, err := dialAt("127.0.0.9", ana.addr())
	if err != nil {
		t.Fatal(err)
	}
	if !closedAtOnce(t, c, hello) {
		t.Fatal("the 17th unauthenticated connection was served")
	}
	c.Close()
	// Once they go away, a real peer gets through.
	closeAll(idle)
	idle = nil
	team, _ := ana.node.CreateTeam("Payments squad")
	eventually(t, 5*time.Second, "a slot frees up for a real join", func() bool {
		inv, err := ana.node.Invite(team.ID)
		if err != nil {
			return false
		}
		_, err = ben.node.Join(t.Context(), JoinTarget{Addr: ana.addr()}, inv.Code)
		return err == nil
	})
}

func TestAdmissionLimits(t *testing.T) {
	var a admission
	admit := func(ip string, member bool) *place {
		p, _ := a.admit(netip.MustParseAddr(ip), member)
		return p
	}
	var held []*place
	for i := 0; i < MaxHandshakesPerAddr; i++ {
		if p := admit("10.0.0.2", false); p != nil {
			held = append(held, p)
		}
	}
	if len(held) != MaxHandshakesPerAddr || admit("10.0.0.2", false) != nil {
		t.Fatalf("one address got %d handshake slots, want %d and no more", len(held), MaxHandshakesPerAddr)
	}
	for i := MaxHandshakesPerAddr; i < MaxUnauthenticated; i++ {
		if p := admit(fmt.Sprintf("10.0.1.%d", i), false); p != nil {
			held = append(held, p)
		}
	}
	if len(held) != MaxUnauthenticated || admit("10.0.0.3", false) != nil {
		t.Fatalf("strangers got %d handshake slots, want %d and no more", len(held), MaxUnauthenticated)
	}
	// A member's address has slots of its own.
	m := admit("10.0.0.9", true)
	if m == nil {
		t.Fatal("a member waits behind strangers")
	}
	// A finished handshake gives back its slot and keeps its place.
	held[0].handshook()
	held[0].handshook()
	if p := admit("10.0.0.2", false); p == nil {
		t.Fatal("a finished handshake kept its slot")
	} else {
		held = append(held, p)
	}
	if a.open != MaxUnauthenticated+2 {
		t.Fatalf("%d open, want %d", a.open, MaxUnauthenticated+2)
	}
	for _, p := range append(held, m) {
		p.leave()
		p.leave()
	}
	if a.open != 0 || a.strangers != 0 || a.shaking != [2]int{} || len(a.addrs) != 0 {
		t.Fatalf("after every connection left: %d open, %d strangers', %v handshaking, %d addresses", a.open, a.strangers, a.shaking, len(a.addrs))
	}
}

// flood keeps opening connections to addr from each of ips, 24 at a time
// from each (more than an address may hold), each sending 3 bytes and
// stalling until the server closes it, until stop is called; opened and stop
// say how many it opened. Bounded: at most 20,000 connections.
func flood(addr string, ips ...string) (opened, stop func() int) {
	ctx, cancel := context.WithCancel(context.Background())
	var wg sync.WaitGroup
	var n atomic.Int64
	for w := range 3 * MaxHandshakesPerAddr * len(ips) {
		wg.Go(func() {
			for n.Load() < 20000 && ctx.Err() == nil {
				c, err := dialAt(ips[w%len(ips)], addr)
				if err != nil {
					time.Sleep(10 * time.Millisecond)
					continue
				}
				n.Add(1)
				c.Write([]byte{0x16, 0x03, 0x01})
				c.SetReadDeadline(time.Now().Add(HandshakeTimeout + time.Second))
				stopClosing := context.AfterFunc(ctx, func() { c.Close() })
				io.Copy(io.Discard, c) // until the server closes it
				stopClosing()
				c.Close()
				time.Sleep(20 * time.Millisecond)
			}
		})
	}
	opened = func() int { return int(n.Load()) }
	return opened, func() int {
		cancel()
		wg.Wait()
		return opened()
	}
}

// A flood of connections from one address neither keeps a joiner at
// another address out nor a member from syncing; a flood from several
// addresses still leaves members their own slots.
func TestFloodStarvesNoOne(t *testing.T) {
	ana, ben := newPeer(t, "Ana", manual), newPeer(t, "Ben", manual)
	cat := newPeerAt(t, "Cat", "127.0.0.3", manual)
	team := teamOf(t, ana, ben)
	rec := ana.create("Tokenisation v3")
	ana.node.Share(rec, team.ID, true)
	// restart drops Ben's connections to Ana, as a restart would: his next
	// pull has to handshake again.
	restart := func() {
		ben.node.clients.closeAllIdle()
	}

	_, stop := flood(ana.addr(), "127.0.0.2")
	time.Sleep(HelloTimeout / 2) // the flood holds its slots
	ana.quiet(rec, "title", "Tokenisation v3.1")
	inv, _ := ana.node.Invite(team.ID)
	_, joinErr := cat.node.Join(t.Context(), JoinTarget{Addr: ana.addr()}, inv.Code)
	restart()
	pullErr := ben.pullFrom(ana)
	if n := stop(); n < 2*MaxUnauthenticated {
		t.Fatalf("the flood opened only %d connections", n)
	}
	if joinErr != nil {
		t.Fatalf("a join from another address during a flood from one: %v", joinErr)
	}
	if d, _ := ben.doc(rec); pullErr != nil || title(d) != "Tokenisation v3.1" {
		t.Fatalf("a member's pull during a flood: %v (title %q)", pullErr, title(d))
	}

	// From three addresses, the flood takes every stranger's slot; Ben's
	// address is a member's, with slots of its own.
	_, stop = flood(ana.addr(), "127.0.0.2", "127.0.0.4", "127.0.0.6")
	time.Sleep(HelloTimeout / 2)
	ana.quiet(rec, "title", "Tokenisation v3.2")
	restart()
	pullErr = ben.pullFrom(ana)
	stop()
	if d, _ := ben.doc(rec); pullErr != nil || title(d) != "Tokenisation v3.2" {
		t.Fatalf("a member's pull during a flood from many addresses: %v (title %q)", pullErr, title(d))
	}
}

func TestRequestLimits(t *testing.T) {
	ana, ben := newPeer(t, "Ana", manual), newPeer(t, "Ben", manual)
	client := ben.node.clients.client(DeviceID{})
	t.Run("join body over 4 KiB", func(t *testing.T) {
		body := `{"invite":"ABCD","proof":"00","name":"` + strings.Repeat("n", MaxJoinBody) + `"}`
		resp, err := client.Post("https://"+ana.addr()+"/v1/join", "application/json", strings.NewReader(body))
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		if resp.StatusCode != http.StatusBadRequest {
			t.Fatalf("oversize join body: %s", resp.Status)
		}
	})
	t.Run("headers over 8 KiB", func(t *testing.T) {
		req, _ := http.NewRequest(http.MethodGet, "https://"+ana.addr()+"/v1/teams/01JDTEAM0000000000000000AA", nil)
		req.Header.Set("X-Pad", strings.Repeat("p", 16<<10))
		resp, err := client.Do(req)
		if err != nil {
			return // the server may simply drop the connection
		}
		resp.Body.Close()
		if resp.StatusCode != http.StatusRequestHeaderFieldsTooLarge {
			t.Fatalf("oversize headers: %s", resp.Status)
		}
	})
	t.Run("TLS 1.2 is refused", func(t *testing.T) {
		cfg := ben.node.clients.pinned(DeviceID{})
		cfg.MinVersion, cfg.MaxVersion = tls.VersionTLS12, tls.VersionTLS12
		if c, err := tls.Dial("tcp", ana.addr(), cfg); err == nil {
			c.Close()
			t.Fatal("a TLS 1.2 handshake succeeded")
		}
	})
	t.Run("malformed join", func(t *testing.T) {
		resp, err := client.Post("https://"+ana.addr()+"/v1/join", "application/json", bytes.NewReader([]byte(`{"invite":1}`)))
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		if resp.StatusCode != http.StatusBadRequest {
			t.Fatalf("malformed join: %s", resp.Status)
		}
	})
}

// clientHello is the first flight of a TLS 1.3 client: the whole record
// holding its ClientHello, as it would reach the server.
func clientHello(t *testing.T, cfg *tls.Config) []byte {
	t.Helper()
	c, s := net.Pipe()
	defer s.Close()
	go func() { // writes the ClientHello, then fails when the pipe closes
		tls.Client(c, cfg).Handshake()
		c.Close()
	}()
	s.SetDeadline(time.Now().Add(10 * time.Second))
	hdr := make([]byte, 5)
	if _, err := io.ReadFull(s, hdr); err != nil {
		t.Fatal(err)
	}
	body := make([]byte, int(hdr[3])<<8|int(hdr[4]))
	if _, err := io.ReadFull(s, body); err != nil {
		t.Fatal(err)
	}
	return append(hdr, body...)
}

// untilClosed reads whatever the server sends on c until it closes the
// connection, and says how long that took; a read that times out after
// limit (the server left it open) fails the test.
func untilClosed(t *testing.T, c net.Conn, limit time.Duration) time.Duration {
	t.Helper()
	start := time.Now()
	c.SetReadDeadline(start.Add(limit))
	_, err := io.Copy(io.Discard, c)
	if ne, ok := err.(net.Error); ok && ne.Timeout() {
		t.Fatalf("the connection is still open after %v", time.Since(start))
	}
	return time.Since(start)
}

func TestStalledHandshakeIsDroppedAfterTheHandshakeTimeout(t *testing.T) {
	if testing.Short() {
		t.Skip("waits for the 10 s handshake timeout")
	}
	t.Parallel()
	ana, ben := newPeer(t, "Ana", manual), newPeer(t, "Ben", manual)
	c, err := net.Dial("tcp", ana.addr())
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	// A whole ClientHello in time, then nothing: the rest of the handshake
	// has until the 10 s handshake timeout.
	if _, err := c.Write(clientHello(t, ben.node.clients.pinned(ana.node.ID()))); err != nil {
		t.Fatal(err)
	}
	if d := untilClosed(t, c, HandshakeTimeout+5*time.Second); d < HandshakeTimeout-time.Second {
		t.Fatalf("dropped after %v, before the %v handshake timeout", d, HandshakeTimeout)
	}
}

// A connection that sends the start of a handshake (or nothing) and stalls
// holds its slot for HelloTimeout, not the whole handshake timeout.
func TestConnectionWithoutAClientHelloIsDroppedEarly(t *testing.T) {
	t.Parallel()
	ana := newPeer(t, "Ana", manual)
	for _, first := range [][]byte{{0x16, 0x03, 0x01}, nil} {
		c, err := net.Dial("tcp", ana.addr())
		if err != nil {
			t.Fatal(err)
		}
		if _, err := c.Write(first); err != nil {
			t.Fatal(err)
		}
		// Closed before the handshake timeout could have done it.
		if d := untilClosed(t, c, HandshakeTimeout-2*time.Second); d < HelloTimeout/2 {
			t.Fatalf("sent %d bytes: dropped after %v, before the %v allowed for a ClientHello", len(first), d, HelloTimeout)
		}
		c.Close()
	}
}

// A flood writes a few lines to the log, not one per connection.
func TestLogStaysBoundedUnderAFlood(t *testing.T) {
	var lines lineLog
	ana := newPeer(t, "Ana", manual, func(c *Config) { c.Logger = log.New(&lines, "", 0) })
	opened, stop := flood(ana.addr(), "127.0.0.2")
	eventually(t, 30*time.Second, "500 connections of the flood", func() bool { return opened() >= 500 })
	stop()
	ana.node.Close() // ends every handshake, and says what it left out
	got := lines.all()
	if max := 3 * (logBurst + 1); len(got) > max {
		t.Fatalf("%d connections wrote %d lines to the log, more than %d; the first:\n%s", opened(), len(got), max, strings.Join(got[:max+1], "\n"))
	}
	if !slices.ContainsFunc(got, func(l string) bool { return strings.Contains(l, "more refused connections in the last minute") }) {
		t.Fatalf("the log does not say how many refusals it left out:\n%s", strings.Join(got, "\n"))
	}
}

func TestOpenConnectionsAreCapped(t *testing.T) {
	ana, ben := newPeer(t, "Ana", manual), newPeer(t, "Ben", manual)
	// Ben is a member listening at two addresses; Ana knows them from the
	// team (no one dials: the test makes every connection).
	team, _ := ana.node.CreateTeam("Payments squad")
	tm, _ := ana.node.teams.load(team.ID)
	add := tm.Patch()
	add.Members = map[DeviceID]Member{ben.node.ID(): {Name: "Ben", Stamp: ana.clock.Now(), By: "Ana", Addrs: []string{"127.0.0.5:9", "127.0.0.6:9"}}}
	if _, _, err := ana.node.teams.merge(add); err != nil {
		t.Fatal(err)
	}
	var open []*tls.Conn
	defer func() { closeAll(open) }()
	// Handshaken connections (any certificate gets this far) hold places too.
	dial := func(ip string) error {
		c, err := tlsDialAt(ip, ana.addr(), ben.node.clients.pinned(ana.node.ID()))
		if err == nil {
			open = append(open, c)
		}
		return err
	}
	fill := func(ip string, most int) int {
		n := 0
		for n < most && dial(ip) == nil {
			n++
		}
		return n
	}
	// Strangers: 32 from an address, 96 in all...
	for _, ip := range []string{"127.0.0.2", "127.0.0.3", "127.0.0.4"} {
		if n := fill(ip, MaxConnectionsPerAddr+1); n != MaxConnectionsPerAddr {
			t.Fatalf("%d connections from %s were accepted, want %d", n, ip, MaxConnectionsPerAddr)
		}
	}
	if dial("127.0.0.9") == nil {
		t.Fatalf("a stranger's connection past %d was accepted", MaxStrangerConnections)
	}
	// ...and members have the rest, 128 in all.
	rest := (MaxConnections - MaxStrangerConnections) / 2
	for _, ip := range []string{"127.0.0.5", "127.0.0.6"} {
		if n := fill(ip, rest); n != rest {
			t.Fatalf("%d connections from a member's address %s were accepted, want %d", n, ip, rest)
		}
	}
	if dial("127.0.0.5") == nil {
		t.Fatalf("connection %d was accepted", MaxConnections+1)
	}
	open[len(open)-1].Close()
	open = open[:len(open)-1]
	eventually(t, 5*time.Second, "a closed connection frees its place", func() bool {
		return dial("127.0.0.6") == nil
	})
}
