package lan

// Pairing, the joiner's side: find the inviter, prove the code on one TLS
// connection, check the inviter's proof, and keep the team (see the package
// doc, "Pairing"; the inviter's side is handlers.serveJoin).

import (
	"bufio"
	"bytes"
	"context"
	"crypto/hmac"
	"crypto/tls"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"slices"
	"time"
)

// JoinTarget says where the inviter is: a device by id (a full id, or an
// id it announces on the LAN for the invite, as its invite shows), or an
// address typed by the user.
type JoinTarget struct {
	Device DeviceID
	Short  string
	Addr   string
}

// accepts reports whether a certificate's device id is the target's: the
// full id, or a device whose id for this invite (see inviteToken), or
// whose short device id (what an older Ready Room announces), is the
// target's.
func (t JoinTarget) accepts(code InviteCode, d DeviceID) bool {
	switch {
	case !t.Device.IsZero():
		return d == t.Device
	case t.Short != "":
		return inviteToken(code, d) == t.Short || d.Short() == t.Short
	}
	return true
}

func (t JoinTarget) String() string {
	if !t.Device.IsZero() {
		return t.Device.Short()
	}
	return t.Short
}

const (
	// maxJoinProbes caps the endpoints a join by full device id tries when
	// nothing says where that device is: each stops at the certificate.
	maxJoinProbes = 64
	// joinWait is how long a join by an announced id waits for it to be
	// seen, looking every joinPoll.
	joinWait = 5 * time.Second
	joinPoll = 100 * time.Millisecond
)

// joinAddrs lists where to look for the inviter.
func (n *Node) joinAddrs(target JoinTarget, code InviteCode) []string {
	if target.Addr != "" {
		return []string{target.Addr}
	}
	if target.Device.IsZero() {
		return n.book.sighted(target.Short)
	}
	addrs := n.book.addrsOf(target.Device)
	for _, a := range n.book.sighted(inviteToken(code, target.Device)) {
		if !slices.Contains(addrs, a) {
			addrs = append(addrs, a)
		}
	}
	if len(addrs) > 0 {
		return addrs
	}
	// Nothing says where it is (it announces ids only teammates and
	// holders of an open invite's code recognise): try the devices seen,
	// each pinned to the id, so that nothing is sent to another.
	if f := n.book.finder(); f != nil {
		for _, s := range f.Sightings() {
			addrs = append(addrs, s.HostPorts()...)
		}
	}
	return addrs[:min(len(addrs), maxJoinProbes)]
}

// Join pairs with an inviter using its invite code. On success both devices
// pin each other and this one starts pulling the team's records.
func (n *Node) Join(ctx context.Context, target JoinTarget, code InviteCode) (Team, error) {
	if target.Addr != "" {
		if _, _, err := net.SplitHostPort(target.Addr); err != nil {
			return Team{}, fmt.Errorf("address %q: give it as host:port", target.Addr)
		}
	}
	addrs := n.joinAddrs(target, code)
	// The inviter starts announcing the invite's id when it makes the
	// invite: one typed at once may take a round or two to be seen.
	for i := 0; len(addrs) == 0 && target.Short != "" && n.book.finder() != nil && i < int(joinWait/joinPoll); i++ {
		select {
		case <-ctx.Done():
			return Team{}, fmt.Errorf("%w: device %s has not been seen on the network: %v", ErrUnreachable, target, ctx.Err())
		case <-time.After(joinPoll):
		}
		addrs = n.joinAddrs(target, code)
	}
	if len(addrs) == 0 {
		return Team{}, fmt.Errorf("%w: device %s has not been seen on the network; give its address instead", ErrUnreachable, target)
	}
	var lastErr error
	var match func(DeviceID) bool
	if target.Addr == "" {
		match = func(d DeviceID) bool { return target.accepts(code, d) }
	}
	mismatches := 0
	for _, addr := range addrs {
		team, inviter, err := n.joinAt(ctx, addr, code, match)
		if err != nil {
			lastErr = err
			if errors.Is(err, ErrPinMismatch) {
				mismatches++
			}
			if tryNextAddr(err) {
				continue // a stale or spoofed sighting: the proof was never sent
			}
			return Team{}, err
		}
		if !target.accepts(code, inviter) {
			return Team{}, fmt.Errorf("%w: the device at %s is not %s", ErrPinMismatch, addr, target)
		}
		// A team this device already holds can only be joined through one of
		// its current members: an inviter cannot write itself into a team by
		// making one with the same id.
		if mine, err := n.teams.load(team.ID); err == nil && !mine.IsMember(inviter) {
			return Team{}, fmt.Errorf("%w: the inviter is not a member of the team %q this device already belongs to", ErrInviteRefused, mine.Name)
		}
		n.clock.Observe(team.LatestStamp())
		team, _, err = n.teams.merge(team)
		if err != nil {
			return Team{}, err
		}
		n.book.remember(inviter, addr, false)
		n.advertise()
		n.emit(Event{Kind: EventTeams})
		n.puller.schedule(inviter)
		return team, nil
	}
	if target.Short != "" && mismatches == len(addrs) {
		return Team{}, fmt.Errorf("%w: the device seen as %s is not the one that made this invite code: choose the device the invite shows, or type its address", ErrPinMismatch, target.Short)
	}
	return Team{}, lastErr
}

// joinAt runs the joiner's side of pairing on one connection: handshake
// (accepting any certificate, which the proofs then authenticate), send a
// proof bound to this session, check the inviter's proof, and return the
// team and the inviter's device id to pin.
// match, when not nil, must accept the inviter's certificate during the
// handshake: a device chosen by id is checked before the proof is sent, on
// the same connection.
func (n *Node) joinAt(ctx context.Context, addr string, code InviteCode, match func(DeviceID) bool) (Team, DeviceID, error) {
	var none DeviceID
	d := n.clients.dialer()
	hctx, cancel := context.WithTimeout(ctx, HandshakeTimeout)
	defer cancel()
	raw, err := d.DialContext(hctx, "tcp", addr)
	if err != nil {
		return Team{}, none, fmt.Errorf("%w: %s: %v", ErrUnreachable, addr, unwrapNet(err))
	}
	defer raw.Close()
	cfg := n.clients.pinned(none)
	if match != nil {
		cfg = n.clients.matching(func(d DeviceID) error {
			if !match(d) {
				return ErrPinMismatch
			}
			return nil
		})
	}
	conn := tls.Client(raw, cfg)
	if err := conn.HandshakeContext(hctx); err != nil {
		if errors.Is(err, ErrPinMismatch) {
			return Team{}, none, fmt.Errorf("%w: the device at %s", ErrPinMismatch, addr)
		}
		return Team{}, none, fmt.Errorf("%w: %s: %v", ErrUnreachable, addr, err)
	}
	conn.SetDeadline(time.Now().Add(30 * time.Second))
	cs := conn.ConnectionState()
	inviter := DeviceIDOf(cs.PeerCertificates[0].Raw)
	proof, err := joinProof(code, "joiner", cs, inviter, n.id.ID)
	if err != nil {
		return Team{}, none, err
	}
	body, _ := json.Marshal(joinRequest{Invite: code.ID(), Proof: hex.EncodeToString(proof), Name: n.name()})
	req, _ := http.NewRequestWithContext(ctx, http.MethodPost, "https://"+addr+"/v1/join", bytes.NewReader(body))
	req.Header.Set("Content-Type", "application/json")
	n.clients.stamp(req)
	if err := req.Write(conn); err != nil {
		return Team{}, none, fmt.Errorf("%w: %s: %v", ErrUnreachable, addr, err)
	}
	resp, err := http.ReadResponse(bufio.NewReaderSize(io.LimitReader(conn, MaxTeamBytes+MaxHeaderBytes), 4096), req)
	if err != nil {
		return Team{}, none, fmt.Errorf("%w: %v", ErrProtocol, err)
	}
	defer resp.Body.Close()
	var jr joinResponse
	if err := decodeAnswer(resp, MaxTeamBytes, &jr); err != nil {
		return Team{}, none, err
	}
	want, err := joinProof(code, "inviter", cs, inviter, n.id.ID)
	if err != nil {
		return Team{}, none, err
	}
	got, err := hex.DecodeString(jr.Proof)
	if err != nil || !hmac.Equal(got, want) {
		return Team{}, none, fmt.Errorf("%w: the device at %s does not know the invite code", ErrPinMismatch, addr)
	}
	if err := jr.Team.Check(); err != nil {
		return Team{}, none, fmt.Errorf("%w: %v", ErrProtocol, err)
	}
	if err := checkStamps(&jr.Team, n.now()); err != nil {
		return Team{}, none, err
	}
	if !jr.Team.IsMember(inviter) || !jr.Team.IsMember(n.id.ID) {
		return Team{}, none, fmt.Errorf("%w: the team sent back does not list both devices", ErrProtocol)
	}
	return jr.Team, inviter, nil
}
