package reports

import (
	"bytes"
	"fmt"
	"slices"
	"strings"
	"testing"

	"readyroom/readiness"
)

// notesText is a paragraph of n sentences of the kind a squad writes in an
// item's notes, a risk's mitigation or an evidence label: long, ordinary
// words, no line breaks.
func notesText(seed, n int) string {
	sentences := []string{
		"Reviewed with the run team on the Tuesday call, and the follow-up is booked for the next readiness review.",
		"The supplier confirmed the rate limit in writing; the ticket holds their email and the agreed escalation path.",
		"Load test at twice the expected peak passed with p99 latency under 180 ms and no errors in the compatibility layer.",
		"Dashboards for token issuance, vault reads and checkout errors are linked from the service's runbook.",
		"Two open questions remain for the security review: key rotation cadence and who approves an emergency rotation.",
		"Rollback was rehearsed in staging; the write flag returned traffic to the legacy vault in forty seconds.",
		"Customer support has the FAQ draft; the final wording waits for legal's sign-off on the consent text.",
	}
	var b strings.Builder
	for i := range n {
		if i > 0 {
			b.WriteByte(' ')
		}
		b.WriteString(sentences[(seed+i)%len(sentences)])
	}
	return b.String()
}

// longNotesRecord is the Gold record with what a thorough squad writes:
// notes of two to twelve sentences on every item, evidence with long
// labels, risks with long descriptions and mitigations.
func longNotesRecord(tb testing.TB) *readiness.Record {
	tb.Helper()
	r := goldRecord(tb, 0)
	i := 0
	for si := range r.Sections {
		for ii := range r.Sections[si].Items {
			it := &r.Sections[si].Items[ii]
			it.Notes = notesText(i, 2+i%11)
			if len(it.Evidence) > 0 {
				it.Evidence[0].Label = "Runbook section " + string(it.ID) + ": " + notesText(i+3, 1)
			}
			i++
		}
	}
	r.Risks = nil
	for k := range 12 {
		r.Risks = append(r.Risks, readiness.Risk{
			ID: readiness.EntityID(fmt.Sprintf("01JD00000000000000000001%02d", k)), Description: notesText(k, 2+k%3),
			Likelihood: []readiness.Level{"low", "medium", "high"}[k%3], Impact: []readiness.Level{"high", "medium", "low"}[k%3],
			Mitigation: notesText(k+2, 3+k%5), Owner: "Amira Haddad", Status: "open",
		})
	}
	return r
}

// longNotesPagesBefore is the long-notes pack's page count when every
// table had fixed column widths and notes shared the evidence column
// (main at d1bbea1, A4): 75 pages.
const longNotesPagesBefore = 75

// Columns that follow their content and long notes across the table: the
// long-notes pack takes at most two thirds of the pages it took, and its
// long notes are printed whole.
func TestLongNotesUseThePage(t *testing.T) {
	needTools(t, "pdftotext")
	r := longNotesRecord(t)
	b := renderPack(t, r, history(20), PackOptions{})
	pages := pagesOf(b)
	t.Logf("long-notes pack: %d pages, %d before (%.0f%% fewer)", pages, longNotesPagesBefore, 100*(1-float64(pages)/longNotesPagesBefore))
	if pages > longNotesPagesBefore*2/3 {
		t.Errorf("the long-notes pack takes %d pages; at most %d (two thirds of %d)", pages, longNotesPagesBefore*2/3, longNotesPagesBefore)
	}
	text := strings.Join(pdfRawPages(t, writePDF(t, b)), " ")
	for _, s := range r.Sections {
		for _, it := range s.Items {
			// A note's last sentence, wherever the pages break it.
			last := it.Notes[strings.LastIndex(it.Notes[:len(it.Notes)-1], ". ")+2:]
			if !strings.Contains(text, last) {
				t.Errorf("%s: the end of its notes (%q) is not in the pack", it.ID, last)
			}
		}
	}
}

// tallied is a writer that keeps the layout's page accounting too.
type tallied struct {
	bytes.Buffer
	tl tally
}

func (w *tallied) receiveTally(t tally) { w.tl = t }

// paginationProblems names each page that ends right under a heading,
// and each page that holds one whole row of a table that has rows on other
// pages (parts of a row taller than a third of a page aside).
func paginationProblems(tl tally) []string {
	var out []string
	for _, p := range tl.headingEnds {
		out = append(out, fmt.Sprintf("page %d ends with a heading", p))
	}
	type key struct{ table, page int }
	onPage := map[key][]rowMark{}
	pagesOf := map[int]map[int]bool{}
	for _, m := range tl.rows {
		onPage[key{m.table, m.page}] = append(onPage[key{m.table, m.page}], m)
		if pagesOf[m.table] == nil {
			pagesOf[m.table] = map[int]bool{}
		}
		pagesOf[m.table][m.page] = true
	}
	for k, marks := range onPage {
		if len(pagesOf[k.table]) > 1 && len(marks) == 1 && !marks[0].part {
			out = append(out, fmt.Sprintf("page %d holds one row of table %d, which runs over %d pages", k.page, k.table, len(pagesOf[k.table])))
		}
	}
	slices.Sort(out)
	return out
}

func checkPagination(t *testing.T, name string, tl tally) {
	t.Helper()
	for _, p := range paginationProblems(tl) {
		t.Errorf("%s: %s", name, p)
	}
}

// PackPagination is checkPagination for the demo records' readiness,
// handover packs and ceremony reports (lifecycle_reports_test.go).
var PackPagination = func(t *testing.T, r *readiness.Record, opt PackOptions) {
	t.Helper()
	var w tallied
	if err := ReadinessPack(&w, r, history(40), opt); err != nil {
		t.Fatal(err)
	}
	checkPagination(t, "readiness pack", w.tl)
	w = tallied{}
	if err := HandoverPack(&w, r, opt); err != nil {
		t.Fatal(err)
	}
	checkPagination(t, "handover pack", w.tl)
	for _, c := range r.Ceremonies {
		w = tallied{}
		if err := CeremonyReport(&w, r, c.ID, opt); err != nil {
			t.Fatal(err)
		}
		checkPagination(t, string(c.Kind)+" report", w.tl)
	}
}

// No page ends with a heading or holds a lone row of a table, in packs of
// short and long notes, on A4 and Letter.
func TestNoLoneRowsOrHeadings(t *testing.T) {
	records := map[string]func(testing.TB) *readiness.Record{
		"gold":        func(tb testing.TB) *readiness.Record { return goldRecord(tb, 0) },
		"gold notes2": func(tb testing.TB) *readiness.Record { return goldRecord(tb, 2) },
		"gold notes5": func(tb testing.TB) *readiness.Record { return goldRecord(tb, 5) },
		"long notes":  longNotesRecord, "live": liveRecord, "handed over": handedOverRecord,
		"hostile": hostileRecord, "silver": silverRecord,
	}
	for name, rec := range records {
		for _, paper := range []Paper{A4, Letter} {
			t.Run(name+" "+string(paper), func(t *testing.T) {
				PackPagination(t, rec(t), PackOptions{Now: packTime, Paper: paper})
			})
		}
	}
}

// The check itself finds a lone row and a heading that ends a page.
func TestPaginationCheckFails(t *testing.T) {
	for _, c := range []struct {
		tl   tally
		want int
	}{
		{tally{rows: []rowMark{{1, 1, false}, {1, 1, false}, {2, 1, false}}}, 1},              // the last row alone
		{tally{rows: []rowMark{{1, 1, false}, {2, 1, false}, {2, 1, false}}}, 1},              // the first row alone
		{tally{headingEnds: []int{3}}, 1},                                                     // a heading ends page 3
		{tally{rows: []rowMark{{1, 1, true}, {2, 1, true}, {3, 1, false}, {3, 1, false}}}, 0}, // a tall row's parts
		{tally{rows: []rowMark{{1, 1, false}, {2, 2, false}}}, 0},                             // two one-row tables
	} {
		if got := paginationProblems(c.tl); len(got) != c.want {
			t.Errorf("%+v: %q, want %d problems", c.tl, got, c.want)
		}
	}
}

// A checklist section's heading, rating line and guidance are on the page
// where its table starts (read back with pdftotext).
func TestChecklistHeadingKeepsItsTable(t *testing.T) {
	needTools(t, "pdftotext")
	for name, r := range map[string]*readiness.Record{"gold": goldRecord(t, 0), "notes": goldRecord(t, 4), "long notes": longNotesRecord(t)} {
		pages := pdfPages(t, writePDF(t, renderPack(t, r, history(20), PackOptions{})))
		found := 0
		for i, pg := range pages {
			if strings.Contains(pg, "applicable items done ·") {
				found++
				if !strings.Contains(pg, "EVIDENCE AND NOTES") {
					t.Errorf("%s: page %d opens a checklist section without its table:\n%s", name, i+1, pg)
				}
			}
		}
		if found < 8 {
			t.Errorf("%s: %d checklist sections found, want 8", name, found)
		}
	}
}

// Whatever falls where on the page — attendees push everything after them
// down, a line at a time — a ceremony report's headings keep what follows
// them and its tables leave no row alone.
func TestCeremonyReportsPaginate(t *testing.T) {
	r := liveRecord(t)
	exit := r.Ceremonies[1]
	exit.ID, exit.Kind, exit.Blocked, exit.Open = "01JD00000000000000000000C9", readiness.HypercareExit, nil, nil
	r.Ceremonies = append(r.Ceremonies, exit)
	r.Hypercare.Window.ExitedOn = "2026-11-20"
	base := r.Ceremonies
	for n := range 36 {
		r.Ceremonies = slices.Clone(base)
		for i := range r.Ceremonies {
			c := &r.Ceremonies[i]
			if c.Kind != readiness.HypercareExit && n%4 != 0 {
				continue // the exit report at every count, the others at every fourth
			}
			c.Attendees = nil
			for k := range n {
				c.Attendees = append(c.Attendees, readiness.Person{Name: fmt.Sprintf("Person %d", k), Role: "Squad"})
			}
			var w tallied
			if err := CeremonyReport(&w, r, c.ID, PackOptions{Now: packTime}); err != nil {
				t.Fatal(err)
			}
			for _, p := range paginationProblems(w.tl) {
				t.Errorf("%s report, %d attendees: %s", c.Kind, n, p)
			}
		}
	}
}

// The same for the readiness pack: a description a line longer each time
// moves the sections after it down the page.
func TestPackPaginatesWhereverSectionsFall(t *testing.T) {
	for n := 0; n < 48; n += 2 {
		r := goldRecord(t, 1)
		r.Sections[0].Text = strings.TrimSpace(strings.Repeat("A line of the description.\n", n))
		var w tallied
		if err := ReadinessPack(&w, r, history(8), PackOptions{Now: packTime}); err != nil {
			t.Fatal(err)
		}
		for _, p := range paginationProblems(w.tl) {
			t.Errorf("%d lines of description: %s", n, p)
		}
	}
}

// And for the executive summary: a last check-in a line longer each time
// moves "Readiness by section" and the headings after it down the page,
// past its end.
func TestSummaryPaginatesWhereverHeadingsFall(t *testing.T) {
	for n := 0; n < 60; n++ {
		r := liveRecord(t)
		r.Hypercare.CheckIns[len(r.Hypercare.CheckIns)-1].Summary = strings.TrimSpace(strings.Repeat("A line of the check-in.\n", n))
		var w tallied
		if err := ReadinessPack(&w, r, history(8), PackOptions{Now: packTime}); err != nil {
			t.Fatal(err)
		}
		for _, p := range paginationProblems(w.tl) {
			t.Errorf("%d lines of check-in: %s", n, p)
		}
	}
}
