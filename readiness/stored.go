package readiness

import "fmt"

// A record's sections and checklist items carry their template's text
// (titles, prompts, guidance, why each item matters), about 45 KB of a Gold
// record, and no change can edit it. A store may therefore keep a record
// without that text and put it back on reading: StripTemplateText and
// RestoreTemplateText. Text that differs from the template (a record made
// from an older text under the same version, before versions were frozen)
// is kept as it is.

// StripTemplateText returns a copy of the record without the text its
// sections and items take from its template, and the template it names
// ("gold@1"); ok is false, and the record is to be kept whole, when the
// template is not shipped here or any of that text differs from it.
func StripTemplateText(r *Record) (stripped Record, from string, ok bool) {
	t, found := shippedVersion(r.TemplateID, r.TemplateVersion)
	if !found {
		return Record{}, "", false
	}
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
		items := make([]Item, len(s.Items))
		for j, it := range s.Items {
			if d := def.itemDef(it.ID); d != nil {
				if it.Text != d.Text || it.Why != d.Why || it.Guidance != d.Evidence {
					return Record{}, "", false
				}
				it.Text, it.Why, it.Guidance = "", "", ""
			}
			items[j] = it
		}
		s.Items = items
		stripped.Sections[i] = s
	}
	return stripped, t.textsName(), true
}

// RestoreTemplateText puts back what StripTemplateText took out, from the
// template it named.
func RestoreTemplateText(r *Record, from string) error {
	t, found := shippedVersion(r.TemplateID, r.TemplateVersion)
	if !found || from != t.textsName() {
		return fmt.Errorf("record %s was stored without the text of template %s, which this version of Ready Room does not have: %w", r.ID, from, ErrUnknownTemplate)
	}
	for i := range r.Sections {
		s := &r.Sections[i]
		def := t.sectionDef(s.ID)
		if def == nil {
			continue
		}
		s.Title, s.Prompt, s.Guidance, s.Number = def.Title, def.Prompt, def.Guidance, def.Number
		for j := range s.Items {
			if d := def.itemDef(s.Items[j].ID); d != nil {
				s.Items[j].Text, s.Items[j].Why, s.Items[j].Guidance = d.Text, d.Why, d.Evidence
			}
		}
	}
	return nil
}

// textsName is how a stored record names the template whose text it was
// stored without: "gold@1".
func (t *Template) textsName() string { return fmt.Sprintf("%s@%d", t.ID, t.Version) }

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
