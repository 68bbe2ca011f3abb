package readiness

import "testing"

// The SDM's share of a record: its plans, and a check-in while the window
// is open and none was held today; nothing once the record is closed.
func TestWorkOfAnSDM(t *testing.T) {
	today := Date("2026-03-10")
	live := func(hc HypercareState, last Date, st State) *Summary {
		return &Summary{ID: testRecord, Title: "T", SDM: "Priya Raman", State: st, HypercareState: hc, LastCheckIn: last,
			Plans: []Plan{{Kind: HypercareExit, Date: "2026-03-12"}}}
	}
	for _, tc := range []struct {
		name  string
		s     *Summary
		kinds []string
	}{
		{"open window, last check-in yesterday", live(HCActive, "2026-03-09", Live), []string{"ceremony", "checkin"}},
		{"extended window, never checked in", live(HCExtended, "", Live), []string{"ceremony", "checkin"}},
		{"checked in today", live(HCActive, "2026-03-10", Live), []string{"ceremony"}},
		{"window exited", live(HCExited, "2026-03-01", Live), []string{"ceremony"}},
		{"closed", live(HCExited, "2026-03-01", Closed), nil},
	} {
		t.Run(tc.name, func(t *testing.T) {
			var kinds []string
			for _, w := range WorkOf(PersonKey("Raman, Priya"), tc.s, nil, today, PersonKey) {
				kinds = append(kinds, w.Kind)
				if w.Kind == "checkin" && (w.Due != today || w.Tab != "hypercare-window") {
					t.Errorf("check-in %+v", w)
				}
			}
			if len(kinds) != len(tc.kinds) || (len(kinds) > 0 && kinds[len(kinds)-1] != tc.kinds[len(tc.kinds)-1]) {
				t.Errorf("kinds %v, want %v", kinds, tc.kinds)
			}
			if others := WorkOf(PersonKey("Sam"), tc.s, nil, today, PersonKey); len(others) != 0 {
				t.Errorf("someone else's: %+v", others)
			}
		})
	}
}
