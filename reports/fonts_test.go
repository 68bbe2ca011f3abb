package reports

import (
	"errors"
	"testing"

	"codeberg.org/go-pdf/fpdf"
)

func loadedFonts(t testing.TB) *fontSet {
	t.Helper()
	fs, err := fonts()
	if err != nil {
		t.Fatal(err)
	}
	return fs
}

func TestFontCoverage(t *testing.T) {
	fs := loadedFonts(t)
	for _, c := range []struct {
		r              rune
		regular, other bool // drawable; own glyph in bold and oblique
	}{
		{'A', true, true}, {'é', true, true}, {'Ω', true, true}, {'Ж', true, true},
		{'—', true, true}, {'…', true, true}, {'•', true, true}, {Replacement, true, true},
		{'ש', true, true},       // Hebrew: every face
		{'ع', true, false},      // Arabic: not in the oblique face, drawn in the regular
		{'漢', true, false},      // CJK: in the fallback face
		{'한', true, false},      // hangul: in the fallback face
		{'🚀', true, false},      // emoji: in the symbols face
		{'✅', true, false},      // an emoji in the BMP: in the symbols face
		{0x1F972, false, false}, // an emoji newer than Symbola: none
		{0xE000, false, false},  // private use: none (the symbols face draws emoji there)
		{0xFFFD, false, false},
		{0, false, false},
	} {
		if got := fs.drawable(c.r); got != c.regular {
			t.Errorf("drawable(%U) = %v", c.r, got)
		}
		if got := fs.own[oblique].has(c.r); got != c.other {
			t.Errorf("oblique has %U = %v", c.r, got)
		}
	}
	// The format 12 table maps runes above the BMP (Old Italic, maths
	// alphanumerics) that fpdf cannot draw: they are not drawable.
	m := fs.metrics[regular]
	if len(m.astral) == 0 || !m.coversAstral(0x10300) || m.coversAstral(0x1F680) {
		t.Errorf("format 12 coverage: %d ranges, U+10300 %v, U+1F680 %v", len(m.astral), m.coversAstral(0x10300), m.coversAstral(0x1F680))
	}
	if fs.drawable(0x10300) {
		t.Error("a rune above the BMP is drawable")
	}
}

// The widths the layout measures with are those fpdf writes into the PDF,
// which a viewer draws with: text measured to fit a cell fits it.
func TestWidthsMatchFpdf(t *testing.T) {
	fs := loadedFonts(t)
	f := fpdf.New("P", "mm", "A4", "")
	for fc := range nDejaVu {
		f.AddUTF8FontFromBytes(faceFiles[fc].family, faceFiles[fc].style, fs.data[fc])
	}
	samples := []string{"Card tokenisation v3", "Zoë Ångström — naïve café", "COM-01 2026-11-20", "WWWWiiii....", "Ωμέγα Жизнь", "שלום", "□ • …"}
	for fc, ff := range faceFiles[:nDejaVu] {
		f.SetFont(ff.family, ff.style, 8.5)
		for _, s := range samples {
			if ff.style == "I" && s == "שלום" {
				continue
			}
			got, want := fs.width(face(fc), 8.5, s), f.GetStringWidth(s)
			if d := got - want; d > 1e-9 || d < -1e-9 {
				t.Errorf("face %q: width(%q) = %.4f mm, fpdf says %.4f", ff.style, s, got, want)
			}
		}
	}
	if err := f.Error(); err != nil {
		t.Fatal(err)
	}
}

// The same for the fallback faces, with emoji drawn as their private-use
// codes.
func TestFallbackWidthsMatchFpdf(t *testing.T) {
	fs := loadedFonts(t)
	f := fpdf.New("P", "mm", "A4", "")
	for _, fc := range []face{cjk, symbols} {
		ff := fs.fallbackFace(fc)
		if ff == nil {
			t.Fatal("no fallback fonts")
		}
		f.AddUTF8FontFromBytes(faceFiles[fc].family, "", ff.data)
		f.SetFont(faceFiles[fc].family, "", 8.5)
		for _, s := range []string{"漢字 かな 한국어", "支付令牌", "🚀😀✅❤", "🇬🇧"} {
			if fs.faceOf(regular, []rune(s)[0]) != fc {
				continue
			}
			got, want := fs.width(fc, 8.5, s), f.GetStringWidth(fs.codes(fc, s))
			if d := got - want; d > 1e-9 || d < -1e-9 || got == 0 {
				t.Errorf("face %d: width(%q) = %.4f mm, fpdf says %.4f", fc, s, got, want)
			}
		}
	}
	if err := f.Error(); err != nil {
		t.Fatal(err)
	}
}

// An emoji's private-use code draws the glyph the font's own character map
// gives the emoji.
func TestPrivateUseKeepsTheGlyph(t *testing.T) {
	fs := loadedFonts(t)
	ff := fs.fallbackFace(symbols)
	orig, err := fontFS.Open(faceFiles[symbols].file)
	if err != nil {
		t.Fatal(err)
	}
	defer orig.Close()
	b, err := gunzip(orig)
	if err != nil {
		t.Fatal(err)
	}
	before, err := parseTTF(b)
	if err != nil {
		t.Fatal(err)
	}
	after, err := parseTTF(ff.data)
	if err != nil {
		t.Fatal(err)
	}
	glyphOf := func(m *ttfMetrics, r rune) int {
		for _, rr := range m.astral {
			if r >= rr.lo && r <= rr.hi {
				return rr.glyph + int(r-rr.lo)
			}
		}
		return 0
	}
	for _, r := range []rune{'🚀', '😀', '👩', '💻', 0x1F1EC} {
		c, ok := ff.pua[r]
		if !ok || c < puaFirst || c > puaLast {
			t.Fatalf("%U has no private-use code (%U)", r, c)
		}
		if g := glyphOf(before, r); g == 0 || int(after.glyphs[c]) != g {
			t.Errorf("%U: glyph %d, its code %U draws %d", r, g, c, after.glyphs[c])
		}
		if ff.runeOf[c] != r {
			t.Errorf("%U maps back to %U", c, ff.runeOf[c])
		}
	}
	// The BMP characters keep their glyphs.
	for _, r := range []rune{'✅', '❤', '☕'} {
		if before.glyphs[r] == 0 || after.glyphs[r] != before.glyphs[r] {
			t.Errorf("%U: glyph %d became %d", r, before.glyphs[r], after.glyphs[r])
		}
	}
}

func TestRunsFallBack(t *testing.T) {
	fs := loadedFonts(t)
	type run struct {
		f face
		s string
	}
	var got []run
	fs.runs(oblique, "note: مرحبا ok 漢字 한국어 🚀✅ end", func(f face, s string) { got = append(got, run{f, s}) })
	want := []run{{oblique, "note: "}, {regular, "مرحبا "}, {oblique, "ok "}, {cjk, "漢字"}, {oblique, " "}, {cjk, "한국어"}, {oblique, " "}, {symbols, "🚀✅"}, {oblique, " end"}}
	if len(got) != len(want) {
		t.Fatalf("runs = %+v", got)
	}
	for i := range want {
		if got[i] != want[i] {
			t.Errorf("run %d = %+v, want %+v", i, got[i], want[i])
		}
	}
}

// Malformed font data is an error, never a panic.
func TestParseTTFRejectsMalformedData(t *testing.T) {
	fs := loadedFonts(t)
	good := fs.data[regular]
	for name, b := range map[string][]byte{
		"empty":     nil,
		"truncated": good[:200],
		"header":    good[:12],
		"garbage":   []byte("this is not a font, it is a sentence of some length"),
	} {
		if _, err := parseTTF(b); !errors.Is(err, errFontData) {
			t.Errorf("%s: %v", name, err)
		}
	}
}

func FuzzParseTTF(f *testing.F) {
	fs := loadedFonts(f)
	f.Add(fs.data[regular][:4096])
	f.Add([]byte{0, 1, 0, 0, 0, 1, 0, 0, 0, 0, 0, 0, 'c', 'm', 'a', 'p', 0, 0, 0, 0, 0, 0, 0, 12, 0, 0, 0, 4})
	f.Fuzz(func(t *testing.T, b []byte) {
		parseTTF(b) // must not panic
	})
}
