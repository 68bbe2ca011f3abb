package reports

import (
	"bytes"
	"fmt"
	"io"
	"strings"
	"time"

	"codeberg.org/go-pdf/fpdf"
)

// Paper is the page size.
type Paper string

const (
	A4     Paper = "a4"
	Letter Paper = "letter"
)

// ParsePaper accepts a4 or letter in any case; empty means A4.
func ParsePaper(s string) (Paper, error) {
	switch Paper(strings.ToLower(strings.TrimSpace(s))) {
	case A4, "":
		return A4, nil
	case Letter:
		return Letter, nil
	}
	return "", fmt.Errorf("paper %q is not a4 or letter", s)
}

// docMeta is a document's metadata and running header.
type docMeta struct {
	kind     string // "Readiness pack": the header's left side
	title    string // the record: the header's right side and the PDF title's tail
	subject  string
	author   string
	keywords string
	now      time.Time
}

// Page geometry, in millimetres.
const (
	marginX      = 18.0
	marginTop    = 22.0 // first line of the body
	marginBottom = 20.0 // below the last line of the body
	headerY      = 10.0
	footerY      = 8.0 // from the bottom edge
)

// doc lays text out on pages and draws it with fpdf. It keeps its own
// cursor (y), measures with the cached font metrics, and breaks pages
// itself; fpdf only draws. Every string drawn has been sanitised.
type doc struct {
	f    *fpdf.Fpdf
	fs   *fontSet
	meta docMeta
	// Page geometry.
	pageW, pageH                float64
	left, right, width          float64
	top, bottom                 float64
	y                           float64 // the cursor: top of the next block
	runningTitle, generatedNote string
	// What fpdf last emitted on this page, so a table does not repeat a
	// font or colour per cell. stateValid is cleared when the page changes.
	font       face
	size       float64
	fill, draw rgb
	lineW      float64
	stateValid struct{ font, fill, draw, lineW bool }
	// What the text drawn needs at the end: the fallback faces added to
	// fpdf, the codes drawn in each face (for the text mapping and the
	// subset tags), and the letters of each script (for /Lang).
	added   [nFaces]bool
	used    [nFaces]*bitset
	scripts scriptCount
	tally   tally // what each page holds (pagination.go)
}

func newDoc(paper Paper, meta docMeta) (*doc, error) {
	fs, err := fonts()
	if err != nil {
		return nil, err
	}
	size := "A4"
	if paper == Letter {
		size = "Letter"
	} else if paper != A4 && paper != "" {
		return nil, fmt.Errorf("paper %q is not a4 or letter", paper)
	}
	f := fpdf.New("P", "mm", size, "")
	for fc := range nDejaVu {
		f.AddUTF8FontFromBytes(faceFiles[fc].family, faceFiles[fc].style, fs.data[fc])
	}
	f.SetMargins(marginX, marginTop, marginX)
	f.SetAutoPageBreak(false, 0) // doc breaks pages itself
	f.AliasNbPages("{nb}")
	f.SetCreationDate(meta.now)
	f.SetModificationDate(meta.now)
	f.SetCatalogSort(true)
	// Page streams stay uncompressed: fpdf makes a new deflate writer per
	// page, which costs more than the layout. Fonts are subset and
	// compressed all the same.
	f.SetCompression(false)
	// The document information is given as UTF-16 strings of our own
	// making (fpdf's conversion knows nothing above U+FFFF): a title with
	// an emoji keeps it.
	f.SetTitle(pdfText(metaText(meta.kind+": "+meta.title)), false)
	f.SetSubject(pdfText(metaText(meta.subject)), false)
	f.SetAuthor(pdfText(metaText(meta.author)), false)
	f.SetCreator(pdfText("Ready Room"), false)
	f.SetKeywords(pdfText(metaText(meta.keywords)), false)
	f.SetFont(faceFiles[regular].family, "", 9) // a UTF-8 font is current before any bookmark
	w, h := f.GetPageSize()
	d := &doc{
		f: f, fs: fs, meta: meta, pageW: w, pageH: h,
		left: marginX, right: w - marginX, width: w - 2*marginX,
		top: marginTop, bottom: h - marginBottom,
	}
	d.runningTitle = fs.fit(regular, stRunning.size, d.width*0.6, Sanitize(meta.title))
	d.generatedNote = "Generated " + meta.now.Format("2 Jan 2006 15:04 MST") + " · Ready Room"
	return d, nil
}

// page starts a new page with the running header and footer. The first
// page has neither: it is a cover (band) or opens with a report's header
// band (header), which draws the footer itself.
func (d *doc) page() {
	d.tally.pageEnds(d.f.PageNo(), d.y)
	d.f.AddPage()
	d.y = d.top
	if d.f.PageNo() == 1 {
		return
	}
	d.textAt(d.left, headerY, strings.ToUpper("Ready Room · "+d.meta.kind), stRunning, alignLeft, 0)
	d.textAt(d.right, headerY, d.runningTitle, stRunning, alignRight, 0)
	d.hline(d.left, d.right, headerY+5, cRule, 0.2)
	d.footer()
}

// footer draws the page's "Page N of M" and generation note.
func (d *doc) footer() {
	d.hline(d.left, d.right, d.pageH-footerY-6, cRule, 0.2)
	// The page count is an fpdf alias, replaced when the document is
	// written: this line is left-aligned so its width does not matter.
	d.textAt(d.left, d.pageH-footerY-5, fmt.Sprintf("Page %d of {nb}", d.f.PageNo()), stRunning, alignLeft, 0)
	d.textAt(d.right, d.pageH-footerY-5, d.generatedNote, stRunning, alignRight, 0)
}

// goToPage moves to an earlier page to draw on it again (the contents,
// whose page numbers are known only at the end), or back.
func (d *doc) goToPage(n int) {
	d.f.SetPage(n)
	d.stateValid = struct{ font, fill, draw, lineW bool }{}
}

// room reports whether h millimetres fit above the bottom margin.
func (d *doc) room(h float64) bool { return d.y+h <= d.bottom }

// need starts a new page unless h millimetres fit; it reports whether it did.
func (d *doc) need(h float64) bool {
	if d.room(h) {
		return false
	}
	d.page()
	return true
}

func (d *doc) gap(h float64) { d.y += h }

// --- drawing state --------------------------------------------------------

func (d *doc) setFont(f face, size float64) {
	if d.stateValid.font && d.font == f && d.size == size {
		return
	}
	if f >= nDejaVu && !d.added[f] {
		// A fallback face joins the document when a text first needs it.
		if ff := d.fs.fallbackFace(f); ff != nil {
			d.f.AddUTF8FontFromBytes(faceFiles[f].family, faceFiles[f].style, ff.data)
		}
		d.added[f] = true
	}
	d.f.SetFont(faceFiles[f].family, faceFiles[f].style, size)
	d.font, d.size, d.stateValid.font = f, size, true
}

func (d *doc) setFill(c rgb) {
	if d.stateValid.fill && d.fill == c {
		return
	}
	d.f.SetFillColor(c.r, c.g, c.b)
	d.fill, d.stateValid.fill = c, true
}

func (d *doc) setDraw(c rgb) {
	if d.stateValid.draw && d.draw == c {
		return
	}
	d.f.SetDrawColor(c.r, c.g, c.b)
	d.draw, d.stateValid.draw = c, true
}

func (d *doc) setLineWidth(w float64) {
	if d.stateValid.lineW && d.lineW == w {
		return
	}
	d.f.SetLineWidth(w)
	d.lineW, d.stateValid.lineW = w, true
}

// --- primitives -----------------------------------------------------------

type align uint8

const (
	alignLeft align = iota
	alignRight
	alignCenter
)

// textAt draws one line of text whose line box starts at top y; x is the
// left edge, the right edge or the centre by alignment. A link (an fpdf
// internal link, above 0) makes the line clickable; without one, web
// addresses in a left-aligned line are (autolink), unless link is -1
// (linkedText's own). It is the one place text reaches fpdf, and it
// sanitises what it draws (a no-op for text that already was).
func (d *doc) textAt(x, y float64, s string, st textStyle, a align, link int) {
	s = Sanitize(s)
	if strings.IndexByte(s, '\n') >= 0 {
		s = strings.ReplaceAll(s, "\n", " ") // one line
	}
	if s == "" {
		return
	}
	w := 0.0
	if a != alignLeft || link > 0 {
		w = d.fs.width(st.face, st.size, s)
	}
	switch a {
	case alignRight:
		x -= w
	case alignCenter:
		x -= w / 2
	}
	d.f.SetTextColor(st.color.r, st.color.g, st.color.b)
	// Baseline: the cap height centred in the line box.
	base := y + st.leading()/2 + 0.36*st.size*ptToMM
	tx := x
	d.scripts.add(s)
	d.fs.runs(st.face, visual(s), func(f face, run string) {
		d.setFont(f, st.size)
		codes := d.fs.codes(f, run)
		d.use(f, codes)
		// The fallback faces have one weight: bold is drawn by stroking
		// the outline as well as filling it, in the text's colour.
		fakeBold := st.face == bold && f >= nDejaVu
		if fakeBold {
			d.setDraw(st.color)
			d.setLineWidth(st.size * ptToMM / 30)
			d.f.SetTextRenderingMode(2)
		}
		d.f.Text(tx, base, codes)
		if fakeBold {
			d.f.SetTextRenderingMode(0)
		}
		tx += d.fs.width(f, st.size, run)
	})
	if link > 0 {
		d.f.Link(x, y, w, st.leading(), link)
	} else if link == 0 && a == alignLeft && strings.Contains(s, "://") {
		d.autolink(x, y, s, st)
	}
}

// linkedText draws one line of text that links to a web address: the
// annotation covers the line's text, so each line of a wrapped link is
// clickable and goes to the whole address.
func (d *doc) linkedText(x, y float64, s string, st textStyle, url string) {
	s = Sanitize(s)
	if url == "" || strings.TrimSpace(s) == "" {
		d.textAt(x, y, s, st, alignLeft, 0)
		return
	}
	d.textAt(x, y, s, st, alignLeft, -1) // -1: no internal link, no autolink
	d.f.LinkString(x, y, d.fs.width(st.face, st.size, s), st.leading(), url)
}

// autolink makes each whole http(s) address in a left-aligned line of
// text clickable (references, notes, hypercare evidence): the address runs
// to the next space, less closing punctuation. A line laid out right to
// left is left alone, its addresses not where their bytes are.
func (d *doc) autolink(x, y float64, s string, st textStyle) {
	if visual(s) != s {
		return
	}
	for i := 0; i < len(s); {
		j := strings.Index(s[i:], "http")
		if j < 0 {
			return
		}
		start := i + j
		end := strings.IndexByte(s[start:], ' ')
		if end < 0 {
			end = len(s)
		} else {
			end += start
		}
		u := strings.TrimRight(s[start:end], ".,;:!?)]}'\"")
		i = end
		if !strings.HasPrefix(u, "https://") && !strings.HasPrefix(u, "http://") || len(u) <= len("https://") {
			continue
		}
		if start > 0 && s[start-1] != ' ' && s[start-1] != '(' && s[start-1] != '<' && s[start-1] != '"' {
			continue // inside a word
		}
		x0 := x + d.fs.width(st.face, st.size, s[:start])
		d.f.LinkString(x0, y, d.fs.width(st.face, st.size, u), st.leading(), u)
	}
}

func (d *doc) rect(x, y, w, h float64, c rgb) {
	d.setFill(c)
	d.f.Rect(x, y, w, h, "F")
}

func (d *doc) roundRect(x, y, w, h, r float64, c rgb) {
	d.setFill(c)
	d.f.RoundedRect(x, y, w, h, r, "1234", "F")
}

func (d *doc) hline(x1, x2, y float64, c rgb, lw float64) {
	d.setDraw(c)
	d.setLineWidth(lw)
	d.f.Line(x1, y, x2, y)
}

// --- blocks ---------------------------------------------------------------

// lines draws wrapped text at x within w, breaking pages between lines.
func (d *doc) lines(x, w float64, s string, st textStyle) {
	lh := st.leading()
	for _, l := range d.fs.wrap(st.face, st.size, w, Sanitize(s)) {
		d.need(lh)
		d.lineAt(x, w, d.y, l, st)
		d.y += lh
	}
}

// lineAt draws one wrapped line within [x, x+w]: from the left, or from the
// right when it reads right to left (its first strong character is Hebrew
// or Arabic, or the right-to-left mark wrap starts such a paragraph's lines
// with), as a right-to-left paragraph is set.
func (d *doc) lineAt(x, w, y float64, l string, st textStyle) {
	if firstStrong(l) == bidiR {
		d.textAt(x+w, y, l, st, alignRight, 0)
		return
	}
	d.textAt(x, y, l, st, alignLeft, 0)
}

// para draws a paragraph across the body's width.
func (d *doc) para(s string, st textStyle) { d.lines(d.left, d.width, s, st) }

// note draws a muted remark such as "Not filled in."
func (d *doc) note(s string) { d.para(s, stNote) }

// heading starts a section: kept with what follows, bookmarked in the
// outline, the target of link (when not 0).
func (d *doc) heading(title string, level int, link int) {
	st, before := stH1, 6.0
	if level > 0 {
		st, before = stH2, 4
	}
	d.headingIn(title, level, link, st, before, 14)
}

// headingOver starts a section that opens with a table: the heading stays
// with the table's header and first rows (all of a short table).
func (d *doc) headingOver(title string, level int, cols []column, rows [][]cell) {
	st, before := stH1, 6.0
	if level > 0 {
		st, before = stH2, 4
	}
	d.headingIn(title, level, 0, st, before, d.tableKeep(cols, rows))
}

// tableKeep is what a heading keeps of the table under it: the header and
// the rows the table keeps together where it starts (all of a short
// table). heading's 14 mm is a line or two of text, less than a table
// needs to start.
func (d *doc) tableKeep(cols []column, rows [][]cell) float64 {
	if len(rows) == 0 {
		return headH
	}
	return min(d.tableHeight(cols, rows, cellPadY, false), max(60, d.tableHeight(cols, rows, cellPadY, true)))
}

// compactHeading is a top-level section in a smaller type, for a page
// that must hold a lot (the handover pack's).
func (d *doc) compactHeading(title string) { d.headingIn(title, 0, 0, stH1Compact, 3, 14) }

// headingIn draws a heading in a style, keeping keep millimetres of what
// follows on its page.
func (d *doc) headingIn(title string, level int, link int, st textStyle, before, keep float64) {
	h := float64(len(d.fs.wrap(st.face, st.size, d.width, Sanitize(title)))) * st.leading()
	if d.y > d.top {
		d.y += before
	}
	d.need(h + 5 + keep) // keep a heading with what follows (two lines at least)
	d.f.Bookmark(bookmarkText(title), level, d.y)
	if link != 0 {
		d.f.SetLink(link, d.y, -1)
	}
	d.title(title, st)
	d.tally.heading(d.f.PageNo(), d.y)
}

// title draws a heading's text: an H1 with a short rule under it.
func (d *doc) title(title string, st textStyle) {
	for _, l := range d.fs.wrap(st.face, st.size, d.width, Sanitize(title)) {
		d.textAt(d.left, d.y, l, st, alignLeft, 0)
		d.y += st.leading()
	}
	switch st {
	case stH1:
		d.y += 1
		d.hline(d.left, d.left+22, d.y, cAccent, 0.7)
		d.y += 4
	case stH1Compact:
		d.y += 0.5
		d.hline(d.left, d.left+14, d.y, cAccent, 0.6)
		d.y += 2
	default:
		d.y += 1.5
	}
}

// pill draws a rounded label with a word at (x, y) and returns its width.
// Colour is never the only cue: the word says it.
func (d *doc) pill(x, y float64, word string, t tone) float64 {
	word = Sanitize(word)
	const h, padX = 4.6, 2.4
	w := d.fs.width(stPill.face, stPill.size, word) + 2*padX
	c := tones[t]
	d.roundRect(x, y, w, h, h/2, c[0])
	st := stPill
	st.color = c[1]
	d.textAt(x+padX, y+(h-st.leading())/2, word, st, alignLeft, 0)
	return w
}

// pillWidth is the width pill would draw.
func (d *doc) pillWidth(word string) float64 {
	return d.fs.width(stPill.face, stPill.size, Sanitize(word)) + 4.8
}

// band draws a cover: a full-width band with the kind of document, a title
// and a subtitle, and a strip in the accent tone below it.
func (d *doc) band(kind, title, subtitle string, strip rgb) {
	d.page()
	const bandH = 78.0
	d.rect(0, 0, d.pageW, bandH, cNavy)
	d.rect(0, bandH, d.pageW, 2.2, strip)
	d.y = 24
	d.textAt(d.left, d.y, strings.ToUpper(kind), stCoverKind, alignLeft, 0)
	d.y += stCoverKind.leading() + 3
	for _, l := range d.fs.wrapAtMost(stCoverTitle.face, stCoverTitle.size, d.width, Sanitize(title), 2) {
		d.textAt(d.left, d.y, l, stCoverTitle, alignLeft, 0)
		d.y += stCoverTitle.leading()
	}
	d.y += 1
	for _, l := range d.fs.wrapAtMost(stCoverSub.face, stCoverSub.size, d.width, Sanitize(subtitle), 2) {
		d.textAt(d.left, d.y, l, stCoverSub, alignLeft, 0)
		d.y += stCoverSub.leading()
	}
	d.y = bandH + 12
}

// header opens a report whose first page is already its content (the
// handover pack, ceremony reports): a short band with the kind of report,
// a title and subtitles, one line each, the footer, and the body below on
// the same page.
func (d *doc) header(kind, title string, subtitles []string, strip rgb) {
	d.page()
	bandH := 27.5 + float64(len(subtitles))*stBandSub.leading()
	d.rect(0, 0, d.pageW, bandH, cNavy)
	d.rect(0, bandH, d.pageW, 1.6, strip)
	y := 7.0
	d.textAt(d.left, y, strings.ToUpper(kind), stCoverKind, alignLeft, 0)
	y += stCoverKind.leading() + 1
	st, title := stBandTitle, Sanitize(title)
	for st.size > 13 && d.fs.width(st.face, st.size, title) > d.width {
		st.size -= 0.5 // a long title shrinks before it is cut
	}
	d.textAt(d.left, y+(stBandTitle.leading()-st.leading())/2, d.fs.fit(st.face, st.size, d.width, title), st, alignLeft, 0)
	y += stBandTitle.leading() + 0.5
	for _, s := range subtitles {
		d.textAt(d.left, y, d.fs.fit(stBandSub.face, stBandSub.size, d.width, Sanitize(s)), stBandSub, alignLeft, 0)
		y += stBandSub.leading()
	}
	d.footer()
	d.y = bandH + 6
}

// callout draws a tinted box with a coloured edge, a bold title in the
// tone's colour and paragraphs of body text (bulleted when there are
// several), kept on one page: what a reader must not miss — warnings,
// flags, amendments, unresolved conflicts. Each paragraph keeps at most
// eight lines.
func (d *doc) callout(title string, paras []string, t tone) {
	c := tones[t]
	head := stBodyBold
	head.color = c[1]
	const padX, padY, bulletW = 5.0, 2.2, 4.0
	textW := d.width - padX - 3
	if len(paras) > 1 {
		textW -= bulletW
	}
	titleLines := d.fs.wrapAtMost(head.face, head.size, d.width-padX-3, Sanitize(title), 3)
	wrapped := make([][]string, len(paras))
	h := 2*padY + float64(len(titleLines))*head.leading()
	for i, p := range paras {
		wrapped[i] = d.fs.wrapAtMost(stBody.face, stBody.size, textW, Sanitize(p), 8)
		h += float64(len(wrapped[i]))*stBody.leading() + 0.6
	}
	d.need(h)
	d.roundRect(d.left, d.y, d.width, h, 1.6, c[0])
	d.rect(d.left, d.y, 1.6, h, c[1])
	y := d.y + padY
	for _, l := range titleLines {
		d.textAt(d.left+padX, y, l, head, alignLeft, 0)
		y += head.leading()
	}
	for _, lines := range wrapped {
		x := d.left + padX
		if len(paras) > 1 {
			d.textAt(x, y, "•", stBody, alignLeft, 0)
			x += bulletW
		}
		for _, l := range lines {
			d.lineAt(x, textW, y, l, stBody)
			y += stBody.leading()
		}
		y += 0.6
	}
	d.y += h + 3
}

// fact is a label and its value.
type fact struct{ label, value string }

// facts draws label / value pairs in columns across the body.
func (d *doc) facts(list []fact, columns int) {
	colW := d.width / float64(columns)
	rowY := d.y
	rowH := 0.0
	for i, kv := range list {
		c := i % columns
		if c == 0 && i > 0 {
			rowY += rowH + 3
			rowH = 0
		}
		x := d.left + float64(c)*colW
		d.textAt(x, rowY, strings.ToUpper(kv.label), stLabel, alignLeft, 0)
		y := rowY + stLabel.leading()
		value := kv.value
		if strings.TrimSpace(value) == "" {
			value = "—"
		}
		for _, l := range d.fs.wrapAtMost(stFactValue.face, stFactValue.size, colW-4, Sanitize(value), 3) {
			d.lineAt(x, colW-4, y, l, stFactValue)
			y += stFactValue.leading()
		}
		rowH = max(rowH, y-rowY)
	}
	d.y = rowY + rowH + 2
}

// finish writes the document, or says why it could not.
func (d *doc) finish(out io.Writer, what string) error {
	if err := d.f.Error(); err != nil {
		return fmt.Errorf("rendering %s: %w", what, err)
	}
	if tr, ok := out.(tallyReceiver); ok {
		tr.receiveTally(d.tally)
	}
	d.f.SetLang(d.scripts.lang())
	var buf bytes.Buffer
	if err := d.f.Output(&buf); err != nil {
		return fmt.Errorf("writing %s: %w", what, err)
	}
	b, err := finishPDF(buf.Bytes(), d.fontPatches(), d.meta.now)
	if err != nil {
		return fmt.Errorf("rendering %s: %w", what, err)
	}
	if _, err := out.Write(b); err != nil {
		return fmt.Errorf("writing %s: %w", what, err)
	}
	return nil
}

// use notes the codes drawn in a face.
func (d *doc) use(f face, codes string) {
	u := d.used[f]
	if u == nil {
		u = &bitset{}
		d.used[f] = u
	}
	for _, r := range codes {
		u.set(r) // every code fpdf draws is in the BMP
	}
}
