package reports

import (
	"bytes"
	"strings"
	"testing"

	"readyroom/readiness"
)

// The reports say what readiness.StandingOf says: the go-live shown, the
// RAG and why, the decision, the flags, hypercare's health, the outcome;
// actions with their states; risks ranked by score. These tests read the
// PDFs back with pdftotext.

func TestLivePackLeadsWithHypercare(t *testing.T) {
	needTools(t, "pdftotext", "pdfinfo")
	path := writePDF(t, renderPack(t, liveRecord(t), nil, PackOptions{}))
	if got := pdfInfo(t, path)["Subject"]; got != "Gold release readiness, went live 2026-11-16 (planned 2026-11-19)" {
		t.Errorf("subject %q", got)
	}
	cover := pageText(t, path, 1)
	wantAll(t, "the cover", cover, "Day 7", "of 14 in hypercare", "1 incident open (P3 1)", "last check-in 2026-11-20 Amber",
		"Went live 2026-11-16 (planned 2026-11-19: Brought forward for the change freeze)", "Amber", "Go with 2 conditions, 1 blocked item accepted as a risk")
	summary := summaryText(t, path)
	wantAll(t, "the summary", summary,
		"is live and in hypercare: day 7 of 14 (2026-11-16 to 2026-11-30)", "Amber 1 incident open",
		"Go/no-go: Go with 2 conditions, 1 blocked item accepted as a risk.",
		"Went live early", "Went live Mon 16 Nov 2026, 3 days before the planned Thu 19 Nov 2026: Brought forward for the change freeze",
		"Hypercare health", "Last check-in 2026-11-20", "P3 open: the refunds report is slow since re-tokenisation.",
		"1 incident open (P3 1).", "INC-51077", "Refunds report slow since re-tokenisation.",
		"Exit criteria: 4 of 7 met or waived; not met yet:", "No extensions.",
		// the blocked item accepted as a risk is still blocked, and the open condition is overdue
		"SEC-01", "Open actions", "1 action open, 1 overdue.", "Support FAQ on tokenised cards", "Overdue",
		"Amended on 2026-11-11 by Priya Raman because Lena Fischer from Security attended and was left off the list (changed: attendees, notes)")
	wantNone(t, "the summary", summary, "ready for go-live", "INC-51020")
}

func TestHandedOverPackLeadsWithTheOutcome(t *testing.T) {
	needTools(t, "pdftotext")
	path := writePDF(t, renderPack(t, handedOverRecord(t), nil, PackOptions{}))
	wantAll(t, "the cover", pageText(t, path, 1), "Handed over", "to Payments Run Team on 2026-11-21", "hypercare exited 2026-11-20",
		"handover accepted by Dana Fox on 2026-11-21", "1 commitment open with Payments Run Team")
	summary := summaryText(t, path)
	wantAll(t, "the summary", summary,
		"Card tokenisation v3 went live 2026-11-16, left hypercare on 2026-11-20 and was handed over to Payments Run Team on 2026-11-21, accepted by Dana Fox (Payments Run Team lead).",
		"Went live early", "Went live Mon 16 Nov 2026, 3 days before the planned Thu 19 Nov 2026: Brought forward for the change freeze",
		"Amber 1 commitment open with the receiving team", "Open commitments", "What Payments Run Team took on",
		"Handover condition: HO-08", "second session booked", "2026-12-05",
		"What the acceptance did with the handover items not done:", "HO-08")
	wantNone(t, "the summary", summary, "ready for go-live", "Hypercare health")
}

func TestEarlyGoLiveShowsBothDates(t *testing.T) {
	needTools(t, "pdftotext")
	r := liveRecord(t)
	pages := pdfRawPages(t, writePDF(t, renderPack(t, r, nil, PackOptions{})))
	all := strings.Join(pages, " ")
	wantAll(t, "the pack", all, "Went live 2026-11-16 (planned 2026-11-19: Brought forward for the change freeze)")
	// A go-live on its planned day says so, with one date.
	r.GoLive = r.WentLive.On
	r.WentLive.Reason = ""
	cover := pdfRawPages(t, writePDF(t, renderPack(t, r, nil, PackOptions{})))[0]
	wantAll(t, "the cover", cover, "Went live 2026-11-16 (as planned)")
	wantNone(t, "the cover", cover, "2026-11-19")
}

func TestActionsShowTheirState(t *testing.T) {
	needTools(t, "pdftotext")
	r := handedOverRecord(t)
	r.Actions = append(r.Actions, readiness.Action{ID: "01JD00000000000000000000A4", Text: "Archive the legacy vault's audit logs", Owner: "Sam Okafor", Due: "2027-02-01",
		Status: readiness.ActionTransferred, TransferredTo: "Payments Run Team", ClosedOn: "2026-11-22", ClosedBy: "Sam Okafor", Note: "They own the vault now", Source: "Raised by hand"})
	txt := strings.Join(pdfRawPages(t, writePDF(t, renderPack(t, r, nil, PackOptions{}))), " ")
	i := strings.LastIndex(txt, "Actions ")
	if i < 0 {
		t.Fatal("no Actions section")
	}
	wantInOrder(t, "the actions", txt[i:],
		"Support FAQ on tokenised cards", "Dana Fox", "2026-11-16", "Done", "Closed on 2026-11-18 by Dana Fox", "Published as FAQ-311",
		"Unblock REL-01", "Jo Park", "Done", "Rehearsal passed in 4 minutes",
		"Second on-call engineer", "Sam Okafor", "2026-11-17", "Cancelled", "Cancelled on 2026-11-17 by Sam Okafor", "Batches ran in one night",
		"Handover condition: HO-08", "Dana Fox", "2026-12-05", "Open",
		"Archive the legacy vault's audit logs", "Transferred", "Transferred to Payments Run Team on 2026-11-22 by Sam Okafor", "They own the vault now")
}

func TestRiskTablesRankByScore(t *testing.T) {
	needTools(t, "pdftotext")
	r := liveRecord(t)
	txt := strings.Join(pdfRawPages(t, writePDF(t, renderPack(t, r, nil, PackOptions{}))), " ")
	i := strings.Index(txt, "RISK SCORE (L × I)")
	j := strings.LastIndex(txt, "RISK SCORE (L × I)")
	if i < 0 || j == i {
		t.Fatal("the summary's and the register's risk tables are missing")
	}
	// readiness.RankRisks: open before accepted before mitigated before
	// closed, then by likelihood × impact.
	for _, at := range []int{i, j} {
		wantInOrder(t, "a risk table", txt[at:], "Supplier rate limit", "6 High", "medium × high", "Open",
			"SEC-01 blocked at go/no-go", "6 High", "high × medium", "Accepted", "Expired cards", "3 Medium", "high × low", "Accepted",
			"Compatibility layer", "2 Low", "low × medium", "Mitigated")
	}
	wantInOrder(t, "the register", txt[j:], "Compatibility layer", "Legacy vault decommissioned too early", "3 Medium", "Closed")
}

func TestMarkdownSaysWhereTheRecordStands(t *testing.T) {
	var buf bytes.Buffer
	if err := Markdown(&buf, liveRecord(t), packTime); err != nil {
		t.Fatal(err)
	}
	out := buf.String()
	wantAll(t, "the Markdown", out,
		"| Go-live | Went live 2026-11-16 (planned 2026-11-19: Brought forward for the change freeze) |",
		"| RAG | Amber — 1 incident open |",
		"| Go/no-go decision | Go with 2 conditions, 1 blocked item accepted as a risk |",
		"| Hypercare | day 7 of 14 (2026-11-16 to 2026-11-30); 1 incident open (P3 1); last check-in 2026-11-20 Amber; exit criteria 4 of 7 met; no extensions |",
		"> **Went live early:** Went live Mon 16 Nov 2026, 3 days before the planned Thu 19 Nov 2026",
		"| Risk | Likelihood | Impact | Score |", "| medium | high | 6 (high) |",
		"## Actions", "| Condition: Support FAQ on tokenised cards published | Dana Fox | 2026-11-16 (overdue) | Open |",
		"| Cancelled | Batches ran in one night with the supplier on the bridge |",
		"### Go/no-go, Sat 14 Nov 2026\n\n**Decision:** Go with 2 conditions, 1 blocked item accepted as a risk",
		"_Amended on 2026-11-11 by Priya Raman because Lena Fischer from Security attended and was left off the list (changed: attendees, notes)._")
}
