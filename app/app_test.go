package app

import (
	"encoding/json"
	"errors"
	"reflect"
	"strings"
	"testing"
	"time"

	"readyroom/app/store"
	"readyroom/readiness"
)

// testApp is every bound service at once, as the window sees them.
type testApp struct {
	*App
	*RecordService
	*LifecycleService
	*NetworkService
	*ExportService
}

func newTestApp(t *testing.T, now time.Time) (*testApp, *Records) {
	t.Helper()
	db, err := store.Open(t.TempDir(), store.Options{})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		// Every test leaves a database that checks whole: bbolt's check, and
		// every record folded again from its log against what is derived.
		if rep, err := db.Verify(false); err != nil || !rep.OK() {
			t.Errorf("the database the test leaves: %v %v", err, rep.Problems)
		}
		db.Close()
	})
	recs, err := NewRecords(db, func() time.Time { return now })
	if err != nil {
		t.Fatal(err)
	}
	a := New(recs, db.Dir(), nil)
	return &testApp{a, &RecordService{a.core}, &LifecycleService{a.core}, &NetworkService{a.core}, &ExportService{a.core}}, recs
}

var today = time.Date(2026, 11, 22, 9, 0, 0, 0, time.UTC)

func TestDemoRecordsShowOnTheHomeScreen(t *testing.T) {
	a, _ := newTestApp(t, today)
	n, err := a.LoadExamples()
	if err != nil || n != 4 {
		t.Fatalf("LoadExamples = %d, %v", n, err)
	}
	h, err := a.Home()
	if err != nil {
		t.Fatal(err)
	}
	if len(h.Records) != 4 {
		t.Fatalf("%d records on the home screen", len(h.Records))
	}
	byState := map[readiness.State]RecordRow{}
	for _, r := range h.Records {
		byState[r.State] = r
	}
	live, closed := byState[readiness.Live], byState[readiness.Closed]
	if live.HypercareState != readiness.HCActive || live.Ceremonies != 2 || live.HypercareEnd != readiness.DateOf(today).AddDays(8) {
		t.Fatalf("demo record in hypercare: %+v", live)
	}
	if closed.ExitedOn == "" || closed.HandoverAccepted == "" || closed.Ceremonies != 4 || closed.OpenActions != 0 {
		t.Fatalf("closed demo record: %+v", closed)
	}
	lv, err := a.GetRecord(string(live.ID))
	if err != nil || len(lv.Record.Hypercare.CheckIns) != 4 || lv.Figures.BySeverity.P2 != 1 || lv.Figures.Open != 1 {
		t.Fatalf("hypercare demo: %v %+v", err, lv.Figures)
	}
	if !strings.Contains(strings.Join(lv.Step.Blockers, ";"), "handover not accepted") {
		t.Fatalf("hypercare demo step: %+v", lv.Step)
	}
	gold := h.Records[1] // soonest go-live first, handed over and closed records last
	if gold.Tier != readiness.Gold || gold.GoLive != readiness.DateOf(today).AddDays(7) || gold.RAG != readiness.Red || gold.Blocked < 1 {
		t.Fatalf("gold demo record: %+v", gold)
	}
	if h.Records[2].Tier != readiness.Silver || h.Records[2].State != readiness.Preparing || h.Records[3].State != readiness.Closed {
		t.Fatalf("records in order: %+v", h.Records)
	}
	blocked, overdue := 0, 0
	for _, a := range h.Attention {
		if a.Status == readiness.Blocked {
			blocked++
		}
		if a.Overdue {
			overdue++
		}
	}
	if blocked < 3 || overdue < 1 || !h.Attention[0].Overdue {
		t.Fatalf("attention: %d blocked, %d overdue, first %+v", blocked, overdue, h.Attention[0])
	}
	v, err := a.GetRecord(string(gold.ID))
	if err != nil {
		t.Fatal(err)
	}
	if len(v.Record.Risks) != 3 || len(v.Record.Contacts) != 4 || v.Record.Section("description").Text == "" {
		t.Fatalf("gold demo: %d risks, %d contacts", len(v.Record.Risks), len(v.Record.Contacts))
	}
	if v.Progress.Percent <= 0 || v.Progress.Percent >= 100 {
		t.Fatalf("gold demo readiness %d%%", v.Progress.Percent)
	}
}

func TestEditUndoAndHistoryThroughTheFacade(t *testing.T) {
	a, _ := newTestApp(t, today)
	v, err := a.CreateRecord(readiness.NewRecord{Service: "Payments", Title: "v3", Squad: "Falcon", SDM: "Priya",
		MaintenanceTeam: "Run", GoLive: "2026-12-01", Tier: readiness.Silver})
	if err != nil {
		t.Fatal(err)
	}
	id := string(v.Record.ID)
	item := v.Record.Sections[len(v.Record.Sections)-1].Items[0].ID
	before := v.Progress.Percent
	if v, err = a.SetItemStatus(id, string(item), readiness.Done, "ignored for done"); err != nil {
		t.Fatal(err)
	}
	if v.Record.Item(item).Reason != "" || v.Progress.Percent <= before || v.UndoLabel == "" {
		t.Fatalf("after done: reason %q, %d%% (was %d%%), undo %q", v.Record.Item(item).Reason, v.Progress.Percent, before, v.UndoLabel)
	}
	_, err = a.SetItemStatus(id, string(item), readiness.Blocked, "")
	var ve *readiness.ValidationError
	if !errors.As(err, &ve) || ve.Fields[0].Field != "reason" {
		t.Fatalf("blocked without reason: %v", err)
	}
	if v, err = a.Undo(id); err != nil || v.Record.Item(item).Status != readiness.NotStarted {
		t.Fatalf("undo: %v, status %s", err, v.Record.Item(item).Status)
	}
	h, err := a.History(id)
	if err != nil || len(h) != 3 || !h[0].Undo {
		t.Fatalf("history %+v, %v", h, err)
	}
	if _, err := a.SetField(id, "state", "closed"); err == nil {
		t.Fatal("SetField accepted a field that is not a release detail")
	}
	if _, err := a.GetRecord("not-an-id"); err == nil {
		t.Fatal("GetRecord accepted a malformed id")
	}
	if _, err := a.GetRecord("01JD0000000000000000000000"); !errors.Is(err, readiness.ErrNotFound) {
		t.Fatalf("GetRecord of an unknown id: %v", err)
	}
}

func TestRisksAndContactsGetIDsAndCanBeDeleted(t *testing.T) {
	a, _ := newTestApp(t, today)
	v, _ := a.CreateRecord(readiness.NewRecord{Service: "S", Title: "T", Squad: "Q", SDM: "M", MaintenanceTeam: "R", GoLive: "2026-12-01", Tier: readiness.Silver})
	id := string(v.Record.ID)
	v, err := a.SaveRisk(id, readiness.Risk{Description: "<img src=x onerror=alert(1)>", Likelihood: "high", Impact: "low", Status: "open"})
	if err != nil || len(v.Record.Risks) != 1 || v.Record.Risks[0].ID == "" {
		t.Fatalf("SaveRisk: %v %+v", err, v.Record.Risks)
	}
	if v.Record.Risks[0].Description != "<img src=x onerror=alert(1)>" {
		t.Fatal("hostile-looking text must be stored exactly as typed (the UI shows it as text)")
	}
	v, err = a.DeleteRisk(id, string(v.Record.Risks[0].ID))
	if err != nil || len(v.Record.Risks) != 0 {
		t.Fatalf("DeleteRisk: %v %+v", err, v.Record.Risks)
	}
	if _, err := a.SaveContact(id, readiness.Contact{Name: ""}); err == nil {
		t.Fatal("contact without a name accepted")
	}
}

func TestFormatErrorCarriesFieldMessages(t *testing.T) {
	err := &readiness.ValidationError{Fields: []readiness.FieldError{{Field: "reason", Rule: "required", Message: "Say why"}}}
	var out struct {
		Message string                 `json:"message"`
		Fields  []readiness.FieldError `json:"fields"`
	}
	s, ok := FormatError(err).(string)
	if !ok || json.Unmarshal([]byte(s), &out) != nil || out.Fields[0].Field != "reason" || out.Message != "Say why" {
		t.Fatalf("FormatError = %v", FormatError(err))
	}
	s = FormatError(errors.New("database is locked")).(string)
	if !strings.Contains(s, `"message":"database is locked"`) || strings.Contains(s, "fields") {
		t.Fatalf("plain error formatted as %s", s)
	}
}

func TestAuthorName(t *testing.T) {
	a, recs := newTestApp(t, today)
	if _, err := a.SetAuthorName("  "); err == nil {
		t.Fatal("empty name accepted")
	}
	info, err := a.SetAuthorName("Ana Silva")
	if err != nil || info.Author != "Ana Silva" || recs.Author() != "Ana Silva" {
		t.Fatalf("SetAuthorName: %+v %v", info, err)
	}
}

func TestHomeListsTheMostUrgentAndCountsAll(t *testing.T) {
	a, recs := newTestApp(t, today)
	if err := Seed(recs, 60, 3, nil); err != nil {
		t.Fatal(err)
	}
	h, err := a.Home()
	if err != nil {
		t.Fatal(err)
	}
	if h.RecordCount != 60 || len(h.Records) != HomeRows || h.AttentionTotal <= MaxAttention || len(h.Attention) != MaxAttention {
		t.Fatalf("%d of %d records, %d of %d attention items listed", len(h.Records), h.RecordCount, len(h.Attention), h.AttentionTotal)
	}
	if h.NeedsTotal <= MaxNeeds || len(h.Needs) != MaxNeeds {
		t.Fatalf("%d of %d needs listed", len(h.Needs), h.NeedsTotal)
	}
	rows, err := a.Rows()
	if err != nil || len(rows.Records) != 60 || rows.Today != h.Today {
		t.Fatalf("Rows: %d records on %s, %v", len(rows.Records), rows.Today, err)
	}
	for i, r := range h.Records {
		if !reflect.DeepEqual(rows.Records[i], r) {
			t.Fatalf("the home's record %d is not the first rows' %d: %+v, %+v", i, i, r, rows.Records[i])
		}
	}
	soon := 0
	for _, r := range rows.Records {
		if d := r.GoLive.DaysUntil(h.Today); r.GoLive != "" && d >= 0 && d <= SoonDays {
			soon++
		}
	}
	if h.GoLivesSoon != soon || soon == 0 {
		t.Fatalf("%d go-lives soon, counted %d", h.GoLivesSoon, soon)
	}
	if h.Overdue == 0 || h.Blocked == 0 {
		t.Fatalf("counts: %d overdue, %d blocked", h.Overdue, h.Blocked)
	}
	for i := 1; i < len(h.Attention); i++ {
		if !h.Attention[i-1].Overdue && h.Attention[i].Overdue {
			t.Fatal("an overdue item is listed after one that is not")
		}
	}
}

func TestHypercareDaysAndCriteriaAreEditable(t *testing.T) {
	a, _ := newTestApp(t, today)
	v, _ := a.CreateRecord(readiness.NewRecord{Service: "S", Title: "T", Squad: "Q", SDM: "M", MaintenanceTeam: "R", GoLive: "2026-12-01", Tier: readiness.Silver})
	id := string(v.Record.ID)
	if v.Record.Hypercare.Window.Days != 7 {
		t.Fatalf("Silver window %d days", v.Record.Hypercare.Window.Days)
	}
	v, err := a.SetHypercareDays(id, 10)
	if err != nil || v.Record.Hypercare.Window.Days != 10 {
		t.Fatalf("SetHypercareDays: %v %+v", err, v.Record.Hypercare.Window)
	}
	if _, err := a.SetHypercareDays(id, 0); err == nil {
		t.Fatal("a window of 0 days accepted")
	}
	n := len(v.Record.Hypercare.Criteria)
	v, err = a.SetCriterion(id, readiness.Criterion{Text: "Marketing campaign traffic handled"})
	if err != nil || len(v.Record.Hypercare.Criteria) != n+1 || v.Record.Hypercare.Criteria[n].Status != readiness.Unmet {
		t.Fatalf("adding a criterion: %v %+v", err, v.Record.Hypercare.Criteria)
	}
	c := v.Record.Hypercare.Criteria[0]
	c.Text = "No P1 open for ten days"
	if v, err = a.SetCriterion(id, c); err != nil || v.Record.Hypercare.Criteria[0].Text != "No P1 open for ten days" {
		t.Fatalf("editing a criterion: %v", err)
	}
}

func TestOpenExportOnlyOpensExportedFiles(t *testing.T) {
	a, _ := newTestApp(t, today)
	for _, p := range []string{"/etc/passwd", "relative.pdf", "/nonexistent/pack.pdf", t.TempDir()} {
		if err := a.OpenExport(p, false); err == nil || !strings.Contains(err.Error(), "is not an exported file") {
			t.Errorf("OpenExport(%q) = %v", p, err)
		}
	}
}
