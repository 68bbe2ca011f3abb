package readiness

import "fmt"

// Status is a checklist item's place in the status key.
type Status string

const (
	NotStarted Status = "not-started"
	InProgress Status = "in-progress"
	Done       Status = "done"
	NA         Status = "na"
	Blocked    Status = "blocked"
)

// Statuses lists the status key in display order.
var Statuses = []Status{NotStarted, InProgress, Done, NA, Blocked}

// ParseStatus accepts a status key value.
func ParseStatus(s string) (Status, error) {
	for _, st := range Statuses {
		if string(st) == s {
			return st, nil
		}
	}
	return "", fmt.Errorf("status %q is not one of not-started, in-progress, done, na, blocked", s)
}

// NeedsReason reports whether the status must be explained (n/a and blocked).
func (s Status) NeedsReason() bool { return s == NA || s == Blocked }

// Label is the status as people read it.
func (s Status) Label() string {
	switch s {
	case NotStarted:
		return "Not started"
	case InProgress:
		return "In progress"
	case Done:
		return "Done"
	case NA:
		return "N/A"
	case Blocked:
		return "Blocked"
	}
	return string(s)
}

// RAG is a red / amber / green rating.
type RAG string

const (
	Green RAG = "green"
	Amber RAG = "amber"
	Red   RAG = "red"
)

// worse returns the worse of two ratings.
func worse(a, b RAG) RAG {
	rank := map[RAG]int{Green: 0, Amber: 1, Red: 2}
	if rank[b] > rank[a] {
		return b
	}
	return a
}
