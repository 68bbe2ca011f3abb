package lan

import (
	"encoding/json"
	"net/netip"
	"slices"
	"sync"
	"sync/atomic"
	"time"
)

// addressBook is where this device may reach each teammate: where
// discovery sees it announce (through the Finder), where it called from
// this run (with the port it gave), where this device reached it before
// (peer/ in the LAN state, which nothing else reads or writes), and where
// its entry in a team says it listens.
//
// It also keeps, for admission, the set of IP addresses this device knows
// as its teammates': where a member says it listens, where this device
// reached it, and where it called from this run. Only current members of
// teams this device belongs to count, never this device itself. The set is
// built again after any of those change.
type addressBook struct {
	self  DeviceID
	key   []byte // this device's announce key: see recogniser
	teams *teamStore
	state State
	now   func() time.Time
	logf  func(format string, args ...any)

	gen atomic.Uint64 // moved by every change to what the member set is made of

	mu    sync.Mutex
	find  Finder
	heard map[DeviceID]*heard // this run
	set   map[netip.Addr]bool // the member set, as built at generation built
	built uint64
	ok    bool
}

// heard is what this run knows of a device that called.
type heard struct {
	addrs []string // where it listens, from the port it gave: newest first, at most 4
	last  time.Time
}

// peerRecord is what this device remembers of a paired peer.
type peerRecord struct {
	Addrs    []string  `json:"addrs"`
	LastSync time.Time `json:"lastSync"`
}

func newAddressBook(self DeviceID, key []byte, teams *teamStore, state State, now func() time.Time, logf func(string, ...any)) *addressBook {
	return &addressBook{self: self, key: key, teams: teams, state: state, now: now, logf: logf, heard: map[DeviceID]*heard{}}
}

// setFinder attaches discovery (or detaches it with nil).
func (b *addressBook) setFinder(f Finder) {
	b.mu.Lock()
	b.find = f
	b.mu.Unlock()
}

// finder is discovery, nil when there is none.
func (b *addressBook) finder() Finder {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.find
}

// changed marks the member address set out of date.
func (b *addressBook) changed() { b.gen.Add(1) }

// isMember reports whether ip is an address this device knows as a team
// member's.
func (b *addressBook) isMember(ip netip.Addr) bool {
	b.mu.Lock()
	defer b.mu.Unlock()
	if g := b.gen.Load(); !b.ok || b.built != g {
		b.set, b.built, b.ok = b.memberSetLocked(), g, true
	}
	return b.set[ip]
}

// memberSetLocked builds the member address set; b.mu must be held.
func (b *addressBook) memberSetLocked() map[netip.Addr]bool {
	set := map[netip.Addr]bool{}
	add := func(hostPorts []string) {
		for _, hp := range hostPorts {
			if ap, err := netip.ParseAddrPort(hp); err == nil {
				set[ap.Addr().Unmap()] = true
			}
		}
	}
	teams, err := b.teams.all()
	if err != nil {
		return set
	}
	members := map[DeviceID]bool{}
	for _, t := range teams {
		if !t.IsMember(b.self) {
			continue
		}
		for _, d := range t.ActiveMembers() {
			if d != b.self {
				members[d] = true
				add(t.Members[d].Addrs)
			}
		}
	}
	for d := range members {
		if rec, ok, _ := b.record(d); ok {
			add(rec.Addrs)
		}
	}
	for d, h := range b.heard {
		if members[d] {
			add(h.addrs)
		}
	}
	return set
}

// heardFrom notes that a device called, and where it listens (addrs: its
// remote address with the port it gave in Readyroom-Port, if it gave one;
// the remote port itself is ephemeral).
func (b *addressBook) heardFrom(dev DeviceID, addrs []string) {
	if len(addrs) == 0 {
		b.mu.Lock()
		b.heardLocked(dev).last = b.now()
		b.mu.Unlock()
		return
	}
	b.heardAt(dev, addrs[0])
}

// heardAt notes an address where a device listens (from the port it
// announced in a request).
func (b *addressBook) heardAt(dev DeviceID, addr string) {
	b.mu.Lock()
	defer b.mu.Unlock()
	h := b.heardLocked(dev)
	h.last = b.now()
	if !slices.Contains(h.addrs, addr) {
		h.addrs = append([]string{addr}, h.addrs...)
		if len(h.addrs) > 4 {
			h.addrs = h.addrs[:4]
		}
		b.changed()
	}
}

// heardLocked returns what this run heard of a device; b.mu must be held.
func (b *addressBook) heardLocked(dev DeviceID) *heard {
	h, ok := b.heard[dev]
	if !ok {
		h = &heard{}
		b.heard[dev] = h
	}
	return h
}

// lastHeard is where a device called from this run, and when it last did
// (zero if it has not).
func (b *addressBook) lastHeard(dev DeviceID) (addrs []string, last time.Time) {
	b.mu.Lock()
	defer b.mu.Unlock()
	if h, ok := b.heard[dev]; ok {
		return slices.Clone(h.addrs), h.last
	}
	return nil, time.Time{}
}

// record is what this device remembers of a peer.
func (b *addressBook) record(dev DeviceID) (peerRecord, bool, error) {
	return getJSON[peerRecord](b.state, prefixPeer+dev.String())
}

// addrsOf lists where to try a device: discovery first, then addresses it
// called from, then addresses that worked before, then those its team
// entries give. A source that cannot be read is logged and the others are
// tried.
func (b *addressBook) addrsOf(dev DeviceID) []string {
	out := b.sightedOf(dev)
	b.mu.Lock()
	if h, ok := b.heard[dev]; ok {
		out = append(out, h.addrs...)
	}
	b.mu.Unlock()
	rec, ok, err := b.record(dev)
	if err != nil {
		b.logf("reading where %s was reached before: %v", dev.Short(), err)
	}
	if ok {
		out = append(out, rec.Addrs...)
	}
	teams, err := b.teams.all()
	if err != nil {
		b.logf("reading the teams for where %s listens: %v", dev.Short(), err)
	}
	for _, t := range teams {
		out = append(out, t.Members[dev].Addrs...)
	}
	var uniq []string
	for _, a := range out {
		if !slices.Contains(uniq, a) {
			uniq = append(uniq, a)
		}
	}
	return uniq
}

// remember keeps an address where a device answered, first (and, when
// synced, the time of a sync).
func (b *addressBook) remember(dev DeviceID, addr string, synced bool) {
	err := b.state.Update(prefixPeer+dev.String(), func(old []byte) ([]byte, error) {
		var rec peerRecord
		if old != nil {
			if err := json.Unmarshal(old, &rec); err != nil {
				rec = peerRecord{}
			}
		}
		rec.Addrs = slices.DeleteFunc(rec.Addrs, func(a string) bool { return a == addr })
		rec.Addrs = append([]string{addr}, rec.Addrs...)
		if len(rec.Addrs) > 4 {
			rec.Addrs = rec.Addrs[:4]
		}
		if synced {
			rec.LastSync = b.now()
		}
		return json.Marshal(rec)
	})
	if err != nil {
		b.logf("remembering %s: %v", dev.Short(), err)
	}
	b.changed()
}

// sighted lists where discovery saw an announced id.
func (b *addressBook) sighted(id string) []string {
	if f := b.finder(); f != nil {
		if s, ok := f.Lookup(id); ok {
			return s.HostPorts()
		}
	}
	return nil
}

// sightedOf lists where discovery saw a device: the sightings of the ids
// it announces (see recogniser).
func (b *addressBook) sightedOf(dev DeviceID) []string {
	f := b.finder()
	if f == nil {
		return nil
	}
	r := b.recogniser()
	var out []string
	for _, s := range f.Sightings() {
		if slices.Contains(r.devices(s), dev) {
			out = append(out, s.HostPorts()...)
		}
	}
	return out
}

// recogniser tells which teammates announce the ids seen now.
func (b *addressBook) recogniser() *recogniser {
	teams, err := b.teams.all()
	if err != nil {
		teams = nil // this device's own ids are still recognised
	}
	return newRecogniser(b.now(), announceKeys(teams, b.self, b.key))
}
