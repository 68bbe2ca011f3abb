// Package benchdata makes the filled records the benchmarks share, so that
// the store's and the LAN's figures measure the same records.
package benchdata

import "readyroom/readiness"

// FillEdits makes the edits that fill a record the way the benchmarks do,
// folding each into d as it goes: every third checklist item gets an owner,
// a note and "done" (78 changes for a Gold record).
func FillEdits(m *readiness.Maker, d *readiness.Doc) ([]readiness.Change, error) {
	none := func(readiness.Path) ([]readiness.Change, error) { return nil, nil }
	var out []readiness.Change
	k := 0
	for _, s := range d.Record.Sections {
		for _, it := range s.Items {
			if k++; k%3 != 0 {
				continue
			}
			for _, e := range []struct {
				p readiness.Path
				v any
			}{
				{readiness.ItemPath(it.ID, "owner"), "Owner " + string(it.ID)},
				{readiness.ItemPath(it.ID, "notes"), "Checked with the run team; evidence in the wiki."},
				{readiness.ItemPath(it.ID, "status"), readiness.StatusValue{Status: readiness.Done}},
			} {
				c, err := m.Edit(d, e.p, e.v)
				if err != nil {
					return nil, err
				}
				if err := d.Apply(c, none, nil); err != nil {
					return nil, err
				}
				out = append(out, c)
			}
		}
	}
	return out, nil
}
