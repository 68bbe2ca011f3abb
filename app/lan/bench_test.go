package lan

import (
	"fmt"
	"testing"
	"time"

	"readyroom/app/internal/benchdata"
	"readyroom/readiness"
)

// fill makes n Gold records on p, each with edits to a third of its items
// (status, owner, notes), shared with team.
func fill(b testing.TB, p *testPeer, team TeamID, n int) []readiness.RecordID {
	b.Helper()
	var ids []readiness.RecordID
	for i := 0; i < n; i++ {
		id := p.create(fmt.Sprintf("Release %d", i))
		d, _ := p.doc(id)
		batch, err := benchdata.FillEdits(p.maker, &d)
		if err != nil {
			b.Fatal(err)
		}
		if _, err := p.db.Apply(batch...); err != nil {
			b.Fatal(err)
		}
		ids = append(ids, id)
	}
	for _, id := range ids {
		if _, err := p.node.Share(id, team, true); err != nil {
			b.Fatal(err)
		}
	}
	return ids
}

// BenchmarkConverge1000GoldRecords3Peers: Ana holds 1,000 filled Gold
// records shared with her team; Ben and Cat join it, and each pulls in the
// background as joining schedules. Reported: seconds from the first join
// until both hold every change.
func BenchmarkConverge1000GoldRecords3Peers(b *testing.B) {
	for i := 0; i < b.N; i++ {
		b.StopTimer()
		ana, ben, cat := newPeer(b, "Ana"), newPeer(b, "Ben"), newPeer(b, "Cat")
		team, _ := ana.node.CreateTeam("Payments squad")
		ids := fill(b, ana, team.ID, 1000)
		total, _ := ana.db.Arrivals()
		b.StartTimer()
		start, cpu := time.Now(), cpuTime()
		pair(b, ana, ben, team.ID)
		pair(b, ana, cat, team.ID)
		for _, p := range []*testPeer{ben, cat} {
			eventually(b, 5*time.Minute, p.name+" holds every change", func() bool {
				got, _ := p.db.Arrivals()
				return got >= total
			})
		}
		elapsed, used := time.Since(start), cpuTime()-cpu
		b.StopTimer()
		for _, p := range []*testPeer{ben, cat} {
			if d, ok := p.doc(ids[len(ids)-1]); !ok || d.Changes == 0 {
				b.Fatalf("%s lacks the last record", p.name)
			}
		}
		b.ReportMetric(elapsed.Seconds(), "s/converge")
		b.ReportMetric(used.Seconds(), "cpu-s/converge")
		b.ReportMetric(float64(total), "changes")
	}
}

// BenchmarkEditVisibleOnPeer: one edit on Ana until Ben's store shows it,
// with the real poke and pull (no polling interval involved).
func BenchmarkEditVisibleOnPeer(b *testing.B) {
	ana, ben := newPeer(b, "Ana", manual), newPeer(b, "Ben", manual)
	team, _ := ana.node.CreateTeam("Payments squad")
	pair(b, ana, ben, team.ID)
	rec := ana.create("Tokenisation v3")
	ana.node.Share(rec, team.ID, true)
	eventually(b, 10*time.Second, "Ben gets the record", func() bool { _, ok := ben.doc(rec); return ok })
	b.ResetTimer()
	var worst time.Duration
	for i := 0; i < b.N; i++ {
		want := fmt.Sprintf("Title %d", i)
		start := time.Now()
		ana.edit(rec, "title", want)
		for k := 0; ; k++ {
			if d, _ := ben.doc(rec); title(d) == want {
				break
			}
			if k > 10000 {
				b.Fatal("the edit never arrived")
			}
			time.Sleep(time.Millisecond)
		}
		worst = max(worst, time.Since(start))
	}
	b.ReportMetric(float64(worst.Milliseconds()), "ms/worst")
}

// BenchmarkPull1000GoldRecords: one member joins a team holding 1,000
// filled Gold records; reported: seconds from the join until it holds them.
func BenchmarkPull1000GoldRecords(b *testing.B) {
	for i := 0; i < b.N; i++ {
		b.StopTimer()
		ana, ben := newPeer(b, "Ana", manual), newPeer(b, "Ben", manual)
		team, _ := ana.node.CreateTeam("Payments squad")
		fill(b, ana, team.ID, 1000)
		total, _ := ana.db.Arrivals()
		b.StartTimer()
		start, cpu := time.Now(), cpuTime()
		pair(b, ana, ben, team.ID) // joining schedules the pull
		eventually(b, 5*time.Minute, "Ben holds every change", func() bool {
			got, _ := ben.db.Arrivals()
			return got >= total
		})
		elapsed, used := time.Since(start), cpuTime()-cpu
		b.StopTimer()
		b.ReportMetric(elapsed.Seconds(), "s/pull")
		b.ReportMetric(used.Seconds(), "cpu-s/pull")
		b.ReportMetric(float64(total), "changes")
	}
}
