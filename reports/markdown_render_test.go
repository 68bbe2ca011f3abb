package reports

import (
	"bytes"
	"html"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"
	"time"

	"readyroom/readiness"
)

// The Markdown page read back by two maintained renderers — pandoc's
// GitHub-flavoured reader (the Debian package pandoc) and markdown-it (the
// npm package, run with node from frontend/node_modules; raw HTML allowed,
// as GitHub allows it) — every string the user typed shows as typed, every
// table row has its header's columns with nothing dropped, and typed
// Markdown or HTML makes no structure.

// mdRenderer renders GitHub-flavoured Markdown to an HTML fragment.
type mdRenderer struct {
	name string
	html func(t *testing.T, md []byte) string
}

var mdRenderers = []mdRenderer{{"pandoc", pandocHTML}, {"markdown-it", markdownItHTML}}

// pandocHTML renders GitHub-flavoured Markdown to an HTML fragment.
func pandocHTML(t *testing.T, md []byte) string {
	t.Helper()
	if _, err := exec.LookPath("pandoc"); err != nil {
		t.Skip("pandoc is not installed (apt-get install pandoc)")
	}
	cmd := exec.Command("pandoc", "-f", "gfm", "-t", "html", "--wrap=none")
	cmd.Stdin = bytes.NewReader(md)
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	if err != nil {
		t.Fatalf("pandoc: %v: %s", err, stderr.String())
	}
	return string(out)
}

// markdownItScript renders standard input with markdown-it, loaded from
// the frontend's packages (argv[1] is frontend/package.json): CommonMark
// with GitHub's tables and strikethrough, raw HTML passed through.
const markdownItScript = `
const { createRequire } = require("node:module");
const MarkdownIt = createRequire(process.argv[1])("markdown-it");
const md = new MarkdownIt({ html: true, xhtmlOut: true, linkify: false, breaks: false });
let src = "";
process.stdin.setEncoding("utf8");
process.stdin.on("data", (c) => { src += c; });
process.stdin.on("end", () => { process.stdout.write(md.render(src)); });
`

// markdownItHTML renders GitHub-flavoured Markdown to HTML with
// markdown-it. It is a devDependency of the frontend, which
// build/scripts/setup.sh installs (npm ci) before make test runs.
func markdownItHTML(t *testing.T, md []byte) string {
	t.Helper()
	pkg, err := filepath.Abs(filepath.Join("..", "frontend", "package.json"))
	if err != nil {
		t.Fatal(err)
	}
	if _, err := exec.LookPath("node"); err != nil {
		t.Skip("node is not installed")
	}
	if _, err := os.Stat(filepath.Join(filepath.Dir(pkg), "node_modules", "markdown-it", "package.json")); err != nil {
		t.Skip("markdown-it is not installed (build/scripts/setup.sh, or npm ci in frontend)")
	}
	cmd := exec.Command("node", "-e", markdownItScript, pkg)
	cmd.Stdin = bytes.NewReader(md)
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	if err != nil {
		t.Fatalf("markdown-it: %v: %s", err, stderr.String())
	}
	return string(out)
}

var (
	htmlTag   = regexp.MustCompile(`<[^>]*>`)
	htmlBlock = regexp.MustCompile(`</?(p|br|t[hdr]|thead|tbody|table|h[1-6]|blockquote|li|ul|ol)\b[^>]*>`)
	htmlTable = regexp.MustCompile(`(?s)<table>.*?</table>`)
	htmlRow   = regexp.MustCompile(`(?s)<tr[^>]*>(.*?)</tr>`)
	htmlCell  = regexp.MustCompile(`(?s)<t([hd])[^>]*>(.*?)</t[hd]>`)
)

// visible is the text a reader sees in an HTML fragment, its white space
// collapsed: blocks and line breaks part words, inline tags (a link) do not.
func visible(h string) string {
	h = htmlTag.ReplaceAllString(htmlBlock.ReplaceAllString(h, " "), "")
	return strings.Join(strings.Fields(html.UnescapeString(h)), " ")
}

// typedStrings is what the user typed into a record that the Markdown page
// shows, line by line.
func typedStrings(r *readiness.Record) []string {
	var out []string
	add := func(ss ...string) {
		for _, s := range ss {
			for _, l := range strings.Split(strings.ReplaceAll(s, "\r", ""), "\n") {
				if l = strings.Join(strings.Fields(l), " "); l != "" {
					out = append(out, l)
				}
			}
		}
	}
	add(r.Service, r.Title, r.Squad, r.SDM, r.MaintenanceTeam)
	for _, s := range r.Sections {
		add(s.Title)
		if s.Kind == readiness.KindNarrative {
			add(s.Text)
		}
		for _, it := range s.Items {
			add(it.Text, it.Reason, it.Owner, it.Notes)
			for _, e := range it.Evidence {
				add(e.Label)
			}
		}
	}
	for _, c := range r.Contacts {
		add(c.Name, c.Role, c.Team, c.InHours, c.OutOfHours)
	}
	for _, k := range r.Risks {
		add(k.Description, k.Mitigation, k.Owner)
	}
	for _, a := range r.Actions {
		add(a.Text, a.Owner, a.Note)
	}
	for _, c := range r.Ceremonies {
		for _, p := range c.Attendees {
			add(p.Name, p.Role)
		}
		for _, d := range c.Decisions {
			add(d.Text, d.Reason)
		}
		for _, am := range c.Amendments {
			add(strings.TrimRight(am.Reason, "."))
		}
	}
	h := &r.Hypercare
	for _, c := range h.Criteria {
		add(c.Text, c.Reason, c.Evidence)
	}
	for _, c := range h.CheckIns {
		add(c.Summary, c.By)
	}
	for _, in := range h.Incidents {
		add(in.Ref, in.Summary)
	}
	for _, e := range h.Extensions {
		add(e.Reason)
	}
	for _, it := range r.Handover.Items {
		add(it.Text, it.Reason, it.Evidence)
	}
	if a := r.Handover.Acceptance; a != nil {
		add(a.Person.Name)
		add(a.Conditions...)
	}
	for _, a := range r.Acks {
		add(a.Person.Name, a.Person.Role, a.Comment)
	}
	return out
}

// checkRendered renders the record's page with each renderer and checks
// what a reader of the wiki would see; it returns each renderer's HTML by
// name.
func checkRendered(t *testing.T, r *readiness.Record, now time.Time) map[string]string {
	t.Helper()
	var buf bytes.Buffer
	if err := Markdown(&buf, r, now); err != nil {
		t.Fatal(err)
	}
	pages := map[string]string{}
	for _, rd := range mdRenderers {
		t.Run(rd.name, func(t *testing.T) { pages[rd.name] = checkPage(t, buf.String(), rd.html(t, buf.Bytes()), r) })
	}
	return pages
}

// checkPage checks one renderer's HTML of a record's Markdown page.
func checkPage(t *testing.T, md, page string, r *readiness.Record) string {
	t.Helper()
	text := visible(page)
	for _, s := range typedStrings(r) {
		if !strings.Contains(text, s) {
			t.Errorf("the rendered page lacks the typed %q", s)
		}
	}
	tables := htmlTable.FindAllString(page, -1)
	if want := strings.Count(md, "\n|---"); len(tables) != want {
		t.Errorf("%d tables rendered, the page has %d", len(tables), want)
	}
	for _, tb := range tables {
		rows := htmlRow.FindAllStringSubmatch(tb, -1)
		if len(rows) < 2 {
			t.Errorf("a table with no rows: %.200s", tb)
			continue
		}
		cols := len(htmlCell.FindAllStringSubmatch(rows[0][1], -1))
		for _, row := range rows {
			cells := htmlCell.FindAllStringSubmatch(row[1], -1)
			if len(cells) != cols {
				t.Errorf("a row has %d cells under %d columns: %s", len(cells), cols, visible(row[1]))
			}
			for _, c := range cells {
				if visible(c[2]) == "" {
					t.Errorf("an empty cell (a broken row or an empty header): %s", visible(row[1]))
				}
			}
		}
	}
	checkItemCells(t, tables, r)
	for tag, want := range map[string]int{
		"<h1": 1, "<h2": strings.Count(md, "\n## "), "<h3": strings.Count(md, "\n### "),
		"<h4": 0, "<ul": 0, "<ol": 0, "<pre": 0, "<code": 0, "<del": 0, "<hr": 0, "<script": 0, "<b>": 0,
		"<blockquote": strings.Count(md, "\n> "),
	} {
		if got := strings.Count(page, tag); got != want {
			t.Errorf("%d %s…> in the rendered page, want %d", got, tag, want)
		}
	}
	return page
}

// checkItemCells finds each checklist item's row in the rendered tables
// (its first cell the item's id and text) and each risk's (its first cell
// the description), and compares their cells with the record: the
// status and reason, the owner, the due date; the likelihood, impact,
// mitigation and owner.
func checkItemCells(t *testing.T, tables []string, r *readiness.Record) {
	t.Helper()
	rows := map[string][][]string{} // by first cell
	for _, tb := range tables {
		for _, row := range htmlRow.FindAllStringSubmatch(tb, -1) {
			var cells []string
			for _, c := range htmlCell.FindAllStringSubmatch(row[1], -1) {
				cells = append(cells, visible(c[2]))
			}
			if len(cells) > 0 {
				rows[cells[0]] = append(rows[cells[0]], cells)
			}
		}
	}
	// A cell holds a value's lines one after another, " · " between them.
	flat := func(s string) string {
		var lines []string
		for l := range strings.SplitSeq(s, "\n") {
			if l = strings.Join(strings.Fields(l), " "); l != "" {
				lines = append(lines, l)
			}
		}
		return strings.Join(lines, " · ")
	}
	// row is the row of n cells whose first cell is first.
	row := func(first string, n int) []string {
		for _, r := range rows[first] {
			if len(r) == n {
				return r
			}
		}
		return nil
	}
	want := func(what string, got []string, cells ...string) {
		t.Helper()
		if got == nil {
			t.Errorf("%s: no table row", what)
			return
		}
		for i, c := range cells {
			if i+1 >= len(got) || got[i+1] != flat(c) {
				t.Errorf("%s: cell %d is %q, want %q", what, i+2, got[min(i+1, len(got)-1)], flat(c))
			}
		}
	}
	for _, s := range r.Sections {
		for _, it := range s.Items {
			status := it.Status.Label()
			if it.Reason != "" {
				status += ": " + it.Reason
			}
			got := row(flat(string(it.ID)+" "+it.Text), 5) // Item, Status, Owner, Due, Evidence and notes
			want(string(it.ID), got, status, orDash(it.Owner))
			if due := string(it.Due); got != nil && len(got) > 3 && !strings.HasPrefix(got[3], orDash(due)) { // then "(overdue)"
				t.Errorf("%s: due cell %q, want %q", it.ID, got[3], due)
			}
		}
	}
	for _, k := range r.Risks {
		got := row(flat(k.Description), 7) // Risk, Likelihood, Impact, Score, Mitigation, Owner, Status
		want("risk "+firstLine(k.Description), got, string(k.Likelihood), string(k.Impact))
		if got != nil && !slices.Contains(got, flat(orDash(k.Mitigation))) || got != nil && !slices.Contains(got, flat(orDash(k.Owner))) {
			t.Errorf("risk %s: its mitigation or owner is not a cell of its row: %q", k.ID, got)
		}
	}
}

func firstLine(s string) string { l, _, _ := strings.Cut(s, "\n"); return l }

// CheckMarkdownPage is checkRendered for the demo records' test, which
// loads them through the app from package reports_test.
var CheckMarkdownPage = func(t *testing.T, r *readiness.Record, now time.Time) { checkRendered(t, r, now) }

func TestMarkdownRendersTheLiveFixture(t *testing.T) { checkRendered(t, liveRecord(t), packTime) }

// hostile is text meant to break a Markdown page: structure at the start of
// lines, HTML, entities, pipes, and scripts from right to left and beyond
// the Basic Multilingual Plane.
const hostile = "- not a list\n* nor this\n+ nor this\n1. not ordered\n2) nor this\n# not a heading\n> not a quote\n" +
	"```\nnot code\n```\n    not indented code\n*not em* _nor this_ ~~not struck~~ **not strong**\n" +
	"&amp; stays &amp; and &lt;b&gt; too, <b>not bold</b> <script>alert(1)</script>\n" +
	"a | pipe \\| and a backslash \\ at $x$ [not](a link) ![nor](an image)\n---\n===\n" +
	"支付令牌 カード 결제 🚀👩🏽‍💻 שלום עולם مرحبا بالعالم 3. Emoji:\n\n" +
	"a | b\n:-:\n\nDashboard https://grafana.example.com/d/slo_api?var=a&from=now-7d#panel-2, see\n" +
	"Runbook: https://wiki.example.com/run_book/(v2)\nnext line\n\nsecond paragraph"

func TestMarkdownRendersHostileTextAsTyped(t *testing.T) {
	gold, err := readiness.TemplateFor(readiness.Gold)
	if err != nil {
		t.Fatal(err)
	}
	now := time.Date(2026, 11, 22, 9, 0, 0, 0, time.UTC)
	r := readiness.Instantiate(gold, "01JD0000000000000000000000", readiness.NewRecord{
		Service: "Pay | ments & Co", Title: "# <script>alert(1)</script> &amp; 支付 🚀 שלום", Squad: "- Falcon", SDM: "1. Priya | Raman",
		MaintenanceTeam: "> Run", GoLive: "2026-12-01", Tier: readiness.Gold,
	}, "Ana", now)
	line := strings.NewReplacer("\n", " ").Replace(hostile)
	for i := range r.Sections {
		s := &r.Sections[i]
		if s.Kind == readiness.KindNarrative {
			s.Text = hostile
		}
		for j := range s.Items {
			it := &s.Items[j]
			it.Status, it.Reason, it.Owner = readiness.Blocked, hostile, "| Ana |"
			it.Notes = hostile
			it.Evidence = []readiness.Evidence{{Label: "run | book & *v2*", URL: "https://wiki.example.com/a|b?q=1&r=(2)"}, {URL: "https://x.example.com/p|q"}, {Label: "- label only"},
				{Label: "https://grafana.example.com/d/label", URL: "https://runbook.example.com/r"}}
			break
		}
	}
	r.Contacts = []readiness.Contact{{Name: "A | B", Role: "- lead", Team: "# ops", InHours: "1. 0800 | 1700", OutOfHours: "&amp;"}}
	r.Risks = []readiness.Risk{{Description: hostile, Likelihood: "high", Impact: "high", Mitigation: hostile, Owner: "| x |", Status: "open"}}
	r.Actions = []readiness.Action{{Text: hostile, Owner: "* Dana", Due: "2026-11-01", Note: hostile}}
	r.Ceremonies = []readiness.Ceremony{{Kind: readiness.ReadinessReview, Date: "2026-11-10",
		Attendees: []readiness.Person{{Name: "A | B", Role: line}}, Decisions: []readiness.Decision{{Outcome: readiness.Noted, Text: hostile, Reason: hostile}},
		Amendments: []readiness.Amendment{{At: now, By: "| Priya", Reason: line}}}}
	r.Hypercare.Criteria = []readiness.Criterion{{Text: hostile, Status: readiness.Waived, Reason: hostile, Evidence: "https://x.example.com/a|b"}}
	r.Hypercare.CheckIns = []readiness.CheckIn{{Date: "2026-11-20", RAG: readiness.Amber, Summary: hostile, By: "- me"}}
	r.Hypercare.Incidents = []readiness.Incident{{Ref: "INC | 1", Severity: "P3", Opened: "2026-11-20T10:00", Summary: hostile}}
	r.Acks = []readiness.Ack{{Person: readiness.Person{Name: "# Lena", Role: "> Security"}, Comment: hostile, At: now}}

	for name, page := range checkRendered(t, &r, now) {
		checkHostilePage(t, name, page)
	}
}

// checkHostilePage checks what only the hostile record's page holds: the
// evidence addresses with their pipes, and the lines and paragraphs typed.
func checkHostilePage(t *testing.T, name, page string) {
	t.Helper()
	// A label that is an address is the text of its link, not a link in it.
	if strings.Contains(page, `href="https://grafana.example.com/d/label"`) {
		t.Errorf("%s: an evidence label that is an address became a link inside its link", name)
	}
	for _, href := range []string{`href="https://wiki.example.com/a%7Cb?q=1&amp;r=%282%29"`, `href="https://x.example.com/p%7Cq"`, `href="https://runbook.example.com/r"`,
		// Addresses typed in text link to themselves, as typed.
		`href="https://grafana.example.com/d/slo_api?var=a&amp;from=now-7d#panel-2"`, `href="https://wiki.example.com/run_book/(v2)"`} {
		if !strings.Contains(page, href) {
			t.Errorf("%s: the evidence link lost its address: no %s", name, href)
		}
	}
	// Lines typed one under another stay so: a hard break between them.
	if !strings.Contains(page, "- not a list<br />\n* nor this<br />") {
		t.Errorf("%s: typed line breaks are not kept in paragraphs", name)
	}
	if !strings.Contains(page, "<p>second paragraph</p>") {
		t.Errorf("%s: a blank line typed does not start a paragraph", name)
	}
}

// Each renderer reads structure where there is some: a table with an
// escaped pipe, raw HTML, a list — so the checks above, that the page
// holds none of it where the user typed it, can fail.
func TestMarkdownRenderersSeeStructure(t *testing.T) {
	for _, rd := range mdRenderers {
		t.Run(rd.name, func(t *testing.T) {
			page := rd.html(t, []byte("| A | B |\n|---|---|\n| x \\| y | <b>z</b> |\n\n- a list\n"))
			var cells []string
			for _, c := range htmlCell.FindAllStringSubmatch(page, -1) {
				cells = append(cells, visible(c[2]))
			}
			if want := []string{"A", "B", "x | y", "z"}; !slices.Equal(cells, want) {
				t.Errorf("cells %q, want %q", cells, want)
			}
			for _, tag := range []string{"<b>z</b>", "<ul>"} {
				if !strings.Contains(page, tag) {
					t.Errorf("no %s in %s", tag, page)
				}
			}
		})
	}
}
