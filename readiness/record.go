package readiness

import (
	"time"
)

// RecordFormat is the version of the Record JSON layout.
const RecordFormat = 1

// State is a record's place in its lifecycle.
type State string

const (
	Draft      State = "draft"
	Preparing  State = "preparing"
	Ready      State = "ready"
	Live       State = "live"
	HandedOver State = "handed-over"
	Closed     State = "closed"
)

// Record is one release of one service: its details, the sections of the
// template it was made from with the squad's answers, risks and contacts.
// It is always the fold of the record's changes (see Doc).
type Record struct {
	Format          int      `json:"v"`
	ID              RecordID `json:"id"`
	Title           string   `json:"title"`
	Service         string   `json:"service"`
	Squad           string   `json:"squad"`
	SDM             string   `json:"sdm"`
	MaintenanceTeam string   `json:"maintenanceTeam"`
	GoLive          Date     `json:"goLive"` // planned
	Tier            Tier     `json:"tier"`
	TierReason      string   `json:"tierReason"`
	Answers         Answers  `json:"answers"`
	TemplateID      string   `json:"templateId"`
	TemplateVersion int      `json:"templateVersion"`
	// TemplateDigest is the SHA-256 of the version's text (empty in
	// records made before seeds named it: a shipped version then).
	TemplateDigest string `json:"templateDigest,omitempty"`
	// TemplateTier is the tier an organisation's template is for (empty
	// for the shipped ones): a record may be relabelled Gold, Silver or
	// that tier.
	TemplateTier  Tier       `json:"templateTier,omitempty"`
	HypercareDays int        `json:"hypercareDays"`
	State         State      `json:"state"`
	CreatedAt     time.Time  `json:"createdAt"`
	CreatedBy     string     `json:"createdBy"`
	UpdatedAt     time.Time  `json:"updatedAt"`
	Sections      []Section  `json:"sections"`
	Risks         []Risk     `json:"risks"`
	Contacts      []Contact  `json:"contacts"`
	StateReason   string     `json:"stateReason"`
	Acks          []Ack      `json:"acks"`
	Ceremonies    []Ceremony `json:"ceremonies"`
	Plans         []Plan     `json:"plans"` // ceremonies planned but not yet held
	Actions       []Action   `json:"actions"`
	Hypercare     Hypercare  `json:"hypercare"`
	Handover      Handover   `json:"handover"`
	// MaterialAt is when the record last changed in a way that makes earlier
	// acknowledgements stale: tier, go-live date, rollback plan, a checklist
	// item reopened.
	MaterialAt time.Time `json:"materialAt"`
	// When the record actually went live, was handed over and closed (GoLive
	// is the planned date).
	WentLive   MoveDate `json:"wentLive"`
	HandedOver MoveDate `json:"handedOver"`
	Closed     MoveDate `json:"closed"`
}

// MoveDate is when a record actually moved to a state and, when that was
// away from the plan, why.
type MoveDate struct {
	On     Date   `json:"on" validate:"omitempty,date"`
	Reason string `json:"reason" validate:"max=2000,text"`
}

// Section is a template section with the squad's answers.
type Section struct {
	ID       SectionID   `json:"id"`
	Number   string      `json:"number,omitempty"`
	Title    string      `json:"title"`
	Kind     SectionKind `json:"kind"`
	Prompt   string      `json:"prompt,omitempty"`
	Guidance string      `json:"guidance"`
	Text     string      `json:"text"`
	Items    []Item      `json:"items,omitempty"`
	// Retired marks a section the record's template no longer has, kept
	// for the answers given in it: a narrative with its text, or the
	// "Retired items" section (KindRetired) holding the answered items
	// an upgrade removed. Neither counts toward readiness.
	Retired bool `json:"retired,omitempty"`
}

// Item is a checklist item with its status, owner, due date and evidence.
type Item struct {
	ID        ItemID     `json:"id"`
	Text      string     `json:"text"`
	Why       string     `json:"why"`
	Guidance  string     `json:"guidance"` // what good evidence looks like
	NAAllowed bool       `json:"naAllowed"`
	Status    Status     `json:"status"`
	Reason    string     `json:"reason"`
	Owner     string     `json:"owner"`
	Due       Date       `json:"due"`
	Evidence  []Evidence `json:"evidence"`
	Notes     string     `json:"notes"`
	ChangedBy string     `json:"changedBy"`
	ChangedAt time.Time  `json:"changedAt"`
}

// Evidence is a link, a note, or both, that shows an item is done.
type Evidence struct {
	Label string `json:"label" validate:"max=200,text"`
	URL   string `json:"url" validate:"omitempty,max=2000,http_url"`
}

// StatusValue is the value of an item's status path: the status and, for n/a
// and blocked, the reason. They change together so a reason never goes stale.
type StatusValue struct {
	Status Status `json:"status" validate:"required,status"`
	Reason string `json:"reason" validate:"max=2000,text"`
}

// TierValue is the value of the tier path: the tier and why it was chosen.
type TierValue struct {
	Tier   Tier   `json:"tier" validate:"required"` // gold, silver or the template's own (CheckValue)
	Reason string `json:"reason" validate:"max=2000,text"`
}

// Risk is a risk to the release and what is done about it.
type Risk struct {
	ID          EntityID `json:"id"`
	Description string   `json:"description" validate:"required,max=2000,text"`
	Likelihood  Level    `json:"likelihood" validate:"required,level"`
	Impact      Level    `json:"impact" validate:"required,level"`
	Mitigation  string   `json:"mitigation" validate:"max=4000,text"`
	Owner       string   `json:"owner" validate:"max=120,line"`
	Status      string   `json:"status" validate:"required,oneof=open mitigated accepted closed"`
}

// Level rates a risk's likelihood or impact.
type Level string

// Levels in increasing order.
var Levels = []Level{"low", "medium", "high"}

// Contact is someone to reach about the release, in and out of hours.
type Contact struct {
	ID   EntityID `json:"id"`
	Name string   `json:"name" validate:"required,max=120,line"`
	Role string   `json:"role" validate:"max=120,line"`
	Team string   `json:"team" validate:"max=120,line"`
	// Level is where the contact stands in the escalation order: L1 is
	// called first.
	Level      string `json:"level,omitempty" validate:"omitempty,oneof=L1 L2 L3"`
	InHours    string `json:"inHours" validate:"max=300,line"`
	OutOfHours string `json:"outOfHours" validate:"max=300,line"`
}

// Item returns a pointer to the record's item, or nil.
func (r *Record) Item(id ItemID) *Item {
	for si := range r.Sections {
		for ii := range r.Sections[si].Items {
			if r.Sections[si].Items[ii].ID == id {
				return &r.Sections[si].Items[ii]
			}
		}
	}
	return nil
}

// Section returns a pointer to the record's section, or nil.
func (r *Record) Section(id SectionID) *Section {
	for i := range r.Sections {
		if r.Sections[i].ID == id {
			return &r.Sections[i]
		}
	}
	return nil
}

// Instantiate makes the first version of a record from a template: every
// item not started, every narrative empty.
func Instantiate(t Template, id RecordID, in NewRecord, author string, at time.Time) Record {
	r := Record{
		Format:          RecordFormat,
		ID:              id,
		Title:           in.Title,
		Service:         in.Service,
		Squad:           in.Squad,
		SDM:             in.SDM,
		MaintenanceTeam: in.MaintenanceTeam,
		GoLive:          Date(in.GoLive),
		Tier:            in.Tier,
		TierReason:      in.TierReason,
		Answers:         in.Answers,
		TemplateID:      t.ID,
		TemplateVersion: t.Version,
		TemplateDigest:  t.ownDigest(),
		TemplateTier:    t.ownTier(),
		HypercareDays:   t.HypercareDays,
		State:           Draft,
		CreatedAt:       at.UTC(),
		CreatedBy:       author,
		UpdatedAt:       at.UTC(),
		Risks:           []Risk{},
		Contacts:        []Contact{},
		Acks:            []Ack{},
		Ceremonies:      []Ceremony{},
		Plans:           []Plan{},
		Actions:         []Action{},
		Hypercare: Hypercare{
			Window:   HypercareWindow{State: HCPlanned, Days: t.HypercareDays},
			Criteria: []Criterion{}, CheckIns: []CheckIn{}, Incidents: []Incident{}, Extensions: []Extension{},
		},
		Handover: Handover{Team: in.MaintenanceTeam, Items: []HandoverItem{}},
	}
	for _, c := range t.ExitCriteria {
		r.Hypercare.Criteria = append(r.Hypercare.Criteria, Criterion{ID: c.ID, Text: c.Text, Guidance: c.Guidance, Status: Unmet})
	}
	for _, h := range t.HandoverItems {
		r.Handover.Items = append(r.Handover.Items, HandoverItem{ID: h.ID, Kind: h.Kind, Text: h.Text, Guidance: h.Guidance,
			HandoverItemValue: HandoverItemValue{Status: NotStarted}})
	}
	r.Sections = make([]Section, 0, len(t.Sections))
	for _, sd := range t.Sections {
		s := Section{ID: sd.ID, Number: sd.Number, Title: sd.Title, Kind: sd.Kind, Prompt: sd.Prompt, Guidance: sd.Guidance}
		if len(sd.Items) > 0 {
			s.Items = make([]Item, 0, len(sd.Items))
		}
		for i := range sd.Items {
			s.Items = append(s.Items, templateItem(&sd.Items[i]))
		}
		r.Sections = append(r.Sections, s)
	}
	return r
}
