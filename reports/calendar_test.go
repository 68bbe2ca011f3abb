package reports

import (
	"bytes"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"
	"unicode/utf8"

	ics "github.com/arran4/golang-ical"

	"readyroom/readiness"
)

// The calendar is read back by a maintained iCalendar library
// (arran4/golang-ical), not by a parser of our own.

func summaryOf(r *readiness.Record) readiness.Summary {
	return readiness.Summarise(&readiness.Doc{Created: true, Record: *r})
}

func calendarOf(t *testing.T, sums ...readiness.Summary) ([]byte, *ics.Calendar) {
	t.Helper()
	var b bytes.Buffer
	if err := Calendar(&b, sums, CalendarOptions{Now: packTime}); err != nil {
		t.Fatal(err)
	}
	cal, err := ics.ParseCalendar(bytes.NewReader(b.Bytes()))
	if err != nil {
		t.Fatalf("the calendar does not parse: %v\n%s", err, b.Bytes())
	}
	return b.Bytes(), cal
}

// eventsByUID are the calendar's events with the properties the tests read.
func eventsByUID(t *testing.T, cal *ics.Calendar) map[string]map[string]string {
	t.Helper()
	out := map[string]map[string]string{}
	for _, e := range cal.Events() {
		props := map[string]string{}
		for _, p := range e.Properties {
			props[p.IANAToken] = p.Value
			if v := p.ICalParameters["VALUE"]; len(v) > 0 {
				props[p.IANAToken+";VALUE"] = v[0]
			}
		}
		uid := props["UID"]
		if _, dup := out[uid]; dup {
			t.Fatalf("UID %s twice", uid)
		}
		out[uid] = props
	}
	return out
}

func TestCalendarLiveRecord(t *testing.T) {
	live := liveRecord(t)
	live.UpdatedAt = time.Date(2026, 11, 20, 8, 15, 30, 0, time.UTC)
	live.Hypercare.Extensions = []readiness.Extension{{ID: "01JD00000000000000000000E1", Days: 3, Reason: "P3 still open"}}
	silver := silverRecord(t)
	silver.UpdatedAt = packTime
	silver.Plans = []readiness.Plan{
		{ID: "01JD00000000000000000000P1", Kind: readiness.ReadinessReview, Date: "2026-12-01", Note: "Room 4"},
		{ID: "01JD00000000000000000000P2", Kind: readiness.GoNoGo, Date: "2026-12-08"},
	}
	_, cal := calendarOf(t, summaryOf(live), summaryOf(silver))
	if got := cal.CalendarProperties; !slices.ContainsFunc(got, func(p ics.CalendarProperty) bool {
		return p.IANAToken == "PRODID" && p.Value == CalendarProdID
	}) {
		t.Errorf("no PRODID in %v", got)
	}
	ev := eventsByUID(t, cal)
	lid, sid := string(live.ID), string(silver.ID)
	want := map[string]struct{ start, end, summary string }{
		// Live: the go-live on the actual date (three days early), the
		// hypercare window from it to its end with the extension.
		lid + "-golive@readyroom":    {"20261116", "20261117", "Went live: Payments Gateway — Card tokenisation v3"},
		lid + "-hypercare@readyroom": {"20261116", "20261204", "Hypercare: Payments Gateway — Card tokenisation v3"},
		// Not live: the planned go-live and the planned ceremonies; no window yet.
		sid + "-golive@readyroom":                          {"20261210", "20261211", "Go-live (planned): Search — Synonyms refresh"},
		sid + "-plan-01JD00000000000000000000P1@readyroom": {"20261201", "20261202", "Readiness review (planned): Search — Synonyms refresh"},
		sid + "-plan-01JD00000000000000000000P2@readyroom": {"20261208", "20261209", "Go/no-go (planned): Search — Synonyms refresh"},
	}
	if len(ev) != len(want) {
		t.Errorf("%d events, want %d: %v", len(ev), len(want), ev)
	}
	for uid, w := range want {
		e, ok := ev[uid]
		if !ok {
			t.Errorf("no event %s", uid)
			continue
		}
		if e["DTSTART"] != w.start || e["DTEND"] != w.end || e["DTSTART;VALUE"] != "DATE" || e["DTEND;VALUE"] != "DATE" {
			t.Errorf("%s: %s;VALUE=%s to %s;VALUE=%s, want all-day %s to %s", uid, e["DTSTART"], e["DTSTART;VALUE"], e["DTEND"], e["DTEND;VALUE"], w.start, w.end)
		}
		if e["SUMMARY"] != w.summary {
			t.Errorf("%s: SUMMARY %q, want %q", uid, e["SUMMARY"], w.summary)
		}
		rid := strings.SplitN(uid, "-", 2)[0]
		if e["X-READYROOM-RECORD"] != rid || !strings.Contains(e["DESCRIPTION"], "Ready Room record "+rid) {
			t.Errorf("%s does not name its record: %v", uid, e)
		}
		if e["DTSTAMP"] == "" || e["LAST-MODIFIED"] != e["DTSTAMP"] || e["SEQUENCE"] == "" {
			t.Errorf("%s: DTSTAMP %q, LAST-MODIFIED %q, SEQUENCE %q", uid, e["DTSTAMP"], e["LAST-MODIFIED"], e["SEQUENCE"])
		}
	}
	g := ev[lid+"-golive@readyroom"]
	if g["DTSTAMP"] != "20261120T081530Z" || !strings.Contains(g["DESCRIPTION"], "Went live 2026-11-16 (planned 2026-11-19)") {
		t.Errorf("live go-live: %v", g)
	}
	if d := ev[sid+"-plan-01JD00000000000000000000P1@readyroom"]["DESCRIPTION"]; !strings.Contains(d, "Note: Room 4\nService: Search\n") {
		t.Errorf("plan description: %q", d)
	}
	if d := ev[lid+"-hypercare@readyroom"]["DESCRIPTION"]; !strings.HasPrefix(d, "Hypercare window 2026-11-16 to 2026-12-03\n") {
		t.Errorf("hypercare description: %q", d)
	}

	// Exited: the window keeps its dates and says when it exited.
	ho := handedOverRecord(t)
	_, cal = calendarOf(t, summaryOf(ho))
	if d := eventsByUID(t, cal)[string(ho.ID)+"-hypercare@readyroom"]["DESCRIPTION"]; !strings.Contains(d, "exited on 2026-11-20") {
		t.Errorf("exited window: %q", d)
	}
}

// Two exports of the same records are the same bytes (so the same UIDs);
// a record that changes keeps its UIDs, with a later stamp and sequence,
// and its go-live moves to the actual date under the same UID.
func TestCalendarUIDsStable(t *testing.T) {
	r := silverRecord(t)
	r.UpdatedAt = packTime
	r.Plans = []readiness.Plan{{ID: "01JD00000000000000000000P1", Kind: readiness.GoNoGo, Date: "2026-12-08"}}
	first, cal1 := calendarOf(t, summaryOf(r))
	second, _ := calendarOf(t, summaryOf(r))
	if !bytes.Equal(first, second) {
		t.Fatal("two exports of the same record differ")
	}
	r.State, r.WentLive = readiness.Live, readiness.MoveDate{On: "2026-12-11"}
	r.Hypercare.Window = readiness.HypercareWindow{State: readiness.HCActive, Days: 7, Start: "2026-12-11", PlannedEnd: "2026-12-18"}
	r.UpdatedAt = packTime.Add(48 * time.Hour)
	_, cal2 := calendarOf(t, summaryOf(r))
	before, after := eventsByUID(t, cal1), eventsByUID(t, cal2)
	for uid, e := range before {
		a, ok := after[uid]
		if !ok {
			t.Errorf("%s gone after going live", uid)
			continue
		}
		if a["SEQUENCE"] <= e["SEQUENCE"] && len(a["SEQUENCE"]) <= len(e["SEQUENCE"]) || a["DTSTAMP"] <= e["DTSTAMP"] {
			t.Errorf("%s: sequence %s → %s, stamp %s → %s: not newer", uid, e["SEQUENCE"], a["SEQUENCE"], e["DTSTAMP"], a["DTSTAMP"])
		}
	}
	if g := after[string(r.ID)+"-golive@readyroom"]; g["DTSTART"] != "20261211" || !strings.HasPrefix(g["SUMMARY"], "Went live:") {
		t.Errorf("go-live after going live: %v", g)
	}
	if len(after) != len(before)+1 {
		t.Errorf("%d events after going live, want %d (the hypercare window added)", len(after), len(before)+1)
	}
}

// Hostile text round-trips through escaping and folding: commas,
// semicolons, backslashes, line breaks, emoji and right-to-left text;
// control characters are dropped; no line is over 75 octets or splits a
// UTF-8 character; every line ends in CRLF.
func TestCalendarHostileText(t *testing.T) {
	r := hostileRecord(t)
	r.Service = `Pay, "Gate"; way \ 💳`
	r.Title = "Line one\r\nline two\nעברית العربية 漢字 " + strings.Repeat("🚀", 40) + "\x00\x07 end"
	r.UpdatedAt = packTime
	r.Plans = []readiness.Plan{{ID: "01JD00000000000000000000P1", Kind: readiness.GoNoGo, Date: "2026-11-27",
		Note: "BEGIN:VEVENT\r\nUID:evil@x;a,b\\c " + strings.Repeat("é", 100)}}
	raw, cal := calendarOf(t, summaryOf(r))
	ev := eventsByUID(t, cal)
	if len(ev) != 2 {
		t.Fatalf("%d events, want 2 (hostile text made events?)", len(ev))
	}
	wantName := `Pay, "Gate"; way \ 💳 — Line one` + "\nline two\nעברית العربية 漢字 " + strings.Repeat("🚀", 40) + " end"
	g := ev[string(r.ID)+"-golive@readyroom"]
	if g["SUMMARY"] != "Go-live (planned): "+wantName {
		t.Errorf("SUMMARY read back as\n%q\nwant\n%q", g["SUMMARY"], "Go-live (planned): "+wantName)
	}
	p := ev[string(r.ID)+"-plan-01JD00000000000000000000P1@readyroom"]
	if !strings.Contains(p["DESCRIPTION"], "Note: BEGIN:VEVENT\nUID:evil@x;a,b\\c "+strings.Repeat("é", 100)+"\n") {
		t.Errorf("note read back as %q", p["DESCRIPTION"])
	}
	// As written: each special character escaped (a reader that splits a
	// list on commas would otherwise cut the text).
	if unfolded := strings.ReplaceAll(string(raw), "\r\n ", ""); !strings.Contains(unfolded, `SUMMARY:Go-live (planned): Pay\, "Gate"\; way \\ 💳 — Line one\nline two\n`) {
		t.Errorf("SUMMARY not escaped as RFC 5545 says:\n%s", unfolded)
	}
	if !bytes.HasSuffix(raw, []byte("END:VCALENDAR\r\n")) {
		t.Error("the file does not end in END:VCALENDAR CRLF")
	}
	lines := strings.Split(strings.TrimSuffix(string(raw), "\r\n"), "\r\n")
	folded := 0
	for i, l := range lines {
		if strings.ContainsAny(l, "\r\n") {
			t.Errorf("line %d has a bare line break: %q", i+1, l)
		}
		if len(l) > 75 {
			t.Errorf("line %d is %d octets: %q", i+1, len(l), l)
		}
		if !utf8.ValidString(l) {
			t.Errorf("line %d splits a UTF-8 character: %q", i+1, l)
		}
		if strings.HasPrefix(l, " ") {
			folded++
		}
	}
	if folded < 10 {
		t.Errorf("only %d continuation lines: long lines not folded?", folded)
	}
	if bytes.ContainsAny(raw, "\x00\x07") {
		t.Error("control characters reached the file")
	}
	checkWithDebianTool(t, raw)
}

// checkWithDebianTool validates the file with a Debian iCalendar tool when
// one is installed: python3-icalendar (Debian's package), which parses
// strictly enough to refuse unknown escapes and broken folding.
func checkWithDebianTool(t *testing.T, raw []byte) {
	t.Helper()
	py := "/usr/bin/python3" // Debian's, where its packages are (not a pyenv shim)
	if exec.Command(py, "-c", "import icalendar").Run() != nil {
		t.Log("python3-icalendar is not installed: checked with golang-ical only")
		return
	}
	f := filepath.Join(t.TempDir(), "cal.ics")
	if err := os.WriteFile(f, raw, 0o644); err != nil {
		t.Fatal(err)
	}
	script := `import sys, icalendar
cal = icalendar.Calendar.from_ical(open(sys.argv[1], 'rb').read())
n = 0
for e in cal.walk('VEVENT'):
    for k in ('UID', 'DTSTAMP', 'DTSTART', 'DTEND', 'SUMMARY'):
        assert k in e, k
    n += 1
print(n)`
	out, err := exec.Command(py, "-c", script, f).CombinedOutput()
	if err != nil {
		t.Fatalf("python3-icalendar refused the calendar: %v\n%s", err, out)
	}
	t.Logf("python3-icalendar read %s events", strings.TrimSpace(string(out)))
}

func TestCalendarEmpty(t *testing.T) {
	raw, cal := calendarOf(t)
	if len(cal.Events()) != 0 || !bytes.HasPrefix(raw, []byte("BEGIN:VCALENDAR\r\nVERSION:2.0\r\n")) {
		t.Errorf("an empty calendar: %q", raw)
	}
	if err := Calendar(&bytes.Buffer{}, nil, CalendarOptions{}); err != ErrNoTime {
		t.Errorf("no time: %v", err)
	}
}
