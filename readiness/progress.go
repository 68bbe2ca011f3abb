package readiness

import (
	"strconv"
	"time"
)

// SectionProgress is how far a checklist section is, and its RAG.
type SectionProgress struct {
	ID         SectionID `json:"id"`
	Applicable int       `json:"applicable"` // items not n/a
	Done       int       `json:"done"`
	Blocked    int       `json:"blocked"`
	Overdue    int       `json:"overdue"`
	Open       int       `json:"open"` // applicable and not done
	Percent    int       `json:"percent"`
	RAG        RAG       `json:"rag"`
	Why        string    `json:"why"`
}

// Progress is a record's readiness: per checklist section and overall.
type Progress struct {
	Sections   []SectionProgress `json:"sections"`
	Applicable int               `json:"applicable"`
	Done       int               `json:"done"`
	Blocked    int               `json:"blocked"`
	Overdue    int               `json:"overdue"`
	Percent    int               `json:"percent"`
	RAG        RAG               `json:"rag"`
}

// Overdue reports whether an item is past its due date and not finished.
func (it *Item) Overdue(today Date) bool {
	return !it.Due.IsZero() && it.Due.Before(today) && it.Status != Done && it.Status != NA
}

// ProgressOf applies the status key: an item counts when it is not n/a;
// readiness is the share of counted items done. A section is green when all
// its items are done or n/a, red when one is blocked or overdue, amber
// otherwise.
func ProgressOf(r *Record, now time.Time) Progress {
	today := DateOf(now)
	p := Progress{RAG: Green, Sections: []SectionProgress{}}
	for _, s := range r.Sections {
		if s.Kind != KindChecklist {
			continue
		}
		sp := SectionProgress{ID: s.ID}
		for i := range s.Items {
			it := &s.Items[i]
			if it.Status == NA {
				continue
			}
			sp.Applicable++
			switch {
			case it.Status == Done:
				sp.Done++
			case it.Status == Blocked:
				sp.Blocked++
			}
			if it.Overdue(today) {
				sp.Overdue++
			}
		}
		sp.Open = sp.Applicable - sp.Done
		sp.Percent = percent(sp.Done, sp.Applicable)
		switch {
		case sp.Blocked > 0 || sp.Overdue > 0:
			sp.RAG, sp.Why = Red, redWhy(sp.Blocked, sp.Overdue)
		case sp.Open > 0:
			sp.RAG, sp.Why = Amber, plural(sp.Open, "item", "items")+" open"
		default:
			sp.RAG, sp.Why = Green, "all items done or n/a"
		}
		p.Sections = append(p.Sections, sp)
		p.Applicable += sp.Applicable
		p.Done += sp.Done
		p.Blocked += sp.Blocked
		p.Overdue += sp.Overdue
		p.RAG = worse(p.RAG, sp.RAG)
	}
	p.Percent = percent(p.Done, p.Applicable)
	return p
}

func redWhy(blocked, overdue int) string {
	switch {
	case blocked > 0 && overdue > 0:
		return plural(blocked, "item", "items") + " blocked, " + plural(overdue, "item", "items") + " overdue"
	case blocked > 0:
		return plural(blocked, "item", "items") + " blocked"
	}
	return plural(overdue, "item", "items") + " overdue"
}

// percent rounds down, so 100% means every counted item is done; a section
// with nothing to count is complete.
func percent(done, of int) int {
	if of == 0 {
		return 100
	}
	return done * 100 / of
}

func plural(n int, one, many string) string {
	if n == 1 {
		return "1 " + one
	}
	return strconv.Itoa(n) + " " + many
}
