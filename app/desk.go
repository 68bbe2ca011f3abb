package app

import "readyroom/readiness"

// DeskService is the service delivery manager's desk: each service's
// delivery figures and releases, the collisions of go-lives with each other
// and with freezes, and the people the records name.
type DeskService struct{ *core }

// Services lists every service with its figures; the last line (service "")
// is the whole portfolio.
func (a *DeskService) Services() ([]ServiceFigures, error) {
	if a.records == nil {
		return unopened[[]ServiceFigures](a.core)
	}
	return a.records.Services()
}

// Service is one service's page: figures, releases, track record.
func (a *DeskService) Service(name string) (ServicePage, error) {
	if a.records == nil {
		return unopened[ServicePage](a.core)
	}
	return a.records.Service(name)
}

// Collisions lists go-lives that clash (same service or squad, a freeze,
// overlapping hypercare windows).
func (a *DeskService) Collisions() ([]readiness.Collision, error) {
	if a.records == nil {
		return unopened[[]readiness.Collision](a.core)
	}
	return a.records.Collisions()
}

// MyWork lists what one person has to do across every record, soonest first.
func (a *DeskService) MyWork(person string) (MyWork, error) {
	if a.records == nil {
		return unopened[MyWork](a.core)
	}
	return a.records.MyWork(person)
}

// People is the people directory.
func (a *DeskService) People() ([]readiness.PersonEntry, error) {
	if a.records == nil {
		return unopened[[]readiness.PersonEntry](a.core)
	}
	return a.records.People()
}

// Freezes are the change freezes set on this device.
func (a *DeskService) Freezes() ([]readiness.Freeze, error) {
	if a.records == nil {
		return unopened[[]readiness.Freeze](a.core)
	}
	return a.records.Freezes()
}

// SetFreezes replaces the change freezes.
func (a *DeskService) SetFreezes(fs []readiness.Freeze) ([]readiness.Freeze, error) {
	if a.records == nil {
		return unopened[[]readiness.Freeze](a.core)
	}
	return a.records.SetFreezes(fs)
}

// ReminderKind is one kind of reminder as the settings list it.
type ReminderKind struct {
	Kind  readiness.ReminderKind `json:"kind"`
	Label string                 `json:"label"`
}

// ReminderKinds lists the kinds of reminder, each of which can be turned off.
func (a *DeskService) ReminderKinds() []ReminderKind {
	out := make([]ReminderKind, len(readiness.ReminderKinds))
	for i, k := range readiness.ReminderKinds {
		out[i] = ReminderKind{k, k.Label()}
	}
	return out
}

// ReminderSettings are the desktop reminders' settings.
func (a *DeskService) ReminderSettings() (ReminderSettings, error) {
	if a.records == nil {
		return unopened[ReminderSettings](a.core)
	}
	return LoadReminderSettings(a.records.db)
}

// SetReminderSettings checks and stores them.
func (a *DeskService) SetReminderSettings(s ReminderSettings) (ReminderSettings, error) {
	if a.records == nil {
		return unopened[ReminderSettings](a.core)
	}
	return SaveReminderSettings(a.records.db, s)
}

// Reminders are today's reminders for this install's author, as the
// notifications say them (urgent first).
func (a *DeskService) Reminders() ([]readiness.Reminder, error) {
	if a.records == nil {
		return unopened[[]readiness.Reminder](a.core)
	}
	return a.records.Reminders()
}
