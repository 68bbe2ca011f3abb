package readiness

import (
	"strings"
	"time"
)

// Summary is what lists of records need, small enough to read a thousand of
// at once: the record's details and its readiness.
type Summary struct {
	ID              RecordID `json:"id"`
	Title           string   `json:"title"`
	Service         string   `json:"service"`
	Squad           string   `json:"squad"`
	SDM             string   `json:"sdm"`
	MaintenanceTeam string   `json:"maintenanceTeam"`
	Tier            Tier     `json:"tier"`
	// The template version the record follows (counted by the template
	// library; a newer version is pointed out).
	Template        string    `json:"template"`
	TemplateVersion int       `json:"templateVersion"`
	State           State     `json:"state"`
	GoLive          Date      `json:"goLive"`
	UpdatedAt       time.Time `json:"updatedAt"`
	Applicable      int       `json:"applicable"`
	Done            int       `json:"done"`
	Percent         int       `json:"percent"`
	Conflicts       int       `json:"conflicts"`
	Blocked         int       `json:"blocked"`
	// Lifecycle facts for the home screen, portfolio and timeline.
	HypercareState   HypercareState `json:"hypercareState"`
	HypercareStart   Date           `json:"hypercareStart"`
	HypercareEnd     Date           `json:"hypercareEnd"`
	ExitedOn         Date           `json:"exitedOn"`
	CriteriaMet      int            `json:"criteriaMet"`
	Criteria         int            `json:"criteria"`
	LastCheckIn      Date           `json:"lastCheckIn"`
	HandoverAccepted Date           `json:"handoverAccepted"`
	ReviewHeld       bool           `json:"reviewHeld"`
	GoNoGo           Outcome        `json:"goNoGo"`
	OpenActions      int            `json:"openActions"`
	Ceremonies       int            `json:"ceremonies"`
	// Held names each ceremony, in the record's order: what a list of
	// records shows of them without reading the records.
	Held  []CeremonyRef `json:"held"`
	Plans []Plan        `json:"plans"`
	// What the RAG rule and the lists need beyond that (see standing.go).
	WentLive       Date   `json:"wentLive"`
	Decision       string `json:"decision"`
	OpenP1P2       int    `json:"openP1P2"`
	OpenIncidents  int    `json:"openIncidents"`
	LastCheckInRAG RAG    `json:"lastCheckInRag"`
	Commitments    int    `json:"commitments"`
	// What the record adds to its service's track record (history.go).
	Delivery Delivery `json:"delivery"`
	// People are the names the record holds, each spelling and role once
	// (the people directory is made of them).
	People []Named `json:"people"`
}

// CeremonyRef names a ceremony of a record.
type CeremonyRef struct {
	ID   EntityID     `json:"id"`
	Kind CeremonyKind `json:"kind"`
	Date Date         `json:"date"`
}

// Title names the ceremony as Ceremony.Title does.
func (c CeremonyRef) Title() string { return ceremonyTitle(c.Kind, c.Date) }

// AttentionItem is a checklist item that is blocked, or open with a due date
// or an owner, or an open action (Kind "action", ItemID the action's id).
type AttentionItem struct {
	Kind    string    `json:"kind"` // item or action
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
		Tier: r.Tier, Template: r.TemplateID, TemplateVersion: r.TemplateVersion, State: r.State, GoLive: r.GoLive, UpdatedAt: r.UpdatedAt,
		Applicable: p.Applicable, Done: p.Done, Percent: p.Percent, Conflicts: len(d.Conflicts()), Blocked: p.Blocked,
		HypercareState: r.Hypercare.Window.State, HypercareStart: r.Hypercare.Window.Start, HypercareEnd: r.Hypercare.End(),
		ExitedOn: r.Hypercare.Window.ExitedOn, CriteriaMet: r.Hypercare.CriteriaMet(), Criteria: len(r.Hypercare.Criteria),
		ReviewHeld: r.lastCeremony(ReadinessReview) != nil, OpenActions: r.OpenActions(), Ceremonies: len(r.Ceremonies),
		Held: make([]CeremonyRef, len(r.Ceremonies)), Plans: r.Plans,
	}
	for i, c := range r.Ceremonies {
		s.Held[i] = CeremonyRef{ID: c.ID, Kind: c.Kind, Date: c.Date}
	}
	if c := r.lastCeremony(GoNoGo); c != nil {
		s.GoNoGo, s.Decision = goDecision(c), c.DecisionSummary()
	}
	for _, c := range r.Hypercare.CheckIns {
		if s.LastCheckIn.Before(c.Date) || s.LastCheckIn.IsZero() {
			s.LastCheckIn, s.LastCheckInRAG = c.Date, c.RAG
		}
	}
	f := r.Hypercare.FiguresOf()
	s.WentLive, s.OpenP1P2, s.OpenIncidents = r.WentLive.On, f.OpenP1P2, f.Open
	for _, a := range r.Commitments() {
		if a.IsOpen() || a.State() == ActionTransferred {
			s.Commitments++
		}
	}
	if r.Handover.Acceptance != nil {
		s.HandoverAccepted = r.Handover.Acceptance.Date
	}
	s.Delivery = DeliveryOf(r)
	s.People = []Named{}
	seen := map[Named]bool{}
	for _, n := range NamesIn(r) {
		n.Record = ""
		if !seen[n] {
			seen[n] = true
			s.People = append(s.People, n)
		}
	}
	return s
}

// Attention lists a record's items that are blocked, or open with a due date
// (which makes them overdue one day) or an owner, and its open actions: what
// the home screen checks against today's date, and what "my work" lists of
// each person's.
func Attention(r *Record) []AttentionItem {
	out := []AttentionItem{}
	for _, sec := range r.Sections {
		if sec.Retired {
			continue // answers kept for the record; nothing asked of anyone
		}
		for _, it := range sec.Items {
			open := it.Status != Done && it.Status != NA
			if it.Status == Blocked || open && (!it.Due.IsZero() || strings.TrimSpace(it.Owner) != "") {
				out = append(out, AttentionItem{
					Kind: "item", ItemID: it.ID, Section: sec.ID, Text: it.Text, Status: it.Status, Reason: it.Reason, Owner: it.Owner, Due: it.Due,
				})
			}
		}
	}
	for _, a := range r.Actions {
		if a.IsOpen() {
			out = append(out, AttentionItem{Kind: "action", ItemID: ItemID(a.ID), Section: "actions", Text: a.Text, Status: InProgress, Owner: a.Owner, Due: a.Due})
		}
	}
	return out
}

// Overdue reports whether an attention item is past its due date.
func (a AttentionItem) Overdue(today Date) bool {
	return !a.Due.IsZero() && a.Due.Before(today) && a.Status != Done && a.Status != NA
}
