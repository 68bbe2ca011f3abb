package templatefmt

import (
	"bytes"
	"encoding/json"
	"encoding/json/jsontext"
	"errors"
	"fmt"
	"io"
	"regexp"
	"strings"
)

// jsonRefusal turns a decoding error into words a person can act on: where
// the JSON breaks (line and column), that it ends early, or which field has
// the wrong kind of value.
func jsonRefusal(name, what string, body []byte, err error) error {
	if what != "" {
		what = " " + what
	}
	var se *json.SyntaxError
	var te *json.UnmarshalTypeError
	switch {
	case errors.Is(err, io.ErrUnexpectedEOF) || errors.As(err, &se) && strings.Contains(se.Error(), "unexpected end"):
		return refuse(ErrMalformed, "%s%s ends before its JSON is complete (after %s): the file looks cut short", name, what, size(len(body)))
	case se != nil:
		line, col := lineCol(body, se.Offset-1) // the offset is just past the character at fault
		return refuse(ErrMalformed, "%s%s is not valid JSON: line %d, column %d: %s", name, what, line, col, se.Error())
	case errors.As(err, &te):
		return refuse(ErrMalformed, "%s%s: %s should be %s, not %s", name, what, jsonPath(te.Field), kindOf(te.Type.Kind().String()), aKind(te.Value))
	}
	msg := err.Error()
	if f, ok := strings.CutPrefix(msg, "json: unknown field "); ok {
		return refuse(ErrMalformed, "%s%s has a field %s that Ready Room does not know", name, what, f)
	}
	return refuse(ErrMalformed, "%s%s is not valid JSON: %s", name, what, strings.TrimPrefix(msg, "json: "))
}

// duplicateName refuses JSON naming a member twice in one object: Go's
// decoder would keep the last silently, and which one the author meant
// is unclear (RFC 8259 leaves it open; RFC 7493 forbids it).
//
// Names are compared as encoding/json matches them to fields: without
// regard to case ("name" and "Name" are the same field).
func duplicateName(name string, body []byte) error {
	dec := jsontext.NewDecoder(bytes.NewReader(body), jsontext.AllowDuplicateNames(true))
	type level struct {
		names    map[string]bool // nil in an array
		wantName bool
	}
	var stack []level
	valueDone := func() {
		if n := len(stack); n > 0 && stack[n-1].names != nil {
			stack[n-1].wantName = true
		}
	}
	for {
		tok, err := dec.ReadToken()
		if err != nil {
			return nil // the end, or a fault said as the file is decoded
		}
		top := len(stack) - 1
		if top >= 0 && stack[top].wantName && tok.Kind() == '"' {
			member := tok.String()
			key := strings.ToLower(member)
			if stack[top].names[key] {
				ptr := dec.StackPointer()
				line, col := lineCol(body, dec.InputOffset()-int64(len(member))-2)
				at := "the top level"
				if parent := ptr.Parent(); parent != "" {
					at = fmt.Sprintf("%q", string(parent))
				}
				return refuse(ErrMalformed, "%s names %q twice in one object (line %d, column %d, at %s; names are read without regard to case): say it once", name, member, line, col, at)
			}
			stack[top].names[key] = true
			stack[top].wantName = false
			continue
		}
		switch tok.Kind() {
		case '{':
			stack = append(stack, level{names: map[string]bool{}, wantName: true})
		case '[':
			stack = append(stack, level{})
		case '}', ']':
			stack = stack[:top]
			valueDone()
		default:
			valueDone()
		}
	}
}

// decodeStrict decodes one JSON value, refusing unknown fields and
// anything after the value.
func decodeStrict(b []byte, v any) error {
	dec := json.NewDecoder(bytes.NewReader(b))
	dec.DisallowUnknownFields()
	if err := dec.Decode(v); err != nil {
		return err
	}
	if _, err := dec.Token(); err != io.EOF {
		return fmt.Errorf("more than one JSON value")
	}
	return nil
}

var jsonIndex = regexp.MustCompile(`\.(\d+)`)

// jsonPath writes pillars.0.questions.2.title as pillars[0].questions[2].title.
func jsonPath(p string) string {
	if p == "" {
		return "the value"
	}
	return jsonIndex.ReplaceAllString(p, "[$1]")
}

func kindOf(k string) string {
	switch {
	case k == "string":
		return "text"
	case strings.HasPrefix(k, "int") || strings.HasPrefix(k, "uint") || strings.HasPrefix(k, "float"):
		return "a number"
	case k == "bool":
		return "true or false"
	case k == "slice" || k == "array":
		return "a list"
	case k == "struct" || k == "map" || k == "ptr":
		return "an object"
	}
	return k
}

func aKind(v string) string {
	switch v {
	case "string":
		return "text"
	case "number":
		return "a number"
	case "bool":
		return "true or false"
	case "array":
		return "a list"
	case "object":
		return "an object"
	}
	return v
}

// lineCol is the 1-based line and column of the byte at off.
func lineCol(b []byte, off int64) (line, col int) {
	off = min(max(off, 0), int64(len(b)))
	before := b[:off]
	line = bytes.Count(before, []byte{'\n'}) + 1
	col = int(off) - (bytes.LastIndexByte(before, '\n') + 1) + 1
	return line, col
}
