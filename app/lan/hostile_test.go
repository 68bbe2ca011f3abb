package lan

import (
	"encoding/json"
	"errors"
	"net/http"
	"net/netip"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"readyroom/readiness"
)

// hostileSetup pairs Ana with Mallory, a member whose server then turns
// hostile: it answers the team request honestly and the changes request
// with whatever the test serves.
func hostileSetup(t *testing.T, serve func(w http.ResponseWriter, r *http.Request)) (ana, mallory *testPeer, rec readiness.RecordID, team TeamID) {
	t.Helper()
	ana, mallory = newPeer(t, "Ana", manual), newPeer(t, "Mallory", manual)
	tm := teamOf(t, ana, mallory)
	rec = ana.create("Tokenisation v3")
	ana.node.Share(rec, tm.ID, true)
	if err := mallory.pullFrom(ana); err != nil {
		t.Fatal(err)
	}
	if err := ana.pullFrom(mallory); err != nil {
		t.Fatal(err)
	}
	// The join scheduled pulls of its own (each side pulls the other): let
	// them end first, or one running late writes its cursor after the
	// test's pull and moves it back.
	idle(t, ana, mallory)
	idle(t, mallory, ana)
	inner := mallory.inner
	mallory.serve(func(w http.ResponseWriter, r *http.Request) {
		if strings.HasSuffix(r.URL.Path, "/changes") {
			serve(w, r)
			return
		}
		inner.ServeHTTP(w, r)
	})
	return ana, mallory, rec, tm.ID
}

// mallorysEdit is a well-formed change by Mallory that she has not applied.
func mallorysEdit(t *testing.T, m *testPeer, rec readiness.RecordID, p readiness.Path, v any) readiness.Change {
	t.Helper()
	d, ok := m.doc(rec)
	if !ok {
		t.Fatal("Mallory has no record")
	}
	c, err := m.maker.Edit(&d, p, v)
	if err != nil {
		t.Fatal(err)
	}
	return c
}

// pageShares is the share digest the hostile server answers with: the real
// one, so that the puller judges the page itself rather than starting over.
var pageShares string

// servePage answers the index request with the keys of changes and the
// fetch with the changes themselves.
func servePage(changes []readiness.Change, next uint64) func(http.ResponseWriter, *http.Request) {
	return serveListedSent(changes, changes, next)
}

// serveListedSent lists the changes listed in its index and answers every
// fetch with the changes sent, whatever was asked for.
func serveListedSent(listed, sent []readiness.Change, next uint64) func(http.ResponseWriter, *http.Request) {
	shares := pageShares
	return func(w http.ResponseWriter, r *http.Request) {
		if r.Method == http.MethodGet {
			keys := []string{}
			for _, c := range listed {
				keys = append(keys, readiness.ChangeKey(c.Record, c.ID))
			}
			writeJSON(w, indexBody{Keys: keys, Next: next, Shares: shares})
			return
		}
		writeJSON(w, pageBody{Changes: sent})
	}
}

func TestHostilePeerPagesAreRefusedWhole(t *testing.T) {
	var m *testPeer
	var rec readiness.RecordID
	cases := []struct {
		name  string
		serve func() func(http.ResponseWriter, *http.Request)
		want  error
	}{
		{"more than 500 changes", func() func(http.ResponseWriter, *http.Request) {
			c := mallorysEdit(t, m, rec, "title", "x")
			page := make([]readiness.Change, MaxPageChanges+1)
			for i := range page {
				page[i] = c
			}
			return servePage(page, 99)
		}, ErrTooLarge},
		{"a body over 4 MiB", func() func(http.ResponseWriter, *http.Request) {
			return func(w http.ResponseWriter, r *http.Request) {
				w.Write([]byte(`{"changes":[],"next":1,"pad":"`))
				w.Write([]byte(strings.Repeat("x", MaxPageBytes)))
				w.Write([]byte(`"}`))
			}
		}, ErrTooLarge},
		{"a value over 256 KiB", func() func(http.ResponseWriter, *http.Request) {
			good := mallorysEdit(t, m, rec, readiness.ItemPath("COM-01", "notes"), "fine")
			bad := mallorysEdit(t, m, rec, "title", "x")
			bad.Value = json.RawMessage(`"` + strings.Repeat("x", readiness.MaxChangeValue) + `"`)
			return servePage([]readiness.Change{good, bad}, 99)
		}, nil},
		{"a record not shared with the team", func() func(http.ResponseWriter, *http.Request) {
			c := mallorysEdit(t, m, rec, "title", "x")
			c.Record = "01JDNOTSHARED0000000000000"
			return servePage([]readiness.Change{c}, 99)
		}, ErrProtocol},
		{"malformed JSON", func() func(http.ResponseWriter, *http.Request) {
			return func(w http.ResponseWriter, r *http.Request) { w.Write([]byte(`{"changes":[{"id":`)) }
		}, ErrProtocol},
		{"a cursor going backwards", func() func(http.ResponseWriter, *http.Request) {
			return servePage([]readiness.Change{}, 0)
		}, ErrProtocol},
		{"headers over 8 KiB", func() func(http.ResponseWriter, *http.Request) {
			return func(w http.ResponseWriter, r *http.Request) {
				for i := 0; i < 20; i++ {
					w.Header().Add("X-Pad", strings.Repeat("p", 1000))
				}
				writeJSON(w, indexBody{Next: 99})
			}
		}, ErrUnreachable},
		{"a change it was not asked for", func() func(http.ResponseWriter, *http.Request) {
			listed := mallorysEdit(t, m, rec, "title", "listed")
			sent := mallorysEdit(t, m, rec, "service", "sent instead")
			return serveListedSent([]readiness.Change{listed}, []readiness.Change{sent}, 99)
		}, ErrProtocol},
		{"the same change twice in a page", func() func(http.ResponseWriter, *http.Request) {
			c := mallorysEdit(t, m, rec, "title", "twice")
			return serveListedSent([]readiness.Change{c}, []readiness.Change{c, c}, 99)
		}, ErrTooLarge},
		{"an index of more than 5,000 keys", func() func(http.ResponseWriter, *http.Request) {
			c := mallorysEdit(t, m, rec, "title", "x")
			keys := make([]string, MaxIndexKeys+1)
			for i := range keys {
				keys[i] = readiness.ChangeKey(c.Record, c.ID)
			}
			return func(w http.ResponseWriter, r *http.Request) {
				writeJSON(w, indexBody{Keys: keys, Next: 99, Shares: pageShares})
			}
		}, ErrTooLarge},
		{"a malformed key", func() func(http.ResponseWriter, *http.Request) {
			return func(w http.ResponseWriter, r *http.Request) {
				writeJSON(w, indexBody{Keys: []string{"../../etc/passwd"}, Next: 99, Shares: pageShares})
			}
		}, ErrProtocol},
		{"a value its path does not accept", func() func(http.ResponseWriter, *http.Request) {
			c := mallorysEdit(t, m, rec, readiness.ItemPath("COM-01", "status"), readiness.StatusValue{Status: readiness.Done})
			c.Value = json.RawMessage(`{"status":"exploded"}`)
			return servePage([]readiness.Change{c}, 99)
		}, nil},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			var serve func(http.ResponseWriter, *http.Request)
			var ana *testPeer
			var team TeamID
			ana, m, rec, team = hostileSetup(t, func(w http.ResponseWriter, r *http.Request) { serve(w, r) })
			tm, _ := m.node.teams.load(team)
			pageShares = m.node.teams.epoch(tm.ID)
			serve = c.serve()
			before, _ := ana.doc(rec)
			key := cursorKey(ana.teamOf(t, rec), m.node.ID())
			cursorBefore, _ := ana.db.LANGet(key)
			err := ana.pullFrom(m)
			if err == nil || (c.want != nil && !errors.Is(err, c.want)) {
				t.Fatalf("pull = %v, want %v", err, c.want)
			}
			after, _ := ana.doc(rec)
			if after.Changes != before.Changes || title(after) != title(before) {
				t.Fatalf("something was stored: %d → %d changes", before.Changes, after.Changes)
			}
			if cur, _ := ana.db.LANGet(key); string(cur) != string(cursorBefore) {
				t.Fatalf("the cursor moved: %s → %s", cursorBefore, cur)
			}
			if msg := describe(err); msg == "" || len(msg) > 400 {
				t.Fatalf("error in words: %q", msg)
			}
		})
	}
}

func (p *testPeer) teamOf(t *testing.T, rec readiness.RecordID) TeamID {
	t.Helper()
	ts, _ := p.node.Teams()
	for _, tm := range ts {
		if tm.Shares(rec) {
			return tm.ID
		}
	}
	t.Fatal("record is in no team")
	return ""
}

func TestHostileTextArrivesAsText(t *testing.T) {
	var serve func(http.ResponseWriter, *http.Request)
	ana, m, rec, _ := hostileSetup(t, func(w http.ResponseWriter, r *http.Request) { serve(w, r) })
	hostile := "<img src=x onerror=alert(1)> عربي evil {{7*7}} '\"; DROP TABLE"
	c := mallorysEdit(t, m, rec, "title", hostile)
	serve = servePage([]readiness.Change{c}, 1000)
	if err := ana.pullFrom(m); err != nil {
		t.Fatal(err)
	}
	if d, _ := ana.doc(rec); title(d) != hostile {
		t.Fatalf("title = %q", title(d))
	}
	// A title with a bidirectional override ("abc\u202Egnp.exe" reads as
	// "abcexe.png") is refused from a peer as it is at home: Mallory's own
	// Ready Room would not make it, so she makes it by hand.
	c2 := mallorysEdit(t, m, rec, "title", "plain")
	c2.Value = json.RawMessage(`"abc\u202Egnp.exe"`)
	serve = servePage([]readiness.Change{c2}, 1001)
	if err := ana.pullFrom(m); err == nil {
		t.Fatal("a title with U+202E was accepted from a peer")
	}
	if d, _ := ana.doc(rec); title(d) != hostile {
		t.Fatalf("title = %q after a refused page", title(d))
	}
}

func TestFutureChangesAreHeldBackAndShown(t *testing.T) {
	var serve func(http.ResponseWriter, *http.Request)
	ana, m, rec, _ := hostileSetup(t, func(w http.ResponseWriter, r *http.Request) { serve(w, r) })
	d, _ := m.doc(rec)
	ahead := &readiness.Maker{Clock: readiness.NewClock(func() time.Time { return time.Now().Add(time.Hour) }), Replica: m.db.Replica(), Author: "Mallory"}
	c, err := ahead.Edit(&d, "title", "From an hour ahead")
	if err != nil {
		t.Fatal(err)
	}
	serve = servePage([]readiness.Change{c}, 1000)
	if err := ana.pullFrom(m); err != nil {
		t.Fatal(err)
	}
	if d, _ := ana.doc(rec); title(d) == "From an hour ahead" {
		t.Fatal("a change stamped an hour ahead was applied")
	}
	st, _ := ana.node.Status()
	if st.Held != 1 {
		t.Fatalf("held = %d, want 1", st.Held)
	}
	// Ana's clock did not jump an hour ahead by seeing it.
	if now := ana.clock.Now(); now.Time().After(time.Now().Add(MaxFuture)) {
		t.Fatalf("Ana's clock followed a held change to %v", now.Time())
	}
}

// spoofFinder reports whatever sightings the test wants.
type spoofFinder struct{ sightings []Sighting }

func (f spoofFinder) Lookup(short string) (Sighting, bool) {
	for _, s := range f.sightings {
		if s.Short == short {
			return s, true
		}
	}
	return Sighting{}, false
}
func (f spoofFinder) Sightings() []Sighting { return f.sightings }

func TestSpoofedSightingsGetNothing(t *testing.T) {
	ana, ben := newPeer(t, "Ana", manual), newPeer(t, "Ben", manual)
	team := teamOf(t, ana, ben)
	rec := ana.create("Tokenisation v3")
	ana.node.Share(rec, team.ID, true)
	// Mallory announces Ben's short id at her own address, and a stranger
	// announces itself. Ana tries Mallory's address for Ben and stops at
	// the pin; she never calls the stranger.
	mallory, stranger := newPeer(t, "Mallory", manual), newPeer(t, "Stranger", manual)
	counted := func(p *testPeer) *atomic.Int32 {
		n := new(atomic.Int32)
		inner := p.inner
		p.serve(func(w http.ResponseWriter, r *http.Request) { n.Add(1); inner.ServeHTTP(w, r) })
		return n
	}
	mReqs, sReqs := counted(mallory), counted(stranger)
	port := func(p *testPeer) int { return p.node.Port() }
	ana.node.SetFinder(spoofFinder{sightings: []Sighting{
		{Short: ben.node.ID().Short(), Addrs: addrs("127.0.0.1"), Port: port(mallory), Seen: time.Now()},
		{Short: stranger.node.ID().Short(), Addrs: addrs("127.0.0.1"), Port: port(stranger), Seen: time.Now()},
	}})
	if err := ana.pullFrom(ben); err != nil {
		t.Fatalf("pull from Ben past the spoofed address: %v", err)
	}
	if mReqs.Load() != 0 || sReqs.Load() != 0 {
		t.Fatalf("requests reached Mallory (%d) or the stranger (%d)", mReqs.Load(), sReqs.Load())
	}
	st, _ := ana.node.Status()
	for _, p := range st.Peers {
		if p.Short == stranger.node.ID().Short() && (p.Paired || p.Name != "") {
			t.Fatalf("a stranger's sighting shows as paired or named: %+v", p)
		}
	}
}

func TestJoinByDeviceSkipsASpoofedAddress(t *testing.T) {
	ana, carol, mallory := newPeer(t, "Ana", manual), newPeer(t, "Carol", manual), newPeer(t, "Mallory", manual)
	team, _ := ana.node.CreateTeam("Payments squad")
	var joins atomic.Int32
	inner := mallory.inner
	mallory.serve(func(w http.ResponseWriter, r *http.Request) { joins.Add(1); inner.ServeHTTP(w, r) })
	// The first address Carol has for Ana is Mallory's; the second is Ana's.
	carol.node.SetFinder(spoofFinder{sightings: []Sighting{{Short: ana.node.ID().Short(), Addrs: addrs("127.0.0.1"), Port: mallory.node.Port(), Seen: time.Now()}}})
	carol.node.book.heardAt(ana.node.ID(), ana.addr())
	inv, _ := ana.node.Invite(team.ID)
	if _, err := carol.node.Join(t.Context(), JoinTarget{Device: ana.node.ID()}, inv.Code); err != nil {
		t.Fatalf("join past a spoofed address: %v", err)
	}
	if joins.Load() != 0 {
		t.Fatalf("%d requests (with the code's proof) reached the spoofer", joins.Load())
	}
	// By the id the invite shows (which Ana announces while it is open), as
	// chosen from the devices seen on the network: Mallory, announcing the
	// same id, is skipped at the handshake, before the proof is sent.
	dan := newPeer(t, "Dan", manual)
	inv, _ = ana.node.Invite(team.ID)
	shown := ana.node.InviteToken(inv.Code)
	dan.node.SetFinder(spoofFinder{sightings: []Sighting{{Short: shown, Addrs: addrs("127.0.0.1"), Port: mallory.node.Port(), Seen: time.Now()}}})
	if _, err := dan.node.Join(t.Context(), JoinTarget{Short: shown}, inv.Code); !errors.Is(err, ErrPinMismatch) || !strings.Contains(err.Error(), "choose the device the invite shows") {
		t.Fatalf("join by the invite's id at a spoofed address only: %v", err)
	}
	// Both answered with the id: the spoofer's endpoint first.
	both := Sighting{Short: shown, Seen: time.Now(), Endpoints: []netip.AddrPort{netip.MustParseAddrPort(mallory.addr()), netip.MustParseAddrPort(ana.addr())}}
	dan.node.SetFinder(spoofFinder{sightings: []Sighting{both}})
	if _, err := dan.node.Join(t.Context(), JoinTarget{Short: shown}, inv.Code); err != nil {
		t.Fatalf("join by the invite's id: %v", err)
	}
	if joins.Load() != 0 {
		t.Fatalf("%d requests reached the spoofer", joins.Load())
	}
	// The id Ana announces for the network is not proof of anything to a
	// joiner (only teammates can tell it is hers): refused at the handshake.
	erin := newPeer(t, "Erin", manual)
	inv, _ = ana.node.Invite(team.ID)
	network := netip.MustParsePrefix("10.77.0.0/24")
	own := ana.node.Announced(network, time.Now())[0]
	erin.node.SetFinder(spoofFinder{sightings: []Sighting{{Short: own, Network: network, Addrs: addrs("127.0.0.1"), Port: ana.node.Port(), Seen: time.Now()}}})
	if _, err := erin.node.Join(t.Context(), JoinTarget{Short: own}, inv.Code); !errors.Is(err, ErrPinMismatch) {
		t.Fatalf("join by the id announced for the network: %v", err)
	}
	// An older Ready Room announces its short device id: that still works.
	erin.node.SetFinder(spoofFinder{sightings: []Sighting{{Short: ana.node.ID().Short(), Addrs: addrs("127.0.0.1"), Port: ana.node.Port(), Seen: time.Now()}}})
	if _, err := erin.node.Join(t.Context(), JoinTarget{Short: ana.node.ID().Short()}, inv.Code); err != nil {
		t.Fatalf("join by the short device id an older Ready Room announces: %v", err)
	}
}

// A device that announces only ids a joiner cannot recognise is still
// found by its full device id: every device seen is tried, each pinned to
// that id at the handshake, so that no other one gets the proof.
func TestJoinByFullIDTriesTheDevicesSeen(t *testing.T) {
	ana, mallory, fay := newPeer(t, "Ana", manual), newPeer(t, "Mallory", manual), newPeer(t, "Fay", manual)
	team, _ := ana.node.CreateTeam("Payments squad")
	var reqs atomic.Int32
	inner := mallory.inner
	mallory.serve(func(w http.ResponseWriter, r *http.Request) { reqs.Add(1); inner.ServeHTTP(w, r) })
	network := netip.MustParsePrefix("10.77.0.0/24")
	fay.node.SetFinder(spoofFinder{sightings: []Sighting{
		{Short: mallory.node.Announced(network, time.Now())[0], Network: network, Addrs: addrs("127.0.0.1"), Port: mallory.node.Port(), Seen: time.Now()},
		{Short: ana.node.Announced(network, time.Now())[0], Network: network, Addrs: addrs("127.0.0.1"), Port: ana.node.Port(), Seen: time.Now()},
	}})
	inv, _ := ana.node.Invite(team.ID)
	if _, err := fay.node.Join(t.Context(), JoinTarget{Device: ana.node.ID()}, inv.Code); err != nil {
		t.Fatalf("join by full device id: %v", err)
	}
	if reqs.Load() != 0 {
		t.Fatalf("%d requests reached another device", reqs.Load())
	}
}

// A member who marks someone's private record as shared with the team (any
// member may write the team's list) neither reads it nor writes into it.
func TestCallingAPrivateRecordSharedGetsNothing(t *testing.T) {
	var serve func(http.ResponseWriter, *http.Request)
	ana, m, _, team := hostileSetup(t, func(w http.ResponseWriter, r *http.Request) { serve(w, r) })
	secret := ana.create("Top secret acquisition")
	tm, _ := m.node.teams.load(team)
	upd := tm.Patch()
	upd.Records = map[readiness.RecordID]Sharing{secret: {Shared: true, Stamp: m.clock.Now(), By: "Mallory"}}
	if _, _, err := m.node.teams.merge(upd); err != nil {
		t.Fatal(err)
	}
	// Mallory serves her team honestly and a forged edit of the secret record.
	forged := readiness.Change{Record: secret, Path: "title", Value: json.RawMessage(`"Owned"`), HLC: m.clock.Now(), Replica: m.db.Replica(), Author: "Mallory"}
	forged.ID = readiness.NewChangeID(forged.HLC, forged.Replica)
	tm, _ = m.node.teams.load(team)
	pageShares = m.node.teams.epoch(tm.ID)
	serve = servePage([]readiness.Change{forged}, 1000)
	if err := ana.pullFrom(m); err != nil {
		t.Fatal(err)
	}
	if got, _ := ana.node.teams.load(team); !got.Shares(secret) {
		t.Fatal("the test needs Ana to have merged Mallory's claim")
	}
	if d, _ := ana.doc(secret); d.Record.Title != "Top secret acquisition" || d.Changes != 1 {
		t.Fatalf("Mallory wrote into a private record: %q, %d changes", d.Record.Title, d.Changes)
	}
	// And pulling from Ana gets her nothing of it.
	serve = nil
	if err := m.pullFrom(ana); err != nil {
		t.Fatal(err)
	}
	if _, ok := m.doc(secret); ok {
		t.Fatal("a member read a record the owner never shared")
	}
}

// A member's team copy stamped far ahead is refused: merging it would drag
// the puller's clock, and every change it makes after, into the future.
func TestTeamStampedInTheFutureIsRefused(t *testing.T) {
	ana, m, _, team := hostileSetup(t, func(w http.ResponseWriter, r *http.Request) {})
	tm, _ := m.node.teams.load(team)
	ahead := readiness.Stamp{Wall: time.Now().Add(24 * time.Hour).UnixMilli()}
	upd := tm.Patch()
	upd.Members = map[DeviceID]Member{m.node.ID(): {Name: "Mallory", Stamp: ahead, By: "Mallory"}}
	if _, _, err := m.node.teams.merge(upd); err != nil {
		t.Fatal(err)
	}
	if err := ana.pullFrom(m); !errors.Is(err, ErrProtocol) {
		t.Fatalf("pull of a team stamped a day ahead: %v", err)
	}
	if now := ana.clock.Now(); now.Time().After(time.Now().Add(MaxFuture)) {
		t.Fatalf("Ana's clock moved to %v", now.Time())
	}
}

// An inviter cannot write itself into a team this device already belongs to
// by inviting it to a team made with the same id.
func TestJoinCannotTakeOverATeamHeldHere(t *testing.T) {
	ana, ben, mallory := newPeer(t, "Ana", manual), newPeer(t, "Ben", manual), newPeer(t, "Mallory", manual)
	team := teamOf(t, ana, ben)
	fake, _ := NewTeam(team.ID, "Lunch club", mallory.node.ID(), "Mallory", mallory.clock.Now())
	if _, _, err := mallory.node.teams.merge(fake); err != nil {
		t.Fatal(err)
	}
	inv, _ := mallory.node.Invite(team.ID)
	_, err := ben.node.Join(t.Context(), JoinTarget{Addr: mallory.addr()}, inv.Code)
	if !errors.Is(err, ErrInviteRefused) {
		t.Fatalf("joining a same-id team from a non-member: %v", err)
	}
	got, _ := ben.node.teams.load(team.ID)
	if got.Name != "Payments squad" || got.IsMember(mallory.node.ID()) {
		t.Fatalf("Ben's team became %q with members %v", got.Name, got.Members)
	}
}

// The share epoch a server sends moves when a record with earlier changes
// joins what it carries for the team: a record it shared, not a record
// someone else merely marked shared, nor one that arrived through the team.
func TestShareEpochFollowsWhatTheServerCarries(t *testing.T) {
	ana := newPeer(t, "Ana", manual)
	team, _ := ana.node.CreateTeam("Payments squad")
	digest := func() string { return ana.node.teams.epoch(team.ID) }
	d0 := digest()
	rec := ana.create("Tokenisation v3")
	if _, err := ana.node.Share(rec, team.ID, true); err != nil {
		t.Fatal(err)
	}
	d1 := digest()
	tm, _ := ana.node.teams.load(team.ID)
	claim := tm.Patch()
	claim.Records = map[readiness.RecordID]Sharing{"01JD0000000000000000000077": {Shared: true, Stamp: ana.clock.Now()}}
	if _, _, err := ana.node.teams.merge(claim); err != nil {
		t.Fatal(err)
	}
	if d0 == d1 || digest() != d1 {
		t.Fatalf("digests: before %s, after sharing %s, after another's claim %s", d0, d1, digest())
	}
}

// A member that lists itself as removed — it learned of its removal, or
// says so to be believed — is taken at its word for that alone: a device it
// adds or a rename in the same copy does not reach the puller.
func TestACopyFromARemovedMemberBringsOnlyTheRemoval(t *testing.T) {
	ana, ben, mallory := newPeer(t, "Ana", manual), newPeer(t, "Ben", manual), newPeer(t, "Mallory", manual)
	xavier := newPeer(t, "Xavier", manual)
	tm := teamOf(t, ana, ben, mallory)
	if err := ben.pullFrom(ana); err != nil { // Ben knows Mallory
		t.Fatal(err)
	}
	cached, _ := mallory.node.teams.load(tm.ID)
	var crafted Team // a copy: the cached team's maps are shared
	b, _ := json.Marshal(cached)
	if err := json.Unmarshal(b, &crafted); err != nil {
		t.Fatal(err)
	}
	now := mallory.clock.Now()
	crafted.Members[mallory.node.ID()] = Member{Name: "Mallory", Removed: true, Stamp: now, By: "Ana"}
	crafted.Members[xavier.node.ID()] = Member{Name: "Mallory's other laptop", Stamp: now, By: "Mallory"}
	crafted.Name, crafted.Renamed = "Hijacked", now
	inner := mallory.inner
	mallory.serve(func(w http.ResponseWriter, r *http.Request) {
		if r.Method == http.MethodGet && r.URL.Path == "/v1/teams/"+string(tm.ID) {
			writeJSON(w, crafted)
			return
		}
		inner.ServeHTTP(w, r)
	})
	ben.pullFrom(mallory)
	got, _ := ben.node.teams.load(tm.ID)
	if !got.IsRemoved(mallory.node.ID()) {
		t.Fatal("Ben did not take Mallory's word for her own removal")
	}
	if _, ok := got.Members[xavier.node.ID()]; ok || got.Name != "Payments squad" {
		t.Fatalf("a removed member's copy changed Ben's team: members %v, name %q", got.Members, got.Name)
	}
}
