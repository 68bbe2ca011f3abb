package readiness

import (
	"fmt"
	"strings"
	"time"
)

// A record's sections and checklist items carry their template's text
// (titles, prompts, guidance, why each item matters), about 45 KB of a Gold
// record, and no change can edit it. A store may therefore keep a record
// without that text and put it back on reading: StripTemplateText and
// RestoreTemplateText. Text that differs from the template (a record made
// from an older text under the same version, before versions were frozen)
// is kept as it is.

//
// Most checklist items of a record in progress are also still as the
// template made them (not started, no owner, no notes). When every section
// of the template lists its items in the template's order, the stripped
// record leaves those items out as well, and the name says so
// ("gold@1+items"); putting the text back puts them back.

// StripTemplateText returns a copy of the record without the text its
// sections and items take from its template (and, see above, without its
// untouched items), and the name to restore it by ("gold@1+items" or
// "gold@1"); ok is false, and the record is to be kept whole, when the
// template is not shipped here or any of that text differs from it.
//
// cat holds the organisation's template versions (nil: the shipped ones);
// a record of one of them is stripped the same way, and named by its
// digest too ("payments@2~<digest>").
func StripTemplateText(r *Record, cat *Catalog) (stripped Record, from string, ok bool) {
	t, found := versionOf(r, cat)
	if !found {
		return Record{}, "", false
	}
	sparse := inTemplateOrder(t, r)
	stripped = *r
	stripped.Sections = make([]Section, len(r.Sections))
	for i, s := range r.Sections {
		def := t.sectionDef(s.ID)
		if def == nil {
			stripped.Sections[i] = s // a section of its own: kept whole
			continue
		}
		if s.Title != def.Title || s.Prompt != def.Prompt || s.Guidance != def.Guidance || s.Number != def.Number {
			return Record{}, "", false
		}
		s.Title, s.Prompt, s.Guidance, s.Number = "", "", "", ""
		if s.Items == nil {
			stripped.Sections[i] = s
			continue
		}
		items := make([]Item, 0, len(s.Items))
		for _, it := range s.Items {
			if d := def.itemDef(it.ID); d != nil {
				if it.Text != d.Text || it.Why != d.Why || it.Guidance != d.Evidence {
					return Record{}, "", false
				}
				if sparse && untouched(&it, d) {
					continue
				}
				it.Text, it.Why, it.Guidance = "", "", ""
			}
			items = append(items, it)
		}
		s.Items = items
		stripped.Sections[i] = s
	}
	if sparse {
		return stripped, t.textsName() + sparseSuffix, true
	}
	return stripped, t.textsName(), true
}

// sparseSuffix marks a stored record without its untouched items.
const sparseSuffix = "+items"

// inTemplateOrder reports whether every section of the template that the
// record has lists exactly the template's items, in its order: then an item
// left out when stored can only go back in one place.
func inTemplateOrder(t *Template, r *Record) bool {
	for _, s := range r.Sections {
		def := t.sectionDef(s.ID)
		if def == nil {
			continue
		}
		if len(s.Items) != len(def.Items) {
			return false
		}
		for j := range s.Items {
			if s.Items[j].ID != def.Items[j].ID {
				return false
			}
		}
	}
	return true
}

// untouched reports whether an item is exactly as Instantiate makes it.
func untouched(it *Item, d *ItemDef) bool {
	return it.NAAllowed == d.NAAllowed && it.Status == NotStarted && it.Reason == "" && it.Owner == "" &&
		it.Due == "" && it.Evidence != nil && len(it.Evidence) == 0 && it.Notes == "" && it.ChangedBy == "" &&
		it.ChangedAt == (time.Time{})
}

// templateItem is an item as Instantiate makes it.
func templateItem(d *ItemDef) Item {
	return Item{ID: d.ID, Text: d.Text, Why: d.Why, Guidance: d.Evidence, NAAllowed: d.NAAllowed,
		Status: NotStarted, Evidence: []Evidence{}}
}

// RestoreTemplateText puts back what StripTemplateText took out, from the
// template it named.
func RestoreTemplateText(r *Record, from string, cat *Catalog) error {
	name, sparse := strings.CutSuffix(from, sparseSuffix)
	t, found := versionOf(r, cat)
	if !found || name != t.textsName() {
		if r.TemplateDigest != "" {
			return fmt.Errorf("record %s was stored without the text of template %s, which this database does not hold: %w", r.ID, from, ErrUnknownTemplate)
		}
		return fmt.Errorf("record %s was stored without the text of template %s, which this version of Ready Room does not have: %w", r.ID, from, ErrUnknownTemplate)
	}
	for i := range r.Sections {
		s := &r.Sections[i]
		def := t.sectionDef(s.ID)
		if def == nil {
			continue
		}
		s.Title, s.Prompt, s.Guidance, s.Number = def.Title, def.Prompt, def.Guidance, def.Number
		if sparse && len(def.Items) > 0 {
			items, err := withTemplateItems(def, s.Items)
			if err != nil {
				return fmt.Errorf("record %s, section %s: %w", r.ID, s.ID, err)
			}
			s.Items = items
			continue
		}
		for j := range s.Items {
			if d := def.itemDef(s.Items[j].ID); d != nil {
				s.Items[j].Text, s.Items[j].Why, s.Items[j].Guidance = d.Text, d.Why, d.Evidence
			}
		}
	}
	return nil
}

// withTemplateItems is a section's items from the ones stored (in the
// template's order) and the template's for those left out.
func withTemplateItems(def *SectionDef, stored []Item) ([]Item, error) {
	items := make([]Item, len(def.Items))
	k := 0
	for j := range def.Items {
		d := &def.Items[j]
		if k < len(stored) && stored[k].ID == d.ID {
			items[j] = stored[k]
			items[j].Text, items[j].Why, items[j].Guidance = d.Text, d.Why, d.Evidence
			k++
			continue
		}
		items[j] = templateItem(d)
	}
	if k < len(stored) {
		return nil, fmt.Errorf("stored item %s is not in the template, or out of its order", stored[k].ID)
	}
	return items, nil
}

// textsName is how a stored record names the template whose text it was
// stored without: "gold@1" for a shipped version, "payments@2~<digest>" for
// one of the organisation's (two devices may publish the same number).
func (t *Template) textsName() string {
	if d := t.ownDigest(); d != "" {
		return fmt.Sprintf("%s@%d~%s", t.ID, t.Version, d)
	}
	return fmt.Sprintf("%s@%d", t.ID, t.Version)
}

// versionOf finds the version a record follows: a shipped one, or one of
// the organisation's in cat.
func versionOf(r *Record, cat *Catalog) (*Template, bool) {
	if r.TemplateDigest == "" {
		return shippedVersion(r.TemplateID, r.TemplateVersion)
	}
	t, err := cat.Lookup(r.TemplateRef())
	return t, err == nil
}

// textsOf maps each item id of a template to its text.
func textsOf(t *Template) map[ItemID]string {
	m := map[ItemID]string{}
	for _, s := range t.Sections {
		for _, it := range s.Items {
			m[it.ID] = it.Text
		}
	}
	return m
}

// itemTextsNamed finds the item texts of a version by its textsName.
func itemTextsNamed(name string, cat *Catalog) (map[ItemID]string, bool) {
	if m, ok := itemTexts[name]; ok {
		return m, true
	}
	_, digest, ok := strings.Cut(name, "~")
	if !ok {
		return nil, false
	}
	t, found := cat.ByDigest(digest)
	if !found || t.textsName() != name {
		return nil, false
	}
	return cat.itemTexts(t), true
}

// itemTexts maps each shipped template version, by its textsName
// ("gold@1"), to the text of each of its checklist items. Templates never
// change once shipped, so it is made once, at start.
var itemTexts = func() map[string]map[ItemID]string {
	out := make(map[string]map[ItemID]string, len(shipped))
	for i := range shipped {
		out[shipped[i].textsName()] = textsOf(&shipped[i])
	}
	return out
}()

// shippedVersion finds one shipped version of a template.
func shippedVersion(id string, version int) (*Template, bool) {
	for i := range shipped {
		if shipped[i].ID == id && shipped[i].Version == version {
			return &shipped[i], true
		}
	}
	return nil, false
}

func (t *Template) sectionDef(id SectionID) *SectionDef {
	for i := range t.Sections {
		if t.Sections[i].ID == id {
			return &t.Sections[i]
		}
	}
	return nil
}

func (s *SectionDef) itemDef(id ItemID) *ItemDef {
	for i := range s.Items {
		if s.Items[i].ID == id {
			return &s.Items[i]
		}
	}
	return nil
}
