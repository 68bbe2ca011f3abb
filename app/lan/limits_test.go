package lan

import (
	"bytes"
	"crypto/tls"
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

func TestSilentConnectionIsDroppedAfterTheHandshakeTimeout(t *testing.T) {
	if testing.Short() {
		t.Skip("waits for the 10 s handshake timeout")
	}
	t.Parallel()
	ana := newPeer(t, "Ana", manual)
	c, err := net.Dial("tcp", ana.addr())
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	start := time.Now()
	c.SetReadDeadline(time.Now().Add(HandshakeTimeout + 5*time.Second))
	_, err = c.Read(make([]byte, 1))
	if ne, ok := err.(net.Error); ok && ne.Timeout() {
		t.Fatalf("a connection that never handshakes is still open after %v", time.Since(start))
	}
	if d := time.Since(start); d < HandshakeTimeout-time.Second {
		t.Fatalf("dropped after %v, before the %v handshake timeout", d, HandshakeTimeout)
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
