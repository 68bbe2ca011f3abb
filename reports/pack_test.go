package reports

import (
	"bytes"
	"crypto/sha256"
	"errors"
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

var update = flag.Bool("update", false, "rewrite the golden hashes under testdata/")

func TestPackReadsBack(t *testing.T) {
	needTools(t, "pdftotext", "pdfinfo", "qpdf")
	r := goldRecord(t, 1)
	path := writePDF(t, renderPack(t, r, history(30), PackOptions{Author: "Sam Okafor"}))
	qpdfCheck(t, path)

	info := pdfInfo(t, path)
	for k, want := range map[string]string{
		"Title":     "Readiness pack: Payments Gateway — Card tokenisation v3",
		"Author":    "Sam Okafor",
		"Subject":   "Gold release readiness, go-live 2026-11-29",
		"Keywords":  "readiness pack, gold, Payments Gateway, Squad Falcon",
		"Creator":   "Ready Room",
		"Page size": "595.28 x 841.89 pts (A4)",
	} {
		if info[k] != want {
			t.Errorf("pdfinfo %s = %q, want %q", k, info[k], want)
		}
	}
	// A record an archive brought without a squad leaves no empty keyword.
	bare := goldRecord(t, 1)
	bare.Squad = ""
	if got := pdfInfo(t, writePDF(t, renderPack(t, bare, nil, PackOptions{})))["Keywords"]; got != "readiness pack, gold, Payments Gateway" {
		t.Errorf("keywords without a squad: %q", got)
	}
	pages := pdfPages(t, path)
	if n := atoi(t, info["Pages"]); n != len(pages) || n < 15 {
		t.Fatalf("pdfinfo says %d pages, pdftotext found %d", n, len(pages))
	}
	// Every page but the cover has the running header and "Page N of M".
	for i, pg := range pages[1:] {
		want := fmt.Sprintf("Page %d of %d", i+2, len(pages))
		if !strings.Contains(pg, want) || !strings.Contains(pg, "READY ROOM · READINESS PACK") || !strings.Contains(pg, "Payments Gateway — Card tokenisation v3") {
			t.Errorf("page %d lacks its header or %q:\n%s", i+2, want, pg)
		}
	}
	if strings.Contains(pages[0], "Page 1 of") {
		t.Error("the cover has a footer")
	}
	txt := strings.Join(pdfRawPages(t, path), "\n")
	// Every section heading, every item with its status and owner.
	for _, s := range r.Sections {
		if !strings.Contains(squash(txt), squash(strings.TrimSpace(s.Number+" "+s.Title))) {
			t.Errorf("section %q missing", s.Title)
		}
		for _, it := range s.Items {
			if !strings.Contains(txt, string(it.ID)) {
				t.Errorf("item %s missing", it.ID)
			}
		}
	}
	for _, want := range []string{
		// cover
		"READINESS PACK", "Payments Gateway", "Card tokenisation v3", "Gold tier", "Preparing", "2026-11-29 (in 7 days)", "Squad Falcon", "Priya Raman", "Payments Run Team",
		// summary
		"Executive summary", "Contents", "Readiness by section", "Blockers", "Top risks", "Overdue", "Next step",
		"Next ceremony: Go/no-go on 2026-11-27. Falcon room", "go/no-go not recorded",
		// statuses and pills carry words
		"Not started", "In progress", "Done", "N/A", "Blocked", "Red", "Medium", "High",
		// reasons, evidence, people
		"Waiting for the supplier's penetration test report", "No customer-visible change for this item", "Runbook section COM-01",
		"https://wiki.example.com/payments/tokenisation-v3/COM-01", "Amira Haddad", "Jo Park", "Dana Fox", "PagerDuty: payments-run",
		"+1 555 0100 (24/7, contract VL-2231)", "Supplier rate limit below our peak",
		// narratives, filled in or not
		"Moves card tokenisation from the legacy vault", "Not filled in.",
		// after the template
		"Acknowledgements", "Earlier version", "Hypercare plan", "Recent changes", "The newest 20 of 30 changes",
	} {
		if !strings.Contains(txt, want) && !strings.Contains(squash(txt), squash(want)) {
			t.Errorf("text lacks %q", want)
		}
	}
}

func TestPackSummaryListsBlockersRisksAndOverdue(t *testing.T) {
	needTools(t, "pdftotext")
	r := goldRecord(t, 0)
	pages := pdfRawPages(t, writePDF(t, renderPack(t, r, nil, PackOptions{})))
	// The summary runs from its heading to the first template section.
	var summary string
	in := false
	for _, pg := range pages[2:] {
		in = in || strings.Contains(pg, "Executive summary")
		if i := strings.Index(pg, "High-level description"); i >= 0 {
			summary += pg[:i]
			break
		}
		if in {
			summary += pg
		}
	}
	today := readiness.DateOf(packTime)
	for _, s := range r.Sections {
		for _, it := range s.Items {
			if (it.Status == readiness.Blocked || it.Overdue(today)) && !strings.Contains(summary, string(it.ID)) {
				t.Errorf("%s (%s) is not in the summary", it.ID, it.Status)
			}
		}
	}
	// Top risks by likelihood × impact: 6 before 3 before 2; closed risks left out.
	i6, i3, i2 := strings.Index(summary, "Supplier rate limit"), strings.Index(summary, "Expired cards"), strings.Index(summary, "Compatibility layer")
	if i6 < 0 || i3 < i6 || i2 < i3 {
		t.Errorf("top risks out of order: %d %d %d", i6, i3, i2)
	}
	if strings.Contains(summary, "decommissioned too early") {
		t.Error("a closed risk is among the top risks")
	}
}

func TestPackContentsAndBookmarksPointAtSections(t *testing.T) {
	needTools(t, "pdftotext", "qpdf")
	r := goldRecord(t, 2)
	path := writePDF(t, renderPack(t, r, history(5), PackOptions{}))
	pages := pdfPages(t, path)
	// Contents lines are "title ... page".
	entry := regexp.MustCompile(`(?m)^\s*(\S.*?\S)\s{2,}(\d+)\s*$`)
	var titles []string
	for _, m := range entry.FindAllStringSubmatch(pages[1], -1) {
		title, page := m[1], atoi(t, m[2])
		titles = append(titles, title)
		if page < 3 || page > len(pages) {
			t.Errorf("contents: %q on page %d of %d", title, page, len(pages))
			continue
		}
		if !strings.Contains(squash(pages[page-1]), squash(title)) {
			t.Errorf("contents: %q is not on page %d", title, page)
		}
	}
	if len(titles) != len(r.Sections)+5 {
		t.Errorf("contents has %d entries, want %d: %q", len(titles), len(r.Sections)+5, titles)
	}
	// The contents lines link to the same pages.
	links := pdfLinks(t, path)[2]
	if len(links) != len(titles) {
		t.Fatalf("contents page has %d links for %d entries", len(links), len(titles))
	}
	for i, m := range entry.FindAllStringSubmatch(pages[1], -1) {
		if want := atoi(t, m[2]); links[i] != want {
			t.Errorf("link %d (%s) goes to page %d, want %d", i, m[1], links[i], want)
		}
	}
	// One top-level bookmark per section, on its page.
	outlines := pdfOutlines(t, path)
	if len(outlines) != len(titles)+1 || outlines[0].Title != "Contents" {
		t.Fatalf("%d top-level bookmarks, want Contents and %d sections", len(outlines), len(titles))
	}
	for i, o := range outlines[1:] {
		if squash(o.Title) != squash(titles[i]) {
			t.Errorf("bookmark %d is %q, contents says %q", i, o.Title, titles[i])
		}
		if !strings.Contains(squash(pages[o.Page-1]), squash(o.Title)) {
			t.Errorf("bookmark %q points at page %d, which lacks it", o.Title, o.Page)
		}
	}
	if kids := outlines[1].Kids; len(kids) < 5 || kids[0].Title != "Readiness by section" {
		t.Errorf("the summary's sub-headings are not bookmarked: %+v", kids)
	}
}

// A template with many sections gets contents over several pages, every
// entry still pointing at its section.
func TestLongContentsSpanPages(t *testing.T) {
	needTools(t, "pdftotext", "qpdf")
	r := goldRecord(t, 0)
	for i := range 3 {
		for _, s := range r.Sections[:18] {
			s.Title = fmt.Sprintf("%s (copy %d)", s.Title, i+1)
			s.Number = ""
			r.Sections = append(r.Sections, s)
		}
	}
	path := writePDF(t, renderPack(t, r, nil, PackOptions{}))
	qpdfCheck(t, path)
	pages := pdfPages(t, path)
	entry := regexp.MustCompile(`(?m)^\s*(\S.*?\S)\s{2,}(\d+)\s*$`)
	n := 0
	for c := 1; c < len(pages) && !strings.Contains(pages[c], "Executive summary\n"); c++ {
		for _, m := range entry.FindAllStringSubmatch(pages[c], -1) {
			if strings.HasPrefix(m[1], "Page ") {
				continue
			}
			n++
			if p := atoi(t, m[2]); p > len(pages) || !strings.Contains(squash(pages[p-1]), squash(m[1])) {
				t.Errorf("contents page %d: %q is not on page %d", c+1, m[1], p)
			}
		}
	}
	if want := len(r.Sections) + 5; n != want {
		t.Errorf("contents list %d entries, want %d", n, want)
	}
}

func TestPackOnLetterPaper(t *testing.T) {
	needTools(t, "pdfinfo", "qpdf")
	path := writePDF(t, renderPack(t, goldRecord(t, 1), nil, PackOptions{Paper: Letter}))
	qpdfCheck(t, path)
	if got := pdfInfo(t, path)["Page size"]; got != "612 x 792 pts (letter)" {
		t.Errorf("page size %q", got)
	}
}

// A row taller than a page flows on across pages: its id and status stay
// on its first part, later parts say whose continuation they are, and the
// table's header is repeated on every page.
func TestTallRowsFlowAcrossPages(t *testing.T) {
	needTools(t, "pdftotext")
	r := goldRecord(t, 0)
	sec := &r.Sections[len(r.Sections)-1]
	it := &sec.Items[2]
	it.Status, it.Reason = readiness.Blocked, "Supplier outage"
	it.Notes = "First words of the long note. " + strings.Repeat("A long note that goes on and on. ", 600) + "Last words of the long note."
	path := writePDF(t, renderPack(t, r, nil, PackOptions{}))
	pages, laid := pdfRawPages(t, path), pdfPages(t, path)
	var first, last = -1, -1
	for i, pg := range pages {
		if strings.Contains(pg, "First words of the long note") {
			first = i
		}
		if strings.Contains(pg, "Last words of the long note") {
			last = i
		}
	}
	if first < 0 || last-first < 2 {
		t.Fatalf("the note runs from page %d to %d", first+1, last+1)
	}
	if !strings.Contains(pages[first], string(it.ID)) || !strings.Contains(pages[first], "Blocked: Supplier outage") {
		t.Errorf("page %d lacks the item's id or status:\n%s", first+1, pages[first])
	}
	for i := first + 1; i <= last; i++ {
		if !strings.Contains(laid[i], "EVIDENCE AND NOTES") || !strings.Contains(laid[i], string(it.ID)) || !strings.Contains(laid[i], "continued") {
			t.Errorf("page %d lacks the repeated header or the continued item's id", i+1)
		}
	}
	if !strings.Contains(pages[last], string(sec.Items[3].ID)) && !strings.Contains(pages[last+1], string(sec.Items[3].ID)) {
		t.Error("the next item does not follow the long one")
	}
}

func TestHostileTextRendersAndTheRestStays(t *testing.T) {
	needTools(t, "pdftotext", "pdfinfo", "qpdf")
	r := hostileRecord(t)
	path := writePDF(t, renderPack(t, r, nil, PackOptions{}))
	qpdfCheck(t, path)
	txt := strings.Join(pdfRawPages(t, path), "\n")
	for _, want := range []string{
		"Go live 🚀 漢字", "<script>alert(1)</script>", "Squad 👩💻 Falcon",
		"Before emoji 😀😀 after.", "CJK 中文 here.", "Control chars reversed end.",
		"Start of a long note.", "End of the long note.", "Blocked: Supplier 🚀 blocked",
		"<b>Bold</b> & \"quoted\"",
	} {
		if !strings.Contains(txt, want) && !strings.Contains(squash(txt), squash(want)) {
			t.Errorf("text lacks %q", want)
		}
	}
	// Metadata keeps the title as typed, emoji and all.
	if got := pdfInfo(t, path)["Title"]; got != "Readiness pack: Payments Gateway — Go live 🚀 漢字 العربية עברית <script>alert(1)</script>" {
		t.Errorf("title metadata %q", got)
	}
	// Right-to-left words survive in one order or the other.
	for _, word := range []string{"שלום", "עולם", "עברית"} {
		if !strings.Contains(txt, word) && !strings.Contains(txt, reverse(word)) {
			t.Errorf("Hebrew %q is missing", word)
		}
	}
	if strings.Count(txt, "0123456789") < 900 {
		t.Errorf("the 10,000-character note lost text: %d of 909 runs", strings.Count(txt, "0123456789"))
	}
}

func reverse(s string) string {
	r := []rune(s)
	for i, j := 0, len(r)-1; i < j; i, j = i+1, j-1 {
		r[i], r[j] = r[j], r[i]
	}
	return string(r)
}

// The cover keeps within the body's margins however long what it says:
// read back with pdftotext -bbox, no word on page 1 reaches past them.
// A title of one long word is shortened on its second line, ellipsis and
// all; the headline's word wraps beside its figure, whole.
func TestCoverKeepsWithinTheMargins(t *testing.T) {
	needTools(t, "pdftotext")
	oneWord := goldRecord(t, 0)
	oneWord.Service = strings.Repeat("Supercalifragilistic", 6)
	// The headline's word beside its figure: a maintenance team's name of
	// 82 characters, a go-live's long reason.
	longTeam := handedOverRecord(t)
	longTeam.MaintenanceTeam = "Enterprise Platform Reliability and Customer Operations Engineering Group for EMEA"
	longTeam.Handover.Team = longTeam.MaintenanceTeam
	longReason := liveRecord(t)
	longReason.WentLive.Reason = "Brought forward three days to ship before the holiday change freeze"
	longReason.Hypercare.Window = readiness.HypercareWindow{State: readiness.HCPlanned, Days: 14}
	for _, c := range []struct {
		name  string
		r     *readiness.Record
		now   time.Time
		wants []string // on page 1, whole
	}{
		{"a title of one long word", oneWord, packTime, []string{"SupercalifragilisticSupercalif"}},
		{"a long team in the headline", longTeam, packTime, []string{"Handed over to Enterprise Platform Reliability and Customer Operations Engineering Group for EMEA on 2026-11-21"}},
		{"a long go-live reason in the headline", longReason, packTime, []string{"Live Went live 2026-11-16 (planned 2026-11-19: Brought forward three days to ship before the holiday change freeze)"}},
	} {
		path := writePDF(t, renderPack(t, c.r, nil, PackOptions{Now: c.now}))
		for _, w := range outsideBody(pdfWords(t, path), 1) {
			t.Errorf("%s: %s", c.name, w)
		}
		wantAll(t, c.name+", page 1", pageText(t, path, 1), c.wants...)
	}
}

// The PDF's creation and modification dates say their zone, so a reader
// takes them for the instant the footer's "Generated" line gives: packTime
// (09:30 UTC) read back with pdfinfo as the same instant, whatever zone
// the pack was dated in.
func TestPDFDatesSayTheirZone(t *testing.T) {
	needTools(t, "pdfinfo")
	t.Setenv("TZ", "UTC") // pdfinfo prints dates in the local zone
	for zone, want := range map[*time.Location]string{
		time.UTC:                    "D:20261122093000Z",
		time.FixedZone("CET", 3600): "D:20261122103000+01'00'",
		time.FixedZone("-0530", -(5*3600 + 1800)): "D:20261122040000-05'30'",
	} {
		b := renderPack(t, silverRecord(t), nil, PackOptions{Now: packTime.In(zone)})
		for _, key := range []string{"/CreationDate", "/ModDate"} {
			if !bytes.Contains(b, []byte(key+" ("+want+")")) {
				t.Errorf("%s: no %s (%s)", zone, key, want)
			}
		}
		info := pdfInfo(t, writePDF(t, b))
		for _, key := range []string{"CreationDate", "ModDate"} {
			if got := info[key]; got != "Sun Nov 22 09:30:00 2026 UTC" {
				t.Errorf("%s: pdfinfo reads the %s as %s, want Sun Nov 22 09:30:00 2026 UTC", zone, key, got)
			}
		}
	}
}

func TestEmptyRecordRenders(t *testing.T) {
	needTools(t, "pdftotext", "qpdf")
	r := silverRecord(t)
	path := writePDF(t, renderPack(t, r, nil, PackOptions{HistoryLimit: -1}))
	qpdfCheck(t, path)
	txt := strings.Join(pdfRawPages(t, path), "\n")
	for _, want := range []string{"Synonyms refresh", "0%", "Not filled in.", "No contacts recorded.", "No risks recorded.", "Nothing is blocked.", "Nothing is overdue.", "No acknowledgements yet.", "The history is not included"} {
		if !strings.Contains(txt, want) {
			t.Errorf("text lacks %q", want)
		}
	}
}

func TestPackRefusesWhatItCannotRender(t *testing.T) {
	var buf bytes.Buffer
	if err := ReadinessPack(&buf, nil, nil, PackOptions{Now: packTime}); !errors.Is(err, ErrNoRecord) {
		t.Errorf("nil record: %v", err)
	}
	if err := ReadinessPack(&buf, goldRecord(t, 0), nil, PackOptions{}); !errors.Is(err, ErrNoTime) {
		t.Errorf("no time: %v", err)
	}
	if err := ReadinessPack(&buf, goldRecord(t, 0), nil, PackOptions{Now: packTime, Paper: "a3"}); err == nil {
		t.Error("A3 rendered")
	}
	if buf.Len() != 0 {
		t.Error("a refused pack wrote bytes")
	}
	if err := ReadinessPack(failingWriter{}, goldRecord(t, 0), nil, PackOptions{Now: packTime}); err == nil || !strings.Contains(err.Error(), "disk full") {
		t.Errorf("a failing writer: %v", err)
	}
	for _, in := range []string{"A4", " letter ", ""} {
		if _, err := ParsePaper(in); err != nil {
			t.Errorf("ParsePaper(%q): %v", in, err)
		}
	}
	if _, err := ParsePaper("legal"); err == nil {
		t.Error("ParsePaper accepted legal")
	}
}

// Packs render side by side (an export while another runs) and come out
// the same as alone.
func TestPacksRenderConcurrently(t *testing.T) {
	want := renderPack(t, goldRecord(t, 1), history(5), PackOptions{})
	got := make([][]byte, 4)
	done := make(chan int)
	for i := range got {
		go func() {
			var buf bytes.Buffer
			if err := ReadinessPack(&buf, goldRecord(t, 1), history(5), PackOptions{Now: packTime}); err != nil {
				t.Error(err)
			}
			got[i] = buf.Bytes()
			done <- i
		}()
	}
	for range got {
		<-done
	}
	for i, b := range got {
		if !bytes.Equal(b, want) {
			t.Errorf("concurrent render %d differs", i)
		}
	}
}

// lifecycleFixtures are the reports of records past preparation: the
// packs of a live and a handed-over record, handover packs (one with
// everything to warn about), and ceremony reports (an amended review, a go
// with a condition and an accepted risk).
func lifecycleFixtures(t *testing.T) []struct {
	name string
	pdf  func() []byte
} {
	handover := func(r *readiness.Record) func() []byte {
		return func() []byte {
			var buf bytes.Buffer
			if err := HandoverPack(&buf, r, PackOptions{Now: packTime}); err != nil {
				t.Fatal(err)
			}
			return buf.Bytes()
		}
	}
	return []struct {
		name string
		pdf  func() []byte
	}{
		{"live-pack", func() []byte { return renderPack(t, liveRecord(t), history(5), PackOptions{}) }},
		{"handed-over-pack", func() []byte { return renderPack(t, handedOverRecord(t), nil, PackOptions{}) }},
		{"handover-gold", handover(goldRecord(t, 0))},
		{"handover-handed-over", handover(handedOverRecord(t))},
		{"handover-bare", handover(silverRecord(t))},
		{"review-amended", func() []byte { return renderCeremony(t, liveRecord(t), "01JD00000000000000000000C1") }},
		{"go-no-go", func() []byte { return renderCeremony(t, liveRecord(t), "01JD00000000000000000000C2") }},
	}
}

type failingWriter struct{}

func (failingWriter) Write([]byte) (int, error) { return 0, errors.New("disk full") }

// TestGoldenHashes renders fixed inputs twice (byte-identical) and compares
// their SHA-256 with testdata/pack.sha256: readiness packs, handover packs
// and ceremony reports. After an intended change, run
//
//	go test ./reports -run Golden -update
//
// and look at the PNGs TestPackPNGs writes.
func TestGoldenHashes(t *testing.T) {
	fixtures := []struct {
		name string
		pdf  func() []byte
	}{
		{"gold-a4", func() []byte { return renderPack(t, goldRecord(t, 1), history(30), PackOptions{Author: "Sam Okafor"}) }},
		{"gold-letter", func() []byte { return renderPack(t, goldRecord(t, 1), history(30), PackOptions{Paper: Letter}) }},
		{"silver-empty", func() []byte { return renderPack(t, silverRecord(t), nil, PackOptions{}) }},
		{"hostile", func() []byte { return renderPack(t, hostileRecord(t), nil, PackOptions{}) }},
		{"local-time", func() []byte {
			return renderPack(t, goldRecord(t, 0), nil, PackOptions{Now: packTime.In(time.FixedZone("CET", 3600))})
		}},
	}
	fixtures = append(fixtures, lifecycleFixtures(t)...)
	var sums strings.Builder
	for _, f := range fixtures {
		a, b := f.pdf(), f.pdf()
		if !bytes.Equal(a, b) {
			t.Errorf("%s: two renders differ", f.name)
		}
		fmt.Fprintf(&sums, "%s %x\n", f.name, sha256.Sum256(a))
	}
	const golden = "testdata/pack.sha256"
	if *update {
		if err := os.WriteFile(golden, []byte(sums.String()), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	want, err := os.ReadFile(golden)
	if err != nil {
		t.Fatalf("%v (run go test ./reports -run Golden -update)", err)
	}
	if string(want) != sums.String() {
		t.Errorf("pack hashes changed:\n%s\nwant\n%s\n(if the change is intended, run go test ./reports -run Golden -update and look at the PNGs)", sums.String(), want)
	}
}

// TestPackPNGs renders pages for a person to look at, in build/out/reports.
func TestPackPNGs(t *testing.T) {
	if testing.Short() {
		t.Skip("-short: no PNGs")
	}
	needTools(t, "pdftoppm")
	out := filepath.Join("..", "build", "out", "reports")
	if err := os.MkdirAll(out, 0o755); err != nil {
		t.Fatal(err)
	}
	type pdf struct {
		name  string
		pdf   []byte
		pages int // the first pages to draw; all when 0
	}
	all := []pdf{
		{"pack", renderPack(t, goldRecord(t, 1), history(30), PackOptions{}), 0},
		{"pack-letter", renderPack(t, goldRecord(t, 1), history(30), PackOptions{Paper: Letter}), 0},
		{"pack-hostile", renderPack(t, hostileRecord(t), nil, PackOptions{}), 0},
		{"pack-silver", renderPack(t, silverRecord(t), nil, PackOptions{}), 0},
	}
	for _, f := range lifecycleFixtures(t) {
		pages := 0
		if strings.HasSuffix(f.name, "-pack") {
			pages = 6 // the cover and the summary: the rest is the gold pack's
		}
		all = append(all, pdf{f.name, f.pdf(), pages})
	}
	for _, f := range all {
		name := f.name
		path := filepath.Join(out, name+".pdf")
		if err := os.WriteFile(path, f.pdf, 0o644); err != nil {
			t.Fatal(err)
		}
		old, _ := filepath.Glob(filepath.Join(out, name+"-[0-9]*.png"))
		for _, f := range old {
			os.Remove(f)
		}
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			args := []string{"-r", "60", "-png"}
			if f.pages > 0 {
				args = append(args, "-l", fmt.Sprint(f.pages))
			}
			if b, err := exec.Command("pdftoppm", append(args, path, filepath.Join(out, name))...).CombinedOutput(); err != nil {
				t.Fatalf("pdftoppm: %v %s", err, b)
			}
		})
	}
}
