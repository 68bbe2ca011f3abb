//go:build linux

package app

import "syscall"

// dieWithTest has the kernel kill a child when the test process that
// started it dies: a test binary ended by a signal runs no cleanup, and
// its peers would run on, orphaned.
func dieWithTest() *syscall.SysProcAttr {
	return &syscall.SysProcAttr{Pdeathsig: syscall.SIGKILL}
}
