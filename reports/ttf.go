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
	// maps to glyphs (fpdf reads only format 4, so these cannot be drawn).
	astral []runeRange
	// advance is each glyph's advance width in font units.
	advance []uint16
}

// runeRange is an inclusive range of runes.
type runeRange struct{ lo, hi rune }

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
		}
		lo = max(lo, 0x10000)
		if lo <= hi {
			out = append(out, runeRange{rune(lo), rune(hi)})
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
