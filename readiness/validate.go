package readiness

import (
	"errors"
	"fmt"
	"reflect"
	"slices"
	"strings"
	"sync"
	"time"
	"unicode"
	"unicode/utf8"

	"github.com/go-playground/validator/v10"
)

// Limits on text, stated so messages can name them.
const (
	MaxLine      = 120   // names, teams, owners
	MaxTitle     = 160   // release titles
	MaxReason    = 2000  // n/a and blocked reasons, tier override reasons
	MaxNotes     = 5000  // item notes
	MaxNarrative = 20000 // narrative sections
	MaxEvidence  = 20    // evidence entries per item
	MaxRecord    = 256 << 10
	maxDecode    = 8 << 20 // values past this are refused before decoding
)

// NewRecord is what the new-record flow collects.
type NewRecord struct {
	Service         string  `json:"service" validate:"required,max=120,line"`
	Title           string  `json:"title" validate:"required,max=160,line"`
	Squad           string  `json:"squad" validate:"required,max=120,line"`
	SDM             string  `json:"sdm" validate:"required,max=120,line"`
	MaintenanceTeam string  `json:"maintenanceTeam" validate:"required,max=120,line"`
	GoLive          string  `json:"goLive" validate:"required,date"`
	Answers         Answers `json:"answers"`
	Tier            Tier    `json:"tier" validate:"required,max=40"`
	TierReason      string  `json:"tierReason" validate:"max=2000,text"`
	// Template is the organisation's template to make the record from (its
	// newest version); empty: the shipped template of the tier.
	Template string `json:"template,omitempty" validate:"max=40"`
}

var fieldNames = map[string]string{
	"service": "Service", "title": "Release title", "squad": "Squad", "sdm": "Service delivery manager",
	"maintenanceTeam": "Maintenance team", "goLive": "Go-live date", "tier": "Tier", "tierReason": "Reason",
	"status": "Status", "reason": "Reason", "owner": "Owner", "due": "Due date", "notes": "Notes",
	"text": "Text", "label": "Evidence label", "url": "Link", "evidence": "Evidence",
	"description": "Description", "likelihood": "Likelihood", "impact": "Impact", "mitigation": "Mitigation",
	"name": "Name", "role": "Role", "team": "Team", "inHours": "In-hours contact", "outOfHours": "Out-of-hours contact",
	"state": "State",
	"ref":   "Reference", "severity": "Severity", "opened": "Opened", "resolved": "Resolved", "summary": "Summary",
	"date": "Date", "rag": "Rating", "days": "Days", "kind": "Kind", "agenda": "Agenda", "outcome": "Outcome",
	"attendees": "Attendees", "decisions": "Decisions", "comment": "Comment", "conditions": "Conditions", "evidence ": "Evidence",
}

var (
	validateOnce sync.Once
	validate     *validator.Validate
)

func validatorInstance() *validator.Validate {
	validateOnce.Do(func() {
		v := validator.New(validator.WithRequiredStructEnabled())
		v.RegisterTagNameFunc(func(f reflect.StructField) string {
			name, _, _ := strings.Cut(f.Tag.Get("json"), ",")
			if name == "-" {
				return ""
			}
			return name
		})
		must := func(err error) {
			if err != nil {
				panic(err) // programming error in a tag name
			}
		}
		must(v.RegisterValidation("text", func(fl validator.FieldLevel) bool { return cleanText(fl.Field().String(), true) }))
		must(v.RegisterValidation("line", func(fl validator.FieldLevel) bool { return cleanText(fl.Field().String(), false) }))
		must(v.RegisterValidation("date", func(fl validator.FieldLevel) bool {
			_, err := ParseDate(fl.Field().String())
			return err == nil
		}))
		must(v.RegisterValidation("datetime_local", func(fl validator.FieldLevel) bool {
			_, err := time.Parse(dateTimeLayout, fl.Field().String())
			return err == nil
		}))
		must(v.RegisterValidation("status", func(fl validator.FieldLevel) bool {
			_, err := ParseStatus(fl.Field().String())
			return err == nil
		}))
		must(v.RegisterValidation("level", func(fl validator.FieldLevel) bool {
			return slices.Contains(Levels, Level(fl.Field().String()))
		}))
		validate = v
	})
	return validate
}

// cleanText accepts valid UTF-8 without control characters; multi-line text
// may also hold newlines and tabs. A single line — every name, title and
// label, the text that travels to teammates and names things in lists —
// may not hold the bidirectional embedding, override and isolate controls
// either: "abc\u202Egnp.exe" would read as "abcexe.png". (Right-to-left
// text needs none of them; the marks U+200E, U+200F and U+061C stay
// allowed.) Multi-line text keeps them: a note may quote mixed-direction
// text, and reports lay out each paragraph's direction themselves.
func cleanText(s string, multiline bool) bool {
	if !utf8.ValidString(s) {
		return false
	}
	for _, r := range s {
		if unicode.IsControl(r) && !(multiline && (r == '\n' || r == '\t' || r == '\r')) {
			return false
		}
		if !multiline && isBidiControl(r) {
			return false
		}
	}
	return true
}

// isBidiControl reports the embedding, override and isolate controls
// (U+202A–U+202E, U+2066–U+2069).
func isBidiControl(r rune) bool {
	return (r >= '\u202A' && r <= '\u202E') || (r >= '\u2066' && r <= '\u2069')
}

// CleanLine reports whether s is valid as a single line of plain text: what
// the "line" rule accepts.
func CleanLine(s string) bool { return cleanText(s, false) }

// Struct validates a value with its tags and turns failures into field
// errors with messages a person can act on.
func Struct(v any) error {
	return toValidationError(validatorInstance().Struct(v), "")
}

// Var validates one value against a tag list; field names it in messages.
func Var(field string, v any, tags string) error {
	return toValidationError(validatorInstance().Var(v, tags), field)
}

func toValidationError(err error, field string) error {
	if err == nil {
		return nil
	}
	var ves validator.ValidationErrors
	if !errors.As(err, &ves) {
		return err
	}
	out := &ValidationError{}
	for _, fe := range ves {
		name := field
		switch ns := fe.Namespace(); {
		case field != "" && strings.HasPrefix(ns, "["): // Var with dive: [0].url
			name = field + ns
		case field == "" && strings.Contains(ns, "."): // Struct: Type.field.sub
			_, name, _ = strings.Cut(ns, ".")
		}
		out.Fields = append(out.Fields, FieldError{Field: name, Rule: fe.Tag(), Message: message(name, fe)})
	}
	return out
}

func message(field string, fe validator.FieldError) string {
	leaf := field
	if i := strings.LastIndexAny(leaf, ".]"); i >= 0 {
		leaf = leaf[i+1:]
	}
	label := fieldNames[leaf]
	if label == "" {
		label = leaf
	}
	switch fe.Tag() {
	case "required":
		return label + " is required"
	case "max":
		if fe.Kind() == reflect.Slice {
			return fmt.Sprintf("%s can hold at most %s entries", label, fe.Param())
		}
		n := utf8.RuneCountInString(fmt.Sprint(fe.Value()))
		return fmt.Sprintf("%s must be at most %s characters; this has %d", label, fe.Param(), n)
	case "text":
		return label + " must be plain text (no control characters)"
	case "line":
		return label + " must be a single line of plain text (no control characters or bidirectional overrides)"
	case "date":
		return label + " must be a date like 2026-12-01"
	case "datetime_local":
		return label + " must be a date and time like 2026-12-01T09:30"
	case "min":
		return fmt.Sprintf("%s must be at least %s", label, fe.Param())
	case "status":
		return label + " must be one of not started, in progress, done, n/a, blocked"
	case "level":
		return label + " must be low, medium or high"
	case "oneof":
		return fmt.Sprintf("%s must be one of: %s", label, strings.ReplaceAll(fe.Param(), " ", ", "))
	case "http_url":
		return label + " must be a web address starting with http:// or https://"
	}
	return fmt.Sprintf("%s fails the %s rule", label, fe.Tag())
}

// CheckDetails validates only the release details (the first step of the
// new-record flow), so the UI can stop there before the questionnaire.
func (in *NewRecord) CheckDetails() error {
	err := validatorInstance().StructPartial(in, "Service", "Title", "Squad", "SDM", "MaintenanceTeam", "GoLive")
	return toValidationError(err, "")
}

// Check validates a new record, including the rule that choosing a tier other
// than the recommended one needs a reason.
func (in *NewRecord) Check() error {
	if err := Struct(in); err != nil {
		return err
	}
	if in.Template == "" && in.Tier != Gold && in.Tier != Silver {
		return fieldErr("tier", "oneof", "Tier must be Gold or Silver, or choose a template of your own")
	}
	// A tier of the organisation's own is its own answer to the
	// questionnaire: only choosing Gold over Silver (or back) needs a word.
	if in.Tier != Gold && in.Tier != Silver {
		return nil
	}
	if rec := Recommend(in.Answers); in.Tier != rec.Tier && strings.TrimSpace(in.TierReason) == "" {
		return fieldErr("tierReason", "required", fmt.Sprintf("Say why you chose %s when the questionnaire recommends %s", TierLabel(in.Tier), TierLabel(rec.Tier)))
	}
	return nil
}

// Warnings are what a new record's details should make its author look at
// twice, without refusing them: a go-live date already past.
func (in *NewRecord) Warnings(today Date) []FieldError {
	out := []FieldError{}
	if d := Date(in.GoLive); !d.IsZero() && d.Before(today) {
		out = append(out, FieldError{Field: "goLive", Rule: "past", Message: fmt.Sprintf(
			"The go-live date is %s in the past: the record will show as red until it goes live or the date moves", plural(daysBetween(d, today), "day", "days"))})
	}
	return out
}
