//go:build unix

package app

// Crash safety (issue 11): a process writing through each of Ready Room's
// write paths — item edits through a running peer's control socket,
// `readyroom seed`, a pull from a teammate over the LAN — is killed with
// SIGKILL, again and again. Each time the database it leaves is opened as
// the kill left it (read-only: nothing is repaired on the way, and an open
// that would have to rebuild something is a failure) and must pass bbolt's
// consistency check and store.DB.Verify (every record folded again from its
// log and compared with what is derived from it; the arrival and path
// indexes against the log), and it must hold every change the process
// acknowledged before it died: an edit the control socket answered, a
// batch `seed` said it stored, the changes a peer said it had pulled.
//
// The kills take turns: one at a random moment, the next on a write, as
// soon as the database file changes, which puts it inside a commit (bbolt
// writes a transaction's pages, syncs them, then writes and syncs the meta
// page that makes them the database) far more often than a timer does. The
// log says what each kill cut, read from the file's meta pages.
//
// The processes are this test binary re-executed as the command line (see
// TestMain). -crashseed replays a run's random choices (which edits, which
// kind of kill, how long to wait); the moments themselves depend on the
// machine. A failing run keeps its data directories and names them.

import (
	"bufio"
	"bytes"
	"encoding/binary"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"hash/fnv"
	"io"
	"log"
	"math/rand/v2"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"syscall"
	"testing"
	"time"

	"readyroom/app/lan"
	"readyroom/app/store"
	"readyroom/readiness"
)

var crashSeed = flag.Uint64("crashseed", 0, "TestCrashSafety: the seed of its random choices (0: a new one, logged)")

// minKills is the criterion's floor: kills in one run, over all paths.
const minKills = 50

// crashPlan is how often each write path is killed in a run and how much
// it writes.
type crashPlan struct {
	editKills, seedKills, pullKills int
	seedRecords                     int // what each `seed` is asked for, 100 to a transaction
	pullRecords                     int // what Ana shares with the team Ben joins
}

// planned is the run's plan: 50 kills in a minute or so here, with or
// without the race detector. Under the race detector (`make test`) every
// step runs ten to twenty times slower (a batch of 100 generated records
// took 28 s instead of 1.6, a check of 150 records 6 s instead of 0.4): the
// paths write less, and edits, the cheapest to kill, make up more of the
// kills.
var planned = map[bool]crashPlan{
	false: {editKills: 25, seedKills: 12, pullKills: 13, seedRecords: 120, pullRecords: 200},
	true:  {editKills: 36, seedKills: 6, pullKills: 8, seedRecords: 10, pullRecords: 30},
}[raceEnabled]

// Bounds on each step, far above what a step takes here: a step past one
// is a failure, never a wait without end.
const (
	startTimeout = 60 * time.Second // a process's first line, a first answered edit
	stepTimeout  = 3 * time.Minute  // a batch of `seed`, a pull to converge
	stopTimeout  = 20 * time.Second // a peer asked to stop with SIGTERM
)

// TestCrashSafety kills processes writing through each write path, and
// checks what each kill left.
func TestCrashSafety(t *testing.T) {
	seed := *crashSeed
	if seed == 0 {
		seed = rand.Uint64()
	}
	t.Logf("random choices from -crashseed=%d", seed)
	p := planned
	if n := p.editKills + p.seedKills + p.pullKills; n < minKills {
		t.Fatalf("the plan makes %d kills, fewer than %d", n, minKills)
	}
	var edits, seeds, pulls killCount
	began := time.Now()
	t.Run("edits", func(t *testing.T) { edits = crashEdits(t, rand.New(rand.NewPCG(seed, 1)), p.editKills) })
	t.Run("seed", func(t *testing.T) {
		seeds = crashSeedCommand(t, rand.New(rand.NewPCG(seed, 2)), p.seedKills, p.seedRecords)
	})
	t.Run("pull", func(t *testing.T) { pulls = crashPull(t, rand.New(rand.NewPCG(seed, 3)), p.pullKills, p.pullRecords) })
	if t.Failed() {
		return
	}
	t.Logf("%d kills in %v (race detector: %v), %d of them cutting a commit short: %v editing through the control socket, %v seeding, %v pulling from a teammate",
		edits.kills+seeds.kills+pulls.kills, time.Since(began).Round(time.Second), raceEnabled,
		edits.short+seeds.short+pulls.short, edits, seeds, pulls)
}

// killCount is how many kills a path had, and how many of them cut a
// commit short.
type killCount struct{ kills, short int }

func (k killCount) String() string {
	return fmt.Sprintf("%d (%d cut a commit short)", k.kills, k.short)
}

// ---- edits through the control socket ----

// editDrivers is how many goroutines send edits at once: a kill can find
// one edit committing while another waits for the store.
const editDrivers = 2

// itemRef names a checklist item of a record.
type itemRef struct {
	record readiness.RecordID
	item   readiness.ItemID
}

// ownerEdit is one `item set --owner` sent through the control socket.
type ownerEdit struct {
	itemRef
	owner string
	acked bool // the socket answered without an error
}

// crashEdits runs a peer on the example records, sends it owner edits
// through its control socket from editDrivers goroutines, and kills it
// 20–400 ms after the first edit is answered (then, or on the next write),
// kills times on the same data directory. Every edit answered must be in
// its record's log.
func crashEdits(t *testing.T, rng *rand.Rand, kills int) killCount {
	dir := keptDir(t, "edits")
	if code, _, errs := runCLI(t, "demo", "--data", dir); code != 0 {
		t.Fatalf("demo: %s", errs)
	}
	items := checklistItems(t, dir)
	var count killCount
	acked := 0
	onWrite := rng.IntN(2) == 0 // the kinds of kill take turns
	for round := range kills {
		onWrite = !onWrite
		peer := startPeerProc(t, dir, "Crash")
		var (
			mu   sync.Mutex
			sent []*ownerEdit
			wg   sync.WaitGroup
			once sync.Once
		)
		answered := make(chan struct{})
		refused := make(chan error, editDrivers)
		for g := range editDrivers {
			grng := rand.New(rand.NewPCG(rng.Uint64(), rng.Uint64()))
			wg.Go(func() {
				for n := range 100000 { // the kill ends it long before
					e := &ownerEdit{itemRef: items[grng.IntN(len(items))], owner: fmt.Sprintf("kill-%d-%d-%d", round, g, n)}
					mu.Lock()
					sent = append(sent, e)
					mu.Unlock()
					if _, err := peer.ctl.SetItem(string(e.record), string(e.item), ItemSet{Owner: &e.owner}); err != nil {
						if !peer.killing.Load() {
							refused <- fmt.Errorf("item set %s %s --owner %s: %v", e.record, e.item, e.owner, err)
						}
						return
					}
					mu.Lock()
					e.acked = true
					mu.Unlock()
					once.Do(func() { close(answered) })
				}
			})
		}
		select {
		case <-answered:
		case err := <-refused:
			peer.kill()
			wg.Wait()
			t.Fatalf("edit round %d, before the kill: %v", round, err)
		case <-time.After(startTimeout):
			peer.kill()
			wg.Wait()
			t.Fatalf("edit round %d: no edit was answered within %v", round, startTimeout)
		}
		delay := 20*time.Millisecond + time.Duration(rng.Int64N(int64(380*time.Millisecond)))
		time.Sleep(delay)
		how, short := "", false
		if onWrite {
			how, short, _ = peer.killOnWrite(filepath.Join(dir, store.FileName), time.Second)
		} else {
			how = "at a random moment"
			peer.kill()
		}
		wg.Wait()
		select {
		case err := <-refused:
			t.Fatalf("edit round %d, before the kill: %v", round, err)
		default:
		}

		db, rep := openKilled(t, dir, fmt.Sprintf("edit round %d", round), false)
		stored := ownersInLog(t, db, items)
		db.Close()
		var lost []string
		nAcked, inFlight, inFlightStored := 0, 0, 0
		for _, e := range sent {
			found := stored[ownerValue{e.itemRef, e.owner}]
			switch {
			case e.acked:
				nAcked++
				if !found {
					lost = append(lost, fmt.Sprintf("record %s item %s owner %q", e.record, e.item, e.owner))
				}
			case found:
				inFlight++
				inFlightStored++
			default:
				inFlight++
			}
		}
		if len(lost) > 0 {
			t.Fatalf("edit round %d, killed %v after the first answer, %s: %d of the %d edits the control socket answered are not in their record's log (data in %s):\n  %s",
				round, delay.Round(time.Millisecond), how, len(lost), nAcked, dir, strings.Join(lost, "\n  "))
		}
		acked += nAcked
		count.kills++
		if short {
			count.short++
		}
		t.Logf("edit round %d: killed %v after the first answer, %s; %d edits answered, all in the log; %d in flight, %d of them stored; %d records, %d changes, sound",
			round, delay.Round(time.Millisecond), how, nAcked, inFlight, inFlightStored, rep.Records, rep.Changes)
	}
	t.Logf("%v kills while editing; %d answered edits, none lost", count, acked)
	return count
}

// checklistItems lists every checklist item of every record in dir.
func checklistItems(t *testing.T, dir string) []itemRef {
	t.Helper()
	db, err := store.Open(dir, store.Options{ReadOnly: true})
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	sums, err := db.Summaries()
	if err != nil {
		t.Fatal(err)
	}
	var out []itemRef
	for _, s := range sums {
		d, err := db.Doc(s.ID)
		if err != nil {
			t.Fatal(err)
		}
		for _, sec := range d.Record.Sections {
			for _, it := range sec.Items {
				out = append(out, itemRef{s.ID, it.ID})
			}
		}
	}
	if len(out) == 0 {
		t.Fatalf("no checklist items in %s", dir)
	}
	return out
}

// ownerValue is an owner an item was given by a change in the log.
type ownerValue struct {
	itemRef
	owner string
}

// ownersInLog lists every owner the log of the items' records gives an item.
func ownersInLog(t *testing.T, db *store.DB, items []itemRef) map[ownerValue]bool {
	t.Helper()
	out := map[ownerValue]bool{}
	var recs []readiness.RecordID
	for _, it := range items {
		if !slices.Contains(recs, it.record) {
			recs = append(recs, it.record)
		}
	}
	for _, rid := range recs {
		log, err := db.Log(rid)
		if err != nil {
			t.Fatal(err)
		}
		for _, c := range log {
			rest, ok := strings.CutPrefix(string(c.Path), "items/")
			item, field, _ := strings.Cut(rest, "/")
			if !ok || field != "owner" {
				continue
			}
			var owner string
			if err := json.Unmarshal(c.Value, &owner); err != nil {
				t.Fatalf("record %s: change %s sets %s to %s: %v", rid, c.ID, c.Path, c.Value, err)
			}
			out[ownerValue{itemRef{rid, readiness.ItemID(item)}, owner}] = true
		}
	}
	return out
}

// ---- seed ----

// crashSeedCommand runs `seed --records N` and kills it. A first run, left
// to finish, times each batch (generated, stored in one transaction, then
// said stored); each later run is killed after a random number of batches
// were said stored: on the next write (the next batch's commit), or at a
// random moment within the next batch as last timed. Runs follow each
// other on a data directory until it holds N records, then on a new one
// (so that checking the whole file stays quick). Every batch said stored
// must be there, and no batch in part. A run that ends before its kill is
// not counted.
func crashSeedCommand(t *testing.T, rng *rand.Rand, kills, records int) killCount {
	batches := (records + 99) / 100
	took := make([]time.Duration, batches) // each batch, last timed: from the line before (or the start) to its line
	dir, held := "", 0                     // the data directory, and the records it held at the last check
	var count killCount
	finished := 0
	onWrite := rng.IntN(2) == 0 // the kinds of kill take turns
	for round := 0; count.kills < kills && round < 3*kills; round++ {
		if dir == "" || held >= records {
			dir, held = keptDir(t, fmt.Sprintf("seed%d", round)), 0
		}
		path := filepath.Join(dir, store.FileName)
		p := startProc(t, nil, "seed", "--records", strconv.Itoa(records), "--data", dir)
		said, last := 0, time.Now() // records this run said it stored, and when it last said so
		hear := func(l string) {
			var n, of int
			if _, err := fmt.Sscanf(l, "stored %d of %d records", &n, &of); err != nil || of != records || n <= said {
				return
			}
			if b := (n - 1) / 100; b < batches {
				took[b] = time.Since(last)
			}
			said, last = n, time.Now()
		}
		calibrating := round == 0
		after := 0 // batches to hear of before the kill is due
		if !calibrating {
			after = rng.IntN(batches)
			onWrite = !onWrite
		}
		for said < after*100 {
			l, ok := p.next(stepTimeout)
			if !ok {
				break
			}
			hear(l)
		}
		how, short, delay := "", false, time.Duration(0)
		var rest []string
		switch {
		case calibrating:
			for {
				l, ok := p.next(stepTimeout)
				if !ok {
					break
				}
				hear(l)
			}
			rest = p.kill() // gone already, unless a batch took longer than stepTimeout
		case onWrite:
			how, short, rest = p.killOnWrite(path, stepTimeout)
		default:
			delay = time.Duration(rng.Int64N(int64(took[after]*105/100) + 1))
			how = fmt.Sprintf("at a random moment, %v on", delay.Round(time.Millisecond))
			timer := time.NewTimer(delay)
			select {
			case <-p.done:
			case <-timer.C:
			}
			timer.Stop()
			rest = p.kill()
		}
		for _, l := range rest { // said before it died: stored all the same
			hear(l)
		}
		wasKilled := p.signaled()
		if !wasKilled && p.cmd.ProcessState.ExitCode() != 0 {
			t.Fatalf("seed round %d: seed failed by itself, exit %d: %s", round, p.cmd.ProcessState.ExitCode(), p.stderr.String())
		}

		db, rep := openKilled(t, dir, fmt.Sprintf("seed round %d", round), held == 0)
		if db != nil {
			db.Close()
		}
		added := rep.Records - held
		switch {
		case added < said:
			t.Fatalf("seed round %d: seed said it stored %d records, but the database holds %d more than before it (data in %s)", round, said, added, dir)
		case added != said && added != min(records, said+100):
			t.Fatalf("seed round %d: seed said it stored %d records and the database holds %d more than before it: a batch was stored in part (data in %s)", round, said, added, dir)
		case !wasKilled && added != records:
			t.Fatalf("seed round %d: seed finished, but the database holds %d more records, not %d (data in %s)", round, added, records, dir)
		}
		held = rep.Records
		switch {
		case calibrating && said < records:
			t.Fatalf("seed round %d: seed did not finish within %v of its last batch", round, stepTimeout)
		case calibrating:
			t.Logf("seed round %d: left to finish, to time its batches: %v; %d records, sound", round, roundAll(took), rep.Records)
		case !wasKilled:
			finished++
			t.Logf("seed round %d: finished before its kill, due %s after %d records were said stored; %d records, sound", round, how, after*100, rep.Records)
		default:
			count.kills++
			if short {
				count.short++
			}
			t.Logf("seed round %d: killed after %d records were said stored (the next batch last took %v), %s; it had said %d, and %d were stored; %d records, %d changes, sound",
				round, after*100, took[after].Round(time.Millisecond), how, said, added, rep.Records, rep.Changes)
		}
	}
	if count.kills < kills {
		t.Fatalf("only %d of %d seed runs were killed before they finished (%d finished first)", count.kills, kills, finished)
	}
	t.Logf("%v kills while seeding (%d more runs finished first)", count, finished)
	return count
}

func roundAll(ds []time.Duration) []time.Duration {
	out := make([]time.Duration, len(ds))
	for i, d := range ds {
		out[i] = d.Round(time.Millisecond)
	}
	return out
}

// ---- a pull from a teammate ----

// pullKillsPerJoin bounds the kills of one of Ben's data directories
// before he is left to finish his pull.
const pullKillsPerJoin = 3

// crashPull has Ana share generated records with a team, and Ben join it
// with a new data directory, again and again. While Ben pulls he is killed
// once he says he has pulled a random part of what he lacks — then, within
// about a transaction's time more, or on his next write — restarted on the
// same directory, and killed again, up to pullKillsPerJoin times. After
// each kill his database holds everything it held before, at least as much
// more as he said he had pulled, and nothing Ana does not hold; left to
// finish, he holds exactly what she holds.
func crashPull(t *testing.T, rng *rand.Rand, kills, records int) killCount {
	ana := keptDir(t, "pull-ana")
	if code, _, errs := runCLI(t, "seed", "--records", strconv.Itoa(records), "--data", ana); code != 0 {
		t.Fatalf("seed: %s", errs)
	}
	team, recs := shareAll(t, ana, "Crash")
	want := changeKeys(t, ana, recs)
	fast := EnvPullInterval + "=200ms"
	anaPeer := startPeerProc(t, ana, "Ana", fast)

	// stalled fails the test when Ben does not pull what he was to, saying
	// which of Ana's changes he lacks.
	stalled := func(what string, ben *peerProc, dir string, held map[string]bool, err error) {
		t.Helper()
		if err == nil {
			return
		}
		ben.kill()
		db, _ := openKilled(t, dir, what, false)
		has := changeKeysIn(t, db, recs)
		db.Close()
		var missing []string
		for key := range want {
			if !has[key] {
				missing = append(missing, key)
			}
		}
		t.Fatalf("%s: Ben stopped short: %v; he holds %d of Ana's %d changes, %d of them before his start; missing: %s (data in %s)",
			what, err, len(has), len(want), len(held), firstKeys(missing), dir)
	}
	var count killCount
	during := 0
	onWrite := rng.IntN(2) == 0 // the kinds of kill take turns
	// pace is the time between two of Ben's transactions of pulled changes,
	// last he was watched: a timed kill comes within one of the threshold.
	pace := 100 * time.Millisecond
	for join := 0; count.kills < kills && join < kills; join++ {
		dir := keptDir(t, fmt.Sprintf("pull-ben%d", join))
		path := filepath.Join(dir, store.FileName)
		ben := startPeerProc(t, dir, "Ben", fast)
		inv, err := anaPeer.ctl.Invite(team)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := ben.ctl.Join("", anaPeer.addr, inv.Code); err != nil {
			t.Fatalf("join %d: %v", join, err)
		}
		held := map[string]bool{} // what Ben's database held at the last check
		for k := 0; k < pullKillsPerJoin && count.kills < kills && len(held) < len(want); k++ {
			if k > 0 {
				ben = startPeerProc(t, dir, "Ben", fast)
			}
			lacks := len(want) - len(held)
			at := rng.IntN(lacks)
			var how string
			var short bool
			var pulled int
			what := fmt.Sprintf("join %d, kill %d", join, k)
			if onWrite = !onWrite; onWrite {
				pulled, _, err = watchPull(ben, at, 0)
				stalled(what, ben, dir, held, err)
				how, short, _ = ben.killOnWrite(path, 5*time.Second)
			} else {
				extra := time.Duration(rng.Int64N(int64(pace)))
				var step time.Duration
				pulled, step, err = watchPull(ben, at, extra)
				stalled(what, ben, dir, held, err)
				if step > 0 {
					pace = step
				}
				how = fmt.Sprintf("at a random moment, %v on", extra.Round(time.Millisecond))
				ben.kill()
			}

			db, rep := openKilled(t, dir, what, false)
			has := changeKeysIn(t, db, recs)
			db.Close()
			var lost, foreign []string
			for key := range held {
				if !has[key] {
					lost = append(lost, key)
				}
			}
			for key := range has {
				if !want[key] {
					foreign = append(foreign, key)
				}
			}
			switch {
			case len(lost) > 0:
				t.Fatalf("%s: %d changes Ben's database held before his restart are gone (data in %s): %s", what, len(lost), dir, firstKeys(lost))
			case len(foreign) > 0 || rep.Changes != len(has):
				t.Fatalf("%s: Ben's database holds %d changes, %d of them in Ana's records and %d that Ana does not hold (data in %s): %s", what, rep.Changes, len(has), len(foreign), dir, firstKeys(foreign))
			case len(has)-len(held) < pulled:
				t.Fatalf("%s: Ben said he had pulled %d changes since his start, but his database holds %d more than before it (data in %s)", what, pulled, len(has)-len(held), dir)
			}
			count.kills++
			if short {
				count.short++
			}
			mid := len(has) < len(want)
			if mid {
				during++
			}
			t.Logf("%s: killed once Ben said he had pulled %d of the %d changes he lacked (%d waited for), %s; he had %d more stored, %d of %d in all; mid-pull: %v; sound",
				what, pulled, lacks, at, how, len(has)-len(held), len(has), len(want), mid)
			held = has
		}
		// Restarted once more and left alone, Ben ends with what Ana holds.
		ben = startPeerProc(t, dir, "Ben", fast)
		_, _, err = watchPull(ben, len(want)-len(held), 0)
		stalled(fmt.Sprintf("join %d, after the kills", join), ben, dir, held, err)
		if code := ben.stop(t); code != 0 {
			t.Fatalf("join %d: Ben stopped with exit %d: %s", join, code, ben.stderr.String())
		}
		db, _ := openKilled(t, dir, fmt.Sprintf("join %d, after the pull finished", join), false)
		has := changeKeysIn(t, db, recs)
		db.Close()
		var missing []string
		for key := range want {
			if !has[key] {
				missing = append(missing, key)
			}
		}
		if len(missing) > 0 || len(has) != len(want) {
			t.Fatalf("join %d: after his last restart Ben holds %d changes of Ana's %d; %d of hers are missing (data in %s): %s", join, len(has), len(want), len(missing), dir, firstKeys(missing))
		}
		t.Logf("join %d: Ben finished his pull with every one of Ana's %d changes", join, len(want))
	}
	if code := anaPeer.stop(t); code != 0 {
		t.Errorf("Ana stopped with exit %d: %s", code, anaPeer.stderr.String())
	}
	t.Logf("%v kills while pulling, %d of them with changes still to pull", count, during)
	return count
}

// shareAll creates a team in dir and shares every record with it, in this
// process, before a peer runs there.
func shareAll(t *testing.T, dir, name string) (string, []readiness.RecordID) {
	t.Helper()
	db, err := store.Open(dir, store.Options{NoSync: true}) // a setup, not what is tested
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	recs, err := NewRecords(db, nil)
	if err != nil {
		t.Fatal(err)
	}
	n, err := NewNetwork(recs, dir, log.New(io.Discard, "", 0))
	if err != nil {
		t.Fatal(err)
	}
	defer n.Close()
	tv, err := n.CreateTeam(name)
	if err != nil {
		t.Fatal(err)
	}
	sums, err := db.Summaries()
	if err != nil {
		t.Fatal(err)
	}
	var ids []readiness.RecordID
	for _, s := range sums {
		// The node's Share: Network.Share answers with the team's view, which
		// reads every shared record again (12 s for 200 shares here).
		if _, err := n.Node().Share(s.ID, lan.TeamID(tv.ID), true); err != nil {
			t.Fatal(err)
		}
		ids = append(ids, s.ID)
	}
	return tv.ID, ids
}

// changeKeys lists the changes of the records in dir's database.
func changeKeys(t *testing.T, dir string, recs []readiness.RecordID) map[string]bool {
	t.Helper()
	db, err := store.Open(dir, store.Options{ReadOnly: true})
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	return changeKeysIn(t, db, recs)
}

func changeKeysIn(t *testing.T, db *store.DB, recs []readiness.RecordID) map[string]bool {
	t.Helper()
	out := map[string]bool{}
	for _, id := range recs {
		log, err := db.Log(id)
		if err != nil {
			t.Fatal(err)
		}
		for _, c := range log {
			out[readiness.ChangeKey(c.Record, c.ID)] = true
		}
	}
	return out
}

// watchPull asks a peer how many changes it has pulled since it started
// until it says at least n, then waits extra more. It returns the most it
// said, and the time between the moments that number grew (0 when it grew
// less than twice). A peer whose pulls keep ending without bringing what
// it lacks (stalledPulls of them in a row) is an error at once.
func watchPull(p *peerProc, n int, extra time.Duration) (int, time.Duration, error) {
	const stalledPulls = 5
	most, steps, idle := 0, 0, 0
	synced := map[string]time.Time{} // each peer's last pull that ended well, as last seen
	var first, last, until time.Time
	deadline := time.Now().Add(stepTimeout)
	for {
		st, err := p.ctl.Peers()
		if err != nil {
			return most, 0, fmt.Errorf("peers: %v", err)
		}
		pulled, ended := 0, 0
		var state []string
		for _, v := range st.Peers {
			pulled += v.Pulled
			if v.LastSync != nil {
				if at, ok := synced[v.Short]; ok && !at.Equal(*v.LastSync) {
					ended++
				}
				synced[v.Short] = *v.LastSync
			}
			state = append(state, fmt.Sprintf("%s pulled %d, syncing %v, error %q", v.Short, v.Pulled, v.Syncing, v.Error))
		}
		now := time.Now()
		if pulled > most {
			if first.IsZero() {
				first = now
			}
			last, most = now, pulled
			steps++
			idle = 0
		} else {
			idle += ended
		}
		if until.IsZero() && most >= n {
			until = now.Add(extra)
		}
		switch {
		case !until.IsZero() && !now.Before(until):
			if steps < 2 {
				return most, 0, nil
			}
			return most, last.Sub(first) / time.Duration(steps-1), nil
		case until.IsZero() && idle >= stalledPulls:
			return most, 0, fmt.Errorf("%d pulls in a row ended without bringing anything, %d changes pulled of the %d waited for (peers: %s)", idle, most, n, strings.Join(state, "; "))
		case now.After(deadline):
			return most, 0, fmt.Errorf("%d changes pulled of the %d waited for after %v (peers: %s)", most, n, stepTimeout, strings.Join(state, "; "))
		}
		time.Sleep(5 * time.Millisecond)
	}
}

func firstKeys(keys []string) string {
	slices.Sort(keys)
	if len(keys) > 5 {
		return strings.Join(keys[:5], ", ") + fmt.Sprintf(" and %d more", len(keys)-5)
	}
	return strings.Join(keys, ", ")
}

// ---- what every path shares ----

// openKilled opens the database a killed process left in dir, as it left
// it: read-only, so that nothing is repaired on the way, and an open that
// would have to rebuild something, or that says anything, is a failure.
// Then Verify checks it whole. The caller closes it. With creating set the
// process may have been killed while it made the database: none at all is
// then no failure, and openKilled returns nil.
func openKilled(t *testing.T, dir, after string, creating bool) (*store.DB, store.Report) {
	t.Helper()
	var said []string
	db, err := store.Open(dir, store.Options{ReadOnly: true, Report: func(s string) { said = append(said, s) }})
	switch {
	case creating && errors.Is(err, store.ErrNoDatabase):
		return nil, store.Report{}
	case errors.Is(err, store.ErrNeedsWrite):
		t.Fatalf("after %s, the database must be repaired before it can be read: %s (data in %s)", after, whatOpenRebuilds(t, dir), dir)
	case err != nil:
		t.Fatalf("after %s, the database does not open: %v (data in %s)", after, err, dir)
	}
	if len(said) > 0 {
		db.Close()
		t.Fatalf("after %s, opening the database said: %s (data in %s)", after, strings.Join(said, "; "), dir)
	}
	rep, err := db.Verify(false)
	if err != nil {
		db.Close()
		t.Fatalf("after %s, the database fails its check: %v (data in %s)", after, err, dir)
	}
	if !rep.OK() {
		db.Close()
		var ps []string
		for _, p := range rep.Problems {
			ps = append(ps, p.String())
		}
		t.Fatalf("after %s, the database's check found %d problems (data in %s):\n  %s", after, len(ps), dir, strings.Join(ps, "\n  "))
	}
	return db, rep
}

// whatOpenRebuilds opens a copy of dir's database for writing and returns
// what opening it said it rebuilt, leaving dir as it is.
func whatOpenRebuilds(t *testing.T, dir string) string {
	b, err := os.ReadFile(filepath.Join(dir, store.FileName))
	if err != nil {
		return err.Error()
	}
	cp := t.TempDir()
	if err := os.WriteFile(filepath.Join(cp, store.FileName), b, 0o600); err != nil {
		return err.Error()
	}
	var said []string
	db, err := store.Open(cp, store.Options{Report: func(s string) { said = append(said, s) }})
	if err != nil {
		return err.Error()
	}
	db.Close()
	return strings.ReplaceAll(strings.Join(said, "; "), filepath.Join(cp, store.FileName), "a copy of it")
}

// keptDir is a new directory, removed when the test passes and kept (and
// named) when it fails: the database a kill left is the evidence.
func keptDir(t *testing.T, name string) string {
	t.Helper()
	dir, err := os.MkdirTemp("", "readyroom-crash-"+name+"-")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		if t.Failed() {
			t.Logf("kept %s", dir)
			return
		}
		os.RemoveAll(dir)
	})
	return dir
}

// ---- processes, and killing them ----

// proc is a readyroom command line running in a process of its own.
type proc struct {
	cmd     *exec.Cmd
	lines   chan string   // its standard output, line by line; closed at its end
	done    chan struct{} // closed once it has exited
	stderr  bytes.Buffer  // read once done is closed
	killing atomic.Bool   // set just before it is sent SIGKILL
}

// startProc starts the command line in a process of its own, with env
// added to this process's environment. The test's end kills it.
func startProc(t *testing.T, env []string, args ...string) *proc {
	t.Helper()
	p := &proc{cmd: childCommand(args, env...), lines: make(chan string, 1024), done: make(chan struct{})}
	p.cmd.Stderr = &p.stderr
	out, err := p.cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := p.cmd.Start(); err != nil {
		t.Fatal(err)
	}
	go func() {
		sc := bufio.NewScanner(out)
		for sc.Scan() {
			p.lines <- sc.Text()
		}
		close(p.lines)
		p.cmd.Wait()
		close(p.done)
	}()
	t.Cleanup(func() { p.kill() })
	return p
}

// next returns the next line the process prints, waiting up to d; false
// when it ended first or d passed.
func (p *proc) next(d time.Duration) (string, bool) {
	timer := time.NewTimer(d)
	defer timer.Stop()
	select {
	case l, ok := <-p.lines:
		return l, ok
	case <-timer.C:
		return "", false
	}
}

// kill sends SIGKILL, unless the process is gone already, and returns
// once it is gone the lines it printed that were not read.
func (p *proc) kill() []string {
	p.killing.Store(true)
	p.cmd.Process.Signal(syscall.SIGKILL)
	var rest []string
	for l := range p.lines {
		rest = append(rest, l)
	}
	<-p.done
	return rest
}

// killOnWrite kills the process as soon as the database file at path
// changes (its size or modification time, looked at every 200 µs), or
// once d has passed; not at all if it ends first. It says what the kill
// cut, from the file's meta pages: short is set when it cut a commit
// short, its pages written and its meta page not. It returns, like kill,
// the lines not read.
func (p *proc) killOnWrite(path string, d time.Duration) (how string, short bool, rest []string) {
	before := markFile(path)
	deadline := time.Now().Add(d)
	for {
		select {
		case <-p.done:
			return "due on a write, but it ended first", false, p.kill()
		default:
		}
		if markFile(path).changed(before) {
			break
		}
		if time.Now().After(deadline) {
			return fmt.Sprintf("due on a write, but none came within %v", d), false, p.kill()
		}
		time.Sleep(200 * time.Microsecond)
	}
	rest = p.kill()
	switch after := lastCommit(path); {
	case before.size == 0:
		return "on a write: the file's creation", false, rest
	case after == before.commit:
		return fmt.Sprintf("on a write: cut transaction %d's commit short (its meta page not written)", before.commit+1), true, rest
	default:
		return fmt.Sprintf("on a write: after %d more commits", after-before.commit), false, rest
	}
}

// signaled reports whether the process, gone, was ended by a signal.
func (p *proc) signaled() bool {
	ws, ok := p.cmd.ProcessState.Sys().(syscall.WaitStatus)
	return ok && ws.Signaled()
}

// stop asks the process to stop with SIGTERM, as Ctrl-C would, and
// returns its exit code; one that has not stopped within stopTimeout is
// killed and fails the test.
func (p *proc) stop(t *testing.T) int {
	t.Helper()
	p.cmd.Process.Signal(syscall.SIGTERM)
	timer := time.NewTimer(stopTimeout)
	defer timer.Stop()
	select {
	case <-p.done:
	case <-timer.C:
		p.kill()
		t.Fatalf("it did not stop within %v of SIGTERM: %s", stopTimeout, p.stderr.String())
	}
	return p.cmd.ProcessState.ExitCode()
}

// fileMark is a database file as a kill on a write saw it before.
type fileMark struct {
	size   int64
	mod    time.Time
	commit uint64 // its last transaction committed
}

func markFile(path string) fileMark {
	fi, err := os.Stat(path)
	if err != nil {
		return fileMark{}
	}
	return fileMark{size: fi.Size(), mod: fi.ModTime(), commit: lastCommit(path)}
}

func (m fileMark) changed(before fileMark) bool {
	return m.size != before.size || !m.mod.Equal(before.mod)
}

// lastCommit is the id of the last transaction committed to the bbolt file
// at path: the higher of its two meta pages' (bbolt writes them in turn)
// among those whose checksum holds; 0 when there is none. bbolt's meta page:
// a 16-byte page header, then magic, version, page size, flags, root
// bucket, free list, high-water mark, transaction id and an FNV-64a
// checksum of what comes before it.
func lastCommit(path string) uint64 {
	f, err := os.Open(path)
	if err != nil {
		return 0
	}
	defer f.Close()
	le := binary.LittleEndian
	buf := make([]byte, 16+64)
	var best uint64
	at := int64(0)
	for i := range 2 {
		if _, err := f.ReadAt(buf, at); err != nil {
			return best
		}
		m := buf[16:]
		h := fnv.New64a()
		h.Write(m[:56])
		sound := le.Uint32(m) == 0xED0CDAED && h.Sum64() == le.Uint64(m[56:])
		if sound {
			best = max(best, le.Uint64(m[48:]))
		}
		if i == 0 {
			at = int64(os.Getpagesize())
			if sound {
				at = int64(le.Uint32(m[8:]))
			}
		}
	}
	return best
}

// peerProc is `readyroom peer` in a process of its own, on loopback with
// discovery off.
type peerProc struct {
	*proc
	addr string  // where it listens, from its first line
	ctl  *Remote // its control socket
}

// startPeerProc starts a peer on dir and returns once its control socket
// answers.
func startPeerProc(t *testing.T, dir, name string, env ...string) *peerProc {
	t.Helper()
	p := &peerProc{proc: startProc(t, env, "peer", "--data", dir, "--iface", "off", "--listen", "127.0.0.1:0", "--name", name)}
	l, ok := p.next(startTimeout)
	if !ok {
		p.kill()
		t.Fatalf("readyroom peer on %s printed no first line within %v: %s", dir, startTimeout, p.stderr.String())
	}
	// "peer DEVICE (NAME) listening on ADDR"
	f := strings.Fields(l)
	if len(f) != 6 || f[0] != "peer" || f[2] != "("+name+")" || f[3] != "listening" {
		p.kill()
		t.Fatalf("readyroom peer on %s started with %q: %s", dir, l, p.stderr.String())
	}
	p.addr = f[5]
	var err error
	if p.ctl, err = DialControl(dir); err != nil {
		p.kill()
		t.Fatalf("readyroom peer on %s: %v", dir, err)
	}
	return p
}
