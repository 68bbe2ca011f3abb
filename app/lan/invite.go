package lan

import (
	"crypto/hmac"
	"crypto/rand"
	"crypto/sha256"
	"crypto/tls"
	"fmt"
	"strings"
	"time"

	"readyroom/readiness"
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
func (c InviteCode) String() string { return readiness.Grouped(string(c), 4) }

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
	Code    InviteCode       `json:"code"`
	Team    readiness.TeamID `json:"team"`
	Expires time.Time        `json:"expires"`
	Tries   int              `json:"tries"`
	Used    bool             `json:"used,omitempty"`
	Revoked bool             `json:"revoked,omitempty"`
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

// exporterLabel is the TLS exporter label for join proofs (RFC 8446 §7.5).
const exporterLabel = "EXPORTER-readyroom-join-v1"

// joinProof binds the code to one TLS session and both certificates: an
// HMAC-SHA256 keyed with the code over the session's exported keying
// material and both device ids, with a role so that the inviter's answer is
// not the joiner's proof sent back. A proof replayed on another connection
// does not match, because the exported keying material differs.
func joinProof(code InviteCode, role string, cs tls.ConnectionState, inviter, joiner readiness.DeviceID) ([]byte, error) {
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
