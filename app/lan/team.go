package lan

import (
	"cmp"
	"fmt"
	"net/netip"
	"slices"
	"strings"
	"time"

	"readyroom/readiness"
)

// TeamID names a team: a ULID, like a record id.
type TeamID string

// ParseTeamID accepts a ULID in either case and returns it upper-cased.
func ParseTeamID(s string) (TeamID, error) {
	id, err := readiness.ParseRecordID(s)
	if err != nil {
		return "", fmt.Errorf("team id %q is not a 26-character ULID", s)
	}
	return TeamID(id), nil
}

// UnmarshalText checks the spelling of a team id arriving in JSON.
func (id *TeamID) UnmarshalText(b []byte) error {
	v, err := ParseTeamID(string(b))
	if err != nil {
		return err
	}
	*id = v
	return nil
}

// Limits on a team, checked on every team state that arrives from a peer.
const (
	MaxTeamMembers = 256
	MaxTeamEntries = 4 * MaxTeamMembers // members, removed ones included
	MaxTeamRecords = 20000
	MaxTeamName    = 120
	MaxMemberAddrs = 4
	// MemberAnnounceLen is the length of Member.Announce: 32 bytes in hex.
	MemberAnnounceLen = 64
)

// Team is a group of devices that share records. Every member holds a copy
// of the team's state and peers merge their copies: each member and each
// shared record is a last-writer-wins register ordered by clock stamp, except
// that removing a member is final for that device id (a removed device
// cannot write itself back in). No member approves another's change:
// awareness, not approval.
type Team struct {
	V    int    `json:"v"`
	ID   TeamID `json:"id"`
	Name string `json:"name"`
	// Renamed stamps the latest write of Name.
	Renamed readiness.Stamp                `json:"renamed"`
	Members map[DeviceID]Member            `json:"members"`
	Records map[readiness.RecordID]Sharing `json:"records"`
}

// Member is one device in a team.
type Member struct {
	Name    string `json:"name"`
	Removed bool   `json:"removed,omitempty"`
	// Addrs are where the member was last known to listen (host:port): a
	// hint for members that cannot discover each other, never trusted (the
	// connection is pinned to the member's certificate).
	Addrs []string `json:"addrs,omitempty"`
	// Announce is the member's announce key, 64 hex digits (MemberAnnounceLen)
	// the member writes for itself: teammates derive from it the ids it
	// announces on a LAN, which strangers cannot link (see announce.go). Empty
	// until the member has written it (or for an older Ready Room).
	Announce string `json:"announce,omitempty"`
	// Stamp orders writes of this member entry; By names who wrote it.
	Stamp readiness.Stamp `json:"stamp"`
	By    string          `json:"by"`
}

// Sharing says whether a record is shared with the team.
type Sharing struct {
	Shared bool            `json:"shared"`
	Stamp  readiness.Stamp `json:"stamp"`
	By     string          `json:"by"`
}

// NewTeam starts a team whose first member is the creating device.
func NewTeam(id TeamID, name string, founder DeviceID, founderName string, at readiness.Stamp) (Team, error) {
	t := Team{V: 1, ID: id, Name: strings.TrimSpace(name), Renamed: at,
		Members: map[DeviceID]Member{founder: {Name: founderName, Stamp: at, By: founderName}},
		Records: map[readiness.RecordID]Sharing{}}
	return t, t.Check()
}

// Check verifies a team's shape and limits; a team that fails is refused whole.
func (t *Team) Check() error {
	if _, err := ParseTeamID(string(t.ID)); err != nil {
		return err
	}
	if t.V != 1 {
		return fmt.Errorf("team %s: version %d is not one this Ready Room reads", t.ID, t.V)
	}
	if err := readiness.Var("name", t.Name, fmt.Sprintf("required,max=%d,line", MaxTeamName)); err != nil {
		return fmt.Errorf("team name: %w", err)
	}
	if n := len(t.ActiveMembers()); n > MaxTeamMembers {
		return fmt.Errorf("team %s: %d members is over the limit of %d", t.ID, n, MaxTeamMembers)
	}
	if len(t.Members) > MaxTeamEntries {
		return fmt.Errorf("team %s: %d member entries (removed ones included) is over the limit of %d", t.ID, len(t.Members), MaxTeamEntries)
	}
	if len(t.Records) > MaxTeamRecords {
		return fmt.Errorf("team %s: %d shared records is over the limit of %d", t.ID, len(t.Records), MaxTeamRecords)
	}
	for id, m := range t.Members {
		if id.IsZero() {
			return fmt.Errorf("team %s: a member has no device id", t.ID)
		}
		if err := readiness.Var("name", m.Name, "max=120,line"); err != nil {
			return fmt.Errorf("team %s: member %s: %w", t.ID, id.Short(), err)
		}
		if err := readiness.Var("by", m.By, "max=200,line"); err != nil {
			return fmt.Errorf("team %s: member %s: %w", t.ID, id.Short(), err)
		}
		if len(m.Addrs) > MaxMemberAddrs {
			return fmt.Errorf("team %s: member %s: %d addresses is over the limit of %d", t.ID, id.Short(), len(m.Addrs), MaxMemberAddrs)
		}
		for _, a := range m.Addrs {
			if !localAddress(a) {
				return fmt.Errorf("team %s: member %s: %.70q is not an ip:port address on a local network", t.ID, id.Short(), a)
			}
		}
		if m.Announce != "" && !lowerHex(m.Announce, MemberAnnounceLen) {
			return fmt.Errorf("team %s: member %s: announce key %.70q is not %d lowercase hex digits", t.ID, id.Short(), m.Announce, MemberAnnounceLen)
		}
	}
	for id, s := range t.Records {
		if _, err := readiness.ParseRecordID(string(id)); err != nil {
			return fmt.Errorf("team %s: %w", t.ID, err)
		}
		if err := readiness.Var("by", s.By, "max=200,line"); err != nil {
			return fmt.Errorf("team %s: record %s: %w", t.ID, id, err)
		}
	}
	return nil
}

// lowerHex reports whether s is n lowercase hex digits.
func lowerHex(s string, n int) bool {
	if len(s) != n {
		return false
	}
	for i := 0; i < len(s); i++ {
		if c := s[i]; (c < '0' || c > '9') && (c < 'a' || c > 'f') {
			return false
		}
	}
	return true
}

// cgnat is 100.64.0.0/10, where many VPNs number their devices.
var cgnat = netip.MustParsePrefix("100.64.0.0/10")

// localAddress reports whether s is an ip:port on a local network (private,
// loopback, link-local or VPN range): the only addresses a member may give
// for itself, so that no member can make its teammates dial the internet or
// a name of its choosing.
func localAddress(s string) bool {
	ap, err := netip.ParseAddrPort(s)
	if err != nil || ap.Port() == 0 {
		return false
	}
	ip := ap.Addr().Unmap()
	return ip.IsPrivate() || ip.IsLoopback() || ip.IsLinkLocalUnicast() || cgnat.Contains(ip)
}

// Patch is an empty copy of the team (its version, id and name, no members
// or records) on which to write the entries of one edit, for merging.
func (t *Team) Patch() Team {
	return Team{V: t.V, ID: t.ID, Name: t.Name, Renamed: t.Renamed}
}

// IsMember reports whether a device is a current (not removed) member.
func (t *Team) IsMember(d DeviceID) bool {
	m, ok := t.Members[d]
	return ok && !m.Removed
}

// IsRemoved reports whether a device was removed from the team.
func (t *Team) IsRemoved(d DeviceID) bool { return t.Members[d].Removed }

// Shares reports whether a record is shared with the team.
func (t *Team) Shares(r readiness.RecordID) bool { return t.Records[r].Shared }

// SharedRecords lists the records shared with the team, sorted.
func (t *Team) SharedRecords() []readiness.RecordID {
	var out []readiness.RecordID
	for id, s := range t.Records {
		if s.Shared {
			out = append(out, id)
		}
	}
	slices.Sort(out)
	return out
}

// ActiveMembers lists the current members sorted by name, then id.
func (t *Team) ActiveMembers() []DeviceID {
	var out []DeviceID
	for id, m := range t.Members {
		if !m.Removed {
			out = append(out, id)
		}
	}
	slices.SortFunc(out, func(a, b DeviceID) int {
		return cmp.Or(cmp.Compare(t.Members[a].Name, t.Members[b].Name), cmp.Compare(a.String(), b.String()))
	})
	return out
}

// memberWins orders two writes of one member entry: removal is final, then
// the later stamp, then the name, so every replica picks the same one.
func memberWins(a, b Member) bool {
	if a.Removed != b.Removed {
		return a.Removed
	}
	if a.Stamp != b.Stamp {
		return b.Stamp.Less(a.Stamp)
	}
	return cmp.Or(cmp.Compare(a.Name, b.Name), cmp.Compare(a.By, b.By), slices.Compare(a.Addrs, b.Addrs), cmp.Compare(a.Announce, b.Announce)) > 0
}

func sharingWins(a, b Sharing) bool {
	if a.Stamp != b.Stamp {
		return b.Stamp.Less(a.Stamp)
	}
	if a.Shared != b.Shared {
		return !a.Shared // unsharing wins a tie: the safer reading
	}
	return a.By > b.By
}

// Merge folds another copy of the team into t and reports whether t changed.
// Merging is commutative, associative and idempotent.
func (t *Team) Merge(o Team) bool {
	changed := false
	if t.Renamed.Less(o.Renamed) || (t.Renamed == o.Renamed && o.Name < t.Name) {
		t.Name, t.Renamed, changed = o.Name, o.Renamed, true
	}
	if t.Members == nil {
		t.Members = map[DeviceID]Member{}
	}
	if t.Records == nil {
		t.Records = map[readiness.RecordID]Sharing{}
	}
	for id, m := range o.Members {
		cur, ok := t.Members[id]
		if !ok || memberWins(m, cur) {
			t.Members[id], changed = m, true
		}
	}
	for id, s := range o.Records {
		cur, ok := t.Records[id]
		if !ok || sharingWins(s, cur) {
			t.Records[id], changed = s, true
		}
	}
	return changed
}

// LatestStamp is the newest stamp in the team, so a clock can move past it.
func (t *Team) LatestStamp() readiness.Stamp {
	var s readiness.Stamp
	for _, m := range t.Members {
		if s.Less(m.Stamp) {
			s = m.Stamp
		}
	}
	for _, r := range t.Records {
		if s.Less(r.Stamp) {
			s = r.Stamp
		}
	}
	return s
}

// checkStamps refuses a team from a peer with an entry stamped more than
// MaxFuture ahead of this device's clock: merging it would drag this
// device's clock (and every change it makes after) into the future.
func checkStamps(t *Team, now time.Time) error {
	if latest := t.LatestStamp(); latest.Time().After(now.Add(MaxFuture)) {
		return fmt.Errorf("%w: the team it sent has an entry stamped %s, more than %v ahead of this device's clock", ErrProtocol, latest.Time().Format(time.RFC3339), MaxFuture)
	}
	return nil
}
