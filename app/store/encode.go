package store

import (
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
	if c.Parents == nil {
		b = append(b, "null"...)
	} else {
		b = append(b, '[')
		for i, p := range c.Parents {
			if i > 0 {
				b = append(b, ',')
			}
			b = appendString(b, string(p))
		}
		b = append(b, ']')
	}
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
