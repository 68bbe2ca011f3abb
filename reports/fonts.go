package reports

import (
	"bytes"
	"compress/gzip"
	"embed"
	"fmt"
	"io"
	"sync"
	"unicode/utf8"
)

// The embedded fonts, each with its licence beside it in fonts/:
//
//   - DejaVu Sans (regular, bold, oblique) from Debian's fonts-dejavu-core:
//     the face of every PDF (Latin, Greek, Cyrillic, Hebrew, Arabic, symbols).
//   - Droid Sans Fallback from fonts-droid-fallback (Apache-2.0):
//     Chinese, Japanese (kana) and Korean (hangul), where DejaVu has no glyph.
//   - Symbola from fonts-symbola (free for any use): emoji, monochrome, and
//     the symbols neither of the others has.
//
// The two fallbacks are stored gzip-compressed (3.2 MB instead of 6.6) and
// read the first time a text needs a character DejaVu does not have.
//
//go:embed fonts/DejaVuSans.ttf fonts/DejaVuSans-Bold.ttf fonts/DejaVuSans-Oblique.ttf
//go:embed fonts/DroidSansFallback.ttf.gz fonts/Symbola.ttf.gz
var fontFS embed.FS

// face is one embedded font face.
type face uint8

const (
	regular face = iota // DejaVu Sans
	bold
	oblique
	cjk     // Droid Sans Fallback
	symbols // Symbola
	nFaces

	nDejaVu = cjk // the faces before it are DejaVu's, which styles choose
)

// faceFiles says where each face comes from, what fpdf registers it as,
// and the PostScript name the PDF gives its subset.
var faceFiles = [nFaces]struct{ family, style, file, psName string }{
	regular: {"dejavu", "", "fonts/DejaVuSans.ttf", "DejaVuSans"},
	bold:    {"dejavu", "B", "fonts/DejaVuSans-Bold.ttf", "DejaVuSans-Bold"},
	oblique: {"dejavu", "I", "fonts/DejaVuSans-Oblique.ttf", "DejaVuSans-Oblique"},
	cjk:     {"droidfallback", "", "fonts/DroidSansFallback.ttf.gz", "DroidSansFallback"},
	symbols: {"symbola", "", "fonts/Symbola.ttf.gz", "Symbola"},
}

// fontSet is the embedded fonts read once per process: the bytes fpdf
// embeds, each face's advance widths (the metrics cache every measurement
// uses) and the characters each face can draw.
//
// DejaVu's regular face decides first what is drawable. The bold and
// oblique faces lack some of its glyphs (the oblique has no Arabic at all):
// those runes are drawn, and measured, in the regular face instead. A rune
// DejaVu lacks is drawn in the first fallback face that has it, whatever
// the style.
type fontSet struct {
	data    [nDejaVu][]byte
	widths  [nDejaVu][]uint16 // per BMP rune, thousandths of an em; a face's own glyph or the regular fallback
	metrics [nDejaVu]*ttfMetrics
	own     [nDejaVu]*bitset // BMP runes each face has a glyph for
	// fallback loads the fallback faces on first use.
	fallback func() (*fallbackSet, error)
}

// fallbackSet is the faces drawn where DejaVu has no glyph, in the order
// they are tried.
type fallbackSet struct {
	faces [nFaces - nDejaVu]fallbackFace
}

// fallbackFace is one fallback font. fpdf draws and maps BMP codes only,
// so a character above U+FFFF is drawn as a code of the Private Use Area
// (code), which the PDF's text mapping takes back to the character.
type fallbackFace struct {
	data   []byte          // the bytes fpdf embeds: the font with its characters above U+FFFF at private-use codes
	widths []uint16        // per code, thousandths of an em
	bmp    *bitset         // the BMP characters it has a glyph for
	pua    map[rune]uint16 // a character above U+FFFF → the code it is drawn as
	runeOf map[uint16]rune // and back
}

type bitset [1 << 16 / 64]uint64

func (b *bitset) has(r rune) bool { return r >= 0 && r < 1<<16 && b[r/64]&(1<<(r%64)) != 0 }

func (b *bitset) set(r rune) {
	if r >= 0 && r < 1<<16 {
		b[r/64] |= 1 << (r % 64)
	}
}

// bidiMarks are the invisible characters that set a direction (left-to-right,
// right-to-left and Arabic letter marks): kept in text for visual, which
// honours and then drops them, and measured as nothing.
var bidiMarks = [...]rune{0x200E, 0x200F, 0x061C}

// fonts loads DejaVu on first use. The files are embedded, so an error
// here is a broken build; it is still returned, never panicked.
var fonts = sync.OnceValues(func() (*fontSet, error) {
	fs := &fontSet{fallback: sync.OnceValues(loadFallback)}
	for f := range nDejaVu {
		b, err := fontFS.ReadFile(faceFiles[f].file)
		if err != nil {
			return nil, fmt.Errorf("reading embedded font %s: %w", faceFiles[f].file, err)
		}
		m, err := parseTTF(b)
		if err != nil {
			return nil, fmt.Errorf("reading embedded font %s: %w", faceFiles[f].file, err)
		}
		fs.data[f], fs.metrics[f], fs.widths[f], fs.own[f] = b, m, m.widths1000(), m.coverage()
		m.glyphs = nil // summed up in own and widths
	}
	for f := bold; f < nDejaVu; f++ {
		for r := range fs.widths[f] {
			if !fs.own[f].has(rune(r)) {
				fs.widths[f][r] = fs.widths[regular][r]
			}
		}
	}
	for _, r := range bidiMarks {
		fs.own[regular].set(r)
		for f := range nDejaVu {
			fs.widths[f][r] = 0
		}
	}
	return fs, nil
})

// coverage is the BMP runes a face has a glyph for.
func (m *ttfMetrics) coverage() *bitset {
	own := &bitset{}
	for r, g := range m.glyphs {
		if g != 0 && int(g) < len(m.advance) && r != 0 && r != 0xFFFD {
			own.set(rune(r))
		}
	}
	return own
}

// loadFallback reads the fallback faces: decompressed, their characters
// above U+FFFF moved into the Private Use Area.
func loadFallback() (*fallbackSet, error) {
	fb := &fallbackSet{}
	for i := range fb.faces {
		file := faceFiles[nDejaVu+face(i)].file
		gz, err := fontFS.Open(file)
		if err != nil {
			return nil, fmt.Errorf("reading embedded font %s: %w", file, err)
		}
		b, err := gunzip(gz)
		gz.Close()
		if err != nil {
			return nil, fmt.Errorf("reading embedded font %s: %w", file, err)
		}
		m, err := parseTTF(b)
		if err != nil {
			return nil, fmt.Errorf("reading embedded font %s: %w", file, err)
		}
		ff := &fb.faces[i]
		ff.bmp = m.coverage()
		for r := puaFirst; r <= puaLast; r++ {
			ff.bmp[r/64] &^= 1 << (r % 64) // its own private-use glyphs mean nothing to a reader
		}
		if ff.data, ff.pua, err = withPrivateUse(b, m); err != nil {
			return nil, fmt.Errorf("reading embedded font %s: %w", file, err)
		}
		moved, err := parseTTF(ff.data)
		if err != nil {
			return nil, fmt.Errorf("reading embedded font %s: %w", file, err)
		}
		ff.widths = moved.widths1000()
		ff.runeOf = make(map[uint16]rune, len(ff.pua))
		for r, c := range ff.pua {
			ff.runeOf[c] = r
		}
	}
	return fb, nil
}

func gunzip(r io.Reader) ([]byte, error) {
	z, err := gzip.NewReader(r)
	if err != nil {
		return nil, err
	}
	var b bytes.Buffer
	if _, err := io.Copy(&b, z); err != nil {
		return nil, err
	}
	return b.Bytes(), z.Close()
}

// fallbackFor is the fallback face that draws r, or false when none does
// (or the fallback fonts could not be read).
func (fs *fontSet) fallbackFor(r rune) (face, *fallbackFace, bool) {
	fb, err := fs.fallback()
	if err != nil {
		return 0, nil, false
	}
	for i := range fb.faces {
		ff := &fb.faces[i]
		if r < 1<<16 && ff.bmp.has(r) {
			return nDejaVu + face(i), ff, true
		}
		if _, ok := ff.pua[r]; ok {
			return nDejaVu + face(i), ff, true
		}
	}
	return 0, nil, false
}

// fallbackFace returns a loaded fallback face's data.
func (fs *fontSet) fallbackFace(f face) *fallbackFace {
	if f < nDejaVu || f >= nFaces {
		return nil // a DejaVu face: the fallback fonts stay unread (about 100 ms and 20 MB to unpack)
	}
	fb, err := fs.fallback()
	if err != nil {
		return nil
	}
	return &fb.faces[f-nDejaVu]
}

// drawable reports whether r can be drawn: DejaVu's regular face has a
// glyph for it, or a fallback face has.
func (fs *fontSet) drawable(r rune) bool {
	if fs.own[regular].has(r) {
		return true
	}
	_, _, ok := fs.fallbackFor(r)
	return ok
}

// faceOf is the face that draws r in style f.
func (fs *fontSet) faceOf(f face, r rune) face {
	switch {
	case f >= nDejaVu:
		return f
	case fs.own[f].has(r):
		return f
	case fs.own[regular].has(r):
		return regular
	}
	if fb, _, ok := fs.fallbackFor(r); ok {
		return fb
	}
	return regular
}

// runs splits sanitised text into runs drawn in one face: f where it has
// the glyph, DejaVu's regular face or a fallback face where it does not.
// Most text is one run.
func (fs *fontSet) runs(f face, s string, yield func(face, string)) {
	if plainASCII(s) {
		yield(f, s)
		return
	}
	start, cur := 0, f
	for i, r := range s {
		want := fs.faceOf(f, r)
		if r == ' ' && cur < nDejaVu {
			want = cur // a space does not start a run of DejaVu; a fallback face's spaces are the style's, as measured
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

// units is the advance of r in thousandths of an em in style f (a DejaVu
// face) or face f (a fallback). tbl is fs.widths[f] for a DejaVu face.
func (fs *fontSet) units(f face, tbl []uint16, r rune) int {
	if f < nDejaVu && r < 1<<16 {
		if w := tbl[r]; w != 0 || fs.own[regular].has(r) {
			return int(w)
		}
	}
	var ff *fallbackFace
	if f >= nDejaVu {
		ff = fs.fallbackFace(f)
	} else {
		_, ff, _ = fs.fallbackFor(r)
	}
	if ff == nil {
		return 0
	}
	if r >= 1<<16 {
		c, ok := ff.pua[r]
		if !ok {
			return 0
		}
		r = rune(c)
	}
	return int(ff.widths[r])
}

// table is the width table units reads for a DejaVu face; nil for others.
func (fs *fontSet) table(f face) []uint16 {
	if f < nDejaVu {
		return fs.widths[f]
	}
	return nil
}

// width is the width of s in millimetres in a face at a size in points.
// s must be sanitised: every rune drawable.
func (fs *fontSet) width(f face, size float64, s string) float64 {
	tbl := fs.table(f)
	w := 0
	for i := 0; i < len(s); {
		c := s[i]
		if c < utf8.RuneSelf && tbl != nil {
			w += int(tbl[c])
			i++
			continue
		}
		r, n := utf8.DecodeRuneInString(s[i:])
		w += fs.units(f, tbl, r)
		i += n
	}
	return float64(w) * size / 1000 * ptToMM
}

// unitsOf is the advance of s in thousandths of an em, as units measures
// each of its runes.
func (fs *fontSet) unitsOf(f face, tbl []uint16, s string) int {
	u := 0
	for _, r := range s {
		u += fs.units(f, tbl, r)
	}
	return u
}

// codes is s as fpdf draws it in face f: in a fallback face, characters
// above U+FFFF become their private-use codes.
func (fs *fontSet) codes(f face, s string) string {
	ff := fs.fallbackFace(f)
	if ff == nil || len(ff.pua) == 0 {
		return s
	}
	astral := false
	for i := 0; i < len(s); i++ {
		if s[i] >= 0xF0 {
			astral = true
			break
		}
	}
	if !astral {
		return s
	}
	out := make([]rune, 0, len(s)/3)
	for _, r := range s {
		if c, ok := ff.pua[r]; ok {
			r = rune(c)
		}
		out = append(out, r)
	}
	return string(out)
}
