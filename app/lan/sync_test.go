package lan

import (
	"context"
	"crypto/tls"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"net/http"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"readyroom/readiness"
)

func TestPairShareAndEditBothWays(t *testing.T) {
	ana, ben := newPeer(t, "Ana"), newPeer(t, "Ben")
	team := teamOf(t, ana, ben)
	// Both pin each other.
	for _, p := range []*testPeer{ana, ben} {
		got, err := p.node.Team(team.ID)
		if err != nil || !got.IsMember(ana.node.ID()) || !got.IsMember(ben.node.ID()) {
			t.Fatalf("%s's team after pairing: %+v, %v", p.name, got.Members, err)
		}
	}
	rec := ana.create("Tokenisation v3")
	private := ana.create("Private draft")
	if _, err := ana.node.Share(rec, team.ID, true); err != nil {
		t.Fatal(err)
	}
	eventually(t, 5*time.Second, "the shared record reaches Ben", func() bool { _, ok := ben.doc(rec); return ok })
	ben.edit(rec, "title", "Tokenisation v3.1")
	eventually(t, 5*time.Second, "Ben's edit reaches Ana", func() bool { d, _ := ana.doc(rec); return title(d) == "Tokenisation v3.1" })
	ana.edit(rec, readiness.ItemPath("COM-01", "notes"), "Comms plan agreed with <b>marketing</b>")
	eventually(t, 5*time.Second, "Ana's edit reaches Ben", func() bool {
		d, _ := ben.doc(rec)
		return d.Changes > 0 && d.Record.Item("COM-01").Notes == "Comms plan agreed with <b>marketing</b>"
	})
	if _, ok := ben.doc(private); ok {
		t.Fatal("a private record reached a teammate")
	}
	st, err := ben.node.Status()
	if err != nil || len(st.Peers) != 1 || st.Peers[0].Name != "Ana" || st.Peers[0].LastSync == nil || !st.Peers[0].Paired {
		t.Fatalf("Ben's peers: %+v, %v", st.Peers, err)
	}
}

func TestUnpairedDeviceLearnsNothing(t *testing.T) {
	ana, eve := newPeer(t, "Ana"), newPeer(t, "Eve")
	team, _ := ana.node.CreateTeam("Payments squad")
	rec := ana.create("Secret launch")
	ana.node.Share(rec, team.ID, true)
	ctx := context.Background()
	get := func(path string) (int, string) {
		req, _ := http.NewRequestWithContext(ctx, http.MethodGet, "https://"+ana.addr()+path, nil)
		resp, err := eve.node.clients.client(ana.node.ID()).Do(req)
		if err != nil {
			t.Fatal(err)
		}
		defer resp.Body.Close()
		b, _ := io.ReadAll(resp.Body)
		return resp.StatusCode, string(b)
	}
	code1, body1 := get("/v1/teams/" + string(team.ID))
	code2, body2 := get("/v1/teams/" + string(team.ID) + "/changes?after=0")
	code3, body3 := get("/v1/teams/01JDNOSUCHTEAM000000000000")
	if code1 != 404 || code2 != 404 || code3 != 404 || body1 != body3 || body2 != body3 {
		t.Fatalf("answers differ for a team that exists: %d %q / %d %q / %d %q", code1, body1, code2, body2, code3, body3)
	}
	if strings.Contains(body1, "Payments") || strings.Contains(body2, "Secret") {
		t.Fatal("a non-member learned a name")
	}
	// A device with no certificate is refused at the handshake.
	tr := &http.Transport{TLSClientConfig: &tls.Config{InsecureSkipVerify: true, MinVersion: tls.VersionTLS13}}
	if resp, err := (&http.Client{Transport: tr, Timeout: 5 * time.Second}).Get("https://" + ana.addr() + "/v1/teams/" + string(team.ID)); err == nil {
		resp.Body.Close()
		t.Fatalf("a client without a certificate got an answer: %s", resp.Status)
	}
}

func TestPinnedCertificateMismatchSendsNothing(t *testing.T) {
	ana, ben := newPeer(t, "Ana"), newPeer(t, "Ben")
	team := teamOf(t, ana, ben)
	// Mallory takes over the address Ben is known at: her node listens,
	// Ana's pull goes to her, and the handshake fails on the pin before a
	// request is written.
	mallory := newPeer(t, "Mallory")
	var requests atomic.Int32
	inner := mallory.inner
	mallory.serve(func(w http.ResponseWriter, r *http.Request) {
		requests.Add(1)
		inner.ServeHTTP(w, r)
	})
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	err := ana.node.clients.call(ctx, ben.node.ID(), mallory.addr(), http.MethodGet, "/v1/teams/"+string(team.ID), MaxTeamBytes, nil)
	if !errors.Is(err, ErrPinMismatch) {
		t.Fatalf("pull from the wrong certificate: %v", err)
	}
	if n := requests.Load(); n != 0 {
		t.Fatalf("%d requests reached the impostor", n)
	}
}

func TestInviteCodes(t *testing.T) {
	var skew atomic.Int64
	ana, ben := newPeer(t, "Ana", manual, skewed(&skew)), newPeer(t, "Ben", manual)
	team, _ := ana.node.CreateTeam("Payments squad")
	ctx := context.Background()
	join := func(code InviteCode) error {
		_, err := ben.node.Join(ctx, JoinTarget{Addr: ana.addr()}, code)
		return err
	}
	t.Run("five wrong tries revoke", func(t *testing.T) {
		inv, _ := ana.node.Invite(team.ID)
		wrong := InviteCode(inv.Code.ID() + strings.Repeat("0", inviteLen-inviteIDLen))
		if wrong == inv.Code {
			t.Skip("drew the all-zero secret")
		}
		for i := 0; i < InviteTries; i++ {
			if err := join(wrong); !errors.Is(err, ErrInviteRefused) {
				t.Fatalf("wrong code try %d: %v", i+1, err)
			}
		}
		if err := join(inv.Code); !errors.Is(err, ErrInviteRefused) {
			t.Fatalf("the right code after five wrong tries: %v", err)
		}
		if got, _ := ana.node.Team(team.ID); got.IsMember(ben.node.ID()) {
			t.Fatal("joined with a revoked invite")
		}
	})
	t.Run("used once", func(t *testing.T) {
		inv, _ := ana.node.Invite(team.ID)
		if err := join(inv.Code); err != nil {
			t.Fatal(err)
		}
		carol := newPeer(t, "Carol", manual)
		if _, err := carol.node.Join(ctx, JoinTarget{Addr: ana.addr()}, inv.Code); !errors.Is(err, ErrInviteRefused) {
			t.Fatalf("a used code: %v", err)
		}
	})
	t.Run("expired", func(t *testing.T) {
		inv, _ := ana.node.Invite(team.ID)
		skew.Store(int64(InviteTTL + time.Second))
		defer skew.Store(0)
		carol := newPeer(t, "Carol", manual)
		if _, err := carol.node.Join(ctx, JoinTarget{Addr: ana.addr()}, inv.Code); !errors.Is(err, ErrInviteRefused) {
			t.Fatalf("an expired code: %v", err)
		}
	})
	t.Run("malformed", func(t *testing.T) {
		for _, s := range []string{"", "ABCD", "ABCD-EFGH-JKMN-PQRS-T", "ABCD-EFGH-JKMN-PQR!"} {
			if _, err := ParseInviteCode(s); !errors.Is(err, ErrInviteFormat) {
				t.Errorf("ParseInviteCode(%q) = %v", s, err)
			}
		}
		c, err := ParseInviteCode(" k7qm x2pa-9rtd-hw4o ")
		if err != nil || c != "K7QMX2PA9RTDHW40" || c.String() != "K7QM-X2PA-9RTD-HW40" {
			t.Errorf("ParseInviteCode = %q, %v", c, err)
		}
	})
}

func TestJoinProofIsBoundToItsConnection(t *testing.T) {
	ana, ben := newPeer(t, "Ana", manual), newPeer(t, "Ben", manual)
	team, _ := ana.node.CreateTeam("Payments squad")
	inv, _ := ana.node.Invite(team.ID)
	// Ben computes a valid proof on one connection...
	conn1, err := tls.Dial("tcp", ana.addr(), ben.node.clients.pinned(DeviceID{}))
	if err != nil {
		t.Fatal(err)
	}
	proof, err := joinProof(inv.Code, "joiner", conn1.ConnectionState(), ana.node.ID(), ben.node.ID())
	conn1.Close()
	if err != nil {
		t.Fatal(err)
	}
	// ...and an eavesdropper replays it on another: refused, and counted.
	body := `{"invite":"` + inv.Code.ID() + `","proof":"` + hex.EncodeToString(proof) + `","name":"Ben"}`
	req, _ := http.NewRequest(http.MethodPost, "https://"+ana.addr()+"/v1/join", strings.NewReader(body))
	resp, err := ben.node.clients.client(DeviceID{}).Do(req)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusForbidden {
		t.Fatalf("replayed proof: %s", resp.Status)
	}
	if got, _ := ana.node.Team(team.ID); got.IsMember(ben.node.ID()) {
		t.Fatal("a replayed proof joined")
	}
	invs, _ := ana.node.Invites(team.ID)
	if len(invs) != 1 || invs[0].Tries != 1 {
		t.Fatalf("invites after a replay: %+v", invs)
	}
}

// threeShare puts Ben and Cat in Ana's team and has Ana share a new record
// with it; the caller decides how it travels.
func threeShare(t *testing.T, opts ...peerOpt) (ana, ben, cat *testPeer, team Team, rec readiness.RecordID) {
	t.Helper()
	ana, ben, cat = newPeer(t, "Ana", opts...), newPeer(t, "Ben", opts...), newPeer(t, "Cat", opts...)
	team = teamOf(t, ana, ben, cat)
	rec = ana.create("Tokenisation v3")
	ana.node.Share(rec, team.ID, true)
	return ana, ben, cat, team, rec
}

func TestRemovedMemberIsRefusedByEveryPeer(t *testing.T) {
	ana, ben, cat, team, rec := threeShare(t)
	for _, p := range []*testPeer{ben, cat} {
		eventually(t, 5*time.Second, p.name+" gets the record", func() bool { _, ok := p.doc(rec); return ok })
	}
	eventually(t, 5*time.Second, "Ben and Cat know each other", func() bool {
		b, _ := ben.node.Team(team.ID)
		c, _ := cat.node.Team(team.ID)
		return b.IsMember(cat.node.ID()) && c.IsMember(ben.node.ID())
	})
	if _, err := ana.node.RemoveMember(team.ID, cat.node.ID()); err != nil {
		t.Fatal(err)
	}
	eventually(t, 5*time.Second, "Ben learns of the removal", func() bool {
		b, _ := ben.node.Team(team.ID)
		return b.IsRemoved(cat.node.ID())
	})
	ana.edit(rec, "title", "After Cat left")
	eventually(t, 5*time.Second, "Ben gets the edit", func() bool { d, _ := ben.doc(rec); return title(d) == "After Cat left" })
	for _, p := range []*testPeer{ana, ben} {
		err := cat.node.clients.call(context.Background(), p.node.ID(), p.addr(), http.MethodGet, "/v1/teams/"+string(team.ID)+"/changes?after=0", MaxPageBytes, nil)
		if !errors.Is(err, ErrNotFound) {
			t.Fatalf("%s answered a removed member: %v", p.name, err)
		}
	}
	time.Sleep(500 * time.Millisecond)
	if d, _ := cat.doc(rec); title(d) == "After Cat left" {
		t.Fatal("a removed member still receives changes")
	}
}

func TestOversizeAndForeignChangesAreRefusedWhole(t *testing.T) {
	ana, ben := newPeer(t, "Ana", manual), newPeer(t, "Ben", manual)
	team := teamOf(t, ana, ben)
	rec := ana.create("Tokenisation v3")
	ana.node.Share(rec, team.ID, true)
	if err := ben.pullFrom(ana); err != nil {
		t.Fatal(err)
	}
	// Ana's store is tampered with: a change too big for a record.
	d, _ := ana.db.Doc(rec)
	huge, err := ana.maker.Edit(&d, "title", strings.Repeat("x", 300<<10))
	if err == nil {
		if _, err := ana.db.Apply(huge); err == nil {
			t.Fatal("the store accepted an oversize value")
		}
	}
	before, _ := ben.db.Doc(rec)
	ana.edit(rec, "title", "Fine")
	if err := ben.pullFrom(ana); err != nil {
		t.Fatal(err)
	}
	after, _ := ben.db.Doc(rec)
	if title(after) != "Fine" || after.Changes != before.Changes+1 {
		t.Fatalf("after a good pull: %q, %d changes (was %d)", title(after), after.Changes, before.Changes)
	}
}

// A record a member carries that the team stops sharing and then shares
// again: the edits that member made in between reach the others, because
// the re-share moves its share epoch and their pulls read its index again
// (positions they passed while the record did not travel).
func TestReshareBringsEditsMadeMeanwhile(t *testing.T) {
	ana, ben, cat, team, rec := threeShare(t, manual)
	for _, p := range []*testPeer{ben, cat} {
		if err := p.pullFrom(ana); err != nil {
			t.Fatal(err)
		}
	}
	if err := ben.pullFrom(cat); err != nil { // Ben's cursor into Cat moves
		t.Fatal(err)
	}
	if _, err := ana.node.Share(rec, team.ID, false); err != nil {
		t.Fatal(err)
	}
	if err := cat.pullFrom(ana); err != nil { // Cat learns it is no longer shared
		t.Fatal(err)
	}
	before := cat.node.teams.epoch(team.ID)
	cat.quiet(rec, "title", "Edited by Cat while unshared")
	if err := ben.pullFrom(cat); err != nil { // passes Cat's edit: it does not travel
		t.Fatal(err)
	}
	if d, _ := ben.doc(rec); title(d) == "Edited by Cat while unshared" {
		t.Fatal("an edit of an unshared record travelled")
	}
	if _, err := ana.node.Share(rec, team.ID, true); err != nil {
		t.Fatal(err)
	}
	if err := cat.pullFrom(ana); err != nil { // the team shares it again, here too
		t.Fatal(err)
	}
	if cat.node.teams.epoch(team.ID) == before {
		t.Fatal("Cat's share epoch did not move when the team shared its record again")
	}
	if err := ben.pullFrom(cat); err != nil {
		t.Fatal(err)
	}
	if d, _ := ben.doc(rec); title(d) != "Edited by Cat while unshared" {
		t.Fatalf("Ben has %q: Cat's edit made while unshared never arrived", title(d))
	}
}

// A fetch answer stops at 4 MiB: the puller asks again for the rest of the
// batch, and the cursor moves only once everything listed is stored.
func TestFetchResumesAfterAnAnswerCutAtItsSize(t *testing.T) {
	ana, ben := newPeer(t, "Ana", manual), newPeer(t, "Ben", manual)
	team, _ := ana.node.CreateTeam("Payments squad")
	text := strings.Repeat("Rollback rehearsed in staging; timings in the runbook. ", 400)[:readiness.MaxNarrative-100]
	var recs []readiness.RecordID
	total := 0
	for i := 0; total < MaxPageBytes*3/2; i++ {
		rec := ana.create(fmt.Sprintf("Release %d", i))
		d, _ := ana.doc(rec)
		var batch []readiness.Change
		for _, s := range d.Record.Sections {
			if s.Kind == readiness.KindNarrative && total < MaxPageBytes*3/2 {
				c, err := ana.maker.Edit(&d, readiness.SectionTextPath(s.ID), text)
				if err != nil {
					t.Fatal(err)
				}
				batch = append(batch, c)
				total += len(text)
			}
		}
		if _, err := ana.db.Apply(batch...); err != nil {
			t.Fatal(err)
		}
		ana.node.Share(rec, team.ID, true)
		recs = append(recs, rec)
	}
	// Count the answers Ana cuts short: the test must need at least one.
	var cut atomic.Int32
	inner := ana.inner
	ana.serve(func(w http.ResponseWriter, r *http.Request) {
		if r.Method == http.MethodPost && strings.HasSuffix(r.URL.Path, "/changes") {
			rec := &tailRecorder{ResponseWriter: w}
			inner.ServeHTTP(rec, r)
			if strings.HasSuffix(string(rec.tail), `"more":true}`) {
				cut.Add(1)
			}
			return
		}
		inner.ServeHTTP(w, r)
	})
	pair(t, ana, ben, team.ID) // the join schedules Ben's pull
	want, _ := ana.db.Arrivals()
	eventually(t, 30*time.Second, "Ben holds every change", func() bool {
		for _, rec := range recs {
			a, _ := ana.doc(rec)
			if b, ok := ben.doc(rec); !ok || b.Changes != a.Changes {
				return false
			}
		}
		return true
	})
	if cut.Load() == 0 {
		t.Fatalf("no answer was cut at its size (%d changes, %d KiB of text): the test does not test that", want, total>>10)
	}
}

// tailRecorder keeps the last bytes written through it.
type tailRecorder struct {
	http.ResponseWriter
	tail []byte
}

func (r *tailRecorder) Write(b []byte) (int, error) {
	r.tail = append(r.tail, b...)
	if len(r.tail) > 64 {
		r.tail = r.tail[len(r.tail)-64:]
	}
	return r.ResponseWriter.Write(b)
}

// What travels hands the store is called inside read transactions, so it
// must not wait for the team store's lock: a writer growing the file waits
// for those transactions while merge, holding that lock, waits for the
// writer (a deadlock seen once in a thousand-record sync).
func TestTravelsTakesNoLockInsideTheStore(t *testing.T) {
	ana := newPeer(t, "Ana", manual)
	team, _ := ana.node.CreateTeam("Payments squad")
	rec := ana.create("Tokenisation v3")
	ana.node.Share(rec, team.ID, true)
	tm, _ := ana.node.teams.load(team.ID)
	travels := ana.node.teams.travels(tm)
	ana.node.teams.mu.Lock()
	defer ana.node.teams.mu.Unlock()
	done := make(chan bool, 1)
	go func() { done <- travels(rec) }()
	select {
	case ok := <-done:
		if !ok {
			t.Fatal("a shared record does not travel")
		}
	case <-time.After(2 * time.Second):
		t.Fatal("travels waited for the team store's lock")
	}
}

// epochHook is a peer's LAN state that runs a function once, on the next
// read of a team's share epoch (before reading it): it puts a share at an
// exact moment of a member's pull.
type epochHook struct {
	State
	onRead atomic.Pointer[func()]
}

func (h *epochHook) Get(key string) ([]byte, error) {
	if strings.HasPrefix(key, prefixEpoch) {
		if f := h.onRead.Swap(nil); f != nil {
			(*f)()
		}
	}
	return h.State.Get(key)
}

func hooked(h *epochHook) peerOpt {
	return func(c *Config) { h.State, c.State = c.State, h }
}

// A record shared while its team's index is being answered reaches the
// member pulling: the index must not leave the record out and still carry
// the new share epoch, which tells the member it has passed the record's
// earlier changes (it would never read them again). The index may also
// list the record although the team the member read a moment before did
// not share it yet: the member reads the team again rather than calling
// the answer a protocol error.
func TestRecordSharedWhileAnIndexIsAnsweredArrives(t *testing.T) {
	var hook epochHook
	ana, ben := newPeer(t, "Ana", manual, hooked(&hook)), newPeer(t, "Ben", manual)
	team := teamOf(t, ana, ben)
	if err := ben.pullFrom(ana); err != nil { // Ben has Ana's copy of the team, and her epoch
		t.Fatal(err)
	}
	idle(t, ben, ana)
	idle(t, ana, ben)
	rec := ana.create("Tokenisation v3")
	share := func() {
		if _, err := ana.node.Share(rec, team.ID, true); err != nil {
			t.Error(err)
		}
	}
	hook.onRead.Store(&share)
	if err := ben.pullFrom(ana); err != nil {
		t.Fatalf("the pull during the share: %v", err)
	}
	if hook.onRead.Load() != nil {
		t.Fatal("no index was answered during the pull")
	}
	idle(t, ben, ana) // the pull the share's poke started
	if err := ben.pullFrom(ana); err != nil {
		t.Fatal(err)
	}
	if _, ok := ben.doc(rec); !ok {
		t.Fatal("the record shared while Ben's index was answered never reached Ben")
	}
}

// indexHook is a peer's change log that runs a function once, before the
// at-th index it answers reads the log, and can make its index pages short.
type indexHook struct {
	ChangeLog
	pageKeys int // when not 0, the most keys an index page lists
	at       int32
	calls    atomic.Int32
	fire     atomic.Pointer[func()]
	applied  atomic.Pointer[func()]
}

func (h *indexHook) ChangeKeysAfter(cursor, through uint64, want func(readiness.RecordID) bool, max int) ([]string, uint64, bool, error) {
	if h.calls.Add(1) == h.at {
		if f := h.fire.Swap(nil); f != nil {
			(*f)()
		}
	}
	if h.pageKeys > 0 {
		max = h.pageKeys
	}
	return h.ChangeLog.ChangeKeysAfter(cursor, through, want, max)
}

// ApplyPulled runs the function armed in applied once, after a pulled page
// with changes is stored (before the puller records the page's grants).
func (h *indexHook) ApplyPulled(changes []readiness.Change, notAfter time.Time, puts map[string][]byte) (int, int, error) {
	applied, held, err := h.ChangeLog.ApplyPulled(changes, notAfter, puts)
	if len(changes) > 0 {
		if f := h.applied.Swap(nil); f != nil {
			(*f)()
		}
	}
	return applied, held, err
}

// teamOfThree is Ana (her change log hooked), Ben and Cat in Ana's team,
// the pulls their pairing started over; nobody pulls on a timer.
func teamOfThree(t *testing.T, hook *indexHook) (ana, ben, cat *testPeer, team Team) {
	t.Helper()
	ana = newPeer(t, "Ana", manual, hookedLog(hook))
	ben, cat = newPeer(t, "Ben", manual), newPeer(t, "Cat", manual)
	team = teamOf(t, ana, ben, cat)
	for _, p := range []*testPeer{ana, ben, cat} {
		for _, q := range []*testPeer{ana, ben, cat} {
			if p != q {
				idle(t, p, q)
			}
		}
	}
	return ana, ben, cat, team
}

// shareQuietly shares a record as Node.Share does, without poking anyone:
// the test says who pulls when.
func (p *testPeer) shareQuietly(rec readiness.RecordID, team TeamID) {
	p.t.Helper()
	if err := p.node.teams.grant(team, rec, true); err != nil {
		p.t.Fatal(err)
	}
	tm, err := p.node.Team(team)
	if err != nil {
		p.t.Fatal(err)
	}
	upd := tm.Patch()
	upd.Records = map[readiness.RecordID]Sharing{rec: {Shared: true, Stamp: p.clock.Now(), By: p.name}}
	if _, _, err := p.node.teams.merge(upd); err != nil {
		p.t.Fatal(err)
	}
}

func hookedLog(h *indexHook) peerOpt {
	return func(c *Config) { h.ChangeLog, c.Changes = c.Changes, h }
}

// A record shared between two pages of one reading of the index reaches
// the member, even when that reading began again from the start already
// (the epoch had moved since the member's cursor): the cursor it saves
// keeps the epoch it began at, not a later page's, so the member's next
// pull reads the index from the start once more and finds the record's
// first changes on the pages it had passed.
func TestRecordSharedBetweenTwoIndexPagesArrives(t *testing.T) {
	hook := &indexHook{pageKeys: 2}
	ana, ben := newPeer(t, "Ana", manual, hookedLog(hook)), newPeer(t, "Ben", manual)
	team := teamOf(t, ana, ben)
	late := ana.create("Shared during Ben's pull") // its change comes first in Ana's log
	zero := ana.create("Shared first")
	ana.quiet(zero, "title", "Shared first, edited")
	if _, err := ana.node.Share(zero, team.ID, true); err != nil {
		t.Fatal(err)
	}
	idle(t, ben, ana)
	idle(t, ana, ben)
	if err := ben.pullFrom(ana); err != nil { // Ben's cursor is past Ana's log
		t.Fatal(err)
	}
	then := ana.create("Shared next")
	for i := range 5 { // a few pages of two changes
		ana.quiet(then, "title", fmt.Sprintf("Shared next, edit %d", i))
	}
	share := func() {
		if _, err := ana.node.Share(late, team.ID, true); err != nil {
			t.Error(err)
		}
	}
	// Sharing the next record moves Ana's epoch: Ben's pull reads one page
	// from his cursor (1), sees the epoch moved, and reads from the start
	// (2, 3, ...); the record is shared as Ana answers page 3.
	hook.calls.Store(0)
	hook.at = 3
	hook.fire.Store(&share)
	if _, err := ana.node.Share(then, team.ID, true); err != nil {
		t.Fatal(err)
	}
	eventually(t, 10*time.Second, "Ben's pull reading a third page", func() bool { return hook.fire.Load() == nil })
	idle(t, ben, ana) // that pull, and the one the second share's poke asked for
	if err := ben.pullFrom(ana); err != nil {
		t.Fatal(err)
	}
	for _, rec := range []readiness.RecordID{zero, then} {
		if _, ok := ben.doc(rec); !ok {
			t.Fatalf("record %s, shared before the pull, did not arrive", rec)
		}
	}
	if _, ok := ben.doc(late); !ok {
		t.Fatal("the record shared between two pages of Ben's index never reached Ben")
	}
}

// A record that reaches a member through the team while that member
// answers another's index is listed by that index or the next, never passed
// over, at either moment: stored after the index read the team and its
// grants but before it read the log (the index lists only what had arrived
// before), or stored before an index that reads the grants before the pull
// records them (a record is let travel from before its transaction).
func TestRecordArrivingWhileAnIndexIsAnsweredIsPassedOn(t *testing.T) {
	for _, moment := range []string{"stored while the index is read", "index read once it is stored"} {
		t.Run(moment, func(t *testing.T) {
			hook := &indexHook{}
			ana, ben, cat, team := teamOfThree(t, hook)
			if err := ben.pullFrom(ana); err != nil {
				t.Fatal(err)
			}
			rec := cat.create("Cat's record")
			cat.shareQuietly(rec, team.ID)
			relay := func() {
				if err := ana.pullFrom(cat); err != nil {
					t.Error(err)
				}
			}
			pull := func() {
				if err := ben.pullFrom(ana); err != nil {
					t.Error(err)
				}
			}
			if moment == "stored while the index is read" {
				hook.calls.Store(0)
				hook.at = 1
				hook.fire.Store(&relay)
				pull()
			} else {
				hook.applied.Store(&pull)
				relay()
			}
			if _, ok := ana.doc(rec); !ok {
				t.Fatal("Ana did not get Cat's record")
			}
			cat.node.Close() // from now on only Ana can pass it on
			pull()
			if _, ok := ben.doc(rec); !ok {
				t.Fatal("Cat's record, which reached Ana while she answered Ben's index, never reached Ben")
			}
		})
	}
}

// Two pulls bringing the same new record from two members: the one that
// reads its index while the other has stored the record but not yet
// recorded its grant takes the record as arriving with its grant too, not
// as one kept private here, whose changes its cursor would pass for good.
func TestRecordArrivingFromTwoMembersAtOnceKeepsBoth(t *testing.T) {
	hook := &indexHook{}
	ana, ben, cat, team := teamOfThree(t, hook)
	for _, p := range []*testPeer{ben, cat} {
		if err := ana.pullFrom(p); err != nil {
			t.Fatal(err)
		}
		if err := p.pullFrom(ana); err != nil {
			t.Fatal(err)
		}
	}
	rec := cat.create("Cat's record")
	cat.shareQuietly(rec, team.ID)
	if err := ben.pullFrom(cat); err != nil {
		t.Fatal(err)
	}
	if _, ok := ben.doc(rec); !ok {
		t.Fatal("Ben did not get Cat's record")
	}
	ben.quiet(rec, "title", "Ben's edit")
	// Ana pulls from Ben right after storing the record from Cat.
	fromBen := func() {
		if err := ana.pullFrom(ben); err != nil {
			t.Error(err)
		}
	}
	hook.applied.Store(&fromBen)
	if err := ana.pullFrom(cat); err != nil {
		t.Fatal(err)
	}
	if hook.applied.Load() != nil {
		t.Fatal("Ana stored nothing from Cat")
	}
	if err := ana.pullFrom(ben); err != nil {
		t.Fatal(err)
	}
	if d, ok := ana.doc(rec); !ok || title(d) != "Ben's edit" {
		t.Fatalf("Ana has %q (held: %v): Ben's edit of the record was passed over", title(d), ok)
	}
}

// Closing a node does not wait for a member's connection that no request
// has begun on (an HTTP client opens one ahead and may never use it):
// Shutdown would wait five seconds for it, and Close give up after three
// with an error.
func TestCloseEndsAMembersUnusedConnection(t *testing.T) {
	ana, ben := newPeer(t, "Ana", manual), newPeer(t, "Ben", manual)
	teamOf(t, ana, ben)
	idle(t, ben, ana)
	idle(t, ana, ben)
	conn, err := tls.Dial("tcp", ana.addr(), ben.node.clients.pinned(ana.node.ID()))
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	eventually(t, 10*time.Second, "Ana's server taking the connection", func() bool { return ana.node.unused.count() == 1 })
	if err := ana.node.Close(); err != nil {
		t.Fatalf("closing with a member's unused connection open: %v", err)
	}
	conn.SetReadDeadline(time.Now().Add(10 * time.Second))
	if _, err := conn.Read(make([]byte, 1)); err == nil {
		t.Fatal("the unused connection is still open")
	}
}
