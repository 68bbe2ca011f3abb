package templatefmt

import (
	"errors"
	"fmt"
	"strings"
)

var (
	// ErrNotATemplate is returned for a file that is none of the formats
	// Ready Room imports: empty, a PDF, an image, an archive, binary data,
	// plain text, or JSON of another shape.
	ErrNotATemplate = errors.New("not a template file Ready Room can import")
	// ErrTooLarge is returned for a file over MaxInput bytes, or one that
	// would make a template with more items than readiness.MaxTemplateItems.
	ErrTooLarge = errors.New("too large")
	// ErrMalformed is returned for a file of a known format that is broken:
	// JSON that does not parse or ends early, ids missing or repeated, a lens
	// without pillars, a Markdown page without a checkbox item.
	ErrMalformed = errors.New("malformed")
	// ErrUnsupported is returned for a file of a known kind in a version
	// Ready Room does not read: a lens schemaVersion other than 2021-11-01,
	// a format name it has never written.
	ErrUnsupported = errors.New("unsupported version")
	// ErrNewerFormat is returned for a Ready Room template file written by a
	// newer Ready Room (readyroom-template/2 and later).
	ErrNewerFormat = errors.New("made by a newer Ready Room")
	// ErrNeedsID is returned when the file names no template id Ready Room
	// can use: it holds a shipped template (gold, silver), or its name has
	// nothing to make an id of. Import it with Options.ID (--as).
	ErrNeedsID = errors.New("needs a template id of your own")
)

// refusal is an error in words that still answers errors.Is for its kind.
type refusal struct {
	msg  string
	kind error
}

func (e *refusal) Error() string { return e.msg }
func (e *refusal) Unwrap() error { return e.kind }

func refuse(kind error, format string, args ...any) error {
	return &refusal{msg: fmt.Sprintf(format, args...), kind: kind}
}

// ImportError is an import refused because what the file makes is not a
// template Ready Room can hold: every problem at once, each naming the
// place in the file it comes from (a pillar and question, a heading's
// line) so the author can fix the file. It unwraps to the
// *readiness.ValidationError the template's checks returned.
type ImportError struct {
	Format   Format
	File     string
	Problems []Problem
	cause    error
}

// Problem is one rule a template made from the file breaks.
type Problem struct {
	// Where names the place in the file: `question ops_01 in pillar
	// "Operations"`, `the item on line 14`, `the lens name`.
	Where string `json:"where"`
	// Field is the template field it became (sections[1].items[0].text).
	Field   string `json:"field"`
	Message string `json:"message"`
}

func (e *ImportError) Error() string {
	var b strings.Builder
	fmt.Fprintf(&b, "cannot import %s", describeFile(e.File, e.Format))
	for i, p := range e.Problems {
		if i == 0 {
			b.WriteString(": ")
		} else {
			b.WriteString("; ")
		}
		if p.Where != "" {
			b.WriteString(p.Where + ": ")
		}
		b.WriteString(p.Message)
	}
	return b.String()
}

// Unwrap gives the *readiness.ValidationError the template's checks
// returned, or ErrMalformed for a file whose ids are missing or repeated.
func (e *ImportError) Unwrap() error { return e.cause }

// describeFile names a file in a message: `lens.json (an AWS custom lens)`.
func describeFile(name string, f Format) string {
	what := f.Label()
	switch {
	case name == "" && what == "":
		return "the file"
	case name == "":
		return what
	case what == "":
		return name
	}
	return fmt.Sprintf("%s (%s)", name, what)
}
