package reports

import (
	"embed"
	"encoding/binary"
	"sync"
)

// DejaVu Sans (regular, bold, oblique) from Debian's fonts-dejavu-core, with
// its licence beside it: a UTF-8 font for every PDF, embedded in the binary.
//
//go:embed fonts/DejaVuSans.ttf fonts/DejaVuSans-Bold.ttf fonts/DejaVuSans-Oblique.ttf
var fontFS embed.FS

type font struct {
	style string
	file  string
}

var fontFiles = []font{{"", "fonts/DejaVuSans.ttf"}, {"B", "fonts/DejaVuSans-Bold.ttf"}, {"I", "fonts/DejaVuSans-Oblique.ttf"}}

var (
	fontOnce  sync.Once
	fontBytes map[string][]byte
	covered   *[1 << 16]bool // runes of the Basic Multilingual Plane the regular face has glyphs for
)

func loadFonts() {
	fontOnce.Do(func() {
		fontBytes = map[string][]byte{}
		for _, f := range fontFiles {
			b, err := fontFS.ReadFile(f.file)
			if err != nil {
				panic(err) // embedded at build time
			}
			fontBytes[f.style] = b
		}
		covered = cmapCoverage(fontBytes[""])
	})
}

// cmapCoverage reads a TrueType font's format 4 cmap subtable (Unicode BMP)
// and returns which runes it maps to a glyph.
func cmapCoverage(ttf []byte) *[1 << 16]bool {
	var out [1 << 16]bool
	u16 := func(o int) int {
		if o+2 > len(ttf) {
			return 0
		}
		return int(binary.BigEndian.Uint16(ttf[o:]))
	}
	u32 := func(o int) int {
		if o+4 > len(ttf) {
			return 0
		}
		return int(binary.BigEndian.Uint32(ttf[o:]))
	}
	cmap := 0
	for i, n := 0, u16(4); i < n; i++ {
		rec := 12 + 16*i
		if string(ttf[rec:rec+4]) == "cmap" {
			cmap = u32(rec + 8)
		}
	}
	if cmap == 0 {
		return &out
	}
	sub := 0
	for i, n := 0, u16(cmap+2); i < n; i++ {
		rec := cmap + 4 + 8*i
		platform, encoding := u16(rec), u16(rec+2)
		if off := cmap + u32(rec+4); (platform == 3 && encoding == 1) || platform == 0 {
			if u16(off) == 4 {
				sub = off
			}
		}
	}
	if sub == 0 {
		return &out
	}
	segs := u16(sub+6) / 2
	ends, starts := sub+14, sub+16+2*segs
	deltas, ranges := starts+2*segs, starts+4*segs
	for s := 0; s < segs; s++ {
		start, end := u16(starts+2*s), u16(ends+2*s)
		delta, rangeOff := u16(deltas+2*s), u16(ranges+2*s)
		for c := start; c <= end && c < 0xFFFF; c++ {
			glyph := 0
			if rangeOff == 0 {
				glyph = (c + delta) & 0xFFFF
			} else {
				glyph = u16(ranges + 2*s + rangeOff + 2*(c-start))
				if glyph != 0 {
					glyph = (glyph + delta) & 0xFFFF
				}
			}
			out[c] = glyph != 0
		}
	}
	return &out
}
