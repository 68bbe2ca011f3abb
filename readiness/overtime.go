package readiness

import (
	"cmp"
	"fmt"
	"slices"
	"sort"
	"time"
)

// A record's readiness over time is read back from its change log: the
// changes are folded in clock order, as Fold does, and the readiness
// percentage is taken at the end of every day that had a change, from the
// day the record was created to the day it went live.

// DayReadiness is a record's readiness at the end of one day.
type DayReadiness struct {
	Day     Date `json:"day"`
	Percent int  `json:"percent"`
	Done    int  `json:"done"`
	Of      int  `json:"of"` // applicable items
}

// ReadinessCurve is a record's readiness from its creation to its go-live.
type ReadinessCurve struct {
	// Days are the days with a change, oldest first, each with the
	// readiness at its end; the first is the day the record was created.
	Days []DayReadiness `json:"days"`
	// WentLive is the day the record went live (the last of Days then);
	// "" when it has not, and Days run to its last change.
	WentLive Date `json:"wentLive"`
	// Ceremonies are the record's ceremonies held on or before the curve's
	// last day, in date order.
	Ceremonies []CeremonyRef `json:"ceremonies"`
}

// ReadinessOverTime folds a record's changes in clock order (any order in,
// a change listed twice counts once) and takes its readiness at the end of
// each day that had a change, up to the day it went live: the go-live date
// the whole log gives it, so a record moved back before live runs to its
// last change. Days are calendar days in UTC, as change stamps are. cat
// holds the template versions the changes may name (nil: the shipped ones).
func ReadinessOverTime(changes []Change, cat *Catalog) (ReadinessCurve, error) {
	sorted := slices.Clone(changes)
	sort.Slice(sorted, func(i, j int) bool { return sorted[i].ID < sorted[j].ID })
	sorted = slices.CompactFunc(sorted, func(a, b Change) bool { return a.ID == b.ID })
	whole, err := Fold(sorted, cat)
	if err != nil {
		return ReadinessCurve{}, err
	}
	out := ReadinessCurve{Days: []DayReadiness{}, Ceremonies: []CeremonyRef{}}
	if !whole.Created {
		return out, fmt.Errorf("the changes hold no creating change: %w", ErrNotFound)
	}
	out.WentLive = whole.Record.WentLive.On
	var d Doc
	byPath := map[Path][]Change{}
	log := func(p Path) ([]Change, error) { return byPath[p], nil }
	note := func(day Date) {
		if !d.Created {
			return // edits that came before their record's creation
		}
		p := ProgressOf(&d.Record, time.Time{})
		out.Days = append(out.Days, DayReadiness{Day: day, Percent: p.Percent, Done: p.Done, Of: p.Applicable})
	}
	day := Date("")
	for _, c := range sorted {
		cd := DateOf(c.HLC.Time())
		if !out.WentLive.IsZero() && out.WentLive.Before(cd) {
			break // after go-live
		}
		if cd != day && !day.IsZero() {
			note(day)
		}
		day = cd
		byPath[c.Path] = append(byPath[c.Path], c)
		if err := d.Apply(c, log, cat); err != nil {
			return ReadinessCurve{}, err
		}
	}
	if !day.IsZero() {
		note(day)
	}
	last := Date("")
	if n := len(out.Days); n > 0 {
		last = out.Days[n-1].Day
	}
	for _, c := range whole.Record.Ceremonies {
		if !c.Date.IsZero() && !last.Before(c.Date) {
			out.Ceremonies = append(out.Ceremonies, CeremonyRef{ID: c.ID, Kind: c.Kind, Date: c.Date})
		}
	}
	slices.SortStableFunc(out.Ceremonies, func(a, b CeremonyRef) int { return cmp.Compare(a.Date, b.Date) })
	return out, nil
}
