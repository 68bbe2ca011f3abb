// Command dropneeded takes the GTK and WebKitGTK libraries out of the
// production binary's start: it removes their DT_NEEDED entries from the
// ELF file in place, so that the dynamic loader does not map them (and run
// their constructors) for commands that open no window. The window loads
// them itself before it starts (windowlibs_linux.go in the main package),
// and lazy binding resolves the binary's calls into them on first use.
//
//	go run ./build/dropneeded -libs "$(pkg-config --libs-only-l gtk+-3.0 webkit2gtk-4.1)" FILE
//
// -libs names the libraries to drop as the linker's -l flags; an entry
// "libNAME.so…" is dropped for each -lNAME. The binary must have been linked
// with lazy binding and without GOT references to those libraries (the
// Makefile compiles cgo with -fno-pie so that taking a function's address
// makes a PLT entry): it prints what it dropped, and refuses a binary bound
// now (DF_BIND_NOW), whose loader would resolve every call at start.
package main

import (
	"debug/elf"
	"encoding/binary"
	"errors"
	"flag"
	"fmt"
	"os"
	"slices"
	"strings"
)

func main() {
	libs := flag.String("libs", "", "the libraries to drop, as -lNAME flags")
	flag.Parse()
	if flag.NArg() != 1 || *libs == "" {
		fmt.Fprintln(os.Stderr, "usage: dropneeded -libs \"-lNAME …\" FILE")
		os.Exit(2)
	}
	var names []string
	for _, f := range strings.Fields(*libs) {
		if n, ok := strings.CutPrefix(f, "-l"); ok {
			names = append(names, n)
		}
	}
	dropped, err := drop(flag.Arg(0), names)
	if err != nil {
		fmt.Fprintln(os.Stderr, "dropneeded:", err)
		os.Exit(1)
	}
	fmt.Printf("dropneeded: %s no longer loads %s at start\n", flag.Arg(0), strings.Join(dropped, ", "))
}

// drop rewrites the dynamic section of path without the DT_NEEDED entries
// of the named libraries, moving the entries after them up and filling the
// end with DT_NULL: the file keeps its size and layout.
func drop(path string, names []string) ([]string, error) {
	f, err := elf.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	if f.Class != elf.ELFCLASS64 || f.Data != elf.ELFDATA2LSB {
		return nil, errors.New("only 64-bit little-endian ELF files are handled")
	}
	sec := f.Section(".dynamic")
	if sec == nil {
		return nil, errors.New("no dynamic section: not a dynamically linked binary")
	}
	raw, err := sec.Data()
	if err != nil {
		return nil, err
	}
	strs, err := f.Section(".dynstr").Data()
	if err != nil {
		return nil, err
	}
	str := func(off uint64) string {
		end := off
		for end < uint64(len(strs)) && strs[end] != 0 {
			end++
		}
		return string(strs[off:end])
	}
	le := binary.LittleEndian
	var kept [][]byte
	var dropped []string
	for i := 0; i+16 <= len(raw); i += 16 {
		tag, val := elf.DynTag(le.Uint64(raw[i:])), le.Uint64(raw[i+8:])
		switch {
		case tag == elf.DT_NULL:
			i = len(raw) // the end of the entries
			continue
		case tag == elf.DT_FLAGS && elf.DynFlag(val)&elf.DF_BIND_NOW != 0,
			tag == elf.DT_FLAGS_1 && elf.DynFlag1(val)&elf.DF_1_NOW != 0:
			return nil, errors.New("the binary is bound now (-z now): its loader would resolve the dropped libraries' symbols at start; link it with -z lazy")
		case tag == elf.DT_NEEDED:
			lib := str(val)
			if slices.ContainsFunc(names, func(n string) bool { return strings.HasPrefix(lib, "lib"+n+".so") }) {
				dropped = append(dropped, lib)
				continue
			}
		}
		kept = append(kept, raw[i:i+16])
	}
	if len(dropped) == 0 {
		return nil, fmt.Errorf("it loads none of %s at start: nothing to drop (built already?)", strings.Join(names, ", "))
	}
	out := make([]byte, len(raw))
	for i, e := range kept {
		copy(out[i*16:], e)
	}
	w, err := os.OpenFile(path, os.O_WRONLY, 0)
	if err != nil {
		return nil, err
	}
	if _, err := w.WriteAt(out, int64(sec.Offset)); err != nil {
		w.Close()
		return nil, err
	}
	return dropped, w.Close()
}
