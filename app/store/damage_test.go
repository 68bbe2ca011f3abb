package store

import (
	"bytes"
	"crypto/sha256"
	"encoding/binary"
	"encoding/json"
	"errors"
	"fmt"
	"math/rand/v2"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	bolt "go.etcd.io/bbolt"

	"readyroom/readiness"
)

// damaged is a database file of seven filled Gold records, each stored
// in a transaction of its own and closed as Ready Room leaves it, with
// what every record reads as; before is the same without the last
// transaction (what a fall back on the older copy of the meta page reads).
type damaged struct {
	bytes  []byte
	used   int                           // bytes up to the high-water mark; bbolt grows the file past it
	docs   map[readiness.RecordID]string // doc JSON
	logs   map[readiness.RecordID]int    // changes in the log
	before *damaged
}

func pristineDB(t *testing.T) damaged {
	t.Helper()
	dir := t.TempDir()
	db, err := Open(dir, Options{NoSync: true})
	if err != nil {
		t.Fatal(err)
	}
	changes := goldChanges(t, 16)
	var before damaged
	for i := 0; i < len(changes); {
		j := i + 1
		for j < len(changes) && changes[j].Path != readiness.PathCreate {
			j++
		}
		before.docs, before.logs = readBack(t, db)
		if _, err := db.ApplyPulled(changes[i:j], time.Now().Add(time.Hour), nil); err != nil {
			t.Fatal(err)
		}
		i = j
	}
	d := damaged{before: &before}
	d.docs, d.logs = readBack(t, db)
	if err := db.view(func(tx *bolt.Tx) error { d.used = int(tx.Size()); return nil }); err != nil {
		t.Fatal(err)
	}
	path := db.Path()
	db.Close()
	if d.bytes, err = os.ReadFile(path); err != nil {
		t.Fatal(err)
	}
	return d
}

func readBack(t *testing.T, db *DB) (map[readiness.RecordID]string, map[readiness.RecordID]int) {
	t.Helper()
	docs, logs := map[readiness.RecordID]string{}, map[readiness.RecordID]int{}
	sums, err := db.Summaries()
	if err != nil {
		t.Fatal(err)
	}
	for _, s := range sums {
		d, err := db.Doc(s.ID)
		if err != nil {
			t.Fatal(err)
		}
		b, _ := json.Marshal(d)
		docs[s.ID] = string(b)
		l, err := db.Log(s.ID)
		if err != nil {
			t.Fatal(err)
		}
		logs[s.ID] = len(l)
	}
	return docs, logs
}

// editBolt changes a copy of the file through bbolt itself (a missing
// bucket, impossible metadata), as another program or damage might.
func editBolt(t *testing.T, b []byte, fn func(tx *bolt.Tx) error) []byte {
	t.Helper()
	path := filepath.Join(t.TempDir(), "x.db")
	if err := os.WriteFile(path, b, 0o600); err != nil {
		t.Fatal(err)
	}
	bdb, err := bolt.Open(path, 0o600, nil)
	if err != nil {
		t.Fatal(err)
	}
	if err := bdb.Update(fn); err != nil {
		t.Fatal(err)
	}
	bdb.Close()
	out, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return out
}

// outcome is what opening a damaged file came to.
type outcome int

const (
	refused  outcome = iota // an error in words; the file as it was
	rebuilt                 // opened, rebuilt from the log, and said so
	read                    // opened as it was (the damage was somewhere nothing reads: a free page)
	fellBack                // opened on the older copy of the meta page, and said so
)

func (o outcome) String() string { return [...]string{"refused", "rebuilt", "read", "fell back"}[o] }

// openDamaged opens a copy of b, read-only and then for writing, as the app
// and the command line would, and says what came of it. It fails the test
// when the file changed without a rebuild being reported, when a refusal
// has no words a person can act on, or when what was read is not what was
// stored.
func openDamaged(t *testing.T, b []byte, want damaged) (outcome, string) {
	t.Helper()
	dir := t.TempDir()
	path := filepath.Join(dir, FileName)
	if b != nil {
		if err := os.WriteFile(path, b, 0o600); err != nil {
			t.Fatal(err)
		}
	} else if err := os.WriteFile(path, nil, 0o600); err != nil {
		t.Fatal(err)
	}
	before := sha256.Sum256(b)
	unchanged := func(when string) {
		t.Helper()
		now, err := os.ReadFile(path)
		if err != nil {
			t.Fatalf("%s: the file is gone: %v", when, err)
		}
		if sha256.Sum256(now) != before {
			t.Fatalf("%s: the file's bytes changed and no rebuild was reported", when)
		}
	}
	var reports []string
	report := func(s string) { reports = append(reports, s) }

	ro, roErr := Open(dir, Options{ReadOnly: true, Report: report})
	if roErr == nil {
		ro.Close()
	}
	unchanged("a read-only open")

	db, err := Open(dir, Options{Report: report})
	msg := strings.Join(reports, "\n")
	if err != nil {
		if !errors.Is(err, ErrCorrupt) && !errors.Is(err, ErrNotDatabase) {
			t.Fatalf("refused with an error that is neither ErrCorrupt nor ErrNotDatabase: %v (read-only: %v)", err, roErr)
		}
		if !strings.Contains(err.Error(), "left as it is") {
			t.Fatalf("refusal does not say the file was left as it is: %v", err)
		}
		if roErr == nil {
			t.Fatalf("the read-only open accepted what the writing open refused (%v)", err)
		}
		unchanged("a refused open")
		return refused, err.Error()
	}
	defer db.Close()
	rep, verr := db.Verify(false)
	if verr != nil || !rep.OK() {
		t.Fatalf("opened, but the whole check then finds: %v %v (reports: %s)", verr, rep.Problems, msg)
	}
	docs, logs := readBack(t, db)
	if strings.Contains(msg, "meta page is damaged") && len(docs) == len(want.before.docs) {
		want = *want.before
		for id, d := range want.docs {
			if docs[id] != d || logs[id] != want.logs[id] {
				t.Fatalf("record %s reads differently after falling back on the older meta page", id)
			}
		}
		unchanged("an open on the older copy of the meta page")
		return fellBack, msg
	}
	if len(docs) != len(want.docs) {
		t.Fatalf("opened with %d records, want %d (reports: %s)", len(docs), len(want.docs), msg)
	}
	for id, d := range want.docs {
		if docs[id] != d || logs[id] != want.logs[id] {
			t.Fatalf("record %s reads differently after opening (reports: %s)", id, msg)
		}
	}
	if strings.Contains(msg, "rebuilt") {
		return rebuilt, msg
	}
	if msg == "" {
		unchanged("an open that reported nothing")
	}
	return read, msg
}

// TestDamagedFileMatrix: every kind of damage to the database file gets a
// clear message or a rebuild from the log, never a crash; the file's bytes
// change only when a rebuild happened and was reported.
func TestDamagedFileMatrix(t *testing.T) {
	p := pristineDB(t)
	size := p.used // bbolt grows files in steps of 16 MB: what lies past this is unused
	const page = 4096
	if size < 500_000 {
		t.Fatalf("the pristine file uses %d bytes: too small to truncate at 400 KB", size)
	}
	random := func(seed uint64, n int) []byte {
		r := rand.New(rand.NewPCG(seed, 1))
		b := make([]byte, n)
		for i := range b {
			b[i] = byte(r.Uint32())
		}
		return b
	}
	over := func(at int, with []byte) []byte {
		b := bytes.Clone(p.bytes)
		copy(b[at:], with)
		return b
	}
	withBolt := func(fn func(tx *bolt.Tx) error) func() []byte {
		return func() []byte { return editBolt(t, p.bytes, fn) }
	}
	type tcase struct {
		name   string
		file   func() []byte
		want   []outcome
		saying string // in the message
	}
	cases := []tcase{
		{"zero bytes", func() []byte { return nil }, []outcome{refused}, "empty"},
		{"random bytes, not a database", func() []byte { return random(1, 64<<10) }, []outcome{refused}, "left as it is"},
		{"a text file", func() []byte { return []byte("these are my notes\n") }, []outcome{refused}, "left as it is"},
		{"both meta copies damaged", func() []byte { return over(0, random(2, 2*page)) }, []outcome{refused}, "damaged"},
		{"meta copy 0 damaged", func() []byte { return over(16, random(3, 80)) }, []outcome{read, fellBack}, "meta page is damaged"},
		{"meta copy 1 damaged", func() []byte { return over(page+16, random(4, 80)) }, []outcome{read, fellBack}, "meta page is damaged"},
		{"no meta bucket (another program's file)", withBolt(func(tx *bolt.Tx) error { return tx.DeleteBucket(bucketMeta) }), []outcome{refused}, "not a Ready Room database"},
		{"another program's bbolt file", func() []byte {
			return editBolt(t, nil, func(tx *bolt.Tx) error { _, err := tx.CreateBucket([]byte("widgets")); return err })
		}, []outcome{refused}, "not a Ready Room database"},
		{"no schema version", withBolt(func(tx *bolt.Tx) error { return tx.Bucket(bucketMeta).Delete(keySchema) }), []outcome{refused}, "no schema version"},
		{"schema -1", withBolt(func(tx *bolt.Tx) error { return tx.Bucket(bucketMeta).Put(keySchema, []byte("-1")) }), []outcome{refused}, "impossible"},
		{"schema 0", withBolt(func(tx *bolt.Tx) error { return tx.Bucket(bucketMeta).Put(keySchema, []byte("0")) }), []outcome{refused}, "impossible"},
		{"schema not a number", withBolt(func(tx *bolt.Tx) error { return tx.Bucket(bucketMeta).Put(keySchema, []byte("three")) }), []outcome{refused}, "impossible"},
		{"replica id impossible", withBolt(func(tx *bolt.Tx) error { return tx.Bucket(bucketMeta).Put(keyReplica, []byte("zz")) }), []outcome{refused}, "replica"},
		{"replica id missing", withBolt(func(tx *bolt.Tx) error { return tx.Bucket(bucketMeta).Delete(keyReplica) }), []outcome{refused}, "replica"},
		{"creation time impossible", withBolt(func(tx *bolt.Tx) error { return tx.Bucket(bucketMeta).Put(keyCreated, []byte("yesterday")) }), []outcome{refused}, "creation time"},
		{"change log missing", withBolt(func(tx *bolt.Tx) error { return tx.DeleteBucket(bucketChanges) }), []outcome{refused}, "change log"},
		{"a change in the log unreadable", withBolt(func(tx *bolt.Tx) error {
			k, _ := tx.Bucket(bucketChanges).Cursor().First()
			return tx.Bucket(bucketChanges).Put(k, []byte(`{"id":`))
		}), []outcome{refused}, "cannot be read"},
	}
	for _, name := range derivedBuckets {
		cases = append(cases, tcase{"bucket " + string(name) + " missing", withBolt(func(tx *bolt.Tx) error { return tx.DeleteBucket(name) }), []outcome{rebuilt}, string(name)})
	}
	for _, name := range [][]byte{bucketSummaries, bucketAttention, bucketSearch, bucketRecords} {
		cases = append(cases,
			tcase{"a " + string(name) + " entry missing", withBolt(func(tx *bolt.Tx) error {
				k, _ := tx.Bucket(name).Cursor().First()
				return tx.Bucket(name).Delete(k)
			}), []outcome{rebuilt}, "record"},
			tcase{"a " + string(name) + " entry unreadable", withBolt(func(tx *bolt.Tx) error {
				k, _ := tx.Bucket(name).Cursor().Last()
				return tx.Bucket(name).Put(k, []byte("\xff{not json"))
			}), []outcome{rebuilt}, "record"},
			tcase{"a " + string(name) + " entry for no record", withBolt(func(tx *bolt.Tx) error {
				return tx.Bucket(name).Put([]byte("01JDZZZZZZZZZZZZZZZZZZZZZZ"), []byte(`{}`))
			}), []outcome{rebuilt}, "record"},
			// A damaged page can garble a key and leave the count of
			// keys as it was: the record whose entry it was has none.
			tcase{"a " + string(name) + " entry's key garbled", withBolt(func(tx *bolt.Tx) error {
				b := tx.Bucket(name)
				k, v := b.Cursor().Last()
				k, v = bytes.Clone(k), bytes.Clone(v)
				if err := b.Delete(k); err != nil {
					return err
				}
				return b.Put([]byte("p\xff}\x10garbled"), v)
			}), []outcome{rebuilt}, "record"},
		)
	}
	// One record's summary under another's key: whole and readable, so only
	// its id gives it away (a damaged page once left one so).
	cases = append(cases, tcase{"a summary under another record's key", withBolt(func(tx *bolt.Tx) error {
		c := tx.Bucket(bucketSummaries).Cursor()
		_, first := c.First()
		k2, _ := c.Next()
		return tx.Bucket(bucketSummaries).Put(k2, bytes.Clone(first))
	}), []outcome{rebuilt}, "record"})
	for _, name := range [][]byte{bucketSearch, bucketRecords} {
		cases = append(cases, tcase{"a deflated " + string(name) + " entry with a byte changed", withBolt(func(tx *bolt.Tx) error {
			c := tx.Bucket(name).Cursor()
			for k, v := c.First(); k != nil; k, v = c.Next() {
				if packed(v) {
					v = bytes.Clone(v)
					v[len(v)/2] ^= 0x20 // still a deflate stream, perhaps: the checksum says it is not the one written
					return tx.Bucket(name).Put(k, v)
				}
			}
			return errors.New("no deflated entry")
		}), []outcome{rebuilt}, "record"})
	}
	cases = append(cases,
		tcase{"an arrival index entry unreadable", withBolt(func(tx *bolt.Tx) error {
			k, _ := tx.Bucket(bucketSeq).Cursor().First()
			return tx.Bucket(bucketSeq).Put(k, []byte("garbage"))
		}), []outcome{rebuilt}, "seq"},
	)
	cases = append(cases, tcase{"unused space at the end cut off", func() []byte { return p.bytes[:size] }, []outcome{read}, ""})
	for _, at := range []int{16 << 10, 100_000, 400_000, size / 2, size - page} {
		cases = append(cases, tcase{fmt.Sprintf("truncated to %d bytes", at), func() []byte { return p.bytes[:at] }, []outcome{refused}, "truncated"})
	}
	// Random bytes over data pages: whole pages and spans inside one, spread
	// over the file. Each must be refused, rebuilt from the log, or have
	// hit a page nothing reads (then everything reads as stored).
	pages := size / page
	for i, pg := 0, 2; pg < pages; i, pg = i+1, pg+max(1, pages/24) {
		seed := uint64(100 + i)
		cases = append(cases,
			tcase{fmt.Sprintf("page %d of %d overwritten", pg, pages), func() []byte { return over(pg*page, random(seed, page)) }, []outcome{refused, rebuilt, read}, ""},
			tcase{fmt.Sprintf("64 bytes inside page %d", pg), func() []byte { return over(pg*page+512+int(seed%3000), random(seed, 64)) }, []outcome{refused, rebuilt, read}, ""},
			// The element headers after the page header: key and value
			// lengths and positions gone wrong (read on bbolt's checker's
			// own goroutine, a bad length there once killed the process).
			tcase{fmt.Sprintf("element headers of page %d", pg), func() []byte { return over(pg*page+16, random(seed+7, 48)) }, []outcome{refused, rebuilt, read}, ""},
		)
	}
	seen := map[outcome]int{}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			got, msg := openDamaged(t, c.file(), p)
			seen[got]++
			ok := false
			for _, w := range c.want {
				ok = ok || got == w
			}
			if !ok {
				t.Fatalf("%s (%s), want one of %v", got, msg, c.want)
			}
			if c.saying != "" && !strings.Contains(msg, c.saying) {
				t.Fatalf("%s, but the message does not say %q: %s", got, c.saying, msg)
			}
		})
	}
	t.Logf("outcomes: %v", seen)
	if seen[refused] == 0 || seen[rebuilt] == 0 || seen[fellBack] == 0 {
		t.Fatalf("the matrix never saw a refusal or a rebuild: %v", seen)
	}
}

// A file bbolt made and nothing filled (a crash during the very first
// open) is a new database, not damage.
func TestEmptyBoltFileIsNew(t *testing.T) {
	dir := t.TempDir()
	b, err := bolt.Open(filepath.Join(dir, FileName), 0o600, nil)
	if err != nil {
		t.Fatal(err)
	}
	b.Close()
	db, err := Open(dir, Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	if db.Replica() == "" {
		t.Fatal("no replica id")
	}
}

// Reading commands open read-only: nothing is created where there is no
// database, and a database that needs a migration or repair says so
// instead of being written.
func TestReadOnlyOpenWritesNothing(t *testing.T) {
	dir := t.TempDir()
	if _, err := Open(dir, Options{ReadOnly: true}); !errors.Is(err, ErrNoDatabase) {
		t.Fatalf("read-only open of an empty folder: %v", err)
	}
	if entries, _ := os.ReadDir(dir); len(entries) != 0 {
		t.Fatalf("a read-only open created %v", entries)
	}
	if _, err := Open(filepath.Join(dir, "nope"), Options{ReadOnly: true}); !errors.Is(err, ErrNoDatabase) {
		t.Fatalf("read-only open of a missing folder: %v", err)
	}
	db, err := Open(dir, Options{})
	if err != nil {
		t.Fatal(err)
	}
	seed(t, db)
	path := db.Path()
	db.Close()
	b := editBolt(t, mustRead(t, path), func(tx *bolt.Tx) error { return tx.DeleteBucket(bucketSummaries) })
	if err := os.WriteFile(path, b, 0o600); err != nil {
		t.Fatal(err)
	}
	if _, err := Open(dir, Options{ReadOnly: true}); !errors.Is(err, ErrNeedsWrite) {
		t.Fatalf("read-only open of a database missing its summaries: %v", err)
	}
	if !bytes.Equal(mustRead(t, path), b) {
		t.Fatal("the read-only open wrote to the file")
	}
	// Opened read-only while a writer holds it: the shared lock waits for
	// the writer, then reads.
	w, err := Open(dir, Options{})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := Open(dir, Options{ReadOnly: true, LockTimeout: 100 * time.Millisecond}); !errors.Is(err, ErrLocked) {
		t.Fatalf("read-only open beside a writer: %v", err)
	}
	w.Close()
	r, err := Open(dir, Options{ReadOnly: true})
	if err != nil {
		t.Fatal(err)
	}
	defer r.Close()
	if n, err := r.Count(); err != nil || n != 1 {
		t.Fatalf("count %d, %v", n, err)
	}
	if _, err := r.Apply(readiness.Change{}); err == nil {
		t.Fatal("a read-only database took a write")
	}
}

func mustRead(t *testing.T, path string) []byte {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// Opening a sound file writes nothing to it: not even a meta page.
func TestOpeningASoundFileWritesNothing(t *testing.T) {
	db, dir := openTest(t)
	seed(t, db)
	path := db.Path()
	db.Close()
	os.Remove(path + stampSuffix) // as after a crash: the whole file is checked
	before := mustRead(t, path)
	for range 2 {
		again, err := Open(dir, Options{})
		if err != nil {
			t.Fatal(err)
		}
		again.Close()
		if !bytes.Equal(mustRead(t, path), before) {
			t.Fatal("opening and closing a sound database changed its bytes")
		}
	}
}

// A key length gone wrong in a leaf page's element header is refused at
// open, before bbolt's checker (which reads keys on a goroutine of its own,
// where the fault would kill the process) ever reads it.
func TestWildKeyLengthIsRefusedNotFatal(t *testing.T) {
	p := pristineDB(t)
	b := bytes.Clone(p.bytes)
	const page = 4096
	le := binary.LittleEndian
	hit := 0
	for pg := 2; pg*page < p.used && hit == 0; pg++ {
		h := b[pg*page:]
		if le.Uint64(h) == uint64(pg) && le.Uint16(h[8:]) == 0x02 && le.Uint16(h[10:]) >= 2 {
			le.PutUint32(h[16+elementSize+8:], 0x40000000) // element 1's key: 1 GiB
			hit = pg
		}
	}
	if hit == 0 {
		t.Fatal("no leaf page with two elements")
	}
	got, msg := openDamaged(t, b, p)
	if got != refused || !strings.Contains(msg, fmt.Sprintf("page %d", hit)) {
		t.Fatalf("%s: %s", got, msg)
	}
}
