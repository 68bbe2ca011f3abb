package readiness

import (
	"regexp"
	"testing"
)

func TestParseIDs(t *testing.T) {
	cases := []struct {
		name  string
		parse func(string) (string, error)
		in    string
		want  string // "" means an error is expected
	}{
		{"record upper", func(s string) (string, error) { v, err := ParseRecordID(s); return string(v), err }, "01JD0000000000000000000000", "01JD0000000000000000000000"},
		{"record lower", func(s string) (string, error) { v, err := ParseRecordID(s); return string(v), err }, "01jd0000000000000000000000", "01JD0000000000000000000000"},
		{"record spaces", func(s string) (string, error) { v, err := ParseRecordID(s); return string(v), err }, " 01JD0000000000000000000000 ", "01JD0000000000000000000000"},
		{"record short", func(s string) (string, error) { v, err := ParseRecordID(s); return string(v), err }, "01JD", ""},
		{"record letter U", func(s string) (string, error) { v, err := ParseRecordID(s); return string(v), err }, "01JU0000000000000000000000", ""},
		{"record path", func(s string) (string, error) { v, err := ParseRecordID(s); return string(v), err }, "../../etc/passwd000000000", ""},
		{"replica", func(s string) (string, error) { v, err := ParseReplicaID(s); return string(v), err }, "0123456789ABCDEF", "0123456789abcdef"},
		{"replica short", func(s string) (string, error) { v, err := ParseReplicaID(s); return string(v), err }, "0123", ""},
		{"replica not hex", func(s string) (string, error) { v, err := ParseReplicaID(s); return string(v), err }, "0123456789abcdeg", ""},
		{"item", func(s string) (string, error) { v, err := ParseItemID(s); return string(v), err }, "com-01", "COM-01"},
		{"item of its own", func(s string) (string, error) { v, err := ParseItemID(s); return string(v), err }, "ops_01_priorities", "ops_01_priorities"},
		{"item bad", func(s string) (string, error) { v, err := ParseItemID(s); return string(v), err }, "-COM01", ""},
		{"item space", func(s string) (string, error) { v, err := ParseItemID(s); return string(v), err }, "COM 01", ""},
		{"item slash", func(s string) (string, error) { v, err := ParseItemID(s); return string(v), err }, "COM-01/x", ""},
		{"section", func(s string) (string, error) { v, err := ParseSectionID(s); return string(v), err }, "rollback-plan", "rollback-plan"},
		{"section upper", func(s string) (string, error) { v, err := ParseSectionID(s); return string(v), err }, "Rollback", ""},
		{"date", func(s string) (string, error) { v, err := ParseDate(s); return string(v), err }, "2026-12-01", "2026-12-01"},
		{"date empty", func(s string) (string, error) { v, err := ParseDate(s); return string(v), err }, "", ""},
		{"date words", func(s string) (string, error) { v, err := ParseDate(s); return string(v), err }, "next tuesday", ""},
		{"date impossible", func(s string) (string, error) { v, err := ParseDate(s); return string(v), err }, "2026-02-30", ""},
		{"tier", func(s string) (string, error) { v, err := ParseTier(s); return string(v), err }, "gold", "gold"},
		{"tier bronze", func(s string) (string, error) { v, err := ParseTier(s); return string(v), err }, "bronze", ""},
		{"status", func(s string) (string, error) { v, err := ParseStatus(s); return string(v), err }, "na", "na"},
		{"status unknown", func(s string) (string, error) { v, err := ParseStatus(s); return string(v), err }, "finished", ""},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			got, err := c.parse(c.in)
			if c.want == "" && c.name != "date empty" {
				if err == nil {
					t.Fatalf("parse(%q) = %q, want an error", c.in, got)
				}
				return
			}
			if err != nil || got != c.want {
				t.Fatalf("parse(%q) = %q, %v; want %q", c.in, got, err, c.want)
			}
		})
	}
}

// Dates in text the window shows are in words, never ISO.
func TestDateWords(t *testing.T) {
	for _, c := range []struct{ in, want string }{
		{"2026-12-01", "Tue 1 Dec 2026"},
		{"2026-10-18", "Sun 18 Oct 2026"},
		{"2027-02-28", "Sun 28 Feb 2027"},
		{"", ""},
	} {
		if got := Date(c.in).Words(); got != c.want {
			t.Errorf("Date(%q).Words() = %q, want %q", c.in, got, c.want)
		}
	}
}

func TestChangeIDRoundTrip(t *testing.T) {
	st := Stamp{Wall: 1_790_000_000_123, Logical: 7}
	id := NewChangeID(st, "00000000000000aa")
	gotSt, gotRep, err := id.Parse()
	if err != nil || gotSt != st || gotRep != "00000000000000aa" {
		t.Fatalf("Parse(%s) = %v %v %v", id, gotSt, gotRep, err)
	}
	later := NewChangeID(Stamp{Wall: st.Wall, Logical: 8}, "0000000000000000")
	if !(id < later) {
		t.Fatalf("change ids do not sort in clock order: %s >= %s", id, later)
	}
}

// FuzzIDShapes: the hand-written id checks accept exactly what the regular
// expressions that define the shapes accept.
func FuzzIDShapes(f *testing.F) {
	shapes := []struct {
		name  string
		re    *regexp.Regexp
		check func(string) bool
	}{
		{"ulid", regexp.MustCompile(`^[0-9A-HJKMNP-TV-Z]{26}$`), isULID},
		{"replica", regexp.MustCompile(`^[0-9a-f]{16}$`), isReplica},
		{"item", regexp.MustCompile(`^[A-Za-z0-9][A-Za-z0-9_-]{0,127}$`), isItemID},
		{"classic item", regexp.MustCompile(`^[A-Z]{2,5}-[0-9]{2,3}$`), isClassicItemID},
		{"section", regexp.MustCompile(`^[a-z][a-z0-9-]{0,39}$`), isSectionID},
	}
	for _, s := range []string{"01JD0000000000000000000000", "01JU0000000000000000000000", "0123456789abcdef", "0123456789abcdeF",
		"COM-01", "COMMS-123", "C-01", "COMMSX-01", "COM-1", "COM-1234", "COM--01", "-01", "COM-", "rollback-plan", "a", "Rollback",
		"a-very-long-section-name-that-goes-on-and-on", "", "\n", "COM-01\n"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		for _, sh := range shapes {
			if got, want := sh.check(s), sh.re.MatchString(s); got != want {
				t.Errorf("%s(%q) = %v, the regular expression says %v", sh.name, s, got, want)
			}
		}
	})
}
