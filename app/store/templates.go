package store

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"sync"

	bolt "go.etcd.io/bbolt"

	"readyroom/readiness"
)

// The organisation's templates: published versions (bucketTemplates) and
// this device's drafts (bucketDrafts).
//
// A record made from an own template folds, stores and reads only with its
// version at hand, so every transaction that folds or decodes a record
// reads the catalog through catalogOf. The catalog is made once per stored
// state of bucketTemplates and kept, keyed by the bbolt database and the
// bucket's sequence number (bumped with every version stored, in the same
// transaction): a transaction that has just stored a version sees the new
// catalog, and one that began before it keeps the catalog of its own view.

type cachedCatalog struct {
	seq uint64
	cat *readiness.Catalog
}

// catalogs maps *bolt.DB to its newest *cachedCatalog.
var catalogs sync.Map

// catalogOf is the catalog as tx sees it: the shipped templates and every
// own version stored.
func catalogOf(tx *bolt.Tx) (*readiness.Catalog, error) {
	b := tx.Bucket(bucketTemplates)
	if b == nil {
		return nil, nil // no own template stored: the shipped ones
	}
	seq := b.Sequence()
	if v, ok := catalogs.Load(tx.DB()); ok && v.(*cachedCatalog).seq == seq {
		return v.(*cachedCatalog).cat, nil
	}
	var ts []readiness.Template
	err := b.ForEach(func(k, v []byte) error {
		t, _, err := readiness.LoadPublished(v, nil)
		if err != nil {
			return fmt.Errorf("%w: template %.70s cannot be read: %v", ErrCorrupt, k, err)
		}
		if t.Digest() != string(k) {
			return fmt.Errorf("%w: template %s v%d is stored under %.70q, not its digest", ErrCorrupt, t.ID, t.Version, k)
		}
		ts = append(ts, t)
		return nil
	})
	if err != nil {
		return nil, err
	}
	cat := (*readiness.Catalog)(nil).With(ts...)
	if !tx.Writable() { // a writer's view may yet roll back
		catalogs.Store(tx.DB(), &cachedCatalog{seq: seq, cat: cat})
	}
	return cat, nil
}

// forgetCatalog drops the cached catalog of a database being closed.
func forgetCatalog(b *bolt.DB) { catalogs.Delete(b) }

// Catalog returns the template versions records can be made from and read
// with: the shipped ones and the organisation's own.
func (db *DB) Catalog() (*readiness.Catalog, error) {
	var cat *readiness.Catalog
	err := db.view(func(tx *bolt.Tx) error {
		var err error
		cat, err = catalogOf(tx)
		return err
	})
	return cat, err
}

// TemplateText returns a stored version's canonical text, whose SHA-256 is
// its digest: what is exported, and what a peer is sent.
func (db *DB) TemplateText(digest string) ([]byte, error) {
	var out []byte
	err := db.view(func(tx *bolt.Tx) error {
		if b := tx.Bucket(bucketTemplates); b != nil {
			out = bytes.Clone(b.Get([]byte(digest)))
		}
		return nil
	})
	if err == nil && out == nil {
		err = fmt.Errorf("template version %.16s…: %w", digest, readiness.ErrNotFound)
	}
	return out, err
}

// AddTemplates stores published versions from their texts (a peer's, an
// imported file's, this device's own publishing): each is checked, named
// by its digest and stored in its canonical form (readiness.LoadPublished). A version already held is skipped. The
// whole call stores all or nothing; it returns the versions that were new.
func (db *DB) AddTemplates(texts ...[]byte) ([]readiness.TemplateRef, error) {
	var added []readiness.TemplateRef
	err := db.update(func(tx *bolt.Tx) error {
		var err error
		added, err = addTemplates(tx, texts)
		return err
	})
	if err == nil && len(added) > 0 {
		db.refreshCatalog()
	}
	return added, err
}

// refreshCatalog caches the catalog as committed, from a read transaction:
// a write transaction never caches one (its view may yet roll back), so
// without this every write after a version was stored would decode every
// version again, each time it folds or stores a record, until some read
// came first.
func (db *DB) refreshCatalog() {
	_, _ = db.Catalog() // a damaged version is reported by the next transaction that needs it
}

func addTemplates(tx *bolt.Tx, texts [][]byte) ([]readiness.TemplateRef, error) {
	var added []readiness.TemplateRef
	b, err := tx.CreateBucketIfNotExists(bucketTemplates)
	if err != nil {
		return nil, err
	}
	for _, text := range texts {
		t, canon, err := readiness.LoadPublished(text, nil)
		if err != nil {
			return nil, err
		}
		if readiness.IsShipped(t.ID) {
			return nil, fmt.Errorf("template %s is Ready Room's own: its versions come with Ready Room, not from a file or a peer", t.ID)
		}
		key := []byte(t.Digest())
		if b.Get(key) != nil {
			continue
		}
		if err := b.Put(key, canon); err != nil {
			return nil, err
		}
		added = append(added, t.Ref())
	}
	if len(added) > 0 {
		if _, err := b.NextSequence(); err != nil {
			return nil, err
		}
	}
	return added, nil
}

// Drafts returns this device's template drafts, by template id.
func (db *DB) Drafts() (map[string]readiness.Template, error) {
	out := map[string]readiness.Template{}
	err := db.view(func(tx *bolt.Tx) error {
		b := tx.Bucket(bucketDrafts)
		if b == nil {
			return nil
		}
		return b.ForEach(func(k, v []byte) error {
			var t readiness.Template
			if err := json.Unmarshal(v, &t); err != nil {
				return fmt.Errorf("%w: draft %.40q cannot be read: %v", ErrCorrupt, k, err)
			}
			out[string(k)] = t
			return nil
		})
	})
	return out, err
}

// PutDraft stores a draft under its template id, replacing the one before.
func (db *DB) PutDraft(t readiness.Template) error {
	if _, err := readiness.ParseTemplateID(t.ID); err != nil {
		return err
	}
	b, err := json.Marshal(t)
	if err != nil {
		return err
	}
	if len(b) > readiness.MaxTemplate {
		return fmt.Errorf("draft %s is %d KB, over the %d KB a template may take", t.ID, len(b)>>10, readiness.MaxTemplate>>10)
	}
	return db.update(func(tx *bolt.Tx) error {
		bk, err := tx.CreateBucketIfNotExists(bucketDrafts)
		if err != nil {
			return err
		}
		return bk.Put([]byte(t.ID), b)
	})
}

// DeleteDraft removes a draft (publishing it, or discarding it).
func (db *DB) DeleteDraft(id string) error {
	return db.update(func(tx *bolt.Tx) error {
		b := tx.Bucket(bucketDrafts)
		if b == nil || b.Get([]byte(id)) == nil {
			return fmt.Errorf("draft %s: %w", id, readiness.ErrNotFound)
		}
		return b.Delete([]byte(id))
	})
}

// PublishDraft stores a version made from this device's draft (its text
// from readiness.Publish) and removes the draft, in one transaction.
func (db *DB) PublishDraft(text []byte) (readiness.TemplateRef, error) {
	var ref readiness.TemplateRef
	err := db.update(func(tx *bolt.Tx) error {
		added, err := addTemplates(tx, [][]byte{text})
		if err != nil {
			return err
		}
		if len(added) == 0 {
			return errors.New("this version is already published")
		}
		ref = added[0]
		if b := tx.Bucket(bucketDrafts); b != nil {
			return b.Delete([]byte(ref.ID))
		}
		return nil
	})
	if err == nil {
		db.refreshCatalog()
	}
	return ref, err
}

// TemplateUse counts the records following each template version, by
// template id and version, from the records' summaries.
func (db *DB) TemplateUse() (map[string]map[int]int, error) {
	out := map[string]map[int]int{}
	err := db.view(func(tx *bolt.Tx) error {
		return tx.Bucket(bucketSummaries).ForEach(func(k, v []byte) error {
			var s struct {
				Template        string `json:"template"`
				TemplateVersion int    `json:"templateVersion"`
			}
			if err := json.Unmarshal(v, &s); err != nil {
				return fmt.Errorf("%w: summary %s: %v", ErrCorrupt, k, err)
			}
			if out[s.Template] == nil {
				out[s.Template] = map[int]int{}
			}
			out[s.Template][s.TemplateVersion]++
			return nil
		})
	})
	return out, err
}

// checkTemplates is the whole check's reading of bucketTemplates: every
// version must read and be stored under its digest.
func checkTemplates(tx *bolt.Tx) error {
	_, err := catalogOf(tx)
	return err
}
