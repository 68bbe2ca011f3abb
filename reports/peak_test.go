package reports

import (
	"io"
	"os"
	"testing"
)

// TestRenderOnce renders one 45-page pack and nothing else, so the peak
// memory of a process that renders a pack can be measured from outside:
//
//	go test -c -o /tmp/reports.test ./reports
//	/usr/bin/time -f %M /tmp/reports.test -test.run RenderOnce
//
// It only runs when READYROOM_PEAK=1.
func TestRenderOnce(t *testing.T) {
	if os.Getenv("READYROOM_PEAK") != "1" {
		t.Skip("set READYROOM_PEAK=1 to measure")
	}
	r := goldRecord(t, 7)
	if err := ReadinessPack(io.Discard, r, nil, PackOptions{Now: packTime}); err != nil {
		t.Fatal(err)
	}
}
