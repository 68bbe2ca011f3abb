package reports

import (
	"strings"
	"unicode"
	"unicode/utf16"
	"unicode/utf8"
)

// Replacement stands in for a character the embedded font cannot draw. It
// is a glyph every embedded face has (a test checks), so the reader sees
// that something was there.
const Replacement = '□'

// Sanitize makes text safe to draw with the embedded fonts:
//
//   - characters no embedded font can draw (scripts none of them covers,
//     emoji newer than Symbola's, private-use characters) and invalid UTF-8
//     become a visible □, one per character;
//   - line ends (CRLF, CR, U+2028, U+2029) become \n and tabs four spaces;
//   - Arabic letters take their contextual forms (fpdf has no shaping
//     engine; DejaVu Sans has the presentation forms);
//   - other control characters, and invisible formatting characters the
//     renderer cannot honour (bidi overrides and isolates, zero-width
//     joiners, variation selectors, emoji skin tones, soft hyphens, a
//     byte-order mark), are dropped; direction marks (LRM, RLM, ALM) are
//     kept for visual, which honours them.
//
// Everything else stays as written. Text is never interpreted: markup is
// printed as the characters it is made of.
func Sanitize(s string) string {
	fs, err := fonts()
	if err != nil {
		fs = nil // no font data: keep printable ASCII only
	}
	if plainASCII(s) {
		return s
	}
	var b strings.Builder
	b.Grow(len(s))
	for i := 0; i < len(s); {
		r, n := utf8.DecodeRuneInString(s[i:])
		if r == utf8.RuneError && n <= 1 {
			b.WriteRune(Replacement) // invalid UTF-8
			i += max(n, 1)
			continue
		}
		i += n
		switch {
		case r == '\n' || r == '\u2028' || r == '\u2029':
			b.WriteByte('\n')
		case r == '\r':
			if i < len(s) && s[i] == '\n' {
				continue // CRLF: the \n follows
			}
			b.WriteByte('\n')
		case r == '\t':
			b.WriteString("    ")
		case unicode.IsControl(r) || invisible(r):
		case r == ' ' || (fs != nil && fs.drawable(r)) || (fs == nil && r < utf8.RuneSelf):
			b.WriteRune(r)
		default:
			b.WriteRune(Replacement)
		}
	}
	if fs != nil && hasRTL(b.String()) {
		return shapeArabic(b.String(), fs.drawable)
	}
	return b.String()
}

// plainASCII reports whether s is printable ASCII without tabs or line
// ends: the common case, which needs no copy. (DejaVu Sans draws all of it.)
func plainASCII(s string) bool {
	for i := 0; i < len(s); i++ {
		if c := s[i]; c < 0x20 || c > 0x7E {
			return false
		}
	}
	return true
}

// invisible reports formatting characters that are dropped: they have no
// glyph of their own and fpdf has no way to honour them.
func invisible(r rune) bool {
	switch {
	case r == 0x00AD, // soft hyphen
		r >= 0x200B && r <= 0x200D,   // zero-width space, non-joiner, joiner
		r >= 0x202A && r <= 0x202E,   // bidi embeddings and overrides
		r >= 0x2060 && r <= 0x2069,   // word joiner, invisible operators, bidi isolates
		r == 0xFEFF,                  // byte-order mark
		r >= 0xFE00 && r <= 0xFE0F,   // variation selectors
		r >= 0x1F3FB && r <= 0x1F3FF, // emoji skin-tone modifiers (the emoji is drawn in one tone)
		r >= 0xE0000 && r <= 0xE01EF: // tags, variation selectors supplement
		return true
	}
	return false
}

// metaText makes text safe for the PDF's document information, which the
// viewer draws with its own fonts (so it shapes and orders the text
// itself): valid UTF-8 without control or invisible characters.
func metaText(s string) string {
	var b strings.Builder
	b.Grow(len(s))
	for _, r := range strings.ToValidUTF8(s, "\uFFFD") {
		switch {
		case r == '\n' || r == '\r' || r == '\t':
			b.WriteByte(' ')
		case unicode.IsControl(r) || invisible(r):
		default:
			b.WriteRune(r)
		}
	}
	return strings.TrimSpace(b.String())
}

// keywords joins a document's keywords, leaving out those that are empty
// (an archive may bring a record without a squad).
func keywords(words ...string) string {
	var kept []string
	for _, w := range words {
		if w = strings.TrimSpace(w); w != "" {
			kept = append(kept, w)
		}
	}
	return strings.Join(kept, ", ")
}

// bookmarkText is metaText for a bookmark, which fpdf converts to UTF-16
// itself, three bytes of UTF-8 to one unit of UTF-16: a character above
// U+FFFF (an emoji) is given to it as its two surrogates, three bytes each
// (CESU-8), which it turns into the surrogate pair UTF-16 wants.
func bookmarkText(s string) string {
	s = metaText(s)
	for _, r := range s {
		if r > 0xFFFF {
			var b strings.Builder
			for _, r := range s {
				if r <= 0xFFFF {
					b.WriteRune(r)
					continue
				}
				hi, lo := utf16.EncodeRune(r)
				for _, u := range []rune{hi, lo} {
					b.Write([]byte{0xE0 | byte(u>>12), 0x80 | byte(u>>6)&0x3F, 0x80 | byte(u)&0x3F})
				}
			}
			return b.String()
		}
	}
	return s
}

// pdfText is a PDF text string for text from metaText: UTF-16BE with its
// byte-order mark, characters above U+FFFF as surrogate pairs. fpdf writes
// it as given, escaped.
func pdfText(s string) string {
	b := []byte{0xFE, 0xFF}
	for _, u := range utf16.Encode([]rune(s)) {
		b = append(b, byte(u>>8), byte(u))
	}
	return string(b)
}
