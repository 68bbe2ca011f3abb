package templatefmt

import (
	"errors"
	"fmt"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"

	"readyroom/readiness"
)

// Options says how to import a file.
type Options struct {
	// FileName is the file's name: a hint to its format, and where the
	// template came from (Origin.From). Only its base name is kept.
	FileName string
	// Format forces a format (the command line's --format); empty: Detect.
	Format Format
	// ID is the template id to import as (the command line's --as); empty:
	// the id the file names, or one made from its name.
	ID string
	// Tier is the tier of a template made from a lens or a Markdown page,
	// which name none; empty: gold. A next version keeps its template's tier.
	Tier readiness.Tier
	// Previous are the published versions already held for the template,
	// oldest first (readiness.Catalog.Versions). With them the import is the
	// next draft of that template: its id, tier, hypercare length, exit
	// criteria and handover items, and every id keeping its meaning
	// (readiness.CheckVersions), so that readiness.Publish(draft, Previous,
	// …) makes the next version and records upgrade keeping their answers.
	Previous []*readiness.Template
}

// Imported is what an import made.
type Imported struct {
	// Template is a draft (version 0, not published) to edit and publish;
	// or, for a Ready Room file holding a published version, that version as
	// published, named by the digest records name.
	Template readiness.Template
	// Canonical is a published version's text, to store and send as it is;
	// nil for a draft.
	Canonical []byte
	Report    Report
}

// Published reports whether the import is a published version.
func (im *Imported) Published() bool { return im.Canonical != nil }

// Import reads a template file in any of the Formats: a file over MaxInput
// is refused unread, the format is Detected unless opt.Format names it,
// and what the file makes must pass readiness.CheckTemplate (and, with
// opt.Previous, readiness.CheckVersions), or the import is refused with
// each problem named by its place in the file. Nothing is stored: the
// caller keeps the result.
func Import(b []byte, opt Options) (Imported, error) {
	name := displayName(opt.FileName)
	if len(b) > MaxInput {
		return Imported{}, refuse(ErrTooLarge, "%s is larger than the %s an imported template file may take (it has %d bytes)", name, size(MaxInput), len(b))
	}
	f := opt.Format
	if f == "" {
		var err error
		if f, err = Detect(opt.FileName, b); err != nil {
			return Imported{}, err
		}
	} else {
		if _, err := ParseFormat(string(f)); err != nil {
			return Imported{}, err
		}
		if looks := sniffBinary(b); looks != "" {
			return Imported{}, refuse(ErrNotATemplate, "%s looks like %s, not %s", name, looks, f.Label())
		}
	}
	if err := checkPrevious(opt); err != nil {
		return Imported{}, err
	}
	if f == FormatReadyRoom {
		return importReadyRoom(name, b, opt)
	}
	bs, err := newBase(opt)
	if err != nil {
		return Imported{}, err
	}
	var d draft
	if f == FormatAWSLens {
		d, err = readLens(name, b, opt, bs)
	} else {
		d, err = readMarkdown(name, b, opt, bs)
	}
	if err != nil {
		return Imported{}, err
	}
	return finishDraft(d, opt, false)
}

// draft is a template read from a file, with the words that name each of
// its sections and items in that file.
type draft struct {
	t      readiness.Template
	src    sourceMap
	report Report
	file   string
}

// base is what a lens or a Markdown page does not say, which the template
// takes from the tier's shipped template or from its previous version.
type base struct {
	tier     readiness.Tier
	days     int
	criteria []readiness.CriterionDef
	handover []readiness.HandoverDef
	from     string          // where they come from, in words
	taken    map[string]bool // ids the criteria and handover items hold
	prev     *readiness.Template
	prevIDs  map[string]bool             // every id any previous version used
	prevText map[string]readiness.ItemID // an item's text (folded) → its id, newest version winning
}

func newBase(opt Options) (*base, error) {
	b := &base{tier: opt.Tier, taken: map[string]bool{}, prevIDs: map[string]bool{}, prevText: map[string]readiness.ItemID{}}
	if n := len(opt.Previous); n > 0 {
		p := opt.Previous[n-1]
		b.prev = p
		if b.tier == "" {
			b.tier = p.Tier
		}
		b.days, b.criteria, b.handover = p.HypercareDays, p.ExitCriteria, p.HandoverItems
		b.from = fmt.Sprintf("v%d", p.Version)
		for _, v := range opt.Previous {
			for _, s := range v.Sections {
				b.prevIDs[string(s.ID)] = true
				for _, it := range s.Items {
					b.prevIDs[string(it.ID)] = true
					b.prevText[foldText(it.Text)] = it.ID
				}
			}
			for _, c := range v.ExitCriteria {
				b.prevIDs[c.ID] = true
			}
			for _, h := range v.HandoverItems {
				b.prevIDs[h.ID] = true
			}
		}
	} else {
		if b.tier == "" {
			b.tier = readiness.Gold
		}
		if _, err := readiness.ParseTemplateTier(string(b.tier)); err != nil {
			return nil, err
		}
		shipped, err := readiness.TemplateByID(string(b.tier))
		if err != nil {
			shipped, _ = readiness.TemplateByID(string(readiness.Gold))
		}
		b.days = readiness.NewDraft("", "", b.tier).HypercareDays
		b.criteria, b.handover = shipped.ExitCriteria, shipped.HandoverItems
		b.from = shipped.Name
	}
	for _, c := range b.criteria {
		b.taken[c.ID] = true
	}
	for _, h := range b.handover {
		b.taken[h.ID] = true
	}
	return b, nil
}

// foldText is an item's text as compared across versions of a page: case
// and spacing aside.
func foldText(s string) string { return strings.ToLower(strings.Join(strings.Fields(s), " ")) }

// apply gives the template what the base holds.
func (b *base) apply(t *readiness.Template) {
	t.Tier, t.HypercareDays = b.tier, b.days
	t.ExitCriteria = append([]readiness.CriterionDef(nil), b.criteria...)
	t.HandoverItems = append([]readiness.HandoverDef(nil), b.handover...)
}

// checkPrevious checks the versions the caller holds: one template, and
// the id asked for is theirs.
func checkPrevious(opt Options) error {
	if len(opt.Previous) == 0 {
		return nil
	}
	id := ""
	for i, p := range opt.Previous {
		if p == nil {
			return fmt.Errorf("importing: previous version %d is missing", i+1)
		}
		if id != "" && p.ID != id {
			return fmt.Errorf("importing: the previous versions are of two templates, %s and %s", id, p.ID)
		}
		id = p.ID
	}
	if opt.ID != "" && opt.ID != id {
		return fmt.Errorf("importing as %s: the previous versions given are of %s", opt.ID, id)
	}
	return nil
}

// finishDraft gives the draft its id (and, as the next draft of a
// template, what it keeps from the version before), checks it and counts
// it.
func finishDraft(d draft, opt Options, ownEntries bool) (Imported, error) {
	t := &d.t
	t.Version, t.Published = 0, nil
	if opt.ID != "" {
		t.ID = opt.ID
	}
	var newest *readiness.Template
	if n := len(opt.Previous); n > 0 {
		newest = opt.Previous[n-1]
		t.ID = newest.ID
		if opt.Tier == "" && !ownEntries {
			t.Tier = newest.Tier
		}
		if newest.Origin != nil && t.Origin != nil {
			o := *newest.Origin
			o.From, o.Format, o.Note = t.Origin.From, t.Origin.Format, t.Origin.Note
			t.Origin = &o
		}
	}
	if opt.Tier != "" {
		t.Tier = opt.Tier
	}
	if err := readiness.CheckTemplate(t); err != nil {
		return Imported{}, d.refusal(err)
	}
	if err := readiness.CheckVersions(opt.Previous, t); err != nil {
		return Imported{}, d.refusal(err)
	}
	d.report.count(t)
	if newest != nil {
		diff := readiness.DiffTemplates(newest, t)
		d.report.note("This is the next draft of %s: compared with v%d, %s. Publishing it makes v%d, and records on earlier versions can upgrade keeping their answers.",
			newest.Name, newest.Version, diff.Words(), newest.Version+1)
	}
	return Imported{Template: d.t, Report: d.report}, nil
}

// refusal turns the checks' field errors into problems named by their
// place in the file; other errors pass through.
func (d *draft) refusal(err error) error {
	var ve *readiness.ValidationError
	if !errors.As(err, &ve) {
		return err
	}
	e := &ImportError{Format: d.report.Format, File: d.file, cause: err}
	for _, f := range ve.Fields {
		e.Problems = append(e.Problems, Problem{Where: d.src.where(f.Field), Field: f.Field, Message: f.Message})
	}
	return e
}

// sourceMap names the places of a file that a template's fields came
// from.
type sourceMap struct {
	fields   map[string]string // a top-level field (name, summary) → its place
	sections []string
	items    [][]string
}

var fieldIndex = regexp.MustCompile(`^sections\[(\d+)\](?:\.items\[(\d+)\])?`)

func (m *sourceMap) where(field string) string {
	if sm := fieldIndex.FindStringSubmatch(field); sm != nil {
		i, _ := strconv.Atoi(sm[1])
		if sm[2] != "" {
			j, _ := strconv.Atoi(sm[2])
			if i < len(m.items) && j < len(m.items[i]) {
				return m.items[i][j]
			}
		}
		if i < len(m.sections) {
			return m.sections[i]
		}
	}
	top := field
	if k := strings.IndexAny(field, ".["); k >= 0 {
		top = field[:k]
	}
	if w, ok := m.fields[top]; ok {
		return w
	}
	switch top {
	case "id":
		return "the template id"
	case "exitCriteria":
		return "the exit criteria"
	case "handoverItems":
		return "the handover items"
	}
	return ""
}

func (m *sourceMap) addSection(where string) {
	m.sections = append(m.sections, where)
	m.items = append(m.items, nil)
}

func (m *sourceMap) addItem(where string) {
	m.items[len(m.items)-1] = append(m.items[len(m.items)-1], where)
}

func displayName(fileName string) string {
	if fileName == "" {
		return "the file"
	}
	return filepath.Base(fileName)
}

// origin says where an imported template came from.
func origin(fileName string, f Format, note string) *readiness.Origin {
	from := ""
	if fileName != "" {
		from, _ = shorten(filepath.Base(fileName), readiness.MaxReason)
		from, _ = oneLine(from)
	}
	return &readiness.Origin{Kind: readiness.OriginImported, From: from, Format: string(f), Note: note}
}
