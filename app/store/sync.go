package store

import (
	"bytes"
	"encoding/binary"
	"encoding/json"
	"errors"
	"fmt"
	"slices"
	"strings"
	"time"

	bolt "go.etcd.io/bbolt"

	"readyroom/readiness"
)

// putSeq gives a newly stored change the next arrival number. The sequence is
// local to this database (it never travels), so bbolt's NextSequence is the
// right tool here.
func putSeq(sb *bolt.Bucket, changeKey []byte) error {
	n, err := sb.NextSequence()
	if err != nil {
		return err
	}
	return sb.Put(seqKey(n), changeKey)
}

func seqKey(n uint64) []byte {
	var k [8]byte
	binary.BigEndian.PutUint64(k[:], n)
	return k[:]
}

// ChangeKeysAfter is the index a peer reads before it asks for changes:
// the keys ("record/change id") of the changes that arrived after cursor and
// no later than through, and belong to a record want accepts, at most max of
// them, looking at no more than scan log entries. Reading it touches only
// the arrival log.
func (db *DB) ChangeKeysAfter(cursor, through uint64, want func(readiness.RecordID) bool, max, scan int) (keys []string, next uint64, more bool, err error) {
	next = cursor
	keys = []string{}
	err = db.view(func(tx *bolt.Tx) error {
		cur := tx.Bucket(bucketSeq).Cursor()
		scanned := 0
		for k, v := cur.Seek(seqKey(cursor + 1)); k != nil && binary.BigEndian.Uint64(k) <= through; k, v = cur.Next() {
			if scanned >= scan || len(keys) >= max {
				more = true
				return nil
			}
			scanned++
			next = binary.BigEndian.Uint64(k)
			if rec, _, _ := bytes.Cut(v, []byte("/")); want(readiness.RecordID(rec)) {
				keys = append(keys, string(v))
			}
		}
		return nil
	})
	return keys, next, more, err
}

// AppendRawChanges appends to dst the stored JSON of the changes keys name,
// in that order and separated by commas (the inside of a JSON array),
// skipping a key not held here or of a record want refuses, and stopping
// (more) before maxBytes, with at least one change. Copying straight from
// the database into the answer saves a copy of each change.
func (db *DB) AppendRawChanges(dst []byte, keys []string, want func(readiness.RecordID) bool, maxBytes int) (out []byte, n int, more bool, err error) {
	out = dst
	err = db.view(func(tx *bolt.Tx) error {
		cc := tx.Bucket(bucketChanges).Cursor()
		size := 0
		var kb []byte
		for _, k := range keys {
			rec, _, _ := strings.Cut(k, "/")
			if !want(readiness.RecordID(rec)) {
				continue
			}
			kb = append(kb[:0], k...)
			raw, ok := seekExact(cc, kb)
			if !ok {
				continue
			}
			mark := len(out)
			if n > 0 {
				out = append(out, ',')
			}
			var err error
			if out, err = appendWireChange(out, kb, raw); err != nil {
				return fmt.Errorf("%w: change %s: %v", ErrCorrupt, k, err)
			}
			if size+len(out)-mark > maxBytes && n > 0 {
				out = out[:mark]
				more = true
				return nil
			}
			size += len(out) - mark
			n++
		}
		return nil
	})
	if err != nil {
		return dst, 0, false, err
	}
	return out, n, more, nil
}

// seekExact is Get through a cursor the caller reuses across many keys
// (Get makes a cursor each time): the value of k, and whether k is there.
func seekExact(c *bolt.Cursor, k []byte) ([]byte, bool) {
	got, v := c.Seek(k)
	return v, bytes.Equal(got, k)
}

// Lacks returns the keys (as ChangeKeysAfter gives them) of the changes
// neither stored nor held back here: what a puller still has to fetch.
func (db *DB) Lacks(keys []string) ([]string, error) {
	var out []string
	err := db.view(func(tx *bolt.Tx) error {
		// One cursor per bucket, reused: Get would make one for each key.
		// Changes held back are rare: an empty bucket is not searched.
		cc, hc := tx.Bucket(bucketChanges).Cursor(), tx.Bucket(bucketHeld).Cursor()
		anyHeld, _ := hc.First()
		held := func(c *bolt.Cursor, k []byte) bool {
			_, ok := seekExact(c, k)
			return ok
		}
		var kb []byte
		for _, k := range keys {
			kb = append(kb[:0], k...)
			if !held(cc, kb) && (anyHeld == nil || !held(hc, kb)) {
				out = append(out, k)
			}
		}
		return nil
	})
	return out, err
}

// MaxHeld caps the changes held back as stamped in the future.
const MaxHeld = 10000

// Pulled is what ApplyPulled did.
type Pulled struct {
	Applied int                  // changes new to this database
	Held    int                  // changes set aside as stamped in the future
	Records []readiness.RecordID // records that changed
	Dropped []string             // held changes refused when their time came, and why
}

// ApplyPulled stores a page pulled from a peer in one transaction: the changes
// (those stamped later than notAfter are held back instead), and the LAN
// state entries in puts (the cursor among them), so that the cursor moves
// only with the changes it covers. A change that fails its checks fails the
// whole page and nothing is stored.
func (db *DB) ApplyPulled(changes []readiness.Change, notAfter time.Time, puts map[string][]byte) (Pulled, error) {
	var out Pulled
	limit := notAfter.UnixMilli()
	err := db.update(func(tx *bolt.Tx) error {
		out = Pulled{}
		// The changes to apply now: all of them, unless some are held back.
		someHeld := slices.ContainsFunc(changes, func(c readiness.Change) bool { return c.HLC.Wall > limit })
		now := changes
		if someHeld {
			now = make([]readiness.Change, 0, len(changes))
		}
		hb := tx.Bucket(bucketHeld)
		for _, c := range changes {
			if c.HLC.Wall <= limit {
				if someHeld {
					now = append(now, c)
				}
				continue
			}
			if err := c.Check(); err != nil {
				return err
			}
			b := appendChange(nil, &c)
			if tx.Bucket(bucketChanges).Get(changeKey(c.Record, c.ID)) != nil || hb.Get(changeKey(c.Record, c.ID)) != nil {
				continue
			}
			if hb.Stats().KeyN >= MaxHeld {
				return fmt.Errorf("%w: %d changes are already held back as stamped in the future", ErrTooManyHeld, MaxHeld)
			}
			if err := hb.Put(changeKey(c.Record, c.ID), b); err != nil {
				return err
			}
			out.Held++
		}
		n, docs, err := applyTx(tx, now, MaxMergedRecord)
		if err != nil {
			return err
		}
		out.Applied = n
		out.Records = touched(docs)
		for k, v := range puts {
			if err := tx.Bucket(bucketLAN).Put([]byte(k), v); err != nil {
				return err
			}
		}
		return nil
	})
	if err == nil && out.Applied > 0 {
		db.announce(out.Records, true)
	}
	return out, err
}

// Holds reports whether any change of a record is held here, without
// reading it.
func (db *DB) Holds(id readiness.RecordID) bool {
	found := false
	db.view(func(tx *bolt.Tx) error {
		found = tx.Bucket(bucketRecords).Get([]byte(id)) != nil
		return nil
	})
	return found
}

// HeldChanges lists the changes held back as stamped in the future.
func (db *DB) HeldChanges() ([]readiness.Change, error) {
	var out []readiness.Change
	err := db.view(func(tx *bolt.Tx) error {
		return tx.Bucket(bucketHeld).ForEach(func(k, v []byte) error {
			var c readiness.Change
			if err := json.Unmarshal(v, &c); err != nil {
				return fmt.Errorf("%w: held change %s: %v", ErrCorrupt, k, err)
			}
			out = append(out, c)
			return nil
		})
	})
	return out, err
}

// ReleaseHeld applies the held changes no longer stamped after notAfter, in
// clock order, each in its own transaction: one that fails its checks now
// (a value its record no longer accepts) is dropped with the reason in
// Dropped, and does not block the others.
func (db *DB) ReleaseHeld(notAfter time.Time) (Pulled, error) {
	var out Pulled
	limit := notAfter.UnixMilli()
	var due []readiness.Change
	err := db.view(func(tx *bolt.Tx) error {
		return tx.Bucket(bucketHeld).ForEach(func(k, v []byte) error {
			var c readiness.Change
			if err := json.Unmarshal(v, &c); err != nil {
				return fmt.Errorf("%w: held change %s: %v", ErrCorrupt, k, err)
			}
			if c.HLC.Wall <= limit {
				due = append(due, c)
			} else {
				out.Held++
			}
			return nil
		})
	})
	if err != nil {
		return out, err
	}
	sortByStamp(due)
	seen := map[readiness.RecordID]bool{}
	for _, c := range due {
		var n int
		err := db.update(func(tx *bolt.Tx) error {
			if err := tx.Bucket(bucketHeld).Delete(changeKey(c.Record, c.ID)); err != nil {
				return err
			}
			var err error
			n, _, err = applyTx(tx, []readiness.Change{c}, MaxMergedRecord)
			return err
		})
		if err != nil {
			if errors.Is(err, ErrDiskFull) || errors.Is(err, ErrCorrupt) {
				return out, err
			}
			// Refused on its own merits: drop it rather than hold it forever.
			out.Dropped = append(out.Dropped, fmt.Sprintf("change %s: %v", c.ID, err))
			db.update(func(tx *bolt.Tx) error { return tx.Bucket(bucketHeld).Delete(changeKey(c.Record, c.ID)) })
			continue
		}
		out.Applied += n
		if !seen[c.Record] {
			seen[c.Record] = true
			out.Records = append(out.Records, c.Record)
		}
	}
	if out.Applied > 0 {
		db.announce(out.Records, true)
	}
	return out, nil
}

func touched(docs map[readiness.RecordID]*readiness.Doc) []readiness.RecordID {
	out := make([]readiness.RecordID, 0, len(docs))
	for id := range docs {
		out = append(out, id)
	}
	return out
}

// LANGet reads a LAN state entry; nil when absent.
func (db *DB) LANGet(key string) ([]byte, error) {
	var out []byte
	err := db.view(func(tx *bolt.Tx) error {
		out = bytes.Clone(tx.Bucket(bucketLAN).Get([]byte(key)))
		return nil
	})
	return out, err
}

// LANUpdate reads a LAN state entry, lets fn compute its new value, and
// writes it, in one transaction. fn returning nil deletes the entry; an error
// from fn changes nothing.
func (db *DB) LANUpdate(key string, fn func(old []byte) ([]byte, error)) error {
	return db.update(func(tx *bolt.Tx) error {
		b := tx.Bucket(bucketLAN)
		v, err := fn(bytes.Clone(b.Get([]byte(key))))
		if err != nil {
			return err
		}
		if v == nil {
			return b.Delete([]byte(key))
		}
		return b.Put([]byte(key), v)
	})
}

// LANScan calls fn for every LAN state entry whose key starts with prefix.
func (db *DB) LANScan(prefix string, fn func(key string, value []byte) error) error {
	return db.view(func(tx *bolt.Tx) error {
		cur := tx.Bucket(bucketLAN).Cursor()
		p := []byte(prefix)
		for k, v := cur.Seek(p); k != nil && bytes.HasPrefix(k, p); k, v = cur.Next() {
			if err := fn(string(k), bytes.Clone(v)); err != nil {
				return err
			}
		}
		return nil
	})
}

// Arrivals is the arrival number of the newest change held.
func (db *DB) Arrivals() (uint64, error) {
	var n uint64
	err := db.view(func(tx *bolt.Tx) error {
		n = tx.Bucket(bucketSeq).Sequence()
		return nil
	})
	return n, err
}

// sortByStamp orders changes by id, which sorts in clock order.
func sortByStamp(cs []readiness.Change) {
	slices.SortFunc(cs, func(a, b readiness.Change) int { return strings.Compare(string(a.ID), string(b.ID)) })
}
