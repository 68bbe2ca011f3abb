package store

import (
	"slices"
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
