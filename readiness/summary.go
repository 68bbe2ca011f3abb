package readiness

import "time"

// Summary is what lists of records need, small enough to read a thousand of
// at once: the record's details and its readiness.
type Summary struct {
	ID              RecordID  `json:"id"`
	Title           string    `json:"title"`
	Service         string    `json:"service"`
	Squad           string    `json:"squad"`
	SDM             string    `json:"sdm"`
	MaintenanceTeam string    `json:"maintenanceTeam"`
	Tier            Tier      `json:"tier"`
	State           State     `json:"state"`
	GoLive          Date      `json:"goLive"`
	UpdatedAt       time.Time `json:"updatedAt"`
	Applicable      int       `json:"applicable"`
	Done            int       `json:"done"`
	Percent         int       `json:"percent"`
	Conflicts       int       `json:"conflicts"`
	Blocked         int       `json:"blocked"`
}

// AttentionItem is a checklist item that is blocked or open with a due date.
type AttentionItem struct {
	ItemID  ItemID    `json:"itemId"`
	Section SectionID `json:"section"`
	Text    string    `json:"text"`
	Status  Status    `json:"status"`
	Reason  string    `json:"reason"`
	Owner   string    `json:"owner"`
	Due     Date      `json:"due"`
}

// Summarise makes a record's summary.
func Summarise(d *Doc) Summary {
	r := &d.Record
	p := ProgressOf(r, time.Time{}) // no date is overdue at the zero time
	s := Summary{
		ID: r.ID, Title: r.Title, Service: r.Service, Squad: r.Squad, SDM: r.SDM, MaintenanceTeam: r.MaintenanceTeam,
		Tier: r.Tier, State: r.State, GoLive: r.GoLive, UpdatedAt: r.UpdatedAt,
		Applicable: p.Applicable, Done: p.Done, Percent: p.Percent, Conflicts: len(d.Conflicts()), Blocked: p.Blocked,
	}
	return s
}

// Attention lists a record's items that are blocked, or open with a due date
// (which makes them overdue one day): what the home screen checks against
// today's date.
func Attention(r *Record) []AttentionItem {
	out := []AttentionItem{}
	for _, sec := range r.Sections {
		for _, it := range sec.Items {
			if it.Status == Blocked || (!it.Due.IsZero() && it.Status != Done && it.Status != NA) {
				out = append(out, AttentionItem{
					ItemID: it.ID, Section: sec.ID, Text: it.Text, Status: it.Status, Reason: it.Reason, Owner: it.Owner, Due: it.Due,
				})
			}
		}
	}
	return out
}

// Overdue reports whether an attention item is past its due date.
func (a AttentionItem) Overdue(today Date) bool {
	return !a.Due.IsZero() && a.Due.Before(today) && a.Status != Done && a.Status != NA
}
