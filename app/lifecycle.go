package app

import (
	"strings"
	"time"

	"readyroom/readiness"
)

// The release lifecycle after the checklist: moves, ceremonies, hypercare,
// handover, actions and acknowledgements. Each bound method runs one domain
// operation; its changes are stored in one transaction.

func newEntityID() readiness.EntityID {
	id, _ := entityID("")
	return id
}

// op adapts a domain operation that needs only the record.
func (a *core) op(id string, fn func(r *readiness.Record, now time.Time) ([]readiness.Edit, error)) (RecordView, error) {
	if a.records == nil {
		return unopened[RecordView](a)
	}
	return a.changed(a.records.Do(id, fn))
}

// MoveRecord moves the record to another lifecycle state (see
// readiness.Record.MoveTo): moving back needs a reason, going live away from
// the planned date asks why, closing says what becomes of each open action.
func (a *LifecycleService) MoveRecord(id string, m readiness.Move) (RecordView, error) {
	if a.records == nil {
		return unopened[RecordView](a.core)
	}
	by := a.records.Author()
	return a.op(id, func(r *readiness.Record, now time.Time) ([]readiness.Edit, error) {
		return r.MoveTo(m, by, readiness.DateOf(now))
	})
}

// AmendCeremony corrects a recorded ceremony, with the reason.
func (a *LifecycleService) AmendCeremony(id string, in readiness.CeremonyAmendment) (RecordView, error) {
	if a.records == nil {
		return unopened[RecordView](a.core)
	}
	by := a.records.Author()
	return a.op(id, func(r *readiness.Record, now time.Time) ([]readiness.Edit, error) {
		return r.AmendCeremony(in, newEntityID, by, now)
	})
}

// RecordCeremony records a ceremony with a snapshot of the record as it is now.
func (a *LifecycleService) RecordCeremony(id string, in readiness.CeremonyInput) (RecordView, error) {
	if a.records == nil {
		return unopened[RecordView](a.core)
	}
	by := a.records.Author()
	return a.op(id, func(r *readiness.Record, now time.Time) ([]readiness.Edit, error) {
		return r.RecordCeremony(in, newEntityID, by, now)
	})
}

// SetCriterion updates a hypercare exit criterion (met, waived with a
// reason, evidence); an empty id adds a criterion.
func (a *LifecycleService) SetCriterion(id string, c readiness.Criterion) (RecordView, error) {
	if a.records == nil {
		return unopened[RecordView](a.core)
	}
	if c.ID == "" {
		c.ID = string(newEntityID())
		if c.Status == "" {
			c.Status = readiness.Unmet
		}
	}
	c.Reason, c.Evidence = strings.TrimSpace(c.Reason), strings.TrimSpace(c.Evidence)
	return a.changed(a.records.Edit(id, readiness.CriterionPath(c.ID), c))
}

// SetHypercareDays changes the planned length of the window. Before
// go-live it sets the days; while the window is open it moves the planned end.
func (a *LifecycleService) SetHypercareDays(id string, days int) (RecordView, error) {
	return a.op(id, func(r *readiness.Record, _ time.Time) ([]readiness.Edit, error) {
		w := r.Hypercare.Window
		if w.State == readiness.HCExited {
			return nil, &readiness.ValidationError{Fields: []readiness.FieldError{{Field: "days", Rule: "window", Message: "The window has exited; reopen hypercare to change it"}}}
		}
		w.Days = days
		if !w.Start.IsZero() {
			w.PlannedEnd = w.Start.AddDays(days)
		}
		return []readiness.Edit{{Path: readiness.PathHypercareWindow, Value: w}}, nil
	})
}

// SaveCheckIn adds (empty id) or replaces a hypercare check-in.
func (a *LifecycleService) SaveCheckIn(id string, c readiness.CheckIn) (RecordView, error) {
	if a.records == nil {
		return unopened[RecordView](a.core)
	}
	eid, err := entityID(string(c.ID))
	if err != nil {
		return RecordView{}, err
	}
	c.ID, c.Summary = eid, strings.TrimSpace(c.Summary)
	if c.By == "" {
		c.By = a.records.Author()
	}
	return a.changed(a.records.Edit(id, readiness.EntryPath("hypercare/checkins", eid), c))
}

// SaveIncident adds (empty id) or replaces an incident of the window.
func (a *LifecycleService) SaveIncident(id string, in readiness.Incident) (RecordView, error) {
	if a.records == nil {
		return unopened[RecordView](a.core)
	}
	eid, err := entityID(string(in.ID))
	if err != nil {
		return RecordView{}, err
	}
	in.ID, in.Ref, in.Summary = eid, strings.TrimSpace(in.Ref), strings.TrimSpace(in.Summary)
	return a.changed(a.records.Edit(id, readiness.EntryPath("hypercare/incidents", eid), in))
}

// DeleteEntry removes an entry of one of the record's lists: a check-in,
// an incident, an action or an acknowledgement.
func (a *LifecycleService) DeleteEntry(id, list, entryID string) (RecordView, error) {
	if a.records == nil {
		return unopened[RecordView](a.core)
	}
	if err := checkOneOf("list", list, []string{"hypercare/checkins", "hypercare/incidents", "actions", "acks", "plans"}); err != nil {
		return RecordView{}, err
	}
	eid, err := readiness.ParseEntityID(entryID)
	if err != nil {
		return RecordView{}, err
	}
	return a.changed(a.records.Edit(id, readiness.EntryPath(list, eid), nil))
}

// PlanCeremony plans a ceremony for a date; recording a ceremony of that
// kind later marks the plan held.
func (a *LifecycleService) PlanCeremony(id string, kind readiness.CeremonyKind, date string, note string) (RecordView, error) {
	if a.records == nil {
		return unopened[RecordView](a.core)
	}
	p := readiness.Plan{ID: newEntityID(), Kind: kind, Date: readiness.Date(strings.TrimSpace(date)), Note: strings.TrimSpace(note)}
	return a.changed(a.records.Edit(id, readiness.EntryPath("plans", p.ID), p))
}

// ExtendHypercare lengthens the window by some days, with the reason;
// stability says it is because the service is not yet stable.
func (a *LifecycleService) ExtendHypercare(id string, days int, reason string, stability bool) (RecordView, error) {
	return a.op(id, func(r *readiness.Record, now time.Time) ([]readiness.Edit, error) {
		return r.Extend(days, reason, stability, readiness.DateOf(now), newEntityID)
	})
}

// SetHandoverTeam names the team receiving the service.
func (a *LifecycleService) SetHandoverTeam(id, team string) (RecordView, error) {
	if a.records == nil {
		return unopened[RecordView](a.core)
	}
	return a.changed(a.records.Edit(id, readiness.PathHandoverTeam, strings.TrimSpace(team)))
}

// SetHandoverItem updates a handover item's status, reason and evidence.
func (a *LifecycleService) SetHandoverItem(id, item string, v readiness.HandoverItemValue) (RecordView, error) {
	if a.records == nil {
		return unopened[RecordView](a.core)
	}
	if !v.Status.NeedsReason() {
		v.Reason = ""
	}
	v.Reason, v.Evidence = strings.TrimSpace(v.Reason), strings.TrimSpace(v.Evidence)
	return a.changed(a.records.Edit(id, readiness.HandoverItemPath(item), v))
}

// AcceptHandover records the receiving team's acceptance, saying what
// becomes of each handover item not done; its conditions become tracked
// actions.
func (a *LifecycleService) AcceptHandover(id string, in readiness.AcceptInput) (RecordView, error) {
	return a.op(id, func(r *readiness.Record, _ time.Time) ([]readiness.Edit, error) {
		return r.Accept(in, newEntityID)
	})
}

// SaveAction adds (empty id) or edits an action: its text, owner and due
// date.
func (a *LifecycleService) SaveAction(id string, act readiness.Action) (RecordView, error) {
	return a.op(id, func(r *readiness.Record, _ time.Time) ([]readiness.Edit, error) {
		return r.SaveAction(act, newEntityID)
	})
}

// SettleAction closes an action as done (with a note), cancels it (with the
// reason), transfers it to the receiving team, or reopens it.
func (a *LifecycleService) SettleAction(id string, o readiness.ActionOutcome) (RecordView, error) {
	if a.records == nil {
		return unopened[RecordView](a.core)
	}
	by := a.records.Author()
	return a.op(id, func(r *readiness.Record, now time.Time) ([]readiness.Edit, error) {
		return r.SettleAction(o, by, now)
	})
}

// Acknowledge records that a stakeholder is aware of the record, or of one
// section (awareness, not approval).
func (a *LifecycleService) Acknowledge(id string, p readiness.Person, section, comment string) (RecordView, error) {
	origin := a.ackOrigin()
	return a.op(id, func(r *readiness.Record, now time.Time) ([]readiness.Edit, error) {
		return r.Acknowledge(p, readiness.SectionID(section), comment, origin, newEntityID, now)
	})
}

// ackOrigin is who records an acknowledgement here, and on which device:
// this install's author name, and its LAN device id and name (none when the
// network could not start: the acknowledgement then names the author only).
func (a *core) ackOrigin() readiness.AckOrigin {
	var o readiness.AckOrigin
	if a.records != nil {
		o.By = a.records.Author()
	}
	if a.network != nil {
		if st, err := a.network.Status(); err == nil {
			o.Device, o.DeviceName = st.Device, st.Name
		}
	}
	return o
}

// Search finds text across every record.
func (a *RecordService) Search(q string) (SearchResults, error) {
	if a.records == nil {
		return unopened[SearchResults](a.core)
	}
	return a.records.Search(q)
}
