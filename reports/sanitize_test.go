package reports

import (
	"strings"
	"testing"
	"unicode/utf8"
)

func TestSanitize(t *testing.T) {
	for _, c := range []struct{ name, in, want string }{
		{"plain", "Card tokenisation v3", "Card tokenisation v3"},
		{"accents and dashes", "Zoë Ångström — naïve café…", "Zoë Ångström — naïve café…"},
		{"emoji", "Go live 🚀 today", "Go live 🚀 today"},
		{"emoji sequence: joiners, tones and presentation selectors go", "dev 👩‍💻 ok 👍🏽 ❤️", "dev 👩💻 ok 👍 ❤"},
		{"flag", "UK 🇬🇧", "UK 🇬🇧"},
		{"emoji newer than the emoji font", "🥲 ok", "□ ok"},
		{"cjk", "漢字 かな 한국어 release", "漢字 かな 한국어 release"},
		{"controls", "a\x00b\x07c\x1b[31md", "abc[31md"},
		{"line ends", "a\r\nb\rc\u2028d", "a\nb\nc\nd"},
		{"tab", "a\tb", "a    b"},
		{"invalid utf8", "ok\xffok\xc3", "ok□ok□"},
		{"replacement char", "a\uFFFDb", "a□b"},
		{"bidi controls", "a\u202eb\u202cc\u2066d\u2069e", "abcde"},
		{"direction marks stay for visual", "a\u200fb\u200ec\u061cd", "a\u200fb\u200ec\u061cd"},
		{"invisible", "soft\u00adhyphen zero\u200bwidth \ufeffbom", "softhyphen zerowidth bom"},
		{"hebrew", "שלום עולם", "שלום עולם"},
		{"markup as text", "<script>alert(1)</script>", "<script>alert(1)</script>"},
		{"astral no font maps", "Old Italic 𐌀", "Old Italic □"},
		{"private use means nothing", "a\ue000b", "a□b"},
	} {
		if got := Sanitize(c.in); got != c.want {
			t.Errorf("%s: Sanitize(%q) = %q, want %q", c.name, c.in, got, c.want)
		}
	}
}

func TestMetaText(t *testing.T) {
	if got, want := metaText(" Go live 🚀\x00 漢字 עברית\r\n<b>\xff "), "Go live 🚀 漢字 עברית  <b>\uFFFD"; got != want {
		t.Errorf("metaText = %q, want %q", got, want)
	}
	// fpdf encodes bookmarks itself, three bytes to a UTF-16 unit: an
	// emoji goes to it as its surrogates (TestBookmarksKeepEmoji reads one
	// back).
	if got, want := bookmarkText("Go 🚀 漢"), "Go \xed\xa0\xbd\xed\xba\x80 漢"; got != want {
		t.Errorf("bookmarkText = %q, want %q", got, want)
	}
	// The document information is encoded here: an emoji is a surrogate pair.
	if got, want := pdfText("a🚀"), "\xfe\xff\x00a\xd8\x3d\xde\x80"; got != want {
		t.Errorf("pdfText = %q, want %q", got, want)
	}
}

func TestSanitizeShapesArabic(t *testing.T) {
	// مرحبا: meem initial, reh final, hah isolated (reh does not join
	// forward), beh initial, alef final.
	got := Sanitize("مرحبا")
	want := "\uFEE3\uFEAE\uFEA3\uFE92\uFE8E"
	if got != want {
		t.Errorf("Sanitize(مرحبا) = %U, want %U", []rune(got), []rune(want))
	}
	if got := Sanitize("لا"); got != "\uFEFB" {
		t.Errorf("lam alef = %U, want the ligature", []rune(got))
	}
}

func TestSanitizePlainASCIIIsNotCopied(t *testing.T) {
	s := strings.Repeat("plain ascii ", 100)
	if n := testing.AllocsPerRun(100, func() { Sanitize(s) }); n != 0 {
		t.Errorf("Sanitize of plain ASCII allocates %.0f times", n)
	}
}

// Whatever goes in, what comes out is valid UTF-8 of drawable runes and
// newlines.
func FuzzSanitize(f *testing.F) {
	for _, s := range []string{"Go live 🚀", "漢字", "العربية עברית", "\x00\xff\r\n\t", "<script>", "لا ﻻ"} {
		f.Add(s)
	}
	fs := loadedFonts(f)
	f.Fuzz(func(t *testing.T, in string) {
		out := Sanitize(in)
		if !utf8.ValidString(out) {
			t.Fatalf("Sanitize(%q) is not UTF-8", in)
		}
		for _, r := range out {
			if r != '\n' && !fs.drawable(r) {
				t.Fatalf("Sanitize(%q) keeps %U, which the font cannot draw", in, r)
			}
		}
		visual(out) // must not panic
	})
}
