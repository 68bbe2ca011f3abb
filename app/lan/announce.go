package lan

// What a device announces on a LAN, and how teammates recognise it.
//
// A device never announces its device id, nor anything else that stays the
// same: on each network, in each hour, it announces a token made with a
// random announce key that only its teammates hold (it travels in its member
// entry of each team). A stranger sees ids that change with the network and
// the hour and cannot link them; a teammate computes the tokens of every
// member it knows and maps a sighting to the member. While an invite is
// open the inviter also announces an id made from the invite code and its
// device id, which it shows with the code: the joiner, holding the code,
// checks the certificate against that id before it sends anything.

import (
	"crypto/hmac"
	"crypto/rand"
	"crypto/sha256"
	"encoding/binary"
	"encoding/hex"
	"fmt"
	"net"
	"net/netip"
	"slices"
	"time"
)

const (
	// AnnounceEpoch is how long a device announces one token on a network.
	AnnounceEpoch = time.Hour
	announceLabel = "readyroom-announce-v1"
	inviteLabel   = "readyroom-invite-v1"
	// maxAnnouncedInvites caps the open invites announced at once (the
	// newest); a joiner of an older one types the inviter's address.
	maxAnnouncedInvites = 4
)

// announceToken is the id a device with this announce key announces on a
// network in an epoch: the first 16 hex digits of HMAC-SHA256(key,
// "readyroom-announce-v1" 0 network 0 epoch), the network written as its
// masked prefix ("10.77.0.0/24") and the epoch as 8 bytes big-endian.
func announceToken(key []byte, network netip.Prefix, epoch int64) string {
	m := hmac.New(sha256.New, key)
	m.Write([]byte(announceLabel))
	m.Write([]byte{0})
	m.Write([]byte(network.Masked().String()))
	m.Write([]byte{0})
	m.Write(binary.BigEndian.AppendUint64(nil, uint64(epoch)))
	return hex.EncodeToString(m.Sum(nil)[:8])
}

// epochOf is the announce epoch of a time: whole hours since 1970.
func epochOf(t time.Time) int64 {
	s := t.Unix()
	e := s / int64(AnnounceEpoch/time.Second)
	if s < 0 && s%int64(AnnounceEpoch/time.Second) != 0 {
		e--
	}
	return e
}

// inviteToken is the id an inviter announces while an invite is open, and
// shows with its code: the first 16 hex digits of HMAC-SHA256(code,
// "readyroom-invite-v1" 0 inviter id). Only someone holding the code can
// tell it from random, and a joiner checks with it that the certificate it
// is shown is the inviter's before it sends its proof.
func inviteToken(code InviteCode, inviter DeviceID) string {
	m := hmac.New(sha256.New, []byte(code))
	m.Write([]byte(inviteLabel))
	m.Write([]byte{0})
	m.Write(inviter[:])
	return hex.EncodeToString(m.Sum(nil)[:8])
}

// InviteToken is the id this device announces for one of its invites: the
// one a joiner chooses (team join --device).
func (n *Node) InviteToken(code InviteCode) string { return inviteToken(code, n.id.ID) }

// lanNetwork is the network an interface is on, as tokens name it: its
// lowest IPv4 network, or, without IPv4, its lowest global IPv6 one.
// Devices on one LAN agree on it when they have the same prefix length.
func lanNetwork(ifi *net.Interface) (netip.Prefix, bool) {
	addrs, err := ifi.Addrs()
	if err != nil {
		return netip.Prefix{}, false
	}
	var v4, v6 []netip.Prefix
	for _, a := range addrs {
		ipn, ok := a.(*net.IPNet)
		if !ok {
			continue
		}
		ip, ok := netip.AddrFromSlice(ipn.IP)
		if !ok {
			continue
		}
		ip = ip.Unmap()
		ones, _ := ipn.Mask.Size()
		p := netip.PrefixFrom(ip, ones).Masked()
		switch {
		case !p.IsValid() || ip.IsLoopback():
		case ip.Is4():
			v4 = append(v4, p)
		case ip.IsGlobalUnicast() && !ip.IsLinkLocalUnicast():
			v6 = append(v6, p)
		}
	}
	for _, ps := range [][]netip.Prefix{v4, v6} {
		if len(ps) > 0 {
			return slices.MinFunc(ps, comparePrefix), true
		}
	}
	return netip.Prefix{}, false
}

func comparePrefix(a, b netip.Prefix) int {
	if c := a.Addr().Compare(b.Addr()); c != 0 {
		return c
	}
	return a.Bits() - b.Bits()
}

// loadAnnounceKey reads this device's announce key from the LAN state, or
// draws one the first time (kept unless readOnly).
func (n *Node) loadAnnounceKey(readOnly bool) error {
	var key []byte
	parse := func(b []byte) bool {
		k, err := hex.DecodeString(string(b))
		if err == nil && len(k) == MemberAnnounceLen/2 {
			key = k
		}
		return key != nil
	}
	draw := func() ([]byte, error) {
		key = make([]byte, MemberAnnounceLen/2)
		if _, err := rand.Read(key); err != nil {
			return nil, err
		}
		return []byte(hex.EncodeToString(key)), nil
	}
	var err error
	if readOnly {
		var b []byte
		if b, err = n.state.Get(keyAnnounce); err == nil && !parse(b) {
			_, err = draw()
		}
	} else {
		err = n.state.Update(keyAnnounce, func(old []byte) ([]byte, error) {
			if parse(old) {
				return old, nil
			}
			return draw()
		})
	}
	if err != nil {
		return fmt.Errorf("reading this device's announce key: %w", err)
	}
	n.announceKey = key
	return nil
}

// Announced lists the ids this device announces on a network at a time:
// its token for that network and hour, then one for each open invite (the
// newest first, at most maxAnnouncedInvites). Discovery calls it every
// round.
func (n *Node) Announced(network netip.Prefix, now time.Time) []string {
	out := []string{announceToken(n.announceKey, network, epochOf(now))}
	open, _ := n.invites.usable(now) // those read, if not all could be
	slices.SortFunc(open, func(a, b Invite) int { return b.Expires.Compare(a.Expires) })
	for _, inv := range open[:min(len(open), maxAnnouncedInvites)] {
		out = append(out, inviteToken(inv.Code, n.id.ID))
	}
	return out
}

// announceKeys lists the announce keys teams give for each of their
// current members, in the teams self belongs to, self's own (key) included.
func announceKeys(teams []Team, self DeviceID, key []byte) map[DeviceID][][]byte {
	keys := map[DeviceID][][]byte{self: {key}}
	for _, t := range teams {
		if !t.IsMember(self) {
			continue
		}
		for d, m := range t.Members {
			if m.Removed || m.Announce == "" || d == self {
				continue
			}
			k, err := hex.DecodeString(m.Announce)
			if err == nil && !slices.ContainsFunc(keys[d], func(o []byte) bool { return hmac.Equal(o, k) }) {
				keys[d] = append(keys[d], k)
			}
		}
	}
	return keys
}

// recogniser maps announced ids to the devices that announce them: a
// member's token on the sighting's network in the hour before, of, or
// after now (clocks differ, and a sighting lasts a while), or the short
// device id an older Ready Room announces.
type recogniser struct {
	now    time.Time
	keys   map[DeviceID][][]byte
	tokens map[netip.Prefix]map[string][]DeviceID // by network, made on first use
}

// newRecogniser recognises the devices whose announce keys are given, at
// now.
func newRecogniser(now time.Time, keys map[DeviceID][][]byte) *recogniser {
	return &recogniser{now: now, keys: keys, tokens: map[netip.Prefix]map[string][]DeviceID{}}
}

// devices are the devices a sighting's id belongs to (usually one; none
// for a stranger).
func (r *recogniser) devices(s Sighting) []DeviceID {
	idx, ok := r.tokens[s.Network]
	if !ok {
		idx = map[string][]DeviceID{}
		e := epochOf(r.now)
		for d, keys := range r.keys {
			idx[d.Short()] = append(idx[d.Short()], d)
			if !s.Network.IsValid() {
				continue
			}
			for _, k := range keys {
				for _, ep := range []int64{e - 1, e, e + 1} {
					tok := announceToken(k, s.Network, ep)
					if !slices.Contains(idx[tok], d) {
						idx[tok] = append(idx[tok], d)
					}
				}
			}
		}
		r.tokens[s.Network] = idx
	}
	return idx[s.Short]
}
