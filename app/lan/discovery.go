package lan

// Discovery on the LAN: our own mDNS responder (responder.go), and
// hashicorp/mdns's browser.
//
// Announced: for each id the configuration's Announce gives (this device's
// token for the network and the hour, and one per open invite: see
// announce.go), the service _readyroom._tcp in local., instance "rr-<id>",
// host "rr-<id>.local.", the TCP port of the sync server, the interface's
// addresses, and a TXT record of exactly two strings: "v=1" and "id=<id>".
// Each instance is answered in a reply of its own, so that each answer
// holds one instance (the library's browser keeps only the last instance
// of an answer). Never names, team names, record titles, secrets, or
// anything that stays the same from one network or hour to the next. The
// ids and addresses are looked at again every second, so a device that
// moves to another network announces another id at once.
//
// Browsing: hashicorp/mdns sends one PTR query per mdns.Query and then
// blocks for the whole timeout (by default 250 ms), so the browser queries
// in a loop: a second after it starts, then at intervals that double up
// to MaxInterval (RFC 6762 §5.2 asks queries to back off), back to the
// first interval whenever what it sees changes or the responder hears
// another device announce itself. Entries are read only after Query has
// returned: the library keeps writing to an entry after it has sent it on
// the channel. The library's own lines (one for every malformed packet a
// stranger sends) are limited to logBurst a minute.
//
// Every answer is checked before it becomes a Sighting (see sightingFrom);
// anything else is dropped with a debug log line. A Sighting is only a hint
// where a device announcing that id might be: nothing is trusted because it
// was announced, the TLS handshake decides who a peer is. Which teammate
// announced an id is for the node to tell (see recogniser): it depends on
// the sighting's network, which the sighting carries.

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"log"
	"net"
	"net/netip"
	"regexp"
	"slices"
	"strings"
	"sync"
	"time"

	"github.com/hashicorp/mdns"
)

// Discovery protocol constants and limits.
const (
	discoveryService = "_readyroom._tcp"
	discoveryDomain  = "local."
	discoveryVersion = "1"
	// discoveryName is the service's full name, "_readyroom._tcp.local.".
	discoveryName = discoveryService + "." + discoveryDomain

	// maxSightings caps the devices remembered at once, so a flood of
	// announcements cannot grow memory. At the cap, new ids are ignored
	// until old ones expire; devices already known keep being refreshed.
	maxSightings = 256
	// maxSightingAddrs caps the endpoints (address and port) kept for one
	// device.
	maxSightingAddrs = 8
	// maxTXTStrings and maxTXTBytes bound an acceptable TXT record. Ours
	// has two strings of 3 and 19 bytes; room is left for later versions
	// to add a key or two.
	maxTXTStrings = 8
	maxTXTBytes   = 512
	// maxAnnounced caps the ids announced at once (a reply each per query).
	maxAnnounced = 8
	// entryBuffer is the capacity of the channel given to mdns.Query. The
	// library drops entries when it is full, which bounds one query's work.
	entryBuffer = maxSightings
)

// Sighting is a device seen on the LAN. Discovery is only a hint: nothing is
// trusted because it was announced.
type Sighting struct {
	Short string // the announced id: 16 lowercase hex digits (see announce.go)
	// Network is the network the answer arrived on (this device's, on the
	// browsing interface; see lanNetwork): a token names one.
	Network netip.Prefix
	Addrs   []netip.Addr // addresses from the answers (IPv4 first)
	Port    int          // the port of the first endpoint: for display only, an impostor's may sort first
	// Endpoints are the address and port of every answer that carried the
	// id, sorted: anyone on the LAN can answer with any id, so an answer
	// with another port adds an endpoint and replaces none (the TLS
	// handshake tells the real one). A flood of impostors can still fill
	// the cap of maxSightingAddrs; a paired peer is then reached at the
	// addresses that worked before (addressBook.addrsOf).
	Endpoints []netip.AddrPort
	Seen      time.Time // last time it answered
}

// HostPorts are the sighting's endpoints, ready to dial.
func (s Sighting) HostPorts() []string {
	if len(s.Endpoints) == 0 { // a sighting made by hand (tests)
		out := make([]string, 0, len(s.Addrs))
		for _, a := range s.Addrs {
			out = append(out, hostPort(a.String(), s.Port))
		}
		return out
	}
	out := make([]string, 0, len(s.Endpoints))
	for _, e := range s.Endpoints {
		out = append(out, hostPort(e.Addr().String(), int(e.Port())))
	}
	return out
}

// withEndpoints sets Addrs and Port from endpoints: sorted, without
// duplicates, at most maxSightingAddrs.
func (s *Sighting) withEndpoints(eps []netip.AddrPort) {
	slices.SortFunc(eps, func(a, b netip.AddrPort) int { return a.Compare(b) })
	eps = slices.Compact(eps)
	eps = eps[:min(len(eps), maxSightingAddrs)]
	s.Endpoints = eps
	s.Addrs = s.Addrs[:0]
	for _, e := range eps {
		if !slices.Contains(s.Addrs, e.Addr()) {
			s.Addrs = append(s.Addrs, e.Addr())
		}
	}
	if len(eps) > 0 {
		s.Port = int(eps[0].Port())
	}
}

// DiscoveryConfig says where and what to announce, and how to browse.
type DiscoveryConfig struct {
	// Iface is the interface to announce and browse on: required (see
	// DefaultInterface); the library's defaults are never used.
	Iface string
	// Announce gives the ids to announce on the interface's network at a
	// time (16 lowercase hex digits each, at most maxAnnounced): see
	// Node.Announced. It is called at start and every round; the ids it
	// gives are also filtered out of the sightings. Required unless
	// BrowseOnly.
	Announce func(network netip.Prefix, now time.Time) []string
	// Port is the TCP port of this device's sync server (announced).
	// Required unless BrowseOnly.
	Port int
	// Addrs are the addresses to announce; default the interface's IPv4
	// addresses, and its global IPv6 ones when IPv6 is usable there, as
	// they are each round.
	Addrs []net.IP
	// Interval is the time between the starts of the first two browse
	// queries, and how often the announced ids and addresses are looked
	// at again; default 1s.
	Interval time.Duration
	// MaxInterval is the longest time between two browse queries, which
	// double from Interval; default 8s, and at most a third of Expire, so
	// that a device still there is seen again before it expires.
	MaxInterval time.Duration
	// QueryTimeout is how long each query listens for answers; default
	// 250ms. It is also the shortest time to a first sighting.
	QueryTimeout time.Duration
	// Expire drops a sighting not seen for this long; default 30s.
	Expire time.Duration
	// Logger receives the mdns library's lines and debug lines about
	// ignored answers (a few a second when a stranger sends bad answers):
	// a debug log, not the one a user reads. Default discards.
	Logger *log.Logger
	// OnChange is called from the discovery goroutine when the set of
	// sightings changes (a device added or removed, or its addresses or
	// port changed). It may call Sightings and Lookup, not Close, and
	// should return quickly: the next query waits for it.
	OnChange func()
	// BrowseOnly browses without announcing (a one-shot look around from
	// the command line, say); Port may then be empty, and the ids Announce
	// gives, if any, are only left out of the sightings.
	BrowseOnly bool
}

// Discovery announces this device and browses for others until Close.
// It is the Finder a Node asks where a device was last seen.
type Discovery struct {
	cfg     DiscoveryConfig
	log     *log.Logger // for our lines
	libLog  *log.Logger // for the library's, limited (see logLimiter)
	noV6Log *log.Logger // libLog for queries without IPv6 (see noV6Log)

	// Touched by StartDiscovery, then only by the browse goroutine, then
	// by Close once it has ended.
	resp   *responder // nil when browsing only, or until there is an address
	warned string     // the last announcing problem logged

	limit *logLimiter   // the lines anyone can cause: the library's, malformed packets
	heard chan struct{} // the responder heard another device announce itself

	cancel    context.CancelFunc
	done      chan struct{}
	closeOnce sync.Once

	mu   sync.Mutex
	seen sightingSet
}

var _ Finder = (*Discovery)(nil)

// StartDiscovery checks the configuration, starts answering queries for
// this device (unless BrowseOnly) and starts browsing.
func StartDiscovery(cfg DiscoveryConfig) (*Discovery, error) {
	if cfg.Iface == "" {
		return nil, errors.New("starting discovery: no network interface named (DefaultInterface picks one)")
	}
	if !cfg.BrowseOnly {
		if cfg.Announce == nil {
			return nil, errors.New("starting discovery: nothing to announce")
		}
		if cfg.Port < 1 || cfg.Port > 65535 {
			return nil, fmt.Errorf("starting discovery: port %d is not between 1 and 65535", cfg.Port)
		}
	}
	if cfg.Interval <= 0 {
		cfg.Interval = time.Second
	}
	if cfg.QueryTimeout <= 0 {
		cfg.QueryTimeout = 250 * time.Millisecond
	}
	if cfg.Expire <= 0 {
		cfg.Expire = 30 * time.Second
	}
	if cfg.Logger == nil {
		cfg.Logger = log.New(io.Discard, "", 0)
	}
	if cfg.MaxInterval <= 0 {
		cfg.MaxInterval = 8 * time.Second
	}
	cfg.MaxInterval = max(cfg.Interval, min(cfg.MaxInterval, cfg.Expire/3))
	for _, ip := range cfg.Addrs {
		if _, ok := usableAddr(ip, ""); !ok {
			return nil, fmt.Errorf("starting discovery: %v is not an address a peer could connect to", ip)
		}
	}

	ifi, err := multicastInterface(cfg.Iface)
	if err != nil {
		return nil, fmt.Errorf("starting discovery: %w", err)
	}
	d := &Discovery{cfg: cfg, done: make(chan struct{}), seen: sightingSet{max: maxSightings}, heard: make(chan struct{}, 1)}
	d.limit = newLogLimiter(func(line string) { cfg.Logger.Print(line) }, time.Now)
	d.log = cfg.Logger
	d.libLog = log.New(d.limit.writer(logMDNSLibrary), "", 0)
	d.noV6Log = log.New(noV6Log{d.libLog}, "", 0)
	if !cfg.BrowseOnly {
		if err := d.announce(ifi, time.Now()); err != nil {
			d.shutdown()
			return nil, fmt.Errorf("starting discovery: %w", err)
		}
	}

	ctx, cancel := context.WithCancel(context.Background())
	d.cancel = cancel
	go d.run(ctx)
	return d, nil
}

// announce makes the responder answer for the ids and addresses wanted
// now (it announces what is new and says goodbye to what is gone),
// starting it, or starting it again when the interface or its IPv6 has
// changed under it.
func (d *Discovery) announce(ifi *net.Interface, now time.Time) error {
	network, ok := lanNetwork(ifi)
	ips := d.cfg.Addrs
	if len(ips) == 0 {
		ips = announceAddrs(ifi)
	}
	if !ok || len(ips) == 0 {
		if d.resp != nil {
			d.resp.set(nil, nil) // goodbye: no address to be reached at
		}
		return fmt.Errorf("interface %s has no address to announce", ifi.Name)
	}
	var ids []string
	for _, id := range d.cfg.Announce(network, now) {
		if !validShort(id) {
			return fmt.Errorf("id %.40q is not 16 lowercase hex digits", id)
		}
		if !slices.Contains(ids, id) && len(ids) < maxAnnounced {
			ids = append(ids, id)
		}
	}
	if len(ids) == 0 {
		return errors.New("no id to announce")
	}
	v6 := ipv6Usable(ifi)
	if d.resp != nil && (d.resp.ifi.Index != ifi.Index || d.resp.v6 != v6) {
		// The interface was made again (a dongle, a VPN), or IPv6 came or
		// went: the sockets are for what was.
		d.shutdown()
	}
	if d.resp == nil {
		heard := func() {
			select {
			case d.heard <- struct{}{}:
			default:
			}
		}
		r, err := startResponder(ifi, d.cfg.Port, v6, d.limit, heard)
		if err != nil {
			return err
		}
		d.resp = r
	}
	d.resp.set(ids, ips)
	return nil
}

// shutdown says goodbye and stops the responder.
func (d *Discovery) shutdown() {
	if d.resp != nil {
		d.resp.close()
		d.resp = nil
	}
}

// own lists the ids this device announces (or, browsing only, would).
func (d *Discovery) own(network netip.Prefix, now time.Time) []string {
	if d.cfg.BrowseOnly {
		if d.cfg.Announce == nil {
			return nil
		}
		return d.cfg.Announce(network, now)
	}
	if d.resp == nil {
		return nil
	}
	return d.resp.announced()
}

// Sightings is a copy of the devices seen, sorted by id.
func (d *Discovery) Sightings() []Sighting {
	d.mu.Lock()
	defer d.mu.Unlock()
	return d.seen.list()
}

// Lookup is the sighting of one announced id, if it has been seen and has
// not expired.
func (d *Discovery) Lookup(short string) (Sighting, bool) {
	d.mu.Lock()
	defer d.mu.Unlock()
	s, ok := d.seen.m[short]
	if !ok {
		return Sighting{}, false
	}
	s.Addrs = slices.Clone(s.Addrs)
	return s, true
}

// Close stops announcing and browsing and waits for the browse goroutine
// (at most one query timeout). It must not be called from OnChange.
func (d *Discovery) Close() error {
	d.closeOnce.Do(func() {
		d.cancel()
		<-d.done
		d.shutdown()
		d.limit.flush(true)
	})
	return nil
}

// run looks at the announced ids every Interval and browses at backed-off
// intervals (see the package comment) until the context is cancelled.
func (d *Discovery) run(ctx context.Context) {
	defer close(d.done)
	tick := time.NewTicker(d.cfg.Interval)
	defer tick.Stop()
	wait := d.cfg.Interval
	var next, heardAt time.Time // the next browse (at once); the last wake-up heeded
	for {
		if !d.cfg.BrowseOnly {
			d.reannounce()
		}
		if now := time.Now(); !now.Before(next) {
			round := d.browseOnce(ctx)
			if ctx.Err() != nil {
				return
			}
			d.mu.Lock()
			changed := d.seen.update(time.Now(), round, d.cfg.Expire)
			dropped := d.seen.dropped
			d.mu.Unlock()
			if dropped > 0 {
				d.log.Printf("lan: discovery: at the limit of %d devices, ignored %d new ids", maxSightings, dropped)
			}
			if changed {
				if d.cfg.OnChange != nil {
					d.cfg.OnChange()
				}
				wait = d.cfg.Interval
			}
			// Ticks come every Interval: the next browse is at the tick
			// nearest its time, not the one after.
			next = now.Add(wait - d.cfg.Interval/2)
			wait = min(2*wait, d.cfg.MaxInterval)
		}
		d.limit.flush(false) // say what a minute over left out
	idle:
		for {
			select {
			case <-ctx.Done():
				return
			case <-tick.C:
				break idle
			case <-d.heard:
				// Browse at the next tick, and often again; at most once
				// a MaxInterval, so that a stranger announcing all the
				// time cannot keep the browser asking every second.
				if time.Since(heardAt) >= d.cfg.MaxInterval {
					heardAt, next, wait = time.Now(), time.Time{}, d.cfg.Interval
				}
			}
		}
	}
}

// reannounce brings the responders up to date (the network, the hour, the
// open invites, the addresses), logging a problem once until it changes.
func (d *Discovery) reannounce() {
	ifi, err := multicastInterface(d.cfg.Iface)
	if err == nil {
		err = d.announce(ifi, time.Now())
	}
	switch {
	case err != nil && err.Error() != d.warned:
		d.log.Printf("lan: discovery: announcing: %v", err)
		d.warned = err.Error()
	case err == nil:
		d.warned = ""
	}
}

// browseOnce sends one query and returns the valid answers to it, other
// than this device's own, merged by id.
func (d *Discovery) browseOnce(ctx context.Context) []Sighting {
	ifi, err := multicastInterface(d.cfg.Iface)
	if err != nil {
		d.log.Printf("lan: discovery: %v", err)
		return nil
	}
	entries := make(chan *mdns.ServiceEntry, entryBuffer)
	params := &mdns.QueryParam{
		Service:     discoveryService,
		Domain:      discoveryDomain,
		Timeout:     d.cfg.QueryTimeout,
		Interface:   ifi,
		Entries:     entries,
		DisableIPv6: !ipv6Usable(ifi),
		Logger:      d.libLog,
	}
	if params.DisableIPv6 {
		params.Logger = d.noV6Log
	}
	err = mdns.QueryContext(ctx, params)
	if err != nil && !params.DisableIPv6 && ctx.Err() == nil {
		// The library gives up on the whole query when the IPv6 send fails
		// (an address still being checked for duplicates, say): IPv4 alone
		// must still work.
		d.log.Printf("lan: discovery: query on %s with IPv6 failed (%v); retrying with IPv4 only", ifi.Name, err)
		entries = make(chan *mdns.ServiceEntry, entryBuffer)
		params.Entries, params.DisableIPv6, params.Logger = entries, true, d.noV6Log
		err = mdns.QueryContext(ctx, params)
	}
	if err != nil {
		if ctx.Err() == nil {
			d.log.Printf("lan: discovery: query on %s: %v", ifi.Name, err)
		}
		return nil
	}
	// Query has returned: the library no longer touches the entries.
	close(entries)
	network, _ := lanNetwork(ifi)
	now := time.Now()
	own := d.own(network, now)
	var round []Sighting
	for e := range entries {
		s, err := sightingFrom(e, now)
		if err != nil {
			// Anyone can send them: limited, reason by reason.
			d.limit.logf("ignored mDNS answers ("+quoted.ReplaceAllString(err.Error(), "…")+")", "lan: discovery: ignored an answer: %v", err)
			continue
		}
		if slices.Contains(own, s.Short) {
			continue
		}
		s.Network = network
		round = mergeSighting(round, s)
	}
	return round
}

// quoted is what an ignored answer's reason quotes of it, left out of the
// reason's kind for the log limit.
var quoted = regexp.MustCompile(`"(?:[^"\\]|\\.)*"|\d+`)

// noV6Log passes the mdns library's lines on to the configured logger, less
// one it writes for every query made with DisableIPv6: it reports the IPv6
// sockets it was told not to open as a failure.
type noV6Log struct{ to *log.Logger }

func (l noV6Log) Write(p []byte) (int, error) {
	if !bytes.Contains(p, []byte("Failed to listen to both unicast and multicast on IPv6")) {
		l.to.Print(string(p))
	}
	return len(p), nil
}

// sightingFrom checks one answer. It accepts only an instance of our
// service whose TXT record holds v=1 and id=<16 lowercase hex digits> (other
// keys are ignored and not kept), with a port and at least one address a
// peer could connect to. The error says why an answer was refused, quoting
// at most a few dozen bytes of what a stranger sent.
func sightingFrom(e *mdns.ServiceEntry, now time.Time) (Sighting, error) {
	if e == nil {
		return Sighting{}, errors.New("empty answer")
	}
	suffix := "." + discoveryName
	if len(e.Name) > 255 || len(e.Name) <= len(suffix) || !strings.EqualFold(e.Name[len(e.Name)-len(suffix):], suffix) {
		return Sighting{}, fmt.Errorf("%.40q is not a %s instance", e.Name, discoveryService)
	}
	if len(e.InfoFields) > maxTXTStrings {
		return Sighting{}, fmt.Errorf("%.40q: TXT record has %d strings (oversized)", e.Name, len(e.InfoFields))
	}
	total := 0
	for _, f := range e.InfoFields {
		total += len(f)
	}
	if total > maxTXTBytes {
		return Sighting{}, fmt.Errorf("%.40q: TXT record has %d bytes (oversized)", e.Name, total)
	}
	var version, id string
	var haveVersion, haveID bool
	for _, f := range e.InfoFields {
		key, value, _ := strings.Cut(f, "=")
		switch key {
		case "v":
			if haveVersion {
				return Sighting{}, fmt.Errorf("%.40q: TXT record has two versions", e.Name)
			}
			version, haveVersion = value, true
		case "id":
			if haveID {
				return Sighting{}, fmt.Errorf("%.40q: TXT record has two ids", e.Name)
			}
			id, haveID = value, true
		}
	}
	switch {
	case !haveVersion:
		return Sighting{}, fmt.Errorf("%.40q: TXT record has no version", e.Name)
	case version != discoveryVersion:
		return Sighting{}, fmt.Errorf("%.40q: version %.12q is not supported", e.Name, version)
	case !haveID:
		return Sighting{}, fmt.Errorf("%.40q: TXT record has no id", e.Name)
	case !validShort(id):
		return Sighting{}, fmt.Errorf("%.40q: id %.24q is not 16 lowercase hex digits", e.Name, id)
	}
	if e.Port < 1 || e.Port > 65535 {
		return Sighting{}, fmt.Errorf("%.40q: port %d is out of range", e.Name, e.Port)
	}
	var addrs []netip.Addr
	if a, ok := usableAddr(e.AddrV4, ""); ok {
		addrs = append(addrs, a)
	}
	if e.AddrV6IPAddr != nil {
		if a, ok := usableAddr(e.AddrV6IPAddr.IP, e.AddrV6IPAddr.Zone); ok {
			addrs = append(addrs, a)
		}
	} else if a, ok := usableAddr(e.AddrV6, ""); ok {
		addrs = append(addrs, a)
	}
	if len(addrs) == 0 {
		return Sighting{}, fmt.Errorf("%.40q: no usable address", e.Name)
	}
	s := Sighting{Short: id, Seen: now}
	eps := make([]netip.AddrPort, 0, len(addrs))
	for _, a := range addrs {
		eps = append(eps, netip.AddrPortFrom(a, uint16(e.Port)))
	}
	s.withEndpoints(eps)
	return s, nil
}

// usableAddr converts an announced address, refusing those no peer should
// be dialled at: unspecified, loopback, multicast, broadcast, and IPv6
// link-local without a zone.
func usableAddr(ip net.IP, zone string) (netip.Addr, bool) {
	a, ok := netip.AddrFromSlice(ip)
	if !ok {
		return netip.Addr{}, false
	}
	a = a.Unmap()
	if a.IsUnspecified() || a.IsLoopback() || a.IsMulticast() || a == netip.AddrFrom4([4]byte{255, 255, 255, 255}) {
		return netip.Addr{}, false
	}
	if a.Is6() && a.IsLinkLocalUnicast() {
		if zone == "" {
			return netip.Addr{}, false
		}
		a = a.WithZone(zone)
	}
	return a, true
}

// mergeSighting adds s to the round, joining the endpoints of answers that
// carry the same id, in an order that does not depend on theirs.
func mergeSighting(round []Sighting, s Sighting) []Sighting {
	for i := range round {
		if round[i].Short != s.Short {
			continue
		}
		eps := append(endpointsOf(round[i]), endpointsOf(s)...)
		round[i].Addrs = slices.Clone(round[i].Addrs)
		round[i].withEndpoints(eps)
		return round
	}
	return append(round, s)
}

// endpointsOf is a sighting's endpoints, made from its addresses and port
// when it has none (a sighting made by hand).
func endpointsOf(s Sighting) []netip.AddrPort {
	if len(s.Endpoints) > 0 {
		return slices.Clone(s.Endpoints)
	}
	eps := make([]netip.AddrPort, 0, len(s.Addrs))
	for _, a := range s.Addrs {
		eps = append(eps, netip.AddrPortFrom(a, uint16(s.Port)))
	}
	return eps
}

// sightingSet is what the browser remembers: at most max devices.
type sightingSet struct {
	m       map[string]Sighting
	max     int
	dropped int // new ids ignored by the last update because of max
}

// update records one round of answers at now and forgets devices not seen
// for expire. It reports whether the set changed in a way OnChange
// announces.
func (s *sightingSet) update(now time.Time, round []Sighting, expire time.Duration) bool {
	if s.m == nil {
		s.m = make(map[string]Sighting)
	}
	changed := false
	s.dropped = 0
	for _, r := range round {
		old, ok := s.m[r.Short]
		switch {
		case ok:
			if old.Port != r.Port || old.Network != r.Network || !slices.Equal(old.Addrs, r.Addrs) || !slices.Equal(old.Endpoints, r.Endpoints) {
				changed = true
			}
		case len(s.m) >= s.max:
			s.dropped++
			continue
		default:
			changed = true
		}
		r.Seen = now
		s.m[r.Short] = r
	}
	for k, v := range s.m {
		if now.Sub(v.Seen) > expire {
			delete(s.m, k)
			changed = true
		}
	}
	return changed
}

// list copies the set, sorted by id.
func (s *sightingSet) list() []Sighting {
	out := make([]Sighting, 0, len(s.m))
	for _, v := range s.m {
		v.Addrs, v.Endpoints = slices.Clone(v.Addrs), slices.Clone(v.Endpoints)
		out = append(out, v)
	}
	slices.SortFunc(out, func(a, b Sighting) int { return strings.Compare(a.Short, b.Short) })
	return out
}

// validShort reports whether s is 16 lowercase hex digits: the form of an
// announced id (and of DeviceID.Short, what an older Ready Room announces).
func validShort(s string) bool {
	if len(s) != 16 {
		return false
	}
	for i := 0; i < len(s); i++ {
		c := s[i]
		if (c < '0' || c > '9') && (c < 'a' || c > 'f') {
			return false
		}
	}
	return true
}

// DefaultInterface is the first interface that is up, not loopback,
// multicast-capable and has an IPv4 address.
func DefaultInterface() (string, error) {
	ifs, err := net.Interfaces()
	if err != nil {
		return "", fmt.Errorf("listing network interfaces: %w", err)
	}
	for _, ifi := range ifs {
		if ifi.Flags&net.FlagUp == 0 || ifi.Flags&net.FlagLoopback != 0 || ifi.Flags&net.FlagMulticast == 0 {
			continue
		}
		if len(ipv4Addrs(&ifi)) > 0 {
			return ifi.Name, nil
		}
	}
	return "", errors.New("no network interface is up with multicast and an IPv4 address: connect to a network, or name an interface")
}

// multicastInterface looks up an interface that discovery can use.
func multicastInterface(name string) (*net.Interface, error) {
	ifi, err := net.InterfaceByName(name)
	if err != nil {
		return nil, fmt.Errorf("finding network interface %q: %w", name, err)
	}
	switch {
	case ifi.Flags&net.FlagUp == 0:
		return nil, fmt.Errorf("network interface %s is down", name)
	case ifi.Flags&net.FlagLoopback != 0:
		return nil, fmt.Errorf("network interface %s is the loopback interface", name)
	case ifi.Flags&net.FlagMulticast == 0:
		return nil, fmt.Errorf("network interface %s does not support multicast", name)
	}
	return ifi, nil
}

// interfaceIPs lists an interface's addresses (nil when they cannot be read).
func interfaceIPs(ifi *net.Interface) []net.IP {
	addrs, err := ifi.Addrs()
	if err != nil {
		return nil
	}
	var ips []net.IP
	for _, a := range addrs {
		if n, ok := a.(*net.IPNet); ok {
			ips = append(ips, n.IP)
		}
	}
	return ips
}

// ipv4Addrs lists an interface's IPv4 addresses.
func ipv4Addrs(ifi *net.Interface) []net.IP {
	var out []net.IP
	for _, ip := range interfaceIPs(ifi) {
		if v4 := ip.To4(); v4 != nil && !v4.IsLoopback() {
			out = append(out, v4)
		}
	}
	return out
}

// ipv6Usable reports whether mDNS over IPv6 can work on the interface: it
// needs an IPv6 address there (a link-local one is enough to reach
// ff02::fb). Where it is disabled there is none.
func ipv6Usable(ifi *net.Interface) bool {
	for _, ip := range interfaceIPs(ifi) {
		if ip.To4() == nil && ip.To16() != nil && !ip.IsLoopback() {
			return true
		}
	}
	return false
}

// announceAddrs are the default addresses to announce: the interface's
// IPv4 addresses, then its IPv6 addresses other than link-local ones (a
// link-local address means nothing to a peer without a zone).
func announceAddrs(ifi *net.Interface) []net.IP {
	ips := ipv4Addrs(ifi)
	for _, ip := range interfaceIPs(ifi) {
		if ip.To4() == nil && ip.IsGlobalUnicast() {
			ips = append(ips, ip)
		}
	}
	return ips
}
