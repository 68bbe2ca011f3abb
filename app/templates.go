package app

import (
	"errors"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"time"

	"readyroom/app/store"
	"readyroom/readiness"
)

// Templates is the template library: the shipped Gold and Silver and the
// organisation's own, their drafts on this device, publishing, and moving
// records between versions. It works on the records service's database
// and, for upgrades, through its writes.
type Templates struct{ r *Records }

// Templates returns the template library over these records.
func (s *Records) Templates() *Templates { return &Templates{r: s} }

// TemplateVersionInfo is one published version in the library.
type TemplateVersionInfo struct {
	Version     int       `json:"version"`
	Digest      string    `json:"digest"` // empty for a shipped version
	PublishedAt time.Time `json:"publishedAt"`
	PublishedBy string    `json:"publishedBy"`
	Items       int       `json:"items"`
	Records     int       `json:"records"` // records following this version
}

// TemplateEntry is one template in the library.
type TemplateEntry struct {
	ID            string                `json:"id"`
	Name          string                `json:"name"`
	Tier          readiness.Tier        `json:"tier"`
	TierLabel     string                `json:"tierLabel"`
	HypercareDays int                   `json:"hypercareDays"`
	Summary       string                `json:"summary"`
	Shipped       bool                  `json:"shipped"`
	Origin        *readiness.Origin     `json:"origin"`
	Versions      []TemplateVersionInfo `json:"versions"` // oldest first
	Records       int                   `json:"records"`
	// Draft is set when this device holds a draft of the template (of its
	// first version, or of the next).
	Draft *TemplateDraftInfo `json:"draft"`
	// StandardChange is set on the template designated for standard
	// changes (SetStandardChange).
	StandardChange bool `json:"standardChange"`
}

// TemplateDraftInfo says what a draft is.
type TemplateDraftInfo struct {
	Name  string `json:"name"`
	Items int    `json:"items"`
	Next  int    `json:"next"` // the version it would publish as
}

// Library lists every template: the shipped ones first, then the
// organisation's own by name, with drafts not yet published last.
func (t *Templates) Library() ([]TemplateEntry, error) {
	db := t.r.db
	cat, err := db.Catalog()
	if err != nil {
		return nil, err
	}
	use, err := db.TemplateUse()
	if err != nil {
		return nil, err
	}
	drafts, err := db.Drafts()
	if err != nil {
		return nil, err
	}
	standard, err := db.Setting(store.SettingStandardChange)
	if err != nil {
		return nil, err
	}
	out := []TemplateEntry{}
	for _, id := range cat.IDs() {
		vs := cat.Versions(id)
		newest := vs[len(vs)-1]
		e := TemplateEntry{ID: id, Name: newest.Name, Tier: newest.Tier, TierLabel: readiness.TierLabel(newest.Tier),
			HypercareDays: newest.HypercareDays, Summary: newest.Summary, Shipped: newest.Shipped(), Origin: newest.Origin,
			Versions: []TemplateVersionInfo{}, StandardChange: id == standard}
		for _, v := range vs {
			vi := TemplateVersionInfo{Version: v.Version, Items: v.ItemCount(), Records: use[id][v.Version]}
			if !v.Shipped() {
				vi.Digest = v.Digest()
			}
			if v.Published != nil {
				vi.PublishedAt, vi.PublishedBy = v.Published.At, v.Published.By
			}
			e.Versions = append(e.Versions, vi)
			e.Records += vi.Records
		}
		if d, ok := drafts[id]; ok {
			e.Draft = &TemplateDraftInfo{Name: d.Name, Items: d.ItemCount(), Next: newest.Version + 1}
			delete(drafts, id)
		}
		out = append(out, e)
	}
	ids := make([]string, 0, len(drafts))
	for id := range drafts {
		ids = append(ids, id)
	}
	slices.Sort(ids)
	for _, id := range ids {
		d := drafts[id]
		out = append(out, TemplateEntry{ID: id, Name: d.Name, Tier: d.Tier, TierLabel: readiness.TierLabel(d.Tier),
			HypercareDays: d.HypercareDays, Summary: d.Summary, Origin: d.Origin, Versions: []TemplateVersionInfo{},
			Draft: &TemplateDraftInfo{Name: d.Name, Items: d.ItemCount(), Next: 1}})
	}
	return out, nil
}

// TemplateView is one version of a template, whole.
type TemplateView struct {
	Template readiness.Template `json:"template"`
	Digest   string             `json:"digest"`
	Shipped  bool               `json:"shipped"`
	Newest   int                `json:"newest"` // the newest version of the template
}

// ParseTemplateName reads "NAME" or "NAME@VERSION" (version 0: the newest).
func ParseTemplateName(s string) (id string, version int, err error) {
	id, v, found := strings.Cut(strings.TrimSpace(s), "@")
	if id == "" {
		return "", 0, fmt.Errorf("%w: name a template, such as gold or payments-gold@2", ErrInput)
	}
	if found {
		version, err = strconv.Atoi(strings.TrimPrefix(v, "v"))
		if err != nil || version < 1 {
			return "", 0, fmt.Errorf("%w: %q is not a version number (payments-gold@2)", ErrInput, v)
		}
	}
	return id, version, nil
}

// Version finds a published version by "NAME" or "NAME@VERSION".
func (t *Templates) Version(name string) (TemplateView, error) {
	id, version, err := ParseTemplateName(name)
	if err != nil {
		return TemplateView{}, err
	}
	cat, err := t.r.db.Catalog()
	if err != nil {
		return TemplateView{}, err
	}
	v, newest, err := findVersion(cat, id, version)
	if err != nil {
		return TemplateView{}, err
	}
	return TemplateView{Template: *v, Digest: v.Digest(), Shipped: v.Shipped(), Newest: newest}, nil
}

func findVersion(cat *readiness.Catalog, id string, version int) (*readiness.Template, int, error) {
	vs := cat.Versions(id)
	if len(vs) == 0 {
		return nil, 0, fmt.Errorf("template %s: %w (readyroom template list shows those there are)", id, readiness.ErrNotFound)
	}
	newest := vs[len(vs)-1].Version
	if version == 0 {
		return vs[len(vs)-1], newest, nil
	}
	// Two devices may each have published the same number: the later.
	for i := len(vs) - 1; i >= 0; i-- {
		if vs[i].Version == version {
			return vs[i], newest, nil
		}
	}
	return nil, 0, fmt.Errorf("template %s has no version %d (the newest is %d): %w", id, version, newest, readiness.ErrNotFound)
}

// DraftView is a draft with what publishing it would refuse, field by
// field (empty when it is ready), and what it would change from the
// version before.
type DraftView struct {
	Draft    readiness.Template      `json:"draft"`
	Problems []readiness.FieldError  `json:"problems"`
	Next     int                     `json:"next"`
	Diff     *readiness.TemplateDiff `json:"diff"` // from the newest version; nil for a first version
	Words    string                  `json:"words"`
}

// NewDraftInput starts a draft: from scratch, or from a version (From:
// "gold", "payments-gold@2").
type NewDraftInput struct {
	ID   string         `json:"id"`
	Name string         `json:"name"`
	Tier readiness.Tier `json:"tier"`
	From string         `json:"from"`
}

// NewDraft starts a draft of a new template.
func (t *Templates) NewDraft(in NewDraftInput) (DraftView, error) {
	in.ID, in.Name = strings.TrimSpace(in.ID), strings.TrimSpace(in.Name)
	var fe []readiness.FieldError
	if _, err := readiness.ParseTemplateID(in.ID); err != nil {
		fe = append(fe, readiness.FieldError{Field: "id", Rule: "id", Message: capitalise(err.Error())})
	}
	if in.Name == "" {
		fe = append(fe, readiness.FieldError{Field: "name", Rule: "required", Message: "Name is required"})
	}
	cat, err := t.r.db.Catalog()
	if err != nil {
		return DraftView{}, err
	}
	drafts, err := t.r.db.Drafts()
	if err != nil {
		return DraftView{}, err
	}
	if _, taken := cat.Newest(in.ID); taken {
		fe = append(fe, readiness.FieldError{Field: "id", Rule: "unique", Message: fmt.Sprintf("There is already a template %s; edit it to make its next version", in.ID)})
	} else if _, taken := drafts[in.ID]; taken {
		fe = append(fe, readiness.FieldError{Field: "id", Rule: "unique", Message: fmt.Sprintf("There is already a draft %s", in.ID)})
	}
	var d readiness.Template
	if in.From != "" {
		id, version, err := ParseTemplateName(in.From)
		if err != nil {
			return DraftView{}, err
		}
		from, _, err := findVersion(cat, id, version)
		if err != nil {
			return DraftView{}, err
		}
		d = readiness.DeriveDraft(from, in.ID, in.Name)
		if in.Tier != "" && in.Tier != d.Tier {
			d.Tier = in.Tier
		}
	} else {
		tier := in.Tier
		if tier == "" {
			tier = readiness.Gold
		}
		d = readiness.NewDraft(in.ID, in.Name, tier)
	}
	if _, err := readiness.ParseTemplateTier(string(d.Tier)); err != nil {
		fe = append(fe, readiness.FieldError{Field: "tier", Rule: "tier", Message: capitalise(err.Error())})
	}
	if len(fe) > 0 {
		return DraftView{}, &readiness.ValidationError{Fields: fe}
	}
	if err := t.r.db.PutDraft(d); err != nil {
		return DraftView{}, err
	}
	return t.draftView(d, cat)
}

// Draft returns a template's draft, as it stands, without starting one.
func (t *Templates) Draft(id string) (DraftView, error) {
	drafts, err := t.r.db.Drafts()
	if err != nil {
		return DraftView{}, err
	}
	d, ok := drafts[id]
	if !ok {
		return DraftView{}, fmt.Errorf("template %s has no draft: %w", id, readiness.ErrNotFound)
	}
	cat, err := t.r.db.Catalog()
	if err != nil {
		return DraftView{}, err
	}
	return t.draftView(d, cat)
}

// EditDraft returns the draft of a template, starting the next version's
// draft from the newest published one when there is none.
func (t *Templates) EditDraft(id string) (DraftView, error) {
	if v, err := t.Draft(id); !errors.Is(err, readiness.ErrNotFound) {
		return v, err // the draft there is, or a store error
	}
	cat, err := t.r.db.Catalog()
	if err != nil {
		return DraftView{}, err
	}
	newest, ok := cat.Newest(id)
	if !ok {
		return DraftView{}, fmt.Errorf("template %s: %w", id, readiness.ErrNotFound)
	}
	if newest.Shipped() {
		return DraftView{}, fmt.Errorf("%w: %s is Ready Room's own template and cannot be edited; derive a template of your own from it", ErrInput, newest.Name)
	}
	d := readiness.NextDraft(newest)
	if err := t.r.db.PutDraft(d); err != nil {
		return DraftView{}, err
	}
	return t.draftView(d, cat)
}

// SaveDraft stores a draft as edited. It is kept even when publishing
// would refuse it (a draft is work in progress); the view lists what to
// fix, field by field. Only what would make it unreadable is refused: an
// id that is not the draft's, or a draft over the size limit.
func (t *Templates) SaveDraft(d readiness.Template) (DraftView, error) {
	drafts, err := t.r.db.Drafts()
	if err != nil {
		return DraftView{}, err
	}
	was, ok := drafts[d.ID]
	if !ok {
		return DraftView{}, fmt.Errorf("draft %s: %w", d.ID, readiness.ErrNotFound)
	}
	// What the editor does not edit stays as it was.
	d.Version, d.Published, d.Origin = 0, nil, was.Origin
	d.Base, d.Include, d.IncludeExitCriteria, d.IncludeHandoverItems = "", nil, nil, nil
	if err := t.r.db.PutDraft(d); err != nil {
		return DraftView{}, err
	}
	cat, err := t.r.db.Catalog()
	if err != nil {
		return DraftView{}, err
	}
	return t.draftView(d, cat)
}

// DiscardDraft throws a draft away.
func (t *Templates) DiscardDraft(id string) error { return t.r.db.DeleteDraft(id) }

func (t *Templates) draftView(d readiness.Template, cat *readiness.Catalog) (DraftView, error) {
	v := DraftView{Draft: d, Problems: []readiness.FieldError{}, Next: 1}
	prev := cat.Versions(d.ID)
	if len(prev) > 0 {
		v.Next = prev[len(prev)-1].Version + 1
	}
	check := d
	check.Version, check.Published = v.Next, &readiness.Publication{At: t.r.now(), By: t.r.Author()}
	err := readiness.CheckTemplate(&check)
	if err == nil {
		err = readiness.CheckVersions(prev, &check)
	}
	var ve *readiness.ValidationError
	switch {
	case errors.As(err, &ve):
		v.Problems = ve.Fields
	case err != nil:
		v.Problems = []readiness.FieldError{{Field: "", Rule: "template", Message: err.Error()}}
	}
	if len(prev) > 0 {
		diff := readiness.DiffTemplates(prev[len(prev)-1], &check)
		v.Diff, v.Words = &diff, diff.Words()
	}
	return v, nil
}

// PreviewDraft is a record as the draft would make it: what a squad would
// see, nothing stored.
func (t *Templates) PreviewDraft(id string) (readiness.Record, error) {
	drafts, err := t.r.db.Drafts()
	if err != nil {
		return readiness.Record{}, err
	}
	d, ok := drafts[id]
	if !ok {
		return readiness.Record{}, fmt.Errorf("draft %s: %w", id, readiness.ErrNotFound)
	}
	today := readiness.DateOf(t.r.now())
	r := readiness.Instantiate(d, "", readiness.NewRecord{Title: "Preview of " + d.Name, Service: "Your service",
		Squad: "Your squad", Tier: d.Tier, GoLive: string(today.AddDays(28))}, t.r.Author(), t.r.now())
	return r, nil
}

// Publish freezes a draft as its template's next version.
func (t *Templates) Publish(id string) (TemplateView, error) {
	by := t.r.Author()
	// One publish at a time on this device: each numbers its version
	// after the ones stored.
	t.r.mu.Lock()
	defer t.r.mu.Unlock()
	drafts, err := t.r.db.Drafts()
	if err != nil {
		return TemplateView{}, err
	}
	d, ok := drafts[id]
	if !ok {
		return TemplateView{}, fmt.Errorf("draft %s: %w (edit the template to start one)", id, readiness.ErrNotFound)
	}
	cat, err := t.r.db.Catalog()
	if err != nil {
		return TemplateView{}, err
	}
	v, text, err := readiness.Publish(d, cat.Versions(id), by, t.r.now())
	if err != nil {
		return TemplateView{}, err
	}
	if _, err := t.r.db.PublishDraft(text); err != nil {
		return TemplateView{}, err
	}
	return TemplateView{Template: v, Digest: v.Digest(), Newest: v.Version}, nil
}

// AddPublished stores published versions from their texts (an exported
// file, a peer): what was new.
func (t *Templates) AddPublished(texts ...[]byte) ([]readiness.TemplateRef, error) {
	return t.r.db.AddTemplates(texts...)
}

// UpgradeView is what upgrading a record would do, before the user
// confirms.
type UpgradeView struct {
	Preview readiness.UpgradePreview `json:"preview"`
	Words   string                   `json:"words"`
	Name    string                   `json:"name"` // the template's
}

// TemplateStatus says which version a record follows and whether a newer
// one exists.
type TemplateStatus struct {
	Name    string `json:"name"`
	Version int    `json:"version"`
	Shipped bool   `json:"shipped"`
	Newest  int    `json:"newest"`
	// Words is the difference to the newest, when newer: "2 items added,
	// 1 removed".
	Words string `json:"words"`
}

// StatusOf says where a record stands against its template's versions.
func (t *Templates) StatusOf(r *readiness.Record) (TemplateStatus, error) {
	cat, err := t.r.db.Catalog()
	if err != nil {
		return TemplateStatus{}, err
	}
	st := TemplateStatus{Name: r.TemplateID, Version: r.TemplateVersion, Newest: r.TemplateVersion}
	cur, err := cat.Lookup(r.TemplateRef())
	if err != nil {
		return st, nil
	}
	st.Name, st.Shipped = cur.Name, cur.Shipped()
	if newest, ok := cat.Newest(r.TemplateID); ok && newest.Digest() != cur.Digest() && newest.Version > cur.Version {
		st.Newest = newest.Version
		d := readiness.DiffTemplates(cur, newest)
		st.Words = d.Words()
	}
	return st, nil
}

// upgradeTo finds the version a record moves to: version 0 is the newest.
func (t *Templates) upgradeTo(d *readiness.Doc, version int) (*readiness.Template, *readiness.Catalog, error) {
	cat, err := t.r.db.Catalog()
	if err != nil {
		return nil, nil, err
	}
	to, _, err := findVersion(cat, d.Record.TemplateID, version)
	if err != nil {
		return nil, nil, err
	}
	return to, cat, nil
}

// PreviewUpgrade says what moving a record to a version (0: the newest)
// would do; nothing is stored.
func (t *Templates) PreviewUpgrade(id string, version int) (UpgradeView, error) {
	rid, err := readiness.ParseRecordID(id)
	if err != nil {
		return UpgradeView{}, err
	}
	d, err := t.r.db.Doc(rid)
	if err != nil {
		return UpgradeView{}, err
	}
	to, cat, err := t.upgradeTo(&d, version)
	if err != nil {
		return UpgradeView{}, err
	}
	t.r.mu.Lock()
	c, err := t.r.maker.Upgrade(&d, to)
	t.r.mu.Unlock()
	if err != nil {
		return UpgradeView{}, fmt.Errorf("%w: %v", ErrInput, err)
	}
	p, err := readiness.PreviewUpgrade(&d, c, cat, t.r.now())
	if err != nil {
		return UpgradeView{}, err
	}
	return UpgradeView{Preview: p, Words: p.Diff.Words(), Name: to.Name}, nil
}

// Upgrade moves a record to a version of its template (0: the newest): one
// change in its log, undone like any edit.
func (t *Templates) Upgrade(id string, version int) (RecordView, error) {
	return t.r.write(id, func(d *readiness.Doc) (readiness.Change, error) {
		to, _, err := t.upgradeTo(d, version)
		if err != nil {
			return readiness.Change{}, err
		}
		c, err := t.r.maker.Upgrade(d, to)
		if err != nil {
			return readiness.Change{}, fmt.Errorf("%w: %v", ErrInput, err)
		}
		return c, nil
	})
}

func capitalise(s string) string {
	if s == "" {
		return s
	}
	return strings.ToUpper(s[:1]) + s[1:]
}

// StandardChange is the template designated for standard changes: its id
// and name, or "" when none is (or the one designated is gone).
func (t *Templates) StandardChange() (id, name string, err error) {
	id, err = t.r.db.Setting(store.SettingStandardChange)
	if err != nil || id == "" {
		return "", "", err
	}
	cat, err := t.r.db.Catalog()
	if err != nil {
		return "", "", err
	}
	vs := cat.Versions(id)
	if len(vs) == 0 {
		return "", "", nil
	}
	return id, vs[len(vs)-1].Name, nil
}

// SetStandardChange designates one of the organisation's published
// templates for standard changes ("" for none): the shorter path the tier
// questionnaire suggests to a service with a proven run of clean releases.
// A shipped template (Gold, Silver) is not a standard-change path.
func (t *Templates) SetStandardChange(id string) error {
	id = strings.TrimSpace(id)
	if id != "" {
		cat, err := t.r.db.Catalog()
		if err != nil {
			return err
		}
		vs := cat.Versions(id)
		switch {
		case len(vs) == 0:
			return fmt.Errorf("template %s: %w (publish it first)", id, readiness.ErrNotFound)
		case vs[len(vs)-1].Shipped():
			return &readiness.ValidationError{Fields: []readiness.FieldError{{Field: "template", Rule: "own",
				Message: "Gold and Silver are the full paths: designate one of your organisation's templates for standard changes"}}}
		}
	}
	return t.r.db.SetSetting(store.SettingStandardChange, id)
}
