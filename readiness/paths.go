package readiness

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"slices"
	"strings"
)

// Path names one field of a record, one field of one item, or one entry of
// one of the record's lists:
//
//	title service squad sdm maintenanceTeam goLive    string
//	tier                                              TierValue
//	state                                             StateValue
//	sections/<sectionID>/text                         string
//	items/<itemID>/status                             StatusValue
//	items/<itemID>/owner | due | notes                string
//	items/<itemID>/evidence                           []Evidence
//	hypercare/window                                  HypercareWindow
//	hypercare/criteria/<id>                           Criterion
//	handover/team                                     string
//	handover/items/<id>                               HandoverItemValue
//	handover/acceptance                               Acceptance, or null
//	dates/live | handed-over | closed                 MoveDate (when it actually happened)
//	<list>/<entityID>                                 the entry, or null when deleted
//
// where <list> is risks, contacts, acks, ceremonies, plans, actions,
// hypercare/checkins, hypercare/incidents or hypercare/extensions.
// The creating change has the path "create" and the whole Record as value.
// Every path is its own register, so concurrent edits of different paths
// merge and concurrent edits of one path are a visible conflict.
type Path string

// PathCreate is the path of a record's creating change.
const PathCreate Path = "create"

// Fixed paths.
const (
	PathState           Path = "state"
	PathTier            Path = "tier"
	PathHypercareWindow Path = "hypercare/window"
	PathHandoverTeam    Path = "handover/team"
	PathAcceptance      Path = "handover/acceptance"
)

var detailFields = []string{"title", "service", "squad", "sdm", "maintenanceTeam", "goLive"}
var itemFields = []string{"status", "owner", "due", "evidence", "notes"}

// ItemPath returns the path of one field of an item.
func ItemPath(id ItemID, field string) Path { return Path("items/" + string(id) + "/" + field) }

// SectionTextPath returns the path of a narrative section's text.
func SectionTextPath(id SectionID) Path { return Path("sections/" + string(id) + "/text") }

// RiskPath returns the path of a risk.
func RiskPath(id EntityID) Path { return Path("risks/" + string(id)) }

// ContactPath returns the path of a contact.
func ContactPath(id EntityID) Path { return Path("contacts/" + string(id)) }

// EntryPath returns the path of an entry of one of the record's lists.
func EntryPath(list string, id EntityID) Path { return Path(list + "/" + string(id)) }

// CriterionPath returns the path of a hypercare exit criterion.
func CriterionPath(id string) Path { return Path("hypercare/criteria/" + id) }

// HandoverItemPath returns the path of a handover item.
func HandoverItemPath(id string) Path { return Path("handover/items/" + id) }

// DatePath returns the path of the date a record actually moved to a state
// (live, handed over, closed).
func DatePath(s State) Path { return Path("dates/" + string(s)) }

// datedStates are the states whose actual date a record keeps.
var datedStates = []State{Live, HandedOver, Closed}

// list describes one of the record's lists of entries.
type list struct {
	name  string
	label string
	get   func(r *Record, id EntityID) (any, bool)
	set   func(r *Record, id EntityID, raw json.RawMessage) error // null deletes
	check func(r *Record, raw json.RawMessage) error              // non-null values
}

// entries builds a list over a slice of the record; entries stay in id order.
func entries[T any](name, label string, slice func(*Record) *[]T, id func(*T) *EntityID, check func(*Record, *T) error) list {
	find := func(s []T, want EntityID) (int, bool) {
		return slices.BinarySearchFunc(s, want, func(x T, w EntityID) int { return strings.Compare(string(*id(&x)), string(w)) })
	}
	return list{
		name: name, label: label,
		get: func(r *Record, want EntityID) (any, bool) {
			s := *slice(r)
			if i, ok := find(s, want); ok {
				return s[i], true
			}
			return nil, false
		},
		set: func(r *Record, want EntityID, raw json.RawMessage) error {
			var v *T
			if err := json.Unmarshal(raw, &v); err != nil {
				return err
			}
			s := slice(r)
			i, found := find(*s, want)
			switch {
			case v == nil && found:
				*s = slices.Delete(*s, i, i+1)
			case v == nil:
			case found:
				*id(v) = want
				(*s)[i] = *v
			default:
				*id(v) = want
				*s = slices.Insert(*s, i, *v)
			}
			return nil
		},
		check: func(r *Record, raw json.RawMessage) error {
			var v T
			if err := strictJSON(raw, &v); err != nil {
				return fieldErr("", "type", label+" has the wrong type of value")
			}
			if err := Struct(&v); err != nil {
				return err
			}
			if check != nil {
				return check(r, &v)
			}
			return nil
		},
	}
}

var lists = []list{
	entries("risks", "Risk", func(r *Record) *[]Risk { return &r.Risks }, func(v *Risk) *EntityID { return &v.ID }, nil),
	entries("contacts", "Contact", func(r *Record) *[]Contact { return &r.Contacts }, func(v *Contact) *EntityID { return &v.ID }, nil),
	entries("acks", "Acknowledgement", func(r *Record) *[]Ack { return &r.Acks }, func(v *Ack) *EntityID { return &v.ID }, checkAck),
	entries("ceremonies", "Ceremony", func(r *Record) *[]Ceremony { return &r.Ceremonies }, func(v *Ceremony) *EntityID { return &v.ID },
		func(_ *Record, c *Ceremony) error { return c.Check() }),
	entries("plans", "Planned ceremony", func(r *Record) *[]Plan { return &r.Plans }, func(v *Plan) *EntityID { return &v.ID }, nil),
	entries("actions", "Action", func(r *Record) *[]Action { return &r.Actions }, func(v *Action) *EntityID { return &v.ID }, checkAction),
	entries("hypercare/checkins", "Hypercare check-in", func(r *Record) *[]CheckIn { return &r.Hypercare.CheckIns }, func(v *CheckIn) *EntityID { return &v.ID },
		func(r *Record, c *CheckIn) error { return r.Hypercare.checkCheckIn(c) }),
	entries("hypercare/incidents", "Incident", func(r *Record) *[]Incident { return &r.Hypercare.Incidents }, func(v *Incident) *EntityID { return &v.ID },
		func(_ *Record, in *Incident) error { return checkIncident(in) }),
	entries("hypercare/extensions", "Hypercare extension", func(r *Record) *[]Extension { return &r.Hypercare.Extensions }, func(v *Extension) *EntityID { return &v.ID }, nil),
}

func checkAck(r *Record, a *Ack) error {
	if err := Struct(&a.Person); err != nil {
		return err
	}
	if a.Section != "" && r.Section(a.Section) == nil {
		return fieldErr("section", "exists", fmt.Sprintf("The record has no section %q", a.Section))
	}
	return nil
}

// parsedPath is a path split into its parts.
type parsedPath struct {
	kind  string // field, sections, items, criteria, handoverItems, list, or the path itself
	id    string
	field string
	list  *list
}

func parsePath(p Path) (parsedPath, error) {
	s := string(p)
	// Split at slashes into at most four parts (a fourth part means four or
	// more) without allocating: every change checked runs this.
	var parts [4]string
	n := 0
	for rest := s; ; n++ {
		i := strings.IndexByte(rest, '/')
		if i < 0 || n == 3 {
			parts[n] = rest
			n++
			break
		}
		parts[n], rest = rest[:i], rest[i+1:]
	}
	bad := func() (parsedPath, error) { return parsedPath{}, fmt.Errorf("%w: %q", ErrUnknownPath, p) }
	switch {
	case n == 1 && slices.Contains(detailFields, s):
		return parsedPath{kind: "field", field: s}, nil
	case p == PathState || p == PathTier || p == PathHypercareWindow || p == PathHandoverTeam || p == PathAcceptance || p == PathTemplate:
		return parsedPath{kind: s}, nil
	case n == 2 && parts[0] == "dates" && slices.Contains(datedStates, State(parts[1])):
		return parsedPath{kind: "dates", id: parts[1]}, nil
	case n == 3 && parts[0] == "sections" && parts[2] == "text":
		if !isSectionID(parts[1]) {
			return bad()
		}
		return parsedPath{kind: "sections", id: parts[1], field: "text"}, nil
	case n == 3 && parts[0] == "items" && slices.Contains(itemFields, parts[2]):
		if !isItemID(parts[1]) {
			return bad()
		}
		return parsedPath{kind: "items", id: parts[1], field: parts[2]}, nil
	case n == 3 && (parts[0] == "hypercare" && parts[1] == "criteria" || parts[0] == "handover" && parts[1] == "items"):
		if !validEntryName(parts[2]) {
			return bad()
		}
		kind := "criteria"
		if parts[0] == "handover" {
			kind = "handoverItems"
		}
		return parsedPath{kind: kind, id: parts[2]}, nil
	}
	if i := strings.LastIndexByte(s, '/'); i > 0 {
		name, id := s[:i], s[i+1:]
		for li := range lists {
			if lists[li].name == name {
				if !isULID(id) {
					return bad()
				}
				return parsedPath{kind: "list", id: id, list: &lists[li]}, nil
			}
		}
	}
	return bad()
}

// validEntryName accepts template ids (EXIT-01) and ULIDs for entries added later.
func validEntryName(s string) bool { return isItemID(s) || isULID(s) }

// Get returns the JSON value of a path in the record. An entry that does not
// exist is null.
func (r *Record) Get(p Path) (json.RawMessage, error) {
	pp, err := parsePath(p)
	if err != nil {
		return nil, err
	}
	var v any
	switch pp.kind {
	case "field":
		v = r.detailPtr(pp.field)
	case string(PathState):
		v = StateValue{State: r.State, Reason: r.StateReason}
	case string(PathTier):
		v = TierValue{Tier: r.Tier, Reason: r.TierReason}
	case string(PathTemplate):
		v = r.TemplateRef()
	case string(PathHypercareWindow):
		v = r.Hypercare.Window
	case string(PathHandoverTeam):
		v = r.Handover.Team
	case string(PathAcceptance):
		v = r.Handover.Acceptance
	case "dates":
		v = *r.moveDate(State(pp.id))
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
		v = map[string]any{"status": StatusValue{Status: it.Status, Reason: it.Reason}, "owner": it.Owner, "due": it.Due,
			"evidence": it.Evidence, "notes": it.Notes}[pp.field]
	case "criteria":
		c := r.criterion(pp.id)
		if c != nil {
			v = *c
		}
	case "handoverItems":
		h := r.handoverItem(pp.id)
		if h == nil {
			return nil, fmt.Errorf("handover item %s: %w", pp.id, ErrNotFound)
		}
		v = h.HandoverItemValue
	case "list":
		v, _ = pp.list.get(r, EntityID(pp.id))
	}
	return json.Marshal(v)
}

func (r *Record) detailPtr(name string) any {
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
	}
	return nil
}

// moveDate is the record's field for the actual date of a dated state.
func (r *Record) moveDate(s State) *MoveDate {
	switch s {
	case HandedOver:
		return &r.HandedOver
	case Closed:
		return &r.Closed
	}
	return &r.WentLive
}

func (r *Record) criterion(id string) *Criterion {
	for i := range r.Hypercare.Criteria {
		if r.Hypercare.Criteria[i].ID == id {
			return &r.Hypercare.Criteria[i]
		}
	}
	return nil
}

func (r *Record) handoverItem(id string) *HandoverItem {
	for i := range r.Handover.Items {
		if r.Handover.Items[i].ID == id {
			return &r.Handover.Items[i]
		}
	}
	return nil
}

// set writes a JSON value to a path. Values were checked (CheckValue) when
// they entered; set still refuses values that do not decode, so a malformed
// change cannot corrupt the record. For an item's field it returns the item,
// so that the caller need not look for it again.
func (r *Record) set(p Path, value json.RawMessage) (*Item, error) {
	pp, err := parsePath(p)
	if err != nil {
		return nil, err
	}
	decode := func(dst any) error {
		if err := json.Unmarshal(value, dst); err != nil {
			return fmt.Errorf("value of %s: %w", p, err)
		}
		return nil
	}
	if pp.kind == "items" {
		it := r.Item(ItemID(pp.id))
		if it == nil {
			return nil, fmt.Errorf("item %s: %w", pp.id, ErrNotFound)
		}
		return it, setItem(it, pp.field, decode)
	}
	return nil, r.setOther(pp, value, decode)
}

// setOther is set for every path but an item's.
func (r *Record) setOther(pp parsedPath, value json.RawMessage, decode func(any) error) error {
	switch pp.kind {
	case "field":
		return decode(r.detailPtr(pp.field))
	case string(PathState):
		var sv StateValue
		if err := decode(&sv); err != nil {
			return err
		}
		r.State, r.StateReason = sv.State, sv.Reason
	case string(PathTier):
		var tv TierValue
		if err := decode(&tv); err != nil {
			return err
		}
		r.Tier, r.TierReason = tv.Tier, tv.Reason
	case string(PathHypercareWindow):
		return decode(&r.Hypercare.Window)
	case string(PathHandoverTeam):
		return decode(&r.Handover.Team)
	case string(PathAcceptance):
		var a *Acceptance
		if err := decode(&a); err != nil {
			return err
		}
		r.Handover.Acceptance = a
	case "dates":
		return decode(r.moveDate(State(pp.id)))
	case "sections":
		s := r.Section(SectionID(pp.id))
		if s == nil {
			return fmt.Errorf("section %s: %w", pp.id, ErrNotFound)
		}
		return decode(&s.Text)
	case "criteria":
		var c Criterion
		if err := decode(&c); err != nil {
			return err
		}
		c.ID = pp.id
		if old := r.criterion(pp.id); old != nil {
			*old = c
		} else {
			r.Hypercare.Criteria = append(r.Hypercare.Criteria, c)
		}
	case "handoverItems":
		h := r.handoverItem(pp.id)
		if h == nil {
			return fmt.Errorf("handover item %s: %w", pp.id, ErrNotFound)
		}
		return decode(&h.HandoverItemValue)
	case "list":
		return pp.list.set(r, EntityID(pp.id), value)
	}
	return nil
}

func setItem(it *Item, field string, decode func(any) error) error {
	switch field {
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
	return nil
}

func strictJSON(raw json.RawMessage, dst any) error {
	if t := bytes.TrimLeft(raw, " \t\r\n"); len(t) > 0 && t[0] != '{' && t[0] != '[' {
		// A string, number or literal has no fields to refuse: the plain
		// decoder is as strict, and far cheaper for the most common edits.
		return json.Unmarshal(raw, dst)
	}
	dec := json.NewDecoder(bytes.NewReader(raw))
	dec.DisallowUnknownFields()
	if err := dec.Decode(dst); err != nil {
		return err
	}
	if dec.More() {
		return errors.New("invalid character after top-level value")
	}
	return nil
}

// CheckValue validates the value of an edit to a path of a record: the value
// decodes to the path's type and obeys its rules. Changes from any source
// (the UI, an import, a peer) pass through here before they are stored.
func (r *Record) CheckValue(p Path, value json.RawMessage) error {
	return r.checkValue(p, value, false)
}

// CheckIncoming is CheckValue for a change that was made elsewhere (a peer,
// an archive): an edit of an item, a narrative or a handover item this
// record does not have is checked for its shape only, because it may have
// been made on another version of the record's template (an upgrade, or
// its undoing, that has not arrived yet). Refusing it would stall the sync
// of everything after it; the fold keeps it aside until the record has the
// item (see Doc.setWinner).
func (r *Record) CheckIncoming(p Path, value json.RawMessage) error {
	return r.checkValue(p, value, true)
}

func (r *Record) checkValue(p Path, value json.RawMessage, incoming bool) error {
	pp, err := parsePath(p)
	if err != nil {
		return err
	}
	if len(value) > maxDecode {
		return fieldErr(pp.field, "max", fmt.Sprintf("%s is %d MiB; nothing that large can be saved", r.Describe(p), len(value)>>20))
	}
	strict := func(dst any) error {
		if err := strictJSON(value, dst); err != nil {
			return fieldErr(pp.field, "type", fmt.Sprintf("%s has the wrong type of value", r.Describe(p)))
		}
		return nil
	}
	var s string
	switch pp.kind {
	case "field":
		if err := strict(&s); err != nil {
			return err
		}
		tags := map[string]string{"title": "required,max=160,line", "goLive": "required,date", "maintenanceTeam": "max=120,line"}[pp.field]
		if tags == "" {
			tags = "required,max=120,line"
		}
		return Var(pp.field, s, tags)
	case string(PathState):
		var sv StateValue
		if err := strict(&sv); err != nil {
			return err
		}
		return Struct(&sv)
	case string(PathTier):
		var tv TierValue
		if err := strict(&tv); err != nil {
			return err
		}
		if err := Var("reason", tv.Reason, "max=2000,text"); err != nil {
			return err
		}
		if tv.Tier != Gold && tv.Tier != Silver && tv.Tier != r.templateTier() {
			return fieldErr("tier", "oneof", fmt.Sprintf("Tier must be Gold, Silver or the record's template's own tier (%s)", TierLabel(r.templateTier())))
		}
		return nil
	case string(PathTemplate):
		var ref TemplateRef
		if err := strict(&ref); err != nil {
			return err
		}
		return r.checkTemplateValue(ref)
	case string(PathHypercareWindow):
		var w HypercareWindow
		if err := strict(&w); err != nil {
			return err
		}
		return Struct(&w)
	case string(PathHandoverTeam):
		if err := strict(&s); err != nil {
			return err
		}
		return Var("team", s, "max=120,line")
	case string(PathAcceptance):
		var a *Acceptance
		if err := strict(&a); err != nil || a == nil {
			return err
		}
		if err := Struct(&a.Person); err != nil {
			return err
		}
		return Struct(a)
	case "dates":
		var md MoveDate
		if err := strict(&md); err != nil {
			return err
		}
		return Struct(&md)
	case "sections":
		if r.Section(SectionID(pp.id)) == nil && !incoming {
			return fmt.Errorf("section %s: %w", pp.id, ErrNotFound)
		}
		if err := strict(&s); err != nil {
			return err
		}
		return Var("text", s, "max=20000,text")
	case "items":
		it := r.Item(ItemID(pp.id))
		if it == nil && incoming {
			it = &Item{ID: ItemID(pp.id), NAAllowed: true}
		}
		if it == nil {
			return fmt.Errorf("item %s: %w", pp.id, ErrNotFound)
		}
		return checkItemValue(it, pp.field, strict)
	case "criteria":
		var c Criterion
		if err := strict(&c); err != nil {
			return err
		}
		if err := Struct(&c); err != nil {
			return err
		}
		if c.Status == Waived && strings.TrimSpace(c.Reason) == "" {
			return fieldErr("reason", "required", "Say why the criterion is waived")
		}
		return nil
	case "handoverItems":
		if r.handoverItem(pp.id) == nil && !incoming {
			return fmt.Errorf("handover item %s: %w", pp.id, ErrNotFound)
		}
		var v HandoverItemValue
		if err := strict(&v); err != nil {
			return err
		}
		if err := Struct(&v); err != nil {
			return err
		}
		if v.Status.NeedsReason() && strings.TrimSpace(v.Reason) == "" {
			return fieldErr("reason", "required", "Say why this handover item is "+strings.ToLower(v.Status.Label()))
		}
		return nil
	case "list":
		if string(value) == "null" {
			return nil
		}
		return pp.list.check(r, value)
	}
	return nil
}

func checkItemValue(it *Item, field string, strict func(any) error) error {
	var s string
	switch field {
	case "status":
		var sv StatusValue
		if err := strict(&sv); err != nil {
			return err
		}
		if err := Struct(&sv); err != nil {
			return err
		}
		if sv.Status == NA && !it.NAAllowed {
			return fieldErr("status", "na", fmt.Sprintf("%s cannot be marked n/a: every release of this tier needs it", it.ID))
		}
		if sv.Status.NeedsReason() && strings.TrimSpace(sv.Reason) == "" {
			return fieldErr("reason", "required", fmt.Sprintf("Say why %s is %s", it.ID, strings.ToLower(sv.Status.Label())))
		}
		return nil
	case "evidence":
		var ev []Evidence
		if err := strict(&ev); err != nil {
			return err
		}
		return Var("evidence", ev, "max=20,dive")
	case "due":
		if err := strict(&s); err != nil {
			return err
		}
		return Var("due", s, "omitempty,date")
	case "owner":
		if err := strict(&s); err != nil {
			return err
		}
		return Var("owner", s, "max=120,line")
	case "notes":
		if err := strict(&s); err != nil {
			return err
		}
		return Var("notes", s, "max=5000,text")
	}
	return nil
}

// Describe names a path the way a person would: "COM-01 status", "Risk".
func (r *Record) Describe(p Path) string {
	if p == PathCreate {
		return "Record created"
	}
	pp, err := parsePath(p)
	if err != nil {
		return string(p)
	}
	switch pp.kind {
	case "field":
		return fieldLabels[pp.field]
	case string(PathState):
		return "Lifecycle state"
	case string(PathTier):
		return "Tier"
	case string(PathTemplate):
		return "Template version"
	case string(PathHypercareWindow):
		return "Hypercare window"
	case string(PathHandoverTeam):
		return "Receiving team"
	case string(PathAcceptance):
		return "Handover acceptance"
	case "dates":
		return map[string]string{"live": "Went live on", "handed-over": "Handed over on", "closed": "Closed on"}[pp.id]
	case "sections":
		if s := r.Section(SectionID(pp.id)); s != nil {
			return s.Title
		}
		return "Section " + pp.id
	case "items":
		return pp.id + " " + itemFieldLabels[pp.field]
	case "criteria":
		return "Exit criterion " + pp.id
	case "handoverItems":
		return "Handover item " + pp.id
	case "list":
		return pp.list.label
	}
	return strings.ReplaceAll(string(p), "/", " ")
}

var fieldLabels = map[string]string{
	"title": "Release title", "service": "Service", "squad": "Squad", "sdm": "Service delivery manager",
	"maintenanceTeam": "Maintenance team", "goLive": "Go-live date",
}

var itemFieldLabels = map[string]string{
	"status": "status", "owner": "owner", "due": "due date", "evidence": "evidence", "notes": "notes",
}
