package reports_test

import (
	"bytes"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"readyroom/app"
	"readyroom/app/store"
	"readyroom/readiness"
	"readyroom/reports"
)

// demoRecords loads the example records through the real app service, by
// title: the Gold release a week before go-live (Card tokenisation v3),
// the Silver one in preparation (SMS preference centre), the Gold one in
// hypercare that went live early (Passwordless sign-in), and the Silver
// one handed over and closed (Email digest redesign).
func demoRecords(t *testing.T) map[string]readiness.Record {
	t.Helper()
	db, err := store.Open(t.TempDir(), store.Options{})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	recs, err := app.NewRecords(db, func() time.Time { return time.Date(2026, 11, 22, 9, 0, 0, 0, time.UTC) })
	if err != nil {
		t.Fatal(err)
	}
	if _, err := app.LoadDemo(recs); err != nil {
		t.Fatal(err)
	}
	h, _ := recs.Home()
	out := map[string]readiness.Record{}
	for _, row := range h.Records {
		v, err := recs.Get(string(row.ID))
		if err != nil {
			t.Fatal(err)
		}
		out[v.Record.Title] = v.Record
	}
	for _, title := range []string{goldDemo, liveDemo, closedDemo} {
		if _, ok := out[title]; !ok {
			t.Fatalf("the demo has no %q", title)
		}
	}
	return out
}

const (
	goldDemo   = "Card tokenisation v3"
	liveDemo   = "Passwordless sign-in"
	closedDemo = "Email digest redesign"
)

func pdfText(t *testing.T, b []byte) string {
	t.Helper()
	return pdfPageText(t, b, 0)
}

// pdfPageText is the text of page n (`pdftotext -f n -l n -raw`: a
// wrapped table cell reads as one run), or of every page when n is 0,
// white space collapsed, after qpdf --check passes.
func pdfPageText(t *testing.T, b []byte, n int) string {
	t.Helper()
	for _, tool := range []string{"pdftotext", "qpdf"} {
		if _, err := exec.LookPath(tool); err != nil {
			t.Skipf("%s is not installed", tool)
		}
	}
	path := filepath.Join(t.TempDir(), "out.pdf")
	os.WriteFile(path, b, 0o644)
	if out, err := exec.Command("qpdf", "--check", path).CombinedOutput(); err != nil {
		t.Fatalf("qpdf --check: %v\n%s", err, out)
	}
	args := []string{"-raw", "-enc", "UTF-8"}
	if n > 0 {
		args = append(args, "-f", strconv.Itoa(n), "-l", strconv.Itoa(n))
	}
	txt, err := exec.Command("pdftotext", append(args, path, "-")...).Output()
	if err != nil {
		t.Fatal(err)
	}
	return strings.Join(strings.Fields(string(txt)), " ")
}

func inOrder(t *testing.T, txt string, parts ...string) {
	t.Helper()
	at := 0
	for _, p := range parts {
		i := strings.Index(txt[at:], p)
		if i < 0 {
			t.Fatalf("%q missing or out of order (after %d)", p, at)
		}
		at += i + len(p)
	}
}

var now = time.Date(2026, 11, 22, 9, 30, 0, 0, time.UTC)

func render(t *testing.T, f func(*bytes.Buffer) error) []byte {
	t.Helper()
	var buf bytes.Buffer
	if err := f(&buf); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

// The handover pack of the Gold release a week before go-live: page 1
// holds the escalation order (Dana Fox, the receiving team's lead, is L1
// though added last), the rollback plan, every rollback item with REL-01
// blocked, and the warning about it.
func TestHandoverPackIsOrderedForThreeAM(t *testing.T) {
	r := demoRecords(t)[goldDemo]
	pdf := render(t, func(b *bytes.Buffer) error { return reports.HandoverPack(b, &r, reports.PackOptions{Now: now}) })
	one := pdfPageText(t, pdf, 1)
	inOrder(t, one, "HANDOVER PACK", "Payments Gateway — Card tokenisation v3",
		"warnings: read before relying on this pack", "Rollback item REL-01 is blocked: Rollback rehearsal in staging failed on the batch job",
		"1. Escalation order", "L1", "Dana Fox", "PagerDuty payments-run", "L2", "Sam Okafor", "L3", "Vaultline support", "Priya Raman",
		"2. Rollback", "Trigger: authorisation success rate below 97%", "REL-01", "Blocked", "Rollback rehearsal in staging failed")
	for _, it := range r.Section("rollback").Items {
		if !strings.Contains(one, string(it.ID)) {
			t.Errorf("page 1 lacks rollback item %s", it.ID)
		}
	}
	inOrder(t, pdfText(t, pdf), "3. Open commitments", "4. Hypercare and open incidents", "5. Runbooks and known errors", "HO-01",
		"6. Monitoring and alert ownership", "7. Everything handed over", "8. Acceptance and actions")
}

// The closed record's handover pack says who accepted it and lists the
// action transferred to the receiving team; it has no contacts, and says
// so on page 1.
func TestClosedHandoverPackListsCommitments(t *testing.T) {
	r := demoRecords(t)[closedDemo]
	pdf := render(t, func(b *bytes.Buffer) error { return reports.HandoverPack(b, &r, reports.PackOptions{Now: now}) })
	inOrder(t, pdfPageText(t, pdf, 1), "accepted by Jo Park on 2026-10-31", "No contacts are recorded", "1. Escalation order", "2. Rollback", "REL-10",
		"3. Open commitments", "Archive the v1 digest templates", "Lee Chen", "2027-01-21", "Transferred", "Transferred to Digital")
}

// The live record's pack leads with hypercare: its open incident, its last
// check-in, the early go-live with both dates, the decision.
func TestLiveDemoPackLeadsWithHypercare(t *testing.T) {
	r := demoRecords(t)[liveDemo]
	pdf := render(t, func(b *bytes.Buffer) error { return reports.ReadinessPack(b, &r, nil, reports.PackOptions{Now: now}) })
	inOrder(t, pdfPageText(t, pdf, 1), "Day 7", "of 14 in hypercare", "1 incident open (P4 1)", "last check-in 2026-11-20 Amber",
		"Amber", "1 incident open", "Went live 2026-11-16 (planned 2026-11-19: Brought forward three days")
	txt := pdfText(t, pdf)
	summary := txt[strings.LastIndex(txt, "Executive summary "):strings.LastIndex(txt, "High-level description ")]
	inOrder(t, summary, "Passwordless sign-in is live and in hypercare: day 7 of 14 (2026-11-16 to 2026-11-30).",
		"Go/no-go: Go with 1 condition, 1 blocked item accepted as a risk.",
		"Went live Mon 16 Nov 2026, 3 days before the planned Thu 19 Nov 2026: Brought forward three days to ship before the holiday change freeze",
		"Hypercare health", "Last check-in 2026-11-20", "A P4 help-text typo open; registration steady.",
		"1 incident open (P4 1).", "INC-40297", "Help text typo on the passkey settings page.")
	if strings.Contains(summary, "ready for go-live") || strings.Contains(summary, "INC-40211") {
		t.Error("the live pack's summary speaks of readiness for go-live, or of a resolved incident")
	}
}

// The closed record's pack leads with the outcome.
func TestClosedDemoPackLeadsWithTheOutcome(t *testing.T) {
	r := demoRecords(t)[closedDemo]
	txt := pdfText(t, render(t, func(b *bytes.Buffer) error { return reports.ReadinessPack(b, &r, nil, reports.PackOptions{Now: now}) }))
	summary := txt[strings.LastIndex(txt, "Executive summary "):strings.LastIndex(txt, "High-level description ")]
	inOrder(t, summary, "Email digest redesign went live 2026-10-23 (as planned), left hypercare on 2026-10-30 and was handed over to Digital Support on 2026-10-31, accepted by Jo Park (Digital Support lead). It closed on 2026-11-02.",
		"Open commitments", "Archive the v1 digest templates", "Transferred")
}

func TestCeremonyReportsShowTheSnapshot(t *testing.T) {
	recs := demoRecords(t)
	for _, title := range []string{closedDemo, liveDemo} {
		r := recs[title]
		for _, c := range r.Ceremonies {
			txt := pdfText(t, render(t, func(b *bytes.Buffer) error { return reports.CeremonyReport(b, &r, c.ID, reports.PackOptions{Now: now}) }))
			inOrder(t, txt, strings.ToUpper(c.Kind.Label()+" report"), c.Decisions[0].Reason, "Attendees", "Priya Raman", "The record as it stood")
			if c.Kind == readiness.HypercareExit {
				inOrder(t, txt, "Hypercare window", "check-in", "Incidents: P1")
			}
		}
	}
	var buf bytes.Buffer
	r := recs[closedDemo]
	if err := reports.CeremonyReport(&buf, &r, "01JD0000000000000000000000", reports.PackOptions{Now: now}); err == nil {
		t.Fatal("a report of an unknown ceremony rendered")
	}
}

// The live record's go/no-go spans two pages and says its decision on the
// first, with what was open and what the go did with the blocked item; its
// readiness review was amended and says so.
func TestLiveDemoCeremonies(t *testing.T) {
	r := demoRecords(t)[liveDemo]
	for _, c := range r.Ceremonies {
		pdf := render(t, func(b *bytes.Buffer) error { return reports.CeremonyReport(b, &r, c.ID, reports.PackOptions{Now: now}) })
		one := pdfPageText(t, pdf, 1)
		switch c.Kind {
		case readiness.GoNoGo:
			if !strings.Contains(pdfText(t, pdf), "Page 2 of") {
				t.Error("the go/no-go report fits on one page: page 1 holding the decision proves nothing")
			}
			inOrder(t, one, "GO/NO-GO REPORT", "GO WITH CONDITIONS", "Go three days early", "Go with 1 condition, 1 blocked item accepted as a risk.",
				"What was open when it was held", "98% ready: 72 of 73 applicable items done; 1 blocked", "SEC-01", "The supplier's penetration test report is not in yet",
				"What the go did with each blocked item", "SEC-01", "Accepted risk", "Accepted as a risk: Our own penetration test passed")
			if strings.Contains(one, "Amended") {
				t.Error("a go/no-go never amended says it was")
			}
		case readiness.ReadinessReview:
			inOrder(t, one, "Amended after it was held", "Amended on 2026-11-10 by Priya Raman because Dana Fox from Security attended and was left off the list (changed: attendees).")
		}
	}
}

// TestDemoReportsRender writes every demo record's pack, handover pack,
// ceremony reports and Markdown to build/out/reports/demo for a person to
// look at (go test ./reports -run DemoReports; pdftoppm -r 60 -png).
func TestDemoReportsRender(t *testing.T) {
	if testing.Short() {
		t.Skip("-short: no files")
	}
	out := filepath.Join("..", "build", "out", "reports", "demo")
	if err := os.MkdirAll(out, 0o755); err != nil {
		t.Fatal(err)
	}
	for title, r := range demoRecords(t) {
		name := strings.ToLower(strings.Fields(title)[0])
		files := map[string][]byte{
			name + "-pack.pdf":     render(t, func(b *bytes.Buffer) error { return reports.ReadinessPack(b, &r, nil, reports.PackOptions{Now: now}) }),
			name + "-handover.pdf": render(t, func(b *bytes.Buffer) error { return reports.HandoverPack(b, &r, reports.PackOptions{Now: now}) }),
			name + ".md":           render(t, func(b *bytes.Buffer) error { return reports.Markdown(b, &r, now) }),
		}
		for _, c := range r.Ceremonies {
			files[name+"-"+string(c.Kind)+"-report.pdf"] = render(t, func(b *bytes.Buffer) error { return reports.CeremonyReport(b, &r, c.ID, reports.PackOptions{Now: now}) })
		}
		for f, b := range files {
			if err := os.WriteFile(filepath.Join(out, f), b, 0o644); err != nil {
				t.Fatal(err)
			}
		}
	}
}

// Every demo record's Markdown page, read back by pandoc, shows what was
// typed, with whole table rows (markdown_render_test.go).
func TestMarkdownRendersEveryDemoRecord(t *testing.T) {
	now := time.Date(2026, 11, 22, 9, 0, 0, 0, time.UTC)
	for title, r := range demoRecords(t) {
		t.Run(title, func(t *testing.T) { reports.CheckMarkdownPage(t, &r, now) })
	}
}

// Every demo record's readiness pack, handover pack and ceremony reports:
// no page ends with a heading or holds a lone row of a table
// (pagelayout_test.go), on A4 and Letter.
func TestDemoPagination(t *testing.T) {
	for title, r := range demoRecords(t) {
		for _, paper := range []reports.Paper{reports.A4, reports.Letter} {
			t.Run(title+" "+string(paper), func(t *testing.T) {
				reports.PackPagination(t, &r, reports.PackOptions{Now: now, Paper: paper})
			})
		}
	}
}

// Every demo ceremony report shows what it decided on page 1, under its
// header: the go/no-go's decision box, or the first decision's text.
func TestDemoCeremonyDecisionsOnPageOne(t *testing.T) {
	n := 0
	for _, r := range demoRecords(t) {
		for _, c := range r.Ceremonies {
			pdf := render(t, func(b *bytes.Buffer) error { return reports.CeremonyReport(b, &r, c.ID, reports.PackOptions{Now: now}) })
			one := pdfPageText(t, pdf, 1)
			want := "No decision recorded."
			if len(c.Decisions) > 0 {
				want = strings.Fields(c.Decisions[0].Text)[0]
			}
			inOrder(t, one, strings.ToUpper(c.Kind.Label()+" report"), want)
			n++
		}
	}
	if n < 5 {
		t.Fatalf("%d demo ceremonies, want 5 or more", n)
	}
}
