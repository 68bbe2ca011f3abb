package reports

import (
	"io"
	"os"
	"testing"
)

// TestRenderOnce renders one 41-page pack and nothing else, so the peak
// memory of a process that renders a pack can be measured from outside:
//
//	go test -c -o /tmp/reports.test ./reports
//	READYROOM_PEAK=1 /usr/bin/time -f %M /tmp/reports.test -test.run RenderOnce
//
// (compare with -test.run XXX, the process doing nothing). It only runs
// when READYROOM_PEAK=1.
func TestRenderOnce(t *testing.T) {
	if os.Getenv("READYROOM_PEAK") != "1" {
		t.Skip("set READYROOM_PEAK=1 to measure")
	}
	if err := ReadinessPack(io.Discard, goldRecord(t, 4), history(40), PackOptions{Now: packTime}); err != nil {
		t.Fatal(err)
	}
}
