package store

import (
	"errors"
	"os"
	"time"

	bolt "go.etcd.io/bbolt"

	"readyroom/readiness"
)

// A restored backup is older than the database it replaces, but teammates
// went on pulling from the replaced one: their cursors into this device's
// arrival numbers (seq) are ahead of the backup's, and a change made after
// the restore must not be numbered below them, or they would never pull
// it. Nor may the clock read earlier than the latest change the replaced
// database stamped. So a restore carries both forward.

// carry is what a restore carries forward from the database it replaces.
type carry struct {
	// known is false when the replaced database could not be read (a
	// damaged file): the arrival numbers then move a long way up.
	known bool
	seq   uint64
	clock readiness.Stamp
	// what the file was when read, to notice a write before the lock
	exists bool
	size   int64
	mtime  time.Time
}

// readCarry reads the arrival sequence and clock of the database at path.
// A missing file carries nothing; a locked one is ErrLocked; a damaged one
// carries what is unknown.
func readCarry(path string) (carry, error) {
	var c carry
	fi, err := os.Stat(path)
	if errors.Is(err, os.ErrNotExist) {
		return c, nil
	}
	if err != nil {
		return c, classify(err)
	}
	c.exists, c.size, c.mtime = true, fi.Size(), fi.ModTime()
	if _, err := probe(path, nil); err != nil {
		return c, nil
	}
	b, err := openBoltFile(path, 100*time.Millisecond, true, false)
	if errors.Is(err, ErrLocked) {
		return c, err
	}
	if err != nil {
		return c, nil
	}
	defer b.Close()
	(&DB{bolt: b}).view(func(tx *bolt.Tx) error {
		if sb := tx.Bucket(bucketSeq); sb != nil {
			c.seq = sb.Sequence()
		}
		if m := tx.Bucket(bucketMeta); m != nil {
			if st, err := readiness.ParseStamp(string(m.Get(keyClock))); err == nil {
				c.clock = st
			}
		}
		c.known = true
		return nil
	})
	return c, nil
}

// changedSince reports whether the file at path was written (or made or
// removed) after readCarry read it.
func (c carry) changedSince(path string) bool {
	fi, err := os.Stat(path)
	if err != nil {
		return c.exists
	}
	return !c.exists || fi.Size() != c.size || !fi.ModTime().Equal(c.mtime)
}

// carryForward numbers the copy's arrival index above the replaced
// database's (every change again, in log order, as a rebuilt index is: a
// teammate reads it from its cursor on and finds only keys it holds) and
// moves its clock up to the replaced database's.
func carryForward(path string, c carry) error {
	if !c.exists {
		return nil
	}
	b, err := openBoltFile(path, time.Second, false, true)
	if err != nil {
		return err
	}
	err = (&DB{bolt: b}).update(func(tx *bolt.Tx) error {
		if sb := tx.Bucket(bucketSeq); sb != nil && tx.Bucket(bucketChanges) != nil {
			base := c.seq
			if !c.known {
				base = sb.Sequence() + seqRebuiltBase
			}
			if base > sb.Sequence() {
				if err := tx.DeleteBucket(bucketSeq); err != nil {
					return err
				}
				if _, err := tx.CreateBucket(bucketSeq); err != nil {
					return err
				}
				if err := tx.Bucket(bucketSeq).SetSequence(base); err != nil {
					return err
				}
				if err := renumber(tx); err != nil {
					return err
				}
			}
		}
		if m := tx.Bucket(bucketMeta); m != nil && c.known {
			last, _ := readiness.ParseStamp(string(m.Get(keyClock)))
			if last.Less(c.clock) {
				return m.Put(keyClock, []byte(c.clock.String()))
			}
		}
		return nil
	})
	if cerr := b.Close(); err == nil {
		err = cerr
	}
	return err
}

// renumber gives every change of the log an arrival number after the seq
// bucket's sequence, in key order.
func renumber(tx *bolt.Tx) error {
	sb := tx.Bucket(bucketSeq)
	sb.FillPercent = 1.0
	return tx.Bucket(bucketChanges).ForEach(func(k, _ []byte) error { return putSeq(sb, append([]byte(nil), k...)) })
}
