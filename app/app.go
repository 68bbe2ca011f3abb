// Package app is Ready Room's application layer: the facade bound to the
// Wails window (App), the services behind it, and sub-packages for the edges
// (store). Bound methods are thin: check the arguments, call a service,
// return (T, error). Wails generates typed TypeScript from them.
package app

import (
	"context"
	"encoding/json"
	"errors"
	"strings"

	"readyroom/readiness"
)

// Version is set at build time with -ldflags "-X readyroom/app.Version=…".
var Version = "0.1.0-dev"

// App is bound to the window. Its exported methods are the frontend's API.
type App struct {
	ctx     context.Context
	records *Records
	network *Network
	emit    Emitter
	dataDir string
	problem error // why the data could not be opened; the window explains it
	restart bool  // a backup was restored: start again on it
}

// Emitter publishes an event to the window: Wails' runtime.EventsEmit.
type Emitter func(ctx context.Context, event string, data ...any)

// New builds the facade. emit may be nil (tests, headless use).
func New(records *Records, dataDir string, emit Emitter) *App {
	return &App{records: records, emit: emit, dataDir: dataDir}
}

// NewProblem builds a facade for a window that only explains why Ready Room
// could not open its data (a damaged or newer database, an unwritable
// folder), so that someone who started it from a menu sees the reason.
func NewProblem(err error, dataDir string) *App {
	return &App{problem: err, dataDir: dataDir}
}

// StartupProblem is why the data could not be opened, or "" when all is well.
func (a *App) StartupProblem() string {
	if a.problem == nil {
		return ""
	}
	return a.problem.Error()
}

func (a *App) notify(event string, data ...any) {
	if a.ctx != nil && a.emit != nil {
		a.emit(a.ctx, event, data...)
	}
}

// Startup is passed to Wails as OnStartup (a method value, so it is not
// bound). While the window loads, the search index is built in the
// background, so that the first search finds it ready.
func (a *App) Startup(ctx context.Context) {
	a.ctx = ctx
	if a.records != nil {
		a.records.IndexInBackground()
	}
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
}

// Templates lists the built-in templates.
func (a *App) Templates() []TemplateInfo {
	var out []TemplateInfo
	for _, t := range readiness.Templates() {
		out = append(out, TemplateInfo{ID: t.ID, Name: t.Name, Tier: t.Tier, Version: t.Version, Summary: t.Summary,
			Items: t.ItemCount(), Sections: len(t.Sections), HypercareDays: t.HypercareDays})
	}
	return out
}

// TierQuestions returns the tier questionnaire.
func (a *App) TierQuestions() []readiness.Question { return readiness.Questions }

// RecommendTier applies the questionnaire rule to the squad's answers.
func (a *App) RecommendTier(answers readiness.Answers) readiness.Recommendation {
	return readiness.Recommend(answers)
}

// Home returns the home screen.
func (a *App) Home() (Home, error) { return a.records.Home() }

// Rows returns every record's row, for the portfolio and the home screen's "Show all".
func (a *App) Rows() (Rows, error) { return a.records.Rows() }

// CheckRecordDetails validates the release details of the new-record flow
// without storing anything, and returns what is worth a second look without
// being refused (a go-live date already past).
func (a *App) CheckRecordDetails(in readiness.NewRecord) ([]readiness.FieldError, error) {
	trimNewRecord(&in)
	if err := in.CheckDetails(); err != nil {
		return nil, err
	}
	return in.Warnings(readiness.DateOf(a.records.now())), nil
}

// CreateRecord makes a record from the new-record flow.
func (a *App) CreateRecord(in readiness.NewRecord) (RecordView, error) {
	return a.changed(a.records.Create(in))
}

// GetRecord returns a record.
func (a *App) GetRecord(id string) (RecordView, error) { return a.records.Get(id) }

// SetField sets one of the record's details: title, service, squad, sdm,
// maintenanceTeam or goLive.
func (a *App) SetField(id, field, value string) (RecordView, error) {
	if err := checkOneOf("field", field, []string{"title", "service", "squad", "sdm", "maintenanceTeam", "goLive"}); err != nil {
		return RecordView{}, err
	}
	return a.changed(a.records.Edit(id, readiness.Path(field), strings.TrimSpace(value)))
}

// SetTier changes the record's tier, with the reason.
func (a *App) SetTier(id string, tier readiness.Tier, reason string) (RecordView, error) {
	return a.changed(a.records.Edit(id, "tier", readiness.TierValue{Tier: tier, Reason: strings.TrimSpace(reason)}))
}

// SetSectionText sets a narrative section's text.
func (a *App) SetSectionText(id, section, text string) (RecordView, error) {
	sid, err := readiness.ParseSectionID(section)
	if err != nil {
		return RecordView{}, err
	}
	return a.changed(a.records.Edit(id, readiness.SectionTextPath(sid), text))
}

// SetItemStatus sets an item's status; n/a and blocked need a reason.
func (a *App) SetItemStatus(id, item string, status readiness.Status, reason string) (RecordView, error) {
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
func (a *App) SetItemField(id, item, field, value string) (RecordView, error) {
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
func (a *App) SetItemEvidence(id, item string, evidence []readiness.Evidence) (RecordView, error) {
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
func (a *App) SaveRisk(id string, risk readiness.Risk) (RecordView, error) {
	eid, err := entityID(string(risk.ID))
	if err != nil {
		return RecordView{}, err
	}
	risk.ID = eid
	return a.changed(a.records.Edit(id, readiness.RiskPath(eid), risk))
}

// DeleteRisk removes a risk (a change like any other: it can be undone).
func (a *App) DeleteRisk(id, riskID string) (RecordView, error) {
	eid, err := readiness.ParseEntityID(riskID)
	if err != nil {
		return RecordView{}, err
	}
	return a.changed(a.records.Edit(id, readiness.RiskPath(eid), nil))
}

// SaveContact adds a contact (empty id) or replaces one.
func (a *App) SaveContact(id string, contact readiness.Contact) (RecordView, error) {
	eid, err := entityID(string(contact.ID))
	if err != nil {
		return RecordView{}, err
	}
	contact.ID = eid
	return a.changed(a.records.Edit(id, readiness.ContactPath(eid), contact))
}

// DeleteContact removes a contact.
func (a *App) DeleteContact(id, contactID string) (RecordView, error) {
	eid, err := readiness.ParseEntityID(contactID)
	if err != nil {
		return RecordView{}, err
	}
	return a.changed(a.records.Edit(id, readiness.ContactPath(eid), nil))
}

// Undo reverts your newest change to the record that is not yet undone.
func (a *App) Undo(id string) (RecordView, error) { return a.changed(a.records.Undo(id)) }

// ResolveConflict keeps one of the competing values of a path.
func (a *App) ResolveConflict(id, path, changeID string) (RecordView, error) {
	return a.changed(a.records.Resolve(id, readiness.Path(path), readiness.ChangeID(changeID)))
}

// History lists a record's changes, newest first.
func (a *App) History(id string) ([]readiness.HistoryEntry, error) { return a.records.History(id) }

// LoadExamples adds the example records and returns how many were added.
func (a *App) LoadExamples() (int, error) {
	n, err := LoadDemo(a.records)
	if err == nil {
		a.notify(EventRecordsChanged)
	}
	return n, err
}

func (a *App) changed(v RecordView, err error) (RecordView, error) {
	if err == nil {
		a.notify(EventRecordsChanged, string(v.Record.ID))
	}
	return v, err
}

// FormatError is passed to Wails as ErrorFormatter. The frontend receives a
// JSON string: {"message": "...", "fields": [{"field", "rule", "message"}]},
// so validation messages can be shown next to their fields.
func FormatError(err error) any {
	out := struct {
		Message string                 `json:"message"`
		Fields  []readiness.FieldError `json:"fields,omitempty"`
	}{Message: err.Error()}
	var ve *readiness.ValidationError
	if errors.As(err, &ve) {
		out.Fields = ve.Fields
	}
	b, _ := json.Marshal(out)
	return string(b)
}
