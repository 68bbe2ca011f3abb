package readiness

import (
	"fmt"
	"strconv"
	"sync"
	"time"
)

// Stamp is a hybrid logical clock reading: wall-clock milliseconds plus a
// logical counter that orders events within one millisecond and keeps a
// replica's stamps increasing when its wall clock steps back.
type Stamp struct {
	Wall    int64  `json:"wall"`
	Logical uint16 `json:"logical"`
}

// String is 16 hex digits that sort in stamp order.
func (s Stamp) String() string { return fmt.Sprintf("%012x%04x", s.Wall, s.Logical) }

// Time is the wall-clock part of the stamp.
func (s Stamp) Time() time.Time { return time.UnixMilli(s.Wall).UTC() }

// Less orders stamps.
func (s Stamp) Less(o Stamp) bool {
	return s.Wall < o.Wall || (s.Wall == o.Wall && s.Logical < o.Logical)
}

// ParseStamp reads the 16-hex-digit form written by String.
func ParseStamp(s string) (Stamp, error) {
	if len(s) != 16 {
		return Stamp{}, fmt.Errorf("clock stamp %q is not 16 hex digits", s)
	}
	w, err := strconv.ParseInt(s[:12], 16, 64)
	if err != nil {
		return Stamp{}, fmt.Errorf("clock stamp %q: %w", s, err)
	}
	l, err := strconv.ParseUint(s[12:], 16, 16)
	if err != nil {
		return Stamp{}, fmt.Errorf("clock stamp %q: %w", s, err)
	}
	return Stamp{Wall: w, Logical: uint16(l)}, nil
}

// Clock is a hybrid logical clock. It never goes backwards and advances past
// every stamp it observes. It is safe for concurrent use.
type Clock struct {
	mu   sync.Mutex
	now  func() time.Time
	last Stamp
}

// NewClock returns a clock reading now (time.Now when nil).
func NewClock(now func() time.Time) *Clock {
	if now == nil {
		now = time.Now
	}
	return &Clock{now: now}
}

// Now returns a stamp later than every stamp this clock has returned or observed.
func (c *Clock) Now() Stamp {
	c.mu.Lock()
	defer c.mu.Unlock()
	wall := c.now().UnixMilli()
	switch {
	case wall > c.last.Wall:
		c.last = Stamp{Wall: wall}
	case c.last.Logical == ^uint16(0):
		c.last = Stamp{Wall: c.last.Wall + 1}
	default:
		c.last.Logical++
	}
	return c.last
}

// Observe advances the clock past a stamp received from elsewhere.
func (c *Clock) Observe(s Stamp) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.last.Less(s) {
		c.last = s
	}
}
