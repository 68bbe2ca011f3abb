package lan

import (
	"cmp"
	"context"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"log"
	"net"
	"net/http"
	"slices"
	"strings"
	"sync"
	"time"

	"github.com/oklog/ulid/v2"

	"readyroom/readiness"
)

// Finder answers where a device was last seen on the LAN: the discovery
// service, or nothing in tests that pair by address.
type Finder interface {
	Lookup(short string) (Sighting, bool)
	Sightings() []Sighting
}

// Event kinds sent to Config.OnEvent.
const (
	EventPeers   = "peers"   // sightings or sync state changed
	EventTeams   = "teams"   // teams, members, invites or sharing changed
	EventRecords = "records" // changes pulled from a peer were applied
)

// Event tells the app that something it shows has changed.
type Event struct {
	Kind    string
	Records []readiness.RecordID
}

// Config builds a Node.
type Config struct {
	Identity Identity
	// Changes is the record database's change log; State is the LAN's own
	// key-value state (teams, invites, cursors, ...). The app provides both.
	Changes ChangeLog
	State   State
	// Clock stamps team state; share it with the record maker so that it
	// moves past every stamp pulled from peers.
	Clock *readiness.Clock
	// Name is this device's display name, given to teams it joins.
	Name func() string
	Now  func() time.Time
	// PullInterval is how often each peer is pulled from without a poke;
	// 15 s when zero.
	PullInterval time.Duration
	Logger       *log.Logger
	OnEvent      func(Event)
	// ReadOnly builds a node that writes nothing when made (the database is
	// open for reading only): without an announce key yet, it uses one it
	// does not keep.
	ReadOnly bool
}

// Node is this device on the LAN: it serves its teams' changes to members,
// pulls theirs, pairs devices with invite codes and keeps teams. Without
// Start it still manages teams and invites (the command line uses it so
// when no instance is running).
type Node struct {
	id       Identity
	changes  ChangeLog
	state    State
	clock    *readiness.Clock
	name     func() string
	now      func() time.Time
	interval time.Duration
	logger   *log.Logger
	limited  *logLimiter // for lines strangers can cause
	onEvent  func(Event)

	// announceKey makes the ids this device announces (see announce.go);
	// teammates learn it from its member entry.
	announceKey []byte

	// wrap, set by tests before Start, wraps the HTTP handler (a server's
	// handler must not change while it serves).
	wrap func(http.Handler) http.Handler

	// The parts, each the one owner of its state (see the package doc).
	teams    *teamStore
	book     *addressBook
	clients  *peerClients
	puller   *puller
	invites  *invites
	handlers *handlers

	mu     sync.Mutex
	srv    *http.Server
	hl     *handshakeListener
	unused *unusedConns
	ml     *multiListener // when listening on an interface (StartOn)
	addr   net.Addr
	cancel context.CancelFunc
	wg     sync.WaitGroup // the server, the loops and follow
}

// NewNode builds a node; nothing touches the network until Start.
func NewNode(cfg Config) (*Node, error) {
	if cfg.Changes == nil || cfg.State == nil || cfg.Clock == nil {
		return nil, errors.New("lan: a node needs a change log, a state and a clock")
	}
	n := &Node{id: cfg.Identity, changes: cfg.Changes, state: cfg.State, clock: cfg.Clock, name: cfg.Name, now: cfg.Now,
		interval: cfg.PullInterval, logger: cfg.Logger, onEvent: cfg.OnEvent}
	if n.name == nil {
		n.name = func() string { return "Ready Room " + n.id.ID.Short()[:4] }
	}
	if n.now == nil {
		n.now = time.Now
	}
	if n.interval == 0 {
		n.interval = 15 * time.Second
	}
	if n.logger == nil {
		n.logger = log.New(io.Discard, "", 0)
	}
	n.limited = newLogLimiter(func(line string) { n.logger.Print("lan: " + line) }, time.Now)
	n.clients = newPeerClients(n.id.Cert, n.Port)
	n.teams = newTeamStore(n.state, func() { n.book.changed() })
	var err error
	if n.invites, err = newInvites(n.state, n.now, n.logf, n.emit); err != nil {
		return nil, err
	}
	if err := n.loadAnnounceKey(cfg.ReadOnly); err != nil {
		return nil, err
	}
	n.book = newAddressBook(n.id.ID, n.announceKey, n.teams, n.state, n.now, n.logf)
	n.puller = &puller{self: n.id.ID, teams: n.teams, book: n.book, clients: n.clients, changes: n.changes,
		clock: n.clock, now: n.now, logf: n.logf, emit: n.emit, advertise: n.advertise, peers: map[DeviceID]*syncState{}}
	n.handlers = &handlers{self: n.id.ID, teams: n.teams, book: n.book, puller: n.puller, invites: n.invites, changes: n.changes,
		clock: n.clock, name: n.name, now: n.now, logf: n.logf, logLimited: n.logLimited, emit: n.emit,
		state: n.state, joins: newAddrBuckets(JoinRate, JoinBurst, maxJoinAddrs)}
	return n, nil
}

// SetPullInterval changes how often each peer is pulled from without a poke;
// call it before Start.
func (n *Node) SetPullInterval(d time.Duration) {
	if d > 0 {
		n.interval = d
	}
}

// ID is this device's id.
func (n *Node) ID() DeviceID { return n.id.ID }

func (n *Node) logf(format string, args ...any) { n.logger.Printf("lan: "+format, args...) }

// logLimited logs a line of a kind anyone on the network can cause at
// will: the first few of each kind a minute, then how many more there were.
func (n *Node) logLimited(kind, format string, args ...any) { n.limited.logf(kind, format, args...) }

func (n *Node) emit(e Event) {
	if n.onEvent != nil {
		n.onEvent(e)
	}
}

// SetFinder attaches discovery (or detaches it with nil).
func (n *Node) SetFinder(f Finder) {
	n.book.setFinder(f)
	n.emit(Event{Kind: EventPeers})
}

// Start listens on addr (host:port; port 0 picks one) and starts pulling
// from paired peers. It returns once the listener is up.
func (n *Node) Start(addr string) error {
	l, err := net.Listen("tcp", addr)
	if err != nil {
		return fmt.Errorf("listening for peers on %s: %w", addr, err)
	}
	n.serve(l, nil)
	return nil
}

// StartOn listens on the addresses of a network interface (those it
// announces) and on loopback, at one port (0 picks one), and starts pulling
// from paired peers. Until Close it follows the interface's addresses as
// they change. It returns once the listeners are up.
func (n *Node) StartOn(iface string, port int) error {
	ml, err := listenOn(listenAddrs(iface), port)
	if err != nil {
		return err
	}
	n.serve(ml, func(ctx context.Context) { n.follow(ctx, iface, ml) })
	return nil
}

// follow keeps listening on the interface's addresses as they change, and
// tells the teams where this device listens now.
func (n *Node) follow(ctx context.Context, iface string, ml *multiListener) {
	t := time.NewTicker(listenFollow)
	defer t.Stop()
	for {
		select {
		case <-ctx.Done():
			return
		case <-t.C:
		}
		changed, failures := ml.set(listenAddrs(iface))
		for _, f := range failures {
			n.logf("listening for peers: %s (tried again every %v)", f, listenFollow)
		}
		if changed {
			n.logf("listening for peers on %v", ml.addrs())
			n.advertise()
			n.emit(Event{Kind: EventPeers})
		}
	}
}

// serve serves peers on l and starts the node's loops (and also, if not
// nil, run) until Close.
func (n *Node) serve(l net.Listener, run func(context.Context)) {
	ctx, cancel := context.WithCancel(context.Background())
	hl := newHandshakeListener(l, n.serverTLS(), n.book.isMember, n.logLimited)
	handler := n.handlers.mux()
	if n.wrap != nil {
		handler = n.wrap(handler)
	}
	srv := &http.Server{
		Handler:           handler,
		MaxHeaderBytes:    MaxHeaderBytes,
		ReadHeaderTimeout: HandshakeTimeout,
		ReadTimeout:       30 * time.Second,
		WriteTimeout:      60 * time.Second,
		IdleTimeout:       60 * time.Second,
		ErrorLog:          log.New(n.limited.writer(logHTTP), "", 0),
		BaseContext:       func(net.Listener) context.Context { return ctx },
	}
	unused := &unusedConns{conns: map[net.Conn]struct{}{}}
	srv.ConnState = unused.track
	srv.RegisterOnShutdown(unused.closeAll)
	ml, _ := l.(*multiListener)
	n.mu.Lock()
	n.srv, n.hl, n.unused, n.ml, n.addr, n.cancel = srv, hl, unused, ml, l.Addr(), cancel
	n.mu.Unlock()
	n.puller.start(ctx)
	if run != nil {
		n.wg.Add(1)
		go func() {
			defer n.wg.Done()
			run(ctx)
		}()
	}
	n.wg.Add(3)
	go func() {
		defer n.wg.Done()
		n.invites.saveTriesLoop(ctx)
	}()
	go func() {
		defer n.wg.Done()
		if err := srv.Serve(hl); err != nil && !errors.Is(err, http.ErrServerClosed) {
			n.logf("serving peers: %v", err)
		}
	}()
	go func() {
		defer n.wg.Done()
		n.loop(ctx)
	}()
	n.advertise()
}

// selfAddrs are the addresses this device listens on, as teammates should
// dial them: those of the interface it listens on, the listening IP, or
// every up, non-loopback IPv4 address when listening on all of them.
func (n *Node) selfAddrs() []string {
	n.mu.Lock()
	ml := n.ml
	n.mu.Unlock()
	if ml != nil {
		var out []string
		for _, ap := range ml.addrs() {
			if hp := ap.String(); !ap.Addr().IsLoopback() && localAddress(hp) && len(out) < MaxMemberAddrs {
				out = append(out, hp)
			}
		}
		return out
	}
	a, ok := n.Addr().(*net.TCPAddr)
	if !ok {
		return nil
	}
	if !a.IP.IsUnspecified() {
		if !localAddress(a.String()) {
			return nil
		}
		return []string{a.String()}
	}
	var out []string
	ifs, _ := net.Interfaces()
	for _, ifi := range ifs {
		if ifi.Flags&net.FlagUp == 0 || ifi.Flags&net.FlagLoopback != 0 {
			continue
		}
		addrs, _ := ifi.Addrs()
		for _, ad := range addrs {
			if ipn, ok := ad.(*net.IPNet); ok && ipn.IP.To4() != nil && len(out) < MaxMemberAddrs {
				if hp := hostPort(ipn.IP.String(), a.Port); localAddress(hp) {
					out = append(out, hp)
				}
			}
		}
	}
	return out
}

// advertise writes this device's addresses and announce key into its entry
// in every team it belongs to, when they changed (or someone else wrote
// them), so members that cannot discover it on the network can still reach
// it, and members that can recognise the ids it announces.
func (n *Node) advertise() {
	addrs := n.selfAddrs()
	key := hex.EncodeToString(n.announceKey)
	teams, err := n.teams.all()
	if err != nil {
		return
	}
	for _, t := range teams {
		m, ok := t.Members[n.id.ID]
		if !ok || m.Removed || ((len(addrs) == 0 || slices.Equal(m.Addrs, addrs)) && m.Announce == key) {
			continue
		}
		if len(addrs) > 0 {
			m.Addrs = addrs
		}
		m.Announce, m.Stamp = key, n.clock.Now()
		upd := t.Patch()
		upd.Members = map[DeviceID]Member{n.id.ID: m}
		if _, _, err := n.teams.merge(upd); err != nil {
			n.logf("advertising addresses in %s: %v", t.Name, err)
		}
	}
}

// Addr is where the node listens (the first of an interface's addresses,
// with StartOn), nil before Start.
func (n *Node) Addr() net.Addr {
	n.mu.Lock()
	defer n.mu.Unlock()
	if n.ml != nil {
		return n.ml.Addr()
	}
	return n.addr
}

// Port is the TCP port the node listens on, 0 before Start.
func (n *Node) Port() int {
	if a, ok := n.Addr().(*net.TCPAddr); ok {
		return a.Port
	}
	return 0
}

// Close stops serving and pulling and waits for both.
func (n *Node) Close() error {
	n.mu.Lock()
	srv, hl, cancel := n.srv, n.hl, n.cancel
	if cancel != nil {
		cancel()
	}
	n.mu.Unlock()
	if srv == nil {
		return nil
	}
	n.puller.stop() // no pull or poke starts after this
	ctx, done := context.WithTimeout(context.Background(), 3*time.Second)
	defer done()
	err := srv.Shutdown(ctx)
	hl.Close() // Shutdown closes it too, unless Serve had not begun
	hl.wait()
	n.wg.Wait()
	n.puller.wait()
	n.invites.saveTries() // those counted since the last save, by joins now ended
	n.limited.flush(true)
	n.clients.closeAllIdle()
	return err
}

// loop pulls from every paired peer on an interval and releases held
// changes whose time has come.
func (n *Node) loop(ctx context.Context) {
	t := time.NewTicker(n.interval)
	defer t.Stop()
	n.puller.releaseHeld()
	n.puller.scheduleAll()
	for {
		select {
		case <-ctx.Done():
			return
		case <-t.C:
			n.puller.releaseHeld()
			n.puller.scheduleAll()
			n.limited.flush(false)
		}
	}
}

// SyncNow pulls from every paired peer now.
func (n *Node) SyncNow() { n.puller.scheduleAll() }

// CreateTeam starts a team with this device as its only member.
func (n *Node) CreateTeam(name string) (Team, error) {
	t, err := NewTeam(TeamID(ulid.Make().String()), name, n.id.ID, n.name(), n.clock.Now())
	if err != nil {
		return t, err
	}
	t, _, err = n.teams.merge(t)
	if err != nil {
		return t, err
	}
	n.advertise()
	n.emit(Event{Kind: EventTeams})
	return n.Team(t.ID)
}

// Team returns one team this device belongs to.
func (n *Node) Team(id TeamID) (Team, error) {
	t, err := n.teams.load(id)
	if err != nil {
		return t, err
	}
	if !t.IsMember(n.id.ID) && !t.IsRemoved(n.id.ID) {
		return Team{}, ErrNotFound
	}
	return t, nil
}

// Teams lists the teams this device belongs to or was removed from, by name.
func (n *Node) Teams() ([]Team, error) {
	all, err := n.teams.all()
	if err != nil {
		return nil, err
	}
	all = slices.DeleteFunc(all, func(t Team) bool { return !t.IsMember(n.id.ID) && !t.IsRemoved(n.id.ID) })
	slices.SortFunc(all, func(a, b Team) int {
		return cmp.Or(strings.Compare(a.Name, b.Name), strings.Compare(string(a.ID), string(b.ID)))
	})
	return all, nil
}

// Invite makes a one-time invite code for a team, valid for InviteTTL.
func (n *Node) Invite(team TeamID) (Invite, error) {
	t, err := n.Team(team)
	if err != nil {
		return Invite{}, err
	}
	if !t.IsMember(n.id.ID) {
		return Invite{}, ErrRemoved
	}
	inv, err := n.invites.create(team)
	if err != nil {
		return Invite{}, err
	}
	n.emit(Event{Kind: EventTeams})
	return inv, nil
}

// Invites lists a team's invites that can still be used.
func (n *Node) Invites(team TeamID) ([]Invite, error) {
	all, err := n.invites.usable(n.now())
	var out []Invite
	for _, inv := range all {
		if inv.Team == team {
			out = append(out, inv)
		}
	}
	return out, err
}

// RemoveMember removes a device from a team. Every member that learns of it
// stops syncing with that device; the removal is final for that device id.
func (n *Node) RemoveMember(team TeamID, dev DeviceID) (Team, error) {
	t, err := n.Team(team)
	if err != nil {
		return t, err
	}
	m, ok := t.Members[dev]
	if !ok {
		return t, fmt.Errorf("device %s is not a member of %s", dev.Short(), t.Name)
	}
	if dev == n.id.ID {
		return t, errors.New("a device cannot remove itself; ask a teammate to remove it")
	}
	m.Removed, m.Stamp, m.By = true, n.clock.Now(), n.name()
	upd := t.Patch()
	upd.Members = map[DeviceID]Member{dev: m}
	t, _, err = n.teams.merge(upd)
	if err != nil {
		return t, err
	}
	n.clients.closeIdle(dev)
	n.emit(Event{Kind: EventTeams})
	n.puller.pokeTeam(t)
	return t, nil
}

// Share shares a record with a team (or stops sharing it: its copies stay
// with members, but new changes no longer flow).
func (n *Node) Share(rec readiness.RecordID, team TeamID, shared bool) (Team, error) {
	t, err := n.Team(team)
	if err != nil {
		return t, err
	}
	if !t.IsMember(n.id.ID) {
		return t, ErrRemoved
	}
	if !n.changes.HasRecord(rec) {
		return t, fmt.Errorf("record %s: %w", rec, readiness.ErrNotFound)
	}
	// The grant first: from now on this device sends the record to the team
	// (or, unsharing, no longer does, whatever other members write later).
	if err := n.teams.grant(team, rec, shared); err != nil {
		return t, err
	}
	if shared {
		// Its earlier changes lie before every cursor: members pulling from
		// this device read their index again, and this device reads theirs.
		if err := n.teams.bumpEpoch(team); err != nil {
			return t, err
		}
		if err := n.teams.forgetCursors(team); err != nil {
			return t, err
		}
	}
	upd := t.Patch()
	upd.Records = map[readiness.RecordID]Sharing{rec: {Shared: shared, Stamp: n.clock.Now(), By: n.name()}}
	t, _, err = n.teams.merge(upd)
	if err != nil {
		return t, err
	}
	n.emit(Event{Kind: EventTeams})
	n.puller.pokeTeam(t)
	return t, nil
}

// RecordsChanged tells peers sharing these records that there is something
// to pull.
func (n *Node) RecordsChanged(ids ...readiness.RecordID) {
	teams, err := n.teams.all()
	if err != nil {
		return
	}
	for _, t := range teams {
		if !t.IsMember(n.id.ID) {
			continue
		}
		if slices.ContainsFunc(ids, t.Shares) {
			n.puller.pokeTeam(t)
		}
	}
}
