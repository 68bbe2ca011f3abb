//go:build unix

package app

import (
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"
)

// A named pipe given to an import is refused as not a regular file, as a
// folder or /dev/zero is, without waiting for something to write to it.
func TestImportRefusesANamedPipe(t *testing.T) {
	data := t.TempDir()
	fifo := filepath.Join(t.TempDir(), "checklist.md")
	if err := syscall.Mkfifo(fifo, 0o600); err != nil {
		t.Fatal(err)
	}
	for _, args := range [][]string{{"template", "import", fifo}, {"import", fifo}} {
		type result struct {
			code int
			errs string
		}
		done := make(chan result, 1)
		go func() {
			code, _, errs := runCLI(t, append(args, "--data", data)...)
			done <- result{code, errs}
		}()
		select {
		case r := <-done:
			if r.code != 1 || !strings.Contains(r.errs, "is not a regular file") {
				t.Errorf("%v: exit %d %q, want 1 and \"is not a regular file\"", args, r.code, r.errs)
			}
		case <-time.After(10 * time.Second):
			// Open the other end, so that the import stuck in open(2)
			// reads an empty file and ends.
			if w, err := os.OpenFile(fifo, os.O_WRONLY|syscall.O_NONBLOCK, 0); err == nil {
				w.Close()
			}
			<-done
			t.Errorf("%v: still waiting to open the pipe after 10s", args)
		}
	}
}
