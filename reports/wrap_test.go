package reports

import (
	"strings"
	"testing"
)

func TestWrap(t *testing.T) {
	fs := loadedFonts(t)
	const size = 8.5
	cases := []struct {
		name  string
		in    string
		width float64
		want  []string
	}{
		{"fits", "Runbook", 40, []string{"Runbook"}},
		{"empty", "", 40, []string{""}},
		{"words", "A named communications lead is on duty for the release window", 40,
			[]string{"A named communications", "lead is on duty for the", "release window"}},
		{"newlines kept", "one\n\ntwo", 40, []string{"one", "", "two"}},
		{"indent kept", "  - first", 40, []string{"  - first"}},
		{"url at slashes", "https://wiki.example.com/payments/tokenisation-v3/COM-01", 40,
			[]string{"https://wiki.example.com/", "payments/tokenisation-", "v3/COM-01"}},
		{"spaces collapse at a break", "aaaa     bbbb", 8, []string{"aaaa", "bbbb"}},
	}
	for _, c := range cases {
		got := fs.wrap(regular, size, c.width, c.in)
		if strings.Join(got, "|") != strings.Join(c.want, "|") {
			t.Errorf("%s: wrap(%q) = %q, want %q", c.name, c.in, got, c.want)
		}
	}
}

// Every line fits, and no character is lost but the spaces at breaks.
func TestWrapFitsAndKeepsText(t *testing.T) {
	fs := loadedFonts(t)
	inputs := []string{
		strings.Repeat("0123456789", 500),
		strings.Repeat("Evidence reviewed with the run team; follow-up booked. ", 50),
		"Zoë Ångström — naïve café " + strings.Repeat("W", 300) + " end",
		"עברית العربية mixed with English words and https://example.com/a-very/long_path?x=1&y=2#frag",
		"支付令牌 カード 결제 🚀👩💻 emoji and CJK wrap like the rest " + strings.Repeat("漢字", 80),
	}
	for _, f := range []face{regular, bold, oblique} {
		for _, width := range []float64{5, 20, 47.3, 120} {
			for _, in := range inputs {
				lines := fs.wrap(f, 8.5, width, in)
				for _, l := range lines {
					if w := fs.width(f, 8.5, l); w > width+1e-9 && len([]rune(l)) > 1 {
						t.Fatalf("face %d, width %.1f: line %q is %.2f mm", f, width, l, w)
					}
				}
				if squash(strings.NewReplacer(string(rlm), "", string(lrm), "").Replace(strings.Join(lines, ""))) != squash(in) {
					t.Fatalf("face %d, width %.1f: text changed", f, width)
				}
			}
		}
	}
}

func TestFit(t *testing.T) {
	fs := loadedFonts(t)
	if got := fs.fit(regular, 9, 100, "Short"); got != "Short" {
		t.Errorf("fit shortened %q", got)
	}
	long := "2.0 Information security, data protection and compliance"
	got := fs.fit(regular, 9, 30, long)
	if !strings.HasSuffix(got, "…") || fs.width(regular, 9, got) > 30 || !strings.HasPrefix(long, strings.TrimSuffix(got, "…")) {
		t.Errorf("fit(%q) = %q", long, got)
	}
}
