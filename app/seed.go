package app

import (
	"fmt"
	"math/rand/v2"

	"github.com/oklog/ulid/v2"

	"readyroom/readiness"
)

// Seed adds n generated records (alternately Gold and Silver, with a spread
// of statuses, owners and due dates) for benchmarks and load tests, in
// batches of 100 records per transaction. The same seed gives the same
// statuses. stored, when not nil, is told how many records are stored so
// far after each batch is committed (while s is held: it must not call s).
func Seed(s *Records, n int, seed uint64, stored func(n int)) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	rng := rand.New(rand.NewPCG(seed, 7))
	today := readiness.DateOf(s.now())
	services := []string{"Payments Gateway", "Customer Notifications", "Identity", "Search", "Checkout", "Data Platform", "Mobile API", "Billing"}
	squads := []string{"Falcon", "Otter", "Heron", "Lynx", "Badger", "Kestrel"}
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
			if i%2 == 0 {
				tier, answers = readiness.Gold, readiness.Answers{SensitiveData: true}
			}
			b.as(squads[i%len(squads)] + " lead")
			b.doc = readiness.Doc{}
			b.add(b.maker.Create(readiness.RecordID(ulid.Make().String()), readiness.NewRecord{
				Service: services[i%len(services)], Title: fmt.Sprintf("Release %d", i+1), Squad: "Squad " + squads[i%len(squads)],
				SDM: "Priya Raman", MaintenanceTeam: "Run Team", GoLive: string(today.AddDays(rng.IntN(120) - 30)),
				Answers: answers, Tier: tier,
			}, nil))
			b.text("description", "Generated record for load testing: a realistic spread of statuses, owners and dates.")
			stage := i % 5 // 0 preparing, 1 ready, 2 live, 3 handed over, 4 closed
			for _, items := range b.items() {
				for _, it := range items {
					st := statuses[rng.IntN(len(statuses))]
					reason := ""
					if st == readiness.Blocked {
						reason = "Waiting for another team"
					}
					b.status(it, st, reason)
					if st == readiness.InProgress {
						b.set(readiness.ItemPath(it.ID, "due"), today.AddDays(rng.IntN(40)-5))
					}
				}
			}
			b.lifecycle(stage, today, rng)
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
func (b *demoBuilder) lifecycle(stage int, today readiness.Date, rng *rand.Rand) {
	people := []readiness.Person{{Name: "Priya Raman", Role: "Service delivery manager"}, {Name: "Squad lead", Role: "Tech lead"}}
	noted := readiness.Decision{Outcome: readiness.Noted, Text: "Reviewed", Reason: "Generated ceremony"}
	start := today.AddDays(-60 + rng.IntN(20))
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
	for d := 0; d < min(13, b.doc.Record.HypercareDays); d++ { // every day of the window, Silver's 7 or Gold's 14, until the exit
		b.set(readiness.EntryPath("hypercare/checkins", newID()), readiness.CheckIn{Date: live.AddDays(d), RAG: readiness.Green, Summary: "No new incidents.", By: "Squad lead"})
		if d == 6 {
			b.ceremony(readiness.HypercareCheckIn, live.AddDays(d), people, "Weekly hypercare check-in", "No new incidents.", nil, noted)
		}
	}
	if stage == 2 {
		return
	}
	for _, c := range b.doc.Record.Hypercare.Criteria {
		c.Status = readiness.Met
		b.set(readiness.CriterionPath(c.ID), c)
	}
	b.ceremony(readiness.HypercareExit, live.AddDays(13), people, "", "", nil, readiness.Decision{Outcome: readiness.Noted, Text: "Exit", Reason: "Criteria met"})
	for _, h := range b.doc.Record.Handover.Items {
		b.set(readiness.HandoverItemPath(h.ID), readiness.HandoverItemValue{Status: readiness.Done})
	}
	b.do(func(r *readiness.Record) ([]readiness.Edit, error) {
		return r.Accept(readiness.AcceptInput{Acceptance: readiness.Acceptance{Person: readiness.Person{Name: "Run team lead"}, Date: live.AddDays(14)}}, newID)
	})
	b.move(readiness.Move{To: readiness.HandedOver}, live.AddDays(14))
	if stage == 4 {
		b.move(readiness.Move{To: readiness.Closed}, live.AddDays(15))
	}
}
