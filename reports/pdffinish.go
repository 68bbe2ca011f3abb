package reports

import (
	"bytes"
	"compress/zlib"
	"crypto/sha256"
	"errors"
	"fmt"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"time"
)

// What fpdf cannot be told, written into its output before it leaves:
//
//   - each font's text mapping (/ToUnicode) maps the codes actually drawn
//     to what was typed: an Arabic presentation form (the shaped letter
//     drawn) to its letter, a lam-alef ligature to lam and alef, a fallback
//     face's private-use code to its emoji. fpdf's maps every code to
//     itself, so a copied or searched Arabic word came out as presentation
//     forms and matched nothing typed.
//   - subset fonts are named as the PDF specification says, a tag of six
//     capital letters and a plus before the PostScript name
//     (ABCDEF+DejaVuSans-Bold); fpdf names them utf8dejavuB.
//   - the catalogue asks viewers to show the document's title, not its file
//     name (/ViewerPreferences <</DisplayDocTitle true>>).
//   - the header says PDF 1.4 (fpdf's says 1.3 unless what it drew needs
//     more), the version that has the catalogue's /Lang and
//     /ViewerPreferences /DisplayDocTitle.
//   - the creation and modification dates say their time zone
//     (D:20261122090000+01'00', Z for UTC), as the footer's "Generated"
//     line does; fpdf writes the clock time alone, which readers take as
//     UTC, an hour off for a pack dated 09:00 at +01:00.
//
// The edits are exact replacements of what fpdf v0.12 writes; if one is
// not found the render fails in words, never a PDF half changed. Objects
// move, so the cross-reference table is rewritten with their new offsets.

// errPDFShape is fpdf's output not being what finishPDF expects.
var errPDFShape = errors.New("the PDF fpdf wrote is not in the expected shape")

// fontPatch is what finishPDF changes for one font.
type fontPatch struct {
	key       string // fpdf's name for it: utf8 + family + style
	name      string // its subset's name: TAG+PostScriptName
	toUnicode []byte // its text mapping, a CMap
}

// fontPatches lists the fonts of the document with their subset names and
// text mappings.
func (d *doc) fontPatches() []fontPatch {
	var out []fontPatch
	for f := range nFaces {
		if f >= nDejaVu && !d.added[f] {
			continue
		}
		// The codes drawn. fpdf writes the page count into "Page N of
		// {nb}" after drawing; its digits are drawn as page numbers too.
		used := d.used[f]
		if used == nil {
			used = &bitset{}
		}
		var runeOf map[uint16]rune
		if ff := d.fs.fallbackFace(f); ff != nil {
			runeOf = ff.runeOf
		}
		ff := faceFiles[f]
		out = append(out, fontPatch{
			key:       "utf8" + strings.ToLower(ff.family) + strings.ToUpper(ff.style),
			name:      subsetTag(ff.psName, used) + "+" + ff.psName,
			toUnicode: toUnicodeCMap(used, runeOf),
		})
	}
	return out
}

// subsetTag is six capital letters that name a subset: the same for the
// same glyphs of the same font, so equal input gives equal bytes.
func subsetTag(psName string, used *bitset) string {
	h := sha256.New()
	h.Write([]byte(psName))
	for _, w := range used {
		h.Write([]byte{byte(w), byte(w >> 8), byte(w >> 16), byte(w >> 24), byte(w >> 32), byte(w >> 40), byte(w >> 48), byte(w >> 56)})
	}
	sum := h.Sum(nil)
	tag := make([]byte, 6)
	for i := range tag {
		tag[i] = 'A' + sum[i]%26
	}
	return string(tag)
}

// typed is the text a drawn code stands for: the letter for an Arabic
// presentation form shapeArabic drew (two for a ligature), the character
// above U+FFFF for a private-use code of a fallback face, the code itself
// otherwise.
func typed(c rune, runeOf map[uint16]rune) []rune {
	if r, ok := runeOf[uint16(c)]; ok {
		return []rune{r}
	}
	if c >= 0xFEF5 && c <= 0xFEFC {
		// A lam-alef ligature, isolated or final: alef then lam, the order
		// they are drawn in. Readers put a right-to-left word's characters
		// back in logical order one by one, a ligature's too (poppler and
		// pdf.js both do), so they give lam then alef, as typed.
		return []rune{[]rune{0x0622, 0x0623, 0x0625, 0x0627}[(c-0xFEF5)/2], 0x0644}
	}
	if c >= 0xFE80 && c <= 0xFEF4 {
		for i := len(arabicForms) - 1; i >= 0; i-- {
			if f := arabicForms[i]; f.first != 0 && c >= f.first {
				if c < f.first+rune(f.n) {
					return []rune{0x0621 + rune(i)}
				}
				break
			}
		}
	}
	return []rune{c}
}

// toUnicodeCMap is a text mapping for the codes used: runs of codes that
// map to themselves as ranges, the others one by one, a hundred to a
// block as the specification allows.
func toUnicodeCMap(used *bitset, runeOf map[uint16]rune) []byte {
	type entry struct {
		lo, hi rune // hi > lo: an identity range
		to     []rune
	}
	var entries []entry
	for c := rune(1); c < 1<<16; c++ {
		if !used.has(c) || (c >= 0xD800 && c <= 0xDFFF) {
			continue
		}
		to := typed(c, runeOf)
		if n := len(entries); n > 0 && len(to) == 1 && to[0] == c {
			last := &entries[n-1]
			if last.hi == c-1 && len(last.to) == 1 && last.to[0] == last.lo && c&0xFF != 0 {
				last.hi = c // an identity range, within one block of 256 as the specification asks
				continue
			}
		}
		entries = append(entries, entry{c, c, to})
	}
	var b bytes.Buffer
	b.WriteString("/CIDInit /ProcSet findresource begin\n12 dict begin\nbegincmap\n" +
		"/CIDSystemInfo <</Registry (Adobe) /Ordering (UCS) /Supplement 0>> def\n" +
		"/CMapName /Adobe-Identity-UCS def\n/CMapType 2 def\n" +
		"1 begincodespacerange\n<0000> <FFFF>\nendcodespacerange\n")
	hex := func(rs []rune) string {
		var s strings.Builder
		for _, r := range rs {
			if r > 0xFFFF {
				r -= 0x10000
				fmt.Fprintf(&s, "%04X%04X", 0xD800+(r>>10), 0xDC00+(r&0x3FF))
				continue
			}
			fmt.Fprintf(&s, "%04X", r)
		}
		return s.String()
	}
	var chars, ranges []entry
	for _, e := range entries {
		if e.hi > e.lo {
			ranges = append(ranges, e)
		} else {
			chars = append(chars, e)
		}
	}
	for len(chars) > 0 {
		n := min(len(chars), 100)
		fmt.Fprintf(&b, "%d beginbfchar\n", n)
		for _, e := range chars[:n] {
			fmt.Fprintf(&b, "<%04X> <%s>\n", e.lo, hex(e.to))
		}
		b.WriteString("endbfchar\n")
		chars = chars[n:]
	}
	for len(ranges) > 0 {
		n := min(len(ranges), 100)
		fmt.Fprintf(&b, "%d beginbfrange\n", n)
		for _, e := range ranges[:n] {
			fmt.Fprintf(&b, "<%04X> <%04X> <%04X>\n", e.lo, e.hi, e.lo)
		}
		b.WriteString("endbfrange\n")
		ranges = ranges[n:]
	}
	b.WriteString("endcmap\nCMapName currentdict /CMap defineresource pop\nend\nend")
	return b.Bytes()
}

// edit replaces b[at:at+n] with with.
type edit struct {
	at, n int
	with  []byte
}

var (
	toUnicodeRef = regexp.MustCompile(`^/Encoding /Identity-H\n/DescendantFonts \[\d+ 0 R\]\n/ToUnicode (\d+) 0 R>>`)
	streamObject = regexp.MustCompile(`^<</Length \d+>>\nstream\n(?s:.*?)\nendstream\n`)
	startXref    = regexp.MustCompile(`\nstartxref\n(\d+)\n%%EOF\n?$`)
)

// finishPDF makes the edits the package comment lists; now is the time
// fpdf was given as the document's creation and modification dates.
func finishPDF(b []byte, fonts []fontPatch, now time.Time) ([]byte, error) {
	var edits []edit
	if bytes.HasPrefix(b, []byte("%PDF-1.3\n")) {
		edits = append(edits, edit{len("%PDF-1."), 1, []byte("4")})
	}
	find := func(what string, from int) (int, error) {
		i := bytes.Index(b[from:], []byte(what))
		if i < 0 {
			return 0, fmt.Errorf("finding %q: %w", what, errPDFShape)
		}
		return from + i, nil
	}
	// The fonts and the catalogue come after the pages, whose link
	// addresses are the only text fpdf writes as it is (all else is
	// UTF-16): each is looked for from the end.
	last := func(what string) (int, error) {
		i := bytes.LastIndex(b, []byte(what))
		if i < 0 {
			return 0, fmt.Errorf("finding %q: %w", what, errPDFShape)
		}
		return i, nil
	}
	for _, f := range fonts {
		type0 := "/Subtype /Type0\n/BaseFont /" + f.key + "\n"
		at, err := last(type0)
		if err != nil {
			return nil, err
		}
		name := at + len("/Subtype /Type0\n/BaseFont /")
		edits = append(edits, edit{name, len(f.key), []byte(f.name)})
		m := toUnicodeRef.FindSubmatch(b[at+len(type0):])
		if m == nil {
			return nil, fmt.Errorf("reading the text mapping of %s: %w", f.key, errPDFShape)
		}
		obj, err := find("\n"+string(m[1])+" 0 obj\n", at)
		if err != nil {
			return nil, err
		}
		obj += len("\n" + string(m[1]) + " 0 obj\n")
		s := streamObject.FindIndex(b[obj:])
		if s == nil {
			return nil, fmt.Errorf("reading the text mapping of %s: %w", f.key, errPDFShape)
		}
		var z bytes.Buffer
		zw := zlib.NewWriter(&z)
		zw.Write(f.toUnicode)
		zw.Close()
		stream := fmt.Appendf(nil, "<</Length %d /Filter /FlateDecode>>\nstream\n", z.Len())
		stream = append(append(stream, z.Bytes()...), "\nendstream\n"...)
		edits = append(edits, edit{obj, s[1], stream})
		for _, where := range []string{"/Subtype /CIDFontType2\n/BaseFont /", "/Type /FontDescriptor /FontName /"} {
			at, err := find(where+f.key+"\n", at)
			if err != nil {
				return nil, err
			}
			edits = append(edits, edit{at + len(where), len(f.key), []byte(f.name)})
		}
	}
	for _, key := range []string{"/CreationDate", "/ModDate"} {
		date := key + " (D:" + now.Format("20060102150405")
		at, err := last(date + ")")
		if err != nil {
			return nil, err
		}
		edits = append(edits, edit{at + len(date), 0, []byte(pdfZone(now))})
	}
	at, err := last("/Type /Catalog\n")
	if err != nil {
		return nil, err
	}
	at += len("/Type /Catalog\n")
	edits = append(edits, edit{at, 0, []byte("/ViewerPreferences <</DisplayDocTitle true>>\n")})
	return applyEdits(b, edits)
}

// pdfZone is a PDF date's time zone (ISO 32000-1, 7.9.4): Z for UTC, else
// the offset from it as +HH'mm' or -HH'mm'.
func pdfZone(t time.Time) string {
	_, off := t.Zone()
	if off == 0 {
		return "Z"
	}
	sign := '+'
	if off < 0 {
		sign, off = '-', -off
	}
	return fmt.Sprintf("%c%02d'%02d'", sign, off/3600, off/60%60)
}

// applyEdits makes non-overlapping edits to a PDF with one classic
// cross-reference table at its end, moving each object's offset and the
// table's own.
func applyEdits(b []byte, edits []edit) ([]byte, error) {
	m := startXref.FindSubmatchIndex(b)
	if m == nil {
		return nil, fmt.Errorf("finding startxref: %w", errPDFShape)
	}
	xref, _ := strconv.Atoi(string(b[m[2]:m[3]]))
	if xref <= 0 || xref >= m[0] || !bytes.HasPrefix(b[xref:], []byte("xref\n0 ")) {
		return nil, fmt.Errorf("reading the cross-reference table: %w", errPDFShape)
	}
	slices.SortFunc(edits, func(a, b edit) int { return a.at - b.at })
	// moved is where an offset of the old file is in the new one.
	moved := func(off int) int {
		delta := 0
		for _, e := range edits {
			if e.at >= off {
				break
			}
			delta += len(e.with) - e.n
		}
		return off + delta
	}
	var out bytes.Buffer
	out.Grow(len(b) + 4096)
	prev := 0
	for _, e := range edits {
		if e.at < prev || e.at+e.n > xref {
			return nil, fmt.Errorf("overlapping edits at %d: %w", e.at, errPDFShape)
		}
		out.Write(b[prev:e.at])
		out.Write(e.with)
		prev = e.at + e.n
	}
	out.Write(b[prev:xref])
	// The table: "xref", "0 N", then N entries of 20 bytes each.
	head, rest, ok := bytes.Cut(b[xref:], []byte("\n"))
	count, rest2, ok2 := bytes.Cut(rest, []byte("\n"))
	fields := strings.Fields(string(count))
	if !ok || !ok2 || string(head) != "xref" || len(fields) != 2 {
		return nil, fmt.Errorf("reading the cross-reference table: %w", errPDFShape)
	}
	n, err := strconv.Atoi(fields[1])
	if err != nil || n <= 0 || len(rest2) < 20*n {
		return nil, fmt.Errorf("reading the cross-reference table: %w", errPDFShape)
	}
	newXref := out.Len()
	fmt.Fprintf(&out, "xref\n0 %d\n", n)
	for i := range n {
		line := rest2[20*i : 20*i+20]
		if line[17] != 'n' {
			out.Write(line)
			continue
		}
		off, err := strconv.Atoi(string(line[:10]))
		if err != nil {
			return nil, fmt.Errorf("reading the cross-reference table: %w", errPDFShape)
		}
		fmt.Fprintf(&out, "%010d%s", moved(off), line[10:])
	}
	trailer := rest2[20*n:]
	tm := startXref.FindSubmatchIndex(trailer)
	if tm == nil {
		return nil, fmt.Errorf("finding startxref: %w", errPDFShape)
	}
	out.Write(trailer[:tm[2]])
	out.WriteString(strconv.Itoa(newXref))
	out.Write(trailer[tm[3]:])
	return out.Bytes(), nil
}
