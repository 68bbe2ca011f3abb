package lan

import (
	"bytes"
	"crypto/tls"
	"io"
	"net"
	"net/http"
	"strings"
	"testing"
	"time"

	"readyroom/readiness"
)

func TestAtMost16UnauthenticatedConnections(t *testing.T) {
	ana, ben := newPeer(t, "Ana", manual), newPeer(t, "Ben", manual)
	// Sixteen connections that never start a handshake take every slot...
	var idle []net.Conn
	for i := 0; i < MaxUnauthenticated; i++ {
		c, err := net.Dial("tcp", ana.addr())
		if err != nil {
			t.Fatal(err)
		}
		idle = append(idle, c)
	}
	defer func() {
		for _, c := range idle {
			c.Close()
		}
	}()
	time.Sleep(200 * time.Millisecond) // let the server accept them all
	// ...so the seventeenth is closed at once, before any TLS.
	c, err := net.Dial("tcp", ana.addr())
	if err != nil {
		t.Fatal(err)
	}
	c.SetReadDeadline(time.Now().Add(3 * time.Second))
	if n, err := c.Read(make([]byte, 1)); err == nil || n != 0 {
		t.Fatalf("the 17th connection was served: %d bytes, %v", n, err)
	} else if ne, ok := err.(net.Error); ok && ne.Timeout() {
		t.Fatal("the 17th connection was left open instead of closed")
	}
	c.Close()
	// Once they go away, a real peer gets through.
	for _, c := range idle {
		c.Close()
	}
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

func TestRequestLimits(t *testing.T) {
	ana, ben := newPeer(t, "Ana", manual), newPeer(t, "Ben", manual)
	client := ben.node.peerClient(readiness.DeviceID{})
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
		cfg := ben.node.clientTLS(readiness.DeviceID{})
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
	if _, err := c.Write(clientHello(t, ben.node.clientTLS(ana.node.ID()))); err != nil {
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

func TestOpenConnectionsAreCapped(t *testing.T) {
	ana, ben := newPeer(t, "Ana", manual), newPeer(t, "Ben", manual)
	var open []*tls.Conn
	defer func() {
		for _, c := range open {
			c.Close()
		}
	}()
	// Handshaken connections (any certificate gets this far) hold places too.
	for i := 0; i < MaxConnections; i++ {
		c, err := tls.Dial("tcp", ana.addr(), ben.node.clientTLS(ana.node.ID()))
		if err != nil {
			t.Fatalf("connection %d: %v", i+1, err)
		}
		open = append(open, c)
	}
	time.Sleep(100 * time.Millisecond)
	if c, err := tls.Dial("tcp", ana.addr(), ben.node.clientTLS(ana.node.ID())); err == nil {
		c.Close()
		t.Fatalf("connection %d was accepted", MaxConnections+1)
	}
	open[0].Close()
	open = open[1:]
	eventually(t, 5*time.Second, "a closed connection frees its place", func() bool {
		c, err := tls.Dial("tcp", ana.addr(), ben.node.clientTLS(ana.node.ID()))
		if err == nil {
			open = append(open, c)
		}
		return err == nil
	})
}
