package readiness

import (
	"cmp"
	"fmt"
	"slices"
	"strings"
)

// A service's history is what its releases teach: how often it releases,
// how long a release takes from its record to go-live, how ready it was at
// its go/no-go, how often a release failed in hypercare and how long the
// service took to restore. The figures are made of Delivery facts, one per
// record, kept in the record's summary so that a portfolio of a thousand
// records adds them up without reading a record.

// Failure names why a release counts as a failed change.
type Failure string

const (
	// FailedP1P2 is a P1 or P2 incident in the release's hypercare.
	FailedP1P2 Failure = "p1p2"
	// FailedRollback is an incident resolved by rolling the change back.
	FailedRollback Failure = "rollback"
	// FailedStability is a hypercare extension for stability.
	FailedStability Failure = "stability"
)

// Words says the failure in words.
func (f Failure) Words() string {
	switch f {
	case FailedP1P2:
		return "a P1 or P2 incident in hypercare"
	case FailedRollback:
		return "a rollback"
	case FailedStability:
		return "hypercare extended for stability"
	}
	return string(f)
}

// Delivery is what one record adds to its service's track record.
type Delivery struct {
	Created  Date `json:"created"`
	WentLive Date `json:"wentLive"` // zero until live (and again after a move back before live)
	// ReadyAtGo is the readiness percentage the last go decision's snapshot
	// recorded; HasGo says whether there is one.
	HasGo     bool `json:"hasGo"`
	ReadyAtGo int  `json:"readyAtGo"`
	// Failures says why the release counts as a failed change, in a fixed
	// order (P1/P2, rollback, stability); empty for a clean release.
	Failures []Failure `json:"failures"`
	// Restores are the minutes each resolved P1 or P2 hypercare incident
	// took from opened to resolved, in the record's order.
	Restores []int `json:"restores"`
	// PlannedDays is the hypercare window planned; once Exited, ActualDays
	// are the days from its start to its exit.
	Exited      bool `json:"exited"`
	PlannedDays int  `json:"plannedDays"`
	ActualDays  int  `json:"actualDays"`
}

// DeliveryOf reads a record's delivery facts.
func DeliveryOf(r *Record) Delivery {
	d := Delivery{Created: DateOf(r.CreatedAt), WentLive: r.WentLive.On, Failures: []Failure{}, Restores: []int{},
		PlannedDays: r.Hypercare.Window.Days}
	if r.CreatedAt.IsZero() {
		d.Created = ""
	}
	if c := r.lastGo(); c != nil {
		d.HasGo, d.ReadyAtGo = true, c.Snapshot.Percent
	}
	var p1p2, rollback, stability bool
	for _, in := range r.Hypercare.Incidents {
		serious := in.Severity == "P1" || in.Severity == "P2"
		p1p2 = p1p2 || serious
		rollback = rollback || in.RolledBack
		if serious && in.Resolved != "" {
			if m := int(in.Resolved.Time().Sub(in.Opened.Time()).Minutes()); m >= 0 {
				d.Restores = append(d.Restores, m)
			}
		}
	}
	for _, e := range r.Hypercare.Extensions {
		stability = stability || e.Stability
	}
	for _, f := range []struct {
		on bool
		f  Failure
	}{{p1p2, FailedP1P2}, {rollback, FailedRollback}, {stability, FailedStability}} {
		if f.on {
			d.Failures = append(d.Failures, f.f)
		}
	}
	w := r.Hypercare.Window
	if w.State == HCExited && !w.Start.IsZero() && !w.ExitedOn.IsZero() {
		d.Exited, d.ActualDays = true, daysBetween(w.Start, w.ExitedOn)
	}
	return d
}

// lastGo is the last go/no-go ceremony whose decision was a go (with or
// without conditions).
func (r *Record) lastGo() *Ceremony {
	var last *Ceremony
	for i := range r.Ceremonies {
		c := &r.Ceremonies[i]
		if c.Kind != GoNoGo {
			continue
		}
		if o := goDecision(c); (o == Go || o == GoWithConditions) && (last == nil || !c.Date.Before(last.Date)) {
			last = c
		}
	}
	return last
}

// Released reports whether the record counts as a release: it has gone
// live and has not moved back before live since.
func (d Delivery) Released() bool { return !d.WentLive.IsZero() }

// Failed reports whether the release counts as a failed change.
func (d Delivery) Failed() bool { return len(d.Failures) > 0 }

// Release is one release of a service, as its history lists it.
type Release struct {
	ID       RecordID `json:"id"`
	Title    string   `json:"title"`
	Service  string   `json:"service"`
	Squad    string   `json:"squad"`
	Tier     Tier     `json:"tier"`
	State    State    `json:"state"`
	GoLive   Date     `json:"goLive"` // planned
	Delivery Delivery `json:"delivery"`
	Failures []string `json:"failures"` // Delivery.Failures in words
}

// ReleaseOf makes a summary's release row.
func ReleaseOf(s *Summary) Release {
	r := Release{ID: s.ID, Title: s.Title, Service: s.Service, Squad: s.Squad, Tier: s.Tier, State: s.State, GoLive: s.GoLive,
		Delivery: s.Delivery, Failures: make([]string, len(s.Delivery.Failures))}
	for i, f := range s.Delivery.Failures {
		r.Failures[i] = f.Words()
	}
	return r
}

// Band is where a figure stands against the DORA benchmark bands (the 2023
// State of DevOps report's elite, high, medium and low performers). They
// are shown for reference: Ready Room's lead time runs from the readiness
// record's creation to go-live, not from commit to production.
type Band string

const (
	BandElite  Band = "elite"
	BandHigh   Band = "high"
	BandMedium Band = "medium"
	BandLow    Band = "low"
	BandNone   Band = "" // no figure to place
)

// Figures of a service (or of a whole portfolio) over its releases.
type DeliveryFigures struct {
	// Releases counts records that went live; InFlight those that have not.
	Releases int `json:"releases"`
	InFlight int `json:"inFlight"`
	// PerMonth counts go-lives in each of the last twelve months, oldest
	// first, ending with today's month.
	PerMonth []MonthCount `json:"perMonth"`
	// ReleasesPerMonth is the mean over the months from the first go-live
	// to today's (at least one), in tenths to keep it an integer.
	ReleasesPerMonthTenths int  `json:"releasesPerMonthTenths"`
	FrequencyBand          Band `json:"frequencyBand"`
	// LeadTimeDays is the median days from record created to go-live.
	LeadTimeDays int  `json:"leadTimeDays"`
	LeadTimeBand Band `json:"leadTimeBand"`
	// ReadyAtGo is the median readiness at the go decision, of releases
	// with one (GoCount of them).
	ReadyAtGo int `json:"readyAtGo"`
	GoCount   int `json:"goCount"`
	// Failed counts failed changes; FailureRate is Failed of Releases in
	// whole percent.
	Failed      int  `json:"failed"`
	FailureRate int  `json:"failureRate"`
	FailureBand Band `json:"failureBand"`
	// Restores counts resolved P1/P2 incidents; their median and mean time
	// to restore in minutes.
	Restores      int  `json:"restores"`
	RestoreMedian int  `json:"restoreMedian"`
	RestoreMean   int  `json:"restoreMean"`
	RestoreBand   Band `json:"restoreBand"`
	// Hypercare: windows exited, the median planned and actual days, and
	// how many ran longer than planned.
	HypercareExited  int `json:"hypercareExited"`
	HypercarePlanned int `json:"hypercarePlanned"`
	HypercareActual  int `json:"hypercareActual"`
	HypercareLonger  int `json:"hypercareLonger"`
}

// MonthCount is the go-lives in one calendar month.
type MonthCount struct {
	Month string `json:"month"` // 2026-12
	Count int    `json:"count"`
}

// FiguresOf adds up the delivery facts of a set of records as of today.
func FiguresOf(ds []Delivery, today Date) DeliveryFigures {
	f := DeliveryFigures{PerMonth: lastMonths(today, 12)}
	var lead, ready, restores, planned, actual []int
	first := Date("")
	for _, d := range ds {
		if !d.Released() {
			f.InFlight++
			continue
		}
		f.Releases++
		if first.IsZero() || d.WentLive.Before(first) {
			first = d.WentLive
		}
		month := string(d.WentLive)[:7]
		for i := range f.PerMonth {
			if f.PerMonth[i].Month == month {
				f.PerMonth[i].Count++
			}
		}
		if !d.Created.IsZero() {
			lead = append(lead, max(0, daysBetween(d.Created, d.WentLive)))
		}
		if d.HasGo {
			ready = append(ready, d.ReadyAtGo)
		}
		if d.Failed() {
			f.Failed++
		}
		restores = append(restores, d.Restores...)
		if d.Exited {
			f.HypercareExited++
			planned, actual = append(planned, d.PlannedDays), append(actual, d.ActualDays)
			if d.ActualDays > d.PlannedDays {
				f.HypercareLonger++
			}
		}
	}
	f.GoCount, f.Restores = len(ready), len(restores)
	f.LeadTimeDays, f.ReadyAtGo = median(lead), median(ready)
	f.RestoreMedian, f.RestoreMean = median(restores), mean(restores)
	f.HypercarePlanned, f.HypercareActual = median(planned), median(actual)
	if f.Releases > 0 {
		f.FailureRate = (f.Failed*100 + f.Releases/2) / f.Releases
		months := max(1, monthsBetween(first, today)+1)
		f.ReleasesPerMonthTenths = (f.Releases*10 + months/2) / months
		f.FrequencyBand = frequencyBand(f.ReleasesPerMonthTenths)
		f.FailureBand = failureBand(f.FailureRate)
		if len(lead) > 0 {
			f.LeadTimeBand = leadTimeBand(f.LeadTimeDays)
		}
	}
	if f.Restores > 0 {
		f.RestoreBand = restoreBand(f.RestoreMedian)
	}
	return f
}

// The DORA 2023 bands. Deployment frequency: elite on demand (several a
// day), high daily to weekly, medium weekly to monthly, low less often.
// Lead time: under a day, a day to a week, a week to a month, longer.
// Change failure rate: 5, 10, 15 % and above. Time to restore: under an
// hour, under a day, under a week, longer.
func frequencyBand(perMonthTenths int) Band {
	switch {
	case perMonthTenths >= 600: // about twice a day or more
		return BandElite
	case perMonthTenths >= 40: // weekly or more
		return BandHigh
	case perMonthTenths >= 10: // monthly or more
		return BandMedium
	}
	return BandLow
}

func leadTimeBand(days int) Band {
	switch {
	case days < 1:
		return BandElite
	case days <= 7:
		return BandHigh
	case days <= 31:
		return BandMedium
	}
	return BandLow
}

func failureBand(percent int) Band {
	switch {
	case percent <= 5:
		return BandElite
	case percent <= 10:
		return BandHigh
	case percent <= 15:
		return BandMedium
	}
	return BandLow
}

func restoreBand(minutes int) Band {
	switch {
	case minutes < 60:
		return BandElite
	case minutes < 24*60:
		return BandHigh
	case minutes < 7*24*60:
		return BandMedium
	}
	return BandLow
}

// lastMonths lists the n calendar months ending with today's, oldest first.
func lastMonths(today Date, n int) []MonthCount {
	out := make([]MonthCount, n)
	t := today.Time()
	if today.IsZero() {
		return out[:0]
	}
	first := t.AddDate(0, -(n - 1), 1-t.Day())
	for i := range out {
		out[i].Month = first.AddDate(0, i, 0).Format("2006-01")
	}
	return out
}

func monthsBetween(a, b Date) int {
	ta, tb := a.Time(), b.Time()
	return (tb.Year()-ta.Year())*12 + int(tb.Month()) - int(ta.Month())
}

// median of the values (the lower middle of an even count: a figure that
// happened), 0 when none.
func median(v []int) int {
	if len(v) == 0 {
		return 0
	}
	s := slices.Clone(v)
	slices.Sort(s)
	return s[(len(s)-1)/2]
}

func mean(v []int) int {
	if len(v) == 0 {
		return 0
	}
	sum := 0
	for _, x := range v {
		sum += x
	}
	return (sum + len(v)/2) / len(v)
}

// Advice is what a service's track record says about the tier of its next
// release, with the reason in words.
type Advice struct {
	// Tier is what the history calls for: Gold after a recent failed
	// change, Silver after a clean run, "" when it says nothing.
	Tier   Tier   `json:"tier"`
	Reason string `json:"reason"`
	// StandardChange is true after a run of clean releases long enough to
	// suggest the organisation's standard-change template.
	StandardChange bool `json:"standardChange"`
	// Evidence lists the releases the advice rests on, newest first.
	Evidence []RecordID `json:"evidence"`
}

// CleanRun is how many clean releases in a row make a service's track
// record count: Silver is enough, and a standard change may be.
const CleanRun = 4

// Advise reads the track record of one service's releases: the last
// release decides when it failed (a rollback or a P1/P2 incident calls for
// Gold), and CleanRun clean releases in a row call for no more than Silver
// and suggest a standard change.
func Advise(service string, releases []Release) Advice {
	var live []Release
	for _, r := range releases {
		if r.Delivery.Released() && NameKey(r.Service) == NameKey(service) {
			live = append(live, r)
		}
	}
	slices.SortStableFunc(live, func(a, b Release) int {
		return cmp.Compare(b.Delivery.WentLive, a.Delivery.WentLive) // newest first
	})
	if len(live) == 0 {
		return Advice{Evidence: []RecordID{}}
	}
	last := live[0]
	if last.Delivery.Failed() {
		return Advice{Tier: Gold, Evidence: []RecordID{last.ID},
			Reason: fmt.Sprintf("The last release of %s (%s, live %s) had %s: Gold.", service, last.Title, last.Delivery.WentLive.Words(), wordsOf(last.Delivery.Failures))}
	}
	run := 0
	for _, r := range live {
		if r.Delivery.Failed() {
			break
		}
		run++
	}
	ev := make([]RecordID, 0, run)
	for _, r := range live[:run] {
		ev = append(ev, r.ID)
	}
	if run < CleanRun {
		last := "release"
		if run > 1 {
			last = fmt.Sprintf("%d releases", run)
		}
		return Advice{Evidence: ev, Reason: fmt.Sprintf("The last %s of %s went live clean; %d clean releases in a row would make Silver enough.",
			last, service, CleanRun)}
	}
	return Advice{Tier: Silver, StandardChange: true, Evidence: ev,
		Reason: fmt.Sprintf("The last %d releases of %s went live with no P1/P2 in hypercare and no rollback: Silver is enough unless a question above says otherwise.", run, service)}
}

// RecommendWith applies the questionnaire and then the service's track
// record: a recent failure raises Silver to Gold; a clean run never lowers
// what a question calls for, it only says so.
func RecommendWith(a Answers, adv Advice) Recommendation {
	r := Recommend(a)
	if adv.Reason == "" {
		return r
	}
	r.History = adv.Reason
	if adv.Tier == Gold && r.Tier != Gold {
		r.Tier = Gold
		r.Summary = "Gold: the service's track record calls for full due diligence."
	}
	return r
}

func wordsOf(fs []Failure) string {
	w := make([]string, len(fs))
	for i, f := range fs {
		w[i] = f.Words()
	}
	return joinAnd(w)
}

func joinAnd(w []string) string {
	switch len(w) {
	case 0:
		return ""
	case 1:
		return w[0]
	}
	return strings.Join(w[:len(w)-1], ", ") + " and " + w[len(w)-1]
}

// MinutesWords says a time to restore in words: 45 min, 3 h 20 min, 2 d 4 h.
func MinutesWords(m int) string {
	switch {
	case m < 60:
		return fmt.Sprintf("%d min", m)
	case m < 24*60:
		if m%60 == 0 {
			return fmt.Sprintf("%d h", m/60)
		}
		return fmt.Sprintf("%d h %d min", m/60, m%60)
	}
	d, h := m/(24*60), m%(24*60)/60
	if h == 0 {
		return fmt.Sprintf("%d d", d)
	}
	return fmt.Sprintf("%d d %d h", d, h)
}
