package readiness

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"slices"
	"strings"
	"time"
	"unicode/utf8"
)

// Limits on an organisation's template, stated so messages can name them.
const (
	MaxTemplate         = 1 << 20 // bytes of a template's JSON
	MaxTemplateSections = 60
	MaxTemplateItems    = 500 // checklist items in all
	MaxTemplateEntries  = 50  // exit criteria; handover items
	MaxTemplateName     = 120
	MaxItemText         = 600
	MaxGuidance         = 8000
	MaxRefs             = 20
	MaxHypercareDays    = 120
	maxTemplateID       = 40
)

// Section kinds a template may use. KindRetired is the record's own
// section for answers of items its template no longer has.
var templateKinds = []SectionKind{KindNarrative, KindChecklist, KindContacts, KindRisks, KindStatusKey}

// ParseTemplateID accepts an organisation's template id: a lowercase
// letter, then up to 39 lowercase letters, digits or dashes
// (payments-gold). The shipped ids are taken.
func ParseTemplateID(s string) (string, error) {
	s = strings.TrimSpace(s)
	if !isSectionID(s) {
		return "", fmt.Errorf("template id %q is not a lowercase name such as payments-gold (letters, digits and dashes, up to %d)", s, maxTemplateID)
	}
	if IsShipped(s) {
		return "", fmt.Errorf("template id %q is Ready Room's own; choose another", s)
	}
	return s, nil
}

// ParseTemplateTier accepts gold, silver or a tier of the organisation's
// own (a lowercase name such as platinum).
func ParseTemplateTier(s string) (Tier, error) {
	if !isSectionID(s) {
		return "", fmt.Errorf("tier %q is not gold, silver or a lowercase name such as platinum", s)
	}
	return Tier(s), nil
}

// CheckTemplate checks an organisation's template (a draft, or a version
// to publish) and returns every problem at once, each naming its field as
// the editor names its inputs (sections[2].items[0].id), or nil.
func CheckTemplate(t *Template) error {
	var fe []FieldError
	add := func(field, rule, format string, args ...any) {
		fe = append(fe, FieldError{Field: field, Rule: rule, Message: fmt.Sprintf(format, args...)})
	}
	// check is a field's rules: required, at most max characters, and
	// plain text (multiline) or a single line.
	check := func(field, label, v string, max int, required, multiline bool) {
		switch {
		case required && strings.TrimSpace(v) == "":
			add(field, "required", "%s is required", label)
		case utf8.RuneCountInString(v) > max:
			add(field, "max", "%s must be at most %d characters; this has %d", label, max, utf8.RuneCountInString(v))
		case !cleanText(v, multiline) && multiline:
			add(field, "text", "%s must be plain text (no control characters)", label)
		case !cleanText(v, multiline):
			add(field, "line", "%s must be a single line of plain text (no control characters or bidirectional overrides)", label)
		}
	}
	line := func(field, label, v string, max int, required bool) { check(field, label, v, max, required, false) }
	text := func(field, label, v string, max int, required bool) { check(field, label, v, max, required, true) }
	if _, err := ParseTemplateID(t.ID); err != nil {
		add("id", "id", "%s", capitalise(err.Error()))
	}
	line("name", "Name", t.Name, MaxTemplateName, true)
	if _, err := ParseTemplateTier(string(t.Tier)); err != nil {
		add("tier", "tier", "%s", capitalise(err.Error()))
	}
	if t.HypercareDays < 1 || t.HypercareDays > MaxHypercareDays {
		add("hypercareDays", "range", "Hypercare must last from 1 to %d days", MaxHypercareDays)
	}
	text("summary", "Summary", t.Summary, MaxReason, false)
	if t.Base != "" || len(t.Include) > 0 || len(t.IncludeExitCriteria) > 0 || len(t.IncludeHandoverItems) > 0 {
		add("base", "base", "A template of your own holds its sections itself; it cannot name a base")
	}

	// One namespace for every id, so a path never means two things.
	ids := map[string]string{}
	unique := func(field, id, what string) {
		if prev, ok := ids[id]; ok {
			add(field, "unique", "%s is already the id of %s; ids must be unique in a template", id, prev)
			return
		}
		ids[id] = what
	}
	if len(t.Sections) > MaxTemplateSections {
		add("sections", "max", "A template can hold at most %d sections; this has %d", MaxTemplateSections, len(t.Sections))
	}
	items, checklists := 0, 0
	for i, s := range t.Sections {
		f := fmt.Sprintf("sections[%d]", i)
		if _, err := ParseSectionID(string(s.ID)); err != nil {
			add(f+".id", "id", "Section id %q is not a lowercase name such as rollback-plan", s.ID)
		} else if s.ID == RetiredItemsSection {
			add(f+".id", "reserved", "Section id %s is kept for the answers of items a newer version removes; choose another", s.ID)
		} else {
			unique(f+".id", string(s.ID), "section "+string(s.ID))
		}
		line(f+".number", "Number", s.Number, 10, false)
		line(f+".title", "Title", s.Title, MaxTitle, true)
		text(f+".prompt", "Prompt", s.Prompt, MaxReason, false)
		text(f+".guidance", "Guidance", s.Guidance, MaxGuidance, false)
		if !slices.Contains(templateKinds, s.Kind) {
			add(f+".kind", "oneof", "Kind must be narrative or checklist (or the shipped contacts, risks or status key)")
		}
		if s.Kind == KindChecklist {
			checklists++
			if len(s.Items) == 0 {
				add(f+".items", "required", "A checklist section needs at least one item")
			}
		} else if len(s.Items) > 0 {
			add(f+".items", "kind", "Only a checklist section holds items")
		}
		for j, it := range s.Items {
			items++
			g := fmt.Sprintf("%s.items[%d]", f, j)
			if id, err := ParseItemID(string(it.ID)); err != nil || id != it.ID {
				add(g+".id", "id", "Item id %q must be 1 to %d letters, digits, dashes or underscores (COM-01 in capitals)", it.ID, MaxItemID)
			} else {
				unique(g+".id", string(it.ID), "item "+string(it.ID))
			}
			line(g+".text", "Item text", it.Text, MaxItemText, true)
			text(g+".why", "Why it matters", it.Why, MaxGuidance, false)
			text(g+".evidence", "What good evidence looks like", it.Evidence, MaxGuidance, false)
			if len(it.Refs) > MaxRefs {
				add(g+".refs", "max", "An item can hold at most %d references", MaxRefs)
			}
			for k, r := range it.Refs {
				line(fmt.Sprintf("%s.refs[%d]", g, k), "Reference", r, MaxReason, true)
			}
			if it.Risk != "" && it.Risk != RiskHigh && it.Risk != RiskMedium {
				add(g+".risk", "oneof", "Risk must be high, medium or none")
			}
		}
	}
	if checklists == 0 {
		add("sections", "checklist", "A template needs at least one checklist section")
	}
	if items > MaxTemplateItems {
		add("sections", "max", "A template can hold at most %d checklist items; this has %d", MaxTemplateItems, items)
	}
	if len(t.ExitCriteria) > MaxTemplateEntries {
		add("exitCriteria", "max", "A template can hold at most %d exit criteria", MaxTemplateEntries)
	}
	for i, c := range t.ExitCriteria {
		f := fmt.Sprintf("exitCriteria[%d]", i)
		if !isItemID(c.ID) {
			add(f+".id", "id", "Exit criterion id %q must be 1 to %d letters, digits, dashes or underscores", c.ID, MaxItemID)
		} else {
			unique(f+".id", c.ID, "exit criterion "+c.ID)
		}
		line(f+".text", "Exit criterion", c.Text, MaxItemText, true)
		text(f+".guidance", "Guidance", c.Guidance, MaxGuidance, false)
	}
	if len(t.HandoverItems) > MaxTemplateEntries {
		add("handoverItems", "max", "A template can hold at most %d handover items", MaxTemplateEntries)
	}
	for i, h := range t.HandoverItems {
		f := fmt.Sprintf("handoverItems[%d]", i)
		if !isItemID(h.ID) {
			add(f+".id", "id", "Handover item id %q must be 1 to %d letters, digits, dashes or underscores", h.ID, MaxItemID)
		} else {
			unique(f+".id", h.ID, "handover item "+h.ID)
		}
		if h.Kind != "" && !isSectionID(h.Kind) {
			add(f+".kind", "kind", "Kind must be a lowercase name such as runbooks")
		}
		line(f+".text", "Handover item", h.Text, MaxItemText, true)
		text(f+".guidance", "Guidance", h.Guidance, MaxGuidance, false)
	}
	if t.Published != nil {
		line("published.by", "Published by", t.Published.By, 200, false)
	}
	if t.Origin != nil {
		if !slices.Contains([]OriginKind{OriginAuthored, OriginDerived, OriginImported}, t.Origin.Kind) {
			add("origin.kind", "oneof", "Origin must be authored, derived or imported")
		}
		line("origin.from", "Origin", t.Origin.From, MaxReason, false)
		line("origin.format", "Format", t.Origin.Format, MaxLine, false)
		text("origin.note", "Note", t.Origin.Note, MaxReason, false)
	}
	if len(fe) > 0 {
		return &ValidationError{Fields: fe}
	}
	// A record made from it must fit in a record.
	r := Instantiate(*t, "", NewRecord{Tier: t.Tier}, "", time.Time{})
	if b, _ := json.Marshal(r); len(b) > MaxRecord*3/4 {
		return fieldErr("sections", "size", fmt.Sprintf("A record made from this template would take %d KB before any answer, over the %d KB a new record may use (three quarters of a record's %d KB): shorten the guidance or split the template",
			len(b)>>10, MaxRecord*3/4>>10, MaxRecord>>10))
	}
	return nil
}

// CheckVersions checks a new version against the versions before it: an id
// keeps what it names (a section, an item, an exit criterion or a handover
// item) in every version, and an item a version removed may come back only
// with the text it had, because it comes back with the answers given to
// it. Both would otherwise hand answers given to one question to another.
func CheckVersions(prev []*Template, next *Template) error {
	if len(prev) == 0 {
		return nil
	}
	kind := map[string]string{} // id → what it named, in any earlier version
	lastText := map[ItemID]string{}
	for _, p := range prev {
		for _, s := range p.Sections {
			kind[string(s.ID)] = "a section"
			for _, it := range s.Items {
				kind[string(it.ID)] = "an item"
				lastText[it.ID] = it.Text
			}
		}
		for _, c := range p.ExitCriteria {
			kind[c.ID] = "an exit criterion"
		}
		for _, h := range p.HandoverItems {
			kind[h.ID] = "a handover item"
		}
	}
	newest := prev[len(prev)-1]
	inNewest := map[ItemID]bool{}
	for _, s := range newest.Sections {
		for _, it := range s.Items {
			inNewest[it.ID] = true
		}
	}
	var fe []FieldError
	same := func(field, id, now string) {
		if was, ok := kind[id]; ok && was != now {
			fe = append(fe, FieldError{Field: field, Rule: "reused", Message: fmt.Sprintf(
				"%s was %s in an earlier version and cannot become %s: give it a new id", id, was, now)})
		}
	}
	for i, s := range next.Sections {
		same(fmt.Sprintf("sections[%d].id", i), string(s.ID), "a section")
		for j, it := range s.Items {
			f := fmt.Sprintf("sections[%d].items[%d].id", i, j)
			same(f, string(it.ID), "an item")
			if old, ok := lastText[it.ID]; ok && !inNewest[it.ID] && old != it.Text {
				fe = append(fe, FieldError{Field: f, Rule: "reused", Message: fmt.Sprintf(
					"%s was removed in v%d with the text %q; it can come back only with that text (its answers come back with it): give a new item a new id",
					it.ID, newest.Version, old)})
			}
		}
	}
	for i, c := range next.ExitCriteria {
		same(fmt.Sprintf("exitCriteria[%d].id", i), c.ID, "an exit criterion")
	}
	for i, h := range next.HandoverItems {
		same(fmt.Sprintf("handoverItems[%d].id", i), h.ID, "a handover item")
	}
	if len(fe) > 0 {
		return &ValidationError{Fields: fe}
	}
	if next.Tier != newest.Tier {
		return fieldErr("tier", "tier", fmt.Sprintf("v%d is for %s records; a new version keeps the tier (records upgrade in place): make a new template for %s",
			newest.Version, TierLabel(newest.Tier), TierLabel(next.Tier)))
	}
	return nil
}

// Publish freezes a draft as the next version of its template: numbered
// after the versions before it, stamped with who and when, checked, and
// named by the SHA-256 of its text, which is returned to be stored and
// sent as it is.
func Publish(draft Template, prev []*Template, by string, at time.Time) (Template, []byte, error) {
	t := draft
	t.Version = 1
	if len(prev) > 0 {
		t.Version = prev[len(prev)-1].Version + 1
	}
	t.Published = &Publication{At: at.UTC().Truncate(time.Second), By: by}
	if err := CheckTemplate(&t); err != nil {
		return Template{}, nil, err
	}
	if err := CheckVersions(prev, &t); err != nil {
		return Template{}, nil, err
	}
	b, err := json.Marshal(&t)
	if err != nil {
		return Template{}, nil, fmt.Errorf("encoding template: %w", err)
	}
	if len(b) > MaxTemplate {
		return Template{}, nil, fmt.Errorf("template %s is %d KB, over the %d KB a template may take", t.ID, len(b)>>10, MaxTemplate>>10)
	}
	t.digest = digestOf(b)
	return t, b, nil
}

// ErrTemplateDigest is returned for a template whose text is not the one a
// record or a peer named.
var ErrTemplateDigest = errors.New("the template's text does not match its digest")

// LoadPublished reads a published version from its text (stored, sent by
// a peer, or inside an exported file), checks it, and names it by the
// digest of its canonical text: the JSON Ready Room writes for it (Go's
// encoding of Template, fields in declaration order, no spaces), which is
// returned to be stored and sent. A file someone re-indented keeps its
// digest; a changed word does not. want, when set, is the version the
// caller asked for: a text with another digest, id or version is refused.
//
// New fields of Template must be omitted when empty, so that the canonical
// text of a version published before them is unchanged.
func LoadPublished(b []byte, want *TemplateRef) (Template, []byte, error) {
	if len(b) > MaxTemplate {
		return Template{}, nil, fmt.Errorf("template is %d KB, over the %d KB a template may take", len(b)>>10, MaxTemplate>>10)
	}
	var t Template
	dec := json.NewDecoder(bytes.NewReader(b))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&t); err != nil {
		return Template{}, nil, fmt.Errorf("decoding template: %w", err)
	}
	if dec.More() {
		return Template{}, nil, fmt.Errorf("decoding template: more than one value")
	}
	canon, err := json.Marshal(&t)
	if err != nil {
		return Template{}, nil, fmt.Errorf("encoding template: %w", err)
	}
	digest := digestOf(canon)
	if want != nil && digest != want.Digest {
		return Template{}, nil, fmt.Errorf("template %s: %w (got %.12s…, want %.12s…)", want, ErrTemplateDigest, digest, want.Digest)
	}
	if t.Published == nil || t.Version < 1 {
		return Template{}, nil, fmt.Errorf("template %s is a draft, not a published version", t.ID)
	}
	if want != nil && (t.ID != want.ID || t.Version != want.Version) {
		return Template{}, nil, fmt.Errorf("asked for template %s, got %s v%d", want, t.ID, t.Version)
	}
	if err := CheckTemplate(&t); err != nil {
		return Template{}, nil, fmt.Errorf("template %s v%d: %w", t.ID, t.Version, err)
	}
	t.digest = digest
	return t, canon, nil
}

// NewDraft is an empty template to write from scratch: one checklist
// section with one item, the hypercare length of the tier's shipped
// template.
func NewDraft(id, name string, tier Tier) Template {
	days := 7
	if base, err := TemplateByID(string(tier)); err == nil {
		days = base.HypercareDays
	}
	return Template{
		ID: id, Name: name, Tier: tier, HypercareDays: days,
		Origin:   &Origin{Kind: OriginAuthored},
		Sections: []SectionDef{{ID: "checklist", Title: "Checklist", Kind: KindChecklist, Items: []ItemDef{{ID: "ITM-01", Text: "First item", NAAllowed: true}}}},
	}
}

// DeriveDraft copies a version into a draft of a new template.
func DeriveDraft(from *Template, id, name string) Template {
	t := deepCopy(from)
	t.ID, t.Name, t.Version, t.Published, t.digest = id, name, 0, nil, ""
	t.Base, t.Include, t.IncludeExitCriteria, t.IncludeHandoverItems = "", nil, nil, nil
	t.Origin = &Origin{Kind: OriginDerived, From: fmt.Sprintf("%s v%d", from.Name, from.Version)}
	return t
}

// NextDraft is a draft of the next version of a published one.
func NextDraft(from *Template) Template {
	t := DeriveDraft(from, from.ID, from.Name)
	t.Origin = from.Origin
	return t
}

// TierLabel names a tier as people read it: Gold, Silver, Platinum.
func TierLabel(t Tier) string {
	s := string(t)
	if s == "" {
		return ""
	}
	return strings.ToUpper(s[:1]) + strings.ReplaceAll(s[1:], "-", " ")
}

func capitalise(s string) string {
	if s == "" {
		return s
	}
	return strings.ToUpper(s[:1]) + s[1:]
}
