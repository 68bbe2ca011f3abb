package lan

import (
	"encoding/json"
	"fmt"
	"time"

	"readyroom/readiness"
)

// Store is what the LAN needs of the database: changes in arrival order to
// serve, pulled pages to apply with their cursor, and a small key-value
// space for its own state. The app provides it (over app/store), so this
// package never sees bbolt.
type Store interface {
	// ChangesAfter returns changes that arrived after cursor, of records
	// want accepts, at most maxChanges and about maxBytes.
	ChangesAfter(cursor uint64, want func(readiness.RecordID) bool, maxChanges, maxBytes int) (changes []readiness.Change, next uint64, more bool, err error)
	// ApplyPulled stores a page (holding back changes stamped after
	// notAfter) and sets key to value, in one transaction.
	ApplyPulled(changes []readiness.Change, notAfter time.Time, key string, value []byte) (applied, held int, err error)
	// ReleaseHeld applies held changes no longer stamped after notAfter.
	ReleaseHeld(notAfter time.Time) (applied, stillHeld int, err error)
	// HasRecord reports whether a record exists here.
	HasRecord(id readiness.RecordID) bool
	Get(key string) ([]byte, error)
	Update(key string, fn func(old []byte) ([]byte, error)) error
	Scan(prefix string, fn func(key string, value []byte) error) error
}

// Keys of the LAN state.
const (
	prefixTeam   = "team/"   // team/<teamID> → readiness.Team
	prefixInvite = "invite/" // invite/<inviteID> → Invite
	prefixPeer   = "peer/"   // peer/<deviceID> → peerRecord
	prefixCursor = "cursor/" // cursor/<teamID>/<deviceID> → cursor
)

// peerRecord is what this device remembers of a paired peer.
type peerRecord struct {
	Addrs    []string  `json:"addrs"`
	LastSync time.Time `json:"lastSync"`
}

// cursor is how far this device has pulled one team's changes from one peer.
type cursor struct {
	Seq uint64 `json:"seq"`
	// Shares is the team's ShareDigest when Seq was reached: when it
	// changes, records may have joined the team whose earlier changes lie
	// before Seq, so the pull starts again from zero (applying a change
	// twice is a no-op).
	Shares string `json:"shares"`
}

func cursorKey(team readiness.TeamID, dev readiness.DeviceID) string {
	return prefixCursor + string(team) + "/" + dev.String()
}

func getJSON[T any](s Store, key string) (T, bool, error) {
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

// loadTeam reads a team; ErrNotFound when absent.
func loadTeam(s Store, id readiness.TeamID) (readiness.Team, error) {
	t, ok, err := getJSON[readiness.Team](s, prefixTeam+string(id))
	if err != nil {
		return t, err
	}
	if !ok {
		return t, ErrNotFound
	}
	return t, nil
}

// mergeTeam folds a copy of a team into the stored one (creating it) and
// returns the result and whether anything changed.
func mergeTeam(s Store, in readiness.Team) (readiness.Team, bool, error) {
	if err := in.Check(); err != nil {
		return readiness.Team{}, false, err
	}
	var out readiness.Team
	changed := false
	err := s.Update(prefixTeam+string(in.ID), func(old []byte) ([]byte, error) {
		out, changed = in, true
		if old != nil {
			var cur readiness.Team // fresh: decoding into in's maps would change in
			if err := json.Unmarshal(old, &cur); err != nil {
				return nil, fmt.Errorf("reading team %s: %w", in.ID, err)
			}
			out, changed = cur, cur.Merge(in)
		}
		if err := out.Check(); err != nil {
			return nil, err
		}
		return json.Marshal(out)
	})
	return out, changed, err
}

func loadTeams(s Store) ([]readiness.Team, error) {
	var out []readiness.Team
	err := s.Scan(prefixTeam, func(k string, v []byte) error {
		var t readiness.Team
		if err := json.Unmarshal(v, &t); err != nil {
			return fmt.Errorf("reading %s: %w", k, err)
		}
		out = append(out, t)
		return nil
	})
	return out, err
}

func putJSON(s Store, key string, v any) error {
	b, err := json.Marshal(v)
	if err != nil {
		return err
	}
	return s.Update(key, func([]byte) ([]byte, error) { return b, nil })
}
