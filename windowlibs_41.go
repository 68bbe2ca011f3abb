//go:build linux && webkit2_41

package main

// The libraries the window loads (see loadWindowLibraries), each after
// those it needs, as the webkit2_41 tag builds against them, and the Debian
// package that brings them all.
var windowLibraries = []string{"libglib-2.0.so.0", "libgobject-2.0.so.0", "libgio-2.0.so.0", "libgdk_pixbuf-2.0.so.0",
	"libgdk-3.so.0", "libgtk-3.so.0", "libsoup-3.0.so.0", "libjavascriptcoregtk-4.1.so.0", "libwebkit2gtk-4.1.so.0"}

const windowPackage = "libwebkit2gtk-4.1-0"
