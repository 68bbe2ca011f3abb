package lan

import (
	"encoding/json"
	"fmt"
	"maps"
	"slices"
	"strconv"
	"strings"
	"sync"

	"readyroom/readiness"
)

// teamStore is this device's teams and what it keeps with them in the LAN
// state: each team (team/), the records it lets travel through each team
// (grant/), each team's share epoch (epoch/) and how far it has pulled each
// member's changes of each team (cursor/). Nothing else reads or writes
// those keys.
//
// Teams and grants are also kept in memory, read once from the state and
// updated by each change: serving a page asks for the team and its grants
// on every request. Teams it returns share their maps with the cache and
// must not be changed in place (build a new Team to merge instead).
type teamStore struct {
	state State
	// changed is called after a merge changed a team: its members, or where
	// they listen, may have changed (the address book builds its set again).
	changed func()

	mu     sync.Mutex
	loaded bool
	teams  map[TeamID]Team
	grants map[TeamID]map[readiness.RecordID]bool // replaced, never changed in place: see setGrants
	// pending are the grants of records being stored from a pull (see
	// holdGrants), counted by pull; replaced, never changed in place.
	pending map[TeamID]map[readiness.RecordID]int
}

func newTeamStore(state State, changed func()) *teamStore {
	return &teamStore{state: state, changed: changed}
}

// cursor is how far this device has pulled one team's changes from one peer.
type cursor struct {
	Seq uint64 `json:"seq"`
	// Shares is the server's share epoch (see teamStore.epoch) when Seq
	// was reached: when it changes, records may have joined what the server
	// carries whose earlier changes lie before Seq, so the pull reads the
	// index again from zero (and fetches only what is missing).
	Shares string `json:"shares"`
}

func cursorKey(team TeamID, dev DeviceID) string {
	return prefixCursor + string(team) + "/" + dev.String()
}

func grantKey(team TeamID, rec readiness.RecordID) string {
	return prefixGrant + string(team) + "/" + string(rec)
}

// loadLocked reads every team and grant into memory the first time; s.mu
// must be held.
func (s *teamStore) loadLocked() error {
	if s.loaded {
		return nil
	}
	teams := map[TeamID]Team{}
	err := s.state.Scan(prefixTeam, func(k string, v []byte) error {
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
	err = s.state.Scan(prefixGrant, func(k string, _ []byte) error {
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
	s.teams, s.grants, s.loaded = teams, grants, true
	return nil
}

// load returns a team; ErrNotFound when absent.
func (s *teamStore) load(id TeamID) (Team, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if err := s.loadLocked(); err != nil {
		return Team{}, err
	}
	t, ok := s.teams[id]
	if !ok {
		return t, ErrNotFound
	}
	return t, nil
}

// all returns every team held, in id order.
func (s *teamStore) all() ([]Team, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if err := s.loadLocked(); err != nil {
		return nil, err
	}
	out := make([]Team, 0, len(s.teams))
	for _, t := range s.teams {
		out = append(out, t)
	}
	slices.SortFunc(out, func(a, b Team) int { return strings.Compare(string(a.ID), string(b.ID)) })
	return out, nil
}

// merge folds a copy of a team into the stored one (creating it) and
// returns the result and whether anything changed.
func (s *teamStore) merge(in Team) (Team, bool, error) {
	if err := in.Check(); err != nil {
		return Team{}, false, err
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	var out Team
	var reshared []readiness.RecordID // shared again here by the merge
	changed := false
	err := s.state.Update(prefixTeam+string(in.ID), func(old []byte) ([]byte, error) {
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
	if s.loaded {
		s.teams[out.ID] = out
	}
	if changed && s.changed != nil {
		s.changed()
	}
	for _, r := range reshared {
		if g, _ := s.state.Get(grantKey(out.ID, r)); g != nil {
			if err := s.bumpEpoch(out.ID); err != nil {
				return out, changed, err
			}
			break
		}
	}
	return out, changed, nil
}

// admits reports, in one look, whether this device lets a record travel
// through a team (granted: it shared the record with the team itself, or
// the record first arrived here through that team) and whether a pull is
// storing it with its grant (pending, see holdGrants). A team's shared list
// is written by every member, so it alone cannot decide what this device
// sends or accepts: a member marking someone's private record "shared" gets
// nothing, and a record this device stopped sharing stays private whatever
// others write later.
func (s *teamStore) admits(team TeamID, rec readiness.RecordID) (granted, pending bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.loadLocked() != nil {
		return false, false
	}
	return s.grants[team][rec], s.pending[team][rec] > 0
}

// grant lets a record travel through a team, or stops it.
func (s *teamStore) grant(team TeamID, rec readiness.RecordID, on bool) error {
	err := s.state.Update(grantKey(team, rec), func([]byte) ([]byte, error) {
		if on {
			return []byte("1"), nil
		}
		return nil, nil
	})
	if err != nil {
		return err
	}
	s.setGrants(team, []readiness.RecordID{rec}, on)
	return nil
}

// grantPuts adds to puts the entries that grant recs to a team, for a
// transaction that stores them with the records' changes (after which
// setGrants records them here).
func grantPuts(puts map[string][]byte, team TeamID, recs []readiness.RecordID) {
	for _, r := range recs {
		puts[grantKey(team, r)] = []byte("1")
	}
}

// setGrants records grants already written to the state. A team's grant map
// is never changed in place: it is replaced by a changed copy, so that what
// travels hands out (read inside store transactions) needs no lock.
func (s *teamStore) setGrants(team TeamID, recs []readiness.RecordID, on bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.setGrantsLocked(team, recs, on)
}

// holdGrants lets records travel through a team while a pull stores them
// with their grants: from before the transaction commits until release,
// which records the grants if they were stored (else drops them). An index
// answered meanwhile that lists the records' changes stored so far thus
// lists them all (see serveChanges): once stored, a change is never left
// out of an index its arrival number passes.
func (s *teamStore) holdGrants(team TeamID, recs []readiness.RecordID) (release func(stored bool)) {
	if len(recs) == 0 {
		return func(bool) {}
	}
	s.countPending(team, recs, 1)
	return func(stored bool) {
		s.mu.Lock()
		defer s.mu.Unlock()
		if stored {
			s.setGrantsLocked(team, recs, true)
		}
		s.countPendingLocked(team, recs, -1)
	}
}

func (s *teamStore) countPending(team TeamID, recs []readiness.RecordID, by int) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.countPendingLocked(team, recs, by)
}

func (s *teamStore) countPendingLocked(team TeamID, recs []readiness.RecordID, by int) {
	p := maps.Clone(s.pending[team])
	if p == nil {
		p = map[readiness.RecordID]int{}
	}
	for _, r := range recs {
		if p[r] += by; p[r] <= 0 {
			delete(p, r)
		}
	}
	if s.pending == nil {
		s.pending = map[TeamID]map[readiness.RecordID]int{}
	}
	s.pending[team] = p
}

func (s *teamStore) setGrantsLocked(team TeamID, recs []readiness.RecordID, on bool) {
	if !s.loaded {
		return // read with everything else on first use
	}
	g := s.grants[team]
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
	s.grants[team] = g
}

// travels is what a team carries from this device: the records shared with
// it that this device has granted.
//
// The function it returns takes no lock: the store calls it inside a read
// transaction. A lock there could close a cycle: bbolt's writer, growing the
// file, holds the write lock and waits for every read transaction to end,
// while merge holds s.mu and waits for the write lock.
func (s *teamStore) travels(t Team) func(readiness.RecordID) bool {
	s.mu.Lock()
	var g map[readiness.RecordID]bool
	if s.loadLocked() == nil {
		g = s.grants[t.ID] // replaced, never changed, by setGrants
	}
	pending := s.pending[t.ID] // likewise
	s.mu.Unlock()
	return func(r readiness.RecordID) bool { return t.Shares(r) && (g[r] || pending[r] > 0) }
}

// epoch counts the times a record whose changes may lie before a puller's
// cursor joined what a team carries from this device: a record this device
// shared, or one it holds granted that the team marks shared again. A
// record that arrives through the team does not count: its changes arrive
// with its grant, after every position a puller has passed. A puller whose
// cursor was saved at another epoch reads the index again from zero.
func (s *teamStore) epoch(team TeamID) string {
	b, err := s.state.Get(prefixEpoch + string(team))
	if err != nil || b == nil {
		return "0"
	}
	return string(b)
}

func (s *teamStore) bumpEpoch(team TeamID) error {
	return s.state.Update(prefixEpoch+string(team), func(old []byte) ([]byte, error) {
		v, _ := strconv.ParseUint(string(old), 10, 64)
		return strconv.AppendUint(nil, v+1, 10), nil
	})
}

// cursor is how far this device has pulled a team's changes from dev.
func (s *teamStore) cursor(team TeamID, dev DeviceID) (cursor, error) {
	c, _, err := getJSON[cursor](s.state, cursorKey(team, dev))
	return c, err
}

// cursorPut is the entry that moves the cursor into a team's changes from
// dev to c, for the transaction that stores what it was moved past.
func cursorPut(team TeamID, dev DeviceID, c cursor) map[string][]byte {
	b, _ := json.Marshal(c)
	return map[string][]byte{cursorKey(team, dev): b}
}

// forgetCursors makes the next pull of a team from each member read its
// index from zero (only what is missing is fetched).
func (s *teamStore) forgetCursors(team TeamID) error {
	var keys []string
	if err := s.state.Scan(prefixCursor+string(team)+"/", func(k string, _ []byte) error {
		keys = append(keys, k)
		return nil
	}); err != nil {
		return err
	}
	for _, k := range keys {
		if err := s.state.Update(k, func([]byte) ([]byte, error) { return nil, nil }); err != nil {
			return err
		}
	}
	return nil
}
