//go:build !unix

package store

// lockFile is a no-op where flock is not at hand; bbolt's own lock still
// keeps a second Ready Room off an open database.
func lockFile(string) (func(), error) { return func() {}, nil }
