package reports

import (
	"strings"
	"testing"
)

// A ceremony report opens with its decision and says what was open, what
// a go did with each blocked item, and every amendment.

func TestGoNoGoReportOpensWithTheDecision(t *testing.T) {
	needTools(t, "pdftotext", "pdfinfo", "qpdf")
	r := liveRecord(t)
	path := writePDF(t, renderCeremony(t, r, "01JD00000000000000000000C2"))
	qpdfCheck(t, path)
	if n := atoi(t, pdfInfo(t, path)["Pages"]); n < 2 {
		t.Fatalf("the report has %d page: page 1 holding the decision proves nothing", n)
	}
	one := pageText(t, path, 1)
	wantInOrder(t, "page 1", one, "GO/NO-GO REPORT", "Go/no-go held on 2026-11-14",
		"GO WITH CONDITIONS", "Go three days early", "Reasons: Everything done but the rollback rehearsal",
		"Go with 2 conditions, 1 blocked item accepted as a risk.",
		"What was open when it was held", "95% ready: 68 of 71 applicable items done; 2 blocked, 1 overdue, 1 open high risk.",
		"SEC-01", "The supplier's penetration test report is not in yet", "REL-01", "Rollback rehearsal in staging failed",
		"Not done, by section", "1.0 Communications 1 item", "2.0 Information security, data protection and compliance 1 item", "6.0 Release and rollback 1 item")
	all := strings.Join(pdfRawPages(t, path), " ")
	wantInOrder(t, "the report", all, "What the go did with each blocked item",
		"REL-01", "Condition", "Unblock REL-01", "Owner Jo Park · due 2026-11-15 · done today",
		"SEC-01", "Accepted risk", "Accepted as a risk: Our own penetration test passed", "In the risk register, owner Dana Fox, accepted today",
		"Conditions and actions", "Support FAQ on tokenised cards", "Open", "Attendees", "The record as it stood")
}

func TestAmendedCeremonySaysSo(t *testing.T) {
	needTools(t, "pdftotext")
	r := liveRecord(t)
	one := pageText(t, writePDF(t, renderCeremony(t, r, "01JD00000000000000000000C1")), 1)
	wantAll(t, "page 1", one, "Amended after it was held",
		"Amended on 2026-11-11 by Priya Raman because Lena Fischer from Security attended and was left off the list (changed: attendees, notes).")
	// A ceremony never amended says nothing of the kind.
	wantNone(t, "the go/no-go", strings.Join(pdfRawPages(t, writePDF(t, renderCeremony(t, r, "01JD00000000000000000000C2"))), " "), "Amended")
}
