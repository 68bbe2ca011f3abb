package reports

import (
	"slices"
	"strings"
	"unicode"
	"unicode/utf8"
)

// fpdf draws characters left to right in the order given and has no shaping
// engine. Right-to-left text (Hebrew, Arabic) would come out backwards and,
// for Arabic, as unjoined letters. Two small steps make it readable:
// shapeArabic gives Arabic letters their contextual forms (DejaVu Sans has
// the presentation forms), and visual reorders each drawn line the way the
// Unicode bidirectional algorithm would for the common cases: runs of
// right-to-left words reversed, numbers inside them kept left to right,
// brackets mirrored. Neither is a full implementation of UAX #9; neither
// can fail.
//
// The direction of a line is its paragraph's (UAX #9 rules P2 and P3: the
// first strong character of the paragraph), not its own: wrap starts a line
// whose own first strong character says otherwise with a left-to-right or
// right-to-left mark, which visual reads as that first strong character
// and drops.

const (
	lrm = '\u200E' // left-to-right mark
	rlm = '\u200F' // right-to-left mark
	alm = '\u061C' // Arabic letter mark
)

// hasRTL reports whether s holds a Hebrew or Arabic character (by its UTF-8
// lead bytes: U+0590–U+08FF and U+FB1D–U+FEFF) or a direction mark.
func hasRTL(s string) bool {
	for i := 0; i < len(s); i++ {
		c := s[i]
		if (c >= 0xD6 && c <= 0xDF) || (c == 0xE0 && i+1 < len(s) && s[i+1] >= 0xA0 && s[i+1] <= 0xA3) ||
			(c == 0xEF && i+1 < len(s) && s[i+1] >= 0xAC && s[i+1] <= 0xBB) ||
			(c == 0xE2 && i+2 < len(s) && s[i+1] == 0x80 && (s[i+2] == 0x8E || s[i+2] == 0x8F)) {
			return true
		}
	}
	return false
}

// firstStrong is the direction of the first strong character of s: bidiL,
// bidiR, or bidiNeutral when it has none.
func firstStrong(s string) bidiClass {
	for _, r := range s {
		if c := classOf(r); c == bidiL || c == bidiR {
			return c
		}
	}
	return bidiNeutral
}

func isRTL(r rune) bool {
	return (r >= 0x0590 && r <= 0x08FF && !isArabicDigit(r)) || (r >= 0xFB1D && r <= 0xFDFF) || (r >= 0xFE70 && r <= 0xFEFF)
}

func isArabicDigit(r rune) bool { return (r >= 0x0660 && r <= 0x0669) || (r >= 0x06F0 && r <= 0x06F9) }

type bidiClass uint8

const (
	bidiNeutral bidiClass = iota
	bidiL
	bidiR
	bidiNumber
)

func classOf(r rune) bidiClass {
	switch {
	case r == lrm:
		return bidiL
	case r == rlm || r == alm:
		return bidiR
	case isRTL(r):
		return bidiR
	case (r >= '0' && r <= '9') || isArabicDigit(r):
		return bidiNumber
	case unicode.IsLetter(r):
		return bidiL
	}
	return bidiNeutral
}

// visual reorders one line of text from logical to visual order, dropping
// direction marks. Text without right-to-left characters or marks is
// returned as it is.
func visual(s string) string {
	if !hasRTL(s) {
		return s
	}
	// Clusters: a base character with the combining marks after it, which
	// must stay after it when a run is reversed.
	type cluster struct {
		text  string
		class bidiClass
		level int
	}
	var cs []cluster
	for i := 0; i < len(s); {
		r, n := utf8.DecodeRuneInString(s[i:])
		j := i + n
		for j < len(s) {
			m, k := utf8.DecodeRuneInString(s[j:])
			if !unicode.Is(unicode.Mn, m) {
				break
			}
			j += k
		}
		cs = append(cs, cluster{text: s[i:j], class: classOf(r)})
		i = j
	}
	// The paragraph direction is that of the first strong character.
	base := bidiL
	for _, c := range cs {
		if c.class == bidiL || c.class == bidiR {
			base = c.class
			break
		}
	}
	// Strong direction on each side of each cluster; numbers count as
	// right-to-left for their neighbours (rule N1).
	strong := func(c bidiClass) bidiClass {
		if c == bidiNumber {
			return bidiR
		}
		return c
	}
	prev := make([]bidiClass, len(cs))
	last := base
	for i, c := range cs {
		prev[i] = last
		if c.class == bidiL || c.class == bidiR {
			last = c.class
		}
	}
	next := base
	for i := len(cs) - 1; i >= 0; i-- {
		c := &cs[i]
		switch c.class {
		case bidiL:
			c.level = 0
		case bidiR:
			c.level = 1
		case bidiNumber:
			if prev[i] == bidiR {
				c.level = 2 // a number in right-to-left text reads left to right
			}
		case bidiNeutral:
			p, q := strong(prev[i]), next
			switch {
			case p == q && p == bidiR:
				c.level = 1
			case p == q:
				c.level = 0
			case base == bidiR:
				c.level = 1
			}
		}
		if c.class == bidiL || c.class == bidiR {
			next = c.class
		} else if c.class == bidiNumber && prev[i] == bidiR {
			next = bidiR
		}
		if base == bidiR && c.level == 0 {
			c.level += 2 // left-to-right text embedded in a right-to-left line
		}
	}
	// Rule L2: from the highest level down to 1, reverse every run at that
	// level or above.
	top := 0
	for _, c := range cs {
		top = max(top, c.level)
	}
	for lvl := top; lvl >= 1; lvl-- {
		for i := 0; i < len(cs); {
			if cs[i].level < lvl {
				i++
				continue
			}
			j := i
			for j < len(cs) && cs[j].level >= lvl {
				j++
			}
			slices.Reverse(cs[i:j])
			i = j
		}
	}
	var b strings.Builder
	b.Grow(len(s))
	for _, c := range cs {
		if c.text == string(lrm) || c.text == string(rlm) || c.text == string(alm) {
			continue // a mark has done its work
		}
		if c.level%2 == 1 {
			if m, ok := mirrored[c.text]; ok {
				b.WriteString(m)
				continue
			}
		}
		b.WriteString(c.text)
	}
	return b.String()
}

var mirrored = map[string]string{"(": ")", ")": "(", "[": "]", "]": "[", "{": "}", "}": "{", "<": ">", ">": "<", "«": "»", "»": "«"}

// arabicForms gives, for each letter from U+0621, its first presentation
// form (isolated) and how many forms follow in order isolated, final,
// initial, medial: 1 for a letter that never joins, 2 for one that joins
// only to the letter before it, 4 for one that joins on both sides.
var arabicForms = [...]struct {
	first rune
	n     uint8
}{
	{0xFE80, 1}, {0xFE81, 2}, {0xFE83, 2}, {0xFE85, 2}, {0xFE87, 2}, {0xFE89, 4}, {0xFE8D, 2}, {0xFE8F, 4}, // 0621–0628
	{0xFE93, 2}, {0xFE95, 4}, {0xFE99, 4}, {0xFE9D, 4}, {0xFEA1, 4}, {0xFEA5, 4}, {0xFEA9, 2}, {0xFEAB, 2}, // 0629–0630
	{0xFEAD, 2}, {0xFEAF, 2}, {0xFEB1, 4}, {0xFEB5, 4}, {0xFEB9, 4}, {0xFEBD, 4}, {0xFEC1, 4}, {0xFEC5, 4}, // 0631–0638
	{0xFEC9, 4}, {0xFECD, 4}, {}, {}, {}, {}, {}, {0, 4}, // 0639–0640 (0640 tatweel joins, has no forms)
	{0xFED1, 4}, {0xFED5, 4}, {0xFED9, 4}, {0xFEDD, 4}, {0xFEE1, 4}, {0xFEE5, 4}, {0xFEE9, 4}, {0xFEED, 2}, // 0641–0648
	{0xFEEF, 2}, {0xFEF1, 4}, // 0649–064A
}

// joining returns how a rune joins: 0 not at all, 2 to the letter before,
// 4 on both sides; transparent marks report -1.
func joining(r rune) int {
	if r >= 0x0621 && r <= 0x064A {
		return int(arabicForms[r-0x0621].n)
	}
	if (r >= 0x064B && r <= 0x065F) || r == 0x0670 {
		return -1
	}
	return 0
}

// lamAlef maps an alef that follows lam to the ligature's isolated form.
var lamAlef = map[rune]rune{0x0622: 0xFEF5, 0x0623: 0xFEF7, 0x0625: 0xFEF9, 0x0627: 0xFEFB}

// shapeArabic replaces Arabic letters with their contextual presentation
// forms where every form needed is drawable. s is in logical order.
func shapeArabic(s string, drawable func(rune) bool) string {
	rs := []rune(s)
	// Neighbours, skipping transparent marks.
	joinsBefore := func(i int) bool { // the letter before i joins forward
		for j := i - 1; j >= 0; j-- {
			if k := joining(rs[j]); k >= 0 {
				return k == 4
			}
		}
		return false
	}
	joinsAfter := func(i int) (int, bool) { // the letter after i joins back
		for j := i + 1; j < len(rs); j++ {
			if k := joining(rs[j]); k >= 0 {
				return j, k >= 2
			}
		}
		return -1, false
	}
	out := make([]rune, 0, len(rs))
	for i := 0; i < len(rs); i++ {
		r := rs[i]
		k := joining(r)
		if k < 1 || r == 0x0640 {
			out = append(out, r)
			continue
		}
		before := joinsBefore(i)
		if r == 0x0644 { // lam + alef is one ligature
			if j, _ := joinsAfter(i); j == i+1 {
				if lig, ok := lamAlef[rs[j]]; ok {
					if before {
						lig++
					}
					if drawable(lig) {
						out = append(out, lig)
						i++
						continue
					}
				}
			}
		}
		_, after := joinsAfter(i)
		form := 0 // isolated
		switch {
		case k == 1: // never joins
		case k == 4 && before && after:
			form = 3
		case before:
			form = 1
		case k == 4 && after:
			form = 2
		}
		f := arabicForms[r-0x0621].first + rune(form)
		if f == 0 || !drawable(f) {
			f = r
		}
		out = append(out, f)
	}
	return string(out)
}
