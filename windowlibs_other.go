//go:build !linux

package main

// loadWindowLibraries: only the Linux build loads its window's libraries
// itself.
func loadWindowLibraries() error { return nil }
