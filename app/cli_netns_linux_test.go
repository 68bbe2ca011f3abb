//go:build linux

package app

// The real command line on a LAN of network namespaces: three
// `readyroom peer` instances find each other with mDNS, pair with invite
// codes, share a record and lose a member, every step driven through the
// commands a user would type.
//
// Nothing here sends a packet on the machine's real interfaces: the peers
// are helper children in network namespaces of their own, on a bridged LAN
// of veth pairs, all made by readyroom/app/internal/netnstest (see its
// package doc for how, and for the safety rules). Peer n is at
// 10.77.1.(10+n)/24 with IPv6 off, and runs cli.Parse + cli.Run of
// `peer --iface rr0` in-process until its stdin closes: it listens where a
// user's would, on rr0's addresses and loopback at port 47474 (each
// namespace has its own ports).
//
// The test process stays in the root namespace and talks to the peers only
// through their control sockets (DIR/control.sock: a unix socket is a file,
// so it works across network namespaces), with cli.Parse + cli.Run as a
// shell would. The commands fall back to opening the data directory in this
// process when no instance answers on its socket; that must not happen here,
// so every call checks the socket first. And no command the test runs here
// would dial a peer even then: joins name the inviter by the id its invite
// shows or by its full device id, never by address, and only from a device
// not yet paired (which has no stored address to try, and an unstarted node
// has seen nobody); an unstarted node neither pokes nor pulls.

import (
	"bytes"
	"encoding/json"
	"fmt"
	"net"
	"net/netip"
	"os"
	"os/signal"
	"slices"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"

	"readyroom/app/internal/netnstest"
	"readyroom/app/lan"
)

// netns is this package's LAN, subnet 10.77.1 (app/lan's is 10.77.0): a
// child lives long enough for the whole team run, a peer gets 8 s to stop
// when asked, and the root namespace is checked with `ip -br link` (Root's
// default).
var netns = netnstest.Config{What: "the LAN command-line tests", Subnet: 1, Life: 2 * time.Minute, Grace: 8 * time.Second}

const (
	netnsDataEnv  = "RR_NETNS_DATA"  // the peer's data directory
	netnsOtherEnv = "RR_NETNS_OTHER" // "1": the peer also has an interface of its own, rr1 at otherAddr
	netnsPort     = 47474            // where every peer listens
	// netnsPull is how often a node pulls from each member without a poke:
	// the peers run with $READYROOM_PULL_INTERVAL set to it.
	netnsPull = 1 * time.Second
)

// The events a peer child sends, besides the hub's: lan (its link is up),
// stdout (Line: a line cli.Run printed), exit (Code: what cli.Run returned),
// dialled (Line: an address and "ok" or why not, in answer to "dial ADDR"),
// added (Line: the address, in answer to "add ADDR/BITS").

// otherAddr is the address of a peer's second interface (netnsOtherEnv),
// a network it does not announce on.
const otherAddr = "10.77.9.1"

// ---- the test side ----

// netnsPeer is a `readyroom peer` running in a child.
type netnsPeer struct {
	*netnstest.Child
	n      int
	name   string // Peer-n
	data   string // its data directory, under the test's temporary directory
	device string // full device id, from the line it printed at start
	short  string
}

// startPeer starts `readyroom peer` on the hub's LAN as peer n. It returns
// at once: see ready.
func startPeer(t testing.TB, hub *netnstest.Child, n int, data string, env ...string) *netnsPeer {
	t.Helper()
	p := &netnsPeer{n: n, name: fmt.Sprintf("Peer-%d", n), data: data}
	p.Child = netns.StartPeer(t, hub, n, strings.ToLower(p.name), "peer", append([]string{
		netnsDataEnv + "=" + data,
		EnvPullInterval + "=" + netnsPull.String(),
	}, env...)...)
	return p
}

// dial has the peer connect to addr from inside its namespace, and returns
// "ok" or why it could not.
func (p *netnsPeer) dial(t *testing.T, all []*netnstest.Child, addr string) string {
	t.Helper()
	answers := func() []string {
		var out []string
		for _, ev := range p.Events() {
			if res, ok := strings.CutPrefix(ev.Line, addr+" "); ok && ev.Kind == "dialled" {
				out = append(out, res)
			}
		}
		return out
	}
	before := len(answers())
	p.Send(t, "dial "+addr)
	var res string
	netnstest.Wait(t, p.name+" dialling "+addr, 10*time.Second, 10*time.Millisecond, all, func() (bool, string) {
		if got := answers(); len(got) > before {
			res = got[len(got)-1]
			return true, ""
		}
		return false, "no answer yet"
	})
	return res
}

// ready reports whether the peer printed its start line ("peer DEVICE (NAME)
// listening on ADDR", printed once its control socket is up), and takes its
// device id from it.
func (p *netnsPeer) ready() (bool, error) {
	if p.device != "" {
		return true, nil
	}
	ev, ok := p.Event("stdout")
	if !ok {
		return false, nil
	}
	f := strings.Fields(ev.Line)
	if len(f) < 6 || f[0] != "peer" || f[2] != "("+p.name+")" || f[3] != "listening" {
		return false, fmt.Errorf("%s started with %q, want \"peer DEVICE (%s) listening on …\"", p.name, ev.Line, p.name)
	}
	d, err := lan.ParseDeviceID(f[1])
	if err != nil {
		return false, fmt.Errorf("%s started with %q: %v", p.name, ev.Line, err)
	}
	p.device, p.short = d.String(), d.Short()
	return true, nil
}

// waitReady waits for every peer's start line.
func waitReady(t testing.TB, all []*netnstest.Child, peers ...*netnsPeer) {
	t.Helper()
	for _, p := range peers {
		netnstest.Wait(t, p.name+" listening", 20*time.Second, 20*time.Millisecond, all, func() (bool, string) {
			ok, err := p.ready()
			if err != nil {
				t.Fatal(err)
			}
			return ok, "no start line yet"
		})
	}
}

// run runs a command against the peer, through its control socket only,
// and returns what it printed.
func (p *netnsPeer) run(args ...string) (string, error) {
	if why := p.Gone(); why != "" {
		return "", fmt.Errorf("not running readyroom %s: %s", strings.Join(args, " "), why)
	}
	if _, err := DialControl(p.data); err != nil {
		return "", fmt.Errorf("not running readyroom %s: %s's control socket does not answer: %v", strings.Join(args, " "), p.name, err)
	}
	cmd, err := Parse(append(slices.Clone(args), "--data", p.data))
	if err != nil {
		return "", err
	}
	var out, errb bytes.Buffer
	if code := Run(cmd, &out, &errb, "netns-test"); code != 0 {
		return out.String(), fmt.Errorf("readyroom %s (on %s): exit %d: %s", strings.Join(args, " "), p.name, code, strings.TrimSpace(errb.String()))
	}
	return out.String(), nil
}

// must runs a command against the peer and fails the test if it fails.
func (p *netnsPeer) must(t testing.TB, args ...string) string {
	t.Helper()
	out, err := p.run(args...)
	if err != nil {
		t.Fatal(err)
	}
	return out
}

// runJSON runs a --json command against the peer and decodes what it printed.
func runJSON[T any](p *netnsPeer, args ...string) (T, error) {
	var v T
	out, err := p.run(slices.Concat(args, []string{"--json"})...)
	if err != nil {
		return v, err
	}
	if err := json.Unmarshal([]byte(out), &v); err != nil {
		return v, fmt.Errorf("readyroom %s --json printed %q: %v", strings.Join(args, " "), out, err)
	}
	return v, nil
}

// runLocal runs a command with no instance holding the data directory.
func runLocal(t testing.TB, args ...string) string {
	t.Helper()
	cmd, err := Parse(args)
	if err != nil {
		t.Fatal(err)
	}
	var out, errb bytes.Buffer
	if code := Run(cmd, &out, &errb, "netns-test"); code != 0 {
		t.Fatalf("readyroom %s: exit %d: %s", strings.Join(args, " "), code, errb.String())
	}
	return out.String()
}

// seesStrangers reports whether p's `peers --json` lists n devices seen on
// the network, none of them paired: the others, before pairing, which
// announce ids a stranger cannot tell apart (nor link to their device ids,
// which must not appear).
func (p *netnsPeer) seesStrangers(n int, others ...*netnsPeer) (bool, string) {
	ps, err := runJSON[[]lan.PeerView](p, "peers")
	if err != nil {
		return false, err.Error()
	}
	state := fmt.Sprintf("%s sees %s", p.name, describePeers(ps))
	for _, v := range ps {
		if slices.ContainsFunc(others, func(o *netnsPeer) bool { return v.Short == o.short || v.Device == o.device }) {
			return false, "a device id appears: " + state
		}
	}
	online := 0
	for _, v := range ps {
		if v.Online && !v.Paired && len(v.Addrs) > 0 {
			online++
		}
	}
	return online == n && len(ps) == n, state
}

func describePeers(ps []lan.PeerView) string {
	var parts []string
	for _, v := range ps {
		s := fmt.Sprintf("%s name=%q paired=%v online=%v addrs=%v", v.Short, v.Name, v.Paired, v.Online, v.Addrs)
		if v.LastSync != nil {
			s += " synced"
		}
		if v.Error != "" {
			s += fmt.Sprintf(" error=%q", v.Error)
		}
		parts = append(parts, s)
	}
	return "[" + strings.Join(parts, "; ") + "]"
}

// listed returns the record ids p's `list --json` shows.
func (p *netnsPeer) listed() ([]string, error) {
	ls, err := runJSON[[]Listing](p, "list")
	var ids []string
	for _, l := range ls {
		ids = append(ids, string(l.ID))
	}
	return ids, err
}

// invite runs `team invite` on the inviter and returns the code and the id
// it announces for the invite, as it printed them.
func invite(t testing.TB, inviter *netnsPeer, team string) (code, device string) {
	t.Helper()
	out := inviter.must(t, "team", "invite", team)
	lines := strings.Split(strings.TrimSpace(out), "\n")
	var c, d string
	if len(lines) == 2 {
		f := strings.Fields(lines[1])
		if i := slices.Index(f, "--device"); i >= 0 && i+1 < len(f) {
			d = f[i+1]
		}
		c = lines[0]
	}
	if _, err := lan.ParseInviteCode(c); err != nil || !lan.ValidShort(d) || !strings.HasSuffix(lines[1], "--code "+c) {
		t.Fatalf("team invite printed %q: want the code, then the team join command with --device and --code", out)
	}
	return c, d
}

// join runs `team join` on p for the inviter's code, naming the inviter by
// the id its invite showed (which it announces while the invite is open).
func join(t *testing.T, p *netnsPeer, device, code string) string {
	t.Helper()
	return p.must(t, "team", "join", "--device", device, "--code", code)
}

// TestNetnsCLITeam runs three headless peers on one bridged LAN and drives
// them with the command line: discovery, pairing by invite code, sharing a
// record with a team, and removing a member.
func TestNetnsCLITeam(t *testing.T) {
	netns.Skip(t)
	netns.CheckRoot(t)
	dirs := []string{t.TempDir(), t.TempDir(), t.TempDir()}
	if out := runLocal(t, "demo", "--data", dirs[0]); !strings.Contains(out, "added 4 example records") {
		t.Fatalf("demo printed %q", out)
	}

	hub := netns.StartHub(t)
	start := time.Now()
	var peers []*netnsPeer
	all := []*netnstest.Child{hub}
	for n := 1; n <= 3; n++ {
		p := startPeer(t, hub, n, dirs[n-1])
		peers = append(peers, p)
		all = append(all, p.Child)
	}
	p1, p2, p3 := peers[0], peers[1], peers[2]
	waitReady(t, all, peers...)
	listening := time.Since(start)

	// Discovery: peer 1 sees the other two, then everyone sees everyone,
	// as strangers: by ids that are not their device ids.
	netnstest.Wait(t, "Peer-1 seeing the other two", 10*time.Second, 20*time.Millisecond, all, func() (bool, string) { return p1.seesStrangers(2, p2, p3) })
	firstSeen := time.Since(start)
	netnstest.Wait(t, "every peer seeing the others", 10*time.Second, 20*time.Millisecond, all, func() (bool, string) {
		for _, p := range peers {
			if ok, state := p.seesStrangers(2, others(peers, p)...); !ok {
				return false, state
			}
		}
		return true, ""
	})
	allSeen := time.Since(start)
	t.Logf("peers started: all listening after %v; Peer-1 saw both others after %v; all saw all after %v",
		listening.Round(time.Millisecond), firstSeen.Round(time.Millisecond), allSeen.Round(time.Millisecond))

	// A team, and two joiners with an invite code each.
	team := strings.TrimSpace(p1.must(t, "team", "create", "Squad"))
	if _, err := lan.ParseTeamID(team); err != nil {
		t.Fatalf("team create printed %q: %v", team, err)
	}
	used := ""
	for _, p := range []*netnsPeer{p2, p3} {
		if used != "" {
			// A used code lets nobody else in.
			if _, err := p.run("team", "join", "--device", p1.device, "--code", used); err == nil || !strings.Contains(err.Error(), lan.ErrInviteRefused.Error()) {
				t.Fatalf("%s joining with the code Peer-2 used: %v, want %q", p.name, err, lan.ErrInviteRefused)
			}
		}
		code, device := invite(t, p1, team)
		began := time.Now()
		out := join(t, p, device, code)
		if want := fmt.Sprintf("joined Squad (%s)", team); !strings.Contains(out, want) {
			t.Fatalf("team join on %s printed %q, want %q", p.name, out, want)
		}
		t.Logf("%s joined in %v: %s", p.name, time.Since(began).Round(time.Millisecond), strings.TrimSpace(out))
		used = code
	}

	// Share one demo record; only it reaches the others.
	ids, err := p1.listed()
	if err != nil || len(ids) != 4 {
		t.Fatalf("Peer-1 lists %v, %v; want the 4 demo records", ids, err)
	}
	shared, later := ids[0], ids[1]
	shareAt := time.Now()
	if out := p1.must(t, "share", shared, team); !strings.Contains(out, "with Squad (3 members)") {
		t.Fatalf("share printed %q", out)
	}
	visible := map[*netnsPeer]time.Duration{}
	netnstest.Wait(t, "the shared record reaching Peer-2 and Peer-3", 15*time.Second, 5*time.Millisecond, all, func() (bool, string) {
		var state []string
		for _, p := range []*netnsPeer{p2, p3} {
			if _, ok := visible[p]; ok {
				continue
			}
			got, err := p.listed()
			if err != nil {
				state = append(state, err.Error())
				continue
			}
			if slices.Contains(got, shared) {
				visible[p] = time.Since(shareAt)
			} else {
				state = append(state, fmt.Sprintf("%s lists %v", p.name, got))
			}
		}
		return len(visible) == 2, strings.Join(state, "; ")
	})
	t.Logf("share → record listed on Peer-2 after %v, on Peer-3 after %v (polling every 5ms)",
		visible[p2].Round(time.Millisecond), visible[p3].Round(time.Millisecond))
	for _, p := range []*netnsPeer{p2, p3} {
		if got, err := p.listed(); err != nil || !slices.Equal(got, []string{shared}) {
			t.Errorf("%s lists %v, %v; want only the shared record %s", p.name, got, err, shared)
		}
	}

	// Every peer lists the three members.
	netnstest.Wait(t, "every peer listing the three members", 15*time.Second, 20*time.Millisecond, all, func() (bool, string) {
		for _, p := range peers {
			ms, err := runJSON[[]lan.MemberView](p, "team", "members", team)
			if err != nil {
				return false, err.Error()
			}
			if ok, state := hasMembers(p, ms, peers, nil); !ok {
				return false, state
			}
		}
		return true, ""
	})

	// Every peer shows the others as paired, by name, and synced with. A
	// joiner pulls from the other joiner on its pull interval: nothing
	// pokes between them before then.
	netnstest.Wait(t, "every peer synced with both others", netnsPull+5*time.Second, 100*time.Millisecond, all, func() (bool, string) {
		for _, p := range peers {
			ps, err := runJSON[[]lan.PeerView](p, "peers")
			if err != nil {
				return false, err.Error()
			}
			for _, o := range others(peers, p) {
				i := slices.IndexFunc(ps, func(v lan.PeerView) bool { return v.Short == o.short })
				if i < 0 {
					return false, fmt.Sprintf("%s does not list %s: %s", p.name, o.name, describePeers(ps))
				}
				v := ps[i]
				if !v.Paired || v.Name != o.name || v.Device != o.device || !v.Online || v.LastSync == nil || v.Syncing || v.Error != "" || !slices.Equal(v.Teams, []string{"Squad"}) {
					return false, fmt.Sprintf("%s: %s", p.name, describePeers(ps))
				}
			}
		}
		return true, ""
	})
	t.Logf("every pair had synced %v after the share", time.Since(shareAt).Round(time.Millisecond))

	// Peer-1 removes Peer-3; Peer-2 hears of it at once (a poke).
	before3, err := runJSON[[]lan.PeerView](p3, "peers")
	if err != nil {
		t.Fatal(err)
	}
	removeAt := time.Now()
	if out := p1.must(t, "team", "remove", team, p3.device); !strings.Contains(out, "removed "+p3.device+" from Squad") {
		t.Fatalf("team remove printed %q", out)
	}
	netnstest.Wait(t, "Peer-2 learning that Peer-3 was removed", 15*time.Second, 10*time.Millisecond, all, func() (bool, string) {
		ms, err := runJSON[[]lan.MemberView](p2, "team", "members", team)
		if err != nil {
			return false, err.Error()
		}
		return hasMembers(p2, ms, peers[:2], p3)
	})
	t.Logf("team remove → Peer-2 lists Peer-3 as removed after %v", time.Since(removeAt).Round(time.Millisecond))
	if ms, err := runJSON[[]lan.MemberView](p1, "team", "members", team); err != nil {
		t.Error(err)
	} else if ok, state := hasMembers(p1, ms, peers[:2], p3); !ok {
		t.Errorf("Peer-1 after removing Peer-3: %s", state)
	}
	if ps, err := runJSON[[]lan.PeerView](p2, "peers"); err != nil {
		t.Error(err)
	} else if slices.ContainsFunc(ps, func(v lan.PeerView) bool { return v.Short == p3.short && v.Paired }) {
		t.Errorf("Peer-2 still shows Peer-3 as paired: %s", describePeers(ps))
	}

	// A record shared after the removal reaches Peer-2, and not Peer-3,
	// even once Peer-3 has tried to pull again (on its interval: nobody
	// pokes a removed member) and been refused by both. No pull was running
	// when it was removed (see the wait above), so a refusal is a pull made
	// since.
	for _, o := range []*netnsPeer{p1, p2} {
		if e := peerError(before3, o); e != "" {
			t.Fatalf("Peer-3 had a sync error with %s before its removal: %q", o.name, e)
		}
	}
	shareAt = time.Now()
	if out := p1.must(t, "share", later, team); !strings.Contains(out, "with Squad (2 members)") {
		t.Fatalf("share after the removal printed %q", out)
	}
	netnstest.Wait(t, "the second shared record reaching Peer-2", 15*time.Second, 5*time.Millisecond, all, func() (bool, string) {
		got, err := p2.listed()
		if err != nil {
			return false, err.Error()
		}
		return slices.Contains(got, later), fmt.Sprintf("Peer-2 lists %v", got)
	})
	t.Logf("share after the removal → listed on Peer-2 after %v", time.Since(shareAt).Round(time.Millisecond))
	refused := "it no longer lists this device as a member"
	netnstest.Wait(t, "Peer-3 refused by Peer-1 and Peer-2", netnsPull+5*time.Second, 100*time.Millisecond, all, func() (bool, string) {
		ps, err := runJSON[[]lan.PeerView](p3, "peers")
		if err != nil {
			return false, err.Error()
		}
		return peerError(ps, p1) == refused && peerError(ps, p2) == refused, fmt.Sprintf("Peer-3: %s", describePeers(ps))
	})
	t.Logf("Peer-3 was refused by both %v after the second share", time.Since(shareAt).Round(time.Millisecond))
	if got, err := p3.listed(); err != nil || !slices.Equal(got, []string{shared}) {
		t.Errorf("Peer-3 after its removal lists %v, %v; want only %s (shared before)", got, err, shared)
	}

	// Peers stop cleanly when asked (SIGTERM, as Ctrl-C would).
	for _, p := range peers {
		if !p.Stop(8 * time.Second) {
			t.Errorf("%s had to be killed", p.name)
		}
		if ev, ok := p.Event("exit"); !ok || ev.Code != 0 || p.Err() != nil {
			t.Errorf("%s: exit event %+v (%v), process %v", p.name, ev, ok, p.Err())
		}
	}
	t.Logf("whole run %v", time.Since(start).Round(time.Millisecond))
}

// TestNetnsPeerListensOnItsInterface runs `readyroom peer` as a user
// would, on a device with two networks, announcing on one: it is reachable
// at its address there and on loopback, and not at its address on the
// other network; an address the announced interface gains later is
// listened on too.
func TestNetnsPeerListensOnItsInterface(t *testing.T) {
	netns.Skip(t)
	netns.CheckRoot(t)
	hub := netns.StartHub(t)
	p := startPeer(t, hub, 1, t.TempDir(), netnsOtherEnv+"=1")
	all := []*netnstest.Child{hub, p.Child}
	waitReady(t, all, p)
	port := strconv.Itoa(netnsPort)
	announced := net.JoinHostPort(netns.Addr(p.n).String(), port)
	if ev, _ := p.Event("stdout"); !strings.HasSuffix(ev.Line, " listening on "+announced) {
		t.Errorf("the peer started with %q, want it listening on %s", ev.Line, announced)
	}
	other := net.JoinHostPort(otherAddr, port)
	for _, c := range []struct {
		addr      string
		reachable bool
	}{
		{announced, true},
		{net.JoinHostPort("127.0.0.1", port), true},
		{other, false},
	} {
		if got := p.dial(t, all, c.addr); (got == "ok") != c.reachable {
			t.Errorf("connecting to %s: %s; want reachable %v", c.addr, got, c.reachable)
		}
	}

	gained := net.JoinHostPort(netip.AddrFrom4([4]byte{10, 77, 1, 61}).String(), port)
	p.Send(t, "add 10.77.1.61/24")
	netnstest.Wait(t, "the peer listening on the address its interface gained", 15*time.Second, 250*time.Millisecond, all, func() (bool, string) {
		got := p.dial(t, all, gained)
		return got == "ok", gained + ": " + got
	})
	if got := p.dial(t, all, other); got == "ok" {
		t.Errorf("connecting to %s, on the network not announced on: %s", other, got)
	}
	if !p.Stop(8*time.Second) || p.Err() != nil {
		t.Errorf("the peer: exit %v", p.Err())
	}
}

// hasMembers checks a `team members --json` listing printed by p: the
// active peers and, if not nil, one removed peer, each with its name and
// device id; p itself marked self.
func hasMembers(p *netnsPeer, ms []lan.MemberView, active []*netnsPeer, removed *netnsPeer) (bool, string) {
	want := len(active)
	if removed != nil {
		want++
	}
	state := fmt.Sprintf("%s lists %+v", p.name, ms)
	if len(ms) != want {
		return false, state
	}
	for _, o := range append(slices.Clone(active), removed) {
		if o == nil {
			continue
		}
		i := slices.IndexFunc(ms, func(m lan.MemberView) bool { return m.Device == o.device })
		if i < 0 || ms[i].Name != o.name || ms[i].Removed != (o == removed) || ms[i].Self != (o == p) {
			return false, state
		}
	}
	return true, ""
}

// peerError is the sync error a `peers --json` listing shows for o.
func peerError(ps []lan.PeerView, o *netnsPeer) string {
	for _, v := range ps {
		if v.Short == o.short {
			return v.Error
		}
	}
	return ""
}

func others(peers []*netnsPeer, self *netnsPeer) []*netnsPeer {
	return slices.DeleteFunc(slices.Clone(peers), func(p *netnsPeer) bool { return p == self })
}

// BenchmarkNetnsShareVisible measures, on two paired peers, the time from
// `share` on one to the record in `list` on the other (ms/share-visible,
// by polling every 5 ms). Each op shares a fresh record, from a pool of
// netnsBenchRecords made with `seed`.
func BenchmarkNetnsShareVisible(b *testing.B) {
	netns.Skip(b)
	const netnsBenchRecords = 200
	if b.N > netnsBenchRecords {
		b.Fatalf("b.N = %d, but only %d records are seeded: use -benchtime=Nx with N ≤ %d", b.N, netnsBenchRecords, netnsBenchRecords)
	}
	dirs := []string{b.TempDir(), b.TempDir()}
	runLocal(b, "seed", "--records", strconv.Itoa(netnsBenchRecords), "--data", dirs[0])
	hub := netns.StartHub(b)
	p1, p2 := startPeer(b, hub, 1, dirs[0]), startPeer(b, hub, 2, dirs[1])
	all := []*netnstest.Child{hub, p1.Child, p2.Child}
	waitReady(b, all, p1, p2)
	netnstest.Wait(b, "Peer-2 seeing Peer-1", 10*time.Second, 20*time.Millisecond, all, func() (bool, string) { return p2.seesStrangers(1, p1) })
	team := strings.TrimSpace(p1.must(b, "team", "create", "Bench"))
	code, device := invite(b, p1, team)
	p2.must(b, "team", "join", "--device", device, "--code", code)
	ids, err := p1.listed()
	if err != nil || len(ids) != netnsBenchRecords {
		b.Fatalf("Peer-1 lists %d records, %v", len(ids), err)
	}
	var total time.Duration
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		began := time.Now()
		p1.must(b, "share", ids[i], team)
		netnstest.Wait(b, "a shared record on Peer-2", 15*time.Second, 5*time.Millisecond, all, func() (bool, string) {
			got, err := p2.listed()
			return err == nil && slices.Contains(got, ids[i]), fmt.Sprint(err)
		})
		total += time.Since(began)
	}
	b.StopTimer()
	b.ReportMetric(float64(total.Microseconds())/1000/float64(b.N), "ms/share-visible")
}

// ---- the child side ----

// TestNetnsHelper is not a test of its own: it is the body of the helper
// children the netns tests start, and skips otherwise.
func TestNetnsHelper(t *testing.T) {
	netns.RunHelper(t, netnstest.Roles{"peer": peerChild})
}

// peerChild runs `readyroom peer` in-process on the LAN until told to quit,
// then stops it with SIGTERM, as Ctrl-C would.
func peerChild(h *netnstest.Helper) {
	t := h.T
	data := os.Getenv(netnsDataEnv)
	if h.N == 0 || data == "" {
		t.Fatalf("peer number %d, data directory %q", h.N, data)
	}
	// Hold SIGTERM from the start, so that one sent before the peer listens
	// for it does not end the process; it is sent again until the peer stops.
	held := make(chan os.Signal, 1)
	signal.Notify(held, syscall.SIGTERM)
	defer signal.Stop(held)

	h.JoinLAN(false)
	if os.Getenv(netnsOtherEnv) == "1" {
		// A second network, on an interface not announced on: a veth pair
		// with both ends here.
		h.IP("link", "add", "name", "rr1", "type", "veth", "peer", "name", "rr1b")
		h.IP("addr", "add", otherAddr+"/24", "dev", "rr1")
		h.IP("link", "set", "rr1", "up")
		h.IP("link", "set", "rr1b", "up")
	}
	h.Emit(netnstest.Event{Kind: "lan"})
	// Where the peer listens is its own choice, not the test scripts'.
	os.Unsetenv(EnvListen)
	cmd, err := Parse([]string{"peer", "--data", data, "--iface", netnstest.Iface, "--name", fmt.Sprintf("Peer-%d", h.N)})
	if err != nil {
		t.Fatal(err)
	}
	go func() {
		for c := range h.Commands {
			verb, arg, _ := strings.Cut(c, " ")
			switch verb {
			case "dial":
				// Only a connection, closed at once: is anything listening?
				conn, err := net.DialTimeout("tcp", arg, 2*time.Second)
				res := "ok"
				if err != nil {
					res = err.Error()
				} else {
					conn.Close()
				}
				h.Emit(netnstest.Event{Kind: "dialled", Line: arg + " " + res})
			case "add":
				h.IP("addr", "add", arg, "dev", netnstest.Iface)
				h.Emit(netnstest.Event{Kind: "added", Line: arg})
			}
		}
	}()
	done := make(chan int, 1)
	go func() { done <- Run(cmd, h.Lines("stdout"), os.Stderr, "netns-test") }()
	select {
	case code := <-done:
		h.Emit(netnstest.Event{Kind: "exit", Code: code})
		t.Fatalf("readyroom peer stopped by itself (exit %d)", code)
	case <-h.Quit:
	}
	for range 50 {
		syscall.Kill(os.Getpid(), syscall.SIGTERM)
		select {
		case code := <-done:
			h.Emit(netnstest.Event{Kind: "exit", Code: code})
			if code != 0 {
				t.Errorf("readyroom peer: exit %d", code)
			}
			return
		case <-time.After(100 * time.Millisecond):
		}
	}
	t.Fatal("readyroom peer did not stop within 5s of SIGTERM")
}
