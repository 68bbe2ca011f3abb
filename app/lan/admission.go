package lan

import (
	"fmt"
	"net/netip"
	"sync"
	"sync/atomic"
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

// addrBook is the set of IP addresses this device knows as its teammates':
// where a member says it listens (its entry in the team), where this device
// reached it, and where it called from this run. Only current members of
// teams this device belongs to count, never this device itself. The set is
// built again after any of those change.
type addrBook struct {
	gen   atomic.Uint64 // moved by every change to what the set is made of
	mu    sync.Mutex
	built uint64
	ok    bool
	set   map[netip.Addr]bool
}

// addrsChanged marks the member address set out of date.
func (n *Node) addrsChanged() { n.book.gen.Add(1) }

// memberAddr reports whether ip is an address this device knows as a team
// member's.
func (n *Node) memberAddr(ip netip.Addr) bool {
	b := &n.book
	b.mu.Lock()
	defer b.mu.Unlock()
	if g := b.gen.Load(); !b.ok || b.built != g {
		b.set, b.built, b.ok = n.memberAddrs(), g, true
	}
	return b.set[ip]
}

func (n *Node) memberAddrs() map[netip.Addr]bool {
	set := map[netip.Addr]bool{}
	add := func(hostPorts []string) {
		for _, hp := range hostPorts {
			if ap, err := netip.ParseAddrPort(hp); err == nil {
				set[ap.Addr().Unmap()] = true
			}
		}
	}
	teams, err := n.teams.all()
	if err != nil {
		return set
	}
	members := map[DeviceID]bool{}
	for _, t := range teams {
		if !t.IsMember(n.id.ID) {
			continue
		}
		for _, d := range t.ActiveMembers() {
			if d != n.id.ID {
				members[d] = true
				add(t.Members[d].Addrs)
			}
		}
	}
	for d := range members {
		if rec, ok, _ := getJSON[peerRecord](n.state, prefixPeer+d.String()); ok {
			add(rec.Addrs)
		}
	}
	n.mu.Lock()
	for d, ps := range n.peers {
		if members[d] {
			add(ps.seenAddrs)
		}
	}
	n.mu.Unlock()
	return set
}
