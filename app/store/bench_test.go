package store

import (
	"fmt"
	"os"
	"testing"
	"time"

	"readyroom/app/internal/benchdata"
	"readyroom/readiness"
)

// goldChanges makes the changes of n filled Gold records as a peer would
// send them: each record's creating change, then edits to a third of its
// items (owner, notes, status): benchdata.FillEdits, as app/lan fills them.
func goldChanges(b testing.TB, n int) []readiness.Change {
	m := &readiness.Maker{Clock: readiness.NewClock(nil), Replica: "0123456789abcdef", Author: "Ana"}
	var out []readiness.Change
	for i := range n {
		id := readiness.RecordID(fmt.Sprintf("01JD%022d", i))
		nr := newRecord()
		nr.Title = fmt.Sprintf("Release %d", i)
		c, err := m.Create(id, nr, nil)
		if err != nil {
			b.Fatal(err)
		}
		var d readiness.Doc
		none := func(readiness.Path) ([]readiness.Change, error) { return nil, nil }
		if err := d.Apply(c, none, nil); err != nil {
			b.Fatal(err)
		}
		out = append(out, c)
		edits, err := benchdata.FillEdits(m, &d)
		if err != nil {
			b.Fatal(err)
		}
		out = append(out, edits...)
	}
	return out
}

// BenchmarkApplyPulled1000Gold: a new member storing 1,000 filled Gold
// records pulled from a peer, 2,000 changes to a transaction as app/lan
// applies them, without fsync: the store's share of a member's convergence.
func BenchmarkApplyPulled1000Gold(b *testing.B) {
	changes := goldChanges(b, 1000)
	b.ResetTimer()
	for range b.N {
		b.StopTimer()
		db, err := Open(b.TempDir(), Options{NoSync: true})
		if err != nil {
			b.Fatal(err)
		}
		b.StartTimer()
		for i := 0; i < len(changes); i += 2000 {
			batch := changes[i:min(i+2000, len(changes))]
			if _, err := db.ApplyPulled(batch, time.Now().Add(time.Hour), nil); err != nil {
				b.Fatal(err)
			}
		}
		b.StopTimer()
		if fi, err := os.Stat(db.Path()); err == nil {
			b.ReportMetric(float64(fi.Size())/(1<<20), "MB/file")
		}
		db.Close()
	}
	b.ReportMetric(float64(len(changes)), "changes")
}

// BenchmarkOpen1000Gold opens a database of 1,000 filled Gold records,
// as Ready Room left it (write, read-only), and after something else wrote
// it (unstamped: every page walked, bbolt's consistency check, the derived
// buckets' record ids against the log's; see open.go).
func BenchmarkOpen1000Gold(b *testing.B) {
	dir := b.TempDir()
	db, err := Open(dir, Options{NoSync: true})
	if err != nil {
		b.Fatal(err)
	}
	changes := goldChanges(b, 1000)
	for i := 0; i < len(changes); i += 2000 {
		if _, err := db.ApplyPulled(changes[i:min(i+2000, len(changes))], time.Now().Add(time.Hour), nil); err != nil {
			b.Fatal(err)
		}
	}
	path := db.Path()
	db.Close()
	for _, c := range []struct {
		name      string
		ro, fresh bool
	}{{"write", false, false}, {"read-only", true, false}, {"unstamped", true, true}} {
		b.Run(c.name, func(b *testing.B) {
			for range b.N {
				if c.fresh {
					os.Remove(path + stampSuffix)
				}
				db, err := Open(dir, Options{ReadOnly: c.ro})
				if err != nil {
					b.Fatal(err)
				}
				db.Close()
			}
		})
	}
}
