package app

import (
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"syscall"
)

// ErrUnsafeOutput marks an output path Ready Room will not write: one in
// its data directory, one that is not a plain file, or a symbolic link.
var ErrUnsafeOutput = errors.New("nothing was written")

// CheckOutput says whether an export (a report, an archive, a backup copy)
// may be written at path. It may not replace anything in the data
// directory (the database, the device key, backups), anything that is not
// a regular file (a folder, /dev/null, a pipe, a socket), or a symbolic
// link (writing would replace the link, not what it names, or what it
// names, which is not what was typed). The data directory is compared by
// identity (device and inode), so another spelling of it — a link to it, a
// bind mount, a different case — is still it.
func CheckOutput(dataDir, path string) error {
	if path == "" {
		return fmt.Errorf("no file name given: %w", ErrUnsafeOutput)
	}
	abs, err := filepath.Abs(path)
	if err != nil {
		return fmt.Errorf("%s: %v: %w", path, err, ErrUnsafeOutput)
	}
	if fi, err := os.Lstat(abs); err == nil {
		switch {
		case fi.Mode()&os.ModeSymlink != 0:
			to, _ := os.Readlink(abs)
			return fmt.Errorf("%s is a symbolic link (to %s); Ready Room writes only plain files it can replace whole, so name the file itself: %w", path, to, ErrUnsafeOutput)
		case !fi.Mode().IsRegular():
			return fmt.Errorf("%s is %s, not a regular file; choose a file name: %w", path, kindOf(fi.Mode()), ErrUnsafeOutput)
		}
	}
	dir := filepath.Dir(abs)
	di, err := os.Stat(dir)
	if errors.Is(err, os.ErrNotExist) {
		return fmt.Errorf("cannot write to %s: the folder %s does not exist", path, dir)
	}
	if err != nil {
		return fmt.Errorf("cannot write to %s: %w", path, err)
	}
	if !di.IsDir() {
		return fmt.Errorf("cannot write to %s: %s is not a folder", path, dir)
	}
	if dataDir != "" && inside(dir, dataDir) {
		return fmt.Errorf("%s is inside Ready Room's data directory %s, where it keeps its database, device key and backups; choose another folder: %w", path, dataDir, ErrUnsafeOutput)
	}
	return nil
}

// inside reports whether dir is root or below it, by file identity.
func inside(dir, root string) bool {
	ri, err := os.Stat(root)
	if err != nil {
		return false
	}
	real, err := filepath.EvalSymlinks(dir)
	if err != nil {
		real = dir
	}
	for p := real; ; p = filepath.Dir(p) {
		if pi, err := os.Stat(p); err == nil && os.SameFile(pi, ri) {
			return true
		}
		if filepath.Dir(p) == p {
			return false
		}
	}
}

func kindOf(m os.FileMode) string {
	switch {
	case m.IsDir():
		return "a folder"
	case m&os.ModeCharDevice != 0, m&os.ModeDevice != 0:
		return "a device"
	case m&os.ModeNamedPipe != 0:
		return "a named pipe"
	case m&os.ModeSocket != 0:
		return "a socket"
	case m&os.ModeSymlink != 0:
		return "a symbolic link"
	case m.IsRegular():
		return "a regular file"
	}
	return "not a plain file"
}

// WriteOutput writes an export at path once CheckOutput allows it: through
// a temporary file beside it and a rename, so a failed export never leaves
// half a file and never touches what was there before it succeeds.
func WriteOutput(dataDir, path string, fn func(io.Writer) error) error {
	if err := CheckOutput(dataDir, path); err != nil {
		return err
	}
	dir := filepath.Dir(path)
	tmp, err := os.CreateTemp(dir, ".readyroom-export-*")
	if err != nil {
		return fmt.Errorf("cannot write to %s: %w", dir, plainIOError(err))
	}
	defer os.Remove(tmp.Name())
	if err := fn(tmp); err != nil {
		tmp.Close()
		return plainIOError(err)
	}
	if err := tmp.Chmod(0o644); err != nil { // a report is for sharing; CreateTemp made it private
		tmp.Close()
		return fmt.Errorf("writing %s: %w", path, plainIOError(err))
	}
	if err := tmp.Close(); err != nil {
		return fmt.Errorf("writing %s: %w", path, plainIOError(err))
	}
	// The check again, just before the rename: what path names may have
	// changed while the export was written.
	if err := CheckOutput(dataDir, path); err != nil {
		return err
	}
	if err := os.Rename(tmp.Name(), path); err != nil {
		return fmt.Errorf("writing %s: %w", path, plainIOError(err))
	}
	return nil
}

// plainIOError names a full disk in words.
func plainIOError(err error) error {
	if errors.Is(err, syscall.ENOSPC) {
		return fmt.Errorf("the disk is full (%w); nothing was written", err)
	}
	return err
}
