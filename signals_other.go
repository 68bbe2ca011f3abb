//go:build !linux

package main

import "context"

// keepSignalsOnStack is needed where WebKitGTK shares the process (Linux).
func keepSignalsOnStack(context.Context) {}
