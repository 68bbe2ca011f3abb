//go:build !linux

package app

import "syscall"

// dieWithTest is nil where the kernel cannot tie a child's life to its
// parent's: a test ended by a signal may leave children running there.
func dieWithTest() *syscall.SysProcAttr { return nil }
