// Package store keeps Ready Room's records in one bbolt file: the change log
// of every record, and each record folded from it for fast reads. It is the
// only package that touches bbolt.
package store

import (
	"bytes"
	"crypto/rand"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"runtime"
	"runtime/debug"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"time"

	bolt "go.etcd.io/bbolt"

	"readyroom/readiness"
)

// MaxMergedRecord bounds a record folded with changes from peers; see applyTx.
const MaxMergedRecord = 4 * readiness.MaxRecord

// FileName is the database's name inside the data directory.
const FileName = "readyroom.db"

// Options tune Open; the zero value is what the app uses.
type Options struct {
	// LockTimeout is how long to wait for another process to let go of the
	// file; one second when zero.
	LockTimeout time.Duration
	// NoSync skips fsync (benchmarks of the non-durable path only).
	NoSync bool
	// ReadOnly opens an existing database for reading only, alongside
	// other readers: nothing is created or written. It fails with
	// ErrNoDatabase when there is none, and with ErrNeedsWrite when the
	// file must be migrated or repaired first.
	ReadOnly bool
	// Report is told, in words, of anything opening rebuilt from the
	// change log (a missing or disagreeing derived bucket); nil ignores it.
	Report func(string)
	// migrations replaces the built-in steps (tests).
	migrations []Migration
	// schema replaces SchemaVersion (tests).
	schema int
}

// DB is an open Ready Room database.
type DB struct {
	bolt    *bolt.DB
	dir     string
	replica readiness.ReplicaID
	commits commits
}

// Open opens (creating if need be) the database in dir; see open.go for
// what it checks first. A second process gets ErrLocked after the lock
// timeout, never a hang; a database from a newer Ready Room gets
// ErrSchemaTooNew and is left untouched; an older one is backed up and
// migrated in one transaction; a damaged file or another program's is
// refused in words (ErrCorrupt, ErrNotDatabase) and left as it was.
func Open(dir string, opt Options) (*DB, error) {
	if opt.ReadOnly {
		if fi, err := os.Stat(dir); err != nil || !fi.IsDir() {
			return nil, fmt.Errorf("%s: %w", dir, ErrNoDatabase)
		}
	} else if err := prepareDir(dir); err != nil {
		return nil, err
	}
	timeout := opt.LockTimeout
	if timeout == 0 {
		timeout = time.Second
	}
	target, steps := SchemaVersion, migrations
	if opt.schema != 0 {
		target, steps = opt.schema, opt.migrations
	}
	path := filepath.Join(dir, FileName)
	exists, err := probe(path, opt.Report)
	if err != nil {
		return nil, err
	}
	if !exists && opt.ReadOnly {
		return nil, fmt.Errorf("%s: %w", dir, ErrNoDatabase)
	}
	if !exists {
		if err := createWhole(path, timeout, target, steps); err != nil {
			return nil, err
		}
	}
	bdb, err := openBoltFile(path, timeout, opt.ReadOnly, true)
	if err != nil {
		return nil, err
	}
	bdb.NoSync = opt.NoSync
	db := &DB{bolt: bdb, dir: dir}
	deep := exists && !stampMatches(path)
	if deep {
		if err := checkTree(path); err != nil {
			bdb.Close()
			return nil, fmt.Errorf("%w; it was left as it is: restore a backup or move it aside", err)
		}
	}
	if err := db.init(target, steps, opt, deep); err != nil {
		bdb.Close()
		return nil, err
	}
	if (deep || !exists) && !opt.ReadOnly { // a reader leaves the folder as it found it
		writeStamp(path)
	}
	return db, nil
}

func prepareDir(dir string) error {
	fi, err := os.Stat(dir)
	switch {
	case err == nil && !fi.IsDir():
		return fmt.Errorf("%s: %w", dir, ErrNotDir)
	case errors.Is(err, os.ErrNotExist):
		if err := os.MkdirAll(dir, 0o700); err != nil {
			return fmt.Errorf("creating data directory %s: %w", dir, classify(err))
		}
	case err != nil:
		return fmt.Errorf("reading data directory %s: %w", dir, classify(err))
	}
	return nil
}

// initialMmap is the address space bbolt maps at open: the file grows into
// it without remapping, which would copy every node a write transaction
// holds and make readers wait. It is address space, not memory: only the
// pages read are resident.
const initialMmap = 1 << 30

// mmapAtOpen is initialMmap where mapping does not size the file: bbolt on
// Windows grows the file to what it maps.
func mmapAtOpen() int {
	if runtime.GOOS == "windows" {
		return 0
	}
	return initialMmap
}

// classify turns system errors into the store's sentinels where one fits.
func classify(err error) error {
	switch {
	case errors.Is(err, syscall.ENOSPC):
		return fmt.Errorf("%w: %v", ErrDiskFull, err)
	case errors.Is(err, syscall.EACCES), errors.Is(err, syscall.EPERM), errors.Is(err, syscall.EROFS):
		return fmt.Errorf("%w: %v", ErrNotWritable, err)
	case errors.Is(err, syscall.ENOTDIR):
		return fmt.Errorf("%w: %v", ErrNotDir, err)
	}
	return err
}

// init inspects the file and writes only what must be written: a new
// database's metadata, a migration (after a backup), or derived buckets
// rebuilt from the log.
func (db *DB) init(target int, steps []Migration, opt Options, deep bool) error {
	var in *inspection
	if err := db.view(func(tx *bolt.Tx) error {
		var err error
		in, err = inspect(tx, target, deep)
		return err
	}); err != nil {
		return fmt.Errorf("%s: %w; it was left as it is: restore a backup or move it aside", db.Path(), err)
	}
	if in.schema > target {
		return fmt.Errorf("%s is at schema %d and this Ready Room reads up to %d: %w; update Ready Room",
			db.Path(), in.schema, target, ErrSchemaTooNew)
	}
	if !in.needsWrite(target) {
		return db.readReplica()
	}
	if opt.ReadOnly {
		if in.empty {
			return fmt.Errorf("%s: %w", db.dir, ErrNoDatabase)
		}
		return fmt.Errorf("%s: %w", db.Path(), ErrNeedsWrite)
	}
	from := in.schema
	if !in.empty && from < target {
		if _, err := db.Backup(filepath.Join(db.dir, "backups"), fmt.Sprintf("before-schema-%d", target)); err != nil {
			return fmt.Errorf("backing up before migration: %w", err)
		}
	}
	var rebuilt []string
	err := db.update(func(tx *bolt.Tx) error {
		if in.empty {
			for _, name := range allBuckets {
				if _, err := tx.CreateBucket(name); err != nil {
					return err
				}
			}
			var b [8]byte
			if _, err := rand.Read(b[:]); err != nil {
				return err
			}
			meta := tx.Bucket(bucketMeta)
			if err := meta.Put(keyReplica, []byte(hex.EncodeToString(b[:]))); err != nil {
				return err
			}
			if err := meta.Put(keyCreated, []byte(time.Now().UTC().Format(time.RFC3339))); err != nil {
				return err
			}
			return migrate(tx, target, target, steps)
		}
		if from < target {
			for _, name := range allBuckets {
				if _, err := tx.CreateBucketIfNotExists(name); err != nil {
					return err
				}
			}
			return migrate(tx, from, target, steps)
		}
		var err error
		rebuilt, err = repair(tx, in)
		return err
	})
	if err != nil {
		return err
	}
	if len(rebuilt) > 0 && opt.Report != nil {
		opt.Report(fmt.Sprintf("%s: rebuilt from the change log: %s", db.Path(), strings.Join(rebuilt, "; ")))
	}
	return db.readReplica()
}

func (db *DB) readReplica() error {
	return db.view(func(tx *bolt.Tx) error {
		rep, err := readiness.ParseReplicaID(string(tx.Bucket(bucketMeta).Get(keyReplica)))
		if err != nil {
			return fmt.Errorf("%w: %v", ErrCorrupt, err)
		}
		db.replica = rep
		return nil
	})
}

// Close closes the database. A database open for writing stamps the file
// as it leaves it (see open.go), so that the next open need not check the
// whole file again.
func (db *DB) Close() error {
	ro, path := db.bolt.IsReadOnly(), db.Path()
	forgetCatalog(db.bolt)
	if err := db.bolt.Close(); err != nil {
		return err
	}
	if !ro {
		writeStamp(path)
	}
	return nil
}

// ReadOnly reports whether the database was opened for reading only.
func (db *DB) ReadOnly() bool { return db.bolt.IsReadOnly() }

// Path is the database file's path.
func (db *DB) Path() string { return db.bolt.Path() }

// Dir is the data directory.
func (db *DB) Dir() string { return db.dir }

// Replica is this database's replica id.
func (db *DB) Replica() readiness.ReplicaID { return db.replica }

// view and update run a transaction, turning a panic inside bbolt (a damaged
// page) into ErrCorrupt and a full disk into ErrDiskFull.
//
// A page pointer gone wrong in a damaged file would make the read fault
// (SIGBUS past the end of the file, SIGSEGV past the mapping); with
// SetPanicOnFault on this goroutine it panics instead, and is reported.
func (db *DB) view(fn func(*bolt.Tx) error) (err error) {
	defer recoverCorrupt(&err)
	defer debug.SetPanicOnFault(debug.SetPanicOnFault(true))
	return db.bolt.View(fn)
}

func (db *DB) update(fn func(*bolt.Tx) error) (err error) {
	defer recoverCorrupt(&err)
	defer debug.SetPanicOnFault(debug.SetPanicOnFault(true))
	if err := db.bolt.Update(fn); err != nil {
		return classify(err)
	}
	return nil
}

func recoverCorrupt(err *error) {
	if r := recover(); r != nil {
		*err = fmt.Errorf("%w: %v", ErrCorrupt, r)
	}
}

func changeKey(rec readiness.RecordID, id readiness.ChangeID) []byte {
	return []byte(readiness.ChangeKey(rec, id))
}

// Apply stores a batch of changes and folds them into their records in one
// transaction (one fsync). A change already held is skipped; a change that is
// malformed, has a value its path does not accept, or would grow a record
// past readiness.MaxRecord fails the whole batch and nothing is stored. It
// returns the number of changes that were new.
func (db *DB) Apply(changes ...readiness.Change) (int, error) {
	n, _, err := db.apply(changes)
	return n, err
}

// ApplyOne stores one change like Apply and returns its record as it stands
// after it, saving a read.
func (db *DB) ApplyOne(c readiness.Change) (readiness.Doc, error) {
	_, docs, err := db.apply([]readiness.Change{c})
	if err != nil {
		return readiness.Doc{}, err
	}
	if d, ok := docs[c.Record]; ok && d.Created {
		return *d, nil
	}
	return db.Doc(c.Record) // already held: nothing was folded
}

func (db *DB) apply(changes []readiness.Change) (int, map[readiness.RecordID]*readiness.Doc, error) {
	var n int
	var docs map[readiness.RecordID]*readiness.Doc
	err := db.update(func(tx *bolt.Tx) error {
		var err error
		n, docs, err = applyTx(tx, changes, readiness.MaxRecord)
		return err
	})
	if err != nil {
		return 0, nil, err
	}
	if n > 0 {
		db.announce(touched(docs), false)
	}
	return n, docs, nil
}

// applyTx stores and folds changes inside a write transaction: each new
// change goes into the log, gets the next arrival sequence number (what peers
// pull by), and is folded into its record.
//
// maxRecord bounds the folded record: readiness.MaxRecord for this device's
// own edits, MaxMergedRecord for changes from peers, because two edits that
// each fit can together overflow the smaller limit, and refusing them would
// stall sync with that peer for good. A record merges took past the smaller
// limit can still be edited here, as long as the edit does not grow it.
func applyTx(tx *bolt.Tx, changes []readiness.Change, maxRecord int) (int, map[readiness.RecordID]*readiness.Doc, error) {
	n := 0
	cat, err := catalogOf(tx)
	if err != nil {
		return 0, nil, err
	}
	cb, sb := tx.Bucket(bucketChanges), tx.Bucket(bucketSeq)
	// Arrival numbers only grow, and a batch's changes mostly come record
	// by record in clock order: pages split when full rather than half full
	// (bbolt's default, for random inserts) take half the pages to write.
	sb.FillPercent, cb.FillPercent = 1.0, 0.9
	logs := recordLogs{cb: cb}
	docs := map[readiness.RecordID]*readiness.Doc{}
	limits := map[readiness.RecordID]int{}
	for _, c := range changes {
		key := changeKey(c.Record, c.ID)
		if cb.Get(key) != nil {
			continue // already held: a no-op (the id names one immutable change)
		}
		if err := c.Check(); err != nil {
			return 0, nil, err
		}
		doc, ok := docs[c.Record]
		if !ok {
			doc = &readiness.Doc{}
			limits[c.Record] = maxRecord
			if v := tx.Bucket(bucketRecords).Get([]byte(c.Record)); v != nil {
				v, err := unpack(v)
				if err == nil {
					err = decodeDoc(v, doc, cat)
				}
				if err != nil {
					return 0, nil, fmt.Errorf("%w: record %s: %v", ErrCorrupt, c.Record, err)
				}
				// The doc's JSON is longer than the record's: when it is over
				// the limit, the record may be.
				if len(v) > maxRecord && doc.Created { // over the limit already: do not grow it
					if was, _, err := encodeRecord(&doc.Record, cat); err == nil {
						limits[c.Record] = max(maxRecord, len(was))
					}
				}
			}
			docs[c.Record] = doc
		}
		if c.Path != readiness.PathCreate && doc.Created {
			if err := doc.Record.CheckIncoming(c.Path, c.Value); err != nil {
				return 0, nil, err
			}
		}
		b := appendStoredChange(make([]byte, 0, changeSize(&c)), &c)
		if err := cb.Put(key, b); err != nil {
			return 0, nil, err
		}
		if err := putSeq(sb, key); err != nil {
			return 0, nil, err
		}
		logs.stored(c)
		if err := doc.Apply(c, func(p readiness.Path) ([]readiness.Change, error) { return logs.path(c.Record, p) }, cat); err != nil {
			return 0, nil, err
		}
		n++
	}
	for id, doc := range docs {
		if err := putDoc(tx, id, doc, limits[id]); err != nil {
			return 0, nil, err
		}
	}
	if err := noteClock(tx, changes); err != nil {
		return 0, nil, err
	}
	return n, docs, nil
}

// noteClock keeps keyClock at the latest stamp stored.
func noteClock(tx *bolt.Tx, changes []readiness.Change) error {
	meta := tx.Bucket(bucketMeta)
	last, _ := readiness.ParseStamp(string(meta.Get(keyClock)))
	latest := last
	for _, c := range changes {
		if latest.Less(c.HLC) {
			latest = c.HLC
		}
	}
	if latest == last {
		return nil
	}
	return meta.Put(keyClock, []byte(latest.String()))
}

// LatestStamp is the latest clock stamp of any change stored (zero when
// there is none): a clock starting on this database observes it first.
func (db *DB) LatestStamp() (readiness.Stamp, error) {
	var st readiness.Stamp
	err := db.view(func(tx *bolt.Tx) error {
		if v := tx.Bucket(bucketMeta).Get(keyClock); v != nil {
			var err error
			if st, err = readiness.ParseStamp(string(v)); err != nil {
				return fmt.Errorf("%w: %v", ErrCorrupt, err)
			}
		}
		return nil
	})
	return st, err
}

func putDoc(tx *bolt.Tx, id readiness.RecordID, doc *readiness.Doc, maxRecord int) error {
	key := []byte(id)
	// Record ids sort by creation, and a record's entries are mostly
	// rewritten in place: pages split full, not half full (bbolt's default,
	// for random inserts), which left these buckets' pages 40 to 60% used.
	for _, name := range [][]byte{bucketRecords, bucketSummaries, bucketAttention, bucketSearch} {
		tx.Bucket(name).FillPercent = 0.9
	}
	if !doc.Created {
		// Edits that arrived before their record's creating change: their
		// heads and what they noted (times), under the record's id (an
		// empty id would not read back).
		pending := *doc
		pending.Record.ID = id
		b, err := json.Marshal(&pending)
		if err != nil {
			return err
		}
		return tx.Bucket(bucketRecords).Put(key, b)
	}
	cat, err := catalogOf(tx)
	if err != nil {
		return err
	}
	// The record's JSON, encoded once for the size check and the doc.
	rec, texts, err := encodeRecord(&doc.Record, cat)
	if err != nil {
		return err
	}
	if len(rec) > maxRecord {
		return fmt.Errorf("record %s would be %d KiB, over the %d KiB limit; nothing was saved", id, len(rec)>>10, maxRecord>>10)
	}
	sum, err := json.Marshal(readiness.Summarise(doc))
	if err != nil {
		return err
	}
	if err := tx.Bucket(bucketSummaries).Put(key, sum); err != nil {
		return err
	}
	att, err := json.Marshal(readiness.Attention(&doc.Record))
	if err != nil {
		return err
	}
	if err := tx.Bucket(bucketAttention).Put(key, pack(att)); err != nil {
		return err
	}
	if err := tx.Bucket(bucketSearch).Put(key, pack(encodeSearch(&doc.Record, cat))); err != nil {
		return err
	}
	// The storedDoc shape, spliced: encoding the record as a RawMessage
	// would scan it a second time.
	b := make([]byte, 0, len(rec)+headsSize(doc.Heads)+len(texts)+64)
	b = append(b, `{"created":true,"record":`...)
	b = append(b, rec...)
	b = append(b, `,"texts":`...)
	b = appendString(b, texts)
	b = append(b, `,"heads":`...)
	b = appendHeads(b, doc.Heads)
	b = append(b, `,"changes":`...)
	b = strconv.AppendInt(b, int64(doc.Changes), 10)
	if len(doc.Templates) > 0 {
		refs, err := json.Marshal(doc.Templates)
		if err != nil {
			return err
		}
		b = append(b, `,"templates":`...)
		b = append(b, refs...)
	}
	b = append(b, '}')
	return tx.Bucket(bucketRecords).Put(key, pack(b))
}

// encodeRecord is a record's JSON as stored: without the text its sections
// and items take from its template when that text is the template's (texts
// names the template, to put it back from), whole otherwise. Its size is
// what the record limit measures: what the squad wrote, not the template.
func encodeRecord(r *readiness.Record, cat *readiness.Catalog) (b []byte, texts string, err error) {
	if stripped, from, ok := readiness.StripTemplateText(r, cat); ok {
		b, err = json.Marshal(&stripped)
		return b, from, err
	}
	b, err = json.Marshal(r)
	return b, "", err
}

// encodeSearch is a record's search entries as stored: without the text
// its checklist items take from its template, {"texts":"gold@1",
// "entries":[...]}, or whole as a plain list when that cannot be.
func encodeSearch(r *readiness.Record, cat *readiness.Catalog) []byte {
	es, texts := readiness.StoredSearchEntries(r, cat)
	if texts == "" {
		return appendSearchEntries(make([]byte, 0, searchSize(es)), es)
	}
	b := make([]byte, 0, searchSize(es)+len(texts)+24)
	b = append(b, `{"texts":`...)
	b = appendString(b, texts)
	b = append(b, `,"entries":`...)
	b = appendSearchEntries(b, es)
	return append(b, '}')
}

// storedSearch is the stored form of search entries without template text.
type storedSearch struct {
	Texts   string                  `json:"texts"`
	Entries []readiness.SearchEntry `json:"entries"`
}

// decodeSearch reads search entries as encodeSearch stored them, each
// item's template text in Shared (readiness.ShareSearchText).
func decodeSearch(v []byte, cat *readiness.Catalog) ([]readiness.SearchEntry, error) {
	var ss storedSearch
	err := withUnpacked(v, func(j []byte) error {
		if len(j) > 0 && j[0] == '[' { // a plain list, as schema 3 wrote
			return json.Unmarshal(j, &ss.Entries)
		}
		if err := json.Unmarshal(j, &ss); err != nil {
			return err
		}
		return readiness.ShareSearchText(ss.Entries, ss.Texts, cat)
	})
	if err != nil {
		return nil, err
	}
	return ss.Entries, nil
}

// storedDoc is readiness.Doc as stored (see putDoc).
type storedDoc struct {
	readiness.Doc
	// Texts names the template whose text the record was stored without.
	Texts string `json:"texts,omitempty"`
}

// decodeDoc reads a doc as putDoc stored it, template text put back.
func decodeDoc(v []byte, d *readiness.Doc, cat *readiness.Catalog) error {
	var sd storedDoc
	if err := withUnpacked(v, func(j []byte) error { return json.Unmarshal(j, &sd) }); err != nil {
		return err
	}
	if sd.Texts != "" {
		if err := readiness.RestoreTemplateText(&sd.Record, sd.Texts, cat); err != nil {
			return err
		}
	}
	*d = sd.Doc
	return nil
}

// recordLogs reads a record's log when a change arrives out of clock order
// (or reopens an item whose earlier status is not among the heads) and the
// fold needs every change of its path: once a transaction, kept up to date
// with the changes it stores, so that a batch of such changes reads each
// record once. It is rare: a change made while a peer's concurrent edit of
// the same path was on its way.
type recordLogs struct {
	cb   *bolt.Bucket
	logs map[readiness.RecordID][]readiness.Change
}

// stored notes a change just put in the log.
func (l *recordLogs) stored(c readiness.Change) {
	if log, ok := l.logs[c.Record]; ok {
		l.logs[c.Record] = append(log, c)
	}
}

// path returns every held change of one path of a record.
func (l *recordLogs) path(rec readiness.RecordID, p readiness.Path) ([]readiness.Change, error) {
	log, ok := l.logs[rec]
	if !ok {
		if err := scanLog(l.cb, rec, func(c readiness.Change) { log = append(log, c) }); err != nil {
			return nil, err
		}
		if l.logs == nil {
			l.logs = map[readiness.RecordID][]readiness.Change{}
		}
		l.logs[rec] = log
	}
	var out []readiness.Change
	for _, c := range log {
		if c.Path == p {
			out = append(out, c)
		}
	}
	return out, nil
}

func scanLog(cb *bolt.Bucket, rec readiness.RecordID, fn func(readiness.Change)) error {
	prefix := []byte(string(rec) + "/")
	cur := cb.Cursor()
	for k, v := cur.Seek(prefix); k != nil && bytes.HasPrefix(k, prefix); k, v = cur.Next() {
		c, err := decodeChange(k, v)
		if err != nil {
			return fmt.Errorf("%w: change %s: %v", ErrCorrupt, k, err)
		}
		fn(c)
	}
	return nil
}

// Doc returns a record's materialised doc.
func (db *DB) Doc(id readiness.RecordID) (readiness.Doc, error) {
	var d readiness.Doc
	err := db.view(func(tx *bolt.Tx) error {
		v := tx.Bucket(bucketRecords).Get([]byte(id))
		if v == nil {
			return fmt.Errorf("record %s: %w", id, readiness.ErrNotFound)
		}
		cat, err := catalogOf(tx)
		if err != nil {
			return err
		}
		if err := decodeDoc(v, &d, cat); err != nil {
			return fmt.Errorf("%w: record %s: %v", ErrCorrupt, id, err)
		}
		return nil
	})
	if err == nil && !d.Created {
		err = fmt.Errorf("record %s: %w", id, readiness.ErrNotFound)
	}
	return d, err
}

// Log returns a record's changes in clock order.
func (db *DB) Log(id readiness.RecordID) ([]readiness.Change, error) {
	var out []readiness.Change
	err := db.view(func(tx *bolt.Tx) error {
		return scanLog(tx.Bucket(bucketChanges), id, func(c readiness.Change) { out = append(out, c) })
	})
	return out, err
}

// ScanNewestFirst calls fn with a record's changes, newest first, until fn
// returns false.
func (db *DB) ScanNewestFirst(id readiness.RecordID, fn func(readiness.Change) bool) error {
	return db.view(func(tx *bolt.Tx) error {
		prefix := []byte(string(id) + "/")
		end := []byte(string(id) + "0") // '0' sorts right after '/'
		cur := tx.Bucket(bucketChanges).Cursor()
		k, v := cur.Seek(end)
		if k == nil {
			k, v = cur.Last()
		} else {
			k, v = cur.Prev()
		}
		for ; k != nil && bytes.HasPrefix(k, prefix); k, v = cur.Prev() {
			c, err := decodeChange(k, v)
			if err != nil {
				return fmt.Errorf("%w: change %s: %v", ErrCorrupt, k, err)
			}
			if !fn(c) {
				return nil
			}
		}
		return nil
	})
}

// Change returns one change of a record.
func (db *DB) Change(rec readiness.RecordID, id readiness.ChangeID) (readiness.Change, error) {
	var c readiness.Change
	err := db.view(func(tx *bolt.Tx) error {
		key := changeKey(rec, id)
		v := tx.Bucket(bucketChanges).Get(key)
		if v == nil {
			return fmt.Errorf("change %s: %w", id, readiness.ErrNotFound)
		}
		var err error
		c, err = decodeChange(key, v)
		return err
	})
	return c, err
}

// Created returns the change that created a record.
func (db *DB) Created(rec readiness.RecordID) (readiness.Change, error) {
	var created readiness.Change
	err := db.view(func(tx *bolt.Tx) error {
		prefix := []byte(string(rec) + "/")
		cur := tx.Bucket(bucketChanges).Cursor()
		for k, v := cur.Seek(prefix); k != nil && bytes.HasPrefix(k, prefix); k, v = cur.Next() {
			c, err := decodeChange(k, v)
			if err != nil {
				return fmt.Errorf("%w: change %s: %v", ErrCorrupt, k, err)
			}
			if c.Path == readiness.PathCreate {
				created = c
				return nil
			}
		}
		return fmt.Errorf("record %s: %w", rec, readiness.ErrNotCreated)
	})
	return created, err
}

// Summaries returns every record's summary, in id (creation) order,
// decoded on every core (see decodeAll): at 5,000 records decoding them is
// most of what `readyroom list` costs.
func (db *DB) Summaries() ([]readiness.Summary, error) {
	ids, raw, err := db.rawValues(bucketSummaries, nil)
	if err != nil {
		return nil, err
	}
	return decodeAll(ids, raw, "summary", func(v []byte) (s readiness.Summary, err error) {
		err = json.Unmarshal(v, &s)
		return s, err
	})
}

// SummariesOf returns the summaries of the records named that exist, by id.
func (db *DB) SummariesOf(ids []readiness.RecordID) (map[readiness.RecordID]readiness.Summary, error) {
	out := make(map[readiness.RecordID]readiness.Summary, len(ids))
	err := db.view(func(tx *bolt.Tx) error {
		b := tx.Bucket(bucketSummaries)
		for _, id := range ids {
			v := b.Get([]byte(id))
			if v == nil {
				continue
			}
			var s readiness.Summary
			if err := json.Unmarshal(v, &s); err != nil {
				return fmt.Errorf("%w: summary %s: %v", ErrCorrupt, id, err)
			}
			out[id] = s
		}
		return nil
	})
	return out, err
}

// Attention returns every record's attention items, by record id, decoded
// on every core.
func (db *DB) Attention() (map[readiness.RecordID][]readiness.AttentionItem, error) {
	ids, raw, err := db.rawValues(bucketAttention, func(v []byte) bool { return len(v) > 2 }) // "[]": nothing to decode
	if err != nil {
		return nil, err
	}
	lists, err := decodeAll(ids, raw, "attention", func(v []byte) (items []readiness.AttentionItem, err error) {
		err = withUnpacked(v, func(j []byte) error { return json.Unmarshal(j, &items) })
		// Decoding grew the slice by doubling: a third of it was spare.
		kept := make([]readiness.AttentionItem, len(items))
		copy(kept, items)
		return kept, err
	})
	if err != nil {
		return nil, err
	}
	in := interner{}
	for _, items := range lists {
		for i := range items {
			in.item(&items[i])
		}
	}
	return byRecord(ids, lists), nil
}

// interner keeps one copy of each string it is given, for one read.
type interner map[string]string

// item makes an attention item's strings the one copy every item with the
// same text shares. The window keeps every record's items from start, and
// nearly all of their text repeats: item wording, sections and statuses
// come from a few templates, owners and reasons from a few people (the
// 14,773 items of 1,000 seeded records hold 182 distinct strings). A map
// of its own, not unique.Make: that forgets a string at each collection
// nothing holds its handle across, and a later copy is then kept apart.
func (in interner) item(it *readiness.AttentionItem) {
	it.Kind = internAs(in, it.Kind)
	it.ItemID = internAs(in, it.ItemID)
	it.Section = internAs(in, it.Section)
	it.Text = internAs(in, it.Text)
	it.Status = internAs(in, it.Status)
	it.Reason = internAs(in, it.Reason)
	it.Owner = internAs(in, it.Owner)
	it.Due = internAs(in, it.Due)
}

// internAs is the interner's copy of s.
func internAs[S ~string](in interner, s S) S {
	if s == "" {
		return s
	}
	if c, ok := in[string(s)]; ok {
		return S(c)
	}
	in[string(s)] = string(s)
	return s
}

// rawValues copies a bucket's keys (as record ids) and values out in one
// read transaction, those that keep holds (every one when keep is nil).
// Pages are read only by the transaction's goroutine, where a fault on a
// damaged file is caught; the copies can then be decoded anywhere.
func (db *DB) rawValues(bucket []byte, keep func([]byte) bool) (ids []readiness.RecordID, raw [][]byte, err error) {
	err = db.view(func(tx *bolt.Tx) error {
		ids, raw = copyValues(tx, bucket, keep)
		return nil
	})
	return ids, raw, err
}

// copyValues is rawValues inside a transaction.
func copyValues(tx *bolt.Tx, bucket []byte, keep func([]byte) bool) ([]readiness.RecordID, [][]byte) {
	b := tx.Bucket(bucket)
	n := b.Stats().KeyN
	ids, raw := make([]readiness.RecordID, 0, n), make([][]byte, 0, n)
	b.ForEach(func(k, v []byte) error {
		if keep == nil || keep(v) {
			ids = append(ids, readiness.RecordID(k))
			raw = append(raw, bytes.Clone(v))
		}
		return nil
	})
	return ids, raw
}

// byRecord pairs decoded values with the ids they were stored under.
func byRecord[T any](ids []readiness.RecordID, vals []T) map[readiness.RecordID]T {
	out := make(map[readiness.RecordID]T, len(ids))
	for i, id := range ids {
		out[id] = vals[i]
	}
	return out
}

// decodeAll decodes the values copied out of a bucket on every core, in
// their order; a value that does not decode is damage, named by its key.
func decodeAll[T any](ids []readiness.RecordID, raw [][]byte, what string, decode func([]byte) (T, error)) ([]T, error) {
	out := make([]T, len(raw))
	workers := min(runtime.GOMAXPROCS(0), max(1, len(raw)/64))
	errs := make([]error, workers)
	var wg sync.WaitGroup
	for w := range workers {
		wg.Go(func() {
			for i := w; i < len(raw); i += workers {
				v, err := decode(raw[i])
				if err != nil {
					errs[w] = fmt.Errorf("%w: %s %s: %v", ErrCorrupt, what, ids[i], err)
					return
				}
				out[i] = v
			}
		})
	}
	wg.Wait()
	if err := errors.Join(errs...); err != nil {
		return nil, err
	}
	return out, nil
}

// SearchEntries returns every record's searchable text, by record id; an
// item's text from its template is in Shared, one string for every record
// of that version (SearchEntry.Whole joins it). The values are copied out
// in one read transaction (copyValues) and decoded on every core: decoding
// is most of what building the search index costs (about 100 ms of CPU for
// 1,000 records).
func (db *DB) SearchEntries() (map[readiness.RecordID][]readiness.SearchEntry, error) {
	var ids []readiness.RecordID
	var raw [][]byte
	var cat *readiness.Catalog
	err := db.view(func(tx *bolt.Tx) error { // the catalog the entries were written with
		var err error
		cat, err = catalogOf(tx)
		ids, raw = copyValues(tx, bucketSearch, nil)
		return err
	})
	if err != nil {
		return nil, err
	}
	decoded, err := decodeAll(ids, raw, "search", func(v []byte) ([]readiness.SearchEntry, error) { return decodeSearch(v, cat) })
	if err != nil {
		return nil, err
	}
	return byRecord(ids, decoded), nil
}

// Setting returns a setting, "" when unset.
func (db *DB) Setting(key string) (string, error) {
	var v string
	err := db.view(func(tx *bolt.Tx) error {
		v = string(tx.Bucket(bucketSettings).Get([]byte(key)))
		return nil
	})
	return v, err
}

// SetSetting stores a setting.
func (db *DB) SetSetting(key, value string) error {
	return db.update(func(tx *bolt.Tx) error { return tx.Bucket(bucketSettings).Put([]byte(key), []byte(value)) })
}

// Backup writes a consistent copy of the database into dir as
// readyroom-<time>-<label>.db while the database stays in use, checks the
// copy with bbolt's consistency check, and only then keeps it.
func (db *DB) Backup(dir, label string) (string, error) {
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return "", classify(err)
	}
	name := "readyroom-" + time.Now().UTC().Format("20060102-150405")
	if label != "" {
		name += "-" + label
	}
	final := filepath.Join(dir, name+".db")
	tmp, err := os.CreateTemp(dir, name+".*.tmp")
	if err != nil {
		return "", classify(err)
	}
	defer os.Remove(tmp.Name())
	err = db.view(func(tx *bolt.Tx) error {
		_, err := tx.WriteTo(tmp)
		return err
	})
	if cerr := tmp.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		return "", classify(err)
	}
	if err := checkFile(tmp.Name()); err != nil {
		return "", fmt.Errorf("backup failed its check: %w", err)
	}
	if err := os.Rename(tmp.Name(), final); err != nil {
		return "", classify(err)
	}
	return final, nil
}

// checkFile checks a database file as Open would, without writing to it:
// its length against its pages, every page walked, and bbolt's
// consistency check.
func checkFile(path string) error {
	if _, err := probe(path, nil); err != nil {
		return err
	}
	if err := checkTree(path); err != nil {
		return err
	}
	b, err := openBoltFile(path, time.Second, true, true)
	if err != nil {
		return err
	}
	defer b.Close()
	return (&DB{bolt: b}).view(func(tx *bolt.Tx) error {
		if err := walk(tx); err != nil {
			return err
		}
		return checkTx(tx)
	})
}

// WriteTo streams a consistent copy of the database (for export and support).
func (db *DB) WriteTo(w io.Writer) (int64, error) {
	var n int64
	err := db.view(func(tx *bolt.Tx) error {
		var err error
		n, err = tx.WriteTo(w)
		return err
	})
	return n, err
}

// Count returns the number of records.
func (db *DB) Count() (int, error) {
	n := 0
	err := db.view(func(tx *bolt.Tx) error {
		n = tx.Bucket(bucketSummaries).Stats().KeyN
		return nil
	})
	return n, err
}
