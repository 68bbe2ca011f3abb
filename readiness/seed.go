package readiness

import (
	"encoding/json"
	"fmt"
)

// SeedFormat is the format of a creating change that names its template
// instead of copying it (format 1 is a whole Record).
const SeedFormat = 2

// Seed is the value of a record's creating change: what the new-record flow
// collected and the template it was made from, named by id, version and
// digest. A template version never changes once shipped (the test over
// testdata/templates.sum enforces it), so the seed, the author and the
// change's clock stamp give exactly one record, on every replica: that of
// Instantiate. A seed is about 1 KB where the record it stands for is about
// 50 KB, which is what a new replica pulls and folds for each record.
type Seed struct {
	Format   int         `json:"v"`
	Template TemplateRef `json:"template"`
	New      NewRecord   `json:"new"`
}

// TemplateRef names one version of a template and the SHA-256 of its
// shipped text (its file; a derived template's with its base's digest), so
// that a replica holding another text under the same name and version
// refuses it rather than showing a different checklist.
type TemplateRef struct {
	ID      string `json:"id"`
	Version int    `json:"version"`
	Digest  string `json:"digest"`
}

func (r TemplateRef) String() string { return fmt.Sprintf("%s v%d", r.ID, r.Version) }

// createValue reads either form of a creating change's value in one pass:
// a seed (v = SeedFormat) or, from before seeds, the whole record.
type createValue struct {
	Record
	Template *TemplateRef `json:"template"`
	New      *NewRecord   `json:"new"`
}

// CreatedRecord is the record a creating change makes, from either form of
// its value. A seed must name a template this build holds, with the same
// digest and the record's tier. The new-record flow's rules are not applied
// again: they may change between versions, and a fold must give the same
// record on every replica (the record's size is checked where it is stored).
func CreatedRecord(c Change, cat *Catalog) (Record, error) {
	if c.Path != PathCreate {
		return Record{}, ErrNotCreated
	}
	var v createValue
	if err := json.Unmarshal(c.Value, &v); err != nil {
		return Record{}, fmt.Errorf("decoding created record: %w", err)
	}
	if v.Format != SeedFormat {
		if v.Record.ID != c.Record {
			return Record{}, fmt.Errorf("created record %s arrived in a change for %s", v.Record.ID, c.Record)
		}
		return v.Record, nil
	}
	if v.Template == nil || v.New == nil {
		return Record{}, fmt.Errorf("record %s: its creating change names no template or no details", c.Record)
	}
	t, err := cat.Lookup(*v.Template)
	if err != nil {
		return Record{}, fmt.Errorf("record %s: %w", c.Record, err)
	}
	if t.Tier != v.New.Tier {
		return Record{}, fmt.Errorf("record %s: template %s is for %s, the record is %s", c.Record, v.Template, t.Tier, v.New.Tier)
	}
	return Instantiate(*t, c.Record, *v.New, c.Author, c.HLC.Time()), nil
}
