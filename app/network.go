package app

import (
	"context"
	"errors"
	"fmt"
	"log"
	"os"
	"slices"
	"strings"
	"sync"
	"time"

	"readyroom/app/lan"
	"readyroom/app/store"
	"readyroom/readiness"
)

// NetworkOptions choose how this device appears on the LAN.
type NetworkOptions struct {
	// Listen is where peers connect (host:port), exactly: ":47474" is every
	// interface. When empty, peers connect on the addresses of the
	// discovery interface and on loopback, at DefaultPort (a free port if
	// that is taken); with discovery off, on those of the interface it
	// would use; with no interface to use, on every one (DefaultListen).
	Listen string
	// Iface is the interface for mDNS discovery: a name, "" for the first
	// suitable one, or "off" for none (peers are then reached by address).
	Iface string
	// Logger receives LAN diagnostics; stderr when nil.
	Logger *log.Logger
	// PullInterval is how often each peer is pulled from without a poke;
	// 15 s when zero.
	PullInterval time.Duration
}

// DefaultPort is the port Ready Room listens on for teammates.
const DefaultPort = 47474

// DefaultListen is where Ready Room listens when it has no interface to
// listen on: every interface, at DefaultPort.
const DefaultListen = ":47474"

// Network is this device on the LAN: its node (teams, pairing, sync), its
// discovery, and the hooks that keep the Records service's caches and the
// window up to date when changes arrive from a peer.
type Network struct {
	records *Records
	node    *lan.Node
	logger  *log.Logger

	unsubscribe func()

	mu        sync.Mutex
	disc      *lan.Discovery
	discErr   string
	onEvent   func(lan.Event)
	listening bool
}

// NewNetwork loads this install's identity and builds its node without
// touching the network (the command line uses it so when no instance runs).
func NewNetwork(records *Records, dataDir string, logger *log.Logger) (*Network, error) {
	load := lan.LoadOrCreateIdentity
	if records.db.ReadOnly() {
		load = lan.LoadIdentity // a reading command writes nothing
	}
	id, err := load(dataDir, records.db.Peering())
	if err != nil {
		return nil, err
	}
	if logger == nil {
		logger = log.New(os.Stderr, "readyroom: ", log.LstdFlags)
	}
	n := &Network{records: records, logger: logger}
	n.node, err = lan.NewNode(lan.Config{
		Identity: id,
		Changes:  records.db.Peering(),
		State:    records.db.Peering(),
		Clock:    records.maker.Clock,
		Name:     records.Author,
		Logger:   logger,
		OnEvent:  n.event,
		ReadOnly: records.db.ReadOnly(),
	})
	if err != nil {
		return nil, err
	}
	// This device's own edits poke the teammates that share their records;
	// changes pulled from a peer do not (that peer has them).
	n.unsubscribe = records.db.Subscribe(func(c store.Commit) {
		if !c.FromPeer {
			n.node.RecordsChanged(c.Records...)
		}
	})
	return n, nil
}

// OnEvent sets who hears about LAN events (the window).
func (n *Network) OnEvent(fn func(lan.Event)) {
	n.mu.Lock()
	n.onEvent = fn
	n.mu.Unlock()
}

func (n *Network) event(e lan.Event) {
	n.mu.Lock()
	fn := n.onEvent
	n.mu.Unlock()
	if fn != nil {
		fn(e)
	}
}

// Start listens for peers and starts discovery and sync.
func (n *Network) Start(opt NetworkOptions) error {
	n.node.SetPullInterval(opt.PullInterval)
	// The interface to announce on, and to listen on unless told otherwise:
	// the one named, else the first suitable one (also with discovery off).
	iface, ifaceErr := opt.Iface, error(nil)
	if iface == "" || iface == "off" {
		iface, ifaceErr = lan.DefaultInterface()
	}
	var err error
	switch {
	case opt.Listen != "":
		err = n.node.Start(opt.Listen)
	case ifaceErr == nil:
		if err = n.node.StartOn(iface, DefaultPort); err != nil {
			n.logger.Printf("%v; using a free port instead", err)
			err = n.node.StartOn(iface, 0)
		}
	default: // nothing to announce on: every interface, as the user may type any address
		if err = n.node.Start(DefaultListen); err != nil {
			n.logger.Printf("%v; using a free port instead", err)
			err = n.node.Start(":0")
		}
	}
	if err != nil {
		return err
	}
	n.mu.Lock()
	n.listening = true
	n.mu.Unlock()
	if opt.Iface == "off" {
		return nil
	}
	if ifaceErr != nil {
		n.noteDiscovery(fmt.Sprintf("Discovery is off: %v. Teammates can still pair by address.", ifaceErr))
		return nil
	}
	d, err := lan.StartDiscovery(lan.DiscoveryConfig{
		Iface: iface, Announce: n.node.Announced, Port: n.node.Port(), Logger: n.logger,
		OnChange: func() { n.event(lan.Event{Kind: lan.EventPeers}); n.node.SyncNow() },
	})
	if err != nil {
		if opt.Iface != "" {
			n.node.Close()
			return fmt.Errorf("discovery on %s: %w", iface, err)
		}
		n.noteDiscovery(fmt.Sprintf("Discovery is off: %v. Teammates can still pair by address.", err))
		return nil
	}
	n.mu.Lock()
	n.disc = d
	n.mu.Unlock()
	n.node.SetFinder(d)
	return nil
}

func (n *Network) noteDiscovery(msg string) {
	n.logger.Print(msg)
	n.mu.Lock()
	n.discErr = msg
	n.mu.Unlock()
}

// Close stops discovery and the node.
func (n *Network) Close() {
	if n.unsubscribe != nil {
		n.unsubscribe()
	}
	n.mu.Lock()
	d := n.disc
	n.disc = nil
	n.mu.Unlock()
	if d != nil {
		n.node.SetFinder(nil)
		d.Close()
	}
	n.node.Close()
}

// Node is the LAN node.
func (n *Network) Node() *lan.Node { return n.node }

// The LAN reaches the database through the interfaces it owns.
var (
	_ lan.ChangeLog = store.Peering{}
	_ lan.State     = store.Peering{}
)

// TeamView is a team as the window shows it.
type TeamView struct {
	ID      string           `json:"id"`
	Name    string           `json:"name"`
	Member  bool             `json:"member"` // false once this device was removed
	Members []lan.MemberView `json:"members"`
	Records []SharedRecord   `json:"records"`
	Invites []InviteView     `json:"invites"`
}

// SharedRecord is a record shared with a team.
type SharedRecord struct {
	ID    string `json:"id"`
	Title string `json:"title"`
	By    string `json:"by"`
}

// InviteView is an invite code to read out to a teammate.
type InviteView struct {
	Code    string    `json:"code"`
	Team    string    `json:"team"`
	Expires time.Time `json:"expires"`
	Tries   int       `json:"tries"`
	// Device is the id this device announces on the LAN while the invite
	// is open: the one the joiner chooses (team join --device).
	Device string `json:"device"`
}

// teamView builds the window's view of a team.
func (n *Network) teamView(t lan.Team) (TeamView, error) {
	v := TeamView{ID: string(t.ID), Name: t.Name, Member: t.IsMember(n.node.ID()), Records: []SharedRecord{}, Invites: []InviteView{}}
	var err error
	if v.Members, err = n.node.Members(t.ID); err != nil {
		return v, err
	}
	for _, id := range t.SharedRecords() {
		sr := SharedRecord{ID: string(id), By: t.Records[id].By}
		if d, err := n.records.db.Doc(id); err == nil {
			sr.Title = d.Record.Title
		}
		v.Records = append(v.Records, sr)
	}
	invs, err := n.node.Invites(t.ID)
	if err != nil {
		return v, err
	}
	for _, inv := range invs {
		v.Invites = append(v.Invites, InviteView{Code: inv.Code.String(), Device: n.node.InviteToken(inv.Code), Team: string(inv.Team), Expires: inv.Expires, Tries: inv.Tries})
	}
	return v, nil
}

// Teams lists this device's teams.
func (n *Network) Teams() ([]TeamView, error) {
	ts, err := n.node.Teams()
	if err != nil {
		return nil, err
	}
	out := []TeamView{}
	for _, t := range ts {
		v, err := n.teamView(t)
		if err != nil {
			return nil, err
		}
		out = append(out, v)
	}
	return out, nil
}

// CreateTeam starts a team.
func (n *Network) CreateTeam(name string) (TeamView, error) {
	t, err := n.node.CreateTeam(name)
	if err != nil {
		return TeamView{}, err
	}
	return n.teamView(t)
}

// Invite makes a one-time code for a team.
func (n *Network) Invite(team string) (InviteView, error) {
	id, err := n.resolveTeam(team)
	if err != nil {
		return InviteView{}, err
	}
	inv, err := n.node.Invite(id)
	if err != nil {
		return InviteView{}, err
	}
	return InviteView{Code: inv.Code.String(), Device: n.node.InviteToken(inv.Code), Team: string(inv.Team), Expires: inv.Expires}, nil
}

// Join pairs with an inviter, chosen from the devices seen (device) or by
// address (addr), with the code it shows.
func (n *Network) Join(device, addr, code string) (TeamView, error) {
	c, err := lan.ParseInviteCode(code)
	if err != nil {
		return TeamView{}, err
	}
	var target lan.JoinTarget
	switch {
	case strings.TrimSpace(addr) != "":
		target.Addr = strings.TrimSpace(addr)
	case strings.TrimSpace(device) != "":
		if target.Device, err = lan.ParseDeviceID(device); err != nil {
			short := strings.ToLower(strings.TrimSpace(device))
			if !lan.ValidShort(short) {
				return TeamView{}, fmt.Errorf("device %q: give the 16-digit id the inviting device shows with its code, or its device id (ABCD-EFGH-…)", device)
			}
			target.Short = short
		}
	default:
		return TeamView{}, errors.New("choose the inviting device, or type its address")
	}
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	t, err := n.node.Join(ctx, target, c)
	if err != nil {
		return TeamView{}, err
	}
	return n.teamView(t)
}

// RemoveMember removes a device from a team.
func (n *Network) RemoveMember(team, device string) (TeamView, error) {
	id, err := n.resolveTeam(team)
	if err != nil {
		return TeamView{}, err
	}
	d, err := lan.ParseDeviceID(device)
	if err != nil {
		return TeamView{}, err
	}
	t, err := n.node.RemoveMember(id, d)
	if err != nil {
		return TeamView{}, err
	}
	return n.teamView(t)
}

// Share shares a record with a team, or stops sharing it.
func (n *Network) Share(record, team string, shared bool) (TeamView, error) {
	rid, err := readiness.ParseRecordID(record)
	if err != nil {
		return TeamView{}, err
	}
	tid, err := n.resolveTeam(team)
	if err != nil {
		return TeamView{}, err
	}
	t, err := n.node.Share(rid, tid, shared)
	if err != nil {
		return TeamView{}, err
	}
	return n.teamView(t)
}

// Status is this device on the LAN with every peer seen or paired.
func (n *Network) Status() (NetworkStatus, error) {
	st, err := n.node.Status()
	n.mu.Lock()
	note := n.discErr
	n.mu.Unlock()
	return NetworkStatus{Device: st.Device, Short: st.Short, Name: st.Name, Listening: st.Listening,
		Addrs: st.Addrs, Discovery: st.Discovery, Held: st.Held, Peers: st.Peers, DiscoveryNote: note}, err
}

// NetworkStatus is this device on the LAN for the peers screen: the node's
// status and why discovery is off, if it is. (Fields are listed, not
// embedded, so that Wails generates every type the window uses.)
type NetworkStatus struct {
	Device    string `json:"device"`
	Short     string `json:"short"`
	Name      string `json:"name"`
	Listening string `json:"listening"`
	// Addrs are the concrete addresses teammates can type to reach this device.
	Addrs         []string       `json:"addrs"`
	Discovery     bool           `json:"discovery"`
	Held          int            `json:"held"`
	Peers         []lan.PeerView `json:"peers"`
	DiscoveryNote string         `json:"discoveryNote"`
}

// RecordTeams lists the teams a record could be shared with and whether it is.
func (n *Network) RecordTeams(record string) ([]RecordTeam, error) {
	rid, err := readiness.ParseRecordID(record)
	if err != nil {
		return nil, err
	}
	ts, err := n.node.Teams()
	if err != nil {
		return nil, err
	}
	out := []RecordTeam{}
	for _, t := range ts {
		if t.IsMember(n.node.ID()) {
			out = append(out, RecordTeam{ID: string(t.ID), Name: t.Name, Shared: t.Shares(rid), Members: len(t.ActiveMembers())})
		}
	}
	return out, nil
}

// TemplateTeams lists the teams a template can be shared with, and
// whether it is (a team shares every version of it, so that its members'
// new records can use it).
func (n *Network) TemplateTeams(template string) ([]RecordTeam, error) {
	ts, err := n.node.Teams()
	if err != nil {
		return nil, err
	}
	out := []RecordTeam{}
	for _, t := range ts {
		if !t.IsMember(n.node.ID()) {
			continue
		}
		ids, err := n.node.SharedTemplates(t.ID)
		if err != nil {
			return nil, err
		}
		out = append(out, RecordTeam{ID: string(t.ID), Name: t.Name, Shared: slices.Contains(ids, template), Members: len(t.ActiveMembers())})
	}
	return out, nil
}

// ShareTemplate shares every version of one of the organisation's
// templates with a team, or stops.
func (n *Network) ShareTemplate(template, team string, shared bool) error {
	tid, err := n.resolveTeam(team)
	if err != nil {
		return err
	}
	_, err = n.node.ShareTemplate(template, tid, shared)
	return err
}

// RecordTeam is one team in a record's sharing menu.
type RecordTeam struct {
	ID      string `json:"id"`
	Name    string `json:"name"`
	Shared  bool   `json:"shared"`
	Members int    `json:"members"`
}

// teamByID returns one team's view.
func (n *Network) teamByID(team string) (TeamView, error) {
	id, err := n.resolveTeam(team)
	if err != nil {
		return TeamView{}, err
	}
	t, err := n.node.Team(id)
	if err != nil {
		return TeamView{}, err
	}
	return n.teamView(t)
}

// resolveTeam accepts a team id, or the exact name (any case) of one team
// this device belongs to, as people type it on the command line.
func (n *Network) resolveTeam(s string) (lan.TeamID, error) {
	if id, err := lan.ParseTeamID(s); err == nil {
		return id, nil
	}
	ts, err := n.node.Teams()
	if err != nil {
		return "", err
	}
	var found []lan.TeamID
	for _, t := range ts {
		if strings.EqualFold(t.Name, strings.TrimSpace(s)) {
			found = append(found, t.ID)
		}
	}
	switch len(found) {
	case 1:
		return found[0], nil
	case 0:
		return "", fmt.Errorf("team %q: not a team id, and no team of yours has that name", s)
	}
	return "", fmt.Errorf("team %q: %d of your teams have that name; give the team id", s, len(found))
}
