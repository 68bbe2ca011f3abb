package lan

import (
	"runtime/debug"
	"testing"
)

func TestBulkGCRaisesTheTargetAndPutsItBack(t *testing.T) {
	old := debug.SetGCPercent(100)
	defer debug.SetGCPercent(old)
	exitA := enterBulkGC()
	exitB := enterBulkGC() // two large pulls at once
	if got := debug.SetGCPercent(-2); got != bulkGCPercent {
		t.Fatalf("during a large pull GOGC is %d, want %d", got, bulkGCPercent)
	}
	debug.SetGCPercent(bulkGCPercent)
	exitA()
	exitA() // a second call changes nothing
	if got := debug.SetGCPercent(bulkGCPercent); got != bulkGCPercent {
		t.Fatalf("one pull still running, GOGC is %d", got)
	}
	exitB()
	if got := debug.SetGCPercent(100); got != 100 {
		t.Fatalf("after the pulls GOGC is %d, want 100 back", got)
	}

	// A target already higher, or the collector off, is left alone.
	for _, user := range []int{800, -1} {
		debug.SetGCPercent(user)
		exit := enterBulkGC()
		if got := debug.SetGCPercent(user); got != user {
			t.Errorf("GOGC %d became %d during a large pull", user, got)
		}
		exit()
		if got := debug.SetGCPercent(100); got != user {
			t.Errorf("GOGC %d became %d after a large pull", user, got)
		}
	}
}
