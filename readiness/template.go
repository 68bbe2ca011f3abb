package readiness

import (
	"embed"
	"encoding/json"
	"fmt"
	"slices"
	"sort"
)

// SectionKind says how a section is filled in.
type SectionKind string

const (
	KindNarrative SectionKind = "narrative" // free text
	KindContacts  SectionKind = "contacts"  // structured contacts
	KindRisks     SectionKind = "risks"     // structured risks
	KindStatusKey SectionKind = "statuskey" // explains the status key; nothing to fill in
	KindChecklist SectionKind = "checklist" // items with a status each
)

// Template is a versioned readiness template. Templates are data: the built-in
// ones are embedded JSON files, and a derived template (Base set) keeps a
// subset of its base's items without repeating their text.
type Template struct {
	ID            string         `json:"id"`
	Version       int            `json:"version"`
	Name          string         `json:"name"`
	Tier          Tier           `json:"tier"`
	Summary       string         `json:"summary"`
	HypercareDays int            `json:"hypercareDays"`
	Sections      []SectionDef   `json:"sections"`
	ExitCriteria  []CriterionDef `json:"exitCriteria"`
	HandoverItems []HandoverDef  `json:"handoverItems"`

	// Derived templates only; resolved away by Templates.
	Base                 string   `json:"base,omitempty"`
	Include              []ItemID `json:"include,omitempty"`
	IncludeExitCriteria  []string `json:"includeExitCriteria,omitempty"`
	IncludeHandoverItems []string `json:"includeHandoverItems,omitempty"`
}

// SectionDef is one section of a template.
type SectionDef struct {
	ID       SectionID   `json:"id"`
	Number   string      `json:"number,omitempty"`
	Title    string      `json:"title"`
	Kind     SectionKind `json:"kind"`
	Prompt   string      `json:"prompt,omitempty"`
	Guidance string      `json:"guidance"`
	Items    []ItemDef   `json:"items,omitempty"`
}

// ItemDef is one checklist item of a template.
type ItemDef struct {
	ID        ItemID   `json:"id"`
	Text      string   `json:"text"`
	Why       string   `json:"why"`
	Evidence  string   `json:"evidence"`
	NAAllowed bool     `json:"naAllowed"`
	Refs      []string `json:"refs,omitempty"`
}

// CriterionDef is a hypercare exit criterion of a template.
type CriterionDef struct {
	ID       string `json:"id"`
	Text     string `json:"text"`
	Guidance string `json:"guidance"`
}

// HandoverDef is a handover item of a template.
type HandoverDef struct {
	ID       string `json:"id"`
	Kind     string `json:"kind"`
	Text     string `json:"text"`
	Guidance string `json:"guidance"`
}

// ItemCount is the number of checklist items in the template.
func (t *Template) ItemCount() int {
	n := 0
	for _, s := range t.Sections {
		n += len(s.Items)
	}
	return n
}

//go:embed templates/*.json
var templateFS embed.FS

var builtIn = mustLoadTemplates()

// Templates returns the built-in templates, derived ones resolved, Gold first.
func Templates() []Template {
	out := make([]Template, len(builtIn))
	copy(out, builtIn)
	return out
}

// TemplateByID returns a built-in template.
func TemplateByID(id string) (Template, error) {
	for _, t := range builtIn {
		if t.ID == id {
			return t, nil
		}
	}
	return Template{}, fmt.Errorf("template %q: %w", id, ErrUnknownTemplate)
}

// TemplateFor returns the built-in template of a tier.
func TemplateFor(t Tier) (Template, error) { return TemplateByID(string(t)) }

func mustLoadTemplates() []Template {
	ts, err := loadTemplates(templateFS)
	if err != nil {
		panic(fmt.Sprintf("built-in templates: %v", err)) // embedded data, checked by tests
	}
	return ts
}

func loadTemplates(fsys embed.FS) ([]Template, error) {
	entries, err := fsys.ReadDir("templates")
	if err != nil {
		return nil, err
	}
	raw := map[string]Template{}
	for _, e := range entries {
		b, err := fsys.ReadFile("templates/" + e.Name())
		if err != nil {
			return nil, err
		}
		t, err := ParseTemplate(b)
		if err != nil {
			return nil, fmt.Errorf("%s: %w", e.Name(), err)
		}
		raw[t.ID] = t
	}
	var out []Template
	for _, t := range raw {
		if t.Base != "" {
			base, ok := raw[t.Base]
			if !ok {
				return nil, fmt.Errorf("template %s: base %q: %w", t.ID, t.Base, ErrUnknownTemplate)
			}
			var err error
			if t, err = Derive(base, t); err != nil {
				return nil, err
			}
		}
		out = append(out, t)
	}
	sort.Slice(out, func(i, j int) bool {
		return out[i].HypercareDays > out[j].HypercareDays || (out[i].HypercareDays == out[j].HypercareDays && out[i].ID < out[j].ID)
	})
	return out, nil
}

// ParseTemplate decodes and checks a template: ids unique and well formed,
// every item with text, reasons and evidence guidance.
func ParseTemplate(b []byte) (Template, error) {
	var t Template
	if err := json.Unmarshal(b, &t); err != nil {
		return t, fmt.Errorf("decoding template: %w", err)
	}
	if t.ID == "" || t.Version < 1 || t.Name == "" {
		return t, fmt.Errorf("template needs an id, a version of at least 1 and a name")
	}
	if _, err := ParseTier(string(t.Tier)); err != nil {
		return t, fmt.Errorf("template %s: %w", t.ID, err)
	}
	seen := map[string]bool{}
	for _, s := range t.Sections {
		if _, err := ParseSectionID(string(s.ID)); err != nil || seen[string(s.ID)] {
			return t, fmt.Errorf("template %s: section id %q is malformed or repeated", t.ID, s.ID)
		}
		seen[string(s.ID)] = true
		for _, it := range s.Items {
			if _, err := ParseItemID(string(it.ID)); err != nil || seen[string(it.ID)] {
				return t, fmt.Errorf("template %s: item id %q is malformed or repeated", t.ID, it.ID)
			}
			seen[string(it.ID)] = true
			if it.Text == "" || it.Why == "" || it.Evidence == "" {
				return t, fmt.Errorf("template %s: item %s needs text, why and evidence", t.ID, it.ID)
			}
		}
	}
	return t, nil
}

// Derive resolves a derived template against its base: every non-checklist
// section is kept, checklist sections keep the included items (a section left
// with none is dropped), and exit criteria and handover items are filtered
// the same way.
func Derive(base, d Template) (Template, error) {
	out := d
	out.Base, out.Include, out.IncludeExitCriteria, out.IncludeHandoverItems = "", nil, nil, nil
	out.Sections = nil
	found := 0
	for _, s := range base.Sections {
		if s.Kind != KindChecklist {
			out.Sections = append(out.Sections, s)
			continue
		}
		kept := s
		kept.Items = nil
		for _, it := range s.Items {
			if slices.Contains(d.Include, it.ID) {
				kept.Items = append(kept.Items, it)
				found++
			}
		}
		if len(kept.Items) > 0 {
			out.Sections = append(out.Sections, kept)
		}
	}
	if found != len(d.Include) {
		return out, fmt.Errorf("template %s includes %d items of which %d exist in %s", d.ID, len(d.Include), found, base.ID)
	}
	out.ExitCriteria = nil
	for _, c := range base.ExitCriteria {
		if slices.Contains(d.IncludeExitCriteria, c.ID) {
			out.ExitCriteria = append(out.ExitCriteria, c)
		}
	}
	out.HandoverItems = nil
	for _, h := range base.HandoverItems {
		if slices.Contains(d.IncludeHandoverItems, h.ID) {
			out.HandoverItems = append(out.HandoverItems, h)
		}
	}
	return out, nil
}
