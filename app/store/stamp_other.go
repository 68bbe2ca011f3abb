//go:build !(linux || darwin || freebsd || netbsd || openbsd)

package store

import (
	"fmt"
	"os"
)

// fileStamp is the file's size and modification time where the status
// change time is not at hand.
func fileStamp(fi os.FileInfo) string {
	return fmt.Sprintf("v1 %d %d", fi.Size(), fi.ModTime().UnixNano())
}
