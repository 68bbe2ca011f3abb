package reports

import (
	"slices"
	"strings"
	"unicode/utf8"

	"golang.org/x/text/unicode/bidi"
)

// fpdf draws characters left to right in the order given and has no shaping
// engine. Right-to-left text (Hebrew, Arabic) would come out backwards and,
// for Arabic, as unjoined letters. Two steps make it readable: shapeArabic
// gives Arabic letters their contextual forms (DejaVu Sans has the
// presentation forms), and visual puts each drawn line in the order the
// Unicode bidirectional algorithm (UAX #9) gives it. Neither can fail.
//
// visual takes each character's bidirectional class and bracket pair from
// golang.org/x/text/unicode/bidi and applies the rules here: numbers and
// their separators and terminators (W1–W7), bracket pairs (N0), other
// neutrals (N1, N2), levels (I1, I2), then reordering (L1, L2) with a
// combining mark kept after its letter (L3) and mirrored characters
// mirrored (L4). x/text's Paragraph also applies the rules, but its Ordering
// keeps only each run's direction, not its level (a number between two
// Hebrew words of an English line cannot be put in place), and it never
// pairs brackets (it gives each bracket itself as the value to pair by, so
// "(" never meets ")"). Explicit embeddings, overrides and isolates are not
// honoured: Sanitize drops them.
//
// The direction of a line is its paragraph's (rules P2 and P3: the first
// strong character of the paragraph), not its own: wrap starts a line
// whose own first strong character says otherwise with a left-to-right or
// right-to-left mark, which visual reads as that first strong character
// and drops. Each line is resolved on its own, so a number that starts a
// line takes its context from that line, not from the line before.

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

// bidiClass is the direction a line is set in.
type bidiClass uint8

const (
	bidiNeutral bidiClass = iota
	bidiL
	bidiR
)

// firstStrong is the direction of the first strong character of s (a
// letter or a direction mark): bidiL, bidiR, or bidiNeutral when it has
// none.
func firstStrong(s string) bidiClass {
	for _, r := range s {
		switch p, _ := bidi.LookupRune(r); p.Class() {
		case bidi.L:
			return bidiL
		case bidi.R, bidi.AL:
			return bidiR
		}
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
	// Each character: where its bytes start, its class and, for a bracket,
	// its properties.
	var (
		at    []int
		runes []rune
		cls   []bidi.Class
	)
	for i := 0; i < len(s); {
		r, n := utf8.DecodeRuneInString(s[i:])
		p, _ := bidi.LookupRune(r)
		at, runes, cls = append(at, i), append(runes, r), append(cls, p.Class())
		i += n
	}
	at = append(at, len(s))
	base := uint8(0)
	if firstStrong(s) == bidiR {
		base = 1
	}
	levels := bidiLevels(runes, cls, base)
	order := reorder(levels)
	// L3: a combining mark reversed with its letter goes back after it.
	for i := 0; i < len(order); {
		lvl := levels[order[i]]
		if cls[order[i]] != bidi.NSM || lvl%2 == 0 {
			i++
			continue
		}
		j := i
		for j < len(order) && cls[order[j]] == bidi.NSM && levels[order[j]] == lvl {
			j++
		}
		if j < len(order) && levels[order[j]] == lvl {
			slices.Reverse(order[i : j+1])
		}
		i = j + 1
	}
	var b strings.Builder
	b.Grow(len(s))
	for _, i := range order {
		r := runes[i]
		if r == lrm || r == rlm || r == alm {
			continue // a mark has done its work
		}
		if levels[i]%2 == 1 {
			if m := mirror(r); m != r {
				b.WriteRune(m)
				continue
			}
		}
		b.WriteString(s[at[i]:at[i+1]])
	}
	return b.String()
}

// bidiLevels resolves the embedding level of each character of a line
// whose paragraph level is base (0 left to right, 1 right to left), by
// UAX #9's rules W1–W7, N0–N2, I1–I2 and L1. With no explicit embeddings
// the whole line is one isolating run sequence at the paragraph's level.
func bidiLevels(runes []rune, cls []bidi.Class, base uint8) []uint8 {
	// X9: explicit formatting characters and boundary neutrals take no
	// part; t holds the classes of the others (idx says which), resolved
	// rule by rule.
	var idx []int
	for i, c := range cls {
		if !removedByX9(c) {
			idx = append(idx, i)
		}
	}
	t := make([]bidi.Class, len(idx))
	for k, i := range idx {
		t[k] = cls[i]
	}
	e := bidi.L // the embedding direction, and sos and eos
	if base == 1 {
		e = bidi.R
	}
	resolveWeak(t, e)
	resolveBrackets(t, runes, cls, idx, e)
	resolveNeutrals(t, e)
	levels := make([]uint8, len(cls))
	for k, i := range idx { // I1, I2
		switch c := t[k]; {
		case base == 0 && c == bidi.R, base == 1 && (c == bidi.L || c == bidi.EN || c == bidi.AN):
			levels[i] = base + 1
		case base == 0 && (c == bidi.EN || c == bidi.AN):
			levels[i] = 2
		default:
			levels[i] = base
		}
	}
	prev := base
	for i, c := range cls {
		if removedByX9(c) {
			levels[i] = prev // as the character before it
		}
		prev = levels[i]
	}
	// L1: separators, and white space before them or at the end of the
	// line, are at the paragraph's level.
	trailing := true
	for i := len(cls) - 1; i >= 0; i-- {
		switch c := cls[i]; {
		case c == bidi.S || c == bidi.B:
			levels[i], trailing = base, true
		case c == bidi.WS || removedByX9(c):
			if trailing {
				levels[i] = base
			}
		default:
			trailing = false
		}
	}
	return levels
}

// removedByX9 reports the classes rule X9 takes out of the resolution:
// explicit embeddings, overrides and their ends, boundary neutrals, and
// here isolates too, which are not honoured.
func removedByX9(c bidi.Class) bool {
	switch c {
	case bidi.BN, bidi.LRE, bidi.RLE, bidi.LRO, bidi.RLO, bidi.PDF, bidi.LRI, bidi.RLI, bidi.FSI, bidi.PDI:
		return true
	}
	return false
}

// resolveWeak applies rules W1–W7 to a run sequence whose sos is sos.
func resolveWeak(t []bidi.Class, sos bidi.Class) {
	prev := sos
	for i, c := range t { // W1: a combining mark is of its base's class
		if c == bidi.NSM {
			t[i] = prev
		}
		prev = t[i]
	}
	last := sos
	for i, c := range t {
		switch c {
		case bidi.L, bidi.R:
			last = c
		case bidi.AL: // W3
			last, t[i] = c, bidi.R
		case bidi.EN: // W2: a number after Arabic letters is an Arabic number
			if last == bidi.AL {
				t[i] = bidi.AN
			}
		}
	}
	for i := 1; i+1 < len(t); i++ { // W4: one separator between two numbers
		switch {
		case (t[i] == bidi.ES || t[i] == bidi.CS) && t[i-1] == bidi.EN && t[i+1] == bidi.EN:
			t[i] = bidi.EN
		case t[i] == bidi.CS && t[i-1] == bidi.AN && t[i+1] == bidi.AN:
			t[i] = bidi.AN
		}
	}
	for i := 0; i < len(t); { // W5: terminators next to a number
		if t[i] != bidi.ET {
			i++
			continue
		}
		j := i
		for j < len(t) && t[j] == bidi.ET {
			j++
		}
		if (i > 0 && t[i-1] == bidi.EN) || (j < len(t) && t[j] == bidi.EN) {
			for k := i; k < j; k++ {
				t[k] = bidi.EN
			}
		}
		i = j
	}
	for i, c := range t { // W6: other separators and terminators
		if c == bidi.ES || c == bidi.ET || c == bidi.CS {
			t[i] = bidi.ON
		}
	}
	last = sos
	for i, c := range t { // W7: a number after left-to-right text is left to right
		switch c {
		case bidi.L, bidi.R:
			last = c
		case bidi.EN:
			if last == bidi.L {
				t[i] = bidi.L
			}
		}
	}
}

// strongN is a resolved class as rules N0–N2 see it: numbers are right to
// left; ON stands for a neutral.
func strongN(c bidi.Class) bidi.Class {
	switch c {
	case bidi.L:
		return bidi.L
	case bidi.R, bidi.EN, bidi.AN:
		return bidi.R
	}
	return bidi.ON
}

// maxBracketDepth is how many brackets may be open at once (BD16).
const maxBracketDepth = 63

// resolveBrackets applies rule N0: a pair of brackets takes the direction
// of the text inside it, the embedding direction e if any of it is in that
// direction, otherwise the other if the text before the pair is in it too.
// t's indexes are idx's into runes and cls.
func resolveBrackets(t []bidi.Class, runes []rune, cls []bidi.Class, idx []int, e bidi.Class) {
	// BD16: each closing bracket pairs with the nearest open one of its kind.
	type pair struct{ open, close int }
	var pairs []pair
	type opener struct {
		at     int
		closer rune
	}
	var open []opener
find:
	for k, i := range idx {
		if t[k] != bidi.ON {
			continue
		}
		p, _ := bidi.LookupRune(runes[i])
		switch {
		case !p.IsBracket():
		case p.IsOpeningBracket():
			if len(open) == maxBracketDepth {
				break find
			}
			open = append(open, opener{k, canonicalBracket(pairedBracket(runes[i]))})
		default:
			r := canonicalBracket(runes[i])
			for j := len(open) - 1; j >= 0; j-- {
				if open[j].closer == r {
					pairs = append(pairs, pair{open[j].at, k})
					open = open[:j]
					break
				}
			}
		}
	}
	slices.SortFunc(pairs, func(a, b pair) int { return a.open - b.open })
	for _, p := range pairs {
		inside := bidi.ON
		for k := p.open + 1; k < p.close && inside != e; k++ {
			if d := strongN(t[k]); d != bidi.ON {
				inside = d
			}
		}
		if inside == bidi.ON {
			continue // no strong text inside: N1 and N2 decide
		}
		dir := e
		if inside != e {
			before := e // sos
			for k := p.open - 1; k >= 0; k-- {
				if d := strongN(t[k]); d != bidi.ON {
					before = d
					break
				}
			}
			if before == inside {
				dir = inside
			}
		}
		for _, b := range [2]int{p.open, p.close} {
			t[b] = dir
			// Combining marks on the bracket, made ON by W1, follow it.
			for k := b + 1; k < len(t) && cls[idx[k]] == bidi.NSM; k++ {
				t[k] = dir
			}
		}
	}
}

// resolveNeutrals applies rules N1 and N2: neutrals between text of one
// direction (numbers counting as right to left) take that direction, the
// others the embedding direction e.
func resolveNeutrals(t []bidi.Class, e bidi.Class) {
	for i := 0; i < len(t); {
		if strongN(t[i]) != bidi.ON {
			i++
			continue
		}
		j := i
		for j < len(t) && strongN(t[j]) == bidi.ON {
			j++
		}
		before, after := e, e // sos, eos
		if i > 0 {
			before = strongN(t[i-1])
		}
		if j < len(t) {
			after = strongN(t[j])
		}
		dir := e
		if before == after {
			dir = before
		}
		for k := i; k < j; k++ {
			t[k] = dir
		}
		i = j
	}
}

// reorder applies rule L2 to a line's levels: from the highest level to
// the lowest odd one, every run at that level or above is reversed. It
// gives the logical index of each character in visual order.
func reorder(levels []uint8) []int {
	order := make([]int, len(levels))
	top, lowestOdd := uint8(0), uint8(255)
	for i, l := range levels {
		order[i] = i
		top = max(top, l)
		if l%2 == 1 {
			lowestOdd = min(lowestOdd, l)
		}
	}
	for lvl := top; lvl >= lowestOdd && lvl > 0; lvl-- {
		for i := 0; i < len(order); {
			if levels[order[i]] < lvl {
				i++
				continue
			}
			j := i
			for j < len(order) && levels[order[j]] >= lvl {
				j++
			}
			slices.Reverse(order[i:j])
			i = j
		}
	}
	return order
}

// pairedBracket is the other bracket of a pair (Unicode's
// Bidi_Paired_Bracket), as x/text's ReverseString swaps it.
func pairedBracket(r rune) rune {
	m, _ := utf8.DecodeRuneInString(bidi.ReverseString(string(r)))
	return m
}

// canonicalBracket is the bracket canonically equivalent to r that pairs
// are matched by: the angle brackets U+2329 and U+232A are U+3008 and
// U+3009.
func canonicalBracket(r rune) rune {
	switch r {
	case 0x2329:
		return 0x3008
	case 0x232A:
		return 0x3009
	}
	return r
}

// mirror is the character drawn for r in right-to-left text (rule L4): a
// bracket's pair, the other of a pair of signs that point one way, r
// itself otherwise, or when a font lacks the other.
func mirror(r rune) rune {
	m := r
	if p, _ := bidi.LookupRune(r); p.IsBracket() {
		m = pairedBracket(r)
	} else if o, ok := mirrored[r]; ok {
		m = o
	}
	if m != r {
		if fs, err := fonts(); err == nil && !fs.drawable(m) {
			return r
		}
	}
	return m
}

// mirrored pairs the signs other than brackets that right-to-left text
// draws facing the other way (some of Unicode's Bidi_Mirroring_Glyph).
var mirrored = map[rune]rune{
	'<': '>', '>': '<', '«': '»', '»': '«', '‹': '›', '›': '‹',
	'≤': '≥', '≥': '≤', '≪': '≫', '≫': '≪', '≦': '≧', '≧': '≦',
}

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
