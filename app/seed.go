package app

import (
	"fmt"
	"math/rand/v2"
	"time"

	"github.com/oklog/ulid/v2"

	"readyroom/readiness"
)

// Seed adds n generated records (alternately Gold and Silver, with a spread
// of statuses, owners and due dates) for benchmarks and load tests, in
// batches of 100 records per transaction. The same seed gives the same
// statuses. stored, when not nil, is told how many records are stored so
// far after each batch is committed (while s is held: it must not call s).
//
// The records make a year of history: records handed over or closed went
// live over the last twelve months, each created some weeks before; each
// service has its own track record (see seedProfiles), so that the service
// figures, the tier advice and the people directory have something to
// show. Each record is written as a teammate's device would have written
// it, on its own replica and clock, at the days the record's events
// happened.
func Seed(s *Records, n int, seed uint64, stored func(n int)) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	rng := rand.New(rand.NewPCG(seed, 7))
	today := readiness.DateOf(s.now())
	squads := []string{"Falcon", "Otter", "Heron", "Lynx", "Badger", "Kestrel"}
	owners := []string{"Sam Okafor", "Lee Chen", "Dana Fox", "Ana Sousa", "Tom O'Neil", "Mei Lin", "Raj Patel", "Eva Novak"}
	// Roughly what a portfolio looks like: most items done, some in progress
	// with a due date, a few not started, about one in forty blocked.
	statuses := make([]readiness.Status, 0, 40)
	for i := 0; i < 40; i++ {
		switch {
		case i < 26:
			statuses = append(statuses, readiness.Done)
		case i < 33:
			statuses = append(statuses, readiness.InProgress)
		case i < 39:
			statuses = append(statuses, readiness.NotStarted)
		default:
			statuses = append(statuses, readiness.Blocked)
		}
	}
	for start := 0; start < n; start += 100 {
		b := demoBuilder{maker: s.maker, today: today}
		for i := start; i < min(n, start+100); i++ {
			tier := readiness.Silver
			answers := readiness.Answers{CustomerFacing: true}
			if (i+i/len(seedProfiles))%2 == 0 { // half of each service's records
				tier, answers = readiness.Gold, readiness.Answers{SensitiveData: true}
			}
			prof := seedProfiles[i%len(seedProfiles)]
			stage := i % 5 // 0 preparing, 1 ready, 2 live, 3 handed over, 4 closed
			// When the record's story starts (its first readiness review):
			// recent for records still in flight or in hypercare, over the
			// last year for those handed over.
			begin := today.AddDays(-60 + rng.IntN(20))
			if stage >= 3 {
				begin = today.AddDays(-45 - rng.IntN(320))
			}
			created := begin.AddDays(-7 - rng.IntN(35))
			at := created.Time().Add(9 * time.Hour)
			b.maker = readiness.Maker{Clock: readiness.NewClock(func() time.Time { return at }), Replica: seedReplica(rng)}
			b.at = func(d readiness.Date) { at = d.Time().Add(9 * time.Hour) }
			b.as(squads[i%len(squads)] + " lead")
			b.doc = readiness.Doc{}
			b.add(b.maker.Create(readiness.RecordID(ulid.Make().String()), readiness.NewRecord{
				Service: prof.service, Title: fmt.Sprintf("Release %d", i+1), Squad: "Squad " + squads[i%len(squads)],
				SDM: seedSDMs[i%len(seedSDMs)], MaintenanceTeam: "Run Team", GoLive: string(seedGoLive(stage, today, begin, rng)),
				Answers: answers, Tier: tier,
			}, nil))
			b.text("description", "Generated record for load testing: a realistic spread of statuses, owners and dates.")
			for _, items := range b.items() {
				for k, it := range items {
					st := statuses[rng.IntN(len(statuses))]
					reason := ""
					if st == readiness.Blocked {
						reason = "Waiting for another team"
					}
					b.status(it, st, reason)
					if k%3 == 0 {
						b.set(readiness.ItemPath(it.ID, "owner"), owners[rng.IntN(len(owners))])
					}
					if st == readiness.InProgress {
						b.set(readiness.ItemPath(it.ID, "due"), today.AddDays(rng.IntN(40)-5))
					}
				}
			}
			b.lifecycle(stage, begin, prof, rng)
			b.at = nil
		}
		if b.err != nil {
			return fmt.Errorf("generating records: %w", b.err)
		}
		if _, err := s.db.Apply(b.changes...); err != nil {
			return fmt.Errorf("saving generated records: %w", err)
		}
		if stored != nil {
			stored(min(n, start+100))
		}
	}
	return nil
}

// seedProfile is a generated service's track record: the chance, in
// percent, that a release of it meets each kind of trouble in hypercare.
type seedProfile struct {
	service                            string
	p1, p2, rollback, stability, minor int
}

// seedProfiles: Identity releases clean every time (its track record
// suggests a standard change); Checkout often fails and rolls back; the
// others sit in between, with P3 and P4 incidents everywhere.
var seedProfiles = []seedProfile{
	{"Payments Gateway", 6, 12, 4, 6, 50},
	{"Customer Notifications", 2, 8, 2, 4, 40},
	{"Identity", 0, 0, 0, 0, 30},
	{"Search", 3, 10, 2, 5, 60},
	{"Checkout", 15, 20, 30, 10, 60},
	{"Data Platform", 4, 10, 3, 8, 50},
	{"Mobile API", 3, 9, 3, 5, 45},
	{"Billing", 5, 10, 5, 5, 40},
}

var seedSDMs = []string{"Priya Raman", "priya raman", "Jordan Blake", "Raman, Priya"}

// seedReplica is a generated teammate's device.
func seedReplica(rng *rand.Rand) readiness.ReplicaID {
	return readiness.ReplicaID(fmt.Sprintf("%016x", rng.Uint64()))
}

// seedGoLive is the record's planned go-live: ahead for records in
// flight, the day it went live for the others.
func seedGoLive(stage int, today, begin readiness.Date, rng *rand.Rand) readiness.Date {
	if stage < 2 {
		return today.AddDays(rng.IntN(90) + 1)
	}
	return begin.AddDays(15)
}

// lifecycle takes a generated record to a stage as the app records one: 0
// preparing, 1 ready, 2 live, 3 handed over, 4 closed. Readiness is
// reviewed weekly until the go/no-go; in hypercare the squad adds a check-in
// every day (a hypercare check-in entry, as the hypercare screen and the
// example records make them) and holds a check-in meeting once a week; each
// ceremony keeps the record's snapshot as the app takes it. That is two to
// five ceremonies and about 35 KB of changes (as peers are sent them) a
// record, as the example records hold (34 KB). Until 2026-12-06 every
// daily check-in was a ceremony with a snapshot: up to twenty ceremonies,
// 51 KB of changes a record.
func (b *demoBuilder) lifecycle(stage int, start readiness.Date, prof seedProfile, rng *rand.Rand) {
	people := []readiness.Person{{Name: "Priya Raman", Role: "Service delivery manager"}, {Name: "Sam Okafor", Role: "Tech lead"}}
	noted := readiness.Decision{Outcome: readiness.Noted, Text: "Reviewed", Reason: "Generated ceremony"}
	b.move(readiness.Move{To: readiness.Preparing}, start)
	for k := 0; k < 2; k++ {
		b.ceremony(readiness.ReadinessReview, start.AddDays(k*7), people, "Weekly readiness review", "", nil, noted)
	}
	if stage == 0 {
		return
	}
	var blocked []readiness.BlockedChoice // a go says what becomes of each blocked item
	for _, items := range b.items() {
		for _, it := range items {
			if it.Status == readiness.Blocked {
				blocked = append(blocked, readiness.BlockedChoice{Item: it.ID, As: readiness.AsRisk, Reason: "Generated: accepted at go/no-go"})
			}
		}
	}
	b.ceremonyWith(readiness.GoNoGo, start.AddDays(14), people, "", "", nil, blocked, readiness.Decision{Outcome: readiness.Go, Text: "Go", Reason: "Generated go"})
	if stage == 1 {
		return
	}
	live := start.AddDays(15)
	b.move(readiness.Move{To: readiness.Live, DateReason: "Generated: the plan moved"}, live)
	b.trouble(live, prof, rng)
	// The window exits about when it ends: Silver's 7 days or Gold's 14,
	// and any extension, give or take a day.
	exit := max(3, b.doc.Record.HypercareDays+extended(&b.doc.Record)+rng.IntN(3)-1)
	for d := 0; d < exit; d++ { // every day of the window until the exit
		b.on(live.AddDays(d))
		b.set(readiness.EntryPath("hypercare/checkins", newID()), readiness.CheckIn{Date: live.AddDays(d), RAG: readiness.Green, Summary: "No new incidents.", By: "Sam Okafor"})
		if d == 6 {
			b.ceremony(readiness.HypercareCheckIn, live.AddDays(d), people, "Weekly hypercare check-in", "No new incidents.", nil, noted)
		}
	}
	if stage == 2 {
		return
	}
	b.on(live.AddDays(exit))
	for _, c := range b.doc.Record.Hypercare.Criteria {
		c.Status = readiness.Met
		b.set(readiness.CriterionPath(c.ID), c)
	}
	b.ceremony(readiness.HypercareExit, live.AddDays(exit), people, "", "", nil, readiness.Decision{Outcome: readiness.Noted, Text: "Exit", Reason: "Criteria met"})
	for _, h := range b.doc.Record.Handover.Items {
		b.set(readiness.HandoverItemPath(h.ID), readiness.HandoverItemValue{Status: readiness.Done})
	}
	b.do(func(r *readiness.Record) ([]readiness.Edit, error) {
		return r.Accept(readiness.AcceptInput{Acceptance: readiness.Acceptance{Person: readiness.Person{Name: "Run team lead"}, Date: live.AddDays(exit + 1)}}, newID)
	})
	b.move(readiness.Move{To: readiness.HandedOver}, live.AddDays(exit+1))
	if stage == 4 {
		b.move(readiness.Move{To: readiness.Closed}, live.AddDays(exit+2))
	}
}

// trouble adds the incidents of a release's hypercare, and an extension for
// stability, by its service's profile: P3 and P4 incidents resolved within
// days, P2s within a day, P1s within hours, and a rollback as an incident
// resolved by rolling back.
func (b *demoBuilder) trouble(live readiness.Date, prof seedProfile, rng *rand.Rand) {
	roll := func(percent int) bool { return rng.IntN(100) < percent }
	incident := func(sev readiness.Severity, ref, summary string, minutes int, rolledBack bool) {
		day := live.AddDays(rng.IntN(5))
		b.on(day)
		opened := day.Time().Add(time.Duration(8+rng.IntN(10)) * time.Hour)
		b.set(readiness.EntryPath("hypercare/incidents", newID()), readiness.Incident{Ref: ref, Severity: sev, Summary: summary,
			Opened: readiness.DateTime(opened.Format("2006-01-02T15:04")), RolledBack: rolledBack,
			Resolved: readiness.DateTime(opened.Add(time.Duration(minutes) * time.Minute).Format("2006-01-02T15:04"))})
	}
	ref := func() string { return fmt.Sprintf("INC-%05d", rng.IntN(100000)) }
	if roll(prof.minor) {
		incident(readiness.Severities[2+rng.IntN(2)], ref(), "Minor defect found in hypercare", 60+rng.IntN(3*24*60), false)
	}
	if roll(prof.p2) {
		incident("P2", ref(), "Degraded service for some customers", 60+rng.IntN(23*60), false)
	}
	if roll(prof.p1) {
		incident("P1", ref(), "Service unavailable", 20+rng.IntN(220), false)
	}
	if roll(prof.rollback) {
		incident("P2", ref(), "Errors after the release: rolled back", 15+rng.IntN(75), true)
	}
	if roll(prof.stability) {
		b.on(live.AddDays(5))
		b.do(func(r *readiness.Record) ([]readiness.Edit, error) {
			return r.Extend(3, "Error rate still above the baseline", true, live.AddDays(5), newID)
		})
	}
}

// extended is the days the record's hypercare window was extended by.
func extended(r *readiness.Record) int {
	n := 0
	for _, e := range r.Hypercare.Extensions {
		n += e.Days
	}
	return n
}
