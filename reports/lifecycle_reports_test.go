package reports_test

import (
	"bytes"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"readyroom/app"
	"readyroom/app/store"
	"readyroom/readiness"
	"readyroom/reports"
)

// demoRecords loads the example records through the real app service.
func demoRecords(t *testing.T) map[readiness.State]readiness.Record {
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
	out := map[readiness.State]readiness.Record{}
	for _, row := range h.Records {
		v, err := recs.Get(string(row.ID))
		if err != nil {
			t.Fatal(err)
		}
		out[v.Record.State] = v.Record
	}
	return out
}

func pdfText(t *testing.T, b []byte) string {
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
	txt, err := exec.Command("pdftotext", "-layout", path, "-").Output()
	if err != nil {
		t.Fatal(err)
	}
	return string(txt)
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

func TestHandoverPackIsOrderedForThreeAM(t *testing.T) {
	r := demoRecords(t)[readiness.Closed]
	var buf bytes.Buffer
	if err := reports.HandoverPack(&buf, &r, reports.PackOptions{Now: now}); err != nil {
		t.Fatal(err)
	}
	txt := pdfText(t, buf.Bytes())
	inOrder(t, txt, "HANDOVER PACK", "1. Contacts and escalation", "2. Runbooks and known errors", "HO-01",
		"3. Monitoring and alert ownership", "4. Rollback plan", "5. Everything handed over", "6. Conditions and acceptance", "Jo Park")
	if !strings.Contains(txt, "Page 2 of") {
		t.Error("no page numbers")
	}
}

func TestCeremonyReportsShowTheSnapshot(t *testing.T) {
	r := demoRecords(t)[readiness.Closed]
	if len(r.Ceremonies) < 4 {
		t.Fatalf("%d ceremonies in the closed demo record", len(r.Ceremonies))
	}
	for _, c := range r.Ceremonies {
		var buf bytes.Buffer
		if err := reports.CeremonyReport(&buf, &r, c.ID, reports.PackOptions{Now: now}); err != nil {
			t.Fatal(err)
		}
		txt := pdfText(t, buf.Bytes())
		inOrder(t, txt, strings.ToUpper(c.Kind.Label()+" report"), "Attendees", "Priya Raman", "Decisions", c.Decisions[0].Reason, "The record as it stood")
		if c.Kind == readiness.HypercareExit {
			inOrder(t, txt, "Hypercare window", "check-in", "Incidents: P1")
		}
	}
	var buf bytes.Buffer
	if err := reports.CeremonyReport(&buf, &r, "01JD0000000000000000000000", reports.PackOptions{Now: now}); err == nil {
		t.Fatal("a report of an unknown ceremony rendered")
	}
}

func TestReportsOfTheLiveDemoRender(t *testing.T) {
	r := demoRecords(t)[readiness.Live]
	out := filepath.Join("..", "build", "out", "reports")
	os.MkdirAll(out, 0o755)
	for name, render := range map[string]func(*bytes.Buffer) error{
		"handover": func(b *bytes.Buffer) error { return reports.HandoverPack(b, &r, reports.PackOptions{Now: now}) },
		"go-no-go": func(b *bytes.Buffer) error {
			return reports.CeremonyReport(b, &r, r.Ceremonies[len(r.Ceremonies)-1].ID, reports.PackOptions{Now: now})
		},
	} {
		var buf bytes.Buffer
		if err := render(&buf); err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		pdfText(t, buf.Bytes())
		os.WriteFile(filepath.Join(out, name+".pdf"), buf.Bytes(), 0o644)
	}
}
