package reports

import (
	"fmt"

	"readyroom/readiness"
)

// ServiceTrack is the record's service's track record, for the readiness
// pack's summary: the figures of every record of the service
// (readiness.FiguresOf).
type ServiceTrack struct {
	Service string
	Figures readiness.DeliveryFigures
}

// trackRecord is the summary's "Service track record": the service's
// delivery figures, each beside its DORA band, which is for reference.
func (p *pack) trackRecord() {
	t := p.opt.Track
	if t == nil {
		return
	}
	f := t.Figures
	cols := []column{{"Figure", 52}, {t.Service, 0}, {"DORA band (reference)", 36}}
	if f.Releases == 0 {
		p.tableSection("Service track record", cols, nil,
			fmt.Sprintf("No release of %s has gone live yet (%d in flight): it has no track record.", t.Service, f.InFlight))
		return
	}
	row := func(figure, value string, b readiness.Band) []cell {
		word := "—"
		if b != readiness.BandNone {
			word = capitalise(string(b))
		}
		return []cell{boldCell(figure), textCell(value), textCell(word)}
	}
	rows := [][]cell{
		row("Releases", fmt.Sprintf("%d live, %d in flight; %d.%d a month", f.Releases, f.InFlight,
			f.ReleasesPerMonthTenths/10, f.ReleasesPerMonthTenths%10), f.FrequencyBand),
		row("Lead time (median)", plural(f.LeadTimeDays, "day", "days")+" from record to go-live", f.LeadTimeBand),
		row("Change failure rate", fmt.Sprintf("%d%% (%d of %s failed)", f.FailureRate, f.Failed, plural(f.Releases, "release", "releases")), f.FailureBand),
	}
	if f.Restores > 0 {
		rows = append(rows, row("Time to restore", fmt.Sprintf("median %s, mean %s (%s)", readiness.MinutesWords(f.RestoreMedian),
			readiness.MinutesWords(f.RestoreMean), plural(f.Restores, "P1/P2 incident", "P1/P2 incidents")), f.RestoreBand))
	} else {
		rows = append(rows, row("Time to restore", "no P1/P2 incident resolved in hypercare", readiness.BandNone))
	}
	if f.GoCount > 0 {
		rows = append(rows, row("Readiness at go/no-go (median)", fmt.Sprintf("%d%% (%s)", f.ReadyAtGo, plural(f.GoCount, "go decision", "go decisions")), readiness.BandNone))
	}
	if f.HypercareExited > 0 {
		rows = append(rows, row("Hypercare against plan", fmt.Sprintf("%s planned, %s taken (medians); %d of %d ran longer",
			plural(f.HypercarePlanned, "day", "days"), plural(f.HypercareActual, "day", "days"), f.HypercareLonger, f.HypercareExited), readiness.BandNone))
	}
	p.tableSection("Service track record", cols, rows, "")
	p.gap(1)
	p.note("The DORA bands (2023 report) are for reference: lead time here runs from the readiness record's creation to go-live, not from commit to production. A release failed when its hypercare had a P1 or P2 incident, a rollback or an extension for stability.")
}
