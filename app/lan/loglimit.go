package lan

import (
	"fmt"
	"strings"
	"sync"
	"time"
)

// Kinds of log lines anyone on the network can cause at will; each is
// limited on its own (see logLimiter). The names are plural nouns for the
// summary line.
const (
	logRefused     = "refused connections"
	logHandshakes  = "failed handshakes"
	logAccept      = "accept errors"
	logJoins       = "refused joins"
	logHTTP        = "messages from the HTTP server"
	logMDNSLibrary = "messages from the mDNS library"
)

// A logLimiter keeps a stranger from filling the log: of each kind of line
// it prints the first logBurst in a minute and counts the rest, then says
// how many it left out ("… and 702797 more failed handshakes in the last
// minute") when the minute is over: at the next line of that kind, at the
// next flush, or at the latest when the node closes.
type logLimiter struct {
	mu    sync.Mutex
	print func(string) // writes one line
	now   func() time.Time
	kinds map[string]*logWindow
}

// logWindow is one kind's current minute.
type logWindow struct {
	start   time.Time
	printed int
	skipped int
}

const (
	logBurst  = 5 // lines of a kind printed a minute
	logMinute = time.Minute
)

func newLogLimiter(print func(string), now func() time.Time) *logLimiter {
	return &logLimiter{print: print, now: now, kinds: map[string]*logWindow{}}
}

// logf prints a line of a kind unless its minute's lines are used up.
func (l *logLimiter) logf(kind, format string, args ...any) {
	l.mu.Lock()
	defer l.mu.Unlock()
	now := l.now()
	w := l.kinds[kind]
	if w != nil && now.Sub(w.start) >= logMinute {
		l.summarise(kind, w)
		w = nil
	}
	if w == nil {
		w = &logWindow{start: now}
		l.kinds[kind] = w
	}
	if w.printed >= logBurst {
		w.skipped++
		return
	}
	w.printed++
	l.print(fmt.Sprintf(format, args...))
}

// flush ends every minute that is over (every one, when all) and says how
// many lines it left out.
func (l *logLimiter) flush(all bool) {
	l.mu.Lock()
	defer l.mu.Unlock()
	now := l.now()
	for kind, w := range l.kinds {
		if all || now.Sub(w.start) >= logMinute {
			l.summarise(kind, w)
			delete(l.kinds, kind)
		}
	}
}

func (l *logLimiter) summarise(kind string, w *logWindow) {
	if w.skipped > 0 {
		l.print(fmt.Sprintf("… and %d more %s in the last minute", w.skipped, kind))
	}
}

// writer is an io.Writer that logs each write as a line of one kind (for
// the HTTP server's error log).
func (l *logLimiter) writer(kind string) limitedWriter { return limitedWriter{l, kind} }

type limitedWriter struct {
	l    *logLimiter
	kind string
}

func (w limitedWriter) Write(b []byte) (int, error) {
	w.l.logf(w.kind, "%s", strings.TrimSuffix(string(b), "\n"))
	return len(b), nil
}
