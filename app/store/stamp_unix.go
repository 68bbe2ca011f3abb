//go:build linux || darwin || freebsd || netbsd || openbsd

package store

import (
	"fmt"
	"os"
	"syscall"
)

// fileStamp is what changes when anything writes the file: its device and
// inode, size, modification and status-change times. The status-change
// time cannot be set back by the writer.
func fileStamp(fi os.FileInfo) string {
	st, ok := fi.Sys().(*syscall.Stat_t)
	if !ok {
		return fmt.Sprintf("v1 %d %d", fi.Size(), fi.ModTime().UnixNano())
	}
	return fmt.Sprintf("v1 %d %d %d %d %d", uint64(st.Dev), uint64(st.Ino), fi.Size(), fi.ModTime().UnixNano(), ctimeNano(st))
}
