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

// liveRecord is goldRecord after a go with conditions: it went live on
// 2026-11-16, three days before the planned 2026-11-19, and is on day 7
// of 14 of hypercare at packTime with a P3 incident open and an amber
// check-in last. Its readiness review was amended; its go/no-go took
// REL-01 forward as a condition and accepted SEC-01 as a risk. Its actions
// are open (one overdue), done and cancelled.
func liveRecord(tb testing.TB) *readiness.Record {
	tb.Helper()
	r := goldRecord(tb, 0)
	for si := range r.Sections {
		for ii := range r.Sections[si].Items {
			it := &r.Sections[si].Items[ii]
			if it.Status != readiness.NA {
				it.Status, it.Reason, it.Due = readiness.Done, "", ""
			}
		}
	}
	// What was open at the review and the go/no-go.
	rel, sec := r.Item("REL-01"), r.Item("SEC-01")
	rel.Status, rel.Reason, rel.Owner = readiness.Blocked, "Rollback rehearsal in staging failed on the batch job", "Jo Park"
	sec.Status, sec.Reason = readiness.Blocked, "The supplier's penetration test report is not in yet"
	com := r.Item("COM-02")
	com.Status, com.Due = readiness.InProgress, "2026-11-12"
	review, gonogo := time.Date(2026, 11, 10, 10, 0, 0, 0, time.UTC), time.Date(2026, 11, 14, 10, 0, 0, 0, time.UTC)
	reviewOpen, goOpen := r.OutstandingOf(review), r.OutstandingOf(gonogo)
	reviewSnap, goSnap := readiness.SnapshotOf(r, review), readiness.SnapshotOf(r, gonogo)
	// Since then: the rehearsal passed, COM-02 is done; SEC-01 is still
	// waiting for the supplier, accepted as a risk.
	rel.Status, rel.Reason = readiness.Done, ""
	com.Status = readiness.Done

	r.GoLive = "2026-11-19"
	r.State = readiness.Live
	r.WentLive = readiness.MoveDate{On: "2026-11-16", Reason: "Brought forward for the change freeze"}
	people := []readiness.Person{{Name: "Amira Haddad", Role: "Tech lead"}, {Name: "Priya Raman", Role: "Service delivery manager"}, {Name: "Dana Fox", Role: "Payments Run Team lead"}}
	r.Actions = []readiness.Action{
		{ID: "01JD00000000000000000000A0", Text: "Condition: Support FAQ on tokenised cards published", Owner: "Dana Fox", Due: "2026-11-16", Status: readiness.ActionOpen, Source: "Go/no-go, 2026-11-14"},
		{ID: "01JD00000000000000000000A1", Text: "Unblock REL-01: The rollback plan is written, with steps, an owner and an expected duration — rehearse again after the batch fix", Owner: "Jo Park", Due: "2026-11-15",
			Done: true, Status: readiness.ActionDone, Note: "Rehearsal passed in 4 minutes", ClosedOn: "2026-11-15", ClosedBy: "Jo Park", Source: "Go/no-go, 2026-11-14"},
		{ID: "01JD00000000000000000000A2", Text: "Second on-call engineer for the re-tokenisation nights", Owner: "Sam Okafor", Due: "2026-11-17",
			Status: readiness.ActionCancelled, Note: "Batches ran in one night with the supplier on the bridge", ClosedOn: "2026-11-17", ClosedBy: "Sam Okafor", Source: "Readiness review, 2026-11-10"},
	}
	r.Risks = append(r.Risks, readiness.Risk{ID: "01JD00000000000000000000R1",
		Description: "SEC-01 blocked at go/no-go: Security design review and application security review are complete for the change (The supplier's penetration test report is not in yet)",
		Likelihood:  "high", Impact: "medium", Mitigation: "Accepted at Go/no-go, 2026-11-14: our own penetration test passed; the supplier's report follows within the week", Owner: "Dana Fox", Status: "accepted"})
	r.Ceremonies = []readiness.Ceremony{
		{ID: "01JD00000000000000000000C1", Kind: readiness.ReadinessReview, Date: "2026-11-10", Attendees: append(people, readiness.Person{Name: "Lena Fischer", Role: "Security"}),
			Agenda: "Walk the Gold checklist", Notes: "All sections green but the rollback rehearsal and the supplier's pen test.",
			Decisions: []readiness.Decision{{Outcome: readiness.Noted, Text: "Ready for go/no-go", Reason: "Two items blocked, both with owners"}},
			Actions:   []readiness.EntityID{"01JD00000000000000000000A2"}, Snapshot: reviewSnap, Open: &reviewOpen, By: "Amira Haddad",
			Amendments: []readiness.Amendment{{At: time.Date(2026, 11, 11, 9, 0, 0, 0, time.UTC), By: "Priya Raman",
				Reason: "Lena Fischer from Security attended and was left off the list", Changed: []string{"attendees", "notes"}}}},
		{ID: "01JD00000000000000000000C2", Kind: readiness.GoNoGo, Date: "2026-11-14", Attendees: people, Agenda: "Go/no-go for card tokenisation v3",
			Notes:     "Security asked to ship before the change freeze.",
			Decisions: []readiness.Decision{{Outcome: readiness.GoWithConditions, Text: "Go three days early", Reason: "Everything done but the rollback rehearsal, rerun tomorrow, and the supplier's pen test report"}},
			Actions:   []readiness.EntityID{"01JD00000000000000000000A0", "01JD00000000000000000000A1"}, Conditions: []readiness.EntityID{"01JD00000000000000000000A0", "01JD00000000000000000000A1"},
			Snapshot: goSnap, Open: &goOpen, By: "Amira Haddad",
			Blocked: []readiness.Resolution{
				{Item: "REL-01", Text: rel.Text, As: readiness.AsCondition, Reason: "rehearse again after the batch fix", Action: "01JD00000000000000000000A1"},
				{Item: "SEC-01", Text: sec.Text, As: readiness.AsRisk, Reason: "Our own penetration test passed; the supplier's report follows within the week", Risk: "01JD00000000000000000000R1"},
			}},
	}
	r.Plans = nil
	r.Hypercare.Window = readiness.HypercareWindow{State: readiness.HCActive, Days: 14, Start: "2026-11-16", PlannedEnd: "2026-11-30"}
	r.Hypercare.CheckIns = []readiness.CheckIn{
		{ID: "01JD00000000000000000000K1", Date: "2026-11-16", RAG: readiness.Green, Summary: "Smooth go-live; batch A re-tokenised overnight.", By: "Amira Haddad"},
		{ID: "01JD00000000000000000000K2", Date: "2026-11-17", RAG: readiness.Amber, Summary: "P2: token refresh failed for 3% of saved cards; fixed by noon.", By: "Amira Haddad"},
		{ID: "01JD00000000000000000000K3", Date: "2026-11-20", RAG: readiness.Amber, Summary: "P3 open: the refunds report is slow since re-tokenisation.", By: "Dana Fox"},
	}
	r.Hypercare.Incidents = []readiness.Incident{
		{ID: "01JD00000000000000000000I1", Ref: "INC-51020", Severity: "P2", Opened: "2026-11-17T08:40", Resolved: "2026-11-17T11:55", Summary: "Token refresh failed for 3% of saved cards."},
		{ID: "01JD00000000000000000000I2", Ref: "INC-51077", Severity: "P3", Opened: "2026-11-19T16:10", Summary: "Refunds report slow since re-tokenisation."},
	}
	for i := range r.Hypercare.Criteria {
		if i%2 == 0 {
			r.Hypercare.Criteria[i].Status, r.Hypercare.Criteria[i].Evidence = readiness.Met, "Daily check-ins and the SLO dashboard"
		}
	}
	for i := range r.Handover.Items {
		if i < 6 {
			r.Handover.Items[i].Status, r.Handover.Items[i].Evidence = readiness.Done, "Walked through with the Payments Run Team"
		}
	}
	r.Contacts[0].Level, r.Contacts[1].Level, r.Contacts[2].Level = "L1", "L2", "L3"
	return r
}

// handedOverRecord is liveRecord after hypercare exited on 2026-11-20 and
// the Payments Run Team accepted the handover on 2026-11-21 with one
// condition still open, taken from a handover item not done.
func handedOverRecord(tb testing.TB) *readiness.Record {
	tb.Helper()
	r := liveRecord(tb)
	r.State = readiness.HandedOver
	r.HandedOver = readiness.MoveDate{On: "2026-11-21"}
	for i := range r.Hypercare.Criteria {
		r.Hypercare.Criteria[i].Status = readiness.Met
	}
	r.Hypercare.Window.State, r.Hypercare.Window.ExitedOn = readiness.HCExited, "2026-11-20"
	r.Hypercare.Incidents[1].Resolved = "2026-11-20T10:00"
	ho := &r.Handover.Items[7]
	r.Actions = append(r.Actions, readiness.Action{ID: "01JD00000000000000000000A3",
		Text:  "Handover condition: " + ho.ID + " (" + ho.Text + ") not done at handover: Not started — second session booked",
		Owner: "Dana Fox", Due: "2026-12-05", Status: readiness.ActionOpen, Source: "Handover accepted by Dana Fox"})
	r.Actions[0].Status, r.Actions[0].Done, r.Actions[0].ClosedOn, r.Actions[0].ClosedBy, r.Actions[0].Note = readiness.ActionDone, true, "2026-11-18", "Dana Fox", "Published as FAQ-311"
	r.Handover.Acceptance = &readiness.Acceptance{Person: readiness.Person{Name: "Dana Fox", Role: "Payments Run Team lead"}, Date: "2026-11-21",
		Conditions: []string{ho.ID + " (" + ho.Text + ") not done at handover: Not started — second session booked"},
		Actions:    []readiness.EntityID{"01JD00000000000000000000A3"},
		Unfinished: []readiness.HandoverResolution{{Item: ho.ID, Text: ho.Text, As: readiness.AsCondition, Reason: "second session booked", Action: "01JD00000000000000000000A3"}}}
	for i := range r.Handover.Items {
		if it := &r.Handover.Items[i]; i >= 6 && i != 7 {
			it.Status, it.Reason = readiness.NA, "Nothing new: the existing run book covers it"
		}
	}
	return r
}
