package readiness

import (
	"strings"
	"testing"
)

func TestRemindersForAPerson(t *testing.T) {
	today := Date("2026-12-06")
	sums := []Summary{
		{ID: "A", Title: "Checkout v2", SDM: "Priya Raman", State: Preparing,
			Plans: []Plan{{ID: "p1", Kind: GoNoGo, Date: "2026-12-07"}, {ID: "p2", Kind: ReadinessReview, Date: "2026-12-20"}}},
		{ID: "B", Title: "Search v9", SDM: "Jordan Blake", State: Live, HypercareState: HCActive,
			HypercareStart: "2026-12-01", HypercareEnd: "2026-12-07", LastCheckIn: "2026-12-04",
			People: []Named{{Name: "priya raman", Role: "attendee"}}},
		{ID: "C", Title: "Billing", SDM: "Jordan Blake", State: Live, HypercareState: HCExtended,
			HypercareStart: "2026-11-20", HypercareEnd: "2026-12-03", LastCheckIn: "2026-12-05"},
		{ID: "D", Title: "Identity", SDM: "Raman, Priya", State: Live, HypercareState: HCExited},
		{ID: "E", Title: "Closed one", SDM: "Priya Raman", State: Closed, Plans: []Plan{{ID: "p3", Kind: GoNoGo, Date: "2026-12-06"}}},
	}
	att := map[RecordID][]AttentionItem{
		"A": {{Kind: "item", ItemID: "COM-01", Section: "comms", Text: "Tell the service desk", Owner: "Priya Raman", Due: "2026-12-07", Status: InProgress},
			{Kind: "action", ItemID: "X1", Section: "actions", Text: "Book the bridge", Owner: "PRIYA RAMAN", Due: "2026-12-01", Status: InProgress},
			{Kind: "item", ItemID: "COM-02", Text: "Someone else's", Owner: "Sam Okafor", Due: "2026-12-07", Status: InProgress},
			{Kind: "item", ItemID: "COM-03", Text: "Done already", Owner: "Priya Raman", Due: "2026-12-01", Status: Done}},
		"C": {{Kind: "item", ItemID: "OBS-01", Section: "observability", Text: "Not Priya's record, but her item", Owner: "Priya Raman", Due: "2026-12-07", Status: Blocked}},
	}
	got := RemindersFor("Priya Raman", sums, att, today)
	var lines []string
	for _, r := range got {
		u := ""
		if r.Urgent {
			u = "!"
		}
		lines = append(lines, u+string(r.Kind)+" "+string(r.Record)+" "+r.Section)
	}
	want := []string{
		"!check-in B hypercare-window",     // last check-in the 4th: none yesterday or today
		"due A comms",                      // hers, due tomorrow
		"due C observability",              // hers, in a record that does not name her otherwise
		"overdue A actions",                // her action, due the 1st
		"ceremony A ceremonies",            // go/no-go tomorrow; the review on the 20th waits
		"window-ending B hypercare-window", // ends tomorrow: in the digest
		"handover D handover",              // exited, not accepted; "Raman, Priya" is her
	}
	if strings.Join(lines, "\n") != strings.Join(want, "\n") {
		t.Errorf("reminders:\n%s\nwant:\n%s", strings.Join(lines, "\n"), strings.Join(want, "\n"))
	}
	// C is past its end, but it names Jordan only: Priya hears of her item.
	everyone := RemindersFor("", sums, att, today)
	found := false
	for _, r := range everyone {
		if r.Record == "C" && r.Kind == RemindWindowEnding && r.Urgent && strings.Contains(r.Text, "ended Thu 3 Dec 2026") {
			found = true
		}
		if r.Record == "E" {
			t.Errorf("a closed record reminds: %+v", r)
		}
	}
	if !found {
		t.Errorf("everyone's reminders miss C's window past its end: %+v", everyone)
	}
	title, body := Digest(got)
	if title == "" || !strings.Contains(body, "2 items and actions of yours due tomorrow") || !strings.Contains(body, "1 handover waiting") {
		t.Errorf("digest %q %q", title, body)
	}
	if title, _ := Digest(nil); title != "" {
		t.Error("a digest of nothing")
	}
}
