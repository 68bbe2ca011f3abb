package app

import (
	"cmp"
	"fmt"
	"slices"
	"strings"
	"time"

	"readyroom/readiness"
)

// Writes from the command line (and pipelines through it): each goes
// through the same operations and checks as the window's, lands in the
// record's history like an edit there, and is authored by Author when set,
// else by this device's author name.

// WriteRequest is one write: Op names it, the rest are its arguments.
type WriteRequest struct {
	Op     string `json:"op"` // create, item, checkin, incident, resolve, action, close
	Record string `json:"record"`
	Author string `json:"author"`

	New      *readiness.NewRecord `json:"new,omitempty"`      // create
	Item     string               `json:"item,omitempty"`     // item
	Set      ItemSet              `json:"set"`                // item
	Evidence []readiness.Evidence `json:"evidence,omitempty"` // item: added to the item's evidence
	RAG      readiness.RAG        `json:"rag,omitempty"`      // checkin
	Summary  string               `json:"summary,omitempty"`  // checkin, incident
	Date     string               `json:"date,omitempty"`     // checkin: the day (today when empty)
	Ref      string               `json:"ref,omitempty"`      // incident, resolve: the incident's reference
	Severity readiness.Severity   `json:"severity,omitempty"` // incident
	At       string               `json:"at,omitempty"`       // incident: opened, resolve: resolved (now when empty)
	Text     string               `json:"text,omitempty"`     // action
	Owner    string               `json:"owner,omitempty"`    // action
	Due      string               `json:"due,omitempty"`      // action
	Action   string               `json:"action,omitempty"`   // close: the action's id
	Note     string               `json:"note,omitempty"`     // close
}

// WriteResult is the record after a write, and the id of what it made.
type WriteResult struct {
	Record  RecordView `json:"record"`
	ID      string     `json:"id,omitempty"`      // the new record, check-in, incident or action
	Message string     `json:"message,omitempty"` // what was done, in words
}

// Write runs one write.
func (s *Records) Write(req WriteRequest) (WriteResult, error) {
	author := strings.TrimSpace(req.Author)
	if author != "" {
		if err := readiness.Var("author", author, "required,max=120,line"); err != nil {
			return WriteResult{}, err
		}
	}
	switch req.Op {
	case "create":
		if req.New == nil {
			return WriteResult{}, fmt.Errorf("%w: create needs the record's details", ErrInput)
		}
		v, err := s.createAs(author, *req.New)
		if err != nil {
			return WriteResult{}, err
		}
		return WriteResult{Record: v, ID: string(v.Record.ID), Message: "created " + string(v.Record.ID)}, nil
	case "item":
		iid, err := readiness.ParseItemID(req.Item)
		if err != nil {
			return WriteResult{}, err
		}
		if req.Evidence, err = s.resolveEvidence(req.Evidence); err != nil {
			return WriteResult{}, err
		}
		v, err := s.doAs(author, req.Record, func(r *readiness.Record, now time.Time) ([]readiness.Edit, error) {
			edits, err := itemEdits(r, iid, req.Set)
			if err != nil {
				return nil, err
			}
			if len(req.Evidence) > 0 {
				ev := append(slices.Clone(r.Item(iid).Evidence), req.Evidence...)
				edits = append(edits, readiness.Edit{Path: readiness.ItemPath(iid, "evidence"), Value: ev})
			}
			if len(edits) == 0 {
				return nil, fmt.Errorf("%w: nothing to set: give --status, --reason, --owner, --due, --evidence or --note", ErrInput)
			}
			return edits, nil
		})
		if err != nil {
			return WriteResult{}, err
		}
		return WriteResult{Record: v, ID: string(iid)}, nil
	case "checkin":
		c := readiness.CheckIn{ID: newEntityID(), Date: readiness.Date(strings.TrimSpace(req.Date)), RAG: req.RAG,
			Summary: strings.TrimSpace(req.Summary), By: cmp.Or(author, s.Author())}
		if c.Date == "" {
			c.Date = readiness.DateOf(s.now())
		}
		v, err := s.doAs(author, req.Record, func(*readiness.Record, time.Time) ([]readiness.Edit, error) {
			return []readiness.Edit{{Path: readiness.EntryPath("hypercare/checkins", c.ID), Value: c}}, nil
		})
		return WriteResult{Record: v, ID: string(c.ID)}, err
	case "incident":
		in := readiness.Incident{ID: newEntityID(), Ref: strings.TrimSpace(req.Ref), Severity: req.Severity,
			Opened: readiness.DateTime(strings.TrimSpace(req.At)), Summary: strings.TrimSpace(req.Summary)}
		if in.Opened == "" {
			in.Opened = readiness.DateTime(s.now().Local().Format("2006-01-02T15:04"))
		}
		v, err := s.doAs(author, req.Record, func(*readiness.Record, time.Time) ([]readiness.Edit, error) {
			return []readiness.Edit{{Path: readiness.EntryPath("hypercare/incidents", in.ID), Value: in}}, nil
		})
		return WriteResult{Record: v, ID: string(in.ID)}, err
	case "resolve":
		var id readiness.EntityID
		v, err := s.doAs(author, req.Record, func(r *readiness.Record, now time.Time) ([]readiness.Edit, error) {
			ref := strings.TrimSpace(req.Ref)
			i := slices.IndexFunc(r.Hypercare.Incidents, func(in readiness.Incident) bool {
				return in.Ref == ref || string(in.ID) == ref
			})
			if i < 0 {
				return nil, fmt.Errorf("record %s has no incident %q: %w", r.ID, ref, readiness.ErrNotFound)
			}
			in := r.Hypercare.Incidents[i]
			if in.Resolved != "" {
				return nil, fmt.Errorf("%w: incident %s was resolved at %s already", ErrInput, in.Ref, in.Resolved)
			}
			in.Resolved = readiness.DateTime(strings.TrimSpace(req.At))
			if in.Resolved == "" {
				in.Resolved = readiness.DateTime(now.Local().Format("2006-01-02T15:04"))
			}
			id = in.ID
			return []readiness.Edit{{Path: readiness.EntryPath("hypercare/incidents", in.ID), Value: in}}, nil
		})
		return WriteResult{Record: v, ID: string(id)}, err
	case "action":
		var id readiness.EntityID
		v, err := s.doAs(author, req.Record, func(r *readiness.Record, _ time.Time) ([]readiness.Edit, error) {
			a := readiness.Action{Text: strings.TrimSpace(req.Text), Owner: strings.TrimSpace(req.Owner),
				Due: readiness.Date(strings.TrimSpace(req.Due)), Source: "Command line"}
			return r.SaveAction(a, func() readiness.EntityID { id = newEntityID(); return id })
		})
		return WriteResult{Record: v, ID: string(id)}, err
	case "close":
		aid, err := readiness.ParseEntityID(strings.TrimSpace(req.Action))
		if err != nil {
			return WriteResult{}, err
		}
		by := cmp.Or(author, s.Author())
		v, err := s.doAs(author, req.Record, func(r *readiness.Record, now time.Time) ([]readiness.Edit, error) {
			return r.SettleAction(readiness.ActionOutcome{ID: aid, To: readiness.ActionDone, Note: strings.TrimSpace(req.Note)}, by, now)
		})
		return WriteResult{Record: v, ID: string(aid)}, err
	}
	return WriteResult{}, fmt.Errorf("%w: unknown write %q", ErrInput, req.Op)
}
