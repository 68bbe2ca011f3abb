package app

import (
	"bytes"
	"context"
	"encoding/csv"
	"os"
	"path/filepath"
	"reflect"
	"slices"
	"strconv"
	"strings"
	"testing"

	ics "github.com/arran4/golang-ical"

	"readyroom/readiness"
)

// The same records and cases as filters.test.ts: the CSV and the calendar
// filter as the portfolio screen does.
func TestPortfolioFilterAsTheScreen(t *testing.T) {
	card := RecordRow{Tier: "gold", State: "preparing", Squad: "Squad Falcon", Service: "Payments Gateway", GoLive: "2026-11-29",
		RAG: "red", SDM: "Dana Whitfield", Owners: []string{"marco bianchi", "priya raman"}, Blocked: 2, Overdue: 1}
	passwordless := RecordRow{Tier: "gold", State: "live", Squad: "Squad Heron", Service: "Identity", GoLive: "2026-11-16", HypercareStart: "2026-11-16", HypercareEnd: "2026-11-30",
		RAG: "amber", SDM: "Dana Whitfield", Owners: []string{"priya raman"}, Needs: 3}
	digest := RecordRow{Tier: "silver", State: "closed", Squad: "Squad Otter", Service: "Customer Notifications", GoLive: "2026-10-23", HypercareStart: "2026-10-23", HypercareEnd: "2026-10-30",
		RAG: "green", SDM: "Sam Okafor", Owners: []string{}, Conflicts: 1}
	all := []RecordRow{card, passwordless, digest}
	cases := []struct {
		f    PortfolioFilter
		want []string
	}{
		{PortfolioFilter{}, []string{"Payments Gateway", "Identity", "Customer Notifications"}},
		{PortfolioFilter{Tier: "gold"}, []string{"Payments Gateway", "Identity"}},
		{PortfolioFilter{States: []string{"live"}}, []string{"Identity"}},
		{PortfolioFilter{States: []string{"live", "closed"}}, []string{"Identity", "Customer Notifications"}},
		{PortfolioFilter{Squad: "Squad Otter"}, []string{"Customer Notifications"}},
		{PortfolioFilter{Service: "Payments Gateway", Tier: "silver"}, nil},
		{PortfolioFilter{From: "2026-11-20", To: "2026-11-25"}, []string{"Identity"}},
		{PortfolioFilter{From: "2026-11-20"}, []string{"Payments Gateway", "Identity"}},
		{PortfolioFilter{To: "2026-10-31"}, []string{"Customer Notifications"}},
		{PortfolioFilter{From: "2026-10-30", To: "2026-10-30"}, []string{"Customer Notifications"}},
		{PortfolioFilter{From: "2026-12-01"}, nil},
		{PortfolioFilter{From: "2026-11-30", To: "2026-11-01"}, nil}, // reversed
		// The go-live alone: Identity's window reaches the 20th, its go-live does not.
		{PortfolioFilter{From: "2026-11-20", GoLiveOnly: true}, []string{"Payments Gateway"}},
		{PortfolioFilter{From: "2026-11-16", To: "2026-11-16", GoLiveOnly: true}, []string{"Identity"}},
		{PortfolioFilter{GoLiveOnly: true}, []string{"Payments Gateway", "Identity", "Customer Notifications"}},
		{PortfolioFilter{RAGs: []string{"red"}}, []string{"Payments Gateway"}},
		{PortfolioFilter{RAGs: []string{"amber", "green"}}, []string{"Identity", "Customer Notifications"}},
		{PortfolioFilter{SDM: "Dana Whitfield"}, []string{"Payments Gateway", "Identity"}},
		{PortfolioFilter{SDM: "dana whitfield"}, nil}, // exactly, as the list offers it
		{PortfolioFilter{Owner: "priya raman"}, []string{"Payments Gateway", "Identity"}},
		{PortfolioFilter{Owner: "marco bianchi", Tier: "gold"}, []string{"Payments Gateway"}},
		{PortfolioFilter{Owner: "nobody here"}, nil},
		{PortfolioFilter{Has: []string{"blocked"}}, []string{"Payments Gateway"}},
		{PortfolioFilter{Has: []string{"overdue"}}, []string{"Payments Gateway"}},
		{PortfolioFilter{Has: []string{"conflicts"}}, []string{"Customer Notifications"}},
		{PortfolioFilter{Has: []string{"needs"}}, []string{"Identity"}},
		{PortfolioFilter{Has: []string{"blocked", "needs"}}, []string{"Payments Gateway", "Identity"}}, // any of them
		{PortfolioFilter{Has: []string{"conflicts"}, RAGs: []string{"red"}}, nil},                      // and every other filter
	}
	for _, c := range cases {
		var got []string
		for i := range all {
			if c.f.Matches(&all[i]) {
				got = append(got, all[i].Service)
			}
		}
		if !slices.Equal(got, c.want) {
			t.Errorf("%+v: %v, want %v", c.f, got, c.want)
		}
		if err := c.f.Check(); err != nil {
			t.Errorf("%+v: %v", c.f, err)
		}
		// Active when any filter is set; GoLiveOnly alone leaves nothing out.
		set := c.f
		set.GoLiveOnly = false
		if c.f.Active() != !reflect.ValueOf(set).IsZero() {
			t.Errorf("%+v: active %v", c.f, c.f.Active())
		}
	}
	// From the command line any spelling of an owner does.
	for _, spelling := range []string{"Priya Raman", "Raman, Priya", "  PRÍYA   raman "} {
		if !(PortfolioFilter{Owner: spelling}).Matches(&passwordless) {
			t.Errorf("owner %q: not Priya Raman", spelling)
		}
	}
	undated := card
	undated.GoLive = ""
	if !(PortfolioFilter{}).Matches(&undated) || (PortfolioFilter{From: "2026-01-01"}).Matches(&undated) {
		t.Error("a record without dates: in without a range, out with one")
	}
	for _, bad := range []PortfolioFilter{{Tier: "platinum"}, {States: []string{"live", "gone"}}, {From: "2026-13-01"}, {To: "tomorrow"},
		{RAGs: []string{"Red"}}, {RAGs: []string{"grey"}}, {Has: []string{"risks"}}, {Owner: " ,. "}} {
		if err := bad.Check(); err == nil {
			t.Errorf("%+v passed the check", bad)
		}
	}
}

// The rows carry what the filters and the home's figures need: each stat
// card's figure is the sum over the rows its filter leaves.
func TestRowsAddUpToTheHome(t *testing.T) {
	a, recs := newTestApp(t, today)
	if _, err := a.LoadExamples(); err != nil {
		t.Fatal(err)
	}
	h, err := recs.Home()
	if err != nil {
		t.Fatal(err)
	}
	rows, err := recs.Rows()
	if err != nil {
		t.Fatal(err)
	}
	sum := func(f PortfolioFilter, n func(r *RecordRow) int) (total int) {
		for i := range rows.Records {
			if f.Matches(&rows.Records[i]) {
				total += n(&rows.Records[i])
			}
		}
		return total
	}
	one := func(*RecordRow) int { return 1 }
	soon := PortfolioFilter{From: string(h.Today), To: string(h.Today.AddDays(SoonDays)), GoLiveOnly: true}
	for what, c := range map[string][2]int{
		"overdue":            {h.Overdue, sum(PortfolioFilter{Has: []string{"overdue"}}, func(r *RecordRow) int { return r.Overdue })},
		"blocked":            {h.Blocked, sum(PortfolioFilter{Has: []string{"blocked"}}, func(r *RecordRow) int { return r.Blocked })},
		"needs":              {h.NeedsTotal, sum(PortfolioFilter{Has: []string{"needs"}}, func(r *RecordRow) int { return r.Needs })},
		"go-lives soon":      {h.GoLivesSoon, sum(soon, one)},
		"records":            {h.RecordCount, sum(PortfolioFilter{}, one)},
		"overdue or blocked": {sum(PortfolioFilter{}, func(r *RecordRow) int { return min(1, r.Overdue+r.Blocked) }), sum(PortfolioFilter{Has: []string{"overdue", "blocked"}}, one)},
	} {
		if c[0] != c[1] {
			t.Errorf("%s: the home says %d, the rows %d", what, c[0], c[1])
		}
	}
	if h.Overdue == 0 || h.Blocked == 0 || h.NeedsTotal == 0 || h.GoLivesSoon == 0 {
		t.Fatalf("the examples should exercise every card: %+v", h)
	}
	// Owners: the people owning items, risks or actions, by key, once each.
	sums, err := recs.db.Summaries()
	if err != nil {
		t.Fatal(err)
	}
	owners := 0
	for _, s := range sums {
		var want []string
		for _, n := range s.People {
			if n.Role == "owner" && !slices.Contains(want, readiness.PersonKey(n.Name)) {
				want = append(want, readiness.PersonKey(n.Name))
			}
		}
		slices.Sort(want)
		i := slices.IndexFunc(rows.Records, func(r RecordRow) bool { return r.ID == s.ID })
		if got := rows.Records[i].Owners; !slices.Equal(got, want) && !(len(got) == 0 && len(want) == 0) {
			t.Errorf("%s: owners %v, want %v", s.ID, got, want)
		}
		owners += len(want)
	}
	if owners == 0 {
		t.Fatal("the examples name no owner")
	}
}

// readCSV reads an export back with encoding/csv.
func readCSV(t *testing.T, b []byte) [][]string {
	t.Helper()
	rows, err := csv.NewReader(bytes.NewReader(b)).ReadAll()
	if err != nil {
		t.Fatalf("the CSV does not read back: %v\n%s", err, b)
	}
	if len(rows) == 0 || !slices.Equal(rows[0], PortfolioColumns) {
		t.Fatalf("header %v", rows)
	}
	return rows[1:]
}

func TestPortfolioCSVIsTheFilteredRows(t *testing.T) {
	a, recs := newTestApp(t, today)
	if _, err := a.LoadExamples(); err != nil {
		t.Fatal(err)
	}
	all, err := recs.Rows()
	if err != nil {
		t.Fatal(err)
	}
	for _, f := range []PortfolioFilter{{}, {Tier: "gold"}, {States: []string{"live", "closed"}}, {From: "2026-11-20", To: "2026-11-30"}, {Squad: all.Records[0].Squad}, {Tier: "silver", States: []string{"live"}},
		{RAGs: []string{"red"}}, {Has: []string{"blocked", "needs"}}, {Owner: all.Records[0].Owners[0]}, {SDM: all.Records[1].SDM}, {From: "2026-11-20", GoLiveOnly: true}} {
		b, err := recs.RenderBytes(ExportRequest{Kind: "portfolio", Format: "csv", Filter: f})
		if err != nil {
			t.Fatal(err)
		}
		if !bytes.Contains(b, []byte("\r\n")) {
			t.Error("the CSV's lines do not end in CRLF")
		}
		got := readCSV(t, b)
		var want []RecordRow
		for i := range all.Records {
			if f.Matches(&all.Records[i]) {
				want = append(want, all.Records[i])
			}
		}
		if len(got) != len(want) {
			t.Fatalf("%+v: %d rows, the portfolio shows %d", f, len(got), len(want))
		}
		for i, r := range want {
			row := got[i]
			cell := func(name string) string { return row[slices.Index(PortfolioColumns, name)] }
			checks := map[string]string{
				"Service": r.Service, "Release": r.Title, "Squad": r.Squad, "Service delivery manager": r.SDM,
				"Tier": readiness.TierLabel(r.Tier), "State": r.State.Label(), "Readiness %": strconv.Itoa(r.Percent),
				"RAG why": r.RAGWhy, "Planned go-live": string(r.GoLiveDates.Planned), "Actual go-live": string(r.GoLiveDates.Actual),
				"Hypercare end": string(r.HypercareEnd), "Blocked": strconv.Itoa(r.Blocked), "Overdue": strconv.Itoa(r.Overdue),
				"Conflicts": strconv.Itoa(r.Conflicts), "Record id": string(r.ID),
			}
			for name, w := range checks {
				if cell(name) != w {
					t.Errorf("%s, %s: %q, the row says %q", r.ID, name, cell(name), w)
				}
			}
			if !strings.EqualFold(cell("RAG"), string(r.RAG)) {
				t.Errorf("%s: RAG %q, the row says %q", r.ID, cell("RAG"), r.RAG)
			}
		}
	}
	// The demo's live record: its actual go-live and its window.
	b, _ := recs.RenderBytes(ExportRequest{Kind: "portfolio", Filter: PortfolioFilter{States: []string{"live"}}})
	live := readCSV(t, b)
	if len(live) != 1 || live[0][slices.Index(PortfolioColumns, "Actual go-live")] == "" || live[0][slices.Index(PortfolioColumns, "Hypercare")] == "" {
		t.Errorf("the live record's row: %v", live)
	}
	if _, err := recs.RenderBytes(ExportRequest{Kind: "portfolio", Format: "xlsx"}); err == nil || !strings.Contains(err.Error(), `not "xlsx"`) {
		t.Errorf("an unknown format: %v", err)
	}
	if _, err := recs.RenderBytes(ExportRequest{Kind: "portfolio", Filter: PortfolioFilter{States: []string{"gone"}}}); err == nil {
		t.Error("an unknown state passed")
	}
}

// Cells a spreadsheet would run as formulas get a quote in front; other
// hostile text (quotes, commas, line breaks, emoji, right-to-left) reads
// back as it was.
func TestPortfolioCSVNeutralisesFormulas(t *testing.T) {
	_, recs := newTestApp(t, today)
	hostile := []struct{ service, title, squad, sdm string }{
		{"=HYPERLINK(\"http://x\",\"y\")", "+1+1", "-2", "@SUM(A1)"},
		{"Pay, \"Gate\"; way", "Line one, line two 🚀", "עברית العربية", "Priya"},
	}
	for _, h := range hostile {
		if _, err := recs.Create(readiness.NewRecord{Service: h.service, Title: h.title, Squad: h.squad, SDM: h.sdm, MaintenanceTeam: "Run", GoLive: "2026-12-10", Tier: readiness.Silver}); err != nil {
			t.Fatal(err)
		}
	}
	b, err := recs.RenderBytes(ExportRequest{Kind: "portfolio"})
	if err != nil {
		t.Fatal(err)
	}
	rows := readCSV(t, b)
	bySDM := map[string][]string{}
	for _, r := range rows {
		bySDM[r[3]] = r
	}
	if r := bySDM["'@SUM(A1)"]; r == nil || r[0] != `'=HYPERLINK("http://x","y")` || r[1] != "'+1+1" || r[2] != "'-2" {
		t.Errorf("formulas not neutralised: %q", rows)
	}
	if r := bySDM["Priya"]; r == nil || r[0] != `Pay, "Gate"; way` || r[1] != "Line one, line two 🚀" || r[2] != "עברית العربية" {
		t.Errorf("hostile text did not read back: %q", rows)
	}
	for _, c := range []string{"=1", "+1", "-1", "@a", "\tx", "\rx"} {
		if got := safeCell(c); got != "'"+c {
			t.Errorf("safeCell(%q) = %q", c, got)
		}
	}
	if got := safeCell("2026-12-10"); got != "2026-12-10" {
		t.Errorf("a date changed: %q", got)
	}
}

func TestCalendarExports(t *testing.T) {
	a, recs := newTestApp(t, today)
	if _, err := a.LoadExamples(); err != nil {
		t.Fatal(err)
	}
	first, err := recs.RenderBytes(ExportRequest{Kind: "calendar"})
	if err != nil {
		t.Fatal(err)
	}
	again, _ := recs.RenderBytes(ExportRequest{Kind: "calendar"})
	if !bytes.Equal(first, again) {
		t.Error("two calendar exports of the same records differ")
	}
	cal, err := ics.ParseCalendar(bytes.NewReader(first))
	if err != nil {
		t.Fatal(err)
	}
	rows, _ := recs.Rows()
	uids := map[string]bool{}
	for _, e := range cal.Events() {
		uids[e.Id()] = true
	}
	for _, r := range rows.Records {
		if !uids[string(r.ID)+"-golive@readyroom"] {
			t.Errorf("no go-live for %s", r.ID)
		}
		if (r.HypercareStart != "") != uids[string(r.ID)+"-hypercare@readyroom"] {
			t.Errorf("%s: hypercare from %q, event %v", r.ID, r.HypercareStart, uids[string(r.ID)+"-hypercare@readyroom"])
		}
	}
	// One record's calendar: only its events; a filtered one: only theirs.
	live := ""
	for _, r := range rows.Records {
		if r.State == readiness.Live {
			live = string(r.ID)
		}
	}
	for _, req := range []ExportRequest{{Kind: "calendar", Record: live}, {Kind: "calendar", Filter: PortfolioFilter{States: []string{"live"}}}} {
		b, err := recs.RenderBytes(req)
		if err != nil {
			t.Fatal(err)
		}
		c, err := ics.ParseCalendar(bytes.NewReader(b))
		if err != nil {
			t.Fatal(err)
		}
		if len(c.Events()) < 2 {
			t.Errorf("%+v: %d events", req, len(c.Events()))
		}
		for _, e := range c.Events() {
			if !strings.HasPrefix(e.Id(), live+"-") {
				t.Errorf("%+v: event %s of another record", req, e.Id())
			}
		}
	}
	if _, err := recs.RenderBytes(ExportRequest{Kind: "calendar", Record: "01JD0000000000000000000099"}); err == nil {
		t.Error("a record that does not exist")
	}
}

func TestCalendarAndPortfolioCommands(t *testing.T) {
	data := t.TempDir()
	if code, _, errs := runCLI(t, "demo", "--data", data); code != 0 {
		t.Fatal(errs)
	}
	out := t.TempDir()
	ics1, ics2, csvFile := filepath.Join(out, "a.ics"), filepath.Join(out, "b.ics"), filepath.Join(out, "p.csv")
	for _, args := range [][]string{
		{"export", "calendar", "--out", ics1},
		{"export", "calendar", "--out", ics2},
		{"export", "portfolio", "--format", "csv", "--state", "live,closed", "--tier", "gold", "--out", csvFile},
	} {
		if code, _, errs := runCLI(t, append(args, "--data", data)...); code != 0 {
			t.Fatalf("%v: %d %s", args, code, errs)
		}
	}
	b1, _ := os.ReadFile(ics1)
	b2, _ := os.ReadFile(ics2)
	if len(b1) == 0 || !bytes.Equal(b1, b2) {
		t.Error("two calendar exports differ")
	}
	b, _ := os.ReadFile(csvFile)
	for _, r := range readCSV(t, b) {
		if r[4] != "Gold" || (r[5] != readiness.Live.Label() && r[5] != readiness.Closed.Label()) {
			t.Errorf("a row the filters leave out: %v", r)
		}
	}
	// Mistakes: one line each, exit 2 for usage, 1 for where to write.
	readOnly := filepath.Join(t.TempDir(), "ro")
	os.Mkdir(readOnly, 0o555)
	bad := []struct {
		args []string
		code int
		says string
	}{
		{[]string{"export", "portfolio", "--format", "xlsx", "--out", csvFile}, 2, `csv, not "xlsx"`},
		{[]string{"export", "portfolio", "--tier", "platinum", "--out", csvFile}, 2, `gold or silver, not "platinum"`},
		{[]string{"export", "portfolio", "--state", "gone", "--out", csvFile}, 2, `not "gone"`},
		{[]string{"export", "portfolio", "--has", "risks", "--out", csvFile}, 2, `not "risks"`},
		{[]string{"export", "portfolio", "--rag", "grey", "--out", csvFile}, 2, `green, amber or red, not "grey"`},
		{[]string{"export", "calendar", "--from", "2026-13-45", "--out", ics1}, 2, "YYYY-MM-DD"},
		{[]string{"export", "portfolio"}, 2, "needs --out FILE"},
		{[]string{"export", "calendar", "--record", "01JD0000000000000000000099", "--state", "live", "--out", ics1}, 2, "not both"},
		{[]string{"export", "calendar", "--record", "01JD0000000000000000000099", "--out", ics1}, 1, "not found"},
		{[]string{"export", "portfolio", "--out", filepath.Join(data, "p.csv")}, 1, "inside Ready Room's data directory"},
		{[]string{"export", "calendar", "--out", filepath.Join(out, "missing", "a.ics")}, 1, "does not exist"},
		{[]string{"export", "calendar", "--out", out}, 1, "a folder, not a regular file"},
	}
	if os.Geteuid() != 0 { // root writes anywhere
		bad = append(bad, struct {
			args []string
			code int
			says string
		}{[]string{"export", "calendar", "--out", filepath.Join(readOnly, "a.ics")}, 1, "permission denied"})
	}
	for _, c := range bad {
		code, _, errs := runCLI(t, append(c.args, "--data", data)...)
		if code != c.code || !strings.Contains(errs, c.says) || strings.Count(strings.TrimSpace(errs), "\n") > 0 {
			t.Errorf("%v: exit %d, %q; want exit %d saying %q on one line", c.args, code, errs, c.code, c.says)
		}
	}
	if _, err := os.Stat(filepath.Join(data, "p.csv")); err == nil {
		t.Error("an export was written into the data directory")
	}
}

// While an instance holds the data directory, the command line's calendar
// and CSV come from it through the control socket, filters and all: the
// same bytes as the instance renders itself.
func TestCalendarAndPortfolioThroughTheControlSocket(t *testing.T) {
	a, recs := newTestApp(t, today)
	if _, err := a.LoadExamples(); err != nil {
		t.Fatal(err)
	}
	dir := recs.db.Dir()
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	stop, err := ServeControl(ctx, dir, Local{Records: recs})
	if err != nil {
		t.Fatal(err)
	}
	defer stop()
	out := t.TempDir()
	for _, c := range []struct {
		args []string
		req  ExportRequest
	}{
		{[]string{"export", "calendar", "--state", "live", "--state", "closed"}, ExportRequest{Kind: "calendar", Filter: PortfolioFilter{States: []string{"live", "closed"}}}},
		{[]string{"export", "portfolio", "--tier", "silver"}, ExportRequest{Kind: "portfolio", Filter: PortfolioFilter{Tier: "silver"}}},
		{[]string{"export", "portfolio", "--rag", "red,amber", "--has", "blocked", "--has", "overdue", "--go-live-only", "--from", "2026-11-01"},
			ExportRequest{Kind: "portfolio", Filter: PortfolioFilter{RAGs: []string{"red", "amber"}, Has: []string{"blocked", "overdue"}, GoLiveOnly: true, From: "2026-11-01"}}},
	} {
		file := filepath.Join(out, c.args[1])
		if code, _, errs := runCLI(t, append(c.args, "--data", dir, "--out", file)...); code != 0 {
			t.Fatalf("%v: %s", c.args, errs)
		}
		got, _ := os.ReadFile(file)
		want, err := recs.RenderBytes(c.req)
		if err != nil || len(want) == 0 || !bytes.Equal(got, want) {
			t.Errorf("%v through the socket: %d bytes, the instance renders %d (%v)", c.args, len(got), len(want), err)
		}
	}
}
