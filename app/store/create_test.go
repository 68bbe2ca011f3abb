package store

import (
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	bolt "go.etcd.io/bbolt"

	"readyroom/readiness"
)

// A new database appears under its name whole: never as the empty file
// bbolt creates before it writes its first pages, which a process killed
// in between would leave behind, and which Open refuses as damaged (47 of
// 50 `readyroom demo` processes killed as the file appeared left one).
// Here the name is watched while new databases are made.
func TestNewDatabaseAppearsWhole(t *testing.T) {
	for i := range 20 {
		dir := t.TempDir()
		path := filepath.Join(dir, FileName)
		var stop atomic.Bool
		var seen atomic.Int64 // sizes seen under the name while it was made, +1 (0: none)
		var wg sync.WaitGroup
		wg.Go(func() {
			for n := 0; n < 10_000_000 && !stop.Load(); n++ {
				if fi, err := os.Stat(path); err == nil && fi.Size() < 4*int64(os.Getpagesize()) {
					seen.Store(fi.Size() + 1)
					return
				}
			}
		})
		db, err := Open(dir, Options{})
		stop.Store(true)
		wg.Wait()
		if err != nil {
			t.Fatal(err)
		}
		db.Close()
		if s := seen.Load(); s != 0 {
			t.Fatalf("try %d: %s was seen with %d bytes while it was made, less than bbolt's first 4 pages", i, FileName, s-1)
		}
		if left := creating(t, dir); len(left) > 0 {
			t.Fatalf("try %d: left %v beside the database", i, left)
		}
	}
}

// What creations cut short left beside the database (an empty or a partial
// file under a temporary name) is removed by the next creation, unless
// something holds it: a creation under way.
func TestCreationCutShortIsRemoved(t *testing.T) {
	dir := t.TempDir()
	if err := os.WriteFile(filepath.Join(dir, FileName+creatingSuffix+"0000000000000000"), nil, 0o600); err != nil {
		t.Fatal(err)
	}
	partial, err := bolt.Open(filepath.Join(dir, FileName+creatingSuffix+"1111111111111111"), 0o600, nil)
	if err != nil {
		t.Fatal(err)
	}
	partial.Close()
	held, err := bolt.Open(filepath.Join(dir, FileName+creatingSuffix+"2222222222222222"), 0o600, nil)
	if err != nil {
		t.Fatal(err)
	}
	defer held.Close()
	db, err := Open(dir, Options{})
	if err != nil {
		t.Fatal(err)
	}
	db.Close()
	if left := creating(t, dir); !slices.Equal(left, []string{FileName + creatingSuffix + "2222222222222222"}) {
		t.Fatalf("left %v; want only the file a creation holds", left)
	}
}

// Two Ready Rooms making the database at once end on one file: the later
// link finds the first's and uses it, never replaces it.
func TestConcurrentCreationsMakeOneDatabase(t *testing.T) {
	for i := range 10 {
		dir := t.TempDir()
		var wg sync.WaitGroup
		var replicas [2]readiness.ReplicaID
		var errs [2]error
		for k := range 2 {
			wg.Go(func() {
				db, err := Open(dir, Options{LockTimeout: 20 * time.Second})
				if err != nil {
					errs[k] = err
					return
				}
				replicas[k] = db.Replica()
				db.Close()
			})
		}
		wg.Wait()
		if errs[0] != nil || errs[1] != nil || replicas[0] != replicas[1] {
			t.Fatalf("try %d: replicas %v, errors %v; want both opened on one database", i, replicas, errs)
		}
	}
}

// creating lists the temporary files of creations in dir.
func creating(t *testing.T, dir string) []string {
	t.Helper()
	entries, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	var out []string
	for _, e := range entries {
		if strings.HasPrefix(e.Name(), FileName+".creating-") {
			out = append(out, e.Name())
		}
	}
	return out
}
