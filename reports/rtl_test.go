package reports

import (
	"os/exec"
	"strings"
	"testing"

	"readyroom/readiness"
)

func TestVisualOrder(t *testing.T) {
	for _, c := range []struct{ name, in, want string }{
		{"left to right only", "Card tokenisation v3 (beta)", "Card tokenisation v3 (beta)"},
		{"hebrew word in english", "Hebrew: שלום here", "Hebrew: םולש here"},
		{"hebrew words", "say שלום עולם now", "say םלוע םולש now"},
		{"number inside hebrew", "שלום 2026 עולם", "םלוע 2026 םולש"},
		{"right to left line", "שלום abc", "abc םולש"},
		{"brackets mirror", "א (ב) ג", "ג (ב) א"},
		{"marks stay with their letter", "שָׁלוֹם", "םוֹלשָׁ"},
	} {
		if got := visual(c.in); got != c.want {
			t.Errorf("%s: visual(%q) = %q, want %q", c.name, c.in, got, c.want)
		}
	}
}

// fribidiOrder is mixed lines, right-to-left paragraphs then left-to-right
// ones, and the visual order GNU FriBidi 1.0.8 gives them, from
//
//	printf '%s\n' "$in" | fribidi --nopad --nobreak --reordernsm
//
// (--reordernsm keeps a combining mark after its letter, as visual does).
// fribidi joins Arabic letters in its output and keeps direction marks;
// the Arabic lines here are written with the letters its forms stand for,
// and without the marks, which visual drops.
var fribidiOrder = []struct{ name, in, want string }{
	{"action with a date", "שלום to 2026-12-15", "to 2026-12-15 םולש"},
	{"closing bracket inside", "שלום (Tester) עולם", "םלוע (Tester) םולש"},
	{"closing bracket at the end", "שלום (Tester)", "(Tester) םולש"},
	{"date and time", "פגישה ב-2026-12-15 בשעה 10:30", "10:30 העשב 2026-12-15-ב השיגפ"},
	{"percentages", "הנחה של 15% על 3 פריטים", "םיטירפ 3 לע 15% לש החנה"},
	{"ranges", "עמודים 10-20 ו-30–40", "40–30-ו 10-20 םידומע"},
	{"currency and thousands", "מחיר: $1,234.56 לכל יחידה", "הדיחי לכל $1,234.56 :ריחמ"},
	{"version and brackets", "הגרסה v2.1 (beta) שוחררה", "הררחוש v2.1 (beta) הסרגה"},
	{"sums", "נסיון: 1+2=3 ו-(4)", "(4)-ו 3=1+2 :ןויסנ"},
	{"square brackets", "שלום [abc] עולם", "םלוע [abc] םולש"},
	{"brackets take the text inside (N0)", "א abc (def) ב", "ב abc (def) א"},
	{"punctuation after English", "שלום, world!", "!world ,םולש"},
	{"number then letters", "שלום 123abc", "123abc םולש"},
	{"signs that point", "ב < ג ≥ ד «ה»", "«ה» ד ≤ ג > ב"},
	{"summary with an RTL title", "שלום is live and in hypercare: day 7 of 14 (2026-12-01 to 2026-12-15).", ".is live and in hypercare: day 7 of 14 (2026-12-01 to 2026-12-15) םולש"},
	{"arabic with european digits", "مرحبا 123 بالعالم", "ملاعلاب 123 ابحرم"},
	{"arabic-indic digits", "العدد ١٢٣ من ٤٥٦", "٤٥٦ نم ١٢٣ ددعلا"},
	{"arabic percentage and brackets", "كتابٌ 50% (تجربة)", "(ةبرجت) %50 بٌاتك"},
	{"hebrew points", "שָׁלוֹם עולם 5", "5 םלוע םוֹלשָׁ"},
	{"hebrew word in english", "Hebrew: שלום here", "Hebrew: םולש here"},
	{"number between hebrew words", "abc שלום 123 עולם", "abc םלוע 123 םולש"},
	{"date before a hebrew word", "Due 2026-12-15 for שלום (Tester)", "Due 2026-12-15 for םולש (Tester)"},
	{"two hebrew words", "Release notes: שלום עולם and then English again", "Release notes: םלוע םולש and then English again"},
	{"number after a hebrew word", "Price 50% for שלום 3 items", "Price 50% for 3 םולש items"},
	{"time and range", "Call שלום at 10:30, room 2-3", "Call םולש at 10:30, room 2-3"},
	{"hebrew in brackets", "Team (שלום) ready", "Team (םולש) ready"},
	{"line of an arabic paragraph", "\u200f3. Emoji: done", "Emoji: done .3"},
	{"latin line of a hebrew paragraph", "\u200fabc 123 def", "abc 123 def"},
	{"hebrew line of an english paragraph", "\u200eשלום עולם and", "םלוע םולש and"},
	{"mark before a bracket", "שלום \u200e(abc)", "(abc) םולש"},
}

// visual puts mixed lines in the order of the Unicode bidirectional
// algorithm: digits, dates, ranges, percentages and English words keep
// their order in right-to-left text, brackets pair and mirror. The table
// is FriBidi's output; where fribidi is installed it is asked again.
func TestVisualMatchesFriBidi(t *testing.T) {
	for _, c := range fribidiOrder {
		if got := visual(c.in); got != c.want {
			t.Errorf("%s: visual(%q) = %q, fribidi gives %q", c.name, c.in, got, c.want)
		}
	}
	if _, err := exec.LookPath("fribidi"); err != nil {
		t.Log("fribidi is not installed (apt-get install libfribidi-bin): the table is not checked against it")
		return
	}
	for _, c := range fribidiOrder {
		cmd := exec.Command("fribidi", "--nopad", "--nobreak", "--reordernsm")
		cmd.Stdin = strings.NewReader(c.in + "\n")
		out, err := cmd.Output()
		if err != nil {
			t.Fatalf("fribidi: %v", err)
		}
		var got []rune
		for _, r := range strings.TrimSuffix(string(out), "\n") {
			if r != lrm && r != rlm && r != alm && r != '\uFEFF' { // marks, and what stands for a ligature's second letter
				got = append(got, typed(r, nil)...) // Arabic forms back to letters
			}
		}
		if string(got) != c.want {
			t.Errorf("%s: fribidi now gives %q for %q, the table %q", c.name, string(got), c.in, c.want)
		}
	}
}

// In a pack, an action typed "שלום to 2026-12-15" is drawn in FriBidi's
// order, the date as typed, and so is the summary of a live record with a
// Hebrew title: pdftotext -layout reads each line left to right as drawn,
// each Hebrew word as typed (it wraps them in embedding marks, dropped here).
func TestMixedRightToLeftTextInThePack(t *testing.T) {
	needTools(t, "pdftotext")
	r := liveRecord(t)
	r.Title = "כניסה בלי סיסמה"
	r.Actions = append(r.Actions, readiness.Action{ID: "01JD00000000000000000000A8", Text: "שלום to 2026-12-15",
		Owner: "Tess Ter", Due: "2026-12-24", Status: readiness.ActionOpen})
	path := writePDF(t, renderPack(t, r, nil, PackOptions{}))
	var row, summary string
	for _, pg := range pdfPages(t, path) {
		for _, l := range strings.Split(strings.NewReplacer("\u202b", "", "\u202c", "").Replace(pg), "\n") {
			switch {
			case row == "" && strings.Contains(l, "Tess Ter"):
				row = l
			case summary == "" && strings.Contains(l, "is live and in hypercare"):
				summary = l
			}
		}
	}
	wantInOrder(t, "the action's row", row, "to 2026-12-15", "שלום", "Tess Ter", "2026-12-24", "Open")
	wantInOrder(t, "the summary's first line", summary, ".is live and in hypercare: day 7 of 14 (2026-11-16 to 2026-11-30)", "כניסה")
}

func FuzzVisual(f *testing.F) {
	for _, s := range []string{"שלום 2026 (עולם)", "abc", "א", "ا ب ت 123", "\u05b8", "", "\u200fabc (1-2) «x»", "א [ב (ג] ד)", "\xffא\u0661,\u0662"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		out := visual(s)
		// Every character is kept, marks aside.
		marks := 3*strings.Count(s, string(lrm)) + 3*strings.Count(s, string(rlm)) + 2*strings.Count(s, string(alm))
		if len(out) != len(s)-marks {
			t.Fatalf("visual(%q) = %q changed the length", s, out)
		}
	})
}
