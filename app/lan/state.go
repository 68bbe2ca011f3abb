package lan

import (
	"encoding/json"
	"fmt"
	"time"

	"readyroom/readiness"
)

// The protocol reaches the database through two small interfaces, each
// defined here for what the protocol needs of it; the app provides both
// (over app/store), so this package never sees bbolt.

// ChangeLog is the record database as the protocol sees it: changes in
// arrival order to serve, pulled pages to apply, and changes held back.
type ChangeLog interface {
	// Arrivals is the arrival number of the newest change held (0 when
	// none): what ChangeKeysAfter can list through.
	Arrivals() (uint64, error)
	// ChangeKeysAfter lists the keys ("record/change id") of changes that
	// arrived after cursor and no later than through, of records want
	// accepts, at most max.
	ChangeKeysAfter(cursor, through uint64, want func(readiness.RecordID) bool, max int) (keys []string, next uint64, more bool, err error)
	// AppendRawChanges appends to dst the changes keys name (as stored
	// JSON, separated by commas), skipping those not held or of records want
	// refuses, up to about maxBytes; n is how many.
	AppendRawChanges(dst []byte, keys []string, want func(readiness.RecordID) bool, maxBytes int) (out []byte, n int, more bool, err error)
	// Lacks returns the keys of changes neither stored nor held back here.
	Lacks(keys []string) ([]string, error)
	// ApplyPulled stores a page (holding back changes stamped after
	// notAfter) and writes the State entries in puts (the cursor, grants),
	// in one transaction.
	ApplyPulled(changes []readiness.Change, notAfter time.Time, puts map[string][]byte) (applied, held int, err error)
	// ReleaseHeld applies held changes no longer stamped after notAfter;
	// one its record now refuses is dropped, with the reason in dropped.
	ReleaseHeld(notAfter time.Time) (applied, stillHeld int, dropped []string, err error)
	// HasRecord reports whether a record exists here.
	HasRecord(id readiness.RecordID) bool
	// Holds reports whether any change of a record is held here (cheap).
	Holds(id readiness.RecordID) bool
	// LacksTemplates lists the organisation's template versions changes
	// name (creating a record, upgrading one) that are not held here.
	LacksTemplates(refs []readiness.TemplateRef) ([]readiness.TemplateRef, error)
	// TemplateVersions lists every held version of the organisation's
	// templates with these ids.
	TemplateVersions(ids []string) ([]readiness.TemplateRef, error)
	// TemplateText returns a held template version's text by its digest.
	TemplateText(digest string) ([]byte, error)
	// AddTemplate stores a version a peer sent once its text is checked
	// against want's digest (readiness.ErrTemplateDigest when it is not).
	AddTemplate(want readiness.TemplateRef, text []byte) error
}

// State is the LAN's own key-value state, under the keys below: teams,
// invites, peers, cursors, grants, share epochs and this device's identity.
type State interface {
	// Get reads an entry; nil when absent.
	Get(key string) ([]byte, error)
	// Update rewrites an entry in one transaction: fn gets the old value
	// (nil when absent) and returns the new one (nil deletes it).
	Update(key string, fn func(old []byte) ([]byte, error)) error
	// Scan calls fn for every entry under a prefix, in key order, inside
	// one read of the state: fn must not write to it.
	Scan(prefix string, fn func(key string, value []byte) error) error
}

// Keys of the LAN state, each read and written by one type only.
const (
	prefixTeam   = "team/"   // team/<teamID> → Team: teamStore
	prefixCursor = "cursor/" // cursor/<teamID>/<deviceID> → cursor: teamStore
	prefixGrant  = "grant/"  // grant/<teamID>/<recordID> → "1": teamStore.granted
	prefixEpoch  = "epoch/"  // epoch/<teamID> → decimal: teamStore.epoch
	prefixInvite = "invite/" // invite/<inviteID> → Invite
	prefixPeer   = "peer/"   // peer/<deviceID> → peerRecord: addressBook
	prefixTShare = "tshare/" // tshare/<teamID> → JSON list of template ids: Node.ShareTemplate (handlers read it)
)

// Keys of this device's identity in the LAN state.
const (
	keyCert     = "identity/cert"     // its certificate (PEM): see LoadOrCreateIdentity
	keyAnnounce = "identity/announce" // its announce key (hex): see announce.go
)

func getJSON[T any](s State, key string) (T, bool, error) {
	var v T
	b, err := s.Get(key)
	if err != nil || b == nil {
		return v, false, err
	}
	if err := json.Unmarshal(b, &v); err != nil {
		return v, false, fmt.Errorf("reading LAN state %s: %w", key, err)
	}
	return v, true, nil
}

func putJSON(s State, key string, v any) error {
	b, err := json.Marshal(v)
	if err != nil {
		return err
	}
	return s.Update(key, func([]byte) ([]byte, error) { return b, nil })
}
