package readiness

import (
	"testing"
	"time"
)

func TestClockNeverGoesBackwards(t *testing.T) {
	now := time.UnixMilli(1_000_000)
	c := NewClock(func() time.Time { return now })
	a := c.Now()
	b := c.Now() // same millisecond: logical counter moves
	if !a.Less(b) || b.Wall != a.Wall || b.Logical != a.Logical+1 {
		t.Fatalf("same-millisecond stamps %v then %v", a, b)
	}
	now = now.Add(-time.Hour) // wall clock steps back
	d := c.Now()
	if !b.Less(d) {
		t.Fatalf("stamp went backwards after the wall clock stepped back: %v then %v", b, d)
	}
	now = now.Add(2 * time.Hour)
	e := c.Now()
	if e.Wall != now.UnixMilli() || e.Logical != 0 {
		t.Fatalf("clock did not follow the wall clock forward: %v", e)
	}
}

func TestClockObservesRemoteStamps(t *testing.T) {
	c := NewClock(func() time.Time { return time.UnixMilli(1000) })
	remote := Stamp{Wall: 5000, Logical: 3}
	c.Observe(remote)
	if got := c.Now(); !remote.Less(got) {
		t.Fatalf("Now after Observe(%v) = %v, want later", remote, got)
	}
}

func TestStampStringSortsAndParses(t *testing.T) {
	stamps := []Stamp{{1, 0}, {1, 1}, {2, 0}, {1 << 40, 65535}}
	for i, s := range stamps {
		back, err := ParseStamp(s.String())
		if err != nil || back != s {
			t.Fatalf("ParseStamp(%q) = %v, %v", s.String(), back, err)
		}
		if i > 0 && !(stamps[i-1].String() < s.String()) {
			t.Fatalf("%v does not sort after %v as text", s, stamps[i-1])
		}
	}
	if _, err := ParseStamp("zz"); err == nil {
		t.Fatal("ParseStamp accepted junk")
	}
}
