//go:build !unix

package main

import (
	"fmt"
	"os"
	"os/exec"
)

// restart starts the same command line again and lets this process end.
func restart() error {
	exe, err := os.Executable()
	if err != nil {
		return fmt.Errorf("restarting: %w; start Ready Room again", err)
	}
	cmd := exec.Command(exe, os.Args[1:]...)
	cmd.Stdout, cmd.Stderr = os.Stdout, os.Stderr
	if err := cmd.Start(); err != nil {
		return fmt.Errorf("restarting: %w; start Ready Room again", err)
	}
	return nil
}
