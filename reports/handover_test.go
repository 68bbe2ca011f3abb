package reports

import (
	"bytes"
	"fmt"
	"strings"
	"testing"

	"readyroom/readiness"
)

// The handover pack is for whoever is called at 3 a.m.: page 1 holds the
// warnings, the escalation order and the rollback.

func TestHandoverPageOneHoldsTheNight(t *testing.T) {
	needTools(t, "pdftotext", "qpdf")
	r := goldRecord(t, 0) // preparing: REL-01 is blocked below
	rel := r.Item("REL-01")
	rel.Status, rel.Reason = readiness.Blocked, "Rollback rehearsal in staging failed on the batch job"
	// In the record's order the receiving team's lead comes last; the
	// escalation order puts the levels first.
	r.Contacts = []readiness.Contact{
		{ID: "c3", Name: "Vaultline support", Role: "Supplier", Team: "Vaultline", Level: "L3", InHours: "support@vaultline.example", OutOfHours: "+1 555 0100 (24/7)"},
		{ID: "c4", Name: "Priya Raman", Role: "Service delivery manager", Team: "Service Delivery", InHours: "priya@example.com"},
		{ID: "c2", Name: "Amira Haddad", Role: "Tech lead", Team: "Squad Falcon", Level: "L2", InHours: "#squad-falcon", OutOfHours: "PagerDuty: falcon-primary"},
		{ID: "c1", Name: "Dana Fox", Role: "Team lead", Team: "Payments Run Team", Level: "L1", InHours: "#payments-run", OutOfHours: "PagerDuty: payments-run"},
	}
	var buf bytes.Buffer
	if err := HandoverPack(&buf, r, PackOptions{Now: packTime}); err != nil {
		t.Fatal(err)
	}
	path := writePDF(t, buf.Bytes())
	qpdfCheck(t, path)
	one := pageText(t, path, 1)
	wantInOrder(t, "page 1", one, "HANDOVER PACK", "Payments Gateway — Card tokenisation v3", "To Payments Run Team from Squad Falcon · not yet accepted",
		"warnings: read before relying on this pack",
		"No out-of-hours way to reach Priya Raman.",
		"3 rollback items are blocked: REL-01, REL-04, REL-10",
		"1. Escalation order",
		"L1", "Dana Fox", "Team lead", "Payments Run Team", "#payments-run", "PagerDuty: payments-run",
		"L2", "Amira Haddad", "L3", "Vaultline support", "+1 555 0100 (24/7)", "Priya Raman",
		"2. Rollback", "Turn the write flag off", "6.0 RELEASE AND ROLLBACK", "REL-01 Blocked", "Rollback rehearsal in staging failed on the batch job · owner Amira Haddad")
	// Every rollback item's status is on page 1: this page is full, so
	// those done share a line.
	doneRow := ""
	if i, j := strings.LastIndex(one, "Done REL-"), strings.LastIndex(one, "items done)"); i >= 0 && j > i {
		doneRow = one[i:j]
	}
	for _, it := range r.Section("rollback").Items {
		shown := strings.Contains(one, string(it.ID)+" "+it.Status.Label())
		if it.Status == readiness.Done {
			shown = shown || strings.Contains(doneRow, string(it.ID))
		}
		if !shown {
			t.Errorf("page 1 lacks %s %s", it.ID, it.Status.Label())
		}
	}
	if doneRow == "" {
		t.Error("the items done do not share a line: this test no longer fills page 1")
	}
	wantNone(t, "page 1", one, "No contacts are recorded", "No rollback plan")
	// What the receiving team took on follows, then the reference.
	wantInOrder(t, "the pack", strings.Join(pdfRawPages(t, path), " "), "3. Open commitments", "4. Hypercare and open incidents",
		"5. Runbooks and known errors", "6. Monitoring and alert ownership", "7. Everything handed over", "8. Acceptance and actions")
}

func TestHandoverWarnsWhenContactsAndRollbackPlanAreMissing(t *testing.T) {
	needTools(t, "pdftotext")
	var buf bytes.Buffer
	if err := HandoverPack(&buf, silverRecord(t), PackOptions{Now: packTime}); err != nil {
		t.Fatal(err)
	}
	one := pageText(t, writePDF(t, buf.Bytes()), 1)
	wantInOrder(t, "page 1", one, "warnings: read before relying on this pack",
		"No contacts are recorded: whoever is called has nobody to escalate to.",
		"No rollback plan: the record's rollback plan is empty",
		"rollback items are not done: REL-01 (not started)",
		"1. Escalation order", "No contacts recorded.", "2. Rollback", "No rollback plan is recorded.", "REL-01", "Not started", "No owner yet", "REL-10")
}

// More contacts than page 1 holds: the first six in escalation order
// there, the rest in a section of their own.
func TestHandoverListsMoreContactsAfterPageOne(t *testing.T) {
	needTools(t, "pdftotext")
	r := liveRecord(t)
	for i := range 6 {
		r.Contacts = append(r.Contacts, readiness.Contact{ID: readiness.EntityID(fmt.Sprint("x", i)), Name: fmt.Sprintf("Extra contact %d", i+1), Team: "Elsewhere", InHours: "#elsewhere", OutOfHours: "Service desk"})
	}
	r.Contacts[len(r.Contacts)-1].Level = "L2" // the last added, called second
	var buf bytes.Buffer
	if err := HandoverPack(&buf, r, PackOptions{Now: packTime}); err != nil {
		t.Fatal(err)
	}
	path := writePDF(t, buf.Bytes())
	one := pageText(t, path, 1)
	wantInOrder(t, "page 1", one, "1. Escalation order", "L1 Dana Fox", "L2 Amira Haddad", "L2 Extra contact 6", "L3 Vaultline support",
		"Extra contact 1", "Extra contact 2", "3 more in “More contacts” below.", "2. Rollback", "REL-11")
	wantNone(t, "page 1", one, "Extra contact 3", "Extra contact 5")
	wantInOrder(t, "the pack", strings.Join(pdfRawPages(t, path)[1:], " "), "More contacts", "Extra contact 3", "Extra contact 4", "Extra contact 5")
}
