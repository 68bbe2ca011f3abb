package reports

import (
	"encoding/binary"
	"errors"
	"fmt"
	"math"
	"sort"
)

// A small reader of the TrueType tables the layout needs: which characters a
// font maps to a glyph (cmap formats 4 and 12) and how wide each glyph is
// (head, hhea, hmtx). Every read is bounds-checked: malformed font bytes give
// an error, never a panic.

var errFontData = errors.New("malformed TrueType data")

// ttfMetrics is what one font face tells the layout.
type ttfMetrics struct {
	unitsPerEm int
	// glyphs maps each rune of the Basic Multilingual Plane to its glyph
	// through the format 4 subtable fpdf uses; 0 is "no glyph".
	glyphs []uint16
	// astral lists the rune ranges above U+FFFF that the format 12 subtable
	// maps to glyphs, in order, each with the glyph of its first rune (fpdf
	// reads only format 4: withPrivateUse moves these into the BMP).
	astral []runeRange
	// advance is each glyph's advance width in font units.
	advance []uint16
}

// runeRange is an inclusive range of runes mapped to consecutive glyphs
// from glyph.
type runeRange struct {
	lo, hi rune
	glyph  int
}

type ttfReader []byte

func (b ttfReader) u16(off int) (int, error) {
	if off < 0 || off+2 > len(b) {
		return 0, fmt.Errorf("reading offset %d: %w", off, errFontData)
	}
	return int(binary.BigEndian.Uint16(b[off:])), nil
}

func (b ttfReader) u32(off int) (int, error) {
	if off < 0 || off+4 > len(b) {
		return 0, fmt.Errorf("reading offset %d: %w", off, errFontData)
	}
	v := binary.BigEndian.Uint32(b[off:])
	if v > math.MaxInt32 {
		return 0, fmt.Errorf("value at offset %d is out of range: %w", off, errFontData)
	}
	return int(v), nil
}

// table returns the offset and length of a table, checked against the data.
func (b ttfReader) table(tag string) (int, int, error) {
	n, err := b.u16(4)
	if err != nil {
		return 0, 0, err
	}
	for i := range n {
		rec := 12 + 16*i
		if rec+16 > len(b) {
			return 0, 0, fmt.Errorf("table directory: %w", errFontData)
		}
		if string(b[rec:rec+4]) != tag {
			continue
		}
		off, _ := b.u32(rec + 8)
		size, _ := b.u32(rec + 12)
		if off+size > len(b) || off+size < off {
			return 0, 0, fmt.Errorf("table %s: %w", tag, errFontData)
		}
		return off, size, nil
	}
	return 0, 0, fmt.Errorf("no %s table: %w", tag, errFontData)
}

// parseTTF reads a face's character map and advance widths.
func parseTTF(data []byte) (*ttfMetrics, error) {
	b := ttfReader(data)
	m := &ttfMetrics{}
	head, _, err := b.table("head")
	if err != nil {
		return nil, err
	}
	if m.unitsPerEm, err = b.u16(head + 18); err != nil || m.unitsPerEm == 0 {
		return nil, fmt.Errorf("head table: %w", errFontData)
	}
	hhea, _, err := b.table("hhea")
	if err != nil {
		return nil, err
	}
	nMetrics, err := b.u16(hhea + 34)
	if err != nil || nMetrics == 0 {
		return nil, fmt.Errorf("hhea table: %w", errFontData)
	}
	maxp, _, err := b.table("maxp")
	if err != nil {
		return nil, err
	}
	nGlyphs, err := b.u16(maxp + 4)
	if err != nil {
		return nil, err
	}
	hmtx, hmtxLen, err := b.table("hmtx")
	if err != nil {
		return nil, err
	}
	if nMetrics*4 > hmtxLen {
		return nil, fmt.Errorf("hmtx table shorter than its %d metrics: %w", nMetrics, errFontData)
	}
	m.advance = make([]uint16, max(nGlyphs, nMetrics))
	for g := range m.advance {
		i := min(g, nMetrics-1) // glyphs past the last metric share its advance
		a, _ := b.u16(hmtx + 4*i)
		m.advance[g] = uint16(a)
	}
	cmap, cmapLen, err := b.table("cmap")
	if err != nil {
		return nil, err
	}
	if err := m.readCmap(b[cmap : cmap+cmapLen]); err != nil {
		return nil, fmt.Errorf("cmap table: %w", err)
	}
	return m, nil
}

// readCmap picks the subtables as fpdf does for format 4 (the first Unicode
// or Windows Unicode BMP subtable of format 4) and any Windows full-repertoire
// subtable of format 12.
func (m *ttfMetrics) readCmap(c ttfReader) error {
	n, err := c.u16(2)
	if err != nil {
		return err
	}
	found4 := false
	for i := range n {
		rec := 4 + 8*i
		platform, err1 := c.u16(rec)
		encoding, err2 := c.u16(rec + 2)
		off, err3 := c.u32(rec + 4)
		if err := errors.Join(err1, err2, err3); err != nil {
			return err
		}
		format, err := c.u16(off)
		if err != nil {
			return err
		}
		switch {
		case format == 4 && !found4 && (platform == 0 || (platform == 3 && encoding == 1)):
			if m.glyphs, err = cmap4(c, off); err != nil {
				return err
			}
			found4 = true
		case format == 12 && m.astral == nil && (platform == 0 || (platform == 3 && encoding == 10)):
			if m.astral, err = cmap12(c, off); err != nil {
				return err
			}
		}
	}
	if !found4 {
		return fmt.Errorf("no Unicode format 4 subtable: %w", errFontData)
	}
	return nil
}

// cmap4 decodes a segment-mapping subtable into a glyph per BMP rune.
func cmap4(c ttfReader, off int) ([]uint16, error) {
	segX2, err := c.u16(off + 6)
	if err != nil {
		return nil, err
	}
	segs := segX2 / 2
	ends := off + 14
	starts := ends + 2*segs + 2
	deltas := starts + 2*segs
	ranges := deltas + 2*segs
	if ranges+2*segs > len(c) {
		return nil, fmt.Errorf("format 4 subtable with %d segments: %w", segs, errFontData)
	}
	glyphs := make([]uint16, 1<<16)
	budget := 1 << 17 // segments may overlap in a hostile font: bound the work
	for s := range segs {
		end, _ := c.u16(ends + 2*s)
		start, _ := c.u16(starts + 2*s)
		if budget -= max(end-start+1, 1); budget < 0 {
			return nil, fmt.Errorf("format 4 segments cover more than the BMP: %w", errFontData)
		}
		delta, _ := c.u16(deltas + 2*s)
		rangeOff, _ := c.u16(ranges + 2*s)
		for ch := start; ch <= end; ch++ {
			var g int
			if rangeOff == 0 {
				g = (ch + delta) & 0xFFFF
			} else {
				v, err := c.u16(ranges + 2*s + rangeOff + 2*(ch-start))
				if err != nil {
					break // a glyph index past the table: the rest of the segment maps nowhere
				}
				if v != 0 {
					g = (v + delta) & 0xFFFF
				}
			}
			glyphs[ch] = uint16(g)
		}
	}
	glyphs[0xFFFF] = 0 // the terminating segment, never a character
	return glyphs, nil
}

// cmap12 decodes a segmented-coverage subtable into the ranges above the BMP
// that map to a glyph.
func cmap12(c ttfReader, off int) ([]runeRange, error) {
	n, err := c.u32(off + 12)
	if err != nil {
		return nil, err
	}
	if off+16+12*n > len(c) || n < 0 {
		return nil, fmt.Errorf("format 12 subtable with %d groups: %w", n, errFontData)
	}
	out := []runeRange{}
	for i := range n {
		g := off + 16 + 12*i
		lo, _ := c.u32(g)
		hi, _ := c.u32(g + 4)
		glyph, _ := c.u32(g + 8)
		if hi < lo || hi > 0x10FFFF {
			return nil, fmt.Errorf("format 12 group %d: %w", i, errFontData)
		}
		if glyph == 0 {
			lo++ // the first character maps to .notdef
			glyph++
		}
		if lo < 0x10000 {
			glyph += 0x10000 - lo
			lo = 0x10000
		}
		if lo <= hi {
			out = append(out, runeRange{rune(lo), rune(hi), glyph})
		}
	}
	sort.Slice(out, func(i, j int) bool { return out[i].lo < out[j].lo })
	return out, nil
}

// widths1000 returns each BMP rune's advance in thousandths of an em,
// rounded as fpdf rounds the widths it writes into the PDF, so text measured
// here is the width a viewer draws. Runes without a glyph are 0.
func (m *ttfMetrics) widths1000() []uint16 {
	out := make([]uint16, len(m.glyphs))
	scale := 1000 / float64(m.unitsPerEm)
	for r, g := range m.glyphs {
		if g == 0 || int(g) >= len(m.advance) {
			continue
		}
		out[r] = uint16(math.Round(scale * float64(m.advance[g])))
	}
	return out
}

// coversAstral reports whether the format 12 subtable maps r.
func (m *ttfMetrics) coversAstral(r rune) bool {
	i := sort.Search(len(m.astral), func(i int) bool { return m.astral[i].hi >= r })
	return i < len(m.astral) && m.astral[i].lo <= r
}

// Private Use Area of the BMP: where withPrivateUse puts a font's
// characters above U+FFFF.
const (
	puaFirst = 0xE000
	puaLast  = 0xF8FF
)

// withPrivateUse returns the font with one character map, a format 4
// subtable (the only kind fpdf reads), holding its BMP characters and, at
// free codes of the Private Use Area, its characters above U+FFFF (emoji),
// and the code each of those is drawn as. The PDF's text mapping takes the
// codes back to the characters. Every other table is copied as it is.
func withPrivateUse(data []byte, m *ttfMetrics) ([]byte, map[rune]uint16, error) {
	glyphOf := make(map[int]int, len(m.glyphs))
	for r, g := range m.glyphs {
		if g != 0 && int(g) < len(m.advance) && r != 0xFFFF {
			glyphOf[r] = int(g)
		}
	}
	pua := map[rune]uint16{}
	code := puaFirst
	for _, rr := range m.astral {
		for r := rr.lo; r <= rr.hi; r++ {
			g := rr.glyph + int(r-rr.lo)
			if g >= len(m.advance) {
				continue
			}
			for code <= puaLast && glyphOf[code] != 0 {
				code++
			}
			if code > puaLast {
				return nil, nil, fmt.Errorf("more characters above U+FFFF than the Private Use Area holds: %w", errFontData)
			}
			glyphOf[code] = g
			pua[r] = uint16(code)
			code++
		}
	}
	sub, err := cmap4Subtable(glyphOf)
	if err != nil {
		return nil, nil, err
	}
	cmap := binary.BigEndian.AppendUint16(nil, 0) // version
	cmap = binary.BigEndian.AppendUint16(cmap, 1) // one subtable
	cmap = binary.BigEndian.AppendUint16(cmap, 3) // Windows
	cmap = binary.BigEndian.AppendUint16(cmap, 1) // Unicode BMP
	cmap = binary.BigEndian.AppendUint32(cmap, 12)
	cmap = append(cmap, sub...)
	out, err := replaceTable(data, "cmap", cmap)
	if err != nil {
		return nil, nil, err
	}
	return out, pua, nil
}

// cmap4Subtable encodes code → glyph as a format 4 subtable: a segment per
// run of consecutive codes, by delta where the glyphs are consecutive too,
// through the glyph array where they are not.
func cmap4Subtable(glyphOf map[int]int) ([]byte, error) {
	codes := make([]int, 0, len(glyphOf))
	for c := range glyphOf {
		codes = append(codes, c)
	}
	sort.Ints(codes)
	type segment struct {
		start, end, delta int
		array             []int // glyphs, when not by delta
	}
	var segs []segment
	for i := 0; i < len(codes); {
		j := i + 1
		for j < len(codes) && codes[j] == codes[j-1]+1 {
			j++
		}
		s := segment{start: codes[i], end: codes[j-1], delta: glyphOf[codes[i]] - codes[i]}
		for _, c := range codes[i:j] {
			if glyphOf[c]-c != s.delta {
				s.delta = 0
				for _, c := range codes[i:j] {
					s.array = append(s.array, glyphOf[c])
				}
				break
			}
		}
		segs = append(segs, s)
		i = j
	}
	segs = append(segs, segment{start: 0xFFFF, end: 0xFFFF, delta: 1})
	n := len(segs)
	glyphs := 0
	for _, s := range segs {
		glyphs += len(s.array)
	}
	length := 16 + 8*n + 2*glyphs
	if length > 0xFFFF {
		return nil, fmt.Errorf("a format 4 subtable of %d bytes: %w", length, errFontData)
	}
	searchRange, selector := 2, 0
	for searchRange*2 <= 2*n {
		searchRange *= 2
		selector++
	}
	u16 := binary.BigEndian.AppendUint16
	b := make([]byte, 0, length)
	b = u16(b, 4)
	b = u16(b, uint16(length))
	b = u16(b, 0) // language
	b = u16(b, uint16(2*n))
	b = u16(b, uint16(searchRange))
	b = u16(b, uint16(selector))
	b = u16(b, uint16(2*n-searchRange))
	for _, s := range segs {
		b = u16(b, uint16(s.end))
	}
	b = u16(b, 0) // reserved pad
	for _, s := range segs {
		b = u16(b, uint16(s.start))
	}
	for _, s := range segs {
		b = u16(b, uint16(s.delta)) // modulo 65536
	}
	at := 0 // index into the glyph array
	for i, s := range segs {
		if s.array == nil {
			b = u16(b, 0)
			continue
		}
		b = u16(b, uint16(2*(n-i)+2*at)) // from this entry to the segment's first glyph
		at += len(s.array)
	}
	for _, s := range segs {
		for _, g := range s.array {
			b = u16(b, uint16(g))
		}
	}
	return b, nil
}

// replaceTable returns the font with one table's data replaced, checksums
// and the head table's checksum adjustment made anew.
func replaceTable(data []byte, tag string, table []byte) ([]byte, error) {
	b := ttfReader(data)
	n, err := b.u16(4)
	if err != nil {
		return nil, err
	}
	type entry struct {
		tag  string
		data []byte
	}
	tables := make([]entry, 0, n)
	found := false
	for i := range n {
		rec := 12 + 16*i
		if rec+16 > len(b) {
			return nil, fmt.Errorf("table directory: %w", errFontData)
		}
		t := string(b[rec : rec+4])
		off, size, err := b.table(t)
		if err != nil {
			return nil, err
		}
		e := entry{t, b[off : off+size]}
		if t == tag {
			e.data, found = table, true
		}
		tables = append(tables, e)
	}
	if !found {
		return nil, fmt.Errorf("no %s table: %w", tag, errFontData)
	}
	sort.Slice(tables, func(i, j int) bool { return tables[i].tag < tables[j].tag })
	searchRange, selector := 1, 0
	for searchRange*2 <= n {
		searchRange *= 2
		selector++
	}
	out := binary.BigEndian.AppendUint32(nil, 0x00010000)
	out = binary.BigEndian.AppendUint16(out, uint16(n))
	out = binary.BigEndian.AppendUint16(out, uint16(16*searchRange))
	out = binary.BigEndian.AppendUint16(out, uint16(selector))
	out = binary.BigEndian.AppendUint16(out, uint16(16*(n-searchRange)))
	dir := len(out)
	out = append(out, make([]byte, 16*n)...)
	headAt := -1
	for i, t := range tables {
		off := len(out)
		if t.tag == "head" {
			if len(t.data) < 12 {
				return nil, fmt.Errorf("head table: %w", errFontData)
			}
			headAt = off
		}
		out = append(out, t.data...)
		for len(out)%4 != 0 {
			out = append(out, 0)
		}
		if headAt == off {
			binary.BigEndian.PutUint32(out[off+8:], 0) // checksum adjustment, summed as 0
		}
		rec := out[dir+16*i:]
		copy(rec, t.tag)
		binary.BigEndian.PutUint32(rec[4:], checksum(out[off:off+len(t.data)]))
		binary.BigEndian.PutUint32(rec[8:], uint32(off))
		binary.BigEndian.PutUint32(rec[12:], uint32(len(t.data)))
	}
	if headAt >= 0 {
		binary.BigEndian.PutUint32(out[headAt+8:], 0xB1B0AFBA-checksum(out))
	}
	return out, nil
}

// checksum is the TrueType table checksum: the sum of big-endian uint32s,
// the data padded with zeros to a multiple of four.
func checksum(b []byte) uint32 {
	var sum uint32
	for i := 0; i < len(b); i += 4 {
		var w [4]byte
		copy(w[:], b[i:min(i+4, len(b))])
		sum += binary.BigEndian.Uint32(w[:])
	}
	return sum
}
