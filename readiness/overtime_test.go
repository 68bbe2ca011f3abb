package readiness

import (
	"errors"
	"math/rand/v2"
	"reflect"
	"testing"
	"time"
)

// dayClock is a maker whose clock reads a given day (10:00 UTC, a
// millisecond more at each reading), moved on by setDay.
type dayClock struct {
	m   *Maker
	now time.Time
}

func newDayClock(day string) *dayClock {
	c := &dayClock{}
	c.setDay(day)
	c.m = &Maker{Clock: NewClock(func() time.Time { c.now = c.now.Add(time.Millisecond); return c.now }), Replica: "00000000000000a1", Author: "Ana"}
	return c
}

func (c *dayClock) setDay(day string) {
	c.now, _ = time.Parse("2006-01-02 15:04", day+" 10:00")
}

// step is one day's edits of a record in a readiness-over-time test.
type step struct {
	day   string
	edits func(d *Doc) map[Path]any
}

func TestReadinessOverTime(t *testing.T) {
	// The Gold template's first four items; the test's record has every
	// other one open, so each done item moves readiness by 100/applicable.
	items := func(d *Doc, n int) ItemID {
		for _, s := range d.Record.Sections {
			for _, it := range s.Items {
				if n == 0 {
					return it.ID
				}
				n--
			}
		}
		return ""
	}
	done := func(ns ...int) func(d *Doc) map[Path]any {
		return func(d *Doc) map[Path]any {
			out := map[Path]any{}
			for _, n := range ns {
				out[ItemPath(items(d, n), "status")] = StatusValue{Status: Done}
			}
			return out
		}
	}
	var applicable int
	pc := func(done int) int { return percent(done, applicable) }
	for _, tc := range []struct {
		name       string
		steps      []step
		ceremonies []Ceremony // held, with their dates
		want       func() ReadinessCurve
	}{
		{"one point a day with a change, taken at the day's end", []step{
			{"2026-03-02", done(0)},
			{"2026-03-02", done(1)}, // later the same day
			{"2026-03-05", done(2, 3)},
		}, nil, func() ReadinessCurve {
			return ReadinessCurve{Days: []DayReadiness{{"2026-03-01", 0, 0, applicable}, {"2026-03-02", pc(2), 2, applicable},
				{"2026-03-05", pc(4), 4, applicable}}, Ceremonies: []CeremonyRef{}}
		}},
		{"an item moved back lowers it", []step{
			{"2026-03-02", done(0, 1)},
			{"2026-03-03", func(d *Doc) map[Path]any {
				return map[Path]any{ItemPath(items(d, 1), "status"): StatusValue{Status: NotStarted}}
			}},
		}, nil, func() ReadinessCurve {
			return ReadinessCurve{Days: []DayReadiness{{"2026-03-01", 0, 0, applicable}, {"2026-03-02", pc(2), 2, applicable},
				{"2026-03-03", pc(1), 1, applicable}}, Ceremonies: []CeremonyRef{}}
		}},
		{"it stops at the go-live day; ceremonies after it are not marked", []step{
			{"2026-03-02", done(0)},
			{"2026-03-04", func(d *Doc) map[Path]any {
				return map[Path]any{DatePath(Live): MoveDate{On: "2026-03-04"}, ItemPath(items(d, 1), "status"): StatusValue{Status: Done}}
			}},
			{"2026-03-09", done(2)}, // hypercare-time edits: not readiness before go-live
		}, []Ceremony{
			{ID: "01JE0000000000000000000001", Kind: ReadinessReview, Date: "2026-03-03", Attendees: []Person{{Name: "Ana"}}},
			{ID: "01JE0000000000000000000002", Kind: HypercareCheckIn, Date: "2026-03-09", Attendees: []Person{{Name: "Ana"}}},
		}, func() ReadinessCurve {
			return ReadinessCurve{WentLive: "2026-03-04", Days: []DayReadiness{{"2026-03-01", 0, 0, applicable},
				{"2026-03-02", pc(1), 1, applicable}, {"2026-03-04", pc(2), 2, applicable}},
				Ceremonies: []CeremonyRef{{ID: "01JE0000000000000000000001", Kind: ReadinessReview, Date: "2026-03-03"}}}
		}},
		{"a record moved back before live runs to its last change", []step{
			{"2026-03-02", func(d *Doc) map[Path]any { return map[Path]any{DatePath(Live): MoveDate{On: "2026-03-02"}} }},
			{"2026-03-03", func(d *Doc) map[Path]any { return map[Path]any{DatePath(Live): MoveDate{}} }},
			{"2026-03-06", done(0)},
		}, nil, func() ReadinessCurve {
			return ReadinessCurve{Days: []DayReadiness{{"2026-03-01", 0, 0, applicable}, {"2026-03-02", 0, 0, applicable},
				{"2026-03-03", 0, 0, applicable}, {"2026-03-06", pc(1), 1, applicable}}, Ceremonies: []CeremonyRef{}}
		}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			c := newDayClock("2026-03-01")
			in := testInput()
			in.Tier = Silver
			in.Answers = Answers{}
			create, err := c.m.Create(testRecord, in, nil)
			if err != nil {
				t.Fatal(err)
			}
			log := &memLog{}
			var d Doc
			log.apply(t, &d, create)
			applicable = ProgressOf(&d.Record, time.Time{}).Applicable
			for _, s := range tc.steps {
				c.setDay(s.day)
				for p, v := range s.edits(&d) {
					log.apply(t, &d, mustEdit(t, c.m, &d, p, v))
				}
			}
			for _, cer := range tc.ceremonies {
				log.apply(t, &d, mustEdit(t, c.m, &d, EntryPath("ceremonies", cer.ID), cer))
			}
			want := tc.want()
			got, err := ReadinessOverTime(log.changes, nil)
			if err != nil {
				t.Fatal(err)
			}
			if !reflect.DeepEqual(got, want) {
				t.Errorf("ReadinessOverTime\n got %+v\nwant %+v", got, want)
			}
			// Any order of the log, and a change listed twice, give the same curve.
			shuffled := append(append([]Change{}, log.changes...), log.changes[len(log.changes)-1])
			rand.New(rand.NewPCG(1, 2)).Shuffle(len(shuffled), func(i, j int) { shuffled[i], shuffled[j] = shuffled[j], shuffled[i] })
			if again, err := ReadinessOverTime(shuffled, nil); err != nil || !reflect.DeepEqual(again, want) {
				t.Errorf("shuffled log: %+v, %v", again, err)
			}
		})
	}
}

func TestReadinessOverTimeNeedsTheCreatingChange(t *testing.T) {
	c := newDayClock("2026-03-01")
	create, err := c.m.Create(testRecord, testInput(), nil)
	if err != nil {
		t.Fatal(err)
	}
	var d Doc
	(&memLog{}).apply(t, &d, create)
	edit := mustEdit(t, c.m, &d, ItemPath(firstItem(&d), "status"), StatusValue{Status: Done})
	if _, err := ReadinessOverTime([]Change{edit}, nil); !errors.Is(err, ErrNotFound) {
		t.Fatalf("a log without its creating change: %v, want ErrNotFound", err)
	}
}
