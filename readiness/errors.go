package readiness

import (
	"errors"
	"strings"
)

var (
	// ErrNotFound is returned when a record, item, risk or contact does not exist.
	ErrNotFound = errors.New("not found")
	// ErrUnknownPath is returned for a change whose path names no field of a record.
	ErrUnknownPath = errors.New("unknown path")
	// ErrNotCreated is returned when a record's creating change has not been seen yet.
	ErrNotCreated = errors.New("record has not been created")
	// ErrUnknownTemplate is returned for a template id that is not built in.
	ErrUnknownTemplate = errors.New("unknown template")
	// ErrNothingToUndo is returned when a record has no change of this replica left to undo.
	ErrNothingToUndo = errors.New("nothing to undo")
	// ErrNoConflict is returned when resolving a path that has a single value.
	ErrNoConflict = errors.New("no conflict on that path")
)

// FieldError is one rule broken by one field, in words a person can act on.
// Field is the JSON name of the field (dotted for nested values), so the UI
// can show the message next to the input it belongs to.
type FieldError struct {
	Field   string `json:"field"`
	Rule    string `json:"rule"`
	Message string `json:"message"`
}

// ValidationError lists every field that failed validation. Nothing is stored
// when an input fails validation.
type ValidationError struct {
	Fields []FieldError `json:"fields"`
}

func (e *ValidationError) Error() string {
	msgs := make([]string, len(e.Fields))
	for i, f := range e.Fields {
		msgs[i] = f.Message
	}
	return strings.Join(msgs, "; ")
}

// fieldErr builds a ValidationError with a single field.
func fieldErr(field, rule, msg string) *ValidationError {
	return &ValidationError{Fields: []FieldError{{Field: field, Rule: rule, Message: msg}}}
}

// prefixFields names the fields of a validation error as parts of a list
// entry ("conditions[1]" + "owner" = "conditions[1].owner"), so that a form
// can show each message beside the input it belongs to. Other errors pass
// through.
func prefixFields(err error, prefix string) error {
	var ve *ValidationError
	if prefix == "" || !errors.As(err, &ve) {
		return err
	}
	out := &ValidationError{Fields: make([]FieldError, len(ve.Fields))}
	for i, f := range ve.Fields {
		f.Field = strings.TrimSuffix(prefix+"."+f.Field, ".")
		out.Fields[i] = f
	}
	return out
}

// joinErrors gathers the fields of several validation errors into one; the
// first other error wins.
func joinErrors(errs []error) error {
	out := &ValidationError{}
	for _, err := range errs {
		var ve *ValidationError
		if !errors.As(err, &ve) {
			return err
		}
		out.Fields = append(out.Fields, ve.Fields...)
	}
	if len(out.Fields) == 0 {
		return nil
	}
	return out
}
