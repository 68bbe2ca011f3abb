package templatefmt

import (
	"fmt"
	"strings"
	"unicode"
	"unicode/utf8"

	"readyroom/readiness"
)

// maxSectionID is the longest section id (readiness: a lowercase letter,
// then up to 39 lowercase letters, digits or dashes).
const maxSectionID = 40

// slug makes a lowercase id from a name or a lens id: camelCase and
// snake_case become dashes (operationalExcellence, company_Privacy →
// operational-excellence, company-privacy), anything but ASCII letters and
// digits separates words, and it starts with a letter. It may be empty.
func slug(s string, max int) string {
	var out []byte
	dash, prevLower := false, false
	for _, r := range s {
		upper, lower, digit := 'A' <= r && r <= 'Z', 'a' <= r && r <= 'z', '0' <= r && r <= '9'
		switch {
		case !(upper || lower || digit):
			if !unicode.IsLetter(r) { // é is dropped, not a break
				dash = len(out) > 0
			}
			prevLower = false
			continue
		case upper && prevLower:
			dash = true
		}
		if dash {
			out = append(out, '-')
			dash = false
		}
		if upper {
			r += 'a' - 'A'
		}
		out = append(out, byte(r))
		prevLower = lower || digit
	}
	id := strings.TrimLeft(string(out), "0123456789-")
	if len(id) > max {
		cut := id[:max]
		if id[max] != '-' {
			if i := strings.LastIndexByte(cut, '-'); i > 0 {
				cut = cut[:i] // at a word's end
			}
		}
		id = strings.TrimRight(cut, "-")
	}
	return id
}

// uniqueID returns base, or base-2, base-3… (shortened to max) when taken,
// and marks the result taken.
func uniqueID(base string, taken map[string]bool, max int) string {
	id := base
	for n := 2; taken[id]; n++ {
		suffix := fmt.Sprintf("-%d", n)
		b := base
		if len(b)+len(suffix) > max {
			b = strings.TrimRight(b[:max-len(suffix)], "-_")
		}
		id = b + suffix
	}
	taken[id] = true
	return id
}

// itemIDFrom makes an item id from a lens question id: characters other
// than ASCII letters, digits, dashes and underscores become underscores
// (one for a run), it starts with a letter or digit, and an id of the
// shipped shape is written in capitals (obs-01 → OBS-01) as readiness
// writes it. It may be empty.
func itemIDFrom(s string) string {
	var b strings.Builder
	under := false
	for _, r := range s {
		ok := 'a' <= r && r <= 'z' || 'A' <= r && r <= 'Z' || '0' <= r && r <= '9' || r == '-' || r == '_'
		if !ok {
			if !under {
				b.WriteByte('_')
			}
			under = true
			continue
		}
		under = false
		b.WriteRune(r)
	}
	id := strings.TrimLeft(b.String(), "-_")
	if len(id) > readiness.MaxItemID {
		id = id[:readiness.MaxItemID]
	}
	if id == "" {
		return ""
	}
	if p, err := readiness.ParseItemID(id); err == nil {
		return string(p)
	}
	return id
}

// templateIDFrom makes a template id from a name (Payments ORR →
// payments-orr); a shipped id (gold, silver) gets a suffix. Empty when the
// name has nothing to make one of.
func templateIDFrom(name, suffix string) string {
	id := slug(name, maxSectionID)
	if id == "" {
		return ""
	}
	if readiness.IsShipped(id) {
		id = strings.TrimRight(slug(id+"-"+suffix, maxSectionID), "-")
	}
	if _, err := readiness.ParseTemplateID(id); err != nil {
		return ""
	}
	return id
}

// oneLine joins text written over several lines (and runs of spaces) into
// one line; changed reports whether it did more than trim.
func oneLine(s string) (line string, changed bool) {
	line = strings.Join(strings.Fields(s), " ")
	return line, line != strings.TrimSpace(s)
}

// shorten cuts s to at most max characters at a word boundary, ending with
// an ellipsis; ok is false when it had to.
func shorten(s string, max int) (string, bool) {
	if utf8.RuneCountInString(s) <= max {
		return s, true
	}
	rs := []rune(s)[:max-1]
	cut := string(rs)
	if i := strings.LastIndexAny(cut, " \n\t"); i > len(cut)/2 {
		cut = cut[:i]
	}
	return strings.TrimRight(cut, " \n\t.,;:") + "…", false
}
