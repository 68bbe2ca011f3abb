package reports

import (
	"strings"
	"testing"
	"unicode/utf8"
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
		// A full stop goes with the character before it, an opening
		// bracket with the one after it, as Chinese and Japanese are set.
		{"no line starts with 。", "上线前必须完成。上线前", 22, []string{"上线前必须完", "成。上线前"}},
		{"no line ends with 「", "确认「上线前必须完成」", 9.5, []string{"确认", "「上线", "前必须", "完成」"}},
		{"nor starts with ) after a space", "aaaa bbbb )", 13, []string{"aaaa", "bbbb )"}},
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

// However a run of Chinese or Japanese with its punctuation falls at the
// end of a line, no line starts with closing punctuation nor ends with
// opening punctuation (UAX #14's classes CL, CP, EX, IS, NS and OP).
func TestWrapKeepsPunctuationWithItsWord(t *testing.T) {
	fs := loadedFonts(t)
	in := strings.Repeat("上线前必须完成。「请确认」（注意！）、日本語のテキストを確認します。", 6)
	for w := 13.0; w < 60; w += 0.37 { // from the widest run that may not be parted, "意！）、"
		lines := fs.wrap(regular, 8.5, w, in)
		for i, l := range lines {
			first, _ := utf8.DecodeRuneInString(l)
			last, _ := utf8.DecodeLastRuneInString(l)
			if i > 0 && noLineStart(first) || i < len(lines)-1 && noLineEnd(last) {
				t.Fatalf("width %.2f mm: line %d is %q (all: %q)", w, i, l, lines)
			}
		}
		if strings.Join(lines, "") != in {
			t.Fatalf("width %.2f mm: text changed: %q", w, lines)
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
