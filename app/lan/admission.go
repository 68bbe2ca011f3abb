package lan

import (
	"fmt"
	"net/netip"
	"sync"
)

// Admission decides which accepted connections get a place. Anyone on the
// network can open connections at will, so no address may crowd out the
// others, and no stranger may crowd out a team member:
//
//   - at most MaxConnections open in all, of which connections from
//     addresses not known as members' (strangers') hold at most
//     MaxStrangerConnections: members always have room;
//   - at most MaxUnauthenticated strangers' connections handshaking at once,
//     and MaxMemberHandshakes members' besides: a member never waits behind
//     strangers;
//   - from any one address at most MaxHandshakesPerAddr handshaking and
//     MaxConnectionsPerAddr open.
//
// A connection over a limit is closed at once.
type admission struct {
	mu        sync.Mutex
	open      int    // connections open, handshaking or not
	strangers int    // of those, from strangers' addresses
	shaking   [2]int // handshaking: [0] strangers', [1] members'
	addrs     map[netip.Addr]*addrUse
}

// addrUse is what one remote address holds.
type addrUse struct{ open, shaking int }

// place is one admitted connection's share of the counts, given back in two
// steps: its handshake slot when the handshake ends, its place when it
// closes.
type place struct {
	a       *admission
	ip      netip.Addr
	member  bool
	shaking bool // under a.mu
	open    bool // under a.mu
}

// admit gives a connection from ip a place, or says why there is none.
func (a *admission) admit(ip netip.Addr, member bool) (*place, string) {
	a.mu.Lock()
	defer a.mu.Unlock()
	u := a.addrs[ip]
	if u == nil {
		u = &addrUse{}
	}
	class, kind, shakers := 0, "strangers'", MaxUnauthenticated
	if member {
		class, kind, shakers = 1, "members'", MaxMemberHandshakes
	}
	switch {
	case a.open >= MaxConnections:
		return nil, fmt.Sprintf("%d connections are open", MaxConnections)
	case !member && a.strangers >= MaxStrangerConnections:
		return nil, fmt.Sprintf("%d connections from addresses not known as members' are open", MaxStrangerConnections)
	case u.open >= MaxConnectionsPerAddr:
		return nil, fmt.Sprintf("%d connections from that address are open", MaxConnectionsPerAddr)
	case a.shaking[class] >= shakers:
		return nil, fmt.Sprintf("%d connections from %s addresses are handshaking", shakers, kind)
	case u.shaking >= MaxHandshakesPerAddr:
		return nil, fmt.Sprintf("%d connections from that address are handshaking", MaxHandshakesPerAddr)
	}
	if a.addrs == nil {
		a.addrs = map[netip.Addr]*addrUse{}
	}
	a.addrs[ip] = u
	u.open++
	u.shaking++
	a.open++
	a.shaking[class]++
	if !member {
		a.strangers++
	}
	return &place{a: a, ip: ip, member: member, shaking: true, open: true}, ""
}

// handshook gives back the handshake slot.
func (p *place) handshook() {
	p.a.mu.Lock()
	defer p.a.mu.Unlock()
	p.handshookLocked()
}

func (p *place) handshookLocked() {
	if !p.shaking {
		return
	}
	p.shaking = false
	p.a.addrs[p.ip].shaking--
	if p.member {
		p.a.shaking[1]--
	} else {
		p.a.shaking[0]--
	}
}

// leave gives back the place (and the handshake slot, if still held).
func (p *place) leave() {
	p.a.mu.Lock()
	defer p.a.mu.Unlock()
	p.handshookLocked()
	if !p.open {
		return
	}
	p.open = false
	p.a.open--
	if !p.member {
		p.a.strangers--
	}
	u := p.a.addrs[p.ip]
	if u.open--; u.open == 0 {
		delete(p.a.addrs, p.ip)
	}
}

// remoteIP is the address a connection comes from, given as host:port
// (IPv4 as such, not mapped into IPv6).
func remoteIP(hostPort string) netip.Addr {
	ap, err := netip.ParseAddrPort(hostPort)
	if err != nil {
		return netip.Addr{}
	}
	return ap.Addr().Unmap()
}
