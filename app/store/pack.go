package store

import (
	"bytes"
	"compress/zlib"
	"fmt"
	"io"
	"sync"
)

// From schema 4 the larger derived values — a record's doc, its search
// entries and its attention entries — are stored deflated (zlib: a header,
// then the Adler-32 of the JSON, so that damage is seen on reading). A
// record's doc is about 50 KB of JSON that repeats itself (its ceremonies'
// snapshots, and each path's value once in the record and once in its
// heads) and deflates to about a tenth. A zlib stream's first byte is 0x78,
// which no JSON value starts with, so a value says how it is stored; JSON
// an earlier schema wrote reads as it is. Summaries stay JSON: the home
// screen reads all of them every time.

// packAbove is the size from which a derived value is deflated: below it
// the header and checksum save little.
const packAbove = 256

var zwriters = sync.Pool{New: func() any {
	w, _ := zlib.NewWriterLevel(nil, zlib.BestSpeed)
	return w
}}

// pack returns derived JSON as it is stored.
func pack(b []byte) []byte {
	if len(b) < packAbove {
		return b
	}
	var out bytes.Buffer
	out.Grow(len(b)/6 + 64)
	w := zwriters.Get().(*zlib.Writer)
	w.Reset(&out)
	w.Write(b) // a bytes.Buffer does not fail
	w.Close()
	zwriters.Put(w)
	return out.Bytes()
}

// packed reports whether a stored value was deflated by pack.
func packed(v []byte) bool { return len(v) > 0 && v[0] == 0x78 }

var zreaders sync.Pool

// unpack returns the JSON of a stored derived value.
func unpack(v []byte) ([]byte, error) {
	if !packed(v) {
		return v, nil
	}
	var out bytes.Buffer
	out.Grow(len(v) * 8)
	return unpackTo(&out, v)
}

// unpackTo inflates a deflated value into out (which it empties first)
// and returns out's bytes.
func unpackTo(out *bytes.Buffer, v []byte) ([]byte, error) {
	var r io.ReadCloser
	var err error
	if pooled, ok := zreaders.Get().(io.ReadCloser); ok {
		r = pooled
		err = r.(zlib.Resetter).Reset(bytes.NewReader(v), nil)
	} else {
		r, err = zlib.NewReader(bytes.NewReader(v))
	}
	if err != nil {
		return nil, fmt.Errorf("deflated value: %v", err)
	}
	defer zreaders.Put(r)
	out.Reset()
	if _, err := out.ReadFrom(io.LimitReader(r, maxUnpacked+1)); err != nil {
		return nil, fmt.Errorf("deflated value: %v", err)
	}
	if out.Len() > maxUnpacked {
		return nil, fmt.Errorf("deflated value over %d MiB", maxUnpacked>>20)
	}
	return out.Bytes(), nil
}

// unpackBuffers are the buffers withUnpacked inflates into: decoding every
// record's search entries or attention at start inflated about 18 MB into
// buffers grown anew for each value, for 1,000 records.
var unpackBuffers = sync.Pool{New: func() any { return new(bytes.Buffer) }}

// withUnpacked calls fn with the JSON of a stored derived value, inflated
// into a buffer that is used again after fn returns: fn must not keep it
// (json.Unmarshal copies what it decodes).
func withUnpacked(v []byte, fn func([]byte) error) error {
	if !packed(v) {
		return fn(v)
	}
	buf := unpackBuffers.Get().(*bytes.Buffer)
	defer func() {
		if buf.Cap() <= 1<<20 { // a rare large record's buffer is not kept
			unpackBuffers.Put(buf)
		}
	}()
	j, err := unpackTo(buf, v)
	if err != nil {
		return err
	}
	return fn(j)
}

// maxUnpacked bounds what a stored value may inflate to: far above any
// record (MaxMergedRecord and its heads), so that a damaged value cannot
// exhaust memory.
const maxUnpacked = 64 << 20
