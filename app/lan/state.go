package lan

import (
	"encoding/json"
	"fmt"
	"slices"
	"strings"
	"sync"
	"time"

	"readyroom/readiness"
)

// Store is what the LAN needs of the database: changes in arrival order to
// serve, pulled pages to apply with their cursor, and a small key-value
// space for its own state. The app provides it (over app/store), so this
// package never sees bbolt.
type Store interface {
	// ChangesAfter returns changes (as stored JSON) that arrived after
	// cursor, of records want accepts, at most maxChanges and about maxBytes.
	ChangesAfter(cursor uint64, want func(readiness.RecordID) bool, maxChanges, maxBytes int) (changes []json.RawMessage, next uint64, more bool, err error)
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

// teamCache keeps every team in memory, read once from the store and
// updated by each merge: serving a page asks for the team on every request.
// Teams it returns share their maps with the cache and must not be changed
// in place (build a new Team to merge instead).
type teamCache struct {
	mu     sync.Mutex
	loaded bool
	teams  map[readiness.TeamID]readiness.Team
}

func (n *Node) loadAll() error {
	if n.tc.loaded {
		return nil
	}
	teams := map[readiness.TeamID]readiness.Team{}
	err := n.store.Scan(prefixTeam, func(k string, v []byte) error {
		var t readiness.Team
		if err := json.Unmarshal(v, &t); err != nil {
			return fmt.Errorf("reading %s: %w", k, err)
		}
		teams[t.ID] = t
		return nil
	})
	if err != nil {
		return err
	}
	n.tc.teams, n.tc.loaded = teams, true
	return nil
}

// loadTeam returns a team; ErrNotFound when absent.
func (n *Node) loadTeam(id readiness.TeamID) (readiness.Team, error) {
	n.tc.mu.Lock()
	defer n.tc.mu.Unlock()
	if err := n.loadAll(); err != nil {
		return readiness.Team{}, err
	}
	t, ok := n.tc.teams[id]
	if !ok {
		return t, ErrNotFound
	}
	return t, nil
}

// loadTeams returns every team held, in id order.
func (n *Node) loadTeams() ([]readiness.Team, error) {
	n.tc.mu.Lock()
	defer n.tc.mu.Unlock()
	if err := n.loadAll(); err != nil {
		return nil, err
	}
	out := make([]readiness.Team, 0, len(n.tc.teams))
	for _, t := range n.tc.teams {
		out = append(out, t)
	}
	slices.SortFunc(out, func(a, b readiness.Team) int { return strings.Compare(string(a.ID), string(b.ID)) })
	return out, nil
}

// mergeTeam folds a copy of a team into the stored one (creating it) and
// returns the result and whether anything changed.
func (n *Node) mergeTeam(in readiness.Team) (readiness.Team, bool, error) {
	if err := in.Check(); err != nil {
		return readiness.Team{}, false, err
	}
	n.tc.mu.Lock()
	defer n.tc.mu.Unlock()
	var out readiness.Team
	changed := false
	err := n.store.Update(prefixTeam+string(in.ID), func(old []byte) ([]byte, error) {
		out, changed = in, true
		if old != nil {
			var cur readiness.Team // fresh: decoding into in's maps would change in
			if err := json.Unmarshal(old, &cur); err != nil {
				return nil, fmt.Errorf("reading team %s: %w", in.ID, err)
			}
			out, changed = cur, cur.Merge(in)
			if !changed {
				return old, nil
			}
		}
		if err := out.Check(); err != nil {
			return nil, err
		}
		return json.Marshal(out)
	})
	if err != nil {
		return readiness.Team{}, false, err
	}
	if n.tc.loaded {
		n.tc.teams[out.ID] = out
	}
	return out, changed, nil
}

func putJSON(s Store, key string, v any) error {
	b, err := json.Marshal(v)
	if err != nil {
		return err
	}
	return s.Update(key, func([]byte) ([]byte, error) { return b, nil })
}
