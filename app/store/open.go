package store

import (
	"bytes"
	"crypto/rand"
	"encoding/binary"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"hash/fnv"
	"os"
	"path/filepath"
	"runtime/debug"
	"slices"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	bolt "go.etcd.io/bbolt"

	"readyroom/readiness"
)

// A new database file is made whole under a temporary name and linked into
// place (createWhole): a process killed while making it leaves no file, or
// a whole one, never the empty file bbolt's own creation leaves for a
// moment, which step 1 below refuses as damaged.
//
// Opening a database file that already exists is careful: nothing is
// written unless something must be (a migration, a rebuild of what is
// derived from the log), and a file that is not a sound Ready Room database
// is refused in words and left byte for byte as it was.
//
//  1. probe: the file's meta page (checksummed, with a second copy) is read
//     from the file, not mapped, and says how far its pages reach: a file
//     shorter than that was truncated (mapping it and reading a page past
//     its end would kill the process with SIGBUS); the free list page it
//     names, which bbolt reads as it opens, must be a free list naming
//     pages inside the file (bbolt panics on it otherwise, leaving the file
//     mapped and locked).
//  2. The real open (read-only or not) loads the free list and every
//     transaction reads pages with faults turned into panics
//     (debug.SetPanicOnFault), recovered as ErrCorrupt: a damaged page
//     pointer never crashes the process.
//  3. inspect: the metadata must be possible (a schema version from 1 to
//     this binary's, a replica id, a creation time). A file with no buckets
//     at all is new; a file with buckets but no Ready Room metadata is
//     another program's, or lost it, and is never initialised over.
//  4. The derived buckets (records, summaries, attention, search, seq)
//     must exist; a missing one is rebuilt from the log (see
//     repair.go) and the rebuild is reported.
//  5. When the file is not as Ready Room last left it — its size, times or
//     inode differ from the stamp written beside it (readyroom.db-checked)
//     when a sound file was last opened or closed: a crash, a copy, a
//     restore, damage — every page is walked in this goroutine, bbolt's
//     consistency check runs, and the derived buckets must name the records
//     the log names (else those records are rebuilt and it is reported).
//     That reads the whole file (about 0.1 s for 1,000 records), so it is
//     paid once after a change from outside, not on every command (a
//     read-only open writes no stamp: it pays again until a writer has
//     opened the file).
//
// Values are checked when they are read: a change or summary that does
// not decode is ErrCorrupt. DB.Verify goes further — every record folded
// again from its log and compared with everything derived — for `readyroom
// check`, the daily backup and tests.

// inspection is what inspect found in an existing file.
type inspection struct {
	empty   bool // no buckets at all: a file bbolt made and nothing filled
	schema  int
	missing [][]byte // buckets of allBuckets that are not there
	// stale lists records whose derived entries disagree with the log's
	// record ids (a key missing or extra) or cannot be read; nil when all
	// agree.
	stale []readiness.RecordID
	// seq is set when the arrival index holds an entry that cannot be one
	// of its own: the index is made again from the log.
	seq bool
}

// needsWrite reports whether opening must write: a new file, a migration,
// or a rebuild.
func (in *inspection) needsWrite(target int) bool {
	return in.empty || in.schema < target || len(in.missing) > 0 || len(in.stale) > 0 || in.seq
}

// stampSuffix names the file beside the database that remembers the file
// as it was when last found sound.
const stampSuffix = "-checked"

// stampMatches reports whether the database file is as it was stamped.
func stampMatches(path string) bool {
	fi, err := os.Stat(path)
	if err != nil {
		return false
	}
	b, err := os.ReadFile(path + stampSuffix)
	return err == nil && string(b) == fileStamp(fi)+"\n"
}

// writeStamp remembers the database file as it is now; a failure only
// means the next open checks the whole file again.
func writeStamp(path string) {
	fi, err := os.Stat(path)
	if err != nil {
		return
	}
	tmp := path + stampSuffix + ".tmp"
	if err := os.WriteFile(tmp, []byte(fileStamp(fi)+"\n"), 0o600); err != nil {
		os.Remove(tmp)
		return
	}
	if err := os.Rename(tmp, path+stampSuffix); err != nil {
		os.Remove(tmp)
	}
}

// creatingSuffix, and a random tail, name a database file being made
// beside the database (see createWhole).
const creatingSuffix = ".creating-"

// createWhole makes a new database file at path whole or not at all. bbolt
// creates a file and then writes its first pages into it: a process killed
// in between leaves an empty file, which probe refuses as damaged (47 of 50
// `readyroom demo` processes killed as the file appeared left one). So the
// file is made under a temporary name beside path — bbolt's first pages,
// then the buckets and metadata in one synced transaction — and linked to
// path, which fails if another process made the database meanwhile: then
// that one is the database. A temporary file that a creation cut short
// left is removed the next time, once nothing holds it.
func createWhole(path string, timeout time.Duration, target int, steps []Migration) error {
	// Another process's removeCutShort can take this one's temporary file,
	// in the moment between its creation and its lock, for one a creation
	// left: then it is made again (a few times at most).
	var err error
	for range 3 {
		if err = createOnce(path, timeout, target, steps); !errors.Is(err, errTmpGone) {
			return err
		}
	}
	return err
}

// errTmpGone: the temporary file was removed before it could be linked.
var errTmpGone = errors.New("the database being made was removed meanwhile")

func createOnce(path string, timeout time.Duration, target int, steps []Migration) error {
	dir := filepath.Dir(path)
	removeCutShort(path)
	var b [8]byte
	if _, err := rand.Read(b[:]); err != nil {
		return err
	}
	tmp := path + creatingSuffix + hex.EncodeToString(b[:])
	defer os.Remove(tmp)
	bdb, err := openBoltFile(tmp, timeout, false, true)
	if err != nil {
		return err
	}
	// The file stays open (and locked) until it is linked, so that no
	// other process takes it for one a creation left.
	defer bdb.Close()
	if err := (&DB{bolt: bdb, dir: dir}).init(target, steps, Options{}, false); err != nil {
		return fmt.Errorf("creating %s: %w", path, err)
	}
	if err := os.Link(tmp, path); err != nil && !errors.Is(err, os.ErrExist) {
		if _, serr := os.Lstat(tmp); errors.Is(serr, os.ErrNotExist) {
			return errTmpGone
		}
		// No hard links on this file system (FAT, some network shares): a
		// rename, unless another process made the database meanwhile.
		if _, serr := os.Lstat(path); serr == nil {
			return nil
		}
		if err := os.Rename(tmp, path); err != nil {
			return fmt.Errorf("creating %s: %w", path, classify(err))
		}
	}
	syncDir(dir)
	return nil
}

// removeCutShort removes the temporary files of creations cut short beside
// path: those nothing holds (a creation under way holds its own, locked).
func removeCutShort(path string) {
	entries, err := os.ReadDir(filepath.Dir(path))
	if err != nil {
		return
	}
	for _, e := range entries {
		if !strings.HasPrefix(e.Name(), filepath.Base(path)+creatingSuffix) {
			continue
		}
		left := filepath.Join(filepath.Dir(path), e.Name())
		if unlock, err := lockFile(left); err == nil {
			os.Remove(left)
			unlock()
		}
	}
}

// metaCopy is one copy of a bbolt file's meta page, as read from the file
// (not mapped: a damaged file cannot fault a read).
type metaCopy struct {
	sound                      bool // magic, version 2 and checksum as bbolt writes them
	pageSize                   int64
	root, freelist, pgid, txid uint64
}

// bbolt's page layout: a 16-byte header (id, flags, count, overflow), then
// the meta fields (magic, version, page size, flags, root bucket page and
// sequence, free list page, high-water mark, transaction id) and their
// FNV-64a checksum.
const (
	pageHeader       = 16
	metaLen          = 64
	metaChecksumAt   = 56
	freelistPageFlag = 0x10
	noFreelist       = ^uint64(0)
)

// readMetas reads both copies of the meta page (pages 0 and 1). bbolt
// reads the sound copy with the higher transaction id and says nothing
// when the other is damaged; Ready Room says so, since the copy it falls
// back on may be one transaction older.
func readMetas(f *os.File) [2]metaCopy {
	var out [2]metaCopy
	buf := make([]byte, pageHeader+metaLen)
	at := int64(0)
	for i := range 2 {
		if i == 1 {
			at = out[0].pageSize
			if !out[0].sound {
				at = int64(os.Getpagesize()) // what bbolt falls back on when page 0 is unreadable
			}
		}
		if _, err := f.ReadAt(buf, at); err != nil {
			continue
		}
		m := buf[pageHeader:]
		le := binary.LittleEndian
		h := fnv.New64a()
		h.Write(m[:metaChecksumAt])
		out[i] = metaCopy{
			sound:    le.Uint32(m[0:]) == 0xED0CDAED && le.Uint32(m[4:]) == 2 && h.Sum64() == le.Uint64(m[metaChecksumAt:]),
			pageSize: int64(le.Uint32(m[8:])),
			root:     le.Uint64(m[16:]), freelist: le.Uint64(m[32:]), pgid: le.Uint64(m[40:]), txid: le.Uint64(m[48:]),
		}
		out[i].sound = out[i].sound && out[i].pageSize >= 512 && out[i].pageSize <= 1<<20
	}
	return out
}

// current is the copy bbolt reads: the sound one with the higher
// transaction id.
func current(ms [2]metaCopy) (metaCopy, bool) {
	a, b := ms[0], ms[1]
	if b.txid > a.txid {
		a, b = b, a
	}
	if a.sound {
		return a, true
	}
	return b, b.sound
}

// checkPages checks what bbolt reads before any transaction, from the file
// itself: the pages the meta page names lie inside the file, and the free
// list page (which bbolt loads when it opens a file, and panics on when it
// is not one, leaving the file mapped and locked) is a free list that names
// pages inside the file.
func checkPages(f *os.File, size int64, m metaCopy) error {
	reach := int64(m.pgid) * m.pageSize
	switch {
	case m.pgid < 2 || reach/m.pageSize != int64(m.pgid):
		return fmt.Errorf("its page count %d is impossible", m.pgid)
	case reach > size:
		return fmt.Errorf("it is %d bytes but its pages reach %d bytes (truncated?)", size, reach)
	case m.root < 2 || m.root >= m.pgid:
		return fmt.Errorf("its root page %d is outside the file", m.root)
	case m.freelist == noFreelist:
		return nil
	case m.freelist < 2 || m.freelist >= m.pgid:
		return fmt.Errorf("its free list page %d is outside the file", m.freelist)
	}
	hdr := make([]byte, pageHeader+8)
	if _, err := f.ReadAt(hdr, int64(m.freelist)*m.pageSize); err != nil {
		return fmt.Errorf("its free list page cannot be read: %v", err)
	}
	le := binary.LittleEndian
	id, flags, count, overflow := le.Uint64(hdr), le.Uint16(hdr[8:]), uint64(le.Uint16(hdr[10:])), uint64(le.Uint32(hdr[12:]))
	ids := int64(pageHeader)
	if count == 0xFFFF { // the real count is the first element
		count, ids = le.Uint64(hdr[pageHeader:]), pageHeader+8
	}
	span := (int64(overflow) + 1) * m.pageSize
	switch {
	case id != m.freelist || flags != freelistPageFlag:
		return fmt.Errorf("its free list page %d is not a free list", m.freelist)
	case m.freelist+overflow >= m.pgid, count > uint64(span/8):
		return fmt.Errorf("its free list page %d runs past the file", m.freelist)
	}
	list := make([]byte, count*8)
	if _, err := f.ReadAt(list, int64(m.freelist)*m.pageSize+ids); err != nil {
		return fmt.Errorf("its free list cannot be read: %v", err)
	}
	for i := 0; i < len(list); i += 8 {
		if p := le.Uint64(list[i:]); p < 2 || p >= m.pgid {
			return fmt.Errorf("its free list names page %d, outside the file", p)
		}
	}
	return nil
}

// probe checks an existing file before it is mapped for use: it must be a
// regular file, not empty, a bbolt database, and as long as its meta page
// says its pages reach. It reports whether the file exists, and passes on
// to report a damaged copy of the meta page that bbolt will read past.
func probe(path string, report func(string)) (bool, error) {
	fi, err := os.Stat(path)
	switch {
	case errors.Is(err, os.ErrNotExist):
		return false, nil
	case err != nil:
		return false, fmt.Errorf("reading %s: %w", path, classify(err))
	case !fi.Mode().IsRegular():
		return true, fmt.Errorf("%s is not a regular file (%s): %w; it was left as it is", path, fileKind(fi.Mode()), ErrNotDatabase)
	case fi.Size() == 0:
		return true, fmt.Errorf("%s is empty (0 bytes): %w; it was left as it is: move it aside to start afresh, or restore a backup", path, ErrCorrupt)
	}
	f, err := os.Open(path)
	if err != nil {
		return true, fmt.Errorf("reading %s: %w", path, classify(err))
	}
	defer f.Close()
	metas := readMetas(f)
	m, ok := current(metas)
	if !ok {
		return true, fmt.Errorf("%s: %w: neither copy of its meta page is sound (not a database, or both damaged); it was left as it is: restore a backup or move it aside", path, ErrCorrupt)
	}
	if err := checkPages(f, fi.Size(), m); err != nil {
		return true, fmt.Errorf("%s: %w: %v; it was left as it is: restore a backup or move it aside", path, ErrCorrupt, err)
	}
	if metas[0].sound != metas[1].sound && report != nil {
		report(fmt.Sprintf("%s: one of the two copies of its meta page is damaged; the other copy was read, and it may lack the last change saved before the damage. "+
			"Nothing was rewritten; the next save writes a sound copy again", path))
	}
	return true, nil
}

func fileKind(m os.FileMode) string {
	switch {
	case m.IsDir():
		return "a folder"
	case m&os.ModeDevice != 0, m&os.ModeCharDevice != 0:
		return "a device"
	case m&os.ModeNamedPipe != 0:
		return "a named pipe"
	case m&os.ModeSocket != 0:
		return "a socket"
	case m&os.ModeSymlink != 0:
		return "a symbolic link"
	}
	return m.Type().String()
}

// openBoltFile opens path with bbolt. The free list is loaded at open when
// preload is set, under a fault guard like every transaction's.
func openBoltFile(path string, timeout time.Duration, readOnly, preload bool) (b *bolt.DB, err error) {
	var file *os.File // bbolt's, to close (and unlock) if bbolt panics before it can
	defer func() {
		if r := recover(); r != nil {
			if file != nil {
				file.Close()
			}
			b, err = nil, fmt.Errorf("%s: %w (%v); it was left as it is: restore a backup or move it aside", path, ErrCorrupt, r)
		}
	}()
	defer debug.SetPanicOnFault(debug.SetPanicOnFault(true))
	mmap := mmapAtOpen()
	if readOnly {
		mmap = 0 // a reader does not grow the file
	}
	b, err = bolt.Open(path, 0o600, &bolt.Options{Timeout: timeout, FreelistType: bolt.FreelistMapType,
		InitialMmapSize: mmap, ReadOnly: readOnly, PreLoadFreelist: preload,
		OpenFile: func(name string, flag int, perm os.FileMode) (*os.File, error) {
			f, err := os.OpenFile(name, flag, perm)
			file = f
			return f, err
		}})
	switch {
	case err == nil:
		return b, nil
	case errors.Is(err, bolt.ErrTimeout):
		return nil, fmt.Errorf("the data directory %s is %w", filepath.Dir(path), ErrLocked)
	case errors.Is(err, bolt.ErrInvalid), errors.Is(err, bolt.ErrChecksum), errors.Is(err, bolt.ErrVersionMismatch),
		errors.Is(err, bolt.ErrInvalidMapping):
		return nil, fmt.Errorf("%s: %w (%v); it was left as it is: restore a backup or move it aside", path, ErrCorrupt, err)
	}
	if ce := classify(err); ce != err {
		return nil, fmt.Errorf("opening %s: %w", path, ce)
	}
	if fi, serr := os.Stat(path); serr == nil && fi.Size() > 0 {
		return nil, fmt.Errorf("%s: %w (%v); it was left as it is: restore a backup or move it aside", path, ErrCorrupt, err)
	}
	return nil, fmt.Errorf("opening %s: %w", path, err)
}

// inspect reads an open file's structure and metadata without writing.
// With deep set it also walks every page, runs bbolt's consistency check
// and compares the derived buckets' record ids with the log's.
func inspect(tx *bolt.Tx, target int, deep bool) (*inspection, error) {
	in := &inspection{}
	if deep {
		if err := walk(tx); err != nil {
			return nil, err
		}
		if err := checkTx(tx); err != nil {
			return nil, err
		}
	}
	var names [][]byte
	if err := tx.ForEach(func(name []byte, _ *bolt.Bucket) error {
		names = append(names, slices.Clone(name))
		return nil
	}); err != nil {
		return nil, err
	}
	if len(names) == 0 {
		in.empty = true
		return in, nil
	}
	meta := tx.Bucket(bucketMeta)
	if meta == nil {
		return nil, fmt.Errorf("%w: it holds %s but no Ready Room metadata", ErrNotDatabase, quoteNames(names))
	}
	v := meta.Get(keySchema)
	if v == nil {
		return nil, fmt.Errorf("%w: its metadata has no schema version", ErrCorrupt)
	}
	n, err := strconv.Atoi(string(v))
	if err != nil || n < 1 {
		return nil, fmt.Errorf("%w: its schema version %.20q is impossible", ErrCorrupt, v)
	}
	in.schema = n
	if n > target {
		return in, nil // refused by the caller, with the versions
	}
	if _, err := readiness.ParseReplicaID(string(meta.Get(keyReplica))); err != nil {
		return nil, fmt.Errorf("%w: its replica id %.40q is impossible", ErrCorrupt, meta.Get(keyReplica))
	}
	if _, err := time.Parse(time.RFC3339, string(meta.Get(keyCreated))); err != nil {
		return nil, fmt.Errorf("%w: its creation time %.40q is impossible", ErrCorrupt, meta.Get(keyCreated))
	}
	if v := meta.Get(keyClock); v != nil {
		if _, err := readiness.ParseStamp(string(v)); err != nil {
			return nil, fmt.Errorf("%w: its clock %.40q is impossible", ErrCorrupt, v)
		}
	}
	if tx.Bucket(bucketChanges) == nil {
		return nil, fmt.Errorf("%w: its change log is missing", ErrCorrupt)
	}
	for _, name := range allBuckets {
		if tx.Bucket(name) == nil && bucketSince(name) <= n {
			in.missing = append(in.missing, name)
		}
	}
	if deep && n == target && !slices.ContainsFunc(in.missing, isDerived) {
		damaged, err := checkValues(tx, in)
		if err != nil {
			return nil, err
		}
		// An own template version cannot be made again from anything:
		// one that does not read is damage to refuse, not to repair.
		if err := checkTemplates(tx); err != nil {
			return nil, err
		}
		in.stale = mergeIDs(staleRecords(tx), damaged)
	}
	return in, nil
}

func mergeIDs(a, b []readiness.RecordID) []readiness.RecordID {
	out := slices.Concat(a, b)
	slices.Sort(out)
	return slices.Compact(out)
}

// checkValues reads every key and value of the log and of what is derived
// from it, as stored: log keys must name a record and a change and log
// values must be JSON in valid UTF-8 (what the store writes); so must the
// changes held back. Damage there is ErrCorrupt: the log
// is the truth and cannot be made again. A derived value that cannot be
// read names its record for a rebuild; an index entry that cannot be one
// marks its index for a rebuild.
func checkValues(tx *bolt.Tx, in *inspection) ([]readiness.RecordID, error) {
	for _, name := range [][]byte{bucketChanges, bucketHeld} {
		c := tx.Bucket(name).Cursor()
		for k, v := c.First(); k != nil; k, v = c.Next() {
			if !changeKeyShape(k) || !jsonValue(v) {
				return nil, fmt.Errorf("%w: %s entry %.80q cannot be read", ErrCorrupt, name, k)
			}
		}
	}
	// The LAN state's values are the LAN package's own (JSON, raw key
	// bytes): it checks them as it reads them.
	var damaged []readiness.RecordID
	for _, name := range [][]byte{bucketRecords, bucketSummaries, bucketAttention, bucketSearch} {
		c := tx.Bucket(name).Cursor()
		for k, v := c.First(); k != nil; k, v = c.Next() {
			if j, err := unpack(v); err != nil || !jsonValue(j) || (bytes.Equal(name, bucketSummaries) && !namesItsKey(j, k)) {
				damaged = append(damaged, readiness.RecordID(k))
			}
		}
	}
	c := tx.Bucket(bucketSeq).Cursor()
	for k, v := c.First(); k != nil && !in.seq; k, v = c.Next() {
		in.seq = len(k) != 8 || !changeKeyShape(v)
	}
	return damaged, nil
}

// changeKeyShape reports whether k reads as "<record id>/<change id>".
func changeKeyShape(k []byte) bool {
	i := bytes.IndexByte(k, '/')
	if i < 0 {
		return false
	}
	if _, err := readiness.ParseRecordID(string(k[:i])); err != nil {
		return false
	}
	_, _, err := readiness.ChangeID(k[i+1:]).Parse()
	return err == nil
}

func jsonValue(v []byte) bool { return utf8.Valid(v) && json.Valid(v) }

// namesItsKey reports whether a summary's id is the key it is stored under:
// a damaged page can leave one record's summary under another's key, whole
// and readable.
func namesItsKey(summary, key []byte) bool {
	var s struct {
		ID string `json:"id"`
	}
	return json.Unmarshal(summary, &s) == nil && s.ID == string(key)
}

func quoteNames(names [][]byte) string {
	var q []string
	for i, n := range names {
		if i == 5 {
			q = append(q, fmt.Sprintf("and %d more", len(names)-5))
			break
		}
		q = append(q, fmt.Sprintf("%.40q", n))
	}
	return "buckets " + strings.Join(q, ", ")
}

// walk reads every page of the file in this goroutine, through bbolt's
// own page walk (Bucket.Stats visits every branch and leaf page of every
// bucket, checking each page's id as it goes), so that a page pointer gone
// wrong shows up here, as ErrCorrupt, and not later in bbolt's consistency
// checker, which reads pages on a goroutine of its own where a fault would
// kill the process. It reads page headers, not keys and values: its cost
// grows with the pages, not the keys.
func walk(tx *bolt.Tx) (err error) {
	defer recoverCorrupt(&err)
	defer debug.SetPanicOnFault(debug.SetPanicOnFault(true))
	return tx.ForEach(func(_ []byte, b *bolt.Bucket) error {
		b.Stats()
		return nil
	})
}

// checkTx runs bbolt's consistency check and returns its first complaint.
func checkTx(tx *bolt.Tx) error {
	var first error
	n := 0
	for err := range tx.Check() {
		if first == nil {
			first = err
		}
		n++
	}
	if first == nil {
		return nil
	}
	if n > 1 {
		return fmt.Errorf("%w: %v (and %d more problems)", ErrCorrupt, first, n-1)
	}
	return fmt.Errorf("%w: %v", ErrCorrupt, first)
}

// staleRecords compares the record ids the log names with the keys of the
// derived buckets, without reading a value: a record in the log must have a
// doc; a created record (its doc says so) a summary, attention and search
// entry; nothing else may have any. It skips through the log one record at
// a time, so its cost grows with the number of records, not of changes.
func staleRecords(tx *bolt.Tx) []readiness.RecordID {
	inLog := map[string]bool{}
	cur := tx.Bucket(bucketChanges).Cursor()
	for k, _ := cur.First(); k != nil; {
		i := bytes.IndexByte(k, '/')
		if i < 0 {
			k, _ = cur.Next() // not a change key; the full check reports it
			continue
		}
		inLog[string(k[:i])] = true
		k, _ = cur.Seek(append(slices.Clone(k[:i]), '0')) // '0' sorts right after '/'
	}
	stale := map[string]bool{}
	created := map[string]bool{}
	rc := tx.Bucket(bucketRecords).Cursor()
	for k, v := rc.First(); k != nil; k, v = rc.Next() {
		if !inLog[string(k)] {
			stale[string(k)] = true
		}
		if bytes.HasPrefix(v, []byte(`{"created":true`)) || packed(v) { // only created docs are deflated
			created[string(k)] = true
		}
	}
	for id := range inLog {
		if tx.Bucket(bucketRecords).Get([]byte(id)) == nil {
			stale[id] = true
		}
	}
	for _, name := range [][]byte{bucketSummaries, bucketAttention, bucketSearch} {
		b := tx.Bucket(name)
		seen := make(map[string]bool, len(created)) // keys that name a created record
		c := b.Cursor()
		for k, _ := c.First(); k != nil; k, _ = c.Next() {
			if created[string(k)] {
				seen[string(k)] = true
			} else {
				// A damaged page can garble a key: counted, it would
				// stand in for the record whose entry it was.
				stale[string(k)] = true
			}
		}
		if len(seen) != len(created) {
			for id := range created {
				if b.Get([]byte(id)) == nil {
					stale[id] = true
				}
			}
		}
	}
	if len(stale) == 0 {
		return nil
	}
	out := make([]readiness.RecordID, 0, len(stale))
	for id := range stale {
		out = append(out, readiness.RecordID(id))
	}
	slices.Sort(out)
	return out
}
