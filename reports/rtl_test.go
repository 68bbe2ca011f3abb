package reports

import "testing"

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

func FuzzVisual(f *testing.F) {
	for _, s := range []string{"שלום 2026 (עולם)", "abc", "א", "ا ب ت 123", "\u05b8", ""} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		out := visual(s)
		if len(out) != len(s) {
			t.Fatalf("visual(%q) = %q changed the length", s, out)
		}
	})
}
