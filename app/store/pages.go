package store

import (
	"bytes"
	"encoding/binary"
	"fmt"
	"os"
)

// checkTree runs checkPageTree on a database file, its damage reported as
// ErrCorrupt.
func checkTree(path string) error {
	f, err := os.Open(path)
	if err != nil {
		return fmt.Errorf("reading %s: %w", path, classify(err))
	}
	defer f.Close()
	m, ok := current(readMetas(f))
	if !ok {
		return fmt.Errorf("%s: %w: neither copy of its meta page is sound", path, ErrCorrupt)
	}
	if err := checkPageTree(f, m); err != nil {
		return fmt.Errorf("%s: %w: %v", path, ErrCorrupt, err)
	}
	return nil
}

// checkPageTree reads every page reachable from the file's current meta
// page from the file itself — not mapped, so damage cannot fault — and
// checks what bbolt would otherwise trust: each page is the page it is
// named as, of a kind that belongs there, with its elements' keys and values
// inside it and its keys in order; each child and bucket root lies inside
// the file and is reached once; no reachable page is on the free list.
//
// bbolt's own consistency check reads pages on a goroutine of its own,
// where a key length gone wrong faults and kills the process (a fault is
// recoverable only on the goroutine that asked for it): this runs first,
// so that the check only ever reads a sound tree.
func checkPageTree(f *os.File, m metaCopy) error {
	v := pageVisitor{f: f, ps: m.pageSize, hwm: m.pgid, seen: make(map[uint64]bool)}
	if err := v.visit(m.root, 0); err != nil {
		return err
	}
	if m.freelist != noFreelist {
		free, err := v.freeList(m.freelist)
		if err != nil {
			return err
		}
		for _, id := range free {
			if v.seen[id] {
				return fmt.Errorf("page %d is in use and on the free list", id)
			}
		}
	}
	return nil
}

type pageVisitor struct {
	f    *os.File
	ps   int64
	hwm  uint64
	seen map[uint64]bool
	// bufs holds one page buffer per depth of the walk, reused: a page is
	// read whole in one call, and nothing is allocated per page.
	bufs [maxTreeDepth + 2][]byte
}

const (
	branchPageFlag = 0x01
	leafPageFlag   = 0x02
	bucketLeafFlag = 0x01
	elementSize    = 16 // bbolt's branch and leaf page elements
	maxTreeDepth   = 64 // far deeper than any real tree
)

// read reads a page and its overflow pages from the file into the buffer
// of its depth.
func (v *pageVisitor) read(id uint64, depth int) ([]byte, uint16, error) {
	if id < 2 || id >= v.hwm {
		return nil, 0, fmt.Errorf("a page pointer names page %d, outside the file's %d pages", id, v.hwm)
	}
	buf := v.bufs[depth]
	if int64(len(buf)) < v.ps {
		buf = make([]byte, v.ps)
	}
	buf = buf[:v.ps]
	if _, err := v.f.ReadAt(buf, int64(id)*v.ps); err != nil {
		return nil, 0, fmt.Errorf("page %d cannot be read: %v", id, err)
	}
	le := binary.LittleEndian
	if got := le.Uint64(buf); got != id {
		return nil, 0, fmt.Errorf("page %d says it is page %d", id, got)
	}
	flags, overflow := le.Uint16(buf[8:]), uint64(le.Uint32(buf[12:]))
	if id+overflow >= v.hwm {
		return nil, 0, fmt.Errorf("page %d runs past the end of the file", id)
	}
	for i := id; i <= id+overflow; i++ {
		if v.seen[i] {
			return nil, 0, fmt.Errorf("page %d is reached twice", i)
		}
		v.seen[i] = true
	}
	if overflow > 0 {
		whole := int64(overflow+1) * v.ps
		if int64(cap(buf)) < whole {
			grown := make([]byte, whole)
			copy(grown, buf)
			buf = grown
		}
		buf = buf[:whole]
		if _, err := v.f.ReadAt(buf[v.ps:], int64(id)*v.ps+v.ps); err != nil {
			return nil, 0, fmt.Errorf("page %d cannot be read: %v", id, err)
		}
	}
	v.bufs[depth] = buf
	return buf, flags, nil
}

// visit checks a page of a bucket's tree and what it leads to.
func (v *pageVisitor) visit(id uint64, depth int) error {
	if depth >= maxTreeDepth {
		return fmt.Errorf("the page tree is deeper than %d at page %d", maxTreeDepth, id)
	}
	p, flags, err := v.read(id, depth)
	if err != nil {
		return err
	}
	return v.node(id, p, flags, depth)
}

// node checks one page's elements (p may be an inline bucket's page, held
// in its parent's value).
func (v *pageVisitor) node(id uint64, p []byte, flags uint16, depth int) error {
	le := binary.LittleEndian
	count := int(le.Uint16(p[10:]))
	if pageHeader+count*elementSize > len(p) {
		return fmt.Errorf("page %d holds more elements than fit in it", id)
	}
	var prev []byte
	for i := 0; i < count; i++ {
		at := pageHeader + i*elementSize
		e := p[at : at+elementSize]
		var key, val []byte
		switch flags {
		case branchPageFlag:
			pos, ksize := int(le.Uint32(e[0:])), int(le.Uint32(e[4:]))
			if at+pos < at || at+pos+ksize > len(p) || ksize < 0 {
				return fmt.Errorf("page %d: element %d's key lies outside the page", id, i)
			}
			key = p[at+pos : at+pos+ksize]
			if err := v.visit(le.Uint64(e[8:]), depth+1); err != nil {
				return err
			}
		case leafPageFlag:
			eflags, pos, ksize, vsize := le.Uint32(e[0:]), int(le.Uint32(e[4:])), int(le.Uint32(e[8:])), int(le.Uint32(e[12:]))
			end := at + pos + ksize + vsize
			if end > len(p) || end < at {
				return fmt.Errorf("page %d: element %d's key or value lies outside the page", id, i)
			}
			key, val = p[at+pos:at+pos+ksize], p[at+pos+ksize:end]
			if eflags&bucketLeafFlag != 0 {
				if err := v.bucket(id, val, depth); err != nil {
					return err
				}
			}
		default:
			return fmt.Errorf("page %d is neither a branch nor a leaf (flags %#x)", id, flags)
		}
		if i > 0 && bytes.Compare(prev, key) >= 0 {
			return fmt.Errorf("page %d: its keys are out of order", id)
		}
		prev = key
	}
	return nil
}

// bucket checks a nested bucket: its root page, or its inline page.
func (v *pageVisitor) bucket(parent uint64, val []byte, depth int) error {
	const header = 16 // root page id, sequence
	if len(val) < header {
		return fmt.Errorf("page %d: a bucket's header is cut short", parent)
	}
	root := binary.LittleEndian.Uint64(val)
	if root != 0 {
		return v.visit(root, depth+1)
	}
	inline := val[header:]
	if len(inline) < pageHeader {
		return fmt.Errorf("page %d: an inline bucket's page is cut short", parent)
	}
	if flags := binary.LittleEndian.Uint16(inline[8:]); flags != leafPageFlag {
		return fmt.Errorf("page %d: an inline bucket's page is not a leaf", parent)
	}
	return v.node(parent, inline, leafPageFlag, depth+1)
}

// freeList reads the ids the free list names (checkPages has checked its
// header and bounds).
func (v *pageVisitor) freeList(id uint64) ([]uint64, error) {
	le := binary.LittleEndian
	hdr := make([]byte, pageHeader+8)
	if _, err := v.f.ReadAt(hdr, int64(id)*v.ps); err != nil {
		return nil, err
	}
	count, at := uint64(le.Uint16(hdr[10:])), int64(pageHeader)
	if count == 0xFFFF {
		count, at = le.Uint64(hdr[pageHeader:]), pageHeader+8
	}
	list := make([]byte, count*8)
	if _, err := v.f.ReadAt(list, int64(id)*v.ps+at); err != nil {
		return nil, err
	}
	out := make([]uint64, count)
	for i := range out {
		out[i] = le.Uint64(list[i*8:])
	}
	return out, nil
}
