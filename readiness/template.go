package readiness

import (
	"crypto/sha256"
	"embed"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"slices"
	"sort"
	"time"
)

// SectionKind says how a section is filled in.
type SectionKind string

const (
	KindNarrative SectionKind = "narrative" // free text
	KindContacts  SectionKind = "contacts"  // structured contacts
	KindRisks     SectionKind = "risks"     // structured risks
	KindStatusKey SectionKind = "statuskey" // explains the status key; nothing to fill in
	KindChecklist SectionKind = "checklist" // items with a status each
	KindRetired   SectionKind = "retired"   // a record's answered items its template no longer has
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

	// Shipped derived templates only; resolved away on loading.
	Base                 string   `json:"base,omitempty"`
	Include              []ItemID `json:"include,omitempty"`
	IncludeExitCriteria  []string `json:"includeExitCriteria,omitempty"`
	IncludeHandoverItems []string `json:"includeHandoverItems,omitempty"`

	// The organisation's own templates only (nil for the shipped ones):
	// where the template came from, and who published this version when
	// (nil for a draft).
	Origin    *Origin      `json:"origin,omitempty"`
	Published *Publication `json:"published,omitempty"`

	digest string // SHA-256 of the text: set on loading or publishing
}

// Origin says where an organisation's template came from.
type Origin struct {
	Kind   OriginKind `json:"kind"`
	From   string     `json:"from,omitempty"`   // "Gold v1", "payments-gold v2", a file name
	Format string     `json:"format,omitempty"` // the imported file's format
	Note   string     `json:"note,omitempty"`   // the importer's words: the lens's own version, say
}

// OriginKind is how a template began.
type OriginKind string

const (
	OriginAuthored OriginKind = "authored" // written from scratch
	OriginDerived  OriginKind = "derived"  // copied from another template, then edited
	OriginImported OriginKind = "imported" // read from a file
)

// Publication is who froze a version, and when.
type Publication struct {
	At time.Time `json:"at"`
	By string    `json:"by"`
}

func (t *Template) publishedAt() time.Time {
	if t.Published == nil {
		return time.Time{}
	}
	return t.Published.At
}

// Shipped reports whether the template comes with Ready Room.
func (t *Template) Shipped() bool { return t.Origin == nil && IsShipped(t.ID) }

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
	// Risk is how much an open item weighs, when its template says
	// (an AWS lens question's high or medium risk): "high", "medium" or "".
	Risk string `json:"risk,omitempty"`
}

// Item risks.
const (
	RiskHigh   = "high"
	RiskMedium = "medium"
)

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

// shipped holds every version of every built-in template: a record names the
// version it was made from, and a replica must be able to instantiate any
// version it may receive. builtIn is the newest version of each.
var shipped = mustLoadTemplates()
var builtIn = newest(shipped)

// Templates returns the newest version of each built-in template, derived
// ones resolved, Gold first.
func Templates() []Template {
	out := make([]Template, len(builtIn))
	copy(out, builtIn)
	return out
}

// TemplateByID returns the newest version of a built-in template.
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

// TemplateByRef returns the shipped template a record names: same id and
// version, and the same text (digest).
func TemplateByRef(ref TemplateRef) (Template, error) {
	if t, ok := shippedVersion(ref.ID, ref.Version); ok {
		if t.digest != ref.Digest {
			return Template{}, fmt.Errorf("template %s here is not the text the record was made from: %w", ref, ErrUnknownTemplate)
		}
		return *t, nil
	}
	return Template{}, fmt.Errorf("the record was made from template %s, which this version of Ready Room does not have; update Ready Room to see it: %w", ref, ErrUnknownTemplate)
}

// Ref names this version of the template.
func (t *Template) Ref() TemplateRef {
	return TemplateRef{ID: t.ID, Version: t.Version, Digest: t.digest}
}

func mustLoadTemplates() []Template {
	ts, err := loadTemplates(templateFS)
	if err != nil {
		panic(fmt.Sprintf("built-in templates: %v", err)) // embedded data, checked by tests
	}
	return ts
}

// loadTemplates reads every template file: several versions of one template
// may ship side by side. A derived template is resolved against the newest
// version of its base. A template's digest is the SHA-256 of its file (for a
// derived one, with its base's digest): the text as shipped, whatever the
// struct that reads it.
func loadTemplates(fsys embed.FS) ([]Template, error) {
	entries, err := fsys.ReadDir("templates")
	if err != nil {
		return nil, err
	}
	var raw []Template
	for _, e := range entries {
		b, err := fsys.ReadFile("templates/" + e.Name())
		if err != nil {
			return nil, err
		}
		t, err := ParseTemplate(b)
		if err != nil {
			return nil, fmt.Errorf("%s: %w", e.Name(), err)
		}
		if slices.ContainsFunc(raw, func(o Template) bool { return o.ID == t.ID && o.Version == t.Version }) {
			return nil, fmt.Errorf("%s: template %s v%d ships twice", e.Name(), t.ID, t.Version)
		}
		sum := sha256.Sum256(b)
		t.digest = hex.EncodeToString(sum[:])
		raw = append(raw, t)
	}
	bases := newest(raw)
	var out []Template
	for _, t := range raw {
		if t.Base != "" {
			i := slices.IndexFunc(bases, func(b Template) bool { return b.ID == t.Base })
			if i < 0 {
				return nil, fmt.Errorf("template %s: base %q: %w", t.ID, t.Base, ErrUnknownTemplate)
			}
			var err error
			if t, err = Derive(bases[i], t); err != nil {
				return nil, err
			}
			// Its text is its own file and its base's.
			sum := sha256.Sum256([]byte(t.digest + bases[i].digest))
			t.digest = hex.EncodeToString(sum[:])
		}
		out = append(out, t)
	}
	sort.Slice(out, func(i, j int) bool {
		a, b := out[i], out[j]
		if a.HypercareDays != b.HypercareDays {
			return a.HypercareDays > b.HypercareDays
		}
		if a.ID != b.ID {
			return a.ID < b.ID
		}
		return a.Version > b.Version
	})
	return out, nil
}

// newest keeps the highest version of each template, in the given order.
func newest(ts []Template) []Template {
	var out []Template
	for _, t := range ts {
		i := slices.IndexFunc(out, func(o Template) bool { return o.ID == t.ID })
		switch {
		case i < 0:
			out = append(out, t)
		case t.Version > out[i].Version:
			out[i] = t
		}
	}
	return out
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
