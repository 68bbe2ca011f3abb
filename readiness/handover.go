package readiness

// Handover is the service passing to the maintenance team: what is handed
// over, and the receiving team's acceptance.
type Handover struct {
	Team       string         `json:"team"`
	Items      []HandoverItem `json:"items"`
	Acceptance *Acceptance    `json:"acceptance"`
}

// HandoverItem is one thing handed over (runbooks, known errors, ...).
type HandoverItem struct {
	ID       string `json:"id"`
	Kind     string `json:"kind"`
	Text     string `json:"text"`
	Guidance string `json:"guidance"`
	HandoverItemValue
}

// HandoverItemValue is the editable part of a handover item.
type HandoverItemValue struct {
	Status   Status `json:"status" validate:"required,status"`
	Reason   string `json:"reason" validate:"max=2000,text"`
	Evidence string `json:"evidence" validate:"max=2000,text"`
}

// Acceptance is the receiving team accepting the handover. Its conditions
// become tracked actions.
type Acceptance struct {
	Person     Person     `json:"person"`
	Date       Date       `json:"date" validate:"required,date"`
	Conditions []string   `json:"conditions" validate:"max=20,dive,max=1000,text"`
	Actions    []EntityID `json:"actions"`
	// Unfinished is what the acceptance did with each handover item not
	// done: a condition, or n/a with the reason.
	Unfinished []HandoverResolution `json:"unfinished,omitempty" validate:"max=100,dive"`
}

// HandoverResolution is what an acceptance did with a handover item not
// done.
type HandoverResolution struct {
	Item   string   `json:"item" validate:"required,max=40"`
	Text   string   `json:"text" validate:"max=1000,text"`
	As     string   `json:"as" validate:"required,oneof=condition na"`
	Reason string   `json:"reason" validate:"max=2000,text"`
	Action EntityID `json:"action,omitempty"`
}

// Accepted reports whether the receiving team has accepted the handover.
func (h *Handover) Accepted() bool { return h.Acceptance != nil }

// Done counts handover items done or n/a.
func (h *Handover) Done() int {
	n := 0
	for _, it := range h.Items {
		if it.Status == Done || it.Status == NA {
			n++
		}
	}
	return n
}
