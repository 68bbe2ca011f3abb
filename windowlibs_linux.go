//go:build linux

package main

/*
#include <dlfcn.h>
#include <stdlib.h>

// open_global loads a library and its dependencies into the global scope,
// where lazily bound calls look for their symbols; NULL, or the error.
static const char *open_global(const char *name) {
	if (dlopen(name, RTLD_NOW | RTLD_GLOBAL) == NULL) {
		return dlerror();
	}
	return NULL;
}
*/
import "C"

import (
	"fmt"
	"unsafe"
)

// loadWindowLibraries loads GLib, GTK, WebKitGTK and the rest of what the
// window calls, before it starts. The production build leaves them out of
// the binary's start (build/dropneeded; see the Makefile): the dynamic
// loader would otherwise map about 170 libraries and run their constructors
// for every command, about 100 ms before main that `readyroom version`
// does not need. The binary's calls into them are bound lazily, on first
// use, to what this loads. In other builds they are loaded already and this
// costs nothing. Without WebKitGTK installed, the window fails here in words
// and the command line still works.
//
// They are loaded one by one, each after the libraries it needs: a
// library's constructors may call a function whose address the binary
// takes (g_free) through the binary's own PLT entry, which finds it only
// in a library loaded before, into the global scope (glibc adds a library
// to it after its constructors ran).
func loadWindowLibraries() error {
	for _, lib := range windowLibraries {
		name := C.CString(lib)
		msg := C.open_global(name)
		C.free(unsafe.Pointer(name))
		if msg != nil {
			return fmt.Errorf("opening the window: %s; it needs WebKitGTK (on Debian: apt-get install %s)", C.GoString(msg), windowPackage)
		}
	}
	return nil
}
