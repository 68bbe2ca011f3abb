package store

import (
	"bytes"
	"encoding/json"
	"fmt"
	"slices"
	"strconv"
	"unicode/utf8"

	"readyroom/readiness"
)

// Every record write stores its heads: about eighty paths of a filled Gold
// record, each with its winning values. encoding/json spends most of that
// write sorting the map by reflection and re-validating values that were
// validated on arrival, so the heads are encoded here by hand. The output
// decodes to the same map; TestHeadsEncodeLikeEncodingJSON holds them to it.

// appendHeads appends heads as a JSON object, paths in sorted order. Head
// values are appended as they are: each one passed json.Valid when its
// change was checked, or was decoded from this store.
func appendHeads(b []byte, heads map[readiness.Path][]readiness.Head) []byte {
	if heads == nil {
		return append(b, "null"...)
	}
	paths := make([]readiness.Path, 0, len(heads))
	for p := range heads {
		paths = append(paths, p)
	}
	slices.Sort(paths)
	b = append(b, '{')
	for i, p := range paths {
		if i > 0 {
			b = append(b, ',')
		}
		b = appendString(b, string(p))
		b = append(b, ':')
		hs := heads[p]
		if hs == nil {
			b = append(b, "null"...)
			continue
		}
		b = append(b, '[')
		for j, h := range hs {
			if j > 0 {
				b = append(b, ',')
			}
			b = append(b, `{"id":`...)
			b = appendString(b, string(h.ID))
			b = append(b, `,"author":`...)
			b = appendString(b, h.Author)
			b = append(b, `,"value":`...)
			if len(h.Value) == 0 {
				b = append(b, "null"...)
			} else {
				b = append(b, h.Value...)
			}
			b = append(b, '}')
		}
		b = append(b, ']')
	}
	return append(b, '}')
}

// headsSize is about what appendHeads writes, to size its buffer once.
func headsSize(heads map[readiness.Path][]readiness.Head) int {
	n := 2
	for p, hs := range heads {
		n += len(p) + 4
		for _, h := range hs {
			n += len(h.ID) + len(h.Author) + len(h.Value) + 32
		}
	}
	return n
}

// appendString appends s as a JSON string the way encoding/json writes it:
// control characters, quotes and backslashes escaped, and invalid UTF-8
// replaced by U+FFFD (written as the character, as Go 1.27 does; Go 1.26
// wrote the escape, which reads the same). HTML characters are left as they
// are; they need no escaping in a database.
func appendString(b []byte, s string) []byte {
	const hex = "0123456789abcdef"
	b = append(b, '"')
	start := 0
	for i := 0; i < len(s); {
		c := s[i]
		if c < utf8.RuneSelf {
			if c >= 0x20 && c != '"' && c != '\\' {
				i++
				continue
			}
			b = append(b, s[start:i]...)
			switch c {
			case '"', '\\':
				b = append(b, '\\', c)
			case '\n':
				b = append(b, '\\', 'n')
			case '\r':
				b = append(b, '\\', 'r')
			case '\t':
				b = append(b, '\\', 't')
			case '\b':
				b = append(b, '\\', 'b')
			case '\f':
				b = append(b, '\\', 'f')
			default:
				b = append(b, '\\', 'u', '0', '0', hex[c>>4], hex[c&0xf])
			}
			i++
			start = i
			continue
		}
		r, size := utf8.DecodeRuneInString(s[i:])
		if r == utf8.RuneError && size == 1 {
			b = append(b, s[start:i]...)
			b = utf8.AppendRune(b, utf8.RuneError)
			i += size
			start = i
			continue
		}
		if r == '\u2028' || r == '\u2029' {
			// Valid JSON either way; escaped as encoding/json does, so that
			// the text survives being pasted into JavaScript.
			b = append(b, s[start:i]...)
			b = append(b, '\\', 'u', '2', '0', '2', hex[r&0xf])
			i += size
			start = i
			continue
		}
		i += size
	}
	b = append(b, s[start:]...)
	return append(b, '"')
}

// appendChange appends a change as JSON, as encoding/json writes it (HTML
// characters aside): the log's and every peer's form of it. Its value is
// appended as it is (Change.Check ran json.Valid on it); a change's JSON is
// written once for each of the ~80 a filled record holds, so this is by hand.
func appendChange(b []byte, c *readiness.Change) []byte {
	b = append(b, `{"id":`...)
	b = appendString(b, string(c.ID))
	b = append(b, `,"record":`...)
	b = appendString(b, string(c.Record))
	b = append(b, `,"path":`...)
	b = appendString(b, string(c.Path))
	b = append(b, `,"value":`...)
	if len(c.Value) == 0 {
		b = append(b, "null"...)
	} else {
		b = append(b, c.Value...)
	}
	b = append(b, `,"parents":`...)
	b = appendParents(b, c.Parents)
	b = append(b, `,"hlc":{"wall":`...)
	b = strconv.AppendInt(b, c.HLC.Wall, 10)
	b = append(b, `,"logical":`...)
	b = strconv.AppendUint(b, uint64(c.HLC.Logical), 10)
	b = append(b, `},"replica":`...)
	b = appendString(b, string(c.Replica))
	b = append(b, `,"author":`...)
	b = appendString(b, c.Author)
	if c.Undoes != "" {
		b = append(b, `,"undoes":`...)
		b = appendString(b, string(c.Undoes))
	}
	return append(b, '}')
}

// changeSize is about what appendChange writes.
func changeSize(c *readiness.Change) int {
	n := 160 + len(c.ID) + len(c.Record) + len(c.Path) + len(c.Value) + len(c.Replica) + len(c.Author) + len(c.Undoes)
	for _, p := range c.Parents {
		n += len(p) + 3
	}
	return n
}

// appendSearchEntries appends a record's search entries as JSON, as
// encoding/json writes them (HTML characters aside); about 12 KB a Gold
// record, written with every record write.
func appendSearchEntries(b []byte, es []readiness.SearchEntry) []byte {
	if es == nil {
		return append(b, "null"...)
	}
	b = append(b, '[')
	for i := range es {
		e := &es[i]
		if i > 0 {
			b = append(b, ',')
		}
		b = append(b, `{"k":`...)
		b = appendString(b, e.Kind)
		b = append(b, `,"r":`...)
		b = appendString(b, e.Ref)
		b = append(b, `,"l":`...)
		b = appendString(b, e.Label)
		b = append(b, `,"t":`...)
		b = appendString(b, e.Text)
		b = append(b, '}')
	}
	return append(b, ']')
}

// searchSize is about what appendSearchEntries writes.
func searchSize(es []readiness.SearchEntry) int {
	n := 2
	for i := range es {
		n += len(es[i].Kind) + len(es[i].Ref) + len(es[i].Label) + len(es[i].Text) + 28
	}
	return n
}

// The log stores a change without what its key says (schema 4): the key is
// "<record>/<id>", and the id is the change's clock stamp and replica, so
// {"id", "record", "hlc", "replica"} — about 150 bytes of a status change's
// 260 — are left out. From schema 8 the names are one letter and parents
// are left out when the change has none (most of a log's changes):
//
//	{"p":P,"r":[…],"a":A,"u":U,"v":V}
//
// in that order, "r" only when the parents are not null and "u" only when
// set, so that the form a peer is sent (appendChange's) is spliced back
// together without decoding the value: about 30 bytes less a change than
// schema 4's {"path":P,"parents":[…],"author":A,"undoes":U,"value":V}, a
// tenth of a seeded log. Changes stored whole (before schema 4) or in
// schema 4's form still read.

// appendParents appends a change's parents as JSON: null, or a list of ids.
func appendParents(b []byte, parents []readiness.ChangeID) []byte {
	if parents == nil {
		return append(b, "null"...)
	}
	b = append(b, '[')
	for i, p := range parents {
		if i > 0 {
			b = append(b, ',')
		}
		b = appendString(b, string(p))
	}
	return append(b, ']')
}

// appendStoredChange appends a change as the log stores it.
func appendStoredChange(b []byte, c *readiness.Change) []byte {
	b = append(b, shortNames.path...)
	b = appendString(b, string(c.Path))
	if c.Parents != nil {
		b = append(b, shortNames.parents...)
		b = appendParents(b, c.Parents)
	}
	b = append(b, shortNames.author...)
	b = appendString(b, c.Author)
	if c.Undoes != "" {
		b = append(b, shortNames.undoes...)
		b = appendString(b, string(c.Undoes))
	}
	b = append(b, shortNames.value...)
	if len(c.Value) == 0 {
		b = append(b, "null"...)
	} else {
		b = append(b, c.Value...)
	}
	return append(b, '}')
}

// storedForm is true for a value in appendStoredChange's form.
func storedForm(v []byte) bool { return bytes.HasPrefix(v, []byte(shortNames.path)) }

// storedChange is appendStoredChange's form, decoded.
type storedChange struct {
	Path    readiness.Path       `json:"p"`
	Parents []readiness.ChangeID `json:"r"`
	Author  string               `json:"a"`
	Undoes  readiness.ChangeID   `json:"u"`
	Value   json.RawMessage      `json:"v"`
}

// decodeChange reads a change the log holds under key.
func decodeChange(key, v []byte) (readiness.Change, error) {
	var c readiness.Change
	if storedForm(v) {
		var s storedChange
		if err := json.Unmarshal(v, &s); err != nil {
			return c, err
		}
		c.Path, c.Parents, c.Author, c.Undoes, c.Value = s.Path, s.Parents, s.Author, s.Undoes, s.Value
	} else if err := json.Unmarshal(v, &c); err != nil {
		return c, err
	} else if c.ID != "" {
		return c, nil // stored whole, before schema 4
	}
	rec, id, ok := bytes.Cut(key, []byte("/"))
	if !ok {
		return c, fmt.Errorf("key %.60q names no record", key)
	}
	c.Record, c.ID = readiness.RecordID(rec), readiness.ChangeID(id)
	var err error
	c.HLC, c.Replica, err = c.ID.Parse()
	return c, err
}

// appendWireChange appends the change the log holds under key as peers are
// sent it (appendChange's bytes): spliced from the stored form, or copied
// when it was stored whole.
func appendWireChange(b, key, v []byte) ([]byte, error) {
	if bytes.HasPrefix(v, []byte(`{"id":`)) {
		return append(b, v...), nil
	}
	if out, ok := spliceWire(b, key, v); ok {
		return out, nil
	}
	c, err := decodeChange(key, v) // not as appendStoredChange writes it: the slow way
	if err != nil {
		return b, err
	}
	return appendChange(b, &c), nil
}

// storedNames are the names a stored change's fields go by: schema 8's
// (appendStoredChange) and schema 4's, which a log may still hold.
type storedNames struct{ path, parents, author, undoes, value string }

var (
	shortNames = storedNames{`{"p":`, `,"r":`, `,"a":`, `,"u":`, `,"v":`}
	longNames  = storedNames{`{"path":`, `,"parents":`, `,"author":`, `,"undoes":`, `,"value":`}
)

// spliceWire is appendWireChange for a value in appendStoredChange's form
// or schema 4's; false when v is in neither.
func spliceWire(b, key, v []byte) ([]byte, bool) {
	cut := func(rest []byte, prefix string) ([]byte, bool) { return bytes.CutPrefix(rest, []byte(prefix)) }
	names := shortNames
	rest, ok := cut(v, names.path)
	if !ok {
		names = longNames
		if rest, ok = cut(v, names.path); !ok {
			return b, false
		}
	}
	path, rest, ok := jsonString(rest)
	if !ok {
		return b, false
	}
	parents := []byte("null") // schema 8 leaves null parents out
	if r, found := cut(rest, names.parents); found {
		switch {
		case bytes.HasPrefix(r, parents):
			rest = r[len(parents):]
		case len(r) > 0 && r[0] == '[':
			i := bytes.IndexByte(r, ']') // change ids hold no bracket
			if i < 0 {
				return b, false
			}
			parents, rest = r[:i+1], r[i+1:]
		default:
			return b, false
		}
	} else if names == longNames {
		return b, false
	}
	if rest, ok = cut(rest, names.author); !ok {
		return b, false
	}
	author, rest, ok := jsonString(rest)
	if !ok {
		return b, false
	}
	var undoes []byte
	if r, found := cut(rest, names.undoes); found {
		if undoes, rest, ok = jsonString(r); !ok {
			return b, false
		}
	}
	if rest, ok = cut(rest, names.value); !ok || len(rest) < 2 || rest[len(rest)-1] != '}' {
		return b, false
	}
	value := rest[:len(rest)-1]
	rec, id, ok := bytes.Cut(key, []byte("/"))
	if !ok {
		return b, false
	}
	st, rep, err := readiness.ChangeID(id).Parse()
	if err != nil {
		return b, false
	}
	b = append(b, `{"id":`...)
	b = appendString(b, string(id))
	b = append(b, `,"record":`...)
	b = appendString(b, string(rec))
	b = append(b, `,"path":`...)
	b = append(b, path...)
	b = append(b, `,"value":`...)
	b = append(b, value...)
	b = append(b, `,"parents":`...)
	b = append(b, parents...)
	b = append(b, `,"hlc":{"wall":`...)
	b = strconv.AppendInt(b, st.Wall, 10)
	b = append(b, `,"logical":`...)
	b = strconv.AppendUint(b, uint64(st.Logical), 10)
	b = append(b, `},"replica":`...)
	b = appendString(b, string(rep))
	b = append(b, `,"author":`...)
	b = append(b, author...)
	if undoes != nil {
		b = append(b, `,"undoes":`...)
		b = append(b, undoes...)
	}
	return append(b, '}'), true
}

// jsonString splits a JSON string (quotes and all) off the front of b.
func jsonString(b []byte) (s, rest []byte, ok bool) {
	if len(b) == 0 || b[0] != '"' {
		return nil, b, false
	}
	for i := 1; i < len(b); i++ {
		switch b[i] {
		case '\\':
			i++
		case '"':
			return b[:i+1], b[i+1:], true
		}
	}
	return nil, b, false
}
