package reports_test

import (
	"bytes"
	"strings"
	"testing"

	"readyroom/readiness"
	"readyroom/reports"
)

// The readiness pack's summary ends with the service's track record when
// the export path gives one, its DORA bands said to be for reference; a
// service with no release says it has no track record; no track, no block.
func TestPackSummaryShowsTheServiceTrackRecord(t *testing.T) {
	r := demoRecords(t)[liveDemo]
	f := readiness.DeliveryFigures{Releases: 12, InFlight: 2, ReleasesPerMonthTenths: 11, FrequencyBand: readiness.BandMedium,
		LeadTimeDays: 23, LeadTimeBand: readiness.BandMedium, Failed: 3, FailureRate: 25, FailureBand: readiness.BandLow,
		Restores: 4, RestoreMedian: 200, RestoreMean: 3000, RestoreBand: readiness.BandHigh, GoCount: 10, ReadyAtGo: 88,
		HypercareExited: 9, HypercarePlanned: 14, HypercareActual: 17, HypercareLonger: 4}
	pack := func(track *reports.ServiceTrack) string {
		txt := pdfText(t, render(t, func(b *bytes.Buffer) error {
			return reports.ReadinessPack(b, &r, nil, reports.PackOptions{Now: now, Track: track})
		}))
		return txt[strings.LastIndex(txt, "Executive summary "):strings.LastIndex(txt, "High-level description ")]
	}
	summary := pack(&reports.ServiceTrack{Service: "Identity", Figures: f})
	inOrder(t, summary, "Service track record", "Releases", "12 live, 2 in flight; 1.1 a month", "Medium",
		"Lead time (median)", "23 days from record to go-live", "Medium",
		"Change failure rate", "25% (3 of 12 releases failed)", "Low",
		"Time to restore", "median 3 h 20 min, mean 2 d 2 h (4 P1/P2 incidents)", "High",
		"Readiness at go/no-go (median)", "88% (10 go decisions)",
		"Hypercare against plan", "14 days planned, 17 days taken (medians); 4 of 9 ran longer",
		"The DORA bands (2023 report) are for reference: lead time here runs from the readiness record's creation to go-live")
	none := pack(&reports.ServiceTrack{Service: "Identity", Figures: readiness.DeliveryFigures{InFlight: 1}})
	inOrder(t, none, "Service track record", "No release of Identity has gone live yet (1 in flight): it has no track record.")
	if s := pack(nil); strings.Contains(s, "Service track record") {
		t.Error("a pack without a track record shows the block")
	}
}
