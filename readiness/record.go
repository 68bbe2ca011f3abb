package readiness

import (
	"encoding/json"
	"fmt"
	"slices"
	"strings"
	"time"
)

// RecordFormat is the version of the Record JSON layout.
const RecordFormat = 1

// State is a record's place in its lifecycle.
type State string

const (
	Draft       State = "draft"
	Preparing   State = "preparing"
	Ready       State = "ready"
	Live        State = "live"
	HandedOver  State = "handed-over"
	Closed      State = "closed"
	stateUnseen State = ""
)

// Record is one release of one service: its details, the sections of the
// template it was made from with the squad's answers, risks and contacts.
// It is always the fold of the record's changes (see Doc).
type Record struct {
	Format          int       `json:"v"`
	ID              RecordID  `json:"id"`
	Title           string    `json:"title"`
	Service         string    `json:"service"`
	Squad           string    `json:"squad"`
	SDM             string    `json:"sdm"`
	MaintenanceTeam string    `json:"maintenanceTeam"`
	GoLive          Date      `json:"goLive"`
	Tier            Tier      `json:"tier"`
	TierReason      string    `json:"tierReason"`
	Answers         Answers   `json:"answers"`
	TemplateID      string    `json:"templateId"`
	TemplateVersion int       `json:"templateVersion"`
	HypercareDays   int       `json:"hypercareDays"`
	State           State     `json:"state"`
	CreatedAt       time.Time `json:"createdAt"`
	CreatedBy       string    `json:"createdBy"`
	UpdatedAt       time.Time `json:"updatedAt"`
	Sections        []Section `json:"sections"`
	Risks           []Risk    `json:"risks"`
	Contacts        []Contact `json:"contacts"`
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
	Tier   Tier   `json:"tier" validate:"required,oneof=gold silver"`
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
	ID         EntityID `json:"id"`
	Name       string   `json:"name" validate:"required,max=120,line"`
	Role       string   `json:"role" validate:"max=120,line"`
	Team       string   `json:"team" validate:"max=120,line"`
	InHours    string   `json:"inHours" validate:"max=300,line"`
	OutOfHours string   `json:"outOfHours" validate:"max=300,line"`
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
		HypercareDays:   t.HypercareDays,
		State:           Draft,
		CreatedAt:       at.UTC(),
		CreatedBy:       author,
		UpdatedAt:       at.UTC(),
		Risks:           []Risk{},
		Contacts:        []Contact{},
	}
	for _, sd := range t.Sections {
		s := Section{ID: sd.ID, Number: sd.Number, Title: sd.Title, Kind: sd.Kind, Prompt: sd.Prompt, Guidance: sd.Guidance}
		for _, it := range sd.Items {
			s.Items = append(s.Items, Item{
				ID: it.ID, Text: it.Text, Why: it.Why, Guidance: it.Evidence, NAAllowed: it.NAAllowed,
				Status: NotStarted, Evidence: []Evidence{},
			})
		}
		r.Sections = append(r.Sections, s)
	}
	return r
}

// Path names one field of a record, or one field of one item:
//
//	title service squad sdm maintenanceTeam goLive   string
//	tier                                             TierValue
//	state                                            State
//	sections/<sectionID>/text                        string
//	items/<itemID>/status                            StatusValue
//	items/<itemID>/owner | due | notes               string
//	items/<itemID>/evidence                          []Evidence
//	risks/<entityID>                                 Risk, or null when deleted
//	contacts/<entityID>                              Contact, or null when deleted
//
// The creating change has the path "create" and the whole Record as value.
type Path string

// PathCreate is the path of a record's creating change.
const PathCreate Path = "create"

var scalarFields = []string{"title", "service", "squad", "sdm", "maintenanceTeam", "goLive", "tier", "state"}
var itemFields = []string{"status", "owner", "due", "evidence", "notes"}

// ItemPath returns the path of one field of an item.
func ItemPath(id ItemID, field string) Path { return Path("items/" + string(id) + "/" + field) }

// SectionTextPath returns the path of a narrative section's text.
func SectionTextPath(id SectionID) Path { return Path("sections/" + string(id) + "/text") }

// RiskPath returns the path of a risk.
func RiskPath(id EntityID) Path { return Path("risks/" + string(id)) }

// ContactPath returns the path of a contact.
func ContactPath(id EntityID) Path { return Path("contacts/" + string(id)) }

// parsedPath is a path split into its parts.
type parsedPath struct {
	kind  string // field, sections, items, risks, contacts
	id    string
	field string
}

func parsePath(p Path) (parsedPath, error) {
	parts := strings.Split(string(p), "/")
	bad := fmt.Errorf("%w: %q", ErrUnknownPath, p)
	switch {
	case len(parts) == 1 && slices.Contains(scalarFields, parts[0]):
		return parsedPath{kind: "field", field: parts[0]}, nil
	case len(parts) == 3 && parts[0] == "sections" && parts[2] == "text":
		if _, err := ParseSectionID(parts[1]); err != nil {
			return parsedPath{}, bad
		}
		return parsedPath{kind: "sections", id: parts[1], field: "text"}, nil
	case len(parts) == 3 && parts[0] == "items" && slices.Contains(itemFields, parts[2]):
		if _, err := ParseItemID(parts[1]); err != nil || parts[1] != strings.ToUpper(parts[1]) {
			return parsedPath{}, bad
		}
		return parsedPath{kind: "items", id: parts[1], field: parts[2]}, nil
	case len(parts) == 2 && (parts[0] == "risks" || parts[0] == "contacts"):
		if id, err := ParseEntityID(parts[1]); err != nil || string(id) != parts[1] {
			return parsedPath{}, bad
		}
		return parsedPath{kind: parts[0], id: parts[1]}, nil
	}
	return parsedPath{}, bad
}

// Get returns the JSON value of a path in the record. A risk or contact that
// does not exist is null.
func (r *Record) Get(p Path) (json.RawMessage, error) {
	pp, err := parsePath(p)
	if err != nil {
		return nil, err
	}
	var v any
	switch pp.kind {
	case "field":
		v = r.fieldPtr(pp.field)
		if pp.field == "tier" {
			v = TierValue{Tier: r.Tier, Reason: r.TierReason}
		}
	case "sections":
		s := r.Section(SectionID(pp.id))
		if s == nil {
			return nil, fmt.Errorf("section %s: %w", pp.id, ErrNotFound)
		}
		v = s.Text
	case "items":
		it := r.Item(ItemID(pp.id))
		if it == nil {
			return nil, fmt.Errorf("item %s: %w", pp.id, ErrNotFound)
		}
		switch pp.field {
		case "status":
			v = StatusValue{Status: it.Status, Reason: it.Reason}
		case "owner":
			v = it.Owner
		case "due":
			v = it.Due
		case "evidence":
			v = it.Evidence
		case "notes":
			v = it.Notes
		}
	case "risks":
		if i := slices.IndexFunc(r.Risks, func(x Risk) bool { return string(x.ID) == pp.id }); i >= 0 {
			v = r.Risks[i]
		}
	case "contacts":
		if i := slices.IndexFunc(r.Contacts, func(x Contact) bool { return string(x.ID) == pp.id }); i >= 0 {
			v = r.Contacts[i]
		}
	}
	return json.Marshal(v)
}

func (r *Record) fieldPtr(name string) any {
	switch name {
	case "title":
		return &r.Title
	case "service":
		return &r.Service
	case "squad":
		return &r.Squad
	case "sdm":
		return &r.SDM
	case "maintenanceTeam":
		return &r.MaintenanceTeam
	case "goLive":
		return &r.GoLive
	case "state":
		return &r.State
	}
	return nil
}

// set writes a JSON value to a path. The value has been validated when the
// change was made; set still refuses values that do not decode, so a
// malformed change from elsewhere cannot corrupt the record.
func (r *Record) set(p Path, value json.RawMessage) error {
	pp, err := parsePath(p)
	if err != nil {
		return err
	}
	decode := func(dst any) error {
		if err := json.Unmarshal(value, dst); err != nil {
			return fmt.Errorf("value of %s: %w", p, err)
		}
		return nil
	}
	switch pp.kind {
	case "field":
		if pp.field == "tier" {
			var tv TierValue
			if err := decode(&tv); err != nil {
				return err
			}
			r.Tier, r.TierReason = tv.Tier, tv.Reason
			return nil
		}
		return decode(r.fieldPtr(pp.field))
	case "sections":
		s := r.Section(SectionID(pp.id))
		if s == nil {
			return fmt.Errorf("section %s: %w", pp.id, ErrNotFound)
		}
		return decode(&s.Text)
	case "items":
		it := r.Item(ItemID(pp.id))
		if it == nil {
			return fmt.Errorf("item %s: %w", pp.id, ErrNotFound)
		}
		switch pp.field {
		case "status":
			var sv StatusValue
			if err := decode(&sv); err != nil {
				return err
			}
			it.Status, it.Reason = sv.Status, sv.Reason
		case "owner":
			return decode(&it.Owner)
		case "due":
			return decode(&it.Due)
		case "evidence":
			var ev []Evidence
			if err := decode(&ev); err != nil {
				return err
			}
			if ev == nil {
				ev = []Evidence{}
			}
			it.Evidence = ev
		case "notes":
			return decode(&it.Notes)
		}
	case "risks":
		var rk *Risk
		if err := decode(&rk); err != nil {
			return err
		}
		if rk != nil {
			rk.ID = EntityID(pp.id)
		}
		r.Risks = upsert(r.Risks, EntityID(pp.id), rk, func(x Risk) EntityID { return x.ID })
	case "contacts":
		var c *Contact
		if err := decode(&c); err != nil {
			return err
		}
		if c != nil {
			c.ID = EntityID(pp.id)
		}
		r.Contacts = upsert(r.Contacts, EntityID(pp.id), c, func(x Contact) EntityID { return x.ID })
	}
	return nil
}

// upsert replaces, inserts (keeping id order) or, for nil, removes an entry.
func upsert[T any](list []T, id EntityID, v *T, idOf func(T) EntityID) []T {
	i, found := slices.BinarySearchFunc(list, id, func(x T, id EntityID) int { return strings.Compare(string(idOf(x)), string(id)) })
	switch {
	case v == nil && found:
		return slices.Delete(list, i, i+1)
	case v == nil:
		return list
	case found:
		list[i] = *v
		return list
	}
	return slices.Insert(list, i, *v)
}
