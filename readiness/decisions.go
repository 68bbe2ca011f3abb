package readiness

import (
	"fmt"
	"strings"
	"time"
)

// A decision is taken and recorded with what was known: the go/no-go and
// readiness review forms show what is open before the decision is saved,
// the ceremony keeps it, and a go while items are blocked says, for each
// blocked item, whether it becomes a condition (a tracked action) or an
// accepted risk (with the reason). Awareness, not approval: nothing here
// stops a squad from going; it makes the record say what it went with.

// MaxOutstandingListed bounds each list an Outstanding keeps (the counts
// cover everything).
const MaxOutstandingListed = 50

// Outstanding is what is open on a record at one moment.
type Outstanding struct {
	Percent    int           `json:"percent"`
	Done       int           `json:"done"`
	Applicable int           `json:"applicable"`
	Blocked    []OpenItem    `json:"blocked"`
	NotDone    []SectionOpen `json:"notDone"` // per checklist section with items open
	Overdue    []OpenItem    `json:"overdue"`
	HighRisks  []RankedRisk  `json:"highRisks"` // open risks rated high, highest first
	// Totals, when a list was cut at MaxOutstandingListed.
	BlockedTotal int `json:"blockedTotal"`
	OverdueTotal int `json:"overdueTotal"`
}

// OpenItem is a checklist item that is open, with where it is.
type OpenItem struct {
	ID      ItemID    `json:"id"`
	Section SectionID `json:"section"`
	Text    string    `json:"text"`
	Status  Status    `json:"status"`
	Reason  string    `json:"reason"`
	Owner   string    `json:"owner"`
	Due     Date      `json:"due"`
}

// SectionOpen counts one section's items not done.
type SectionOpen struct {
	Section SectionID `json:"section"`
	Title   string    `json:"title"`
	Open    int       `json:"open"`
}

// OutstandingOf lists what is open on the record now.
func (r *Record) OutstandingOf(now time.Time) Outstanding {
	today := DateOf(now)
	p := ProgressOf(r, now)
	o := Outstanding{Percent: p.Percent, Done: p.Done, Applicable: p.Applicable,
		Blocked: []OpenItem{}, NotDone: []SectionOpen{}, Overdue: []OpenItem{}, HighRisks: []RankedRisk{}}
	for _, s := range r.Sections {
		if s.Kind != KindChecklist {
			continue
		}
		open := 0
		for i := range s.Items {
			it := &s.Items[i]
			if it.Status == Done || it.Status == NA {
				continue
			}
			open++
			oi := OpenItem{ID: it.ID, Section: s.ID, Text: it.Text, Status: it.Status, Reason: it.Reason, Owner: it.Owner, Due: it.Due}
			if it.Status == Blocked {
				o.BlockedTotal++
				if len(o.Blocked) < MaxOutstandingListed {
					o.Blocked = append(o.Blocked, oi)
				}
			}
			if it.Overdue(today) {
				o.OverdueTotal++
				if len(o.Overdue) < MaxOutstandingListed {
					o.Overdue = append(o.Overdue, oi)
				}
			}
		}
		if open > 0 {
			title := s.Title
			if s.Number != "" {
				title = s.Number + " " + title
			}
			o.NotDone = append(o.NotDone, SectionOpen{Section: s.ID, Title: title, Open: open})
		}
	}
	for _, rk := range RankRisks(r.Risks) {
		if rk.Risk.Status == "open" && rk.High() {
			o.HighRisks = append(o.HighRisks, rk)
		}
	}
	return o
}

// Choices for a blocked item at a go decision.
const (
	AsCondition = "condition"
	AsRisk      = "risk"
)

// BlockedChoice is what a go decision does with one blocked item: take it
// forward as a condition (an action with an owner and a due date) or accept
// it as a risk (with the reason the release may go with it).
type BlockedChoice struct {
	Item   ItemID `json:"item"`
	As     string `json:"as"`
	Reason string `json:"reason"`
	Owner  string `json:"owner"`
	Due    Date   `json:"due"`
}

// Resolution is what a recorded go decision did with a blocked item.
type Resolution struct {
	Item   ItemID   `json:"item" validate:"required"`
	Text   string   `json:"text" validate:"max=1000,text"`
	As     string   `json:"as" validate:"required,oneof=condition risk"`
	Reason string   `json:"reason" validate:"max=2000,text"`
	Action EntityID `json:"action,omitempty"`
	Risk   EntityID `json:"risk,omitempty"`
}

// resolveBlocked turns a go decision's choices for the blocked items into
// actions and accepted risks. Every item blocked now needs a choice, and a
// choice must name an item blocked now.
func (r *Record) resolveBlocked(choices []BlockedChoice, source string, newID func() EntityID) ([]Resolution, []Action, []Risk, error) {
	blocked := map[ItemID]*Item{}
	var order []ItemID
	for _, s := range r.Sections {
		if s.Retired {
			continue
		}
		for i := range s.Items {
			if it := &s.Items[i]; it.Status == Blocked {
				blocked[it.ID] = it
				order = append(order, it.ID)
			}
		}
	}
	chosen := map[ItemID]int{}
	var errs []error
	for i, c := range choices {
		field := fmt.Sprintf("blocked[%d]", i)
		if blocked[c.Item] == nil {
			errs = append(errs, fieldErr(field+".item", "blocked", fmt.Sprintf("%s is not blocked", c.Item)))
			continue
		}
		if _, dup := chosen[c.Item]; dup {
			errs = append(errs, fieldErr(field+".item", "unique", fmt.Sprintf("%s is chosen for twice", c.Item)))
			continue
		}
		chosen[c.Item] = i
	}
	var missing []string
	for _, id := range order {
		if _, ok := chosen[id]; !ok {
			missing = append(missing, string(id))
		}
	}
	if len(missing) > 0 {
		errs = append(errs, fieldErr("blocked", "required", fmt.Sprintf(
			"Going while items are blocked: say for each whether it becomes a condition or an accepted risk (%s)", joinMax(missing, 4))))
	}
	if len(errs) > 0 {
		return nil, nil, nil, joinErrors(errs)
	}
	var res []Resolution
	var actions []Action
	var risks []Risk
	for _, id := range order {
		i := chosen[id]
		c, it := choices[i], blocked[id]
		field := fmt.Sprintf("blocked[%d]", i)
		reason := strings.TrimSpace(c.Reason)
		rs := Resolution{Item: id, Text: it.Text, As: c.As, Reason: reason}
		switch c.As {
		case AsCondition:
			text := fmt.Sprintf("Unblock %s: %s", id, it.Text)
			if reason != "" {
				text += " — " + reason
			}
			a, err := newAction(newID(), clip(text, 1000), c.Owner, c.Due, source, field)
			if err != nil {
				errs = append(errs, err)
				continue
			}
			rs.Action = a.ID
			actions = append(actions, a)
		case AsRisk:
			if reason == "" {
				errs = append(errs, fieldErr(field+".reason", "required", fmt.Sprintf("Say why the release may go with %s blocked", id)))
				continue
			}
			desc := fmt.Sprintf("%s blocked at go/no-go: %s", id, it.Text)
			if it.Reason != "" {
				desc += " (" + it.Reason + ")"
			}
			rk := Risk{ID: newID(), Description: clip(desc, 2000), Likelihood: "high", Impact: "medium",
				Mitigation: clip("Accepted at "+source+": "+reason, 4000), Owner: strings.TrimSpace(c.Owner), Status: "accepted"}
			if err := Struct(&rk); err != nil {
				errs = append(errs, prefixFields(err, field))
				continue
			}
			rs.Risk = rk.ID
			risks = append(risks, rk)
		default:
			errs = append(errs, fieldErr(field+".as", "oneof", fmt.Sprintf("Choose for %s: a condition or an accepted risk", id)))
			continue
		}
		res = append(res, rs)
	}
	if len(errs) > 0 {
		return nil, nil, nil, joinErrors(errs)
	}
	return res, actions, risks, nil
}

// DecisionSummary says how the record's latest go/no-go went, in words:
// "Go with 3 conditions, 1 blocked item accepted as a risk"; "" when none
// was recorded.
func (r *Record) DecisionSummary() string {
	c := r.lastCeremony(GoNoGo)
	if c == nil {
		return ""
	}
	return c.DecisionSummary()
}

// DecisionSummary says what a go/no-go decided, with its conditions and
// accepted risks.
func (c *Ceremony) DecisionSummary() string {
	out := goDecision(c)
	if out == "" {
		return ""
	}
	if out == NoGo {
		return "No-go"
	}
	risks := 0
	for _, rs := range c.Blocked {
		if rs.As == AsRisk {
			risks++
		}
	}
	s := "Go"
	if n := len(c.Conditions); n > 0 {
		s += " with " + plural(n, "condition", "conditions")
	}
	if risks > 0 {
		s += ", " + plural(risks, "blocked item", "blocked items") + " accepted as a risk"
	}
	return s
}
