package templatefmt

import (
	"bytes"
	"encoding/json"
	"fmt"
	"path/filepath"
	"slices"
	"strings"
	"unicode/utf8"

	"readyroom/readiness"
)

// Format is a kind of template file Ready Room imports.
type Format string

const (
	// FormatReadyRoom is Ready Room's own template file: the export wrapper
	// {"format":"readyroom-template/1","template":{…}} (docs/template.schema.json).
	FormatReadyRoom Format = "readyroom"
	// FormatAWSLens is an AWS Well-Architected Tool custom lens (schemaVersion 2021-11-01).
	FormatAWSLens Format = "aws-lens"
	// FormatMarkdown is a Markdown checklist: headings and `- [ ]` lines.
	FormatMarkdown Format = "markdown"
)

// Formats lists the formats Import reads, in the order messages name them.
func Formats() []Format { return []Format{FormatReadyRoom, FormatAWSLens, FormatMarkdown} }

// ParseFormat accepts a format's name as the command line spells it.
func ParseFormat(s string) (Format, error) {
	f := Format(strings.ToLower(strings.TrimSpace(s)))
	if slices.Contains(Formats(), f) {
		return f, nil
	}
	return "", fmt.Errorf("format %q is not one Ready Room imports: use readyroom, aws-lens or markdown", s)
}

// Label names the format as people read it.
func (f Format) Label() string {
	switch f {
	case FormatReadyRoom:
		return "a Ready Room template"
	case FormatAWSLens:
		return "an AWS custom lens"
	case FormatMarkdown:
		return "a Markdown checklist"
	}
	return ""
}

// MaxInput is the largest file Import reads: four times what a template's
// own JSON may take (readiness.MaxTemplate), since a lens or a page says
// more than the template made of it. Larger files are refused unread.
const MaxInput = readiness.MaxTemplate * 4

// ReadyRoomFormat is the format name the export wrapper carries.
const ReadyRoomFormat = "readyroom-template/1"

const accepted = "Ready Room imports its own template files (readyroom), AWS Well-Architected custom lens JSON (aws-lens) and Markdown checklists (markdown)"

// Detect says which format a file is in, from its content first: a JSON
// object with "format":"readyroom-template/…" (or a bare template with an
// id and sections) is readyroom; one with "schemaVersion" and "pillars" is
// aws-lens; text that is not JSON and has a heading or a checkbox line
// (`- [ ]`, `* [ ]`, `- [x]`) is markdown. The file name's extension is a
// hint only: plain text named .md is markdown, and so is a page that opens
// with a link ("[English](README.md) | …") yet does not parse as JSON when
// it is named .md or reads as Markdown. Anything else is refused in words
// that say what the file looks like and which formats are accepted.
func Detect(fileName string, b []byte) (Format, error) {
	name := filepath.Base(fileName)
	if fileName == "" {
		name = "the file"
	}
	if len(b) > MaxInput {
		return "", refuse(ErrTooLarge, "%s is larger than the %s an imported template file may take (it has %d bytes)", name, size(MaxInput), len(b))
	}
	if looks := sniffBinary(b); looks != "" {
		return "", refuse(ErrNotATemplate, "%s looks like %s, not a template: %s", name, looks, accepted)
	}
	body := bytes.TrimSpace(bytes.TrimPrefix(b, utf8BOM))
	if len(body) == 0 {
		return "", refuse(ErrNotATemplate, "%s is empty: %s", name, accepted)
	}
	ext := strings.ToLower(filepath.Ext(fileName))
	markdown := ext == ".md" || ext == ".markdown" || hasMarkdownShape(body)
	// A page may open with a link ("[English](README.md) | …"): a body
	// opening with "[" that is not JSON is read as Markdown when it looks
	// like Markdown; one opening with "{" is always JSON's to refuse.
	if body[0] == '{' || (body[0] == '[' && (ext == ".json" || !markdown || json.Valid(body))) {
		return detectJSON(name, body)
	}
	if ext == ".json" {
		return "", refuse(ErrMalformed, "%s is named .json but is not JSON (it starts with %q): %s", name, firstWords(body), accepted)
	}
	if markdown {
		return FormatMarkdown, nil
	}
	if bytes.HasPrefix(body, []byte("<")) {
		return "", refuse(ErrNotATemplate, "%s looks like an HTML or XML document, not a template: %s", name, accepted)
	}
	return "", refuse(ErrNotATemplate, "%s is plain text with no headings and no checkbox lines (- [ ]), so not a Markdown checklist: %s", name, accepted)
}

var utf8BOM = []byte("\xef\xbb\xbf")

// detectJSON tells the JSON formats apart by their keys.
func detectJSON(name string, body []byte) (Format, error) {
	if body[0] == '[' {
		if !json.Valid(body) {
			return "", jsonRefusal(name, "", body, json.Unmarshal(body, new(any)))
		}
		return "", refuse(ErrNotATemplate, "%s is a JSON list, not a template: %s", name, accepted)
	}
	var keys map[string]json.RawMessage
	if err := json.Unmarshal(body, &keys); err != nil {
		return "", jsonRefusal(name, "", body, err)
	}
	_, hasFormat := keys["format"]
	_, hasSchema := keys["schemaVersion"]
	_, hasPillars := keys["pillars"]
	_, hasID := keys["id"]
	_, hasSections := keys["sections"]
	switch {
	case hasFormat:
		return FormatReadyRoom, nil
	case hasSchema && hasPillars:
		return FormatAWSLens, nil
	case hasSchema && (keys["name"] != nil || keys["description"] != nil):
		return "", refuse(ErrMalformed, "%s has a schemaVersion and a name like an AWS custom lens, but no pillars: a lens holds its questions in pillars", name)
	case hasID && hasSections:
		return FormatReadyRoom, nil // a bare template, as `template show --json` prints it
	}
	return "", refuse(ErrNotATemplate, "%s is JSON of another shape (its keys: %s), not a template: %s", name, keyList(keys), accepted)
}

// hasMarkdownShape reports a heading (# Title) or a checkbox line.
func hasMarkdownShape(b []byte) bool {
	for line := range bytes.Lines(b) {
		l := bytes.TrimLeft(line, " \t")
		if isCheckboxLine(l) {
			return true
		}
		if n := len(l) - len(bytes.TrimLeft(l, "#")); n >= 1 && n <= 6 && (len(l) == n || l[n] == ' ' || l[n] == '\t' || l[n] == '\n' || l[n] == '\r') {
			return true
		}
	}
	return false
}

func isCheckboxLine(l []byte) bool {
	if len(l) < 5 || (l[0] != '-' && l[0] != '*' && l[0] != '+') {
		return false
	}
	r := bytes.TrimLeft(l[1:], " \t")
	return len(r) < len(l)-1 && len(r) >= 3 && r[0] == '[' && (r[1] == ' ' || r[1] == 'x' || r[1] == 'X') && r[2] == ']'
}

// sniffBinary names a file that is clearly not text: by its magic number,
// a NUL byte or invalid UTF-8.
func sniffBinary(b []byte) string {
	magic := []struct {
		prefix string
		what   string
	}{
		{"%PDF-", "a PDF document"},
		{"\x89PNG\r\n\x1a\n", "a PNG image"},
		{"\xff\xd8\xff", "a JPEG image"},
		{"GIF87a", "a GIF image"},
		{"GIF89a", "a GIF image"},
		{"PK\x03\x04", "a zip archive (or an Office document, which is one)"},
		{"\x1f\x8b", "a gzip archive"},
		{"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", "an old Microsoft Office document"},
		{"{\\rtf", "an RTF document"},
		{"\x7fELF", "a program (ELF executable)"},
		{"SQLite format 3\x00", "an SQLite database"},
	}
	for _, m := range magic {
		if bytes.HasPrefix(b, []byte(m.prefix)) {
			return m.what
		}
	}
	if len(b) >= 12 && string(b[:4]) == "RIFF" && string(b[8:12]) == "WEBP" {
		return "a WebP image"
	}
	head := b[:min(len(b), 8192)]
	if bytes.IndexByte(head, 0) >= 0 {
		if bytes.HasPrefix(b, []byte("\xff\xfe")) || bytes.HasPrefix(b, []byte("\xfe\xff")) {
			return "UTF-16 text (save it as UTF-8)"
		}
		return "binary data"
	}
	if !utf8.Valid(trimPartialRune(head, len(b))) {
		return "binary data (or text in an encoding other than UTF-8)"
	}
	return ""
}

// trimPartialRune drops a rune cut in two by the 8 KiB window.
func trimPartialRune(head []byte, total int) []byte {
	if len(head) == total {
		return head
	}
	for i := 0; i < utf8.UTFMax && len(head) > 0; i++ {
		if utf8.Valid(head) {
			return head
		}
		head = head[:len(head)-1]
	}
	return head
}

func firstWords(b []byte) string {
	s := string(b[:min(len(b), 24)])
	if i := strings.IndexByte(s, '\n'); i >= 0 {
		s = s[:i]
	}
	return strings.ToValidUTF8(s, "")
}

func keyList(m map[string]json.RawMessage) string {
	if len(m) == 0 {
		return "none"
	}
	ks := make([]string, 0, len(m))
	for k := range m {
		ks = append(ks, k)
	}
	slices.Sort(ks)
	if len(ks) > 6 {
		ks = append(ks[:6], "…")
	}
	return strings.Join(ks, ", ")
}

// size writes a byte count as people read it.
func size(n int) string {
	switch {
	case n >= 1<<20 && n%(1<<20) == 0:
		return fmt.Sprintf("%d MiB", n>>20)
	case n >= 1<<20:
		return fmt.Sprintf("%.1f MiB", float64(n)/(1<<20))
	case n >= 1<<10:
		return fmt.Sprintf("%d KiB", n>>10)
	}
	return fmt.Sprintf("%d bytes", n)
}
