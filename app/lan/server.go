package lan

import (
	"context"
	"crypto/tls"
	"errors"
	"net"
	"net/http"
	"net/netip"
	"sync"
	"time"
)

// Protocol limits (see the package doc).
const (
	ProtocolVersion    = 1
	alpn               = "http/1.1" // versioned by path (/v1) and the Readyroom-Protocol header
	MaxPageChanges     = 500
	MaxPageBytes       = 4 << 20
	MaxIndexKeys       = 5000
	MaxIndexBytes      = 1 << 20
	MaxFetchBody       = 64 << 10
	MaxHeaderBytes     = 8 << 10
	MaxJoinBody        = 4 << 10
	MaxTeamBytes       = 4 << 20
	HandshakeTimeout   = 10 * time.Second
	HelloTimeout       = 2 * time.Second // to send the whole ClientHello; the rest of the handshake has HandshakeTimeout
	MaxUnauthenticated = 16              // connections handshaking from strangers' addresses (see admission)
	// MaxMemberHandshakes caps connections handshaking from addresses known
	// as team members', apart from strangers': a member never waits behind
	// strangers.
	MaxMemberHandshakes = 16
	// MaxConnections caps open connections of every kind: a member's
	// keep-alive connections included. Strangers' hold at most
	// MaxStrangerConnections of them, so members always have room.
	MaxConnections         = 128
	MaxStrangerConnections = 96
	// MaxHandshakesPerAddr and MaxConnectionsPerAddr cap what one remote
	// address holds: a flood from one address leaves room for the others.
	MaxHandshakesPerAddr  = 8
	MaxConnectionsPerAddr = 32
	// MaxFuture is how far ahead of this device's clock a change may be
	// stamped and still be applied; later ones are held back.
	MaxFuture = 5 * time.Minute
	scanLimit = 20000
)

// handshakeListener completes the TLS handshake of each accepted connection
// before handing it to the HTTP server, with deadlines (HelloTimeout for the
// ClientHello, HandshakeTimeout for the whole) and caps on how many
// connections may be open and handshaking (see admission): a connection
// over one is closed at once.
type handshakeListener struct {
	net.Listener
	cfg    *tls.Config
	member func(netip.Addr) bool // whether an address is a team member's
	adm    admission
	ready  chan net.Conn
	done   chan struct{}
	once   sync.Once
	wg     sync.WaitGroup // the accept loop and the handshakes under way
	// log is limited: strangers cause its lines at will.
	log func(kind, format string, args ...any)
}

func newHandshakeListener(l net.Listener, cfg *tls.Config, member func(netip.Addr) bool, logf func(kind, format string, args ...any)) *handshakeListener {
	cfg = cfg.Clone()
	cfg.GetConfigForClient = func(hello *tls.ClientHelloInfo) (*tls.Config, error) {
		hello.Conn.SetReadDeadline(time.Time{}) // the ClientHello is in: HandshakeTimeout alone now
		return nil, nil
	}
	h := &handshakeListener{Listener: l, cfg: cfg, member: member, ready: make(chan net.Conn), done: make(chan struct{}), log: logf}
	h.wg.Add(1)
	go h.acceptLoop()
	return h
}

func (h *handshakeListener) acceptLoop() {
	defer h.wg.Done()
	var backoff time.Duration
	for {
		raw, err := h.Listener.Accept()
		if err != nil {
			if errors.Is(err, net.ErrClosed) {
				h.Close()
				return
			}
			// Out of file descriptors, or a connection reset before accept:
			// wait and carry on, as net/http does; never stop serving.
			backoff = min(max(2*backoff, 5*time.Millisecond), time.Second)
			h.log(logAccept, "accepting a connection: %v; retrying in %v", err, backoff)
			select {
			case <-time.After(backoff):
				continue
			case <-h.done:
				return
			}
		}
		backoff = 0
		ip := remoteIP(raw.RemoteAddr().String())
		p, refusal := h.adm.admit(ip, h.member(ip))
		if p == nil {
			h.log(logRefused, "refusing a connection from %s: %s", raw.RemoteAddr(), refusal)
			raw.Close()
			continue
		}
		raw = &countedConn{Conn: raw, release: p.leave}
		h.wg.Add(1) // under the accept loop's own count: never from zero
		go h.handshake(raw, p)
	}
}

// countedConn gives back its place among the open connections when closed.
type countedConn struct {
	net.Conn
	once    sync.Once
	release func()
}

func (c *countedConn) Close() error {
	err := c.Conn.Close()
	c.once.Do(c.release)
	return err
}

func (h *handshakeListener) handshake(raw net.Conn, p *place) {
	defer h.wg.Done()
	// A connection that sends a few bytes, or nothing, and stalls holds its
	// slot for HelloTimeout, not the whole HandshakeTimeout.
	raw.SetReadDeadline(time.Now().Add(HelloTimeout))
	conn := tls.Server(raw, h.cfg)
	ctx, cancel := context.WithTimeout(context.Background(), HandshakeTimeout)
	defer cancel()
	go func() { // closing the listener ends handshakes under way
		select {
		case <-h.done:
			cancel()
		case <-ctx.Done():
		}
	}()
	err := conn.HandshakeContext(ctx)
	p.handshook()
	if err != nil {
		h.log(logHandshakes, "handshake with %s failed: %v", raw.RemoteAddr(), err)
		raw.Close()
		return
	}
	select {
	case h.ready <- conn:
	case <-h.done:
		conn.Close()
	}
}

func (h *handshakeListener) Accept() (net.Conn, error) {
	select {
	case c := <-h.ready:
		return c, nil
	case <-h.done:
		return nil, net.ErrClosed
	}
}

func (h *handshakeListener) Close() error {
	h.once.Do(func() { close(h.done) })
	return h.Listener.Close()
}

// wait returns once the accept loop and every handshake have ended (after
// Close): none of them logs after the node is closed.
func (h *handshakeListener) wait() { h.wg.Wait() }

// unusedConns are a server's connections that no request has begun on yet
// (http.StateNew): a member's HTTP client opens one ahead and may never use
// it. Closing the node closes them (closeAll, on Shutdown): Shutdown would
// otherwise wait five seconds for each before taking it as idle, and the
// node's Close gives up after three.
type unusedConns struct {
	mu    sync.Mutex
	conns map[net.Conn]struct{}
}

func (u *unusedConns) track(c net.Conn, st http.ConnState) {
	u.mu.Lock()
	defer u.mu.Unlock()
	if st == http.StateNew {
		u.conns[c] = struct{}{}
	} else {
		delete(u.conns, c)
	}
}

func (u *unusedConns) count() int {
	u.mu.Lock()
	defer u.mu.Unlock()
	return len(u.conns)
}

func (u *unusedConns) closeAll() {
	u.mu.Lock()
	defer u.mu.Unlock()
	for c := range u.conns {
		c.Close()
	}
	clear(u.conns)
}

// serverTLS asks every client for a certificate (any, self-signed is the
// point: who it is decides what it may read, request by request).
func (n *Node) serverTLS() *tls.Config {
	return &tls.Config{
		Certificates: []tls.Certificate{n.id.Cert},
		ClientAuth:   tls.RequireAnyClientCert,
		MinVersion:   tls.VersionTLS13,
		NextProtos:   []string{alpn},
	}
}
