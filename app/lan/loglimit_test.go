package lan

import (
	"fmt"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"
)

// lineLog keeps the lines written to it, one per write (as log.Logger
// writes them).
type lineLog struct {
	mu    sync.Mutex
	lines []string
}

func (l *lineLog) Write(b []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	l.lines = append(l.lines, strings.TrimSuffix(string(b), "\n"))
	return len(b), nil
}

func (l *lineLog) all() []string {
	l.mu.Lock()
	defer l.mu.Unlock()
	return slices.Clone(l.lines)
}

func TestLogLimiter(t *testing.T) {
	now := time.Date(2026, 12, 6, 9, 0, 0, 0, time.UTC)
	var out []string
	l := newLogLimiter(func(s string) { out = append(out, s) }, func() time.Time { return now })
	for i := range 1000 {
		l.logf(logHandshakes, "handshake %d failed", i)
		if i < 3 {
			l.logf(logJoins, "join %d refused", i)
		}
		now = now.Add(time.Millisecond)
	}
	want := []string{"handshake 0 failed", "join 0 refused", "handshake 1 failed", "join 1 refused", "handshake 2 failed", "join 2 refused", "handshake 3 failed", "handshake 4 failed"}
	if !slices.Equal(out, want) {
		t.Fatalf("within a minute:\n%s", strings.Join(out, "\n"))
	}
	l.flush(false) // the minute is not over: nothing yet
	if len(out) != len(want) {
		t.Fatalf("flushed before the minute was over: %q", out[len(want):])
	}
	now = now.Add(time.Minute)
	l.logf(logHandshakes, "handshake %d failed", 1000)
	want = append(want, fmt.Sprintf("… and %d more failed handshakes in the last minute", 1000-logBurst), "handshake 1000 failed")
	if !slices.Equal(out, want) {
		t.Fatalf("in the next minute:\n%s", strings.Join(out, "\n"))
	}
	for i := range 10 {
		l.logf(logHandshakes, "handshake %d failed", 1001+i)
	}
	l.flush(true) // closing: what was left out is said at once
	want = append(want, "handshake 1001 failed", "handshake 1002 failed", "handshake 1003 failed", "handshake 1004 failed",
		"… and 6 more failed handshakes in the last minute")
	if !slices.Equal(out, want) {
		t.Fatalf("at close:\n%s", strings.Join(out, "\n"))
	}
}
