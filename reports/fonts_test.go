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
		{'ש', true, true},   // Hebrew: every face
		{'ع', true, false},  // Arabic: not in the oblique face, drawn in the regular
		{'漢', false, false}, // CJK: none
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
	for fc, ff := range faceFiles {
		f.AddUTF8FontFromBytes(family, ff.style, fs.data[fc])
	}
	samples := []string{"Card tokenisation v3", "Zoë Ångström — naïve café", "COM-01 2026-11-20", "WWWWiiii....", "Ωμέγα Жизнь", "שלום", "□ • …"}
	for fc, ff := range faceFiles {
		f.SetFont(family, ff.style, 8.5)
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

func TestRunsFallBackToRegular(t *testing.T) {
	fs := loadedFonts(t)
	type run struct {
		f face
		s string
	}
	var got []run
	fs.runs(oblique, "note: مرحبا ok", func(f face, s string) { got = append(got, run{f, s}) })
	want := []run{{oblique, "note: "}, {regular, "مرحبا "}, {oblique, "ok"}}
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
