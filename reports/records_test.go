package reports

import (
	"fmt"
	"strings"
	"testing"
	"time"

	"readyroom/readiness"
)

// Records the tests and benchmarks render, built from the Gold template and
// filled in directly.

var packTime = time.Date(2026, 11, 22, 9, 30, 0, 0, time.UTC)

// goldRecord is a Gold record a week before go-live with a spread of
// statuses, evidence, risks and contacts. notes repeats a sentence in every
// item's notes: 0 gives a demo-like pack, 7 about 40 pages, 80 about 400.
func goldRecord(tb testing.TB, notes int) *readiness.Record {
	tb.Helper()
	gold, err := readiness.TemplateFor(readiness.Gold)
	if err != nil {
		tb.Fatal(err)
	}
	r := readiness.Instantiate(gold, "01JD0000000000000000000000", readiness.NewRecord{
		Service: "Payments Gateway", Title: "Card tokenisation v3", Squad: "Squad Falcon", SDM: "Priya Raman",
		MaintenanceTeam: "Payments Run Team", GoLive: "2026-11-29", Tier: readiness.Gold,
		TierReason: "Customer-facing, card data, a new supplier",
	}, "Sam Okafor", packTime.Add(-30*24*time.Hour))
	r.State = readiness.Preparing
	narrative := map[readiness.SectionID]string{
		"description":   "Moves card tokenisation from the legacy vault to Vaultline's token service. Every stored card is re-tokenised in batches over two nights; checkout and refunds read through a compatibility layer until the last batch lands.",
		"key-dates":     "Firebreak: 2026-11-26 12:00. Go/no-go: 2026-11-27 10:00. Go-live: 2026-11-29 06:00 (out of hours, low traffic). Hypercare: 14 days from go-live.",
		"release-plan":  "1. Enable the compatibility layer (feature flag tokenisation.v3.read).\n2. Re-tokenise batch A (cards created before 2020).\n3. Re-tokenise batch B.\n4. Switch writes to Vaultline; keep the legacy vault read-only for 30 days.",
		"rollback-plan": "Turn the write flag off: writes return to the legacy vault within one minute. Tokens issued by Vaultline stay valid through the compatibility layer. Decided by the on-call incident lead; rehearsed on 2026-11-18.",
	}
	for i := range r.Sections {
		if t, ok := narrative[r.Sections[i].ID]; ok {
			r.Sections[i].Text = t
		}
	}
	statuses := []readiness.Status{readiness.Done, readiness.Done, readiness.InProgress, readiness.Blocked, readiness.NA, readiness.NotStarted}
	owners := []string{"Amira Haddad", "Sam Okafor", "Jo Park", "Lena Fischer"}
	i := 0
	for si := range r.Sections {
		for ii := range r.Sections[si].Items {
			it := &r.Sections[si].Items[ii]
			it.Status = statuses[i%len(statuses)]
			if it.Status == readiness.NA && !it.NAAllowed {
				it.Status = readiness.Done
			}
			switch it.Status {
			case readiness.Blocked:
				it.Reason = "Waiting for the supplier's penetration test report"
			case readiness.NA:
				it.Reason = "No customer-visible change for this item"
			case readiness.InProgress:
				it.Due = "2026-11-20" // overdue on packTime
			case readiness.NotStarted:
				it.Due = "2026-11-27"
			}
			it.Owner = owners[i%len(owners)]
			if it.Status == readiness.Done || it.Status == readiness.InProgress {
				it.Evidence = []readiness.Evidence{{Label: "Runbook section " + string(it.ID), URL: "https://wiki.example.com/payments/tokenisation-v3/" + string(it.ID)}}
			}
			it.Notes = strings.TrimSpace(strings.Repeat("Evidence reviewed with the run team; follow-up booked for the next readiness review. ", notes))
			i++
		}
	}
	r.Risks = []readiness.Risk{
		{ID: "01JD0000000000000000000001", Description: "Supplier rate limit below our peak re-tokenisation rate", Likelihood: "medium", Impact: "high", Mitigation: "Throttle batches to 400 per second; supplier raises the limit for the window", Owner: "Amira Haddad", Status: "open"},
		{ID: "01JD0000000000000000000002", Description: "Expired cards fail re-tokenisation", Likelihood: "high", Impact: "low", Mitigation: "Skip and report; customers re-enter the card", Owner: "Sam Okafor", Status: "accepted"},
		{ID: "01JD0000000000000000000005", Description: "Compatibility layer adds latency at checkout", Likelihood: "low", Impact: "medium", Mitigation: "Load test at twice the peak", Owner: "Jo Park", Status: "mitigated"},
		{ID: "01JD0000000000000000000006", Description: "Legacy vault decommissioned too early", Likelihood: "low", Impact: "high", Status: "closed"},
	}
	r.Contacts = []readiness.Contact{
		{ID: "01JD0000000000000000000003", Name: "Dana Fox", Role: "Team lead", Team: "Payments Run Team", InHours: "#payments-run, +44 20 7946 0001", OutOfHours: "PagerDuty: payments-run"},
		{ID: "01JD0000000000000000000007", Name: "Amira Haddad", Role: "Tech lead", Team: "Squad Falcon", InHours: "#squad-falcon", OutOfHours: "PagerDuty: falcon-primary"},
		{ID: "01JD0000000000000000000008", Name: "Vaultline support", Role: "Supplier", Team: "Vaultline", InHours: "support@vaultline.example", OutOfHours: "+1 555 0100 (24/7, contract VL-2231)"},
	}
	r.Plans = []readiness.Plan{{ID: "01JD0000000000000000000004", Kind: readiness.GoNoGo, Date: "2026-11-27", Note: "Falcon room"}}
	r.MaterialAt = packTime.Add(-36 * time.Hour) // the go-live date moved: older acknowledgements saw an earlier version
	r.Acks = []readiness.Ack{
		{ID: "01JD0000000000000000000009", Person: readiness.Person{Name: "Priya Raman", Role: "Service delivery manager"}, Comment: "Seen; watching the supplier report.", At: packTime.Add(-48 * time.Hour)},
		{ID: "01JD000000000000000000000A", Person: readiness.Person{Name: "Dana Fox", Role: "Payments Run Team lead"}, Section: "rollback-plan", At: packTime.Add(-24 * time.Hour)},
	}
	return &r
}

// history is a record's history as readiness.History gives it: newest first.
func history(n int) []readiness.HistoryEntry {
	out := make([]readiness.HistoryEntry, n)
	for i := range out {
		out[i] = readiness.HistoryEntry{
			At: packTime.Add(-time.Duration(i) * 37 * time.Minute), Author: []string{"Amira Haddad", "Sam Okafor", "Jo Park"}[i%3],
			Path: readiness.Path(fmt.Sprintf("items/COM-%02d/status", i%9+1)), Label: fmt.Sprintf("COM-%02d status", i%9+1),
			Summary: []string{"Done", "In progress", "Blocked: waiting for the supplier"}[i%3],
		}
	}
	return out
}

// silverRecord is an empty Silver record straight from the template.
func silverRecord(tb testing.TB) *readiness.Record {
	tb.Helper()
	silver, err := readiness.TemplateFor(readiness.Silver)
	if err != nil {
		tb.Fatal(err)
	}
	r := readiness.Instantiate(silver, "01JD0000000000000000000010", readiness.NewRecord{
		Service: "Search", Title: "Synonyms refresh", Squad: "Squad Otter", SDM: "Priya Raman",
		MaintenanceTeam: "Search Run Team", GoLive: "2026-12-10", Tier: readiness.Silver,
	}, "Jo Park", packTime)
	return &r
}

// hostileRecord carries text the font cannot draw, right-to-left scripts,
// markup and a 10,000-character note in one item.
func hostileRecord(tb testing.TB) *readiness.Record {
	tb.Helper()
	r := goldRecord(tb, 0)
	r.Title = "Go live 🚀 漢字 العربية עברית <script>alert(1)</script>"
	r.Squad = "Squad 👩‍💻 Falcon"
	r.Sections[0].Text = "Before emoji 😀😀 after. CJK 中文 here. Arabic: مرحبا بالعالم. Hebrew: שלום עולם 2026. Control\x00\x07 chars\u202e reversed\u202c end."
	it := &r.Sections[len(r.Sections)-1].Items[0]
	it.Status, it.Reason = readiness.Blocked, "Supplier 🚀 blocked"
	it.Notes = "Start of a long note. " + strings.Repeat("0123456789 ", 909) + "End of the long note."
	r.Contacts = append(r.Contacts, readiness.Contact{ID: "01JD000000000000000000000B", Name: "<b>Bold</b> & \"quoted\"", InHours: "漢字", OutOfHours: "\t\r\n"})
	return r
}
