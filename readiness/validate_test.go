package readiness

import (
	"encoding/json"
	"errors"
	"strings"
	"testing"
)

// fieldMessage returns the message for a field from a validation error.
func fieldMessage(t *testing.T, err error, field string) string {
	t.Helper()
	var ve *ValidationError
	if !errors.As(err, &ve) {
		t.Fatalf("error %v is not a ValidationError", err)
	}
	for _, f := range ve.Fields {
		if f.Field == field {
			return f.Message
		}
	}
	t.Fatalf("no message for %s in %+v", field, ve.Fields)
	return ""
}

func TestNewRecordRules(t *testing.T) {
	cases := []struct {
		name   string
		mutate func(*NewRecord)
		field  string
		want   string
	}{
		{"service required", func(n *NewRecord) { n.Service = "" }, "service", "Service is required"},
		{"title too long", func(n *NewRecord) { n.Title = strings.Repeat("x", 161) }, "title", "Release title must be at most 160 characters; this has 161"},
		{"one megabyte", func(n *NewRecord) { n.Squad = strings.Repeat("x", 1<<20) }, "squad", "Squad must be at most 120 characters; this has 1048576"},
		{"newline in a name", func(n *NewRecord) { n.SDM = "Priya\nRaman" }, "sdm", "Service delivery manager must be a single line of plain text (no control characters or bidirectional overrides)"},
		{"control character", func(n *NewRecord) { n.MaintenanceTeam = "Run\x00team" }, "maintenanceTeam", "Maintenance team must be a single line of plain text (no control characters or bidirectional overrides)"},
		{"date not a date", func(n *NewRecord) { n.GoLive = "next tuesday" }, "goLive", "Go-live date must be a date like 2026-12-01"},
		{"tier unknown", func(n *NewRecord) { n.Tier = "bronze" }, "tier", "Tier must be Gold or Silver, or choose a template of your own"},
		{"override without reason", func(n *NewRecord) { n.Tier = Silver }, "tierReason", "Say why you chose Silver when the questionnaire recommends Gold"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			in := testInput()
			c.mutate(&in)
			err := in.Check()
			if got := fieldMessage(t, err, c.field); got != c.want {
				t.Fatalf("message %q, want %q", got, c.want)
			}
		})
	}
	in := testInput()
	in.Title = `<script>alert(1)</script><img src=x onerror=alert(2)>`
	if err := in.Check(); err != nil {
		t.Fatalf("markup-like text is plain text and must be accepted (and shown as text): %v", err)
	}
	in = testInput()
	in.Tier, in.TierReason = Silver, "Reviewed with the SDM: a back-end only change"
	if err := in.Check(); err != nil {
		t.Fatalf("override with a reason refused: %v", err)
	}
}

func TestEditRules(t *testing.T) {
	m := testMaker("00000000000000a1", "Ana", 1000)
	d, _ := created(t, m)
	var naItem, mandatory ItemID
	for _, s := range d.Record.Sections {
		for _, it := range s.Items {
			if it.NAAllowed && naItem == "" {
				naItem = it.ID
			}
			if !it.NAAllowed && mandatory == "" {
				mandatory = it.ID
			}
		}
	}
	cases := []struct {
		name  string
		path  Path
		value any
		field string
		want  string
	}{
		{"n/a without reason", ItemPath(naItem, "status"), StatusValue{Status: NA}, "reason", "Say why " + string(naItem) + " is n/a"},
		{"blocked without reason", ItemPath(naItem, "status"), StatusValue{Status: Blocked, Reason: "  "}, "reason", "Say why " + string(naItem) + " is blocked"},
		{"n/a not allowed", ItemPath(mandatory, "status"), StatusValue{Status: NA, Reason: "no"}, "status", string(mandatory) + " cannot be marked n/a: every release of this tier needs it"},
		{"unknown status", ItemPath(naItem, "status"), StatusValue{Status: "finished"}, "status", "Status must be one of not started, in progress, done, n/a, blocked"},
		{"due not a date", ItemPath(naItem, "due"), "31/12/2026", "due", "Due date must be a date like 2026-12-01"},
		{"notes of a megabyte", ItemPath(naItem, "notes"), strings.Repeat("é", 1<<20), "notes", "Notes must be at most 5000 characters; this has 1048576"},
		{"narrative too long", SectionTextPath("description"), strings.Repeat("x", MaxNarrative+1), "text", "Text must be at most 20000 characters; this has 20001"},
		{"wrong type", ItemPath(naItem, "owner"), 42, "owner", string(naItem) + " owner has the wrong type of value"},
		{"evidence link not http", ItemPath(naItem, "evidence"), []Evidence{{Label: "x", URL: "javascript:alert(1)"}}, "evidence[0].url", "Link must be a web address starting with http:// or https://"},
		{"risk without description", RiskPath("01JD0000000000000000000001"), Risk{Likelihood: "low", Impact: "low", Status: "open"}, "description", "Description is required"},
		{"risk bad level", RiskPath("01JD0000000000000000000001"), Risk{Description: "d", Likelihood: "huge", Impact: "low", Status: "open"}, "likelihood", "Likelihood must be low, medium or high"},
		{"contact without name", ContactPath("01JD0000000000000000000001"), Contact{Role: "x"}, "name", "Name is required"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			before, _ := json.Marshal(d)
			_, err := m.Edit(&d, c.path, c.value)
			if got := fieldMessage(t, err, c.field); got != c.want {
				t.Fatalf("message %q, want %q", got, c.want)
			}
			after, _ := json.Marshal(d)
			if string(before) != string(after) {
				t.Fatal("a refused edit changed the doc")
			}
		})
	}
	if _, err := m.Edit(&d, ItemPath(naItem, "status"), StatusValue{Status: NA, Reason: "No customer-facing change"}); err != nil {
		t.Fatalf("n/a with a reason refused: %v", err)
	}
	if _, err := m.Edit(&d, ItemPath("ZZZ-99", "status"), StatusValue{Status: Done}); !errors.Is(err, ErrNotFound) {
		t.Fatalf("edit of an unknown item: %v", err)
	}
}

func TestCheckDetailsIgnoresTheTier(t *testing.T) {
	in := testInput()
	in.Tier = ""
	if err := in.CheckDetails(); err != nil {
		t.Fatalf("details without a tier: %v", err)
	}
	in.GoLive = "someday"
	if got := fieldMessage(t, in.CheckDetails(), "goLive"); got != "Go-live date must be a date like 2026-12-01" {
		t.Fatalf("message %q", got)
	}
}

// A name that travels to teammates may not carry the bidirectional
// controls that make "abc\u202Egnp.exe" read as "abcexe.png": the author of
// every change (app/lan checks team and member names), and a record's title.
func TestNamesThatTravelRefuseBidiControls(t *testing.T) {
	for _, r := range []rune{'\u202A', '\u202B', '\u202C', '\u202D', '\u202E', '\u2066', '\u2067', '\u2068', '\u2069'} {
		name := "abc" + string(r) + "gnp.exe"
		c := Change{ID: NewChangeID(Stamp{Wall: 1, Logical: 0}, "0123456789abcdef"), Record: "01JD0000000000000000000000",
			Path: "title", Value: json.RawMessage(`"x"`), HLC: Stamp{Wall: 1}, Replica: "0123456789abcdef", Author: name}
		if err := c.Check(); err == nil || !strings.Contains(err.Error(), "author") {
			t.Errorf("change authored by a name with U+%04X: %v", r, err)
		}
	}
	in := testInput()
	in.Title = "Release \u202Etxt.exe"
	if got := fieldMessage(t, in.Check(), "title"); !strings.Contains(got, "bidirectional") {
		t.Errorf("a title with U+202E: %q", got)
	}
}
