package store

import (
	"bytes"
	"encoding/json"
	"fmt"
	"math"
	"slices"

	bolt "go.etcd.io/bbolt"

	"readyroom/readiness"
)

// The log is the truth: every derived bucket can be made again from
// bucketChanges alone. Open rebuilds what is missing or names the wrong
// records (cheap to see); Verify refolds every record and compares
// everything (for `readyroom check`, backups and tests).

// Problem is one thing a check found wrong.
type Problem struct {
	Record readiness.RecordID `json:"record,omitempty"`
	What   string             `json:"what"`
}

func (p Problem) String() string {
	if p.Record == "" {
		return p.What
	}
	return "record " + string(p.Record) + ": " + p.What
}

// Report is what a check or repair found and did.
type Report struct {
	// Problems found in what is derived from the log.
	Problems []Problem `json:"problems"`
	// Rebuilt lists what was made again from the log ("summaries", "record
	// 01J…"); empty when nothing was written.
	Rebuilt []string `json:"rebuilt"`
	// Records and Changes are what the log holds.
	Records int `json:"records"`
	Changes int `json:"changes"`
}

// OK reports whether nothing was wrong.
func (r *Report) OK() bool { return len(r.Problems) == 0 }

// seqRebuiltBase is where arrival numbers start when the arrival index is
// made again: above any cursor a peer can hold into the old numbering, so
// that every peer reads the rebuilt index from its cursor on, sees keys it
// holds already, and fetches nothing twice; changes arriving later number
// on from there.
const seqRebuiltBase = 1 << 40

// repair rebuilds what inspect found missing or stale, inside tx.
func repair(tx *bolt.Tx, in *inspection) ([]string, error) {
	var done []string
	records := false
	for _, name := range in.missing {
		if _, err := tx.CreateBucket(name); err != nil {
			return nil, err
		}
		switch string(name) {
		case string(bucketSeq):
			if err := rebuildSeq(tx); err != nil {
				return nil, err
			}
			done = append(done, "the arrival index (seq)")
		case string(bucketRecords), string(bucketSummaries), string(bucketAttention), string(bucketSearch):
			records = true
			done = append(done, "the "+string(name))
		default:
			done = append(done, "an empty "+string(name)+" (it was missing and cannot be made from the log)")
		}
	}
	if in.seq {
		if err := remake(tx, bucketSeq, rebuildSeq); err != nil {
			return nil, err
		}
		done = append(done, "the arrival index (seq)")
	}
	if records {
		n, err := rebuildAllRecords(tx)
		if err != nil {
			return nil, err
		}
		done = append(done, fmt.Sprintf("%d records folded again from the change log", n))
		return done, nil
	}
	for _, id := range in.stale {
		if err := rebuildRecord(tx, id); err != nil {
			return nil, err
		}
		done = append(done, "record "+string(id))
	}
	return done, nil
}

// remake empties a derived bucket and makes it again from the log.
func remake(tx *bolt.Tx, name []byte, rebuild func(*bolt.Tx) error) error {
	if err := tx.DeleteBucket(name); err != nil {
		return err
	}
	if _, err := tx.CreateBucket(name); err != nil {
		return err
	}
	return rebuild(tx)
}

// rebuildAllRecords empties the four record buckets and folds every record
// of the log into them again.
func rebuildAllRecords(tx *bolt.Tx) (int, error) {
	for _, name := range [][]byte{bucketRecords, bucketSummaries, bucketAttention, bucketSearch} {
		if err := tx.DeleteBucket(name); err != nil {
			return 0, err
		}
		if _, err := tx.CreateBucket(name); err != nil {
			return 0, err
		}
	}
	ids, err := logRecords(tx)
	if err != nil {
		return 0, err
	}
	for _, id := range ids {
		if err := rebuildRecord(tx, id); err != nil {
			return 0, err
		}
	}
	return len(ids), nil
}

// logRecords lists the record ids the log names, skipping from one record
// to the next.
func logRecords(tx *bolt.Tx) ([]readiness.RecordID, error) {
	var out []readiness.RecordID
	cur := tx.Bucket(bucketChanges).Cursor()
	for k, _ := cur.First(); k != nil; {
		i := bytes.IndexByte(k, '/')
		if i < 0 {
			return nil, fmt.Errorf("%w: the change log holds a key %.60q that names no record", ErrCorrupt, k)
		}
		out = append(out, readiness.RecordID(k[:i]))
		k, _ = cur.Seek(append(slices.Clone(k[:i]), '0'))
	}
	return out, nil
}

// foldLog folds a record from its log.
func foldLog(tx *bolt.Tx, id readiness.RecordID) (readiness.Doc, int, error) {
	var log []readiness.Change
	if err := scanLog(tx.Bucket(bucketChanges), id, func(c readiness.Change) { log = append(log, c) }); err != nil {
		return readiness.Doc{}, 0, err
	}
	if len(log) == 0 {
		return readiness.Doc{}, 0, nil
	}
	for _, c := range log {
		if err := c.Check(); err != nil {
			return readiness.Doc{}, 0, fmt.Errorf("%w: record %s: in the log, %v", ErrCorrupt, id, err)
		}
	}
	cat, err := catalogOf(tx)
	if err != nil {
		return readiness.Doc{}, 0, err
	}
	d, err := readiness.Fold(log, cat)
	if err != nil {
		return readiness.Doc{}, 0, fmt.Errorf("%w: record %s: folding its log: %v", ErrCorrupt, id, err)
	}
	return d, len(log), nil
}

// rebuildRecord writes a record's doc and derived entries folded from its
// log, or removes them when the log has none of its changes.
func rebuildRecord(tx *bolt.Tx, id readiness.RecordID) error {
	d, n, err := foldLog(tx, id)
	if err != nil {
		return err
	}
	key := []byte(id)
	for _, name := range [][]byte{bucketSummaries, bucketAttention, bucketSearch} {
		if err := tx.Bucket(name).Delete(key); err != nil {
			return err
		}
	}
	if n == 0 {
		return tx.Bucket(bucketRecords).Delete(key)
	}
	return putDoc(tx, id, &d, math.MaxInt)
}

// rebuildSeq numbers every change in the log from seqRebuiltBase, in key
// order.
func rebuildSeq(tx *bolt.Tx) error {
	sb := tx.Bucket(bucketSeq)
	if err := sb.SetSequence(seqRebuiltBase); err != nil {
		return err
	}
	sb.FillPercent = 1.0
	return tx.Bucket(bucketChanges).ForEach(func(k, _ []byte) error { return putSeq(sb, slices.Clone(k)) })
}

// Verify checks the whole database: bbolt's consistency check, every record
// folded again from its log and compared with its doc, summary, attention
// and search entries, and the arrival index against the log.
// With repair set, what disagrees is rebuilt from the log in one
// transaction and listed in Rebuilt. The log itself is never changed: a
// change in it that cannot be read is ErrCorrupt.
func (db *DB) Verify(repairing bool) (Report, error) {
	var rep Report
	check := func(tx *bolt.Tx) error {
		rep = Report{}
		if err := walk(tx); err != nil {
			return err
		}
		if err := checkTx(tx); err != nil {
			return err
		}
		if err := checkTemplates(tx); err != nil {
			return err
		}
		return verifyTx(tx, &rep)
	}
	if err := db.view(check); err != nil {
		return rep, err
	}
	if rep.OK() || !repairing {
		return rep, nil
	}
	if db.bolt.IsReadOnly() {
		return rep, fmt.Errorf("repairing %s: %w", db.Path(), ErrNeedsWrite)
	}
	found := rep.Problems
	err := db.update(func(tx *bolt.Tx) error {
		if err := check(tx); err != nil {
			return err
		}
		stale := map[readiness.RecordID]bool{}
		var seq bool
		for _, p := range rep.Problems {
			switch {
			case p.Record != "":
				stale[p.Record] = true
			case p.What == problemSeq:
				seq = true
			}
		}
		var err error
		rep.Rebuilt, err = repair(tx, &inspection{stale: sortedIDs(stale), seq: seq})
		return err
	})
	rep.Problems = found
	return rep, err
}

func sortedIDs(m map[readiness.RecordID]bool) []readiness.RecordID {
	out := make([]readiness.RecordID, 0, len(m))
	for id := range m {
		out = append(out, id)
	}
	slices.Sort(out)
	return out
}

const problemSeq = "the arrival index (seq) does not list each change of the log exactly once"

// verifyTx compares everything derived with the log.
func verifyTx(tx *bolt.Tx, rep *Report) error {
	for _, name := range derivedBuckets {
		if tx.Bucket(name) == nil {
			rep.Problems = append(rep.Problems, Problem{What: "the " + string(name) + " bucket is missing"})
			return nil
		}
	}
	ids, err := logRecords(tx)
	if err != nil {
		return err
	}
	rep.Records = len(ids)
	inLog := map[readiness.RecordID]bool{}
	for _, id := range ids {
		inLog[id] = true
		d, n, err := foldLog(tx, id)
		if err != nil {
			return err
		}
		rep.Changes += n
		if what := compareRecord(tx, id, &d); what != "" {
			rep.Problems = append(rep.Problems, Problem{Record: id, What: what})
		}
	}
	for _, name := range [][]byte{bucketRecords, bucketSummaries, bucketAttention, bucketSearch} {
		if err := tx.Bucket(name).ForEach(func(k, _ []byte) error {
			if !inLog[readiness.RecordID(k)] {
				rep.Problems = append(rep.Problems, Problem{Record: readiness.RecordID(k), What: "has " + string(name) + " entries but no changes in the log"})
			}
			return nil
		}); err != nil {
			return err
		}
	}
	seqOK, err := seqMatchesLog(tx, rep.Changes)
	if err != nil {
		return err
	}
	if !seqOK {
		rep.Problems = append(rep.Problems, Problem{What: problemSeq})
	}
	return nil
}

// compareRecord says what of a record's stored entries differs from its
// fold, or "".
func compareRecord(tx *bolt.Tx, id readiness.RecordID, folded *readiness.Doc) string {
	key := []byte(id)
	v := tx.Bucket(bucketRecords).Get(key)
	if v == nil {
		return "its doc is missing"
	}
	cat, err := catalogOf(tx)
	if err != nil {
		return err.Error()
	}
	var stored readiness.Doc
	if err := decodeDoc(v, &stored, cat); err != nil {
		return fmt.Sprintf("its doc cannot be read (%v)", err)
	}
	want := *folded
	if !want.Created {
		want.Record.ID = id // stored under its id before its creation arrives (see putDoc)
	}
	a, errA := json.Marshal(&stored)
	b, errB := json.Marshal(&want)
	if errA != nil || errB != nil || !bytes.Equal(a, b) {
		return "its doc differs from its log"
	}
	if !folded.Created {
		for _, name := range [][]byte{bucketSummaries, bucketAttention, bucketSearch} {
			if tx.Bucket(name).Get(key) != nil {
				return "it is not created yet but has " + string(name) + " entries"
			}
		}
		return ""
	}
	sum, _ := json.Marshal(readiness.Summarise(folded))
	if !bytes.Equal(tx.Bucket(bucketSummaries).Get(key), sum) {
		return "its summary differs from its log"
	}
	att, _ := json.Marshal(readiness.Attention(&folded.Record))
	if stored, err := unpack(tx.Bucket(bucketAttention).Get(key)); err != nil || !bytes.Equal(stored, att) {
		return "its attention entries differ from its log"
	}
	if stored, err := unpack(tx.Bucket(bucketSearch).Get(key)); err != nil || !bytes.Equal(stored, encodeSearch(&folded.Record, cat)) {
		return "its search entries differ from its log"
	}
	return ""
}

// seqMatchesLog: every change in the log has exactly one arrival number.
func seqMatchesLog(tx *bolt.Tx, changes int) (bool, error) {
	seen := make(map[string]bool, changes)
	cb := tx.Bucket(bucketChanges)
	ok := true
	err := tx.Bucket(bucketSeq).ForEach(func(k, v []byte) error {
		if len(k) != 8 || seen[string(v)] || cb.Get(v) == nil {
			ok = false
		}
		seen[string(v)] = true
		return nil
	})
	return ok && len(seen) == changes, err
}
