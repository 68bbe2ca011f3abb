//go:build linux && !webkit2_41

package main

// The libraries the window loads (see loadWindowLibraries), each after
// those it needs, when built against WebKitGTK 4.0, and the Debian package
// that brings them all.
var windowLibraries = []string{"libglib-2.0.so.0", "libgobject-2.0.so.0", "libgio-2.0.so.0", "libgdk_pixbuf-2.0.so.0",
	"libgdk-3.so.0", "libgtk-3.so.0", "libsoup-2.4.so.1", "libjavascriptcoregtk-4.0.so.18", "libwebkit2gtk-4.0.so.37"}

const windowPackage = "libwebkit2gtk-4.0-37"
