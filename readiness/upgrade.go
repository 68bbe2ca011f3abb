package readiness

import (
	"encoding/json"
	"fmt"
	"slices"
	"strings"
	"time"
)

// PathTemplate is the path of the template version a record follows; its
// value is a TemplateRef. Upgrading a record is a change of it, so an
// upgrade syncs, shows in the history and can be undone like any edit, and
// two replicas that upgrade one record concurrently agree on the result:
// the record is laid out as the winning version, and every answer is a
// path of its own that no upgrade touches.
const PathTemplate Path = "template"

// RetiredItemsSection is the id of a record's section for the answered
// items its template no longer has (a template may not use it).
const RetiredItemsSection SectionID = "retired-items"

// TemplateRef names the version the record follows.
func (r *Record) TemplateRef() TemplateRef {
	ref := TemplateRef{ID: r.TemplateID, Version: r.TemplateVersion, Digest: r.TemplateDigest}
	if ref.Digest == "" {
		if t, ok := shippedVersion(ref.ID, ref.Version); ok {
			ref.Digest = t.digest
		}
	}
	return ref
}

// ownDigest is the digest a record made from this version keeps: a shipped
// version's is left out (its id and version name one text), so that
// records of the shipped templates read as they always have.
func (t *Template) ownDigest() string {
	if t.Shipped() {
		return ""
	}
	return t.digest
}

// ownTier is the tier an organisation's version is for ("" for shipped).
func (t *Template) ownTier() Tier {
	if t.Shipped() {
		return ""
	}
	return t.Tier
}

// templateTier is the tier of the record's template when it is the
// organisation's own.
func (r *Record) templateTier() Tier { return r.TemplateTier }

// retired names what p edits when that is retired (an item in Retired
// items, a narrative the template dropped), or "".
func (r *Record) retired(p Path) string {
	pp, err := parsePath(p)
	if err != nil {
		return ""
	}
	switch pp.kind {
	case "items":
		for _, s := range r.Sections {
			if s.Retired && slices.ContainsFunc(s.Items, func(it Item) bool { return string(it.ID) == pp.id }) {
				return "Item " + pp.id
			}
		}
	case "sections":
		if s := r.Section(SectionID(pp.id)); s != nil && s.Retired {
			return "Section " + s.Title
		}
	}
	return ""
}

// noteTemplate adds a version to those the log names.
func (d *Doc) noteTemplate(ref TemplateRef) {
	i, found := slices.BinarySearchFunc(d.Templates, ref, compareRefs)
	if !found {
		d.Templates = slices.Insert(d.Templates, i, ref)
	}
}

func compareRefs(a, b TemplateRef) int {
	if c := strings.Compare(a.ID, b.ID); c != 0 {
		return c
	}
	if a.Version != b.Version {
		return a.Version - b.Version
	}
	return strings.Compare(a.Digest, b.Digest)
}

// followTemplate lays the record out as the version value names, if it
// does not follow it already.
func (d *Doc) followTemplate(value json.RawMessage, cat *Catalog) error {
	var ref TemplateRef
	if err := json.Unmarshal(value, &ref); err != nil {
		return fmt.Errorf("value of %s: %w", PathTemplate, err)
	}
	if ref == d.Record.TemplateRef() {
		return nil
	}
	t, err := cat.Lookup(ref)
	if err != nil {
		return fmt.Errorf("record %s: %w", d.Record.ID, err)
	}
	d.layOut(t, cat)
	return nil
}

// layOut gives the record the sections, exit criteria and handover items of
// t, then puts every answer back from the heads: an item t still has keeps
// its answers, an answered item t lacks goes to the Retired items section
// (with its text from the newest version the log names that has it), a
// narrative t lacks stays while it holds text, and t's new items arrive
// not started. Nothing is dropped: the answers are the heads, which layOut
// only reads.
func (d *Doc) layOut(t *Template, cat *Catalog) {
	r := &d.Record
	fresh := Instantiate(*t, r.ID, NewRecord{Tier: r.Tier}, "", time.Time{})
	r.TemplateID, r.TemplateVersion, r.TemplateDigest, r.TemplateTier = t.ID, t.Version, t.ownDigest(), t.ownTier()
	r.HypercareDays = t.HypercareDays
	if len(d.Heads[PathHypercareWindow]) == 0 {
		r.Hypercare.Window.Days = t.HypercareDays
	}

	inT := map[string]bool{}
	for _, s := range t.Sections {
		inT["s/"+string(s.ID)] = true
		for _, it := range s.Items {
			inT["i/"+string(it.ID)] = true
		}
	}
	answered := map[string]bool{} // "s/<section>" or "i/<item>" with heads
	for p := range d.Heads {
		pp, err := parsePath(p)
		if err != nil || len(d.Heads[p]) == 0 {
			continue
		}
		switch pp.kind {
		case "sections":
			answered["s/"+pp.id] = true
		case "items":
			answered["i/"+pp.id] = true
		}
	}
	// Where the text of what t lacks comes from: the versions the log
	// names, newest first.
	var versions []*Template
	for i := len(d.Templates) - 1; i >= 0; i-- {
		if v, err := cat.Lookup(d.Templates[i]); err == nil && v.ID == t.ID {
			versions = append(versions, v)
		}
	}
	slices.SortStableFunc(versions, func(a, b *Template) int { return b.Version - a.Version })

	sections := fresh.Sections
	placed := map[string]bool{}
	retired := Section{ID: RetiredItemsSection, Title: "Retired items", Kind: KindRetired, Retired: true,
		Guidance: "Items a newer version of the template no longer has. Their answers are kept here as they were given; they no longer count toward readiness.",
		Items:    []Item{}}
	for _, v := range versions {
		for _, sd := range v.Sections {
			key := "s/" + string(sd.ID)
			if sd.Kind == KindNarrative && answered[key] && !inT[key] && !placed[key] {
				placed[key] = true
				sections = append(sections, Section{ID: sd.ID, Number: sd.Number, Title: sd.Title, Kind: sd.Kind, Prompt: sd.Prompt,
					Guidance: sd.Guidance, Retired: true})
			}
			for i := range sd.Items {
				key := "i/" + string(sd.Items[i].ID)
				if answered[key] && !inT[key] && !placed[key] {
					placed[key] = true
					retired.Items = append(retired.Items, templateItem(&sd.Items[i]))
				}
			}
		}
	}
	if len(retired.Items) > 0 {
		sections = append(sections, retired)
	}
	r.Sections = sections

	criteria := fresh.Hypercare.Criteria
	for _, c := range r.Hypercare.Criteria {
		if !slices.ContainsFunc(criteria, func(x Criterion) bool { return x.ID == c.ID }) && len(d.Heads[CriterionPath(c.ID)]) > 0 {
			criteria = append(criteria, c)
		}
	}
	r.Hypercare.Criteria = criteria
	items := fresh.Handover.Items
	for _, h := range r.Handover.Items {
		if !slices.ContainsFunc(items, func(x HandoverItem) bool { return x.ID == h.ID }) && len(d.Heads[HandoverItemPath(h.ID)]) > 0 {
			items = append(items, h)
		}
	}
	r.Handover.Items = items

	paths := make([]Path, 0, len(d.Heads))
	for p := range d.Heads {
		if s := string(p); strings.HasPrefix(s, "sections/") || strings.HasPrefix(s, "items/") ||
			strings.HasPrefix(s, "hypercare/criteria/") || strings.HasPrefix(s, "handover/items/") {
			paths = append(paths, p)
		}
	}
	slices.Sort(paths)
	for _, p := range paths {
		d.setWinner(p, cat) //nolint:errcheck // not the template path
	}
}

// Upgrade makes the change that moves a record to another version of its
// template (a newer one, or back).
func (m *Maker) Upgrade(d *Doc, to *Template) (Change, error) {
	if !d.Created {
		return Change{}, ErrNotCreated
	}
	r := &d.Record
	if to.ID != r.TemplateID {
		return Change{}, fmt.Errorf("record %s follows template %s, not %s: a record upgrades within its template", r.ID, r.TemplateID, to.ID)
	}
	ref := to.Ref()
	if ref == r.TemplateRef() {
		return Change{}, fmt.Errorf("record %s already follows %s", r.ID, ref)
	}
	b, err := json.Marshal(ref)
	if err != nil {
		return Change{}, err
	}
	if err := r.CheckValue(PathTemplate, b); err != nil {
		return Change{}, err
	}
	return m.change(r.ID, PathTemplate, b, d.HeadIDs(PathTemplate)), nil
}

// checkTemplateValue checks an upgrade's value: a version of the record's
// own template, named in full.
func (r *Record) checkTemplateValue(ref TemplateRef) error {
	if ref.ID != r.TemplateID {
		return fieldErr("template", "template", fmt.Sprintf("The record follows template %s; it cannot move to %s", r.TemplateID, ref.ID))
	}
	if ref.Version < 1 || !isDigest(ref.Digest) {
		return fieldErr("template", "template", "A template version is named by its number and the 64-digit digest of its text")
	}
	return nil
}

// DiffItem is one item an upgrade adds, removes or changes.
type DiffItem struct {
	ID      ItemID   `json:"id"`
	Section string   `json:"section"` // its section's title
	Text    string   `json:"text"`
	Was     string   `json:"was,omitempty"`     // a changed item's text before
	Changed []string `json:"changed,omitempty"` // what changed: text, why, evidence, n/a, risk, section
}

// TemplateDiff is what one version of a template changes from another.
type TemplateDiff struct {
	From            TemplateRef `json:"from"`
	To              TemplateRef `json:"to"`
	Added           []DiffItem  `json:"added"`
	Removed         []DiffItem  `json:"removed"`
	Changed         []DiffItem  `json:"changed"`
	SectionsAdded   []string    `json:"sectionsAdded"`
	SectionsRemoved []string    `json:"sectionsRemoved"`
	CriteriaChanged bool        `json:"criteriaChanged"` // exit criteria added, removed or reworded
	HandoverChanged bool        `json:"handoverChanged"`
	HypercareDays   [2]int      `json:"hypercareDays"` // from, to
}

// Empty reports whether the versions ask the same of a record.
func (d *TemplateDiff) Empty() bool {
	return len(d.Added)+len(d.Removed)+len(d.Changed)+len(d.SectionsAdded)+len(d.SectionsRemoved) == 0 &&
		!d.CriteriaChanged && !d.HandoverChanged && d.HypercareDays[0] == d.HypercareDays[1]
}

// Words says the difference in one line: "3 items added, 1 removed, 2
// reworded".
func (d *TemplateDiff) Words() string {
	var parts []string
	if n := len(d.Added); n > 0 {
		parts = append(parts, plural(n, "item", "items")+" added")
	}
	if n := len(d.Removed); n > 0 {
		parts = append(parts, fmt.Sprintf("%d removed", n))
	}
	if n := len(d.Changed); n > 0 {
		parts = append(parts, fmt.Sprintf("%d changed", n))
	}
	if n := len(d.SectionsAdded); n > 0 {
		parts = append(parts, plural(n, "section", "sections")+" added")
	}
	if n := len(d.SectionsRemoved); n > 0 {
		parts = append(parts, plural(n, "section", "sections")+" removed")
	}
	if d.CriteriaChanged {
		parts = append(parts, "exit criteria changed")
	}
	if d.HandoverChanged {
		parts = append(parts, "handover items changed")
	}
	if d.HypercareDays[0] != d.HypercareDays[1] {
		parts = append(parts, fmt.Sprintf("hypercare %d days instead of %d", d.HypercareDays[1], d.HypercareDays[0]))
	}
	if len(parts) == 0 {
		return "no difference to the checklist"
	}
	if len(parts) == 1 && len(d.Added) == 0 && len(d.Removed) > 0 {
		parts[0] = plural(len(d.Removed), "item", "items") + " removed"
	}
	return strings.Join(parts, ", ")
}

// DiffTemplates compares two versions, item by item (by id, which is what
// carries an answer from one to the other).
func DiffTemplates(from, to *Template) TemplateDiff {
	type place struct {
		def     *ItemDef
		section string
	}
	index := func(t *Template) (map[ItemID]place, []ItemID) {
		m := map[ItemID]place{}
		var order []ItemID
		for i := range t.Sections {
			s := &t.Sections[i]
			for j := range s.Items {
				m[s.Items[j].ID] = place{&s.Items[j], s.Title}
				order = append(order, s.Items[j].ID)
			}
		}
		return m, order
	}
	a, aOrder := index(from)
	b, bOrder := index(to)
	d := TemplateDiff{From: from.Ref(), To: to.Ref(), Added: []DiffItem{}, Removed: []DiffItem{}, Changed: []DiffItem{},
		SectionsAdded: []string{}, SectionsRemoved: []string{}, HypercareDays: [2]int{from.HypercareDays, to.HypercareDays}}
	for _, id := range bOrder {
		nb := b[id]
		na, ok := a[id]
		if !ok {
			d.Added = append(d.Added, DiffItem{ID: id, Section: nb.section, Text: nb.def.Text})
			continue
		}
		var what []string
		if na.def.Text != nb.def.Text {
			what = append(what, "text")
		}
		if na.def.Why != nb.def.Why {
			what = append(what, "why")
		}
		if na.def.Evidence != nb.def.Evidence {
			what = append(what, "evidence")
		}
		if na.def.NAAllowed != nb.def.NAAllowed {
			what = append(what, "n/a")
		}
		if na.def.Risk != nb.def.Risk {
			what = append(what, "risk")
		}
		if na.section != nb.section {
			what = append(what, "section")
		}
		if len(what) > 0 {
			di := DiffItem{ID: id, Section: nb.section, Text: nb.def.Text, Changed: what}
			if na.def.Text != nb.def.Text {
				di.Was = na.def.Text
			}
			d.Changed = append(d.Changed, di)
		}
	}
	for _, id := range aOrder {
		if _, ok := b[id]; !ok {
			d.Removed = append(d.Removed, DiffItem{ID: id, Section: a[id].section, Text: a[id].def.Text})
		}
	}
	for _, s := range to.Sections {
		if from.sectionDef(s.ID) == nil {
			d.SectionsAdded = append(d.SectionsAdded, s.Title)
		}
	}
	for _, s := range from.Sections {
		if to.sectionDef(s.ID) == nil {
			d.SectionsRemoved = append(d.SectionsRemoved, s.Title)
		}
	}
	d.CriteriaChanged = !slices.Equal(from.ExitCriteria, to.ExitCriteria)
	d.HandoverChanged = !slices.Equal(from.HandoverItems, to.HandoverItems)
	return d
}

// UpgradePreview is what upgrading a record would do, shown before the
// user confirms.
type UpgradePreview struct {
	Diff TemplateDiff `json:"diff"`
	// Readiness before and after: done and applicable items, percent.
	Before Progress `json:"before"`
	After  Progress `json:"after"`
	// Kept counts the answered items the new version still has; Retired
	// lists those it lacks (their answers move to Retired items); Added
	// counts the items that arrive not started.
	Kept    int      `json:"kept"`
	Retired []ItemID `json:"retired"`
	Added   int      `json:"added"`
	// StaleAcks counts the acknowledgements that will read "acknowledged
	// an earlier version".
	StaleAcks int `json:"staleAcks"`
}

// PreviewUpgrade folds the upgrade change c into a copy of the doc and
// compares: nothing is stored.
func PreviewUpgrade(d *Doc, c Change, cat *Catalog, now time.Time) (UpgradePreview, error) {
	from, err := cat.Lookup(d.Record.TemplateRef())
	if err != nil {
		return UpgradePreview{}, err
	}
	var ref TemplateRef
	if err := json.Unmarshal(c.Value, &ref); err != nil {
		return UpgradePreview{}, err
	}
	to, err := cat.Lookup(ref)
	if err != nil {
		return UpgradePreview{}, err
	}
	after, err := cloneDoc(d)
	if err != nil {
		return UpgradePreview{}, err
	}
	noLog := func(Path) ([]Change, error) { return nil, fmt.Errorf("a preview reads no log") }
	if err := after.Apply(c, noLog, cat); err != nil {
		return UpgradePreview{}, err
	}
	p := UpgradePreview{Diff: DiffTemplates(from, to), Before: ProgressOf(&d.Record, now), After: ProgressOf(&after.Record, now),
		Retired: []ItemID{}, Added: 0}
	p.Added = len(p.Diff.Added)
	answered := map[ItemID]bool{}
	for path, heads := range d.Heads {
		if pp, err := parsePath(path); err == nil && pp.kind == "items" && len(heads) > 0 {
			answered[ItemID(pp.id)] = true
		}
	}
	inTo := map[ItemID]bool{}
	for _, s := range to.Sections {
		for _, it := range s.Items {
			inTo[it.ID] = true
		}
	}
	for _, s := range d.Record.Sections {
		for _, it := range s.Items {
			if !answered[it.ID] {
				continue
			}
			if inTo[it.ID] {
				p.Kept++
			} else if s.Kind != KindRetired {
				p.Retired = append(p.Retired, it.ID)
			}
		}
	}
	for i := range after.Record.Acks {
		if after.Record.Acks[i].Stale(&after.Record) && !d.Record.Acks[i].Stale(&d.Record) {
			p.StaleAcks++
		}
	}
	return p, nil
}

// TemplateNamed returns the template version a change names: a creating
// change's template, or an upgrade's. A replica that lacks it cannot fold
// the record, so a peer is asked for it before the change is stored.
func TemplateNamed(c Change) (TemplateRef, bool) {
	switch c.Path {
	case PathCreate:
		var v createValue
		if json.Unmarshal(c.Value, &v) != nil || v.Template == nil {
			return TemplateRef{}, false
		}
		return *v.Template, true
	case PathTemplate:
		var ref TemplateRef
		if json.Unmarshal(c.Value, &ref) != nil {
			return TemplateRef{}, false
		}
		return ref, true
	}
	return TemplateRef{}, false
}
