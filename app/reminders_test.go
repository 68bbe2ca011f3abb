package app

import (
	"errors"
	"fmt"
	"strings"
	"testing"
	"time"

	"readyroom/readiness"
)

func TestPlanRemindersOnAFixedClock(t *testing.T) {
	day := func(h int) time.Time { return time.Date(2026, 12, 6, h, 0, 0, 0, time.UTC) }
	urgent := func(k string) readiness.Reminder {
		return readiness.Reminder{Kind: readiness.RemindCheckIn, Record: readiness.RecordID(k), Title: k, Text: "No check-in", Urgent: true, Key: "check-in/" + k}
	}
	due := readiness.Reminder{Kind: readiness.RemindDue, Record: "A", Key: "due/A"}
	set := ReminderSettings{DigestHour: 8}

	// 07:00: the urgent one at once, no digest before the hour.
	out, st := planReminders(day(7), []readiness.Reminder{urgent("B"), due}, sentReminders{}, set)
	if len(out) != 1 || out[0].Record != "B" || out[0].Section != "" || st.Digest != "" {
		t.Fatalf("07:00: %+v %+v", out, st)
	}
	// 07:05: nothing again.
	if out, _ := planReminders(day(7).Add(5*time.Minute), []readiness.Reminder{urgent("B"), due}, st, set); len(out) != 0 {
		t.Fatalf("07:05 sends again: %+v", out)
	}
	// 08:00: the digest, once.
	out, st = planReminders(day(8), []readiness.Reminder{urgent("B"), due}, st, set)
	if len(out) != 1 || !strings.HasPrefix(out[0].ID, "digest/2026-12-06") || !strings.Contains(out[0].Body, "1 item or action of yours due tomorrow") {
		t.Fatalf("08:00: %+v", out)
	}
	if out, _ := planReminders(day(17), []readiness.Reminder{urgent("B"), due}, st, set); len(out) != 0 {
		t.Fatalf("17:00 sends again: %+v", out)
	}
	// The next day: a new digest; the urgent key of yesterday is kept, and
	// a new day's key for the same record is sent.
	next := day(9).AddDate(0, 0, 1)
	u2 := urgent("B")
	u2.Key = "check-in/B/2026-12-07"
	out, st = planReminders(next, []readiness.Reminder{u2, due}, st, set)
	if len(out) != 2 || st.Digest != "2026-12-07" || st.Urgent["check-in/B"] != "2026-12-06" {
		t.Fatalf("next day: %+v %+v", out, st)
	}
	// A week on, old keys are forgotten.
	_, st = planReminders(day(9).AddDate(0, 0, 9), nil, st, set)
	if len(st.Urgent) != 0 {
		t.Fatalf("keys kept past a week: %v", st.Urgent)
	}
	// Many urgent at once: two, and one "and N more".
	var many []readiness.Reminder
	for i := range 6 {
		many = append(many, urgent(fmt.Sprint("R", i)))
	}
	out, st = planReminders(day(7), many, sentReminders{}, set)
	if len(out) != MaxUrgentAtOnce || !strings.Contains(out[2].Body, "4 more records") || len(st.Urgent) != 6 {
		t.Fatalf("six urgent: %+v", out)
	}
	// Exactly the limit: each said.
	out, _ = planReminders(day(7), many[:3], sentReminders{}, set)
	if len(out) != 3 || out[2].Record != "R2" {
		t.Fatalf("three urgent: %+v", out)
	}
	// Kinds turned off send nothing, not even in the digest.
	out, _ = planReminders(day(9), []readiness.Reminder{urgent("B"), due}, sentReminders{},
		ReminderSettings{DigestHour: 8, Off: []readiness.ReminderKind{readiness.RemindCheckIn, readiness.RemindDue}})
	if len(out) != 0 {
		t.Fatalf("kinds off: %+v", out)
	}
}

func TestReminderScheduleRemembersWhatItSent(t *testing.T) {
	now := time.Date(2026, 12, 6, 9, 0, 0, 0, time.UTC)
	_, recs := newTestApp(t, now)
	if err := recs.SetAuthor("Priya Raman"); err != nil {
		t.Fatal(err)
	}
	if _, err := LoadDemo(recs); err != nil {
		t.Fatal(err)
	}
	var sent []Notification
	var fail error
	sched := &reminderSchedule{records: recs, logf: t.Logf, send: func(n Notification) error {
		if fail != nil {
			return fail
		}
		sent = append(sent, n)
		return nil
	}}
	// No notification service: nothing counts as sent.
	fail = errors.New("no session bus")
	if got, err := sched.check(now); err != nil || len(got) != 0 {
		t.Fatalf("failing service: %v %v", got, err)
	}
	fail = nil
	got, err := sched.check(now)
	if err != nil || len(got) == 0 {
		t.Fatalf("the demo records remind Priya of nothing: %v", err)
	}
	digests := 0
	for _, n := range got {
		if strings.HasPrefix(n.ID, "digest/") {
			digests++
		}
		if n.Title == "" || n.Body == "" {
			t.Errorf("a notification without words: %+v", n)
		}
	}
	if digests != 1 {
		t.Errorf("%d digests, want 1: %+v", digests, got)
	}
	// A second check, as after a restart, sends nothing more.
	if again, err := sched.check(now.Add(time.Minute)); err != nil || len(again) != 0 {
		t.Errorf("sent again: %+v %v", again, err)
	}
	if _, err := SaveReminderSettings(recs.db, ReminderSettings{DigestHour: 24}); err == nil {
		t.Error("digest hour 24 accepted")
	}
	if _, err := SaveReminderSettings(recs.db, ReminderSettings{DigestHour: 8, Off: []readiness.ReminderKind{"nag"}}); err == nil {
		t.Error("an unknown kind accepted")
	}
	s, err := SaveReminderSettings(recs.db, ReminderSettings{DigestHour: 7, Off: []readiness.ReminderKind{readiness.RemindDue, readiness.RemindDue}})
	if err != nil || len(s.Off) != 1 {
		t.Fatalf("settings %+v %v", s, err)
	}
	if back, _ := LoadReminderSettings(recs.db); back.DigestHour != 7 || len(back.Off) != 1 {
		t.Errorf("settings read back %+v", back)
	}
}
