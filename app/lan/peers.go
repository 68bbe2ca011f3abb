package lan

import (
	"slices"
	"strings"
	"time"
)

// PeerView is one device as the peers panel and `readyroom peers --json`
// show it. Names and teams appear only for paired devices: a device merely
// seen on the network is known by the id it announces alone.
type PeerView struct {
	Device string `json:"device"` // grouped id; empty for an unpaired sighting
	// Short is a paired device's short device id (the first 16 hex digits
	// of its id), or the id an unpaired one announces (which changes with
	// the network and the hour; see app/lan/announce.go).
	Short  string   `json:"short"`
	Name   string   `json:"name,omitempty"`
	Paired bool     `json:"paired"`
	Teams  []string `json:"teams"`
	Addrs  []string `json:"addrs"`
	// Online is set when discovery sees it now, or it was in contact in the
	// last two minutes (a call either way).
	Online   bool       `json:"online"`
	LastSeen *time.Time `json:"lastSeen" ts_type:"string | null"`
	LastSync *time.Time `json:"lastSync" ts_type:"string | null"`
	Syncing  bool       `json:"syncing"`
	Error    string     `json:"error,omitempty"`
	Pulled   int        `json:"pulled"` // changes applied from it since start
}

// Status is this device's LAN state for the peers panel.
type Status struct {
	Device    string     `json:"device"`
	Short     string     `json:"short"`
	Name      string     `json:"name"`
	Listening string     `json:"listening"` // host:port, empty when not serving
	Addrs     []string   `json:"addrs"`     // concrete addresses teammates can type
	Discovery bool       `json:"discovery"` // browsing the network
	Held      int        `json:"held"`      // changes held back as stamped in the future
	Peers     []PeerView `json:"peers"`
}

// Status reports this device and every device seen or paired.
func (n *Node) Status() (Status, error) {
	st := Status{Device: n.id.ID.String(), Short: n.id.ID.Short(), Name: n.name(), Peers: []PeerView{}, Addrs: []string{}}
	if a := n.Addr(); a != nil {
		st.Listening = a.String()
		st.Addrs = append(st.Addrs, n.selfAddrs()...)
	}
	teams, err := n.Teams()
	if err != nil {
		return st, err
	}
	views := map[DeviceID]*PeerView{}
	for _, t := range teams {
		if !t.IsMember(n.id.ID) {
			continue
		}
		for _, d := range t.ActiveMembers() {
			if d == n.id.ID {
				continue
			}
			v, ok := views[d]
			if !ok {
				v = &PeerView{Device: d.String(), Short: d.Short(), Paired: true, Name: t.Members[d].Name, Teams: []string{}, Addrs: []string{}}
				views[d] = v
			}
			v.Teams = append(v.Teams, t.Name)
		}
	}
	f := n.book.finder()
	st.Discovery = f != nil
	for d, v := range views {
		addrs, last := n.book.lastHeard(d)
		v.LastSeen = timePtr(last)
		v.Addrs = append(v.Addrs, addrs...)
	}
	st.Held = n.puller.heldNow()
	for d, v := range views {
		ps := n.puller.syncOf(d)
		v.LastSync = timePtr(ps.lastSync)
		v.Syncing = ps.syncing
		v.Error = ps.lastErr
		v.Pulled = ps.pulled
	}
	for d, v := range views {
		if rec, ok, _ := n.book.record(d); ok {
			if v.LastSync == nil {
				v.LastSync = timePtr(rec.LastSync)
			}
			for _, a := range rec.Addrs {
				if !slices.Contains(v.Addrs, a) {
					v.Addrs = append(v.Addrs, a)
				}
			}
		}
	}
	var unpaired []PeerView
	if f != nil {
		r := n.book.recogniser()
		for _, s := range f.Sightings() {
			devs := r.devices(s)
			if slices.Contains(devs, n.id.ID) {
				continue
			}
			addrs := s.HostPorts()
			seen := s.Seen
			matched := false
			for _, d := range devs {
				v, ok := views[d]
				if !ok {
					continue // a member of no team this device is in now
				}
				matched = true
				v.Online = true
				if v.LastSeen == nil || v.LastSeen.Before(seen) {
					v.LastSeen = &seen
				}
				for _, a := range addrs {
					if !slices.Contains(v.Addrs, a) {
						v.Addrs = append([]string{a}, v.Addrs...)
					}
				}
			}
			if !matched {
				unpaired = append(unpaired, PeerView{Short: s.Short, Addrs: addrs, Online: true, LastSeen: &seen, Teams: []string{}})
			}
		}
	}
	for _, v := range views {
		slices.Sort(v.Teams)
		if v.LastSeen != nil && n.now().Sub(*v.LastSeen) < 2*time.Minute {
			v.Online = true
		}
		st.Peers = append(st.Peers, *v)
	}
	slices.SortFunc(st.Peers, func(a, b PeerView) int { return strings.Compare(a.Name+a.Short, b.Name+b.Short) })
	slices.SortFunc(unpaired, func(a, b PeerView) int { return strings.Compare(a.Short, b.Short) })
	st.Peers = append(st.Peers, unpaired...)
	return st, nil
}

func timePtr(t time.Time) *time.Time {
	if t.IsZero() {
		return nil
	}
	return &t
}

// MemberView is one member of a team for `team members --json` and the UI.
type MemberView struct {
	Device  string `json:"device"`
	Short   string `json:"short"`
	Name    string `json:"name"`
	Removed bool   `json:"removed"`
	Self    bool   `json:"self"`
	Since   string `json:"since"` // when the entry was last written
	By      string `json:"by"`
}

// Members lists a team's members, current first.
func (n *Node) Members(team TeamID) ([]MemberView, error) {
	t, err := n.Team(team)
	if err != nil {
		return nil, err
	}
	var out []MemberView
	for d, m := range t.Members {
		out = append(out, MemberView{Device: d.String(), Short: d.Short(), Name: m.Name, Removed: m.Removed,
			Self: d == n.id.ID, Since: m.Stamp.Time().Format(time.RFC3339), By: m.By})
	}
	slices.SortFunc(out, func(a, b MemberView) int {
		if a.Removed != b.Removed {
			if a.Removed {
				return 1
			}
			return -1
		}
		return strings.Compare(a.Name+a.Device, b.Name+b.Device)
	})
	return out, nil
}
