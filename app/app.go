// Package app is Ready Room's application layer: the facade bound to the
// Wails window (App), the services behind it, and sub-packages for the edges
// (store). Bound methods are thin: check the arguments, call a service,
// return (T, error). Wails generates typed TypeScript from them.
package app

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"runtime/debug"
	"strings"
	"sync"

	"readyroom/app/store"
	"readyroom/readiness"
)

// Version is set at build time with -ldflags "-X readyroom/app.Version=…".
var Version = "0.1.0-dev"

// core is what every bound service shares: the window, the services
// behind it, and the startup problem when the data could not be opened.
// Its methods are unexported, so Wails binds none of them.
type core struct {
	ctxMu   sync.Mutex
	ctx     context.Context // the window's, from Startup; read through context()
	records *Records
	network *Network
	shell   Shell // the window; nil in tests and headless use
	dataDir string
	problem error // why the data could not be opened; the window explains it
	restart bool  // a backup was restored: start again on it
	// restoreFile is the backup the Backups page chose, put in place of the
	// database once the window has closed (FinishRestore).
	restoreFile string
	// restoreNote is how the restore this process started after went, read
	// (and its file removed) once, by the first page that asks.
	restoreNoteOnce sync.Once
	restoreNote     *RestoreNote
}

// The services bound to the window, each a few thin methods over the
// services behind them; Wails generates one TypeScript module each
// (frontend/wailsjs/go/app/<Service>.js).
type (
	// App is this install: version, author, templates, the tier
	// questionnaire, and the problem window's backups.
	App struct{ *core }
	// RecordService reads and edits records: the home screen, details,
	// checklist items, risks, contacts, history, undo, search.
	RecordService struct{ *core }
	// LifecycleService moves records through their lifecycle: ceremonies,
	// hypercare, handover, actions, acknowledgements.
	LifecycleService struct{ *core }
	// NetworkService pairs and shares with teammates on the LAN.
	NetworkService struct{ *core }
	// ExportService writes packs, reports and Markdown pages.
	ExportService struct{ *core }
	// TemplateService is the template library: the organisation's own
	// templates, their drafts and versions, imports, and record upgrades.
	TemplateService struct{ *core }
)

// Services are the structs bound to the window (Wails' Bind). A function,
// not a method, so that it is not bound itself.
func Services(a *App) []any {
	return []any{a, &RecordService{a.core}, &LifecycleService{a.core}, &NetworkService{a.core}, &ExportService{a.core}, &TemplateService{a.core}, &BackupService{a.core}, &LinkService{a.core}, &DeskService{a.core}}
}

// New builds the facade. shell may be nil (tests, headless use). The window
// hears of every committed batch of changes once, with the ids of the
// records it touched (the store's one notification path).
func New(records *Records, dataDir string, shell Shell) *App {
	a := &App{&core{records: records, shell: shell, dataDir: dataDir}}
	if records != nil {
		records.db.Subscribe(func(c store.Commit) { a.notify(EventRecordsChanged, recordIDs(c.Records)) })
	}
	return a
}

func recordIDs(ids []readiness.RecordID) []string {
	out := make([]string, len(ids))
	for i, id := range ids {
		out[i] = string(id)
	}
	return out
}

// NewProblem builds a facade for a window that only explains why Ready Room
// could not open its data (a damaged or newer database, an unwritable
// folder), so that someone who started it from a menu sees the reason.
func NewProblem(err error, dataDir string, shell Shell) *App {
	return &App{&core{problem: err, dataDir: dataDir, shell: shell}}
}

// StartupProblem is why the data could not be opened, or "" when all is well.
func (a *App) StartupProblem() string {
	if a.problem == nil {
		return ""
	}
	return a.problem.Error()
}

func (a *core) notify(event string, data ...any) {
	if ctx := a.context(); ctx != nil && a.shell != nil {
		a.shell.Emit(ctx, event, data...)
	}
}

// Startup is passed to Wails as OnStartup (a method value, so it is not
// bound). The network may already be emitting from other goroutines. While
// the window loads, the search index is built in the background, so that
// the first search finds it ready.
func (a *App) Startup(ctx context.Context) {
	a.ctxMu.Lock()
	a.ctx = ctx
	a.ctxMu.Unlock()
	if a.records != nil {
		done := a.records.IndexInBackground()
		go func() {
			// Building the home screen's rows and the search index at start
			// leaves twice their size in garbage, which Go would hand back
			// to the system only minutes later: the window's memory, as the
			// system counts it, is its peak until then.
			<-done
			debug.FreeOSMemory()
		}()
	}
	a.startReminders(ctx)
}

// context is the window's context, nil before Startup.
func (a *core) context() context.Context {
	a.ctxMu.Lock()
	defer a.ctxMu.Unlock()
	return a.ctx
}

// Info describes this install for the About box and support.
type Info struct {
	Version string `json:"version"`
	DataDir string `json:"dataDir"`
	Replica string `json:"replica"`
	Author  string `json:"author"`
}

// Info returns the version, data directory and replica id.
func (a *App) Info() Info {
	if a.records == nil {
		return Info{Version: Version, DataDir: a.dataDir}
	}
	return Info{Version: Version, DataDir: a.dataDir, Replica: string(a.records.db.Replica()), Author: a.records.Author()}
}

// SetAuthorName changes the name written into your changes.
func (a *App) SetAuthorName(name string) (Info, error) {
	if a.records == nil {
		return unopened[Info](a.core)
	}
	if err := a.records.SetAuthor(name); err != nil {
		return Info{}, err
	}
	return a.Info(), nil
}

// TemplateInfo describes a built-in template for the new-record flow.
type TemplateInfo struct {
	ID            string         `json:"id"`
	Name          string         `json:"name"`
	Tier          readiness.Tier `json:"tier"`
	Version       int            `json:"version"`
	Summary       string         `json:"summary"`
	Items         int            `json:"items"`
	Sections      int            `json:"sections"`
	HypercareDays int            `json:"hypercareDays"`
	Shipped       bool           `json:"shipped"`
	TierLabel     string         `json:"tierLabel"`
}

// Templates lists the templates a new record can be made from: the
// shipped ones and the newest version of each of the organisation's own.
func (a *App) Templates() ([]TemplateInfo, error) {
	if a.records == nil {
		return []TemplateInfo{}, nil
	}
	cat, err := a.records.db.Catalog()
	if err != nil {
		return nil, err
	}
	out := []TemplateInfo{}
	for _, id := range cat.IDs() {
		t, _ := cat.Newest(id)
		out = append(out, TemplateInfo{ID: t.ID, Name: t.Name, Tier: t.Tier, Version: t.Version, Summary: t.Summary,
			Items: t.ItemCount(), Sections: len(t.Sections), HypercareDays: t.HypercareDays, Shipped: t.Shipped(),
			TierLabel: readiness.TierLabel(t.Tier)})
	}
	return out, nil
}

// TemplateLibrary lists every template with its versions, where it came
// from and how many records follow each version, and the drafts here.
func (a *TemplateService) TemplateLibrary() ([]TemplateEntry, error) {
	if a.records == nil {
		return unopened[[]TemplateEntry](a.core)
	}
	return a.records.Templates().Library()
}

// TemplateVersion returns one version whole: "gold", "payments-gold@2".
func (a *TemplateService) TemplateVersion(name string) (TemplateView, error) {
	if a.records == nil {
		return unopened[TemplateView](a.core)
	}
	return a.records.Templates().Version(name)
}

// NewTemplateDraft starts a template of the organisation's own, from
// scratch or derived from a version (From).
func (a *TemplateService) NewTemplateDraft(in NewDraftInput) (DraftView, error) {
	if a.records == nil {
		return unopened[DraftView](a.core)
	}
	return a.records.Templates().NewDraft(in)
}

// EditTemplate returns the draft of a template's next version, starting
// it from the newest version when there is none.
func (a *TemplateService) EditTemplate(id string) (DraftView, error) {
	if a.records == nil {
		return unopened[DraftView](a.core)
	}
	return a.records.Templates().EditDraft(id)
}

// SaveTemplateDraft stores a draft as edited and says what publishing it
// would refuse, field by field.
func (a *TemplateService) SaveTemplateDraft(d readiness.Template) (DraftView, error) {
	if a.records == nil {
		return unopened[DraftView](a.core)
	}
	return a.records.Templates().SaveDraft(d)
}

// DiscardTemplateDraft throws a draft away.
func (a *TemplateService) DiscardTemplateDraft(id string) error {
	if a.records == nil {
		return a.unopened()
	}
	return a.records.Templates().DiscardDraft(id)
}

// PreviewTemplateDraft is a record as the draft would make it.
func (a *TemplateService) PreviewTemplateDraft(id string) (readiness.Record, error) {
	if a.records == nil {
		return unopened[readiness.Record](a.core)
	}
	return a.records.Templates().PreviewDraft(id)
}

// PublishTemplate freezes a draft as its template's next version.
func (a *TemplateService) PublishTemplate(id string) (TemplateView, error) {
	if a.records == nil {
		return unopened[TemplateView](a.core)
	}
	return a.records.Templates().Publish(id)
}

// PreviewUpgrade says what moving a record to a version of its template
// (0: the newest) would do: the difference, and readiness before and after.
func (a *TemplateService) PreviewUpgrade(id string, version int) (UpgradeView, error) {
	if a.records == nil {
		return unopened[UpgradeView](a.core)
	}
	return a.records.Templates().PreviewUpgrade(id, version)
}

// ImportTemplate reads a template file the window was given (its name and
// text): Ready Room's own export, an AWS Well-Architected custom lens, or
// a Markdown checklist (format "" detects it). A published version is
// added as it is; anything else becomes a draft to review and publish.
// It says in words what it took and what it left out.
func (a *TemplateService) ImportTemplate(fileName, content, format, as string) (TemplateImport, error) {
	if a.records == nil {
		return unopened[TemplateImport](a.core)
	}
	return a.records.Templates().Import(fileName, []byte(content), format, as)
}

// ExportTemplate asks where to save a version as a template file (a native
// save dialog) and writes it there: the path, or "" when cancelled.
func (a *TemplateService) ExportTemplate(name string) (string, error) {
	if a.records == nil {
		return unopened[string](a.core)
	}
	file, v, err := a.records.Templates().ExportFile(name)
	if err != nil {
		return "", err
	}
	ctx := a.context()
	if ctx == nil || a.shell == nil {
		return "", fmt.Errorf("saving needs the desktop window")
	}
	path, err := a.shell.SaveFile(ctx, SaveDialog{Title: "Export template", DefaultFilename: fileName(v.Template.ID, fmt.Sprintf("v%d", v.Template.Version)) + ".json",
		FilterName: "Ready Room template (*.json)", Pattern: "*.json"})
	if err != nil || path == "" {
		return "", err
	}
	return path, WriteOutput(a.dataDir, path, func(w io.Writer) error { _, err := w.Write(file); return err })
}

// UpgradeRecord moves a record to a version of its template (0: the
// newest), keeping every answer.
func (a *TemplateService) UpgradeRecord(id string, version int) (RecordView, error) {
	if a.records == nil {
		return unopened[RecordView](a.core)
	}
	return a.records.Templates().Upgrade(id, version)
}

// TierQuestions returns the tier questionnaire.
func (a *App) TierQuestions() []readiness.Question { return readiness.Questions }

// RecommendTier applies the questionnaire rule to the squad's answers,
// then what the service's track record says (readiness.RecommendWith):
// a service with no release yet, or none given, gets the questionnaire's
// answer alone.
func (a *App) RecommendTier(answers readiness.Answers, service string) (readiness.Recommendation, error) {
	if a.records == nil {
		return readiness.Recommend(answers), nil
	}
	adv, err := a.records.Advice(service)
	if err != nil {
		return readiness.Recommendation{}, err
	}
	rec := readiness.RecommendWith(answers, adv)
	if adv.StandardChange && rec.Tier != readiness.Gold { // a question calling for Gold closes the shorter path
		if rec.StandardTemplate, rec.StandardTemplateName, err = a.records.Templates().StandardChange(); err != nil {
			return readiness.Recommendation{}, err
		}
	}
	return rec, nil
}

// SetStandardChange designates a template for standard changes ("" for none).
func (a *TemplateService) SetStandardChange(id string) error {
	if a.records == nil {
		return a.unopened()
	}
	return a.records.Templates().SetStandardChange(id)
}

// Home returns the home screen.
func (a *RecordService) Home() (Home, error) {
	if a.records == nil {
		return unopened[Home](a.core)
	}
	return a.records.Home()
}

// Rows returns every record's row, for the portfolio.
func (a *RecordService) Rows() (Rows, error) {
	if a.records == nil {
		return unopened[Rows](a.core)
	}
	return a.records.Rows()
}

// CheckRecordDetails validates the release details of the new-record flow
// without storing anything, and returns what is worth a second look without
// being refused (a go-live date already past).
func (a *RecordService) CheckRecordDetails(in readiness.NewRecord) ([]readiness.FieldError, error) {
	if a.records == nil {
		return unopened[[]readiness.FieldError](a.core)
	}
	trimNewRecord(&in)
	if err := in.CheckDetails(); err != nil {
		return nil, err
	}
	return in.Warnings(readiness.DateOf(a.records.now())), nil
}

// CreateRecord makes a record from the new-record flow.
func (a *RecordService) CreateRecord(in readiness.NewRecord) (RecordView, error) {
	if a.records == nil {
		return unopened[RecordView](a.core)
	}
	return a.changed(a.records.Create(in))
}

// GetRecord returns a record.
func (a *RecordService) GetRecord(id string) (RecordView, error) {
	if a.records == nil {
		return unopened[RecordView](a.core)
	}
	return a.records.Get(id)
}

// SetField sets one of the record's details: title, service, squad, sdm,
// maintenanceTeam or goLive.
func (a *RecordService) SetField(id, field, value string) (RecordView, error) {
	if a.records == nil {
		return unopened[RecordView](a.core)
	}
	if err := checkOneOf("field", field, []string{"title", "service", "squad", "sdm", "maintenanceTeam", "goLive"}); err != nil {
		return RecordView{}, err
	}
	return a.changed(a.records.Edit(id, readiness.Path(field), strings.TrimSpace(value)))
}

// SetTier changes the record's tier, with the reason.
func (a *RecordService) SetTier(id string, tier readiness.Tier, reason string) (RecordView, error) {
	if a.records == nil {
		return unopened[RecordView](a.core)
	}
	return a.changed(a.records.Edit(id, "tier", readiness.TierValue{Tier: tier, Reason: strings.TrimSpace(reason)}))
}

// SetSectionText sets a narrative section's text.
func (a *RecordService) SetSectionText(id, section, text string) (RecordView, error) {
	if a.records == nil {
		return unopened[RecordView](a.core)
	}
	sid, err := readiness.ParseSectionID(section)
	if err != nil {
		return RecordView{}, err
	}
	return a.changed(a.records.Edit(id, readiness.SectionTextPath(sid), text))
}

// SetItemStatus sets an item's status; n/a and blocked need a reason.
func (a *RecordService) SetItemStatus(id, item string, status readiness.Status, reason string) (RecordView, error) {
	if a.records == nil {
		return unopened[RecordView](a.core)
	}
	iid, err := readiness.ParseItemID(item)
	if err != nil {
		return RecordView{}, err
	}
	if !status.NeedsReason() {
		reason = ""
	}
	return a.changed(a.records.Edit(id, readiness.ItemPath(iid, "status"), readiness.StatusValue{Status: status, Reason: strings.TrimSpace(reason)}))
}

// SetItemField sets an item's owner, due date (2026-12-01, or empty) or notes.
func (a *RecordService) SetItemField(id, item, field, value string) (RecordView, error) {
	if a.records == nil {
		return unopened[RecordView](a.core)
	}
	iid, err := readiness.ParseItemID(item)
	if err != nil {
		return RecordView{}, err
	}
	if err := checkOneOf("field", field, []string{"owner", "due", "notes"}); err != nil {
		return RecordView{}, err
	}
	if field != "notes" {
		value = strings.TrimSpace(value)
	}
	return a.changed(a.records.Edit(id, readiness.ItemPath(iid, field), value))
}

// SetItemEvidence replaces an item's evidence links and notes.
func (a *RecordService) SetItemEvidence(id, item string, evidence []readiness.Evidence) (RecordView, error) {
	if a.records == nil {
		return unopened[RecordView](a.core)
	}
	iid, err := readiness.ParseItemID(item)
	if err != nil {
		return RecordView{}, err
	}
	if evidence == nil {
		evidence = []readiness.Evidence{}
	}
	for i := range evidence {
		evidence[i].Label, evidence[i].URL = strings.TrimSpace(evidence[i].Label), strings.TrimSpace(evidence[i].URL)
	}
	return a.changed(a.records.Edit(id, readiness.ItemPath(iid, "evidence"), evidence))
}

// SaveRisk adds a risk (empty id) or replaces one.
func (a *RecordService) SaveRisk(id string, risk readiness.Risk) (RecordView, error) {
	if a.records == nil {
		return unopened[RecordView](a.core)
	}
	eid, err := entityID(string(risk.ID))
	if err != nil {
		return RecordView{}, err
	}
	risk.ID = eid
	return a.changed(a.records.Edit(id, readiness.RiskPath(eid), risk))
}

// DeleteRisk removes a risk (a change like any other: it can be undone).
func (a *RecordService) DeleteRisk(id, riskID string) (RecordView, error) {
	if a.records == nil {
		return unopened[RecordView](a.core)
	}
	eid, err := readiness.ParseEntityID(riskID)
	if err != nil {
		return RecordView{}, err
	}
	return a.changed(a.records.Edit(id, readiness.RiskPath(eid), nil))
}

// SaveContact adds a contact (empty id) or replaces one.
func (a *RecordService) SaveContact(id string, contact readiness.Contact) (RecordView, error) {
	if a.records == nil {
		return unopened[RecordView](a.core)
	}
	eid, err := entityID(string(contact.ID))
	if err != nil {
		return RecordView{}, err
	}
	contact.ID = eid
	return a.changed(a.records.Edit(id, readiness.ContactPath(eid), contact))
}

// DeleteContact removes a contact.
func (a *RecordService) DeleteContact(id, contactID string) (RecordView, error) {
	if a.records == nil {
		return unopened[RecordView](a.core)
	}
	eid, err := readiness.ParseEntityID(contactID)
	if err != nil {
		return RecordView{}, err
	}
	return a.changed(a.records.Edit(id, readiness.ContactPath(eid), nil))
}

// Undo reverts your newest change to the record that is not yet undone.
func (a *RecordService) Undo(id string) (RecordView, error) {
	if a.records == nil {
		return unopened[RecordView](a.core)
	}
	return a.changed(a.records.Undo(id))
}

// ResolveConflict keeps one of the competing values of a path.
func (a *RecordService) ResolveConflict(id, path, changeID string) (RecordView, error) {
	if a.records == nil {
		return unopened[RecordView](a.core)
	}
	return a.changed(a.records.Resolve(id, readiness.Path(path), readiness.ChangeID(changeID)))
}

// History lists a record's changes, newest first.
func (a *RecordService) History(id string) ([]readiness.HistoryEntry, error) {
	if a.records == nil {
		return unopened[[]readiness.HistoryEntry](a.core)
	}
	return a.records.History(id)
}

// ReadinessOverTime is a record's readiness from its creation to its
// go-live, day by day, with its ceremonies.
func (a *RecordService) ReadinessOverTime(id string) (readiness.ReadinessCurve, error) {
	if a.records == nil {
		return unopened[readiness.ReadinessCurve](a.core)
	}
	return a.records.ReadinessOverTime(id)
}

// LoadExamples adds the example records and returns how many were added.
func (a *RecordService) LoadExamples() (int, error) {
	if a.records == nil {
		return unopened[int](a.core)
	}
	return LoadDemo(a.records)
}

// changed passes an edit's result on; the window hears of the change from
// the store, once.
func (a *core) changed(v RecordView, err error) (RecordView, error) { return v, err }

// FormatError is passed to Wails as ErrorFormatter. The frontend receives a
// JSON string: {"message": "...", "code": "...", "fields": [{"field", "rule",
// "message"}]}, so validation messages can be shown next to their fields and
// the window can act on the kind of failure (see errcodes.go).
func FormatError(err error) any {
	out := struct {
		Message string                 `json:"message"`
		Code    string                 `json:"code,omitempty"`
		Fields  []readiness.FieldError `json:"fields,omitempty"`
	}{Message: err.Error(), Code: ErrorCode(err)}
	var ve *readiness.ValidationError
	if errors.As(err, &ve) {
		out.Fields = ve.Fields
	}
	b, _ := json.Marshal(out)
	return string(b)
}

// unopened is what a service says when the window runs without data (the
// database could not be opened: NewProblem): an error in words, never a
// nil dereference. The window asks nothing of them then; a script calling
// through the bindings gets this.
func unopened[T any](c *core) (T, error) {
	var zero T
	return zero, c.unopened()
}

func (c *core) unopened() error {
	if c.problem != nil {
		return fmt.Errorf("%w (Ready Room could not open its data: %v)", ErrUnavailable, c.problem)
	}
	return ErrUnavailable
}
