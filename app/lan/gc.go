package lan

import (
	"runtime/debug"
	"sync"
)

// A large pull (a member joining a team, or coming back after a long time
// away) decodes, checks and stores tens of thousands of changes, and
// allocates about 5 KB for each while its live heap stays near 20 MB. At
// Go's default GOGC of 100 the collector then runs every few megabytes and
// takes a third of the pull's time. While a large pull runs, bulkGC lets
// the heap grow to five times what is live (GOGC 400) and puts the setting
// back when the last one ends: about 60 MB more memory for a few seconds,
// for a third less processor time (README, "LAN sync"). A GOGC the user set
// higher, or a GOMEMLIMIT, still holds.

// bulkGCPercent is the collector's target while a large pull runs.
const bulkGCPercent = 400

var bulkGC struct {
	mu   sync.Mutex
	n    int // large pulls running
	prev int // the setting to put back
}

// enterBulkGC raises the collector's target for a large pull; the function
// it returns puts it back (once, when the last large pull ends).
func enterBulkGC() (exit func()) {
	bulkGC.mu.Lock()
	defer bulkGC.mu.Unlock()
	if bulkGC.n == 0 {
		bulkGC.prev = debug.SetGCPercent(bulkGCPercent)
		if bulkGC.prev < 0 || bulkGC.prev > bulkGCPercent {
			debug.SetGCPercent(bulkGC.prev) // off, or already higher: leave it
		}
	}
	bulkGC.n++
	var once sync.Once
	return func() {
		once.Do(func() {
			bulkGC.mu.Lock()
			defer bulkGC.mu.Unlock()
			if bulkGC.n--; bulkGC.n == 0 {
				debug.SetGCPercent(bulkGC.prev)
			}
		})
	}
}
