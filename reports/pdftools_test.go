package reports

import (
	"bytes"
	"encoding/json"
	"fmt"
	"html"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"readyroom/readiness"
)

// Helpers that read PDFs back with real tools (poppler-utils, qpdf). A
// check that needs a missing tool is skipped, saying which.

func needTools(t *testing.T, names ...string) {
	t.Helper()
	for _, n := range names {
		if _, err := exec.LookPath(n); err != nil {
			t.Skipf("%s is not installed (apt-get install poppler-utils qpdf)", n)
		}
	}
}

// renderPack renders a readiness pack, at packTime unless told.
func renderPack(tb testing.TB, r *readiness.Record, hist []readiness.HistoryEntry, opt PackOptions) []byte {
	tb.Helper()
	if opt.Now.IsZero() {
		opt.Now = packTime
	}
	var buf bytes.Buffer
	if err := ReadinessPack(&buf, r, hist, opt); err != nil {
		tb.Fatal(err)
	}
	return buf.Bytes()
}

func writePDF(t *testing.T, b []byte) string {
	t.Helper()
	path := filepath.Join(t.TempDir(), "report.pdf")
	if err := os.WriteFile(path, b, 0o644); err != nil {
		t.Fatal(err)
	}
	return path
}

// pdfPages is the text of each page as laid out (pdftotext -layout): the
// place to look for headers, footers and table rows.
func pdfPages(t *testing.T, path string) []string { return pdftotext(t, path, "-layout") }

// pdfRawPages is the text of each page in drawing order (pdftotext -raw):
// a wrapped table cell reads as one run of text.
// White space is collapsed to single spaces.
func pdfRawPages(t *testing.T, path string) []string {
	pages := pdftotext(t, path, "-raw")
	for i, p := range pages {
		pages[i] = strings.Join(strings.Fields(p), " ")
	}
	return pages
}

func pdftotext(t *testing.T, path, mode string) []string {
	t.Helper()
	out, err := exec.Command("pdftotext", mode, "-enc", "UTF-8", path, "-").Output()
	if err != nil {
		t.Fatalf("pdftotext: %v", err)
	}
	pages := strings.Split(string(out), "\f")
	if n := len(pages); n > 0 && strings.TrimSpace(pages[n-1]) == "" {
		pages = pages[:n-1]
	}
	return pages
}

// pdfInfo is pdfinfo's fields by name.
func pdfInfo(t *testing.T, path string) map[string]string {
	t.Helper()
	out, err := exec.Command("pdfinfo", "-enc", "UTF-8", path).Output()
	if err != nil {
		t.Fatalf("pdfinfo: %v", err)
	}
	info := map[string]string{}
	for _, line := range strings.Split(string(out), "\n") {
		if k, v, ok := strings.Cut(line, ":"); ok {
			info[k] = strings.TrimSpace(v)
		}
	}
	return info
}

// pdfWord is a word as pdftotext -bbox reads it: its page (from 1) and
// that page's size, its box in points from the page's top left corner, and
// its text.
type pdfWord struct {
	page           int
	pageW, pageH   float64
	x0, y0, x1, y1 float64
	text           string
}

var (
	bboxPage = regexp.MustCompile(`<page width="([\d.]+)" height="([\d.]+)">`)
	bboxWord = regexp.MustCompile(`<word xMin="([-\d.]+)" yMin="([-\d.]+)" xMax="([-\d.]+)" yMax="([-\d.]+)">([^<]*)</word>`)
)

// pdfWords is every word of a PDF with its box (pdftotext -bbox).
func pdfWords(t *testing.T, path string) []pdfWord {
	t.Helper()
	out, err := exec.Command("pdftotext", "-bbox", "-enc", "UTF-8", path, "-").Output()
	if err != nil {
		t.Fatalf("pdftotext -bbox: %v", err)
	}
	var words []pdfWord
	var cur pdfWord
	num := func(s string) float64 {
		f, err := strconv.ParseFloat(s, 64)
		if err != nil {
			t.Fatalf("pdftotext -bbox: %q is not a number", s)
		}
		return f
	}
	for _, line := range strings.Split(string(out), "\n") {
		if m := bboxPage.FindStringSubmatch(line); m != nil {
			cur.page++
			cur.pageW, cur.pageH = num(m[1]), num(m[2])
			continue
		}
		if m := bboxWord.FindStringSubmatch(line); m != nil {
			w := cur
			w.x0, w.y0, w.x1, w.y1 = num(m[1]), num(m[2]), num(m[3]), num(m[4])
			w.text = html.UnescapeString(m[5])
			words = append(words, w)
		}
	}
	return words
}

// outsideBody is each word of a page that reaches past the body's left
// or right margin (marginX), as "page N: word (xMin-xMax of width)".
func outsideBody(words []pdfWord, page int) []string {
	const margin = marginX / ptToMM
	var out []string
	for _, w := range words {
		if w.page == page && (w.x0 < margin-0.5 || w.x1 > w.pageW-margin+0.5) {
			out = append(out, fmt.Sprintf("page %d: %q (%.2f-%.2f pt of %.2f)", w.page, w.text, w.x0, w.x1, w.pageW))
		}
	}
	return out
}

func qpdfCheck(t *testing.T, path string) {
	t.Helper()
	out, err := exec.Command("qpdf", "--check", path).CombinedOutput()
	if err != nil || !strings.Contains(string(out), "No syntax or stream encoding errors") || strings.Contains(string(out), "WARNING") {
		t.Fatalf("qpdf --check: %v\n%s", err, out)
	}
}

// outline is one bookmark: its title, its page and its children.
type outline struct {
	Title string    `json:"title"`
	Page  int       `json:"destpageposfrom1"`
	Kids  []outline `json:"kids"`
}

func pdfOutlines(t *testing.T, path string) []outline {
	t.Helper()
	out, err := exec.Command("qpdf", "--json=2", "--json-key=outlines", path).Output()
	if err != nil {
		t.Fatalf("qpdf --json: %v", err)
	}
	var doc struct{ Outlines []outline }
	if err := json.Unmarshal(out, &doc); err != nil {
		t.Fatal(err)
	}
	return doc.Outlines
}

// pdfLinks maps each page (from 1) to the pages its internal links go to.
func pdfLinks(t *testing.T, path string) map[int][]int {
	t.Helper()
	out, err := exec.Command("qpdf", "--json=2", "--json-key=pages", "--json-key=qpdf", path).Output()
	if err != nil {
		t.Fatalf("qpdf --json: %v", err)
	}
	var doc struct {
		Pages []struct {
			Object string `json:"object"`
			Pos    int    `json:"pageposfrom1"`
		} `json:"pages"`
		QPDF []json.RawMessage `json:"qpdf"`
	}
	if err := json.Unmarshal(out, &doc); err != nil || len(doc.QPDF) < 2 {
		t.Fatalf("qpdf --json: %v", err)
	}
	var objects map[string]struct {
		Value struct {
			Annots []struct {
				Dest []any `json:"/Dest"`
			} `json:"/Annots"`
		} `json:"value"`
	}
	if err := json.Unmarshal(doc.QPDF[1], &objects); err != nil {
		t.Fatal(err)
	}
	pageOf := map[string]int{}
	for _, p := range doc.Pages {
		pageOf[p.Object] = p.Pos
	}
	links := map[int][]int{}
	for _, p := range doc.Pages {
		for _, a := range objects["obj:"+p.Object].Value.Annots {
			if len(a.Dest) > 0 {
				ref, _ := a.Dest[0].(string)
				links[p.Pos] = append(links[p.Pos], pageOf[ref])
			}
		}
	}
	return links
}

func atoi(t *testing.T, s string) int {
	t.Helper()
	n, err := strconv.Atoi(strings.TrimSpace(s))
	if err != nil {
		t.Fatalf("%q is not a number", s)
	}
	return n
}

// squash drops all white space: pdftotext spaces some glyph runs apart.
func squash(s string) string {
	return strings.Join(strings.Fields(s), "")
}

// summaryText is the executive summary of a pack, from its heading to the
// first template section, white space collapsed.
func summaryText(t *testing.T, path string) string {
	t.Helper()
	var summary string
	in := false
	for _, pg := range pdfRawPages(t, path)[2:] {
		in = in || strings.Contains(pg, "Executive summary")
		if i := strings.Index(pg, "High-level description"); i >= 0 && in {
			return summary + pg[:i]
		}
		if in {
			summary += pg + " "
		}
	}
	t.Fatal("no executive summary")
	return ""
}

// pageText is one page's text as `pdftotext -f n -l n -raw` gives it,
// white space collapsed.
func pageText(t *testing.T, path string, n int) string {
	t.Helper()
	out, err := exec.Command("pdftotext", "-f", strconv.Itoa(n), "-l", strconv.Itoa(n), "-raw", "-enc", "UTF-8", path, "-").Output()
	if err != nil {
		t.Fatalf("pdftotext: %v", err)
	}
	return strings.Join(strings.Fields(string(out)), " ")
}

func wantAll(t *testing.T, where, txt string, wants ...string) {
	t.Helper()
	for _, w := range wants {
		if !strings.Contains(txt, w) && !strings.Contains(squash(txt), squash(w)) {
			t.Errorf("%s lacks %q", where, w)
		}
	}
}

func wantNone(t *testing.T, where, txt string, unwanted ...string) {
	t.Helper()
	for _, w := range unwanted {
		if strings.Contains(txt, w) {
			t.Errorf("%s has %q", where, w)
		}
	}
}

// wantInOrder checks that parts appear in txt in this order.
func wantInOrder(t *testing.T, where, txt string, parts ...string) {
	t.Helper()
	at := 0
	for _, p := range parts {
		i := strings.Index(txt[at:], p)
		if i < 0 {
			t.Errorf("%s: %q missing or out of order (after %q)", where, p, txt[max(0, at-40):at])
			return
		}
		at += i + len(p)
	}
}

func renderCeremony(t *testing.T, r *readiness.Record, id readiness.EntityID) []byte {
	t.Helper()
	var buf bytes.Buffer
	if err := CeremonyReport(&buf, r, id, PackOptions{Now: packTime}); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}
