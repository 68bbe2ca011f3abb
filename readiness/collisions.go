package readiness

import (
	"cmp"
	"fmt"
	"slices"
	"strings"
)

// Freeze is a period in which nothing should go live (a change freeze the
// organisation sets: year end, a peak trading week).
type Freeze struct {
	Name string `json:"name" validate:"required,max=120,line"`
	From Date   `json:"from" validate:"required,date"`
	To   Date   `json:"to" validate:"required,date"`
}

// CollisionKind names what collides.
type CollisionKind string

const (
	// GoLiveClash is two go-lives of the same service or squad on one day.
	GoLiveClash CollisionKind = "go-live"
	// FreezeClash is a go-live inside a freeze period.
	FreezeClash CollisionKind = "freeze"
	// HypercareClash is two hypercare windows of one service that overlap.
	HypercareClash CollisionKind = "hypercare"
)

// Collision is one clash of a record's go-live with another record's or
// with a freeze, said in words.
type Collision struct {
	Kind   CollisionKind `json:"kind"`
	Record RecordID      `json:"record"`
	// With is the other record ("" for a freeze) and its title.
	With      RecordID `json:"with"`
	WithTitle string   `json:"withTitle"`
	Words     string   `json:"words"`
}

// golive is the day a record goes (or went) live.
func golive(s *Summary) Date {
	if !s.WentLive.IsZero() {
		return s.WentLive
	}
	return s.GoLive
}

// upcoming reports whether a record has yet to go live.
func upcoming(s *Summary) bool {
	return s.WentLive.IsZero() && (s.State == Draft || s.State == Preparing || s.State == Ready)
}

// window is the hypercare window a record has or will have: from its start
// (or planned go-live) to its exit or end; ok is false when it has none
// worth comparing (no dates, or a record handed over or closed).
func window(s *Summary) (from, to Date, ok bool) {
	switch {
	case s.State == HandedOver || s.State == Closed:
		return "", "", false
	case !s.HypercareStart.IsZero():
		from, to = s.HypercareStart, s.HypercareEnd
		if !s.ExitedOn.IsZero() {
			to = s.ExitedOn
		}
	case upcoming(s) && !s.GoLive.IsZero():
		from, to = s.GoLive, s.GoLive.AddDays(max(1, s.Delivery.PlannedDays))
	default:
		return "", "", false
	}
	return from, to, !from.IsZero() && !to.IsZero()
}

// Collisions finds, among the records, go-lives of the same service or squad
// on the same day (one of them still to come), go-lives to come inside a
// freeze, and hypercare windows of one service that overlap and have not
// ended before today. Each clash of two records is listed once per record,
// so that each record's list is complete; the result is sorted by record
// and kind.
func Collisions(sums []Summary, freezes []Freeze, today Date) []Collision {
	var out []Collision
	pair := func(k CollisionKind, a, b *Summary, words string) {
		out = append(out, Collision{Kind: k, Record: a.ID, With: b.ID, WithTitle: b.Title, Words: words},
			Collision{Kind: k, Record: b.ID, With: a.ID, WithTitle: a.Title, Words: words})
	}
	type keyed struct {
		key string
		s   *Summary
	}
	var bySvc, bySquad []keyed
	for i := range sums {
		s := &sums[i]
		if s.State == Closed || s.State == HandedOver {
			continue
		}
		if k := NameKey(s.Service); k != "" {
			bySvc = append(bySvc, keyed{k, s})
		}
		if k := NameKey(s.Squad); k != "" {
			bySquad = append(bySquad, keyed{k, s})
		}
		if d := golive(s); upcoming(s) && !d.IsZero() && !d.Before(today) {
			for _, f := range freezes {
				if !d.Before(f.From) && !f.To.Before(d) {
					out = append(out, Collision{Kind: FreezeClash, Record: s.ID,
						Words: fmt.Sprintf("Goes live on %s, inside the %s freeze (%s to %s)", d.Words(), f.Name, f.From.Words(), f.To.Words())})
				}
			}
		}
	}
	byKey := func(a, b keyed) int { return cmp.Compare(a.key, b.key) }
	slices.SortStableFunc(bySvc, byKey)
	slices.SortStableFunc(bySquad, byKey)
	seen := map[[2]RecordID]bool{} // a pair of one service and squad is said once
	for _, group := range []struct {
		what string
		g    []keyed
	}{{"service", bySvc}, {"squad", bySquad}} {
		what, g := group.what, group.g
		for i := 0; i < len(g); {
			j := i + 1
			for j < len(g) && g[j].key == g[i].key {
				j++
			}
			for x := i; x < j; x++ {
				for y := x + 1; y < j; y++ {
					a, b := g[x].s, g[y].s
					da, db := golive(a), golive(b)
					if !da.IsZero() && da == db && (upcoming(a) || upcoming(b)) && !da.Before(today) && !seen[[2]RecordID{a.ID, b.ID}] {
						seen[[2]RecordID{a.ID, b.ID}] = true
						name := a.Service
						if what == "squad" {
							name = a.Squad
						}
						pair(GoLiveClash, a, b, fmt.Sprintf("%s and %s both go live on %s (same %s, %s)", a.Title, b.Title, da.Words(), what, name))
					}
					if what != "service" {
						continue
					}
					af, at, aok := window(a)
					bf, bt, bok := window(b)
					if aok && bok && !at.Before(bf) && !bt.Before(af) && !at.Before(today) && !bt.Before(today) {
						pair(HypercareClash, a, b, fmt.Sprintf("Hypercare of %s (%s to %s) overlaps that of %s (%s to %s), both %s",
							a.Title, af.Words(), at.Words(), b.Title, bf.Words(), bt.Words(), a.Service))
					}
				}
			}
			i = j
		}
	}
	slices.SortStableFunc(out, func(a, b Collision) int {
		return cmp.Or(cmp.Compare(a.Record, b.Record), cmp.Compare(a.Kind, b.Kind), cmp.Compare(a.With, b.With))
	})
	return out
}

// NameKey is the form two spellings of one name share: case folded,
// accents dropped, runs of spaces and punctuation made one space.
func NameKey(s string) string {
	return strings.Join(strings.FieldsFunc(foldName(s), func(r rune) bool {
		return !(r >= '0' && r <= '9') && !isLetter(r)
	}), " ")
}
