package lan

import (
	"context"
	"crypto/hmac"
	"crypto/rand"
	"crypto/sha256"
	"crypto/tls"
	"encoding/json"
	"errors"
	"fmt"
	"strings"
	"sync"
	"time"
)

// Invites: a code of 16 characters from Crockford's base32 alphabet, shown
// in four groups of four (K7QM-X2PA-9RTD-HW4N). The first six characters
// name the invite (so that wrong tries can be counted against it): 2^30
// ids, too many to scan while an invite is valid; the other ten characters
// are 50 secret bits. The whole code keys the proofs.
const (
	inviteAlphabet = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"
	inviteLen      = 16
	inviteIDLen    = 6
	// InviteTTL is how long an invite code stays valid.
	InviteTTL = 10 * time.Minute
	// InviteTries is how many wrong proofs revoke an invite.
	InviteTries = 5
)

// InviteCode is a normalised invite code: 16 characters, no dashes.
type InviteCode string

// String is the grouped form people read out.
func (c InviteCode) String() string { return inGroups(string(c), 4) }

// ID is the public part that names the invite.
func (c InviteCode) ID() string { return string(c)[:inviteIDLen] }

// NewInviteCode draws a fresh code.
func NewInviteCode() (InviteCode, error) {
	var raw [inviteLen]byte
	if _, err := rand.Read(raw[:]); err != nil {
		return "", err
	}
	b := make([]byte, inviteLen)
	for i, r := range raw {
		b[i] = inviteAlphabet[r&31]
	}
	return InviteCode(b), nil
}

// validInviteID reports whether s can be an invite's id.
func validInviteID(s string) bool {
	if len(s) != inviteIDLen {
		return false
	}
	for _, r := range s {
		if !strings.ContainsRune(inviteAlphabet, r) {
			return false
		}
	}
	return true
}

// ParseInviteCode accepts a code typed by a person: either case, with or
// without dashes and spaces, O read as 0 and I or L as 1.
func ParseInviteCode(s string) (InviteCode, error) {
	s = strings.NewReplacer("-", "", " ", "", "O", "0", "I", "1", "L", "1").Replace(strings.ToUpper(strings.TrimSpace(s)))
	if len(s) != inviteLen {
		return "", fmt.Errorf("%w: an invite code has %d letters and digits, this one has %d", ErrInviteFormat, inviteLen, len(s))
	}
	for _, r := range s {
		if !strings.ContainsRune(inviteAlphabet, r) {
			return "", fmt.Errorf("%w: %q is not a letter or digit used in invite codes", ErrInviteFormat, r)
		}
	}
	return InviteCode(s), nil
}

// Invite is an outstanding invitation, kept by the inviting device.
type Invite struct {
	Code    InviteCode `json:"code"`
	Team    TeamID     `json:"team"`
	Expires time.Time  `json:"expires"`
	Tries   int        `json:"tries"`
	Used    bool       `json:"used,omitempty"`
	Revoked bool       `json:"revoked,omitempty"`
}

// usable says why an invite cannot be used, or nil.
func (inv *Invite) usable(now time.Time) error {
	switch {
	case inv.Used:
		return fmt.Errorf("%w: it was already used", ErrInviteRefused)
	case inv.Revoked:
		return fmt.Errorf("%w: it was revoked after %d wrong tries", ErrInviteRefused, InviteTries)
	case now.After(inv.Expires):
		return fmt.Errorf("%w: it expired", ErrInviteRefused)
	}
	return nil
}

// inviteTries counts wrong proofs against each invite in memory: a wrong
// try writes nothing to disk while it is answered, since the time of a
// write (fsynced) would tell whoever tried that the id names an invite.
// The counts are saved a moment later, off the request path
// (invites.saveTries).
type inviteTries struct {
	mu    sync.Mutex
	count map[string]int  // invite id → wrong tries, the stored ones included
	dirty map[string]bool // counted since last saved
	wake  chan struct{}   // a count to save
}

func newInviteTries() *inviteTries {
	return &inviteTries{count: map[string]int{}, dirty: map[string]bool{}, wake: make(chan struct{}, 1)}
}

// apply gives an invite as stored the wrong tries counted since: the
// InviteTries-th revokes it.
func (t *inviteTries) apply(id string, inv Invite) Invite {
	t.mu.Lock()
	inv.Tries = max(inv.Tries, t.count[id])
	t.mu.Unlock()
	inv.Revoked = inv.Revoked || inv.Tries >= InviteTries
	return inv
}

// add counts a wrong try against an invite (as apply gave it) and returns
// its tries now.
func (t *inviteTries) add(id string, inv Invite) int {
	t.mu.Lock()
	n := max(t.count[id], inv.Tries) + 1
	t.count[id], t.dirty[id] = n, true
	t.mu.Unlock()
	select {
	case t.wake <- struct{}{}:
	default:
	}
	return n
}

// take returns the counts not saved yet.
func (t *inviteTries) take() map[string]int {
	t.mu.Lock()
	defer t.mu.Unlock()
	out := make(map[string]int, len(t.dirty))
	for id := range t.dirty {
		out[id] = t.count[id]
	}
	clear(t.dirty)
	return out
}

// unsaved marks a count whose save failed, to be saved with the next.
func (t *inviteTries) unsaved(id string) {
	t.mu.Lock()
	t.dirty[id] = true
	t.mu.Unlock()
}

// triesSaveDelay is how long after a wrong try its count is saved.
const triesSaveDelay = time.Second

// invites are this device's invites: invite/ in the LAN state, which
// nothing else reads or writes, with the wrong tries counted against them
// since they were last saved.
type invites struct {
	state State
	tries *inviteTries
	decoy []byte // the invite read for an id that names none
	now   func() time.Time
	logf  func(format string, args ...any)
	emit  func(Event)
}

func newInvites(state State, now func() time.Time, logf func(string, ...any), emit func(Event)) (*invites, error) {
	decoy, err := decoyInvite()
	if err != nil {
		return nil, err
	}
	return &invites{state: state, tries: newInviteTries(), decoy: decoy, now: now, logf: logf, emit: emit}, nil
}

// create makes a one-time invite code for a team, valid for InviteTTL.
func (iv *invites) create(team TeamID) (Invite, error) {
	for range 5 { // a fresh code whose id is not taken
		code, err := NewInviteCode()
		if err != nil {
			return Invite{}, err
		}
		inv := Invite{Code: code, Team: team, Expires: iv.now().Add(InviteTTL)}
		taken := false
		err = iv.state.Update(prefixInvite+code.ID(), func(old []byte) ([]byte, error) {
			if old != nil {
				taken = true
				return old, nil
			}
			return json.Marshal(inv)
		})
		if err != nil {
			return Invite{}, err
		}
		if !taken {
			iv.prune()
			return inv, nil
		}
	}
	return Invite{}, errors.New("could not draw an unused invite code")
}

// prune forgets invites that can no longer be used, a day on. What it
// cannot read or forget is logged and left for the next invite to prune:
// the invite just made stands.
func (iv *invites) prune() {
	var stale []string
	err := iv.state.Scan(prefixInvite, func(k string, v []byte) error {
		var inv Invite
		if json.Unmarshal(v, &inv) != nil || iv.now().Sub(inv.Expires) > 24*time.Hour {
			stale = append(stale, k)
		}
		return nil
	})
	if err != nil {
		iv.logf("reading invites to forget the old ones: %v", err)
	}
	for _, k := range stale {
		if err := iv.state.Update(k, func([]byte) ([]byte, error) { return nil, nil }); err != nil {
			iv.logf("forgetting invite %s: %v", strings.TrimPrefix(k, prefixInvite), err)
		}
	}
}

// usable lists the invites that can still be used at now, with the wrong
// tries counted since they were stored.
func (iv *invites) usable(now time.Time) ([]Invite, error) {
	var out []Invite
	err := iv.state.Scan(prefixInvite, func(k string, v []byte) error {
		var inv Invite
		if err := json.Unmarshal(v, &inv); err != nil {
			return nil
		}
		if inv = iv.tries.apply(strings.TrimPrefix(k, prefixInvite), inv); inv.usable(now) == nil {
			out = append(out, inv)
		}
		return nil
	})
	return out, err
}

// read reads an invite by id, with the wrong tries counted since it was
// stored. An id that names no invite reads the decoy instead, decoded the
// same way, so that the work done (and its time) does not tell a stranger
// whether an invite exists.
func (iv *invites) read(id string) (inv Invite, found bool) {
	b, err := iv.state.Get(prefixInvite + id)
	found = err == nil && b != nil
	if !found {
		b = iv.decoy
	}
	if json.Unmarshal(b, &inv) != nil {
		json.Unmarshal(iv.decoy, &inv)
		found = false
	}
	return iv.tries.apply(id, inv), found
}

// wrongTry counts a wrong proof against an invite (as read gave it), in
// memory (saved a moment later), and returns its tries now.
func (iv *invites) wrongTry(id string, inv Invite) int { return iv.tries.add(id, inv) }

// use marks an invite used.
func (iv *invites) use(id string, inv Invite) error {
	inv.Used = true
	return putJSON(iv.state, prefixInvite+id, inv)
}

// saveTriesLoop saves wrong tries a moment after they are counted (Close
// saves those left).
func (iv *invites) saveTriesLoop(ctx context.Context) {
	for {
		select {
		case <-ctx.Done():
			return
		case <-iv.tries.wake:
		}
		select {
		case <-ctx.Done():
			return
		case <-time.After(triesSaveDelay):
		}
		iv.saveTries()
	}
}

// saveTries writes the wrong tries counted since the last save into the
// invites they count against.
func (iv *invites) saveTries() {
	counts := iv.tries.take()
	for id, tries := range counts {
		err := iv.state.Update(prefixInvite+id, func(old []byte) ([]byte, error) {
			var inv Invite
			if old == nil || json.Unmarshal(old, &inv) != nil || inv.Tries >= tries {
				return old, nil
			}
			inv.Tries, inv.Revoked = tries, inv.Revoked || tries >= InviteTries
			return json.Marshal(inv)
		})
		if err != nil {
			iv.logf("saving the wrong tries of invite %s: %v", id, err)
			iv.tries.unsaved(id) // again with the next save
		}
	}
	if len(counts) > 0 {
		iv.emit(Event{Kind: EventTeams})
	}
}

// decoyInvite is what invites.read decodes for an id with no invite: an
// invite like any other, with a code drawn for this run.
func decoyInvite() ([]byte, error) {
	code, err := NewInviteCode()
	if err != nil {
		return nil, err
	}
	return json.Marshal(Invite{Code: code, Team: TeamID(strings.Repeat("0", 26)), Expires: time.Now().Add(InviteTTL)})
}

// exporterLabel is the TLS exporter label for join proofs (RFC 8446 §7.5).
const exporterLabel = "EXPORTER-readyroom-join-v1"

// joinProof binds the code to one TLS session and both certificates: an
// HMAC-SHA256 keyed with the code over the session's exported keying
// material and both device ids, with a role so that the inviter's answer is
// not the joiner's proof sent back. A proof replayed on another connection
// does not match, because the exported keying material differs.
func joinProof(code InviteCode, role string, cs tls.ConnectionState, inviter, joiner DeviceID) ([]byte, error) {
	ekm, err := cs.ExportKeyingMaterial(exporterLabel, nil, 32)
	if err != nil {
		return nil, fmt.Errorf("deriving the join proof: %w", err)
	}
	m := hmac.New(sha256.New, []byte(code))
	m.Write([]byte("readyroom join " + role + "\x00"))
	m.Write(ekm)
	m.Write(inviter[:])
	m.Write(joiner[:])
	return m.Sum(nil), nil
}
