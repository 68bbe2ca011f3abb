package lan

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"maps"
	"net/http"
	"slices"
	"strconv"
	"strings"
	"sync"
	"time"

	"readyroom/readiness"
)

// puller brings this device the changes its teammates hold: it pulls from
// each member (the team first, then the index of its changes after the
// cursor, then the changes missing here, page by page), pokes members to
// pull from this device, and runs at most one pull and one poke per peer at
// a time (see coalesce). It also applies held changes when their time comes.
// What it knows of each peer's sync this run, and how many changes are held,
// is under its mutex.
type puller struct {
	self    DeviceID
	teams   *teamStore
	book    *addressBook
	clients *peerClients
	changes ChangeLog
	clock   *readiness.Clock
	now     func() time.Time
	logf    func(format string, args ...any)
	emit    func(Event)
	// advertise writes this device's entry again in its teams, after a
	// merge that may have rewritten it.
	advertise func()

	wg sync.WaitGroup // pulls and pokes under way

	mu      sync.Mutex
	ctx     context.Context // the node's while it serves; nil before
	stopped bool            // the node is closing: nothing more starts
	peers   map[DeviceID]*syncState
	held    int // changes held back as stamped in the future
}

// syncState is what this run knows of the sync with a paired peer.
type syncState struct {
	lastSync time.Time
	lastErr  string
	pulled   int       // changes applied from it this run
	pull     coalesced // pulls from it
	poke     coalesced // pokes to it
}

// start lets pulls and pokes run, until ctx ends or stop.
func (p *puller) start(ctx context.Context) {
	p.mu.Lock()
	p.ctx = ctx
	p.mu.Unlock()
}

// stop lets no pull or poke start any more; wait then waits for those under
// way.
func (p *puller) stop() {
	p.mu.Lock()
	p.stopped = true
	p.mu.Unlock()
}

func (p *puller) wait() { p.wg.Wait() }

// syncView is the sync with a peer as the peers panel shows it.
type syncView struct {
	lastSync time.Time
	lastErr  string
	syncing  bool
	pulled   int
}

// syncOf is what this run knows of the sync with dev.
func (p *puller) syncOf(dev DeviceID) syncView {
	p.mu.Lock()
	defer p.mu.Unlock()
	ps, ok := p.peers[dev]
	if !ok {
		return syncView{}
	}
	return syncView{lastSync: ps.lastSync, lastErr: ps.lastErr, syncing: ps.pull.running, pulled: ps.pulled}
}

// heldNow is how many changes are held back.
func (p *puller) heldNow() int {
	p.mu.Lock()
	defer p.mu.Unlock()
	return p.held
}

// releaseHeld applies the held changes whose time has come.
func (p *puller) releaseHeld() {
	applied, still, dropped, err := p.changes.ReleaseHeld(p.now().Add(MaxFuture))
	if err != nil {
		p.logf("applying held changes: %v", err)
		return
	}
	for _, d := range dropped {
		p.logf("a held change was refused when its time came, and dropped: %s", d)
	}
	p.mu.Lock()
	changed := p.held != still
	p.held = still
	p.mu.Unlock()
	if applied > 0 {
		p.emit(Event{Kind: EventRecords})
	}
	if changed {
		p.emit(Event{Kind: EventPeers})
	}
}

// scheduleAll starts a pull from every paired peer.
func (p *puller) scheduleAll() {
	teams, err := p.teams.all()
	if err != nil {
		p.logf("reading teams: %v", err)
		return
	}
	seen := map[DeviceID]bool{}
	for _, t := range teams {
		if !t.IsMember(p.self) {
			continue
		}
		for _, d := range t.ActiveMembers() {
			if d != p.self && !seen[d] {
				seen[d] = true
				p.schedule(d)
			}
		}
	}
}

// schedule starts a pull from a peer, or marks one to follow the pull
// already running: at most one pull per peer at a time, and at most ten in a
// row, so a peer poking in a loop cannot pin this device.
func (p *puller) schedule(dev DeviceID) {
	p.coalesce(dev, func(ps *syncState) *coalesced { return &ps.pull }, 10, func(ctx context.Context) {
		err := p.pull(ctx, dev)
		p.mu.Lock()
		defer p.mu.Unlock()
		ps := p.peerLocked(dev)
		if err != nil {
			ps.lastErr = describe(err)
		} else {
			ps.lastErr, ps.lastSync = "", p.now()
		}
	}, func() { p.emit(Event{Kind: EventPeers}) })
}

// coalesced is the run state of one kind of job for one peer.
type coalesced struct{ running, again bool }

// coalesce runs job for a peer unless that job is already running, in which
// case it marks it to run once more when it ends (up to rounds runs in a
// row): a burst of requests costs at most one run in flight and one after.
// after, if not nil, is called when each run is over. Nothing starts before
// start, nor once the node is closing (see stop).
func (p *puller) coalesce(dev DeviceID, which func(*syncState) *coalesced, rounds int, job func(context.Context), after func()) {
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.ctx == nil || p.stopped || p.ctx.Err() != nil {
		return
	}
	c := which(p.peerLocked(dev))
	if c.running {
		c.again = true
		return
	}
	c.running = true
	ctx := p.ctx
	p.wg.Add(1) // under p.mu, which stop takes before wait waits
	go func() {
		defer p.wg.Done()
		for i := 1; ; i++ {
			job(ctx)
			p.mu.Lock()
			again := c.again && ctx.Err() == nil && i < rounds
			c.again = false
			c.running = again
			p.mu.Unlock()
			if after != nil {
				after()
			}
			if !again {
				return
			}
		}
	}()
}

// peerLocked returns the sync state of a device; p.mu must be held.
func (p *puller) peerLocked(dev DeviceID) *syncState {
	ps, ok := p.peers[dev]
	if !ok {
		ps = &syncState{}
		p.peers[dev] = ps
	}
	return ps
}

// describe puts a sync error in words for the peers panel.
func describe(err error) string {
	switch {
	case errors.Is(err, ErrPinMismatch):
		return "its certificate is not the one paired with: not syncing with it"
	case errors.Is(err, ErrNotFound):
		return "it no longer lists this device as a member"
	case errors.Is(err, ErrTooLarge):
		return "it sent more than the protocol allows; nothing from it was stored"
	case errors.Is(err, ErrUnreachable):
		return "not reachable: " + err.Error()
	}
	return err.Error()
}

// pokeTeam asks every other member to pull from this device soon. A poke
// carries nothing; it only schedules the member's pull.
func (p *puller) pokeTeam(t Team) {
	for _, d := range t.ActiveMembers() {
		if d != p.self {
			p.poke(d, t.ID)
		}
	}
}

// poke asks one member to pull from this device: at most one poke per
// member in flight, and one more after it when asked again meanwhile, so a
// burst of edits (or a team with many members) costs a bounded number of
// connections.
func (p *puller) poke(d DeviceID, team TeamID) {
	p.coalesce(d, func(ps *syncState) *coalesced { return &ps.poke }, 2, func(ctx context.Context) {
		pctx, cancel := context.WithTimeout(ctx, 5*time.Second)
		defer cancel()
		for _, addr := range p.book.addrsOf(d) {
			if err := p.clients.call(pctx, d, addr, http.MethodPost, "/v1/teams/"+string(team)+"/poke", 4<<10, nil); !tryNextAddr(err) {
				return
			}
		}
	}, nil)
}

// pull fetches every team this device shares with dev: the team state
// first (merged; a removal stops everything), then the changes after the
// cursor, page by page, each page applied with its cursor in one transaction.
func (p *puller) pull(ctx context.Context, dev DeviceID) error {
	teams, err := p.teams.all()
	if err != nil {
		return err
	}
	addrs := p.book.addrsOf(dev)
	if len(addrs) == 0 {
		return fmt.Errorf("%w: not seen on the network yet", ErrUnreachable)
	}
	var firstErr error
	for _, t := range teams {
		if !t.IsMember(p.self) || !t.IsMember(dev) {
			continue
		}
		if err := p.pullTeam(ctx, dev, addrs, t.ID); err != nil && firstErr == nil {
			firstErr = err
		}
	}
	return firstErr
}

func (p *puller) pullTeam(ctx context.Context, dev DeviceID, addrs []string, id TeamID) error {
	var addr string
	var team Team
	var err error
	// Try each address: one that does not answer, or answers with another
	// certificate (a stale or spoofed sighting), is skipped.
	for _, a := range addrs {
		team, err = p.readTeam(ctx, dev, a, id)
		if !tryNextAddr(err) {
			addr = a
			break
		}
	}
	if err != nil {
		return err
	}
	if !team.IsMember(p.self) {
		return ErrRemoved
	}
	if !team.IsMember(dev) {
		return nil // removed by someone else: stop here
	}
	cur, err := p.teams.cursor(id, dev)
	if err != nil {
		return err
	}
	restarted, rereads := false, 0
	// epoch is the share epoch of the first page read from cur: every cursor
	// this reading saves carries it, even when a later page's has moved (a
	// record was shared meanwhile, its changes perhaps on pages already
	// read), so that the next pull reads the index again from the start.
	epoch, reading := "", false
	for range 10000 { // bounded; an index page moves the cursor or ends the loop
		// Membership is checked before every page: a peer removed while a
		// pull runs gets nothing more applied.
		if t, err := p.teams.load(id); err != nil || !t.IsMember(dev) || !t.IsMember(p.self) {
			return nil
		}
		var idx indexBody
		path := "/v1/teams/" + string(id) + "/changes?after=" + strconv.FormatUint(cur.Seq, 10)
		if err := p.clients.call(ctx, dev, addr, http.MethodGet, path, MaxIndexBytes, &idx); err != nil {
			return err
		}
		if idx.Shares != cur.Shares && cur.Seq != 0 && !restarted {
			// What the peer carries for the team changed since the cursor was
			// saved: read its index again from the start, so that records
			// shared since arrive whole (what is held already is not fetched).
			cur, restarted = cursor{Shares: idx.Shares}, true
			epoch, reading = "", false // a new reading
			continue
		}
		if !reading {
			epoch, reading = idx.Shares, true
		}
		if len(idx.Keys) > MaxIndexKeys {
			return fmt.Errorf("%w: an index of %d changes (the limit is %d)", ErrTooLarge, len(idx.Keys), MaxIndexKeys)
		}
		if idx.Next < cur.Seq || (idx.More && idx.Next == cur.Seq) {
			return fmt.Errorf("%w: its cursor went from %d to %d", ErrProtocol, cur.Seq, idx.Next)
		}
		want, grants, err := p.wanted(team, dev, idx.Keys)
		if errors.As(err, new(notSharedError)) && rereads < 3 {
			// The peer shared a record after it sent its team: read the team
			// again (a few times a pull at most), and then the same page.
			rereads++
			if team, err = p.readTeam(ctx, dev, addr, id); err != nil {
				return err
			}
			if !team.IsMember(p.self) {
				return ErrRemoved
			}
			continue
		}
		if err != nil {
			return err
		}
		next := cursor{Seq: idx.Next, Shares: epoch}
		if len(want) > 0 || next != cur {
			if err := p.fetch(ctx, dev, addr, team, want, grants, cursorPut(id, dev, next)); err != nil {
				return err
			}
		}
		cur = next
		if !idx.More {
			p.book.remember(dev, addr, true)
			return p.pullSharedTemplates(ctx, dev, addr, team)
		}
	}
	return nil
}

// readTeam asks dev at addr for its copy of a team and merges it into this
// device's (a removal stops everything). It returns the merged team; a
// member it adds is pulled from at once.
func (p *puller) readTeam(ctx context.Context, dev DeviceID, addr string, id TeamID) (Team, error) {
	var remote Team
	if err := p.clients.call(ctx, dev, addr, http.MethodGet, "/v1/teams/"+string(id), MaxTeamBytes, &remote); err != nil {
		return Team{}, err
	}
	if remote.ID != id {
		return Team{}, fmt.Errorf("%w: asked for team %s, got %s", ErrProtocol, id, remote.ID)
	}
	if err := checkStamps(&remote, p.now()); err != nil {
		return Team{}, err
	}
	p.clock.Observe(remote.LatestStamp())
	before, _ := p.teams.load(id)
	if m, ok := remote.Members[dev]; ok && m.Removed {
		// A copy from a device that lists itself as removed is taken for
		// that alone: nothing else it says (a device it added, a rename)
		// can be trusted any more.
		upd := before.Patch()
		upd.Members = map[DeviceID]Member{dev: m}
		remote = upd
	}
	team, changed, err := p.teams.merge(remote)
	if err != nil {
		// Its copy cannot be merged (the union would be over a limit): keep
		// ours and still pull the records, so that sync does not stop.
		p.logf("the team sent by %s was not merged: %v", dev.Short(), err)
		return p.teams.load(id)
	}
	if changed {
		p.emit(Event{Kind: EventTeams})
		p.advertise() // in case the copy rewrote this device's own entry
		for _, d := range team.ActiveMembers() {
			if d != p.self && d != dev && !before.IsMember(d) {
				p.schedule(d) // a member we just learned of: pull from it now
			}
		}
	}
	return team, nil
}

// pullSharedTemplates fetches the versions of the templates a member
// shares with the team that this device lacks, so that the squad's new
// records can use them. A member of an older Ready Room answers 404.
func (p *puller) pullSharedTemplates(ctx context.Context, dev DeviceID, addr string, team Team) error {
	var list templateList
	err := p.clients.call(ctx, dev, addr, http.MethodGet, "/v1/teams/"+string(team.ID)+"/templates", MaxIndexBytes, &list)
	if errors.Is(err, ErrNotFound) {
		return nil
	}
	if err != nil {
		return err
	}
	if len(list.Templates) > MaxSharedTemplates {
		return fmt.Errorf("%w: %d shared template versions (the limit is %d)", ErrTooLarge, len(list.Templates), MaxSharedTemplates)
	}
	return p.fetchTemplateRefs(ctx, dev, addr, team, list.Templates)
}

// wanted reads an index page: every key must name a change of a record
// shared with the team. It returns the keys to fetch: not held here yet,
// each once, and not of a record this device holds but has not granted to
// the team (it keeps it private, or stopped sharing it): a member cannot
// write into a record by calling it shared. A record new here arrives
// through the team and is granted to it.
func (p *puller) wanted(team Team, dev DeviceID, keys []string) (want []string, grants []readiness.RecordID, err error) {
	seen := make(map[string]bool, len(keys))
	ignored := 0
	// A record's changes come in runs: its checks are made once a run.
	var last readiness.RecordID
	lastWanted := false
	for _, k := range keys {
		rec, err := parseChangeKey(k, last)
		if err != nil {
			return nil, nil, fmt.Errorf("%w: %v", ErrProtocol, err)
		}
		if rec != last {
			if !team.Shares(rec) {
				return nil, nil, notSharedError{rec, team.Name}
			}
			last = rec
			granted, pending := p.teams.admits(team.ID, rec)
			held := true
			if !granted {
				// Whether it is held here is read before its grants are read
				// again: a pull storing it (from another member, meanwhile)
				// holds its grant from before it is stored (holdGrants).
				held = p.changes.Holds(rec)
				granted, pending = p.teams.admits(team.ID, rec)
			}
			switch {
			case granted || slices.Contains(grants, rec):
				lastWanted = true
			case pending || !held: // new here: it arrives with its grant (written again if pending)
				grants = append(grants, rec)
				lastWanted = true
			default:
				lastWanted = false
			}
		}
		if seen[k] {
			continue
		}
		seen[k] = true
		if !lastWanted {
			ignored++
			continue
		}
		want = append(want, k)
	}
	if ignored > 0 {
		p.logf("ignored %d changes from %s of records kept private here", ignored, dev.Short())
	}
	want, err = p.changes.Lacks(want)
	return want, grants, err
}

// notSharedError is an index listing a change of a record the team (as
// this device has it) does not share: a protocol error, unless the peer
// shared the record after it sent the team (pullTeam reads the team again,
// up to three times a pull).
type notSharedError struct {
	rec  readiness.RecordID
	team string
}

func (e notSharedError) Error() string {
	return fmt.Sprintf("%v: it listed a change of record %s, which is not shared with %s", ErrProtocol, e.rec, e.team)
}

func (e notSharedError) Unwrap() error { return ErrProtocol }

// parseChangeKey checks a key of an index page ("record/change id") and
// returns its record; a record part equal to known (already checked) is not
// checked again.
func parseChangeKey(k string, known readiness.RecordID) (readiness.RecordID, error) {
	rec, id, ok := strings.Cut(k, "/")
	if !ok {
		return "", fmt.Errorf("change key %q has no record part", clip(k, 80))
	}
	r := known
	if rec != string(known) || known == "" {
		var err error
		if r, err = readiness.ParseRecordID(rec); err != nil || string(r) != rec {
			return "", fmt.Errorf("change key %q names no record", clip(k, 80))
		}
	}
	if _, _, err := readiness.ChangeID(id).Parse(); err != nil {
		return "", fmt.Errorf("change key %q: %v", clip(k, 80), err)
	}
	return r, nil
}

// fetch asks dev for the changes keys name, at most a page at a time, and
// applies them a few pages to a transaction with the grants of new records; the
// entries in last (the cursor) are written with the last page, or alone when
// nothing is missing, so the cursor never moves past a change not applied.
// A page must hold only changes asked for; a change the peer no longer
// carries for the team (its record was unshared meanwhile) is not asked for
// again.
func (p *puller) fetch(ctx context.Context, dev DeviceID, addr string, team Team, keys []string, grants []readiness.RecordID, last map[string][]byte) error {
	if len(keys) == 0 {
		_, _, err := p.changes.ApplyPulled(nil, p.now(), last)
		return err
	}
	if len(keys) >= applyBatch {
		defer enterBulkGC()()
	}
	path := "/v1/teams/" + string(team.ID) + "/changes"
	var pending []readiness.Change
	for len(keys) > 0 {
		batch := keys[:min(len(keys), MaxPageChanges)]
		page := pageBody{Changes: make([]readiness.Change, 0, len(batch))} // decoded into, not grown
		if err := p.clients.callWith(ctx, dev, addr, http.MethodPost, path, fetchRequest{Keys: batch}, MaxPageBytes, &page); err != nil {
			return err
		}
		if len(page.Changes) > len(batch) {
			return fmt.Errorf("%w: a page of %d changes for %d asked for (the limit is %d)", ErrTooLarge, len(page.Changes), len(batch), MaxPageChanges)
		}
		asked := make(map[string]bool, len(batch))
		for _, k := range batch {
			asked[k] = true
		}
		for _, c := range page.Changes {
			k := readiness.ChangeKey(c.Record, c.ID)
			if !asked[k] {
				return fmt.Errorf("%w: it sent change %s of record %s, which was not asked for or came twice", ErrProtocol, clip(string(c.ID), 80), clip(string(c.Record), 40))
			}
			delete(asked, k)
		}
		rest := keys[len(batch):]
		if page.More && len(page.Changes) > 0 {
			// Stopped at the page's size: ask again for the rest of the batch.
			var again []string
			for _, k := range batch {
				if asked[k] {
					again = append(again, k)
				}
			}
			rest = append(again, rest...)
		}
		keys = rest
		pending = append(pending, page.Changes...)
		if len(pending) < applyBatch && len(keys) > 0 {
			continue
		}
		if err := p.fetchTemplates(ctx, dev, addr, team, pending); err != nil {
			return err
		}
		puts := make(map[string][]byte, len(grants)+len(last))
		grantPuts(puts, team.ID, grants)
		if len(keys) == 0 {
			maps.Copy(puts, last)
		}
		release := p.teams.holdGrants(team.ID, grants)
		applied, held, err := p.changes.ApplyPulled(pending, p.now().Add(MaxFuture), puts)
		release(err == nil)
		if err != nil {
			return fmt.Errorf("changes from %s refused, nothing stored: %w", dev.Short(), err)
		}
		p.noteApplied(dev, pending, applied, held)
		pending = pending[:0]
	}
	return nil
}

// fetchTemplates asks the member that sent changes for the versions of the
// organisation's templates they name that this device lacks, checks each
// against its digest and stores it, so that the records open here. A
// member that cannot send one, or sends other text, fails the pull
// (nothing of it is stored; the next pull asks again).
func (p *puller) fetchTemplates(ctx context.Context, dev DeviceID, addr string, team Team, changes []readiness.Change) error {
	var named []readiness.TemplateRef
	for _, c := range changes {
		if ref, ok := readiness.TemplateNamed(c); ok {
			named = append(named, ref)
		}
	}
	return p.fetchTemplateRefs(ctx, dev, addr, team, named)
}

// fetchTemplateRefs fetches the versions of refs this device lacks.
func (p *puller) fetchTemplateRefs(ctx context.Context, dev DeviceID, addr string, team Team, named []readiness.TemplateRef) error {
	if len(named) == 0 {
		return nil
	}
	refs, err := p.changes.LacksTemplates(named)
	if err != nil || len(refs) == 0 {
		return err
	}
	if len(refs) > MaxTemplatesPerPull {
		return fmt.Errorf("%w: its changes name %d template versions this device lacks; the limit is %d", ErrTooLarge, len(refs), MaxTemplatesPerPull)
	}
	for _, ref := range refs {
		var text json.RawMessage
		path := "/v1/teams/" + string(team.ID) + "/templates/" + ref.Digest
		if err := p.clients.call(ctx, dev, addr, http.MethodGet, path, readiness.MaxTemplate, &text); err != nil {
			return fmt.Errorf("template %s from %s: %w", ref, dev.Short(), err)
		}
		if err := p.changes.AddTemplate(ref, text); err != nil {
			return fmt.Errorf("template %s from %s refused, nothing stored: %w", ref, dev.Short(), err)
		}
		p.logf("stored template %s from %s", ref, dev.Short())
	}
	return nil
}

// MaxTemplatesPerPull bounds the template versions one pull may fetch.
const MaxTemplatesPerPull = 64

// applyBatch is how many fetched changes are stored in one transaction: a
// few pages, for fewer commits and fewer encodings of a record that spans
// pages.
const applyBatch = 2000

// noteApplied moves the clock past what a page brought (but not past a
// change held back) and tells the app which records changed.
func (p *puller) noteApplied(dev DeviceID, changes []readiness.Change, applied, held int) {
	if applied == 0 && held == 0 {
		return
	}
	var recs []readiness.RecordID
	limit := p.now().Add(MaxFuture).UnixMilli()
	for _, c := range changes {
		if c.HLC.Wall <= limit { // a held change must not drag the clock ahead
			p.clock.Observe(c.HLC)
		}
		if !slices.Contains(recs, c.Record) {
			recs = append(recs, c.Record)
		}
	}
	p.mu.Lock()
	p.peerLocked(dev).pulled += applied
	p.held += held
	p.mu.Unlock()
	p.emit(Event{Kind: EventRecords, Records: recs})
}
