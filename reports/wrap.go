package reports

import (
	"strings"
	"unicode/utf8"
)

// wrap breaks sanitised text into lines no wider than w millimetres in a
// face at a size, measuring with the cached advance widths (fpdf's SplitText
// converts every string to runes and back, and is the slowest part of a
// table). Newlines end paragraphs and are kept as line breaks; an empty
// paragraph is an empty line. Lines break at spaces; a word wider than the
// line (a long URL, a run of Chinese or Japanese) breaks after - / _ . ? & =
// # or, failing those, between any two characters, but never before closing
// punctuation (。、）」 , . ) …) nor after opening punctuation (（「 ( …): see
// mayBreak. The lines are substrings of s, save in a paragraph with
// right-to-left text: there a line whose first strong character is not in
// the paragraph's direction starts with a direction mark (see visual), so
// that "3. Emoji:" wrapped onto a line of its own in an Arabic paragraph
// reads right to left like the rest, and a Hebrew word that starts a line
// of an English paragraph does not turn that line around.
func (fs *fontSet) wrap(f face, size, w float64, s string) []string {
	maxUnits := int(w / (size / 1000 * ptToMM))
	lines := make([]string, 0, 1+len(s)/64)
	for {
		para, rest, more := strings.Cut(s, "\n")
		first := len(lines)
		lines = fs.wrapPara(lines, f, maxUnits, para)
		if hasRTL(para) {
			markDirection(lines[first:], firstStrong(para))
		}
		if !more {
			return lines
		}
		s = rest
	}
}

// markDirection starts each line of a paragraph in direction dir whose own
// first strong character would give it another.
func markDirection(lines []string, dir bidiClass) {
	for i, l := range lines {
		switch own := firstStrong(l); {
		case l == "":
		case dir == bidiR && own != bidiR:
			lines[i] = string(rlm) + l
		case dir != bidiR && own == bidiR:
			lines[i] = string(lrm) + l
		}
	}
}

func (fs *fontSet) wrapPara(lines []string, f face, maxUnits int, p string) []string {
	tbl := fs.table(f)
	start, width := 0, 0
	// The last place the line may end: at a run of spaces (preferred) or
	// after punctuation inside a long word. end is exclusive; next is where
	// the next line starts and nextWidth the width up to there.
	spaceEnd, spaceNext, spaceWidth := -1, 0, 0
	punctEnd, punctWidth := -1, 0
	// A run of spaces is a place to end the line once the character after
	// it is known to allow it (mayBreak).
	runEnd, runNext, runWidth := -1, 0, 0
	emit := func(end, next, consumed int) {
		lines = append(lines, strings.TrimRight(p[start:end], " "))
		start, width = next, width-consumed
		spaceEnd, punctEnd = -1, -1
	}
	for i := 0; i < len(p); {
		r, n := rune(p[i]), 1
		if r >= utf8.RuneSelf {
			r, n = utf8.DecodeRuneInString(p[i:])
		}
		var cw int
		if r < utf8.RuneSelf && tbl != nil {
			cw = int(tbl[r])
		} else {
			cw = fs.units(f, tbl, r)
		}
		if r == ' ' {
			if runEnd < 0 {
				runEnd = i
			}
			i += n
			width += cw
			runNext, runWidth = i, width
			continue
		}
		if runEnd >= 0 {
			if before, _ := utf8.DecodeLastRuneInString(p[:runEnd]); mayBreak(before, r) {
				spaceEnd, spaceNext, spaceWidth = runEnd, runNext, runWidth
			}
			runEnd = -1
		}
		if width+cw > maxUnits && i > start {
			switch {
			case spaceEnd > start:
				emit(spaceEnd, spaceNext, spaceWidth)
			case punctEnd > start:
				emit(punctEnd, punctEnd, punctWidth)
			default:
				// Between two characters, the last pair that may be
				// parted: a run of ideographs breaks anywhere but before
				// its closing punctuation or after its opening.
				end := i
				for end > start {
					before, n := utf8.DecodeLastRuneInString(p[:end])
					after, _ := utf8.DecodeRuneInString(p[end:])
					if mayBreak(before, after) {
						break
					}
					end -= n
				}
				if end == start {
					end = i // a line of marks that may not be parted: where it must
				}
				emit(end, end, width-fs.unitsOf(f, tbl, p[end:i]))
			}
			continue // measure this rune again on the new line
		}
		width += cw
		i += n
		if r < utf8.RuneSelf && asciiBreaks[r]&inURL != 0 && i < len(p) && p[i] != ' ' {
			if next, _ := utf8.DecodeRuneInString(p[i:]); !noLineStart(next) {
				punctEnd, punctWidth = i, width
			}
		}
	}
	return append(lines, strings.TrimRight(p[start:], " "))
}

// mayBreak reports whether a line may end between a and b: not before
// what may not start a line, nor after what may not end one.
func mayBreak(a, b rune) bool {
	if a < utf8.RuneSelf && b < utf8.RuneSelf {
		return asciiBreaks[a]&notEnd == 0 && asciiBreaks[b]&notStart == 0
	}
	return !noLineStart(b) && !noLineEnd(a)
}

// What may not start or end a line, after Unicode's line breaking
// algorithm (UAX #14) and the Japanese rules it takes them from (JIS X
// 4051, kinsoku): a line does not start with a closing bracket or quote, a
// stop, comma, colon or semicolon, an exclamation or question mark
// (classes CL, CP, IS, EX), nor with the marks and small kana that belong
// to the character before them (NS, CJ) or an ellipsis (IN); it does not
// end with an opening bracket or quote (OP). The quotation marks that
// open and close (QU) are taken as English and Chinese use them.
//
// asciiBreaks says it of ASCII, and which characters a long word (an
// address) may break after: - / _ . ? & = #.
const (
	notStart = 1 << iota
	notEnd
	inURL
)

var asciiBreaks = [utf8.RuneSelf]uint8{
	')': notStart, ']': notStart, '}': notStart, ',': notStart, '.': notStart | inURL, ':': notStart, ';': notStart, '!': notStart, '?': notStart | inURL,
	'(': notEnd, '[': notEnd, '{': notEnd,
	'-': inURL, '/': inURL, '_': inURL, '&': inURL, '=': inURL, '#': inURL,
}

const (
	wideNoLineStart = "’”…‥‼⁇⁈⁉" +
		"、。，．：；！？）］｝〉》」』】〕〗〙〛〞〟｠｣､｡･" +
		"・ー〜ゝゞヽヾ々〻゛゜" +
		"ぁぃぅぇぉっゃゅょゎゕゖァィゥェォッャュョヮヵヶㇰㇱㇲㇳㇴㇵㇶㇷㇸㇹㇺㇻㇼㇽㇾㇿｧｨｩｪｫｬｭｮｯｰ" +
		"﹐﹑﹒﹔﹕﹖﹗"
	wideNoLineEnd = "‘“（［｛〈《「『【〔〖〘〚〝｟｢"
)

func noLineStart(r rune) bool {
	if r < utf8.RuneSelf {
		return asciiBreaks[r]&notStart != 0
	}
	return r >= 0x2000 && strings.ContainsRune(wideNoLineStart, r)
}

func noLineEnd(r rune) bool {
	if r < utf8.RuneSelf {
		return asciiBreaks[r]&notEnd != 0
	}
	return r >= 0x2000 && strings.ContainsRune(wideNoLineEnd, r)
}

// fit shortens a single line to w millimetres, ending it with an ellipsis
// when it had to be cut.
func (fs *fontSet) fit(f face, size, w float64, s string) string {
	if fs.width(f, size, s) <= w {
		return s
	}
	ell := fs.width(f, size, "…")
	maxUnits := int((w - ell) / (size / 1000 * ptToMM))
	units := 0
	tbl := fs.table(f)
	for i, r := range s {
		units += fs.units(f, tbl, r)
		if units > maxUnits {
			return strings.TrimRight(s[:i], " ") + "…"
		}
	}
	return s
}

// wrapAtMost wraps s as wrap does and keeps at most n of its lines
// (firstLines).
func (fs *fontSet) wrapAtMost(f face, size, w float64, s string, n int) []string {
	return fs.firstLines(f, size, w, fs.wrap(f, size, w, s), n)
}

// firstLines keeps at most n of lines wrapped within w millimetres in a
// face at a size. When it drops some, the last one kept ends with an
// ellipsis, shortened (fit) so that it still ends within w: a line that
// filled its width has no room for one.
func (fs *fontSet) firstLines(f face, size, w float64, lines []string, n int) []string {
	if len(lines) <= n {
		return lines
	}
	out := append([]string(nil), lines[:n]...)
	out[n-1] = fs.fit(f, size, w, strings.TrimRight(out[n-1], " .,;:")+"…")
	return out
}
