//go:build linux

package main

/*
#include <signal.h>

// keep_onstack adds SA_ONSTACK to the handler of each fault signal that
// lacks it; 0, or the signal that could not be read or set.
static int keep_onstack(void) {
	static const int sigs[] = {SIGSEGV, SIGBUS, SIGFPE, SIGILL, SIGTRAP, SIGABRT, SIGPIPE};
	for (unsigned i = 0; i < sizeof sigs / sizeof sigs[0]; i++) {
		struct sigaction sa;
		if (sigaction(sigs[i], NULL, &sa) != 0) return sigs[i];
		if (sa.sa_handler == SIG_DFL || sa.sa_handler == SIG_IGN || (sa.sa_flags & SA_ONSTACK)) continue;
		sa.sa_flags |= SA_ONSTACK;
		if (sigaction(sigs[i], &sa, NULL) != 0) return sigs[i];
	}
	return 0;
}
*/
import "C"

import (
	"context"
	"fmt"
	"os"
	"time"
)

// keepSignalsOnStack guards the window's process until ctx ends (Wails
// never ends the context it starts the window with: in practice, until the
// process does).
// WebKitGTK's JavaScript engine installs handlers for the fault signals
// without SA_ONSTACK, lazily and more than once (a page load, a reload, a
// JavaScript value handed back to Go); a fault on a Go thread then ends
// the process ("non-Go code set up signal handler without SA_ONSTACK
// flag") where Go would have turned it into an error: a nil dereference in
// a bound call, a page of a database file cut short under a read. Wails
// re-applies the flag for the first five seconds and at each DOM ready;
// this keeps doing it, once a second, for the window's whole life (a few
// system calls). SIGUSR1 is left alone: JavaScriptCore's collector owns it
// and breaks on the alternate stack (wailsapp/wails#5527).
func keepSignalsOnStack(ctx context.Context) {
	t := time.NewTicker(time.Second)
	defer t.Stop()
	for {
		if sig := C.keep_onstack(); sig != 0 {
			fmt.Fprintf(os.Stderr, "readyroom: could not keep signal %d's handler on the signal stack\n", int(sig))
			return
		}
		select {
		case <-ctx.Done():
			return
		case <-t.C:
		}
	}
}
