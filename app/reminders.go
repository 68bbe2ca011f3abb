package app

import (
	"context"
	"encoding/json"
	"fmt"
	"log"
	"os"
	"slices"
	"sync"
	"time"

	"readyroom/app/store"
	"readyroom/readiness"
)

// Reminders: the desktop's notifications. Once a day, from the digest hour
// on, one digest of what is due; at once, and once each, the urgent few (a
// hypercare window without a check-in, a window ending today or past its
// end). Every kind can be turned off. What was sent is kept in the database
// (settings), so a restart sends nothing twice. Only the window sends them:
// the headless peer and the command line never start the schedule.

// ReminderSettings are the reminders' settings.
type ReminderSettings struct {
	// Off lists the kinds turned off.
	Off []readiness.ReminderKind `json:"off"`
	// DigestHour is the local hour from which the day's digest is sent.
	DigestHour int `json:"digestHour"`
}

// DefaultDigestHour sends the digest at the start of a working day.
const DefaultDigestHour = 8

// MaxUrgentAtOnce bounds the urgent notifications of one check: more are
// said in one "and N more".
const MaxUrgentAtOnce = 3

// Notification is one desktop notification and where clicking it leads.
type Notification struct {
	ID      string `json:"id"`
	Title   string `json:"title"`
	Body    string `json:"body"`
	Record  string `json:"record"`  // "" opens the home screen
	Section string `json:"section"` // where the record opens
}

// sentReminders is what was sent: the day of the last digest, and each
// urgent reminder's key with the day it was sent (kept a week).
type sentReminders struct {
	Digest string            `json:"digest"`
	Urgent map[string]string `json:"urgent"`
}

// planReminders decides what to send at now, given today's reminders and
// what was sent before: at most MaxUrgentAtOnce urgent ones not sent
// before (the rest in one more), and the digest of the others once a day
// from the digest hour. It returns the notifications and what is then sent.
func planReminders(now time.Time, rs []readiness.Reminder, sent sentReminders, set ReminderSettings) ([]Notification, sentReminders) {
	today := readiness.DateOf(now)
	next := sentReminders{Digest: sent.Digest, Urgent: map[string]string{}}
	weekAgo := string(today.AddDays(-7))
	for k, d := range sent.Urgent {
		if d >= weekAgo {
			next.Urgent[k] = d
		}
	}
	var urgent, daily []readiness.Reminder
	for _, r := range rs {
		switch {
		case slices.Contains(set.Off, r.Kind):
		case r.Urgent:
			if _, done := next.Urgent[r.Key]; !done {
				urgent = append(urgent, r)
			}
		default:
			daily = append(daily, r)
		}
	}
	var out []Notification
	for i, r := range urgent {
		next.Urgent[r.Key] = string(today)
		if i < MaxUrgentAtOnce-1 || len(urgent) == MaxUrgentAtOnce {
			out = append(out, Notification{ID: r.Key, Title: r.Title, Body: r.Text, Record: string(r.Record), Section: r.Section})
		} else if i == MaxUrgentAtOnce-1 {
			out = append(out, Notification{ID: "more/" + string(today) + "/" + r.Key, Title: "Ready Room: hypercare needs you",
				Body: fmt.Sprintf("%d more records need attention now: see the home screen", len(urgent)-i)})
		}
	}
	hour := set.DigestHour
	if hour < 0 || hour > 23 {
		hour = DefaultDigestHour
	}
	if sent.Digest != string(today) && now.Hour() >= hour {
		next.Digest = string(today)
		if title, body := readiness.Digest(daily); title != "" {
			out = append(out, Notification{ID: "digest/" + string(today), Title: title, Body: body})
		}
	}
	return out, next
}

// LoadReminderSettings reads the settings; unset ones are the defaults.
func LoadReminderSettings(db *store.DB) (ReminderSettings, error) {
	s := ReminderSettings{Off: []readiness.ReminderKind{}, DigestHour: DefaultDigestHour}
	v, err := db.Setting(store.SettingReminders)
	if err != nil || v == "" {
		return s, err
	}
	if err := json.Unmarshal([]byte(v), &s); err != nil {
		return ReminderSettings{Off: []readiness.ReminderKind{}, DigestHour: DefaultDigestHour}, nil // a setting that does not read is unset
	}
	if s.Off == nil {
		s.Off = []readiness.ReminderKind{}
	}
	return s, nil
}

// SaveReminderSettings checks and stores the settings.
func SaveReminderSettings(db *store.DB, s ReminderSettings) (ReminderSettings, error) {
	var fields []readiness.FieldError
	if s.DigestHour < 0 || s.DigestHour > 23 {
		fields = append(fields, readiness.FieldError{Field: "digestHour", Rule: "range", Message: "The digest hour is from 0 to 23"})
	}
	off := []readiness.ReminderKind{}
	for _, k := range s.Off {
		if !slices.Contains(readiness.ReminderKinds, k) {
			fields = append(fields, readiness.FieldError{Field: "off", Rule: "oneof", Message: fmt.Sprintf("%q is not a kind of reminder", k)})
		} else if !slices.Contains(off, k) {
			off = append(off, k)
		}
	}
	if len(fields) > 0 {
		return s, &readiness.ValidationError{Fields: fields}
	}
	s.Off = off
	b, err := json.Marshal(s)
	if err != nil {
		return s, err
	}
	return s, db.SetSetting(store.SettingReminders, string(b))
}

// Reminders works out today's reminders for this install's author, from
// the home cache.
func (s *Records) Reminders() ([]readiness.Reminder, error) {
	me := s.Author()
	s.mu.Lock()
	defer s.mu.Unlock()
	sums, today, err := s.summaries()
	if err != nil {
		return nil, err
	}
	return readiness.RemindersFor(me, sums, s.attention, today), nil
}

// reminderSchedule sends reminders while the window is open.
type reminderSchedule struct {
	records *Records
	send    func(Notification) error
	logf    func(format string, args ...any)
	// digestNow sends the day's digest whatever the hour (EnvReminders).
	digestNow bool
	mu        sync.Mutex // one check at a time
}

// check sends what is due now and remembers it.
func (r *reminderSchedule) check(now time.Time) ([]Notification, error) {
	r.mu.Lock()
	defer r.mu.Unlock()
	db := r.records.db
	set, err := LoadReminderSettings(db)
	if err != nil {
		return nil, err
	}
	if r.digestNow {
		set.DigestHour = 0
	}
	rs, err := r.records.Reminders()
	if err != nil {
		return nil, err
	}
	var sent sentReminders
	if v, err := db.Setting(store.SettingRemindersSent); err != nil {
		return nil, err
	} else if v != "" {
		_ = json.Unmarshal([]byte(v), &sent) // unreadable: as if nothing was sent
	}
	out, next := planReminders(now, rs, sent, set)
	var delivered []Notification
	for _, n := range out {
		if err := r.send(n); err != nil {
			// Not delivered (no notification service): not sent, and
			// said once in the log; tried again at the next check.
			r.logf("reminders: could not show a notification: %v", err)
			if n.ID != "" {
				delete(next.Urgent, n.ID)
			}
			next.Digest = sent.Digest
			continue
		}
		delivered = append(delivered, n)
	}
	b, err := json.Marshal(next)
	if err != nil {
		return delivered, err
	}
	return delivered, db.SetSetting(store.SettingRemindersSent, string(b))
}

// ReminderInterval is how often the window checks for reminders.
const ReminderInterval = 5 * time.Minute

// run checks soon after start and then every interval until ctx ends.
func (r *reminderSchedule) run(ctx context.Context, first, every time.Duration) {
	t := time.NewTimer(first)
	defer t.Stop()
	for {
		select {
		case <-ctx.Done():
			return
		case <-t.C:
		}
		if _, err := r.check(r.records.now()); err != nil {
			r.logf("reminders: %v", err)
		}
		t.Reset(every)
	}
}

// EnvReminders set to "now" checks for reminders a second after the window
// opens and sends the day's digest whatever the hour (the desktop smoke test
// sets it).
const EnvReminders = "READYROOM_REMINDERS"

// startReminders starts the schedule for the window: the first check 20
// seconds after start, so that the window is up first.
func (a *App) startReminders(ctx context.Context) {
	if a.records == nil || a.shell == nil {
		return
	}
	sched := &reminderSchedule{records: a.records, logf: log.Printf,
		send: func(n Notification) error { return a.shell.Notify(ctx, n) }}
	first := 20 * time.Second
	if os.Getenv(EnvReminders) == "now" {
		first, sched.digestNow = time.Second, true
	}
	go sched.run(ctx, first, ReminderInterval)
}
