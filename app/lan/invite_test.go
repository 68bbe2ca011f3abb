package lan

import (
	"encoding/hex"
	"errors"
	"io"
	"log"
	"math"
	"net/http"
	"net/netip"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"
)

// scanRate is how many invite ids a second one connection tried in the
// campaign of issue 11 (before joins were rate-limited).
const scanRate = 3455

// The invite id is public (it names the invite for counting wrong tries):
// scanning every id at the measured rate must take far longer than an
// invite lives, and the rest of the code must hold at least 50 secret bits.
func TestInviteIDSpaceOutlastsAScan(t *testing.T) {
	idBits, secretBits := 5*inviteIDLen, 5*(inviteLen-inviteIDLen)
	scan := time.Duration(math.Exp2(float64(idBits)) / scanRate * float64(time.Second))
	if scan < 100*InviteTTL {
		t.Errorf("%d-bit ids: a scan at %d a second covers them all in %v, in reach of an invite's %v", idBits, scanRate, scan.Round(time.Second), InviteTTL)
	}
	if secretBits < 50 {
		t.Errorf("%d secret bits, want at least 50", secretBits)
	}
	code, err := NewInviteCode()
	if err != nil {
		t.Fatal(err)
	}
	if len(code) != inviteLen || len(code.ID()) != inviteIDLen {
		t.Fatalf("code %s: %d characters, id %q", code, len(code), code.ID())
	}
	if p, err := ParseInviteCode(code.String()); err != nil || p != code {
		t.Fatalf("the grouped code %s reads back as %q, %v", code.String(), p, err)
	}
}

// heldState counts reads of invites and, while held, makes every write of
// an invite wait until released: an answer that arrives meanwhile did not
// wait for a write (nor for its fsync).
type heldState struct {
	State
	reads   atomic.Int64
	held    atomic.Bool
	release chan struct{}
	once    sync.Once
}

func (s *heldState) Get(key string) ([]byte, error) {
	if strings.HasPrefix(key, prefixInvite) {
		s.reads.Add(1)
	}
	return s.State.Get(key)
}

func (s *heldState) Update(key string, fn func([]byte) ([]byte, error)) error {
	if strings.HasPrefix(key, prefixInvite) && s.held.Load() {
		<-s.release
	}
	return s.State.Update(key, fn)
}

func (s *heldState) unhold() { s.once.Do(func() { close(s.release) }) }

// A stranger cannot tell an invite id that exists from one that does not:
// a wrong id and a wrong proof get the same answer, byte for byte, after
// the same work (one read, one proof checked) and no write to wait for.
func TestWrongIDAndWrongProofLookAlike(t *testing.T) {
	state := &heldState{release: make(chan struct{})}
	ana := newPeer(t, "Ana", manual, func(c *Config) { state.State = c.State; c.State = state })
	eve := newPeer(t, "Eve", manual)
	t.Cleanup(state.unhold) // before Ana closes (cleanups run last first)
	team, _ := ana.node.CreateTeam("Payments squad")
	inv, err := ana.node.Invite(team.ID)
	if err != nil {
		t.Fatal(err)
	}
	otherID := "000000"
	if inv.Code.ID() == otherID {
		otherID = "000001"
	}
	state.held.Store(true)
	client := eve.node.clients.client(DeviceID{})
	client.Timeout = 20 * time.Second // an answer waiting for a write never comes
	type answer struct {
		status       int
		kind, body   string
		reads, proof int64
	}
	try := func(id string) answer {
		t.Helper()
		reads, proofs := state.reads.Load(), ana.node.handlers.proofs.Load()
		body := `{"invite":"` + id + `","proof":"` + hex.EncodeToString(make([]byte, 32)) + `","name":"Eve"}`
		resp, err := client.Post("https://"+ana.addr()+"/v1/join", "application/json", strings.NewReader(body))
		if err != nil {
			t.Fatalf("invite %s: %v", id, err)
		}
		defer resp.Body.Close()
		b, _ := io.ReadAll(resp.Body)
		return answer{resp.StatusCode, resp.Header.Get("Content-Type"), string(b), state.reads.Load() - reads, ana.node.handlers.proofs.Load() - proofs}
	}
	wrongID, wrongProof := try(otherID), try(inv.Code.ID())
	if wrongID != wrongProof || wrongID.status != http.StatusForbidden || wrongID.reads != 1 || wrongID.proof != 1 {
		t.Fatalf("a wrong id: %+v\na wrong proof: %+v", wrongID, wrongProof)
	}
	// The wrong proof counts, in memory at once...
	if invs, _ := ana.node.Invites(team.ID); len(invs) != 1 || invs[0].Tries != 1 {
		t.Fatalf("invites after a wrong proof: %+v", invs)
	}
	// ...and on disk a moment later.
	state.unhold()
	eventually(t, 10*time.Second, "the wrong try is saved", func() bool {
		stored, _, _ := getJSON[Invite](ana.node.state, prefixInvite+inv.Code.ID())
		return stored.Tries == 1
	})
}

// A scan of invite ids from one address is slowed to JoinRate a second,
// and a joiner at another address still gets in.
func TestJoinScanIsRateLimited(t *testing.T) {
	ana := newPeer(t, "Ana", manual)
	eve, cat := newPeerAt(t, "Eve", "127.0.0.2", manual), newPeerAt(t, "Cat", "127.0.0.3", manual)
	team, _ := ana.node.CreateTeam("Payments squad")
	inv, _ := ana.node.Invite(team.ID)
	client := eve.node.clients.client(DeviceID{})
	refused, limited := 0, 0
	for range 200 {
		code, _ := NewInviteCode()
		if code.ID() == inv.Code.ID() {
			continue
		}
		body := `{"invite":"` + code.ID() + `","proof":"` + hex.EncodeToString(make([]byte, 32)) + `","name":"Eve"}`
		resp, err := client.Post("https://"+ana.addr()+"/v1/join", "application/json", strings.NewReader(body))
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		switch resp.StatusCode {
		case http.StatusForbidden:
			refused++
		case http.StatusTooManyRequests:
			limited++
		default:
			t.Fatalf("try %d: %s", refused+limited+1, resp.Status)
		}
		if limited > 0 {
			break
		}
	}
	if limited == 0 {
		t.Fatalf("%d ids tried from one address, none refused for the rate", refused)
	}
	if got := ana.node.handlers.proofs.Load(); got != int64(refused) {
		t.Fatalf("%d proofs checked for %d tries let through", got, refused)
	}
	if _, err := cat.node.Join(t.Context(), JoinTarget{Addr: ana.addr()}, inv.Code); err != nil {
		t.Fatalf("a joiner at another address during the scan: %v", err)
	}
}

func TestAddrBuckets(t *testing.T) {
	now := time.Date(2026, 12, 6, 9, 0, 0, 0, time.UTC)
	b := newAddrBuckets(JoinRate, JoinBurst, 2)
	a1, a2, a3 := netip.MustParseAddr("10.0.0.1"), netip.MustParseAddr("10.0.0.2"), netip.MustParseAddr("10.0.0.3")
	n := 0
	for b.allow(a1, now) && n < 100 {
		n++
	}
	if n != JoinBurst {
		t.Fatalf("%d attempts at once, want %d", n, JoinBurst)
	}
	if !b.allow(a2, now) {
		t.Fatal("another address was refused")
	}
	// Two addresses with attempts to pay for fill the limiter: a third waits.
	if b.allow(a3, now) {
		t.Fatal("a third address was let in past the limiter's size")
	}
	now = now.Add(time.Second)
	for i := range JoinRate {
		if !b.allow(a1, now) {
			t.Fatalf("a second later, attempt %d of %d refused", i+1, JoinRate)
		}
	}
	if b.allow(a1, now) {
		t.Fatalf("more than %d attempts a second", JoinRate)
	}
	// Once a bucket has filled again it is forgotten for a new address.
	now = now.Add(time.Minute)
	if !b.allow(a3, now) {
		t.Fatal("a new address was refused though the others were idle")
	}
}

// refusingDeletes is a state that, while refusing, fails every deletion of
// an invite (a disk that has gone read-only, say).
type refusingDeletes struct {
	State
	refusing atomic.Bool
}

func (s *refusingDeletes) Update(key string, fn func([]byte) ([]byte, error)) error {
	if !s.refusing.Load() || !strings.HasPrefix(key, prefixInvite) {
		return s.State.Update(key, fn)
	}
	return s.State.Update(key, func(old []byte) ([]byte, error) {
		b, err := fn(old)
		if err == nil && b == nil && old != nil {
			return nil, errors.New("the disk refused the write")
		}
		return b, err
	})
}

// An old invite that cannot be forgotten does not stop a new one: the
// failure is logged, and the next invite forgets it.
func TestInviteLogsAnOldInviteItCannotForget(t *testing.T) {
	var lines lineLog
	state := &refusingDeletes{}
	ana := newPeer(t, "Ana", manual, func(c *Config) {
		state.State, c.State, c.Logger = c.State, state, log.New(&lines, "", 0)
	})
	team, _ := ana.node.CreateTeam("Payments squad")
	old := Invite{Code: "ABCDEFGHJKMNPQRS", Team: team.ID, Expires: time.Now().Add(-48 * time.Hour)}
	if err := putJSON(ana.node.state, prefixInvite+old.Code.ID(), old); err != nil {
		t.Fatal(err)
	}
	state.refusing.Store(true)
	if _, err := ana.node.Invite(team.ID); err != nil {
		t.Fatalf("inviting while an old invite cannot be forgotten: %v", err)
	}
	want := "forgetting invite " + old.Code.ID()
	if !slices.ContainsFunc(lines.all(), func(l string) bool { return strings.Contains(l, want) }) {
		t.Fatalf("the log does not say %q:\n%s", want, strings.Join(lines.all(), "\n"))
	}
	state.refusing.Store(false)
	if _, err := ana.node.Invite(team.ID); err != nil {
		t.Fatal(err)
	}
	if b, _ := ana.node.state.Get(prefixInvite + old.Code.ID()); b != nil {
		t.Fatal("the next invite did not forget the old one")
	}
}
