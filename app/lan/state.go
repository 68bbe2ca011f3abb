package lan

import (
	"encoding/json"
	"fmt"
	"maps"
	"slices"
	"strconv"
	"strings"
	"sync"
	"time"

	"readyroom/readiness"
)

// The protocol reaches the database through two small interfaces, each
// defined here for what the protocol needs of it; the app provides both
// (over app/store), so this package never sees bbolt.

// ChangeLog is the record database as the protocol sees it: changes in
// arrival order to serve, pulled pages to apply, and changes held back.
type ChangeLog interface {
	// ChangeKeysAfter lists the keys ("record/change id") of changes that
	// arrived after cursor, of records want accepts, at most max.
	ChangeKeysAfter(cursor uint64, want func(readiness.RecordID) bool, max int) (keys []string, next uint64, more bool, err error)
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

// Keys of the LAN state.
const (
	prefixTeam   = "team/"   // team/<teamID> → Team
	prefixInvite = "invite/" // invite/<inviteID> → Invite
	prefixPeer   = "peer/"   // peer/<deviceID> → peerRecord
	prefixCursor = "cursor/" // cursor/<teamID>/<deviceID> → cursor
	prefixGrant  = "grant/"  // grant/<teamID>/<recordID> → "1": see granted
	prefixEpoch  = "epoch/"  // epoch/<teamID> → decimal: see shareEpoch
)

// Keys of this device's identity in the LAN state.
const (
	keyCert     = "identity/cert"     // its certificate (PEM): see LoadOrCreateIdentity
	keyAnnounce = "identity/announce" // its announce key (hex): see announce.go
)

// peerRecord is what this device remembers of a paired peer.
type peerRecord struct {
	Addrs    []string  `json:"addrs"`
	LastSync time.Time `json:"lastSync"`
}

// cursor is how far this device has pulled one team's changes from one peer.
type cursor struct {
	Seq uint64 `json:"seq"`
	// Shares is the server's share epoch (see Node.shareEpoch) when Seq
	// was reached: when it changes, records may have joined what the server
	// carries whose earlier changes lie before Seq, so the pull reads the
	// index again from zero (and fetches only what is missing).
	Shares string `json:"shares"`
}

func cursorKey(team TeamID, dev DeviceID) string {
	return prefixCursor + string(team) + "/" + dev.String()
}

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

// teamCache keeps every team in memory, read once from the store and
// updated by each merge: serving a page asks for the team on every request.
// Teams it returns share their maps with the cache and must not be changed
// in place (build a new Team to merge instead).
type teamCache struct {
	mu     sync.Mutex
	loaded bool
	teams  map[TeamID]Team
	grants map[TeamID]map[readiness.RecordID]bool
}

func grantKey(team TeamID, rec readiness.RecordID) string {
	return prefixGrant + string(team) + "/" + string(rec)
}

// granted reports whether this device lets a record travel through a team:
// it shared the record with the team itself, or the record first arrived
// here through that team. A team's shared list is written by every member,
// so it alone cannot decide what this device sends or accepts: a member
// marking someone's private record "shared" gets nothing, and a record this
// device stopped sharing stays private whatever others write later.
func (n *Node) granted(team TeamID, rec readiness.RecordID) bool {
	n.tc.mu.Lock()
	defer n.tc.mu.Unlock()
	if n.loadAll() != nil {
		return false
	}
	return n.tc.grants[team][rec]
}

// setGrants records grants already written to the store. A team's grant map
// is never changed in place: it is replaced by a changed copy, so that what
// travels hands out (read inside store transactions) needs no lock.
func (n *Node) setGrants(team TeamID, recs []readiness.RecordID, on bool) {
	n.tc.mu.Lock()
	defer n.tc.mu.Unlock()
	if !n.tc.loaded {
		return // read with everything else on first use
	}
	g := n.tc.grants[team]
	if !slices.ContainsFunc(recs, func(r readiness.RecordID) bool { return g[r] != on }) {
		return
	}
	g = maps.Clone(g)
	if g == nil {
		g = map[readiness.RecordID]bool{}
	}
	for _, r := range recs {
		if on {
			g[r] = true
		} else {
			delete(g, r)
		}
	}
	n.tc.grants[team] = g
}

// travels is what a team carries from this device: the records shared with
// it that this device has granted.
//
// The function it returns takes no lock: the store calls it inside a read
// transaction. A lock there could close a cycle: bbolt's writer, growing the
// file, holds the write lock and waits for every read transaction to end,
// while mergeTeam holds the node's lock and waits for the write lock.
func (n *Node) travels(t Team) func(readiness.RecordID) bool {
	n.tc.mu.Lock()
	var g map[readiness.RecordID]bool
	if n.loadAll() == nil {
		g = n.tc.grants[t.ID] // replaced, never changed, by setGrants
	}
	n.tc.mu.Unlock()
	return func(r readiness.RecordID) bool { return t.Shares(r) && g[r] }
}

// shareEpoch counts the times a record whose changes may lie before a
// puller's cursor joined what a team carries from this device: a record this
// device shared, or one it holds granted that the team marks shared again.
// A record that arrives through the team does not count: its changes arrive
// with its grant, after every position a puller has passed. A puller whose
// cursor was saved at another epoch reads the index again from zero.
func (n *Node) shareEpoch(team TeamID) string {
	b, err := n.state.Get(prefixEpoch + string(team))
	if err != nil || b == nil {
		return "0"
	}
	return string(b)
}

func (n *Node) bumpEpoch(team TeamID) error {
	return n.state.Update(prefixEpoch+string(team), func(old []byte) ([]byte, error) {
		v, _ := strconv.ParseUint(string(old), 10, 64)
		return strconv.AppendUint(nil, v+1, 10), nil
	})
}

func (n *Node) loadAll() error {
	if n.tc.loaded {
		return nil
	}
	teams := map[TeamID]Team{}
	err := n.state.Scan(prefixTeam, func(k string, v []byte) error {
		var t Team
		if err := json.Unmarshal(v, &t); err != nil {
			return fmt.Errorf("reading %s: %w", k, err)
		}
		teams[t.ID] = t
		return nil
	})
	if err != nil {
		return err
	}
	grants := map[TeamID]map[readiness.RecordID]bool{}
	err = n.state.Scan(prefixGrant, func(k string, _ []byte) error {
		team, rec, ok := strings.Cut(strings.TrimPrefix(k, prefixGrant), "/")
		if ok {
			if grants[TeamID(team)] == nil {
				grants[TeamID(team)] = map[readiness.RecordID]bool{}
			}
			grants[TeamID(team)][readiness.RecordID(rec)] = true
		}
		return nil
	})
	if err != nil {
		return err
	}
	n.tc.teams, n.tc.grants, n.tc.loaded = teams, grants, true
	return nil
}

// loadTeam returns a team; ErrNotFound when absent.
func (n *Node) loadTeam(id TeamID) (Team, error) {
	n.tc.mu.Lock()
	defer n.tc.mu.Unlock()
	if err := n.loadAll(); err != nil {
		return Team{}, err
	}
	t, ok := n.tc.teams[id]
	if !ok {
		return t, ErrNotFound
	}
	return t, nil
}

// loadTeams returns every team held, in id order.
func (n *Node) loadTeams() ([]Team, error) {
	n.tc.mu.Lock()
	defer n.tc.mu.Unlock()
	if err := n.loadAll(); err != nil {
		return nil, err
	}
	out := make([]Team, 0, len(n.tc.teams))
	for _, t := range n.tc.teams {
		out = append(out, t)
	}
	slices.SortFunc(out, func(a, b Team) int { return strings.Compare(string(a.ID), string(b.ID)) })
	return out, nil
}

// mergeTeam folds a copy of a team into the stored one (creating it) and
// returns the result and whether anything changed.
func (n *Node) mergeTeam(in Team) (Team, bool, error) {
	if err := in.Check(); err != nil {
		return Team{}, false, err
	}
	n.tc.mu.Lock()
	defer n.tc.mu.Unlock()
	var out Team
	var reshared []readiness.RecordID // shared again here by the merge
	changed := false
	err := n.state.Update(prefixTeam+string(in.ID), func(old []byte) ([]byte, error) {
		out, changed = in, true
		if old != nil {
			var cur Team // fresh: decoding into in's maps would change in
			if err := json.Unmarshal(old, &cur); err != nil {
				return nil, fmt.Errorf("reading team %s: %w", in.ID, err)
			}
			was := map[readiness.RecordID]bool{} // before the merge, which changes cur's maps
			for r := range in.Records {
				was[r] = cur.Shares(r)
			}
			out, changed = cur, cur.Merge(in)
			if !changed {
				return old, nil
			}
			reshared = reshared[:0]
			for r := range in.Records {
				if out.Shares(r) && !was[r] {
					reshared = append(reshared, r)
				}
			}
		}
		if err := out.Check(); err != nil {
			return nil, err
		}
		b, err := json.Marshal(out)
		if err == nil && len(b) > MaxTeamBytes-64<<10 {
			return nil, fmt.Errorf("%w: team %s would be %d KiB, over the %d KiB a peer may send", ErrTooLarge, out.ID, len(b)>>10, (MaxTeamBytes-64<<10)>>10)
		}
		return b, err
	})
	if err != nil {
		return Team{}, false, err
	}
	if n.tc.loaded {
		n.tc.teams[out.ID] = out
	}
	if changed {
		n.addrsChanged() // members, and where they listen, may have changed
	}
	for _, r := range reshared {
		if g, _ := n.state.Get(grantKey(out.ID, r)); g != nil {
			if err := n.bumpEpoch(out.ID); err != nil {
				return out, changed, err
			}
			break
		}
	}
	return out, changed, nil
}

func putJSON(s State, key string, v any) error {
	b, err := json.Marshal(v)
	if err != nil {
		return err
	}
	return s.Update(key, func([]byte) ([]byte, error) { return b, nil })
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
