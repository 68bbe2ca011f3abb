package lan

// Listening on one interface. By default a device listens for teammates on
// the addresses of the interface it announces on, and on loopback, not on
// every interface: a network it does not announce on does not reach it.
// The interface's addresses are looked at again every listenFollow, so a
// device whose address changes (a laptop that moves) is reachable at the
// new one.

import (
	"errors"
	"fmt"
	"net"
	"net/netip"
	"slices"
	"strconv"
	"sync"
	"time"
)

// listenFollow is how often the interface's addresses are looked at again.
const listenFollow = 2 * time.Second

// loopbacks are listened on besides the interface's addresses (::1 where
// the system has IPv6).
var loopbacks = []netip.Addr{netip.MustParseAddr("127.0.0.1"), netip.MustParseAddr("::1")}

// listenAddrs are the addresses to listen on for an interface: those it
// announces (its IPv4 addresses and global IPv6 ones), then loopback. An
// interface that is gone or down gives loopback alone.
func listenAddrs(iface string) []netip.Addr {
	var out []netip.Addr
	if ifi, err := net.InterfaceByName(iface); err == nil && ifi.Flags&net.FlagUp != 0 {
		for _, ip := range announceAddrs(ifi) {
			if a, ok := netip.AddrFromSlice(ip); ok && !slices.Contains(out, a.Unmap()) {
				out = append(out, a.Unmap())
			}
		}
	}
	return append(out, loopbacks...)
}

// multiListener accepts connections on several addresses at one port, and
// changes the addresses as it is told (set). It is the net.Listener under
// the handshake listener; Accept ends with net.ErrClosed only when it is
// closed.
type multiListener struct {
	port  int
	conns chan accepted
	done  chan struct{}
	once  sync.Once

	mu     sync.Mutex
	ls     map[netip.Addr]net.Listener
	failed map[netip.Addr]string // the last failure to listen there, logged once
}

type accepted struct {
	c   net.Conn
	err error
}

// listenOn listens on every address in ips at port, 0 for a free one (the
// same on every address). An address where that port is taken is an error
// (the caller may try another port); an address that cannot be listened on
// at all (an IPv6 address still being checked, ::1 without IPv6) is left
// out, and tried again by set. At least one address must work.
func listenOn(ips []netip.Addr, port int) (*multiListener, error) {
	for range 5 { // a free port the first address got may be taken on another
		m := &multiListener{port: port, conns: make(chan accepted), done: make(chan struct{}),
			ls: map[netip.Addr]net.Listener{}, failed: map[netip.Addr]string{}}
		var inUse error
		for _, ip := range ips {
			if err := m.listen(ip); err != nil && portTaken(ip) {
				inUse = err
				break
			}
		}
		switch {
		case inUse != nil && port == 0:
			m.Close()
			continue
		case inUse != nil:
			m.Close()
			return nil, fmt.Errorf("listening for peers: %w", inUse)
		case len(m.ls) == 0:
			m.Close()
			return nil, fmt.Errorf("listening for peers on %v port %d: no address could be listened on", ips, port)
		}
		return m, nil
	}
	return nil, errors.New("listening for peers: no port was free on every address")
}

// portTaken tells, after listening at a port on ip failed, whether it
// failed because the port is taken there: another port on ip works.
func portTaken(ip netip.Addr) bool {
	l, err := net.Listen("tcp", net.JoinHostPort(ip.String(), "0"))
	if err != nil {
		return false
	}
	l.Close()
	return true
}

// listen starts listening on one address (at m.port, choosing it when 0).
func (m *multiListener) listen(ip netip.Addr) error {
	m.mu.Lock()
	defer m.mu.Unlock()
	if _, ok := m.ls[ip]; ok {
		return nil
	}
	l, err := net.Listen("tcp", net.JoinHostPort(ip.String(), strconv.Itoa(m.port)))
	if err != nil {
		m.failed[ip] = err.Error()
		return err
	}
	delete(m.failed, ip)
	if m.port == 0 {
		m.port = l.Addr().(*net.TCPAddr).Port
	}
	m.ls[ip] = l
	go m.accept(l)
	return nil
}

// accept hands on what one listener accepts until it is closed. An error
// waits until Accept has taken it (and the handshake listener has backed
// off), so a listener that keeps failing does not spin.
func (m *multiListener) accept(l net.Listener) {
	for {
		c, err := l.Accept()
		if errors.Is(err, net.ErrClosed) {
			return
		}
		select {
		case m.conns <- accepted{c, err}:
		case <-m.done:
			if c != nil {
				c.Close()
			}
			return
		}
	}
}

// set makes the listened addresses ips: new ones are listened on, those no
// longer given are closed (connections they accepted stay). It reports
// whether the set changed, and the failures to listen not reported before.
func (m *multiListener) set(ips []netip.Addr) (changed bool, failures []string) {
	m.mu.Lock()
	var gone []net.Listener
	for ip, l := range m.ls {
		if !slices.Contains(ips, ip) {
			gone = append(gone, l)
			delete(m.ls, ip)
			changed = true
		}
	}
	for ip := range m.failed {
		if !slices.Contains(ips, ip) {
			delete(m.failed, ip)
		}
	}
	before := map[netip.Addr]string{}
	for ip, f := range m.failed {
		before[ip] = f
	}
	m.mu.Unlock()
	for _, l := range gone {
		l.Close()
	}
	for _, ip := range ips {
		m.mu.Lock()
		_, had := m.ls[ip]
		m.mu.Unlock()
		if had {
			continue
		}
		if err := m.listen(ip); err != nil {
			if before[ip] != err.Error() && !slices.Contains(loopbacks, ip) {
				failures = append(failures, err.Error())
			}
			continue
		}
		changed = true
	}
	return changed, failures
}

// Accept returns the next connection any address accepted.
func (m *multiListener) Accept() (net.Conn, error) {
	select {
	case a := <-m.conns:
		return a.c, a.err
	case <-m.done:
		return nil, net.ErrClosed
	}
}

// Close stops listening everywhere.
func (m *multiListener) Close() error {
	m.once.Do(func() { close(m.done) })
	m.mu.Lock()
	ls := m.ls
	m.ls = map[netip.Addr]net.Listener{}
	m.mu.Unlock()
	for _, l := range ls {
		l.Close()
	}
	return nil
}

// addrs are the addresses listened on, with the port, sorted: the
// interface's first, loopback last.
func (m *multiListener) addrs() []netip.AddrPort {
	m.mu.Lock()
	defer m.mu.Unlock()
	out := make([]netip.AddrPort, 0, len(m.ls))
	for ip := range m.ls {
		out = append(out, netip.AddrPortFrom(ip, uint16(m.port)))
	}
	slices.SortFunc(out, func(a, b netip.AddrPort) int {
		if la, lb := a.Addr().IsLoopback(), b.Addr().IsLoopback(); la != lb {
			if la {
				return 1
			}
			return -1
		}
		return a.Compare(b)
	})
	return out
}

// Addr is the first address listened on (an interface's before loopback).
func (m *multiListener) Addr() net.Addr {
	if as := m.addrs(); len(as) > 0 {
		return net.TCPAddrFromAddrPort(as[0])
	}
	return &net.TCPAddr{Port: m.port}
}
