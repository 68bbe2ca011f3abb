package app

import (
	"fmt"
	"strings"
	"time"

	"readyroom/readiness"
)

// ItemSet is what `readyroom item set` changes on one checklist item; a nil
// field stays as it is.
type ItemSet struct {
	Status *readiness.Status `json:"status,omitempty"`
	Reason *string           `json:"reason,omitempty"`
	Owner  *string           `json:"owner,omitempty"`
	Due    *string           `json:"due,omitempty"`
	Notes  *string           `json:"notes,omitempty"`
}

// ItemResult is an item after a change, with its record.
type ItemResult struct {
	Record readiness.RecordID `json:"record"`
	Item   readiness.Item     `json:"item"`
}

// SetItem changes one item's status (with its reason), owner, due date and
// notes in one transaction, all or nothing, with the checks the window
// makes. A reason given without a status keeps the status and replaces its
// reason.
func (s *Records) SetItem(id, item string, set ItemSet) (ItemResult, error) {
	iid, err := readiness.ParseItemID(item)
	if err != nil {
		return ItemResult{}, err
	}
	v, err := s.Do(id, func(r *readiness.Record, _ time.Time) ([]readiness.Edit, error) {
		edits, err := itemEdits(r, iid, set)
		if err == nil && len(edits) == 0 {
			err = fmt.Errorf("nothing to set: give --status, --reason, --owner, --due or --note")
		}
		return edits, err
	})
	if err != nil {
		return ItemResult{}, err
	}
	return ItemResult{Record: v.Record.ID, Item: *v.Record.Item(iid)}, nil
}

// itemEdits are the edits that set what set names of one item: its status
// with its reason (kept only for n/a and blocked), owner, due date, notes.
func itemEdits(r *readiness.Record, iid readiness.ItemID, set ItemSet) ([]readiness.Edit, error) {
	it := r.Item(iid)
	if it == nil {
		return nil, fmt.Errorf("record %s has no item %s: %w", r.ID, iid, readiness.ErrNotFound)
	}
	var edits []readiness.Edit
	if set.Status != nil || set.Reason != nil {
		sv := readiness.StatusValue{Status: it.Status, Reason: it.Reason}
		if set.Status != nil {
			sv.Status, sv.Reason = *set.Status, ""
		}
		if set.Reason != nil {
			sv.Reason = strings.TrimSpace(*set.Reason)
		}
		if !sv.Status.NeedsReason() {
			sv.Reason = ""
		}
		edits = append(edits, readiness.Edit{Path: readiness.ItemPath(iid, "status"), Value: sv})
	}
	for _, f := range []struct {
		name string
		v    *string
	}{{"owner", set.Owner}, {"due", set.Due}, {"notes", set.Notes}} {
		if f.v == nil {
			continue
		}
		val := *f.v
		if f.name != "notes" {
			val = strings.TrimSpace(val)
		}
		edits = append(edits, readiness.Edit{Path: readiness.ItemPath(iid, f.name), Value: val})
	}
	return edits, nil
}
