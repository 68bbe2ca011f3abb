package reports

import (
	"strings"
	"unicode"
)

// Replacement stands in for a character the embedded font cannot draw.
const Replacement = '□'

// Sanitize makes text safe to draw with the embedded font: characters the
// font lacks (emoji, CJK, ...) become a visible □ rather than a crash or a
// blank, control characters other than newlines and tabs are dropped, tabs
// become spaces, and invalid UTF-8 becomes □. The rest stays as written.
func Sanitize(s string) string {
	loadFonts()
	var b strings.Builder
	b.Grow(len(s))
	for _, r := range s {
		switch {
		case r == '\n':
			b.WriteRune(r)
		case r == '\t':
			b.WriteString("    ")
		case r == '\r' || unicode.IsControl(r):
		case r == unicode.ReplacementChar:
			b.WriteRune(Replacement)
		case r > 0xFFFF || !covered[r]:
			b.WriteRune(Replacement)
		default:
			b.WriteRune(r)
		}
	}
	return b.String()
}
