package lan

import (
	"net"
	"net/netip"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/miekg/dns"

	"readyroom/readiness"
)

var (
	netHome   = netip.MustParsePrefix("192.168.1.0/24")
	netOffice = netip.MustParsePrefix("10.20.0.0/16")
)

// txtID is the id a responder for what the node announces first (its own
// id) answers a browse with, read from the TXT record.
func txtID(t *testing.T, n *Node, network netip.Prefix, at time.Time) string {
	t.Helper()
	ids := n.Announced(network, at)
	if len(ids) != 1 {
		t.Fatalf("announced %v with no invite open, want one id", ids)
	}
	r := &responder{port: 47474, ids: ids[:1], ips: []net.IP{net.IPv4(192, 168, 1, 20)}}
	m := r.response(ids[0], r.ips, []dns.Question{{Name: discoveryName, Qtype: dns.TypePTR, Qclass: dns.ClassINET}}, false)
	if m == nil {
		t.Fatal("no answer to a browse")
	}
	for _, rr := range append(m.Answer, m.Extra...) {
		if txt, ok := rr.(*dns.TXT); ok {
			if len(txt.Txt) != 2 || txt.Txt[0] != "v=1" || !strings.HasPrefix(txt.Txt[1], "id=") {
				t.Fatalf("TXT record %q", txt.Txt)
			}
			return strings.TrimPrefix(txt.Txt[1], "id=")
		}
	}
	t.Fatal("no TXT record in the answer to a browse")
	return ""
}

// The id a device announces changes with the network and with the hour, so
// a stranger cannot link two sightings; within one hour on one network it
// stays the same, and it is never the device id.
func TestAnnouncedIDChangesWithNetworkAndHour(t *testing.T) {
	ana, ben := newPeer(t, "Ana", manual), newPeer(t, "Ben", manual)
	hour := time.Date(2026, 12, 6, 14, 0, 0, 0, time.UTC)
	id := txtID(t, ana.node, netHome, hour)
	if !validShort(id) || id == ana.node.ID().Short() || strings.Contains(strings.ReplaceAll(ana.node.ID().String(), "-", ""), strings.ToUpper(id)) {
		t.Fatalf("announced %q for device %s", id, ana.node.ID())
	}
	same := []struct {
		name    string
		network netip.Prefix
		at      time.Time
	}{
		{"later in the hour", netHome, hour.Add(59*time.Minute + 59*time.Second)},
		{"the network written with a host's address", netip.MustParsePrefix("192.168.1.77/24"), hour.Add(time.Minute)},
	}
	for _, c := range same {
		if got := txtID(t, ana.node, c.network, c.at); got != id {
			t.Errorf("%s: announced %s, want %s as before", c.name, got, id)
		}
	}
	other := []struct {
		name    string
		network netip.Prefix
		at      time.Time
	}{
		{"another network", netOffice, hour},
		{"the same network, another prefix length", netip.MustParsePrefix("192.168.0.0/16"), hour},
		{"the next hour", netHome, hour.Add(time.Hour)},
		{"the hour before", netHome, hour.Add(-time.Second)},
		{"a day later", netHome, hour.Add(24 * time.Hour)},
	}
	seen := map[string]string{id: "the first"}
	for _, c := range other {
		got := txtID(t, ana.node, c.network, c.at)
		if prev, ok := seen[got]; ok {
			t.Errorf("%s: announced %s, as %s", c.name, got, prev)
		}
		seen[got] = c.name
	}
	if got := txtID(t, ben.node, netHome, hour); got == id {
		t.Error("two devices announce the same id")
	}
	// The announce key is kept: the same id after a restart.
	again, err := NewNode(Config{Identity: Identity{ID: ana.node.ID()}, Changes: ana.db.Peering(), State: ana.db.Peering(), Clock: readiness.NewClock(nil)})
	if err != nil {
		t.Fatal(err)
	}
	if got := txtID(t, again, netHome, hour); got != id {
		t.Errorf("after a restart: announced %s, want %s", got, id)
	}
}

// While an invite is open the inviter also announces the id it shows with
// the code; the id is the code's alone, and goes once the invite is used.
func TestAnnouncedIDsOfOpenInvites(t *testing.T) {
	ana, ben := newPeer(t, "Ana", manual), newPeer(t, "Ben", manual)
	team, _ := ana.node.CreateTeam("Payments squad")
	inv, err := ana.node.Invite(team.ID)
	if err != nil {
		t.Fatal(err)
	}
	now := time.Now()
	ids := ana.node.Announced(netHome, now)
	shown := ana.node.InviteToken(inv.Code)
	if len(ids) != 2 || ids[1] != shown || !validShort(shown) || shown == ids[0] {
		t.Fatalf("announced %v with one invite open showing %s", ids, shown)
	}
	if later := ana.node.Announced(netOffice, now.Add(InviteTTL-time.Second)); len(later) != 2 || later[1] != shown {
		t.Fatalf("the invite's id changed before it expired: %v", later)
	}
	if after := ana.node.Announced(netHome, now.Add(InviteTTL+time.Second)); len(after) != 1 {
		t.Fatalf("announced %v once the invite expired", after)
	}
	pair(t, ana, ben, team.ID) // with another code
	for range maxAnnouncedInvites + 2 {
		ana.node.Invite(team.ID)
	}
	if ids := ana.node.Announced(netHome, time.Now()); len(ids) != 1+maxAnnouncedInvites {
		t.Fatalf("announced %d ids with %d invites open, want %d", len(ids), maxAnnouncedInvites+3, 1+maxAnnouncedInvites)
	}
}

// A teammate maps the ids a member announces, on any network and rotated
// every hour, to the member; a stranger sees only an unpaired device.
func TestTeammateRecognisesRotatedIDs(t *testing.T) {
	ana, ben, cat := newPeer(t, "Ana", manual), newPeer(t, "Ben", manual), newPeer(t, "Cat", manual)
	teamOf(t, ana, ben)
	if err := ana.pullFrom(ben); err != nil { // Ben's entry, with his announce key
		t.Fatal(err)
	}
	now := time.Now()
	sighting := func(network netip.Prefix, at time.Time) Sighting {
		s := Sighting{Short: ben.node.Announced(network, at)[0], Network: network, Seen: now}
		s.withEndpoints([]netip.AddrPort{netip.MustParseAddrPort("10.99.0.7:47474")})
		return s
	}
	benView := func(st Status) (PeerView, []PeerView) {
		var b PeerView
		var strangers []PeerView
		for _, v := range st.Peers {
			switch {
			case v.Device == ben.node.ID().String():
				b = v
			case !v.Paired:
				strangers = append(strangers, v)
			}
		}
		return b, strangers
	}
	for _, c := range []struct {
		name     string
		s        Sighting
		teammate bool
	}{
		{"this hour, at home", sighting(netHome, now), true},
		{"this hour, at the office", sighting(netOffice, now), true},
		{"the hour before (rotated since)", sighting(netHome, now.Add(-time.Hour)), true},
		{"the hour after (a clock ahead)", sighting(netHome, now.Add(time.Hour)), true},
		{"two hours before", sighting(netHome, now.Add(-2*time.Hour)), false},
		{"heard on another network than it was made for", func() Sighting { s := sighting(netOffice, now); s.Network = netHome; return s }(), false},
	} {
		t.Run(c.name, func(t *testing.T) {
			ana.node.SetFinder(spoofFinder{sightings: []Sighting{c.s}})
			cat.node.SetFinder(spoofFinder{sightings: []Sighting{c.s}})
			got := slices.Contains(ana.node.book.addrsOf(ben.node.ID()), "10.99.0.7:47474")
			st, err := ana.node.Status()
			if err != nil {
				t.Fatal(err)
			}
			b, strangers := benView(st)
			if got != c.teammate || slices.Contains(b.Addrs, "10.99.0.7:47474") != c.teammate || (len(strangers) == 0) != c.teammate {
				t.Errorf("Ana took %s for Ben: %v (addresses to try %v; Ben %+v; unpaired %+v), want %v", c.s.Short, got, ana.node.book.addrsOf(ben.node.ID()), b, strangers, c.teammate)
			}
			// Cat was never paired with Ben: an unpaired device, no more.
			st, _ = cat.node.Status()
			if len(st.Peers) != 1 || st.Peers[0].Paired || st.Peers[0].Short != c.s.Short || st.Peers[0].Device != "" {
				t.Errorf("a stranger sees %+v", st.Peers)
			}
			if addrs := cat.node.book.addrsOf(ben.node.ID()); len(addrs) != 0 {
				t.Errorf("a stranger finds Ben at %v", addrs)
			}
		})
	}
	// Ana does not list herself, whatever network she is heard on.
	own := Sighting{Short: ana.node.Announced(netOffice, now)[0], Network: netOffice, Addrs: addrs("10.99.0.8"), Port: 47474, Seen: now}
	ana.node.SetFinder(spoofFinder{sightings: []Sighting{own}})
	if st, _ := ana.node.Status(); slices.ContainsFunc(st.Peers, func(v PeerView) bool { return v.Short == own.Short }) {
		t.Errorf("Ana lists her own announcement: %+v", st.Peers)
	}
}
