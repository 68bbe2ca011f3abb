package store

import (
	"bytes"
	"crypto/sha256"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
	"time"

	bolt "go.etcd.io/bbolt"

	"readyroom/readiness"
)

// openTest opens a real database in a fresh temporary directory. When the
// test ends, the database is checked whole before it is closed (see
// closeChecked).
func openTest(t *testing.T) (*DB, string) {
	t.Helper()
	dir := t.TempDir()
	db, err := Open(dir, Options{})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { closeChecked(t, db) })
	return db, dir
}

// closeChecked runs the whole check on a test's database — bbolt's
// consistency check, and every record folded again from its log and
// compared with the records, summaries, attention and search buckets and
// the seq index — and closes it. A test that leaves its
// database with derived state that disagrees with the log fails here, so
// every store test also checks the store's invariants.
func closeChecked(t *testing.T, db *DB) {
	t.Helper()
	if db.bolt.Path() == "" {
		return // closed by the test already
	}
	rep, err := db.Verify(false)
	if err != nil {
		t.Errorf("the database the test leaves does not check: %v", err)
	} else if !rep.OK() {
		t.Errorf("the database the test leaves disagrees with its log: %v", rep.Problems)
	}
	db.Close()
}

var recID readiness.RecordID = "01JD0000000000000000000000"

func maker(db *DB) *readiness.Maker {
	return &readiness.Maker{Clock: readiness.NewClock(nil), Replica: db.Replica(), Author: "Ana"}
}

func newRecord() readiness.NewRecord {
	return readiness.NewRecord{Service: "Payments", Title: "Tokenisation v3", Squad: "Falcon", SDM: "Priya",
		MaintenanceTeam: "Run", GoLive: "2026-12-01", Tier: readiness.Gold, Answers: readiness.Answers{SensitiveData: true}}
}

// create creates the test record and returns the maker that made it.
func create(t *testing.T, db *DB) *readiness.Maker {
	t.Helper()
	m := maker(db)
	c, err := m.Create(recID, newRecord(), nil)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := db.Apply(c); err != nil {
		t.Fatal(err)
	}
	return m
}

// seed creates a record and marks its first item done.
func seed(t *testing.T, db *DB) (readiness.ItemID, *readiness.Maker) {
	t.Helper()
	m := create(t, db)
	d, err := db.Doc(recID)
	if err != nil {
		t.Fatal(err)
	}
	item := d.Record.Sections[len(d.Record.Sections)-1].Items[0].ID
	e, err := m.Edit(&d, readiness.ItemPath(item, "status"), readiness.StatusValue{Status: readiness.Done})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := db.Apply(e); err != nil {
		t.Fatal(err)
	}
	return item, m
}

func fileHash(t *testing.T, path string) [32]byte {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return sha256.Sum256(b)
}

func TestDataSurvivesReopen(t *testing.T) {
	db, dir := openTest(t)
	item, _ := seed(t, db)
	replica := db.Replica()
	db.Close()

	db2, err := Open(dir, Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer db2.Close()
	d, err := db2.Doc(recID)
	if err != nil {
		t.Fatal(err)
	}
	if d.Record.Item(item).Status != readiness.Done || d.Record.Title != "Tokenisation v3" {
		t.Fatalf("after reopen: %+v", d.Record.Item(item))
	}
	if db2.Replica() != replica {
		t.Fatalf("replica id changed on reopen: %s → %s", replica, db2.Replica())
	}
	log, _ := db2.Log(recID)
	sums, _ := db2.Summaries()
	if len(log) != 2 || len(sums) != 1 || sums[0].Done != 1 {
		t.Fatalf("log %d changes, %d summaries %+v", len(log), len(sums), sums)
	}
}

func TestSecondOpenIsLockedWithinTwoSeconds(t *testing.T) {
	_, dir := openTest(t)
	start := time.Now()
	_, err := Open(dir, Options{})
	took := time.Since(start)
	if !errors.Is(err, ErrLocked) || !strings.Contains(err.Error(), "in use by another Ready Room") {
		t.Fatalf("second open: %v", err)
	}
	if took > 2*time.Second {
		t.Fatalf("second open took %v, want under 2 s", took)
	}
}

func TestNewerSchemaIsRefusedAndUntouched(t *testing.T) {
	db, dir := openTest(t)
	db.Close()
	raw, err := bolt.Open(filepath.Join(dir, FileName), 0o600, nil)
	if err != nil {
		t.Fatal(err)
	}
	raw.Update(func(tx *bolt.Tx) error { return tx.Bucket(bucketMeta).Put(keySchema, []byte("99")) })
	raw.Close()
	before := fileHash(t, filepath.Join(dir, FileName))
	_, err = Open(dir, Options{})
	if !errors.Is(err, ErrSchemaTooNew) || !strings.Contains(err.Error(), "schema 99") {
		t.Fatalf("open of a newer database: %v", err)
	}
	if fileHash(t, filepath.Join(dir, FileName)) != before {
		t.Fatal("refusing a newer database changed its file")
	}
}

func TestMigrationRunsAfterABackup(t *testing.T) {
	db, dir := openTest(t)
	seed(t, db)
	db.Close()
	ran := false
	step := Migration{To: SchemaVersion + 1, Fn: func(tx *bolt.Tx) error {
		ran = true
		return tx.Bucket(bucketSettings).Put([]byte("migrated"), []byte("yes"))
	}}
	db2, err := Open(dir, Options{schema: SchemaVersion + 1, migrations: []Migration{step}})
	if err != nil {
		t.Fatal(err)
	}
	defer db2.Close()
	if v, _ := db2.Setting("migrated"); !ran || v != "yes" {
		t.Fatal("migration step did not run")
	}
	backups, _ := filepath.Glob(filepath.Join(dir, "backups", fmt.Sprintf("*-before-schema-%d.db", SchemaVersion+1)))
	if len(backups) != 1 {
		t.Fatalf("backups before migration: %v", backups)
	}
	if err := checkFile(backups[0]); err != nil {
		t.Fatalf("backup does not pass bbolt's check: %v", err)
	}
	// A failing step leaves the database at its old schema.
	db2.Close()
	bad := Migration{To: SchemaVersion + 2, Fn: func(*bolt.Tx) error { return errors.New("boom") }}
	if _, err := Open(dir, Options{schema: SchemaVersion + 2, migrations: []Migration{step, bad}}); err == nil || !strings.Contains(err.Error(), "boom") {
		t.Fatalf("failing migration: %v", err)
	}
	db3, err := Open(dir, Options{schema: SchemaVersion + 1, migrations: []Migration{step}})
	if err != nil {
		t.Fatalf("database unusable after a failed migration: %v", err)
	}
	db3.Close()
}

func TestCorruptFileIsReportedAndKept(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, FileName)
	junk := bytes.Repeat([]byte("not a database "), 4096)
	os.WriteFile(path, junk, 0o600)
	_, err := Open(dir, Options{})
	if !errors.Is(err, ErrCorrupt) {
		t.Fatalf("open of a corrupt file: %v", err)
	}
	if after, _ := os.ReadFile(path); !bytes.Equal(after, junk) {
		t.Fatal("the corrupt file was modified")
	}
}

func TestDataDirThatIsAFile(t *testing.T) {
	file := filepath.Join(t.TempDir(), "file")
	os.WriteFile(file, []byte("x"), 0o600)
	if _, err := Open(file, Options{}); !errors.Is(err, ErrNotDir) {
		t.Fatalf("data dir that is a file: %v", err)
	}
	if _, err := Open(filepath.Join(file, "sub"), Options{}); !errors.Is(err, ErrNotDir) {
		t.Fatalf("data dir below a file: %v", err)
	}
}

// mountTmpfs mounts a small tmpfs (root only) and unmounts it at cleanup.
func mountTmpfs(t *testing.T, opts string) string {
	t.Helper()
	if os.Geteuid() != 0 {
		t.Skip("mounting a tmpfs needs root")
	}
	dir := t.TempDir()
	if out, err := exec.Command("mount", "-t", "tmpfs", "-o", opts, "tmpfs", dir).CombinedOutput(); err != nil {
		t.Skipf("cannot mount tmpfs: %v %s", err, out)
	}
	t.Cleanup(func() { exec.Command("umount", "-l", dir).Run() })
	return dir
}

func TestDataDirNotWritable(t *testing.T) {
	var dir string
	if os.Geteuid() == 0 {
		dir = mountTmpfs(t, "ro,size=1m") // root ignores permission bits
	} else {
		dir = t.TempDir()
		os.Chmod(dir, 0o500)
	}
	_, err := Open(filepath.Join(dir, "data"), Options{})
	if !errors.Is(err, ErrNotWritable) {
		t.Fatalf("read-only data dir: %v", err)
	}
}

func TestDiskFullLosesNothing(t *testing.T) {
	dir := mountTmpfs(t, "size=640k")
	db, err := Open(dir, Options{})
	if err != nil {
		t.Skipf("tmpfs too small to start: %v", err)
	}
	defer db.Close()
	item, m := seed(t, db)
	var full error
	for i := 0; i < 400 && full == nil; i++ {
		d, _ := db.Doc(recID)
		c, err := m.Edit(&d, readiness.SectionTextPath("description"), strings.Repeat("lorem ipsum ", 1500)+string(rune('a'+i%26)))
		if err != nil {
			t.Fatal(err)
		}
		_, full = db.Apply(c)
	}
	if !errors.Is(full, ErrDiskFull) {
		t.Fatalf("filling the disk: %v", full)
	}
	d, err := db.Doc(recID)
	if err != nil || d.Record.Item(item).Status != readiness.Done {
		t.Fatalf("after a full disk: %v %+v", err, d.Record.Item(item))
	}
}

func TestApplyIsIdempotentAndAllOrNothing(t *testing.T) {
	db, _ := openTest(t)
	item, m := seed(t, db)
	d, _ := db.Doc(recID)
	good, _ := m.Edit(&d, readiness.ItemPath(item, "owner"), "Ben")
	if n, err := db.Apply(good, good); err != nil || n != 1 {
		t.Fatalf("apply of a change twice in one batch: %d, %v", n, err)
	}
	if n, err := db.Apply(good); err != nil || n != 0 {
		t.Fatalf("re-apply: %d, %v", n, err)
	}
	d, _ = db.Doc(recID)
	next, _ := m.Edit(&d, readiness.ItemPath(item, "owner"), "Cy")
	bad := next
	bad.ID, bad.HLC = readiness.NewChangeID(readiness.Stamp{Wall: next.HLC.Wall + 5}, db.Replica()), readiness.Stamp{Wall: next.HLC.Wall + 5}
	bad.Value = json.RawMessage(`{"status":"na"}`)
	bad.Path = readiness.ItemPath(item, "status")
	if _, err := db.Apply(next, bad); err == nil {
		t.Fatal("a batch with an invalid value was accepted")
	}
	d, _ = db.Doc(recID)
	if d.Record.Item(item).Owner != "Ben" {
		t.Fatalf("a refused batch changed the record: owner %q", d.Record.Item(item).Owner)
	}
}

func TestOversizeRecordIsRefused(t *testing.T) {
	db, _ := openTest(t)
	_, m := seed(t, db)
	var err error
	for i := 0; i < 80 && err == nil; i++ {
		d, _ := db.Doc(recID)
		var c readiness.Change
		c, err = m.Edit(&d, readiness.RiskPath(readiness.EntityID(fmt.Sprintf("01JD%022d", i))),
			readiness.Risk{Description: strings.Repeat("r", 1999), Mitigation: strings.Repeat("m", 3999), Likelihood: "low", Impact: "low", Status: "open"})
		if err != nil {
			t.Fatal(err)
		}
		_, err = db.Apply(c)
	}
	if err == nil || !strings.Contains(err.Error(), "over the 256 KiB limit") {
		t.Fatalf("growing a record past the limit: %v", err)
	}
}

func TestBackupIsChecked(t *testing.T) {
	db, dir := openTest(t)
	seed(t, db)
	path, err := db.Backup(filepath.Join(dir, "backups"), "test")
	if err != nil {
		t.Fatal(err)
	}
	b, err := Open(filepath.Dir(path)+"/restore", Options{})
	if err != nil {
		t.Fatal(err)
	}
	b.Close()
	os.Rename(path, filepath.Join(filepath.Dir(path), "restore", FileName))
	r, err := Open(filepath.Join(filepath.Dir(path), "restore"), Options{})
	if err != nil {
		t.Fatalf("opening a restored backup: %v", err)
	}
	defer r.Close()
	if _, err := r.Doc(recID); err != nil {
		t.Fatalf("restored backup lacks the record: %v", err)
	}
}

func TestScanNewestFirstStopsEarly(t *testing.T) {
	db, _ := openTest(t)
	item, m := seed(t, db)
	other := readiness.RecordID("01JD0000000000000000000009")
	c2, _ := m.Create(other, newRecord(), nil)
	db.Apply(c2) // a second record whose keys sort after the first's
	d, _ := db.Doc(recID)
	e, _ := m.Edit(&d, readiness.ItemPath(item, "owner"), "Ben")
	db.Apply(e)
	var seen []readiness.Path
	err := db.ScanNewestFirst(recID, func(c readiness.Change) bool {
		seen = append(seen, c.Path)
		return true
	})
	if err != nil || len(seen) != 3 || seen[0] != readiness.ItemPath(item, "owner") || seen[2] != readiness.PathCreate {
		t.Fatalf("newest first: %v %v", seen, err)
	}
	n := 0
	db.ScanNewestFirst(recID, func(readiness.Change) bool { n++; return false })
	if n != 1 {
		t.Fatalf("scan went on after fn returned false: %d calls", n)
	}
	created, err := db.Created(recID)
	if err != nil || created.Path != readiness.PathCreate || created.Record != recID {
		t.Fatalf("Created: %+v %v", created, err)
	}
	if _, err := db.Change(recID, e.ID); err != nil {
		t.Fatalf("Change: %v", err)
	}
}

// A schema 2 database kept records with every item; opening it stores them
// again without the untouched ones, and they read the same.
func TestSchema2RecordsAreStoredAgainWithoutUntouchedItems(t *testing.T) {
	const unreadable = readiness.RecordID("01JD0000000000000000000077")
	db, dir := openTest(t)
	seed(t, db)
	before := storedJSON(t, db, recID)
	// Put the record back in the schema 2 form: template text stripped,
	// every item kept.
	err := db.update(func(tx *bolt.Tx) error {
		rb := tx.Bucket(bucketRecords)
		var d readiness.Doc
		if err := decodeDoc(rb.Get([]byte(recID)), &d, nil); err != nil {
			return err
		}
		s, from, ok := readiness.StripTemplateText(&d.Record, nil)
		if !ok || !strings.HasSuffix(from, "+items") {
			return fmt.Errorf("stored as %q, ok %v", from, ok)
		}
		whole := d.Record
		for i := range whole.Sections {
			whole.Sections[i].Title, whole.Sections[i].Prompt, whole.Sections[i].Guidance, whole.Sections[i].Number = "", "", "", ""
			for j := range whole.Sections[i].Items {
				it := &whole.Sections[i].Items[j]
				it.Text, it.Why, it.Guidance = "", "", ""
			}
		}
		if len(whole.Sections[len(whole.Sections)-1].Items) <= len(s.Sections[len(s.Sections)-1].Items) {
			return errors.New("the new form left no item out")
		}
		d.Record = whole
		b, err := json.Marshal(storedDoc{Doc: d, Texts: strings.TrimSuffix(from, "+items")})
		if err != nil {
			return err
		}
		if err := rb.Put([]byte(recID), b); err != nil {
			return err
		}
		// A record that cannot be read must not stop the migration.
		if err := rb.Put([]byte(unreadable), []byte(`{"created":true,"record":{"templateId":"gold","templateVersion":99},"texts":"gold@99"}`)); err != nil {
			return err
		}
		return tx.Bucket(bucketMeta).Put(keySchema, []byte("2"))
	})
	if err != nil {
		t.Fatal(err)
	}
	if got := storedJSON(t, db, recID); got != before {
		t.Fatalf("the schema 2 form reads differently:\n%s\n%s", got, before)
	}
	db.Close()
	db2, err := Open(dir, Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer db2.Close()
	if got := storedJSON(t, db2, recID); got != before {
		t.Fatalf("after migration the record reads differently:\n%s\n%s", got, before)
	}
	if _, err := db2.Doc(unreadable); err == nil {
		t.Error("the unreadable record became readable")
	}
	db2.view(func(tx *bolt.Tx) error {
		var sd storedDoc
		v, err := unpack(tx.Bucket(bucketRecords).Get([]byte(recID)))
		if err != nil {
			t.Fatal(err)
		}
		if err := json.Unmarshal(v, &sd); err != nil {
			t.Fatal(err)
		}
		if !strings.HasSuffix(sd.Texts, "+items") {
			t.Errorf("stored as %q after migration", sd.Texts)
		}
		return nil
	})
}

// Search entries are stored without template text and read back whole.
func TestSearchEntriesReadBackWhole(t *testing.T) {
	db, _ := openTest(t)
	seed(t, db)
	d, err := db.Doc(recID)
	if err != nil {
		t.Fatal(err)
	}
	all, err := db.SearchEntries()
	if err != nil {
		t.Fatal(err)
	}
	shared := 0
	for i := range all[recID] {
		if e := &all[recID][i]; e.Shared != "" {
			e.Text, e.Shared = e.Whole(), ""
			shared++
		}
	}
	if shared == 0 || !reflect.DeepEqual(all[recID], readiness.SearchEntries(&d.Record)) {
		t.Fatalf("stored search entries read back differently from the record's (%d with the template's text apart)", shared)
	}
	db.view(func(tx *bolt.Tx) error {
		v, err := unpack(tx.Bucket(bucketSearch).Get([]byte(recID)))
		if err != nil || !bytes.HasPrefix(v, []byte(`{"texts":"gold@1"`)) {
			t.Errorf("stored as %.60s (%v)", v, err)
		}
		return nil
	})
	// The plain list an earlier schema 3 wrote still reads.
	es, err := decodeSearch(appendSearchEntries(nil, readiness.SearchEntries(&d.Record)), nil)
	if err != nil || !reflect.DeepEqual(es, readiness.SearchEntries(&d.Record)) {
		t.Fatalf("a plain list: %v", err)
	}
}

// The LAN keeps this device's certificate (PEM) and announce key (hex)
// beside its JSON state: the whole check that follows a crash or a copy
// reads them as sound.
func TestIdentityEntriesPassTheWholeCheck(t *testing.T) {
	db, dir := openTest(t)
	seed(t, db)
	for k, v := range map[string]string{"identity/cert": "-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n",
		"identity/announce": "9f86d081884c7d659a2feaa0c55ad015", "team/x": `{"name":"Falcon"}`} {
		if err := db.LANUpdate(k, func([]byte) ([]byte, error) { return []byte(v), nil }); err != nil {
			t.Fatal(err)
		}
	}
	db.Close()
	os.Remove(filepath.Join(dir, FileName+stampSuffix)) // as after a crash: the whole file is checked
	db2, err := Open(dir, Options{})
	if err != nil {
		t.Fatal(err)
	}
	db2.Close()
}
