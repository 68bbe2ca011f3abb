package app

import (
	"encoding/json"
	"runtime"
	"testing"
	"time"

	"readyroom/app/store"
	"readyroom/readiness"
)

// seeded returns a data directory holding n generated records.
func seeded(b testing.TB, n int) string {
	b.Helper()
	dir := b.TempDir()
	db, err := store.Open(dir, store.Options{})
	if err != nil {
		b.Fatal(err)
	}
	recs, err := NewRecords(db, nil)
	if err != nil {
		b.Fatal(err)
	}
	if err := Seed(recs, n, 1, nil); err != nil {
		b.Fatal(err)
	}
	db.Close()
	return dir
}

// openSeeded opens a data directory of n generated records for a benchmark.
func openSeeded(b testing.TB, n int) *store.DB {
	b.Helper()
	db, err := store.Open(seeded(b, n), store.Options{})
	if err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() { db.Close() })
	return db
}

// BenchmarkOpenAndList1000 opens a database of 1,000 records and lists them
// (target: 20 ms).
func BenchmarkOpenAndList1000(b *testing.B) {
	dir := seeded(b, 1000)
	b.ResetTimer()
	for b.Loop() {
		db, err := store.Open(dir, store.Options{})
		if err != nil {
			b.Fatal(err)
		}
		sums, err := db.Summaries()
		if err != nil || len(sums) != 1000 {
			b.Fatalf("%d records, %v", len(sums), err)
		}
		db.Close()
	}
}

// BenchmarkItemChange commits one item change with fsync (target: 2 ms median).
func BenchmarkItemChange(b *testing.B) {
	db, err := store.Open(b.TempDir(), store.Options{})
	if err != nil {
		b.Fatal(err)
	}
	defer db.Close()
	recs, _ := NewRecords(db, nil)
	v, err := recs.Create(readiness.NewRecord{Service: "S", Title: "T", Squad: "Q", SDM: "M", MaintenanceTeam: "R", GoLive: "2026-12-01", Tier: readiness.Gold, Answers: readiness.Answers{SensitiveData: true}})
	if err != nil {
		b.Fatal(err)
	}
	id := string(v.Record.ID)
	item := v.Record.Sections[len(v.Record.Sections)-1].Items[0].ID
	owners := []string{"Ana", "Ben"}
	i := 0
	b.ResetTimer()
	for b.Loop() {
		i++
		if _, err := recs.Edit(id, readiness.ItemPath(item, "owner"), owners[i%2]); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkCreateGold makes and stores a record from the Gold template.
func BenchmarkCreateGold(b *testing.B) {
	db, err := store.Open(b.TempDir(), store.Options{})
	if err != nil {
		b.Fatal(err)
	}
	defer db.Close()
	recs, _ := NewRecords(db, nil)
	in := readiness.NewRecord{Service: "S", Title: "T", Squad: "Q", SDM: "M", MaintenanceTeam: "R", GoLive: "2026-12-01", Tier: readiness.Gold, Answers: readiness.Answers{SensitiveData: true}}
	b.ResetTimer()
	for b.Loop() {
		if _, err := recs.Create(in); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkFold5000 folds a record of 5,000 changes from scratch.
func BenchmarkFold5000(b *testing.B) {
	m := readiness.Maker{Clock: readiness.NewClock(func() time.Time { return time.Unix(1_790_000_000, 0) }), Replica: "00000000000000a1", Author: "Ana"}
	c, err := m.Create("01JD0000000000000000000000", readiness.NewRecord{Service: "S", Title: "T", Squad: "Q", SDM: "M", MaintenanceTeam: "R", GoLive: "2026-12-01", Tier: readiness.Gold, Answers: readiness.Answers{SensitiveData: true}}, nil)
	if err != nil {
		b.Fatal(err)
	}
	log := []readiness.Change{c}
	d, _ := readiness.Fold(log, nil)
	var items []readiness.ItemID
	for _, s := range d.Record.Sections {
		for _, it := range s.Items {
			items = append(items, it.ID)
		}
	}
	for i := 0; len(log) < 5000; i++ {
		e, err := m.Edit(&d, readiness.ItemPath(items[i%len(items)], "owner"), []string{"Ana", "Ben", "Cy"}[i%3])
		if err != nil {
			b.Fatal(err)
		}
		d.Apply(e, nil, nil)
		log = append(log, e)
	}
	b.ResetTimer()
	for b.Loop() {
		if _, err := readiness.Fold(log, nil); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkHome1000 builds the whole home screen (records and the overdue
// and blocked items across them) of 1,000 records, as the window asks for it
// again with nothing changed: from the rows kept since the first call.
func BenchmarkHome1000(b *testing.B) {
	db := openSeeded(b, 1000)
	recs, _ := NewRecords(db, nil)
	if _, err := recs.Home(); err != nil {
		b.Fatal(err)
	}
	b.ResetTimer()
	for b.Loop() {
		if _, err := recs.Home(); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkHomeAfterChange1000 builds the home screen after one record
// changed, as the window asks for it after every change: the kept rows of
// the others are reused.
func BenchmarkHomeAfterChange1000(b *testing.B) {
	db := openSeeded(b, 1000)
	recs, _ := NewRecords(db, nil)
	h, err := recs.Home()
	if err != nil {
		b.Fatal(err)
	}
	i := 0
	b.ResetTimer()
	for b.Loop() {
		recs.mu.Lock()
		recs.home.touch(h.Records[i%len(h.Records)].ID)
		recs.mu.Unlock()
		i++
		if _, err := recs.Home(); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkHomeJSON1000 encodes the home screen of 1,000 records as the
// window receives it, and BenchmarkRowsJSON1000 every record's row.
func BenchmarkHomeJSON1000(b *testing.B) {
	db := openSeeded(b, 1000)
	recs, _ := NewRecords(db, nil)
	h, err := recs.Home()
	if err != nil {
		b.Fatal(err)
	}
	b.ResetTimer()
	for b.Loop() {
		if _, err := json.Marshal(h); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkRowsJSON1000(b *testing.B) {
	db := openSeeded(b, 1000)
	recs, _ := NewRecords(db, nil)
	r, err := recs.Rows()
	if err != nil {
		b.Fatal(err)
	}
	b.ResetTimer()
	for b.Loop() {
		if _, err := json.Marshal(r); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkPortfolio1000 loads the portfolio of 1,000 records in mixed
// states with two to five ceremonies each from the store, cold (target 200 ms).
func BenchmarkPortfolio1000(b *testing.B) {
	db := openSeeded(b, 1000)
	b.ResetTimer()
	for b.Loop() {
		recs, _ := NewRecords(db, nil) // no caches: every load reads the store
		h, err := recs.Rows()
		if err != nil || len(h.Records) != 1000 {
			b.Fatalf("%d records, %v", len(h.Records), err)
		}
	}
}

// BenchmarkSearch1000 answers a search over 1,000 records once the index is
// in memory (target 50 ms), and BenchmarkSearchCold builds the index first.
func BenchmarkSearch1000(b *testing.B) {
	db := openSeeded(b, 1000)
	recs, _ := NewRecords(db, nil)
	if _, err := recs.Search("warm up"); err != nil {
		b.Fatal(err)
	}
	b.ResetTimer()
	for b.Loop() {
		res, err := recs.Search("supplier contract")
		if err != nil || res.Total == 0 {
			b.Fatalf("%d results, %v", res.Total, err)
		}
	}
}

func BenchmarkSearchCold1000(b *testing.B) {
	db := openSeeded(b, 1000)
	b.ResetTimer()
	for b.Loop() {
		recs, _ := NewRecords(db, nil)
		if _, err := recs.Search("rollback"); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkListing1000 lists 1,000 records with their ceremonies, as
// `readyroom list` does, from a database just opened (target: 5,000
// records in 0.5 s whole process).
func BenchmarkListing1000(b *testing.B) {
	dir := seeded(b, 1000)
	b.ResetTimer()
	for b.Loop() {
		db, err := store.Open(dir, store.Options{ReadOnly: true})
		if err != nil {
			b.Fatal(err)
		}
		recs, err := NewRecords(db, nil)
		if err != nil {
			b.Fatal(err)
		}
		ls, err := recs.Listing()
		if err != nil || len(ls) != 1000 {
			b.Fatalf("%d records, %v", len(ls), err)
		}
		db.Close()
	}
}

// BenchmarkStoredBytes1000 says where a database of 1,000 generated
// records puts its bytes (target: 60 KB a record): the pages each bucket
// takes, per record, as metrics (the time is Stats reading the file).
func BenchmarkStoredBytes1000(b *testing.B) {
	db := openSeeded(b, 1000)
	var st store.FileStats
	for b.Loop() {
		var err error
		if st, err = db.Stats(); err != nil {
			b.Fatal(err)
		}
	}
	var all int64
	for _, bs := range st.Buckets {
		all += bs.PageBytes
		if bs.PageBytes > 0 {
			b.ReportMetric(float64(bs.PageBytes)/1000, bs.Name+"-B/record")
		}
	}
	b.ReportMetric(float64(all)/1000, "B/record")
	b.ReportMetric(float64(st.FileBytes)/1000, "file-B/record")
}

// BenchmarkSearchFirst1000 is the first search on a Records whose index was
// built in the background (as the window does at start) before the first
// word was typed; the wait is outside the timer (it slept 300 ms each time,
// which made -count 5 run for minutes).
func BenchmarkSearchFirst1000(b *testing.B) {
	db := openSeeded(b, 1000)
	b.ResetTimer()
	for b.Loop() {
		b.StopTimer()
		recs, _ := NewRecords(db, nil)
		<-recs.IndexInBackground() // built while the window loads
		b.StartTimer()
		if _, err := recs.Search("rollback"); err != nil {
			b.Fatal(err)
		}
		b.StopTimer()
		recs.Close()
		b.StartTimer()
	}
}

// BenchmarkPeople1000 builds the people directory of 1,000 seeded records,
// as the window asks for it for its name fields' suggestions.
func BenchmarkPeople1000(b *testing.B) {
	db := openSeeded(b, 1000)
	recs, _ := NewRecords(db, nil)
	b.ResetTimer()
	for b.Loop() {
		if _, err := recs.People(); err != nil {
			b.Fatal(err)
		}
	}
}

// heldMB is the live heap, in MB, that what build returns holds: measured
// after a collection before and after it is made.
func heldMB(b *testing.B, build func() any) float64 {
	var before, after runtime.MemStats
	runtime.GC()
	runtime.ReadMemStats(&before)
	v := build()
	runtime.GC()
	runtime.ReadMemStats(&after)
	runtime.KeepAlive(v)
	return float64(after.HeapAlloc-before.HeapAlloc) / (1 << 20)
}

// BenchmarkSearchIndexHeap1000 reports the live heap the search index of
// 1,000 seeded records holds (index-MB), what the window keeps from start.
func BenchmarkSearchIndexHeap1000(b *testing.B) {
	db := openSeeded(b, 1000)
	var held float64
	for b.Loop() {
		held = heldMB(b, func() any {
			recs, _ := NewRecords(db, nil)
			if _, err := recs.Search("rollback"); err != nil {
				b.Fatal(err)
			}
			return recs
		})
	}
	b.ReportMetric(held, "index-MB")
}

// BenchmarkAttentionHeap1000 reports the live heap every record's attention
// items hold once read (attention-MB): the home screen, My work and the
// reminders keep them from start.
func BenchmarkAttentionHeap1000(b *testing.B) {
	db := openSeeded(b, 1000)
	var held float64
	for b.Loop() {
		held = heldMB(b, func() any {
			att, err := db.Attention()
			if err != nil || len(att) == 0 {
				b.Fatalf("%d records' attention, %v", len(att), err)
			}
			return att
		})
	}
	b.ReportMetric(held, "attention-MB")
}
