package reports

import (
	"bytes"
	"crypto/sha256"
	"flag"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"readyroom/readiness"
)

var update = flag.Bool("update", false, "rewrite golden hashes under testdata/")

var packTime = time.Date(2026, 11, 22, 9, 30, 0, 0, time.UTC)

// goldRecord is a Gold record with a spread of statuses, evidence, risks and
// contacts; long notes make it run to many pages.
func goldRecord(t testing.TB, notes int) *readiness.Record {
	t.Helper()
	gold, err := readiness.TemplateFor(readiness.Gold)
	if err != nil {
		t.Fatal(err)
	}
	r := readiness.Instantiate(gold, "01JD0000000000000000000000", readiness.NewRecord{
		Service: "Payments Gateway", Title: "Card tokenisation v3", Squad: "Squad Falcon", SDM: "Priya Raman",
		MaintenanceTeam: "Payments Run Team", GoLive: "2026-11-29", Tier: readiness.Gold,
	}, "Sam Okafor", packTime)
	r.State = readiness.Preparing
	r.Sections[0].Text = "Moves card tokenisation to the new token service from Vaultline."
	statuses := []readiness.Status{readiness.Done, readiness.Done, readiness.InProgress, readiness.Blocked, readiness.NA, readiness.NotStarted}
	i := 0
	for si := range r.Sections {
		for ii := range r.Sections[si].Items {
			it := &r.Sections[si].Items[ii]
			it.Status = statuses[i%len(statuses)]
			if it.Status == readiness.NA && !it.NAAllowed {
				it.Status = readiness.Done
			}
			if it.Status.NeedsReason() {
				it.Reason = "Waiting for the supplier's report"
			}
			it.Owner = "Amira Haddad"
			if it.Status == readiness.InProgress {
				it.Due = "2026-11-20"
			}
			it.Evidence = []readiness.Evidence{{Label: "Runbook", URL: "https://wiki.example.com/payments/" + string(it.ID)}}
			it.Notes = strings.Repeat("Evidence reviewed with the run team; follow-up booked. ", notes)
			i++
		}
	}
	r.Risks = []readiness.Risk{
		{ID: "01JD0000000000000000000001", Description: "Supplier rate limit below peak", Likelihood: "medium", Impact: "high", Mitigation: "Throttle batches", Owner: "Amira", Status: "open"},
		{ID: "01JD0000000000000000000002", Description: "Expired cards fail re-tokenisation", Likelihood: "high", Impact: "low", Status: "open"},
	}
	r.Plans = []readiness.Plan{{ID: "01JD0000000000000000000004", Kind: readiness.GoNoGo, Date: "2026-11-27", Note: "Falcon room"}}
	r.Contacts = []readiness.Contact{{ID: "01JD0000000000000000000003", Name: "Dana Fox", Role: "Team lead", Team: "Payments Run Team", InHours: "#payments-run", OutOfHours: "PagerDuty payments-run"}}
	return &r
}

func render(t testing.TB, r *readiness.Record, opt PackOptions) []byte {
	t.Helper()
	if opt.Now.IsZero() {
		opt.Now = packTime
	}
	var buf bytes.Buffer
	if err := ReadinessPack(&buf, r, nil, opt); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

func tool(t *testing.T, name string) {
	t.Helper()
	if _, err := exec.LookPath(name); err != nil {
		t.Skipf("%s is not installed (apt-get install poppler-utils qpdf)", name)
	}
}

func writeTemp(t *testing.T, b []byte) string {
	t.Helper()
	path := filepath.Join(t.TempDir(), "pack.pdf")
	if err := os.WriteFile(path, b, 0o644); err != nil {
		t.Fatal(err)
	}
	return path
}

func TestPackReadsBack(t *testing.T) {
	tool(t, "pdftotext")
	tool(t, "pdfinfo")
	tool(t, "qpdf")
	r := goldRecord(t, 1)
	path := writeTemp(t, render(t, r, PackOptions{Author: "Sam Okafor"}))

	if out, err := exec.Command("qpdf", "--check", path).CombinedOutput(); err != nil || !strings.Contains(string(out), "No syntax or stream encoding errors") {
		t.Fatalf("qpdf --check: %v\n%s", err, out)
	}
	info, err := exec.Command("pdfinfo", path).Output()
	if err != nil {
		t.Fatal(err)
	}
	pages := 0
	fmt.Sscanf(regexp.MustCompile(`Pages:\s+(\d+)`).FindStringSubmatch(string(info))[1], "%d", &pages)
	for _, want := range []string{"Title:           Readiness pack: Payments Gateway — Card tokenisation v3", "Author:          Sam Okafor", "Subject:         Gold release readiness, go-live 2026-11-29", "Page size:       595.28 x 841.89 pts (A4)"} {
		if !strings.Contains(string(info), want) {
			t.Errorf("pdfinfo lacks %q:\n%s", want, info)
		}
	}
	text, err := exec.Command("pdftotext", "-layout", path, "-").Output()
	if err != nil {
		t.Fatal(err)
	}
	txt := string(text)
	for _, s := range r.Sections {
		if !strings.Contains(txt, strings.TrimSpace(s.Number+" "+s.Title)) && !strings.Contains(txt, s.Title[:min(len(s.Title), 30)]) {
			t.Errorf("section %q missing", s.Title)
		}
		for _, it := range s.Items {
			if !strings.Contains(txt, string(it.ID)) {
				t.Errorf("item %s missing", it.ID)
			}
		}
	}
	for _, want := range []string{"READINESS PACK", "Executive summary", "Contents", "Blocked", "In progress", "Done", "N/A", "Amira Haddad", "Dana Fox", "Waiting for the supplier's report", "Supplier rate limit", "Next step", "Next ceremony: Go/no-go on 2026-11-27", "go/no-go not recorded"} {
		if !strings.Contains(txt, want) {
			t.Errorf("text lacks %q", want)
		}
	}
	pagesText := strings.Split(txt, "\f")
	for p := 2; p <= pages; p++ {
		if !strings.Contains(pagesText[p-1], fmt.Sprintf("Page %d of %d", p, pages)) {
			t.Errorf("page %d lacks \"Page %d of %d\"", p, p, pages)
		}
	}
}

func TestPackIsDeterministicAndMatchesGolden(t *testing.T) {
	r := goldRecord(t, 1)
	a, b := render(t, r, PackOptions{}), render(t, r, PackOptions{})
	if !bytes.Equal(a, b) {
		t.Fatal("two renders of the same record differ")
	}
	letter := render(t, r, PackOptions{Paper: Letter})
	sums := fmt.Sprintf("a4 %x\nletter %x\n", sha256.Sum256(a), sha256.Sum256(letter))
	const golden = "testdata/pack.sha256"
	if *update {
		os.MkdirAll("testdata", 0o755)
		if err := os.WriteFile(golden, []byte(sums), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	want, err := os.ReadFile(golden)
	if err != nil {
		t.Fatalf("%v (run go test ./reports -run Golden -update)", err)
	}
	if string(want) != sums {
		t.Fatalf("pack hashes changed:\n%s\nwant\n%s(if the change is intended, run go test ./reports -run Golden -update and look at the PNGs)", sums, want)
	}
}

func TestHostileTextRendersWithoutPanic(t *testing.T) {
	r := goldRecord(t, 0)
	r.Title = "Go live 🚀 漢字 العربية עברית <script>alert(1)</script>"
	r.Sections[0].Text = strings.Repeat("A ten-thousand character note. ", 330)
	r.Sections[len(r.Sections)-1].Items[0].Notes = "emoji 😀😀 CJK 中文 \x00 control \u202e reversed"
	b := render(t, r, PackOptions{})
	if len(b) < 1000 {
		t.Fatal("no PDF")
	}
	if _, err := exec.LookPath("pdftotext"); err == nil {
		txt, _ := exec.Command("pdftotext", writeTemp(t, b), "-").Output()
		for _, want := range []string{"Go live □ □□", "script>alert(1)</script>", "A ten-thousand character note."} {
			if !strings.Contains(string(txt), want) && !strings.Contains(string(txt), strings.ReplaceAll(want, " ", "")) {
				t.Errorf("text lacks %q", want)
			}
		}
	}
}

// TestPackPNGs renders pages for a person to look at (build/out/reports).
func TestPackPNGs(t *testing.T) {
	tool(t, "pdftoppm")
	out := filepath.Join("..", "build", "out", "reports")
	if err := os.MkdirAll(out, 0o755); err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(out, "pack.pdf")
	os.WriteFile(path, render(t, goldRecord(t, 1), PackOptions{}), 0o644)
	if b, err := exec.Command("pdftoppm", "-r", "60", "-png", "-f", "1", "-l", "6", path, filepath.Join(out, "pack")).CombinedOutput(); err != nil {
		t.Fatalf("pdftoppm: %v %s", err, b)
	}
}
