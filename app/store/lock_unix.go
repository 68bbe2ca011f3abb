//go:build unix

package store

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"syscall"
)

// lockFile takes the lock bbolt takes on a database file (flock, exclusive),
// without waiting: the file must not be open anywhere. A missing file needs
// no lock.
func lockFile(path string) (func(), error) {
	f, err := os.Open(path)
	if errors.Is(err, os.ErrNotExist) {
		return func() {}, nil
	}
	if err != nil {
		return nil, fmt.Errorf("opening %s: %w", path, classify(err))
	}
	if err := syscall.Flock(int(f.Fd()), syscall.LOCK_EX|syscall.LOCK_NB); err != nil {
		f.Close()
		return nil, fmt.Errorf("the data directory %s is %w", filepath.Dir(path), ErrLocked)
	}
	return func() { f.Close() }, nil
}
