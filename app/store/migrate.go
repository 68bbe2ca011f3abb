package store

import (
	"bytes"
	"errors"
	"fmt"
	"math"
	"strconv"

	bolt "go.etcd.io/bbolt"

	"readyroom/readiness"
)

// SchemaVersion is the schema this binary writes.
const SchemaVersion = 8

// Migration moves a database from schema To-1 to schema To inside the
// opening transaction.
type Migration struct {
	To int
	Fn func(tx *bolt.Tx) error
}

// migrations are the ordered steps from schema 1 up to SchemaVersion. Schema 1
// is the first: a new database is created at SchemaVersion directly.
var migrations = []Migration{
	{To: 2, Fn: indexArrivals},
	{To: 3, Fn: restoreRecords},
	{To: 4, Fn: compactLog},
	{To: 5, Fn: restoreRecords},
	{To: 6, Fn: restoreRecords},
	{To: 7, Fn: restoreRecords},
	{To: 8, Fn: shortChanges},
}

// indexArrivals (schema 2) gives every change already held a sequence number
// in key order, so that peers can pull them, and notes the latest clock
// stamp. (It indexed each change by path too, until schema 4 removed that
// index.)
func indexArrivals(tx *bolt.Tx) error {
	sb := tx.Bucket(bucketSeq)
	var latest readiness.Stamp
	err := tx.Bucket(bucketChanges).ForEach(func(k, v []byte) error {
		c, err := decodeChange(k, v)
		if err != nil {
			return fmt.Errorf("%w: change %s: %v", ErrCorrupt, k, err)
		}
		if latest.Less(c.HLC) {
			latest = c.HLC
		}
		return putSeq(sb, k)
	})
	if err != nil {
		return err
	}
	return noteClock(tx, []readiness.Change{{HLC: latest}})
}

// Schema 5 adds the organisation's templates (bucketTemplates, made empty
// before the steps run) and drafts, and summaries that name the template
// version a record follows: restoreRecords writes every record again. A
// record made from an own template cannot be read without it, so an older
// Ready Room must refuse such a database, hence the new schema.

// restoreRecords (schema 3) writes every record again in the form this
// schema stores: without the checklist items still as their template made
// them (see readiness.StripTemplateText). An older Ready Room would read
// such a record as missing those items, hence the new schema. Schema 4 runs
// it again, after compactLog: summaries now name the record's ceremonies
// (what `readyroom list` prints without reading the records). A record over
// the size limit is kept as it is, and so is one that cannot be read (it
// could not be read before either): one bad record must not stop the
// database from opening. Schema 6 runs it again: summaries now carry the
// record's delivery facts and the names it holds, which the service
// figures and the people directory add up. Schema 7 runs it again: the
// attention entries now hold every open item with an owner, which "my
// work" lists, due date or not.
func restoreRecords(tx *bolt.Tx) error {
	rb := tx.Bucket(bucketRecords)
	var ids []readiness.RecordID
	if err := rb.ForEach(func(k, _ []byte) error {
		ids = append(ids, readiness.RecordID(k))
		return nil
	}); err != nil {
		return err
	}
	cat, err := catalogOf(tx)
	if err != nil {
		return err
	}
	for _, id := range ids {
		var d readiness.Doc
		if err := decodeDoc(rb.Get([]byte(id)), &d, cat); err != nil {
			continue
		}
		if err := putDoc(tx, id, &d, math.MaxInt); err != nil {
			return err
		}
	}
	return nil
}

// compactLog (schema 4) removes the path index, stores every change of the
// log again without what its key says (see appendStoredChange), then every
// record's derived entries (restoreRecords).
func compactLog(tx *bolt.Tx) error {
	if err := tx.DeleteBucket(bucketPaths); err != nil && !errors.Is(err, bolt.ErrBucketNotFound) {
		return err
	}
	if err := rewriteLog(tx); err != nil {
		return err
	}
	return restoreRecords(tx)
}

// shortChanges (schema 8) rewrites nothing: from schema 8 new changes are
// stored in a shorter form (see appendStoredChange), which an older Ready
// Room would misread, and the changes already held read as they are.
// Rewriting them in one transaction would double the file for a while (every
// page copied before the old ones are freed) and hold it all in memory: for
// 5,000 seeded records, 4.7 s, 800 MB and a file grown from 322 to 537 MB.
func shortChanges(*bolt.Tx) error { return nil }

// rewriteLog stores every change of the log not yet in appendStoredChange's
// form in it; nothing derived changes. The changes are
// rewritten in runs of a few thousand, the cursor placed again after each
// run (a bucket changed under a cursor moves it).
func rewriteLog(tx *bolt.Tx) error {
	cb := tx.Bucket(bucketChanges)
	cb.FillPercent = 0.9
	type entry struct{ k, v []byte }
	var from []byte
	for {
		var run []entry
		cur := cb.Cursor()
		k, v := cur.First()
		if from != nil {
			k, v = cur.Seek(from)
		}
		for ; k != nil && len(run) < 4096; k, v = cur.Next() {
			if storedForm(v) {
				continue // stored so already
			}
			c, err := decodeChange(k, v)
			if err != nil {
				return fmt.Errorf("%w: change %s: %v", ErrCorrupt, k, err)
			}
			run = append(run, entry{bytes.Clone(k), appendStoredChange(nil, &c)})
		}
		for _, e := range run {
			if err := cb.Put(e.k, e.v); err != nil {
				return err
			}
		}
		if k == nil {
			return nil
		}
		from = bytes.Clone(k)
	}
}

// readSchema returns the stored schema version, 0 for a new database.
func readSchema(tx *bolt.Tx) (int, error) {
	b := tx.Bucket(bucketMeta)
	if b == nil {
		return 0, nil
	}
	v := b.Get(keySchema)
	if v == nil {
		return 0, nil
	}
	n, err := strconv.Atoi(string(v))
	if err != nil {
		return 0, fmt.Errorf("%w: schema version %q", ErrCorrupt, v)
	}
	return n, nil
}

// migrate runs every step above from, in order, and records the new version.
func migrate(tx *bolt.Tx, from, target int, steps []Migration) error {
	for _, m := range steps {
		if m.To <= from || m.To > target {
			continue
		}
		if err := m.Fn(tx); err != nil {
			return fmt.Errorf("migrating to schema %d: %w", m.To, err)
		}
	}
	return tx.Bucket(bucketMeta).Put(keySchema, []byte(strconv.Itoa(target)))
}
