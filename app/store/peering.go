package store

import (
	"slices"
	"time"

	"readyroom/readiness"
)

// Peering is the database as the LAN package sees it (app/lan's ChangeLog
// and State): changes in arrival order, pulled pages with their cursor, and
// the LAN's own key-value state. The app wraps its change log to refresh
// what it caches.
type Peering struct{ db *DB }

// Peering returns the LAN view of the database.
func (db *DB) Peering() Peering { return Peering{db} }

// Arrivals is the arrival number of the newest change held; see
// DB.Arrivals.
func (p Peering) Arrivals() (uint64, error) { return p.db.Arrivals() }

// ChangeKeysAfter serves an index page; see DB.ChangeKeysAfter.
func (p Peering) ChangeKeysAfter(cursor, through uint64, want func(readiness.RecordID) bool, max int) ([]string, uint64, bool, error) {
	return p.db.ChangeKeysAfter(cursor, through, want, max, 20000)
}

// AppendRawChanges serves the changes a peer asked for; see
// DB.AppendRawChanges.
func (p Peering) AppendRawChanges(dst []byte, keys []string, want func(readiness.RecordID) bool, maxBytes int) ([]byte, int, bool, error) {
	return p.db.AppendRawChanges(dst, keys, want, maxBytes)
}

// Lacks lists the changes not held here; see DB.Lacks.
func (p Peering) Lacks(keys []string) ([]string, error) { return p.db.Lacks(keys) }

// ApplyPulled applies a page with its cursor; see DB.ApplyPulled.
func (p Peering) ApplyPulled(changes []readiness.Change, notAfter time.Time, puts map[string][]byte) (int, int, error) {
	r, err := p.db.ApplyPulled(changes, notAfter, puts)
	return r.Applied, r.Held, err
}

// ReleaseHeld applies held changes whose time has come.
func (p Peering) ReleaseHeld(notAfter time.Time) (int, int, []string, error) {
	r, err := p.db.ReleaseHeld(notAfter)
	return r.Applied, r.Held, r.Dropped, err
}

// HasRecord reports whether a record exists.
func (p Peering) HasRecord(id readiness.RecordID) bool {
	_, err := p.db.Doc(id)
	return err == nil
}

// Holds reports whether any change of a record is held here.
func (p Peering) Holds(id readiness.RecordID) bool { return p.db.Holds(id) }

// LacksTemplates lists the organisation's template versions the changes
// name that this database does not hold (a peer can send them).
func (p Peering) LacksTemplates(refs []readiness.TemplateRef) ([]readiness.TemplateRef, error) {
	cat, err := p.db.Catalog()
	if err != nil {
		return nil, err
	}
	var out []readiness.TemplateRef
	for _, ref := range refs {
		if cat.Missing(ref) && !slices.Contains(out, ref) {
			out = append(out, ref)
		}
	}
	return out, nil
}

// TemplateVersions lists the held versions of the organisation's
// templates with these ids.
func (p Peering) TemplateVersions(ids []string) ([]readiness.TemplateRef, error) {
	cat, err := p.db.Catalog()
	if err != nil {
		return nil, err
	}
	var out []readiness.TemplateRef
	for _, id := range ids {
		if readiness.IsShipped(id) {
			continue
		}
		for _, v := range cat.Versions(id) {
			out = append(out, v.Ref())
		}
	}
	return out, nil
}

// TemplateText returns an own template version's text by its digest.
func (p Peering) TemplateText(digest string) ([]byte, error) { return p.db.TemplateText(digest) }

// AddTemplate stores a version a peer sent, if it is the one asked for
// (its text's digest is want's): readiness.ErrTemplateDigest otherwise.
func (p Peering) AddTemplate(want readiness.TemplateRef, text []byte) error {
	if _, _, err := readiness.LoadPublished(text, &want); err != nil {
		return err
	}
	_, err := p.db.AddTemplates(text)
	return err
}

// Get reads a LAN state entry.
func (p Peering) Get(key string) ([]byte, error) { return p.db.LANGet(key) }

// Update rewrites a LAN state entry in one transaction.
func (p Peering) Update(key string, fn func([]byte) ([]byte, error)) error {
	return p.db.LANUpdate(key, fn)
}

// Scan walks LAN state entries under a prefix.
func (p Peering) Scan(prefix string, fn func(string, []byte) error) error {
	return p.db.LANScan(prefix, fn)
}
