package templatefmt

import (
	"bufio"
	"bytes"
	"fmt"
	"html"
	"regexp"
	"slices"
	"sort"
	"strings"
	"unicode/utf8"

	"github.com/yuin/goldmark"
	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/extension"
	east "github.com/yuin/goldmark/extension/ast"
	"github.com/yuin/goldmark/parser"
	gmhtml "github.com/yuin/goldmark/renderer/html"
	"github.com/yuin/goldmark/text"

	"readyroom/readiness"
)

// The Markdown is read with goldmark (CommonMark, with GitHub's task
// lists, tables and bare links) rather than line by line: a checklist page
// is only as good as the parser that tells a `- [ ]` item from the same
// characters inside a fenced code block or an HTML comment, follows lazy
// continuation lines and nested lists, and resolves reference links, all of
// which CommonMark defines and goldmark implements and tests against the
// specification. It is already in the module graph (through Wails's CLI),
// is maintained, and imports only the standard library.
var mdParser = goldmark.New(goldmark.WithExtensions(extension.TaskList, extension.Table, extension.Strikethrough, extension.Linkify)).Parser()

// mdSection is a heading and what stands under it until the next.
type mdSection struct {
	title, number string
	line          int
	name          bool       // the page's single # heading, which names the template
	parent        *mdSection // the heading it stands under, other than the page's name
	prose         []string
	items         []*mdItem
}

// mdItem is a checkbox line and what is indented under it.
type mdItem struct {
	line     int
	id       string // written at the start of the line, "" when none
	text     string
	why      []string
	evidence []string
	links    []string
}

// mdReader walks a page's blocks in order.
type mdReader struct {
	src        []byte
	lineStarts []int
	sections   []*mdSection
	cur        *mdSection
	open       [4]*mdSection // the last heading of each level from # to ###
	h1s        int
	preamble   []string // prose before the first heading
	// What was left out or changed, by line.
	tables, images, html, ticked, nested, empty, deep, split []int
	otherLinks                                               int
	tableBoxes                                               int // checkboxes in the tables' cells
}

// readMarkdown maps a Markdown checklist onto a template, as the package
// documentation says: headings become sections, checkbox lines items.
func readMarkdown(name string, b []byte, opt Options, bs *base) (draft, error) {
	src := bytes.ReplaceAll(bytes.TrimPrefix(b, utf8BOM), []byte("\r\n"), []byte("\n"))
	if err := checkShape(name, src); err != nil {
		return draft{}, err
	}
	d := draft{file: name, report: Report{Format: FormatMarkdown, Source: "the Markdown checklist " + name}}
	rep := &d.report
	if from, to, ok := frontMatter(src); ok {
		for i := from; i < to; i++ {
			if src[i] != '\n' {
				src[i] = ' '
			}
		}
		first, last := lineAt(src, from), lineAt(src, to-1)
		rep.note("Left out the front matter (lines %d to %d): Ready Room reads the page's headings and checkbox lines.", first, last)
	}
	doc := mdParser.Parse(text.NewReader(src), parser.WithContext(parser.NewContext()))
	r := &mdReader{src: src, lineStarts: lineStarts(src)}
	for n := doc.FirstChild(); n != nil; n = n.NextSibling() {
		if h, ok := n.(*ast.Heading); ok && h.Level == 1 {
			r.h1s++
		}
	}
	for n := doc.FirstChild(); n != nil; n = n.NextSibling() {
		r.block(n)
	}
	items := 0
	for _, s := range r.sections {
		items += len(s.items)
	}
	switch {
	case items == 0 && r.tableBoxes > 0:
		held := "its table holds"
		if len(r.tables) > 1 {
			held = "its tables hold"
		}
		return draft{}, refuse(ErrMalformed, "%s has no checkbox items (lines such as \"- [ ] Rollback plan written\"); %s %s (| [ ] … |), which Ready Room does not read: write them as list lines (- [ ] …)",
			name, held, plural(r.tableBoxes, "checkbox", "checkboxes"))
	case items == 0:
		return draft{}, refuse(ErrMalformed, "%s has no checkbox items (lines such as \"- [ ] Rollback plan written\"): a template needs at least one checklist item", name)
	case items > readiness.MaxTemplateItems:
		return draft{}, refuse(ErrTooLarge, "%s has %d checkbox items; a template holds at most %d", name, items, readiness.MaxTemplateItems)
	}
	if err := r.build(&d, opt, bs); err != nil {
		return draft{}, err
	}
	r.notes(rep)
	return d, nil
}

// Limits on a page's shape. CommonMark parsing takes time that grows
// faster than the page for quotes and lists nested deep and for lines
// crowded with emphasis or link marks (goldmark reads a line of 20,000
// "[a](" in over a second, 50,000 in ten, 250,000 in minutes); no
// checklist comes near these limits, so a page past them is refused
// rather than read for minutes.
const (
	// MaxMarkdown is the largest Markdown page Import reads (1 MiB): a
	// checklist of readiness.MaxTemplateItems items with a paragraph each
	// takes a fraction of it.
	MaxMarkdown  = readiness.MaxTemplate
	maxNesting   = 16   // quote and list markers opening one line
	maxLineMarks = 1000 // * _ ` ~ [ on one line
)

// checkShape refuses a page past the limits above.
func checkShape(name string, src []byte) error {
	if len(src) > MaxMarkdown {
		return refuse(ErrTooLarge, "%s is larger than the %s a Markdown checklist may take (it has %d bytes)", name, size(MaxMarkdown), len(src))
	}
	n := 0
	for l := range bytes.Lines(src) {
		n++
		if d := nesting(l); d > maxNesting {
			return refuse(ErrTooLarge, "%s: line %d opens %d lists or quotes one inside another; Ready Room reads at most %d", name, n, d, maxNesting)
		}
		marks := 0
		for _, c := range l {
			if c == '*' || c == '_' || c == '`' || c == '~' || c == '[' {
				marks++
			}
		}
		if marks > maxLineMarks {
			return refuse(ErrTooLarge, "%s: line %d holds %d emphasis, code and link marks (* _ ` ~ [), more than a checklist line needs (at most %d)", name, n, marks, maxLineMarks)
		}
	}
	return nil
}

// nesting counts the quote and list markers a line opens with ("> - 1. ").
func nesting(l []byte) int {
	depth := 0
	for i := 0; i < len(l); {
		c := l[i]
		space := func(j int) bool { return j < len(l) && (l[j] == ' ' || l[j] == '\t') }
		switch {
		case c == ' ' || c == '\t':
			i++
		case c == '>':
			depth++
			i++
		case (c == '-' || c == '*' || c == '+') && space(i+1):
			depth++
			i += 2
		case '0' <= c && c <= '9':
			j := i
			for j < len(l) && j-i < 9 && '0' <= l[j] && l[j] <= '9' {
				j++
			}
			if j < len(l) && (l[j] == '.' || l[j] == ')') && space(j+1) {
				depth++
				i = j + 2
				continue
			}
			return depth
		default:
			return depth
		}
	}
	return depth
}

// block reads one top-level block.
func (r *mdReader) block(n ast.Node) {
	switch n := n.(type) {
	case *ast.Heading:
		r.heading(n)
	case *ast.List:
		r.list(n, 0, nil)
	case *ast.HTMLBlock:
		r.html = append(r.html, r.lineOf(n))
	case *east.Table:
		r.table(n)
	case *ast.ThematicBreak:
	default:
		if s := r.blockText(n, nil); s != "" {
			if r.cur == nil {
				r.preamble = append(r.preamble, s)
			} else {
				r.cur.prose = append(r.cur.prose, s)
			}
		}
	}
}

var sectionNumber = regexp.MustCompile(`^(\d+(?:\.\d+)*)\.?\s+(\S.*)$`)

func (r *mdReader) heading(h *ast.Heading) {
	title := r.inline(h, nil, false)
	line := r.lineOf(h)
	if h.Level > 3 {
		r.deep = append(r.deep, line)
		if title != "" {
			r.section(line).prose = append(r.section(line).prose, title)
		}
		return
	}
	s := &mdSection{title: title, line: line, name: h.Level == 1 && r.h1s == 1}
	if m := sectionNumber.FindStringSubmatch(title); m != nil && len(m[1]) <= 10 {
		s.number, s.title = m[1], m[2]
	}
	for l := h.Level - 1; l >= 1 && s.parent == nil; l-- {
		if p := r.open[l]; p != nil && !p.name {
			s.parent = p
		}
	}
	r.open[h.Level] = s
	clear(r.open[h.Level+1:])
	r.sections = append(r.sections, s)
	r.cur = s
}

// section is the section items and prose go to: the current one, or one
// for items before any heading.
func (r *mdReader) section(line int) *mdSection {
	if r.cur == nil {
		r.cur = &mdSection{title: "Checklist", line: line}
		r.sections = append(r.sections, r.cur)
	}
	return r.cur
}

// list reads a list: checkbox items become items (nested ones flattened
// after their parent), other bullets text of the item they stand under or
// of the section.
func (r *mdReader) list(l *ast.List, depth int, parent *mdItem) {
	for li := l.FirstChild(); li != nil; li = li.NextSibling() {
		first := li.FirstChild()
		if first == nil {
			continue
		}
		if box := checkbox(first); box != nil {
			it := r.item(first, box, depth > 0)
			for c := first.NextSibling(); c != nil; c = c.NextSibling() {
				if sub, ok := c.(*ast.List); ok && hasCheckbox(sub) {
					r.list(sub, depth+1, it)
					continue
				}
				if s := r.blockText(c, it); s != "" {
					if rest, ok := cutEvidence(s); ok {
						it.evidence = append(it.evidence, rest)
					} else {
						it.why = append(it.why, s)
					}
				}
			}
			continue
		}
		// A bullet without a checkbox: text, and maybe a group of items.
		for c := first; c != nil; c = c.NextSibling() {
			if sub, ok := c.(*ast.List); ok && hasCheckbox(sub) {
				r.list(sub, depth+1, parent)
				continue
			}
			s := r.blockText(c, parent)
			if s == "" {
				continue
			}
			if c == first {
				s = "- " + s
			}
			if parent != nil {
				parent.why = append(parent.why, s)
			} else {
				sec := r.section(r.lineOf(c))
				sec.prose = append(sec.prose, s)
			}
		}
	}
}

// table notes a table left out, and counts the checkboxes that open its
// cells ("| [ ] Code complete | [Name] |"), which are not items.
func (r *mdReader) table(t *east.Table) {
	r.tables = append(r.tables, r.lineOf(t))
	_ = ast.Walk(t, func(n ast.Node, entering bool) (ast.WalkStatus, error) {
		c, ok := n.(*east.TableCell)
		if !ok || !entering {
			return ast.WalkContinue, nil
		}
		if cell := c.Lines(); cell.Len() > 0 && cellBox.Match(r.src[cell.At(0).Start:cell.At(0).Stop]) {
			r.tableBoxes++
		}
		return ast.WalkSkipChildren, nil
	})
}

var cellBox = regexp.MustCompile(`^\[[ xX]\](\s|$)`)

var evidenceLead = regexp.MustCompile(`(?i)^evidence\s*[:\-–—]\s*`)

func cutEvidence(s string) (string, bool) {
	if m := evidenceLead.FindString(s); m != "" {
		return s[len(m):], true
	}
	return s, false
}

// checkbox is the task check box a list item's first block starts with.
func checkbox(first ast.Node) *east.TaskCheckBox {
	switch first.(type) {
	case *ast.TextBlock, *ast.Paragraph:
		if box, ok := first.FirstChild().(*east.TaskCheckBox); ok {
			return box
		}
	}
	return nil
}

// hasCheckbox: a list with a checkbox item anywhere in it.
func hasCheckbox(l *ast.List) bool {
	found := false
	_ = ast.Walk(l, func(n ast.Node, entering bool) (ast.WalkStatus, error) {
		if _, ok := n.(*east.TaskCheckBox); ok && entering {
			found = true
			return ast.WalkStop, nil
		}
		return ast.WalkContinue, nil
	})
	return found
}

var (
	idColon = regexp.MustCompile(`^([A-Za-z0-9][A-Za-z0-9_-]*)\s*(?::|\s[-–—])\s*(.*)$`)
	idLike  = regexp.MustCompile(`^[A-Za-z0-9][A-Za-z0-9_-]{0,127}$`)
)

// isWrittenID: an id someone wrote, told apart from a word before a colon
// ("Note:") by holding a letter and a digit.
func isWrittenID(s string) bool {
	return idLike.MatchString(s) && strings.ContainsAny(s, "0123456789") && strings.IndexFunc(s, func(r rune) bool { return 'A' <= r && r <= 'Z' || 'a' <= r && r <= 'z' }) >= 0
}

// item reads a checkbox line into an item of the current section.
func (r *mdReader) item(first ast.Node, box *east.TaskCheckBox, nested bool) *mdItem {
	line := r.lineOf(first)
	it := &mdItem{line: line}
	sec := r.section(line)
	sec.items = append(sec.items, it)
	if box.IsChecked {
		r.ticked = append(r.ticked, line)
	}
	if nested {
		r.nested = append(r.nested, line)
	}
	// **OPS-01** at the start.
	skip := ast.Node(box)
	for n := box.NextSibling(); n != nil; n = n.NextSibling() {
		if t, ok := n.(*ast.Text); ok && len(bytes.TrimSpace(t.Segment.Value(r.src))) == 0 {
			continue
		}
		if em, ok := n.(*ast.Emphasis); ok && em.Level == 2 {
			if id := strings.TrimSuffix(r.inline(em, nil, false), ":"); isWrittenID(id) {
				it.id, skip = id, em
			}
		}
		break
	}
	// The text is the paragraph the checkbox opens, its lines read as one
	// as a renderer shows them: a sentence wrapped onto the next line, with
	// an indent or without, is not cut at the break. Blocks under it (a
	// paragraph of its own, a list) say why.
	var b strings.Builder
	for n := skip.NextSibling(); n != nil; n = n.NextSibling() {
		b.WriteString(r.inlineNode(n, &it.links, false))
	}
	txt, _ := oneLine(b.String())
	if it.id != "" {
		txt = strings.TrimLeft(txt, ":-–— ")
	} else if m := idColon.FindStringSubmatch(txt); m != nil && isWrittenID(m[1]) {
		it.id, txt = m[1], m[2]
	}
	if txt == "" && it.id == "" {
		r.empty = append(r.empty, line)
	}
	if utf8.RuneCountInString(txt) > readiness.MaxItemText {
		if i := sentenceEnd(txt); i > 0 && utf8.RuneCountInString(txt[:i]) <= readiness.MaxItemText {
			it.why = append(it.why, txt)
			txt = txt[:i]
			r.split = append(r.split, line)
		}
	}
	it.text = txt
	return it
}

// sentenceEnd is the end of the first sentence, or -1.
func sentenceEnd(s string) int {
	for i := 0; i+1 < len(s); i++ {
		if (s[i] == '.' || s[i] == '?' || s[i] == '!') && s[i+1] == ' ' {
			return i + 1
		}
	}
	return -1
}

// blockText is a block as text for guidance or why: paragraphs on one
// line, links with their address, code as written, lists as bullets.
// Links go to the item, when there is one.
func (r *mdReader) blockText(n ast.Node, it *mdItem) string {
	var links *[]string
	if it != nil {
		links = &it.links
	} else {
		links = new([]string)
	}
	switch n := n.(type) {
	case *ast.Paragraph, *ast.TextBlock:
		s := r.inline(n, links, true)
		s, _ = oneLine(s)
		return s
	case *ast.Heading:
		return r.inline(n, links, true)
	case *ast.FencedCodeBlock, *ast.CodeBlock:
		var b strings.Builder
		lines := n.Lines()
		for i := 0; i < lines.Len(); i++ {
			seg := lines.At(i)
			b.Write(seg.Value(r.src))
		}
		return strings.TrimRight(b.String(), "\n")
	case *ast.HTMLBlock:
		r.html = append(r.html, r.lineOf(n))
		return ""
	case *east.Table:
		r.table(n)
		return ""
	case *ast.ThematicBreak:
		return ""
	case *ast.List:
		var parts []string
		for li := n.FirstChild(); li != nil; li = li.NextSibling() {
			var sub []string
			for c := li.FirstChild(); c != nil; c = c.NextSibling() {
				if s := r.blockText(c, it); s != "" {
					sub = append(sub, s)
				}
			}
			if len(sub) > 0 {
				parts = append(parts, "- "+strings.Join(sub, "\n  "))
			}
		}
		return strings.Join(parts, "\n")
	}
	var parts []string // a block quote, and anything else holding blocks
	for c := n.FirstChild(); c != nil; c = c.NextSibling() {
		if s := r.blockText(c, it); s != "" {
			parts = append(parts, s)
		}
	}
	return strings.Join(parts, "\n")
}

// inline is the text of a block's inline content.
func (r *mdReader) inline(n ast.Node, links *[]string, withURLs bool) string {
	var b strings.Builder
	for c := n.FirstChild(); c != nil; c = c.NextSibling() {
		b.WriteString(r.inlineNode(c, links, withURLs))
	}
	s, _ := oneLine(b.String())
	return s
}

func (r *mdReader) inlineNode(n ast.Node, links *[]string, withURLs bool) string {
	add := func(dest string) {
		if links == nil {
			return
		}
		if !isWebLink(dest) {
			r.otherLinks++
			return
		}
		if !slices.Contains(*links, dest) {
			*links = append(*links, dest)
		}
	}
	switch n := n.(type) {
	case *ast.Text:
		v := n.Segment.Value(r.src)
		s := string(v)
		if !n.IsRaw() { // code keeps what is written
			s = rendered(v)
		}
		if n.SoftLineBreak() || n.HardLineBreak() {
			s += " "
		}
		return s
	case *ast.String:
		return string(n.Value)
	case *ast.CodeSpan:
		var b strings.Builder
		for c := n.FirstChild(); c != nil; c = c.NextSibling() {
			b.WriteString(r.inlineNode(c, nil, false))
		}
		return "`" + b.String() + "`"
	case *ast.Link:
		label := r.inline(n, links, withURLs)
		dest := string(n.Destination)
		add(dest)
		if withURLs && isWebLink(dest) && label != dest {
			return label + " (" + dest + ")"
		}
		return label
	case *ast.AutoLink:
		dest := string(n.URL(r.src))
		add(dest)
		return string(n.Label(r.src))
	case *ast.Image: // its alt text, as a reader without the picture sees it
		r.images = append(r.images, r.lineOf(n))
		if inHeadingOrLink(n) {
			return "" // a badge ("Build passing", "Tweet"), not words of the title
		}
		return r.inline(n, nil, false)
	case *ast.RawHTML:
		r.html = append(r.html, r.lineOf(n))
		return ""
	case *east.TaskCheckBox:
		return ""
	}
	var b strings.Builder
	for c := n.FirstChild(); c != nil; c = c.NextSibling() {
		b.WriteString(r.inlineNode(c, links, withURLs))
	}
	return b.String()
}

// rendered is text as a renderer shows it: backslash escapes and
// character references (&nbsp; &#39; &#x2E;) resolved as CommonMark says,
// which goldmark's HTML writer does; its HTML is then read back to text.
func rendered(b []byte) string {
	if bytes.IndexAny(b, "\\&\x00") < 0 { // most text has nothing to resolve
		return string(b)
	}
	var out bytes.Buffer
	w := bufio.NewWriterSize(&out, len(b))
	gmhtml.DefaultWriter.Write(w, b)
	_ = w.Flush()
	return html.UnescapeString(out.String())
}

// build makes the template's sections and items, with their ids.
func (r *mdReader) build(d *draft, opt Options, bs *base) error {
	t, rep := &d.t, &d.report
	t.Origin = origin(opt.FileName, FormatMarkdown, "Markdown checklist")
	bs.apply(t)
	var summary []string
	summary = append(summary, r.preamble...)
	name := ""
	for _, s := range r.sections {
		if s.name {
			name = s.title
			if len(s.items) == 0 {
				summary = append(summary, s.prose...)
			}
		}
	}
	if name == "" {
		name = nameFromFile(opt.FileName)
	}
	if n, ok := shorten(name, readiness.MaxTemplateName); !ok {
		rep.note("The page's title is longer than the %d characters a template's name holds; it was shortened to %q.", readiness.MaxTemplateName, n)
		name = n
	}
	t.Name = name
	if s, ok := shorten(strings.Join(summary, "\n\n"), readiness.MaxReason); !ok {
		rep.note("The text at the top of the page is longer than the %d characters a summary holds; it was shortened.", readiness.MaxReason)
		t.Summary = s
	} else {
		t.Summary = s
	}
	switch {
	case opt.ID != "":
		t.ID = opt.ID
	case bs.prev != nil:
		t.ID = bs.prev.ID
	default:
		t.ID = templateIDFrom(name, "checklist")
		if t.ID == "" {
			return refuse(ErrNeedsID, "cannot make a template id from the page's title %q: import it with --as NAME (lowercase letters, digits and dashes)", name)
		}
	}
	d.src.fields = map[string]string{"name": "the page's title", "summary": "the text at the top of the page", "id": "the template id",
		"exitCriteria": "the exit criteria copied from " + bs.from, "handoverItems": "the handover items copied from " + bs.from}

	if err := r.assignIDs(d, bs); err != nil {
		return err
	}
	taken := map[string]bool{}
	for id := range bs.taken {
		taken[id] = true
	}
	for _, s := range r.sections {
		for _, it := range s.items {
			taken[it.id] = true
		}
	}
	var emptyHeadings []string
	var kept []*mdSection
	for _, s := range r.sections {
		switch {
		case s.name && len(s.items) == 0:
		case len(s.items) == 0 && len(s.prose) == 0:
			emptyHeadings = append(emptyHeadings, fmt.Sprintf("%q (line %d)", s.title, s.line))
		default:
			kept = append(kept, s)
		}
	}
	titles := sectionTitles(kept)
	overRefs := 0
	for i, s := range kept {
		title := titles[s]
		sid := uniqueID(orDefault(slug(title, maxSectionID), fmt.Sprintf("section-%d", i+1)), taken, maxSectionID)
		if sid == string(readiness.RetiredItemsSection) {
			sid = uniqueID(sid, taken, maxSectionID)
		}
		sec := readiness.SectionDef{ID: readiness.SectionID(sid), Number: s.number, Title: title}
		d.src.addSection(fmt.Sprintf("the heading %q on line %d", s.title, s.line))
		if len(s.items) == 0 {
			sec.Kind = readiness.KindNarrative
			prose := s.prose
			if utf8.RuneCountInString(prose[0]) <= readiness.MaxReason {
				sec.Prompt, prose = prose[0], prose[1:]
			}
			sec.Guidance = strings.Join(prose, "\n\n")
		} else {
			sec.Kind = readiness.KindChecklist
			sec.Guidance = strings.Join(s.prose, "\n\n")
		}
		for _, it := range s.items {
			d.src.addItem(fmt.Sprintf("the item on line %d", it.line))
			def := readiness.ItemDef{ID: readiness.ItemID(it.id), Text: it.text, Why: strings.Join(it.why, "\n\n"),
				Evidence: strings.Join(it.evidence, "\n\n"), NAAllowed: true, Refs: it.links}
			if len(def.Refs) > readiness.MaxRefs {
				overRefs += len(def.Refs) - readiness.MaxRefs
				def.Refs = def.Refs[:readiness.MaxRefs]
			}
			sec.Items = append(sec.Items, def)
		}
		t.Sections = append(t.Sections, sec)
	}
	if len(emptyHeadings) > 0 {
		rep.note("Left out headings with nothing under them but other headings: %s.", listed(emptyHeadings))
	}
	if overRefs > 0 {
		rep.note("An item keeps at most %d links; left out %d more.", readiness.MaxRefs, overRefs)
	}
	rep.note("A Markdown checklist has no hypercare exit criteria or handover items: the template takes those of %s (%d and %d) and its %d-day hypercare; edit them in the draft.",
		bs.from, len(bs.criteria), len(bs.handover), bs.days)
	rep.note("Every item allows n/a; change that item by item in the draft.")
	return nil
}

// inHeadingOrLink: the node stands in a heading or a link.
func inHeadingOrLink(n ast.Node) bool {
	for p := n.Parent(); p != nil; p = p.Parent() {
		switch p.(type) {
		case *ast.Heading, *ast.Link, *ast.AutoLink:
			return true
		}
	}
	return false
}

// sectionTitles names each section by its heading, told apart from
// another of the same words (Front-End-Checklist's six "Best practices")
// by the heading it stands under ("HTML — Best practices"), or, with none
// or the same, by its place among them ("Notes (2)").
func sectionTitles(secs []*mdSection) map[*mdSection]string {
	key := func(s *mdSection, title string) string { return s.number + " " + strings.ToLower(title) }
	same := map[string]int{}
	for _, s := range secs {
		same[key(s, s.title)]++
	}
	titles := map[*mdSection]string{}
	taken := map[string]bool{}
	for _, s := range secs {
		taken[key(s, s.title)] = true // a heading's own words are never given to another
	}
	given := map[string]bool{}
	for _, s := range secs {
		title := s.title
		if same[key(s, title)] > 1 && s.parent != nil {
			title = s.parent.title + " — " + title
		}
		// The first to have its words keeps them; the next are numbered,
		// past any title a heading or an earlier section already has.
		base := title
		for n := 2; given[key(s, title)] || (title != s.title && taken[key(s, title)]); n++ {
			title = fmt.Sprintf("%s (%d)", base, n)
		}
		if title != s.title {
			title, _ = shorten(title, readiness.MaxTitle)
		}
		given[key(s, title)] = true
		titles[s] = title
	}
	return titles
}

// assignIDs gives every item its id: the one written on its line; else,
// as the next version of a template, the id of an earlier item with the
// same text; else one made from its section and its place.
func (r *mdReader) assignIDs(d *draft, bs *base) error {
	e := &ImportError{Format: FormatMarkdown, File: d.file, cause: ErrMalformed}
	written := map[string]int{}
	for _, s := range r.sections {
		for _, it := range s.items {
			if it.id == "" {
				continue
			}
			id, _ := readiness.ParseItemID(it.id)
			it.id = string(id)
			where := fmt.Sprintf("the item on line %d", it.line)
			switch {
			case written[it.id] > 0:
				e.Problems = append(e.Problems, Problem{Where: where, Message: fmt.Sprintf("the id %s is also written on line %d: each item needs an id of its own", it.id, written[it.id])})
			case bs.taken[it.id]:
				e.Problems = append(e.Problems, Problem{Where: where, Message: fmt.Sprintf("%s is the id of an exit criterion or handover item the template takes from %s: give the item another id", it.id, bs.from)})
			default:
				written[it.id] = it.line
			}
		}
	}
	if len(e.Problems) > 0 {
		return e
	}
	taken := map[string]bool{}
	for id := range bs.taken {
		taken[id] = true
	}
	for id := range written {
		taken[id] = true
	}
	var matched int
	for _, s := range r.sections {
		for _, it := range s.items {
			if it.id != "" {
				continue
			}
			if id, ok := bs.prevText[foldText(it.text)]; ok && !taken[string(id)] {
				it.id = string(id)
				taken[it.id] = true
				matched++
			}
		}
	}
	counters := map[string]int{}
	var made []string
	for _, s := range r.sections {
		prefix := idPrefix(s.title)
		for _, it := range s.items {
			if it.id != "" {
				continue
			}
			for {
				counters[prefix]++
				id := fmt.Sprintf("%s-%02d", prefix, counters[prefix])
				if !taken[id] && !bs.prevIDs[id] {
					it.id = id
					taken[id] = true
					break
				}
			}
			made = append(made, it.id)
		}
	}
	if matched > 0 {
		d.report.note("Matched %s to %s by their text, keeping their ids.", plural(matched, "item", "items"), bs.from)
	}
	if len(made) > 0 {
		what := "1 item had no id written on its line, so it was given one"
		if len(made) > 1 {
			what = fmt.Sprintf("%d items had no id written on their line, so each was given one", len(made))
		}
		d.report.note("%s from its section's title and its place (%s). Write the ids into the page (**%s** at the start of the line) before it changes: an id carries an item's answers to the next version.",
			what, listed(made), made[0])
	}
	return nil
}

var stopWords = map[string]bool{"and": true, "or": true, "of": true, "the": true, "for": true, "to": true, "a": true, "an": true, "in": true, "on": true, "with": true}

// idPrefix makes an item id prefix of two to five capitals from a
// section's title: the initials of three or more words (Backup, Restore
// and DR → BRD), else the first three letters of the first word
// (Observability → OBS).
func idPrefix(title string) string {
	var words []string
	for _, w := range strings.FieldsFunc(title, func(r rune) bool { return !('a' <= r && r <= 'z' || 'A' <= r && r <= 'Z') }) {
		if !stopWords[strings.ToLower(w)] {
			words = append(words, strings.ToUpper(w))
		}
	}
	var p string
	switch {
	case len(words) >= 3:
		for _, w := range words[:min(len(words), 5)] {
			p += w[:1]
		}
	case len(words) > 0:
		p = words[0][:min(len(words[0]), 3)]
	}
	if len(p) < 2 {
		return "ITM"
	}
	return p
}

// notes reports what was left out or changed.
func (r *mdReader) notes(rep *Report) {
	if len(r.ticked) > 0 {
		rep.note("%s ticked in the file (%s): a template holds questions, not answers, so every item starts not started.", plural(len(r.ticked), "item was", "items were"), lines(r.ticked))
	}
	if len(r.nested) > 0 {
		rep.note("Flattened %s nested under other items (%s) into their section's list.", plural(len(r.nested), "checkbox item", "checkbox items"), lines(r.nested))
	}
	if len(r.split) > 0 {
		rep.note("Items longer than the %d characters an item's text holds (%s) keep their first sentence as the text and the whole paragraph as why.", readiness.MaxItemText, lines(r.split))
	}
	if len(r.empty) > 0 {
		rep.note("Checkbox lines with no text (%s) make items without text, which a template refuses: write the question or remove the line.", lines(r.empty))
	}
	if len(r.deep) > 0 {
		rep.note("Headings deeper than ### (%s) were kept as text of their section.", lines(r.deep))
	}
	if len(r.tables) > 0 {
		what := fmt.Sprintf("Left out %s (%s)", plural(len(r.tables), "table", "tables"), lines(uniqueInts(r.tables)))
		if r.tableBoxes > 0 {
			what += fmt.Sprintf(", with %s in their cells (| [ ] … |): Ready Room reads checkbox items from list lines (- [ ] …); write the rows as list lines to import them",
				plural(r.tableBoxes, "checkbox", "checkboxes"))
		}
		rep.note("%s.", what)
	}
	if len(r.html) > 0 {
		rep.note("Left out %s (%s).", plural(len(r.html), "HTML block or comment", "HTML blocks or comments"), lines(uniqueInts(r.html)))
	}
	switch len(r.images) {
	case 0:
	case 1:
		rep.note("Left out 1 image (%s), keeping its alt text where it stood.", lines(r.images))
	default:
		rep.note("Left out %d images (%s), keeping their alt text where they stood.", len(r.images), lines(uniqueInts(r.images)))
	}
	if r.otherLinks > 0 {
		rep.note("Left out %s whose address is not http or https (relative wiki links lead nowhere outside the wiki).", plural(r.otherLinks, "link", "links"))
	}
}

// frontMatter finds a YAML block (--- … --- or ...) at the start.
func frontMatter(src []byte) (from, to int, ok bool) {
	if !bytes.HasPrefix(src, []byte("---\n")) {
		return 0, 0, false
	}
	off := 4
	for off < len(src) {
		end := bytes.IndexByte(src[off:], '\n')
		line := src[off:]
		if end >= 0 {
			line = src[off : off+end]
		}
		if l := bytes.TrimRight(line, " \t"); string(l) == "---" || string(l) == "..." {
			return 0, off + len(line), true
		}
		if end < 0 {
			break
		}
		off += end + 1
	}
	return 0, 0, false
}

func lineStarts(src []byte) []int {
	starts := []int{0}
	for i, c := range src {
		if c == '\n' {
			starts = append(starts, i+1)
		}
	}
	return starts
}

func lineAt(src []byte, off int) int { return bytes.Count(src[:min(off, len(src))], []byte{'\n'}) + 1 }

// lineOf is the line of the page a node starts on (1-based).
func (r *mdReader) lineOf(n ast.Node) int {
	return sort.SearchInts(r.lineStarts, r.offset(n)+1)
}

// offset is where a node starts: at its first text, line or tag. One with
// none of these (an image without alt text) starts where the text before
// it ends, or else where its block starts.
func (r *mdReader) offset(n ast.Node) int {
	off := -1
	_ = ast.Walk(n, func(c ast.Node, entering bool) (ast.WalkStatus, error) {
		switch c := c.(type) {
		case *ast.Text:
			off = c.Segment.Start
		case *ast.RawHTML:
			if c.Segments.Len() > 0 {
				off = c.Segments.At(0).Start
			}
		default:
			if c.Type() == ast.TypeBlock && c.Lines().Len() > 0 {
				off = c.Lines().At(0).Start
			}
		}
		if off >= 0 {
			return ast.WalkStop, nil
		}
		return ast.WalkContinue, nil
	})
	if off >= 0 {
		return off
	}
	for p := n.PreviousSibling(); p != nil; p = p.PreviousSibling() {
		if end := r.end(p); end >= 0 {
			return end
		}
	}
	if n.Parent() != nil {
		return r.offset(n.Parent())
	}
	return 0
}

// end is where an inline node's last text or tag ends, past the line
// break that ends it; -1 when it has neither.
func (r *mdReader) end(n ast.Node) int {
	end := -1
	_ = ast.Walk(n, func(c ast.Node, entering bool) (ast.WalkStatus, error) {
		switch c := c.(type) {
		case *ast.Text:
			if entering {
				end = c.Segment.Stop
				if c.SoftLineBreak() || c.HardLineBreak() {
					if i := bytes.IndexByte(r.src[end:], '\n'); i >= 0 {
						end += i + 1
					}
				}
			}
		case *ast.RawHTML:
			if l := c.Segments.Len(); entering && l > 0 {
				end = c.Segments.At(l - 1).Stop
			}
		}
		return ast.WalkContinue, nil
	})
	return end
}

func uniqueInts(xs []int) []int {
	out := slices.Clone(xs)
	slices.Sort(out)
	return slices.Compact(out)
}

// nameFromFile makes a name of a file's: production-readiness.md →
// Production readiness.
func nameFromFile(fileName string) string {
	base := displayName(fileName)
	if fileName == "" {
		return "Imported checklist"
	}
	if i := strings.LastIndexByte(base, '.'); i > 0 {
		base = base[:i]
	}
	base, _ = oneLine(strings.NewReplacer("-", " ", "_", " ").Replace(base))
	if base == "" {
		return "Imported checklist"
	}
	return strings.ToUpper(base[:1]) + base[1:]
}
