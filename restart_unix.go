//go:build unix

package main

import (
	"fmt"
	"os"
	"syscall"
)

// restart replaces this process with a fresh start of the same command
// line (Wails runs one window per process).
func restart() error {
	exe, err := os.Executable()
	if err != nil {
		return fmt.Errorf("restarting: %w; start Ready Room again", err)
	}
	if err := syscall.Exec(exe, os.Args, os.Environ()); err != nil {
		return fmt.Errorf("restarting: %w; start Ready Room again", err)
	}
	return nil
}
