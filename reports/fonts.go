package reports

import (
	"embed"
	"fmt"
	"sync"
	"unicode/utf8"
)

// DejaVu Sans (regular, bold, oblique) from Debian's fonts-dejavu-core, with
// its licence beside it (fonts/LICENSE-DejaVu.txt): the one UTF-8 font of
// every PDF, embedded in the binary.
//
//go:embed fonts/DejaVuSans.ttf fonts/DejaVuSans-Bold.ttf fonts/DejaVuSans-Oblique.ttf
var fontFS embed.FS

// family is the name the faces are registered under in fpdf.
const family = "dejavu"

// face is one style of the embedded family.
type face uint8

const (
	regular face = iota
	bold
	oblique
	nFaces
)

var faceFiles = [nFaces]struct{ style, file string }{
	regular: {"", "fonts/DejaVuSans.ttf"},
	bold:    {"B", "fonts/DejaVuSans-Bold.ttf"},
	oblique: {"I", "fonts/DejaVuSans-Oblique.ttf"},
}

// fontSet is the embedded family read once per process: the bytes fpdf
// embeds, each face's advance widths (the metrics cache every measurement
// uses) and the runes each face can draw.
//
// The regular face decides what is drawable. The bold and oblique faces
// lack some of its glyphs (the oblique has no Arabic at all): those runes
// are drawn, and measured, in the regular face instead.
type fontSet struct {
	data    [nFaces][]byte
	widths  [nFaces][]uint16 // per BMP rune, thousandths of an em; a face's own glyph or the regular fallback
	metrics [nFaces]*ttfMetrics
	own     [nFaces]*bitset // BMP runes each face has a glyph for
}

type bitset [1 << 16 / 64]uint64

func (b *bitset) has(r rune) bool { return r >= 0 && r < 1<<16 && b[r/64]&(1<<(r%64)) != 0 }

// fonts loads the family on first use. The files are embedded, so an error
// here is a broken build; it is still returned, never panicked.
var fonts = sync.OnceValues(func() (*fontSet, error) {
	fs := &fontSet{}
	for f, ff := range faceFiles {
		b, err := fontFS.ReadFile(ff.file)
		if err != nil {
			return nil, fmt.Errorf("reading embedded font %s: %w", ff.file, err)
		}
		m, err := parseTTF(b)
		if err != nil {
			return nil, fmt.Errorf("reading embedded font %s: %w", ff.file, err)
		}
		own := &bitset{}
		for r, g := range m.glyphs {
			if g != 0 && int(g) < len(m.advance) && r != 0 && r != 0xFFFD {
				own[r/64] |= 1 << (r % 64)
			}
		}
		fs.data[f], fs.metrics[f], fs.widths[f], fs.own[f] = b, m, m.widths1000(), own
		m.glyphs = nil // summed up in own and widths
	}
	for f := bold; f < nFaces; f++ {
		for r := range fs.widths[f] {
			if !fs.own[f].has(rune(r)) {
				fs.widths[f][r] = fs.widths[regular][r]
			}
		}
	}
	return fs, nil
})

// drawable reports whether r can be drawn: the regular face has a glyph for
// it. fpdf reads only the format 4 (BMP) character map and indexes a
// 65536-entry width table, so runes above U+FFFF are never drawable even
// where the font's format 12 table has them.
func (fs *fontSet) drawable(r rune) bool { return fs.own[regular].has(r) }

// runs splits sanitised text into runs drawn in one face: f where it has
// the glyph, the regular face where it does not. Most text is one run.
func (fs *fontSet) runs(f face, s string, yield func(face, string)) {
	if f == regular || plainASCII(s) {
		yield(f, s)
		return
	}
	start, cur := 0, f
	for i, r := range s {
		want := f
		if r == ' ' {
			want = cur // a space never starts a run
		} else if !fs.own[f].has(r) {
			want = regular
		}
		if want != cur && i > start {
			yield(cur, s[start:i])
			start = i
		}
		cur = want
	}
	yield(cur, s[start:])
}

// ptToMM converts points to millimetres, the unit of every layout.
const ptToMM = 25.4 / 72

// width is the width of s in millimetres in a face at a size in points.
// s must be sanitised: every rune drawable.
func (fs *fontSet) width(f face, size float64, s string) float64 {
	tbl := fs.widths[f]
	w := 0
	for i := 0; i < len(s); {
		c := s[i]
		if c < utf8.RuneSelf {
			w += int(tbl[c])
			i++
			continue
		}
		r, n := utf8.DecodeRuneInString(s[i:])
		if r < 1<<16 {
			w += int(tbl[r])
		}
		i += n
	}
	return float64(w) * size / 1000 * ptToMM
}
