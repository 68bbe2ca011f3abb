package reports

import (
	"fmt"
	"io"
	"strings"
	"time"

	"codeberg.org/go-pdf/fpdf"

	"readyroom/readiness"
)

// Paper is the page size.
type Paper string

const (
	A4     Paper = "a4"
	Letter Paper = "letter"
)

// ParsePaper accepts a4 or letter.
func ParsePaper(s string) (Paper, error) {
	switch Paper(strings.ToLower(s)) {
	case A4, "":
		return A4, nil
	case Letter:
		return Letter, nil
	}
	return "", fmt.Errorf("paper %q is not a4 or letter", s)
}

// Colours, as RGB.
type rgb struct{ r, g, b int }

var (
	cAccent   = rgb{59, 91, 219}
	cInk      = rgb{24, 32, 43}
	cInk2     = rgb{74, 85, 101}
	cInk3     = rgb{107, 117, 131}
	cRule     = rgb{221, 225, 231}
	cZebra    = rgb{245, 246, 248}
	cHeadFill = rgb{232, 236, 253}
	pills     = map[string][2]rgb{
		"green": {{227, 244, 234}, {22, 121, 74}}, "amber": {{253, 241, 220}, {154, 91, 0}}, "red": {{253, 231, 229}, {180, 35, 24}},
		"grey": {{236, 239, 243}, {74, 85, 101}}, "blue": {{227, 238, 251}, {29, 95, 184}},
		"gold": {{251, 240, 207}, {138, 97, 0}}, "silver": {{233, 237, 242}, {77, 88, 102}},
	}
)

// doc wraps fpdf with the house style: margins, type scale, header and
// footer, sanitised text, tables that wrap and flow across pages.
type doc struct {
	*fpdf.Fpdf
	left, right, width, bottom float64
	title                      string
	kind                       string // "readiness pack", "handover pack", ...
	// measuring is set on a layout-only pass: tables keep their geometry
	// (line splits, page breaks) but draw nothing.
	measuring bool
	// The colours last set, so a table does not emit a colour per cell.
	textC, fillC, drawC rgb
	colorsSet           [3]bool
}

func newDoc(paper Paper, kind, title string, now time.Time) *doc {
	loadFonts()
	size := "A4"
	if paper == Letter {
		size = "Letter"
	}
	f := fpdf.New("P", "mm", size, "")
	for _, ft := range fontFiles {
		f.AddUTF8FontFromBytes("dejavu", ft.style, fontBytes[ft.style])
	}
	f.SetMargins(18, 20, 18)
	f.SetAutoPageBreak(true, 20)
	f.AliasNbPages("{nb}")
	f.SetCreationDate(now)
	f.SetModificationDate(now)
	f.SetCatalogSort(true)
	// Page streams stay uncompressed: fpdf builds a new deflate writer per
	// page, which costs more than the pack's layout; fonts are still subset.
	f.SetCompression(false)
	w, h := f.GetPageSize()
	d := &doc{Fpdf: f, left: 18, right: w - 18, width: w - 36, bottom: h - 20, title: Sanitize(title), kind: kind}
	f.SetHeaderFuncMode(d.header, false)
	f.SetFooterFunc(d.footer)
	return d
}

func (d *doc) color(c rgb) { d.SetTextColor(c.r, c.g, c.b) }
func (d *doc) fill(c rgb)  { d.SetFillColor(c.r, c.g, c.b) }
func (d *doc) draw(c rgb)  { d.SetDrawColor(c.r, c.g, c.b) }
func (d *doc) font(style string, size float64) {
	d.SetFont("dejavu", style, size)
}

func (d *doc) header() {
	if d.PageNo() == 1 {
		return
	}
	d.font("", 8)
	d.color(cInk3)
	d.SetXY(d.left, 9)
	d.CellFormat(d.width/2, 5, "Ready Room · "+d.kind, "", 0, "L", false, 0, "")
	d.CellFormat(d.width/2, 5, d.title, "", 0, "R", false, 0, "")
	d.draw(cRule)
	d.Line(d.left, 15, d.right, 15)
	d.SetXY(d.left, 20)
	d.color(cInk)
}

func (d *doc) footer() {
	if d.PageNo() == 1 {
		return
	}
	d.SetY(-13)
	d.font("", 8)
	d.color(cInk3)
	d.CellFormat(d.width, 5, fmt.Sprintf("Page %d of {nb}", d.PageNo()), "", 0, "C", false, 0, "")
}

// text writes wrapped text in the current font.
func (d *doc) text(s string, size float64, style string, c rgb) {
	d.font(style, size)
	d.color(c)
	d.SetX(d.left)
	d.MultiCell(d.width, size*0.5, Sanitize(s), "", "L", false)
}

// heading starts a section: a bookmark, a link target, a title and a rule.
func (d *doc) heading(title string, level int, link int) {
	if d.GetY() > d.bottom-30 {
		d.AddPage()
	}
	title = Sanitize(title)
	d.Bookmark(title, level, -1)
	if link > 0 {
		d.SetLink(link, -1, -1)
	}
	size := 15.0
	if level > 0 {
		size = 12
	}
	d.Ln(3)
	d.font("B", size)
	d.color(cInk)
	d.SetX(d.left)
	d.MultiCell(d.width, size*0.5, title, "", "L", false)
	if level == 0 {
		y := d.GetY() + 1
		d.SetLineWidth(0.6)
		d.draw(cAccent)
		d.Line(d.left, y, d.left+24, y)
		d.SetLineWidth(0.2)
		d.Ln(4)
	} else {
		d.Ln(1.5)
	}
}

// pill draws a rounded label with a word, so colour is never the only cue.
func (d *doc) pill(x, y float64, word, kind string) float64 {
	word = Sanitize(word)
	c, ok := pills[kind]
	if !ok {
		c = pills["grey"]
	}
	d.font("B", 7.5)
	w := d.GetStringWidth(word) + 5
	d.fill(c[0])
	d.RoundedRect(x, y, w, 4.6, 2.2, "1234", "F")
	d.color(c[1])
	d.SetXY(x, y)
	d.CellFormat(w, 4.6, word, "", 0, "C", false, 0, "")
	d.color(cInk)
	return w
}

// col is a table column: a title, a width in mm, and how its cells draw.
type col struct {
	title string
	width float64
	pill  bool // cells are "word|kind" pills
	bold  bool
}

// table draws rows whose cells wrap; a row that does not fit starts a new
// page, and the header row is repeated at the top of every page.
func (d *doc) table(cols []col, rows [][]string) {
	const lh, pad = 4.2, 1.6
	head := func() {
		d.fill(cHeadFill)
		d.font("B", 8)
		d.color(cInk2)
		x := d.left
		y := d.GetY()
		for _, c := range cols {
			d.SetXY(x, y)
			d.CellFormat(c.width, 7, strings.ToUpper(c.title), "", 0, "L", true, 0, "")
			x += c.width
		}
		d.SetXY(d.left, y+7)
	}
	if d.GetY() > d.bottom-20 {
		d.AddPage()
	}
	head()
	for i, row := range rows {
		lines := make([][]string, len(cols))
		n := 1
		for j, c := range cols {
			cell := ""
			if j < len(row) {
				cell = row[j]
			}
			if c.pill {
				lines[j] = []string{cell}
				continue
			}
			style := ""
			if c.bold {
				style = "B"
			}
			d.font(style, 8.5)
			lines[j] = d.SplitText(Sanitize(cell), c.width-2*pad)
			if len(lines[j]) == 0 {
				lines[j] = []string{""}
			}
			n = max(n, len(lines[j]))
		}
		h := float64(n)*lh + 2*pad
		if maxRows := int((d.bottom - 30) / lh); n > maxRows { // a cell longer than a page: split the row
			d.tallRow(cols, lines, lh, pad)
			continue
		}
		if d.GetY()+h > d.bottom {
			d.AddPage()
			head()
		}
		y := d.GetY()
		if d.measuring {
			d.SetXY(d.left, y+h)
			continue
		}
		if i%2 == 1 {
			d.fill(cZebra)
			d.Rect(d.left, y, d.width, h, "F")
		}
		x := d.left
		for j, c := range cols {
			if c.pill {
				word, kind, _ := strings.Cut(lines[j][0], "|")
				if word != "" {
					d.pill(x+pad, y+pad-0.2, word, kind)
				}
			} else {
				style := ""
				if c.bold {
					style = "B"
				}
				d.font(style, 8.5)
				d.color(cInk)
				for k, l := range lines[j] {
					d.SetXY(x+pad, y+pad+float64(k)*lh)
					d.CellFormat(c.width-2*pad, lh, l, "", 0, "L", false, 0, "")
				}
			}
			x += c.width
		}
		d.draw(cRule)
		d.Line(d.left, y+h, d.right, y+h)
		d.SetXY(d.left, y+h)
	}
	d.Ln(3)
}

// tallRow draws a row with more lines than a page holds, line by line,
// continuing on new pages with the header repeated.
func (d *doc) tallRow(cols []col, lines [][]string, lh, pad float64) {
	n := 0
	for _, l := range lines {
		n = max(n, len(l))
	}
	for k := 0; k < n; k++ {
		if d.GetY()+lh > d.bottom {
			d.AddPage()
			d.font("I", 7.5)
			d.color(cInk3)
			d.SetX(d.left)
			d.CellFormat(d.width, 5, "(continued)", "", 1, "L", false, 0, "")
		}
		y := d.GetY()
		x := d.left
		for j, c := range cols {
			if d.measuring {
				break
			}
			if k < len(lines[j]) && !c.pill {
				d.font("", 8.5)
				d.color(cInk)
				d.SetXY(x+pad, y)
				d.CellFormat(c.width-2*pad, lh, lines[j][k], "", 0, "L", false, 0, "")
			}
			x += c.width
		}
		d.SetXY(d.left, y+lh)
	}
	d.draw(cRule)
	d.Line(d.left, d.GetY()+pad, d.right, d.GetY()+pad)
	d.Ln(pad)
}

// statusPill is a status's "word|kind" for a pill column.
func statusPill(s readiness.Status) string {
	kind := map[readiness.Status]string{readiness.Done: "green", readiness.InProgress: "blue", readiness.Blocked: "red", readiness.NA: "grey", readiness.NotStarted: "grey"}[s]
	return s.Label() + "|" + kind
}

func ragPill(r readiness.RAG) string {
	return map[readiness.RAG]string{readiness.Green: "Green|green", readiness.Amber: "Amber|amber", readiness.Red: "Red|red"}[r]
}

// band draws a cover's coloured band with a kind label, a title and a subtitle.
func (d *doc) band(label, title, subtitle string) {
	d.AddPage()
	w, _ := d.GetPageSize()
	d.fill(cAccent)
	d.Rect(0, 0, w, 92, "F")
	d.color(rgb{255, 255, 255})
	d.font("B", 10)
	d.SetXY(d.left, 22)
	d.CellFormat(d.width, 6, strings.ToUpper(label), "", 1, "L", false, 0, "")
	d.font("B", 26)
	d.SetX(d.left)
	d.MultiCell(d.width, 11, Sanitize(title), "", "L", false)
	d.font("", 16)
	d.SetX(d.left)
	d.MultiCell(d.width, 8, Sanitize(subtitle), "", "L", false)
	d.color(cInk)
}

// facts prints label / value lines.
func (d *doc) facts(rows [][2]string) {
	for _, kv := range rows {
		d.font("", 9)
		d.color(cInk3)
		d.SetX(d.left)
		d.CellFormat(55, 7, kv[0], "", 0, "L", false, 0, "")
		d.font("B", 10)
		d.color(cInk)
		d.MultiCell(d.width-55, 7, Sanitize(kv[1]), "", "L", false)
	}
}

// finish writes the document, or reports why it could not.
func (d *doc) finish(out io.Writer, what string) error {
	if d.Err() {
		return fmt.Errorf("rendering %s: %w", what, d.Error())
	}
	if err := d.Output(out); err != nil {
		return fmt.Errorf("rendering %s: %w", what, err)
	}
	return nil
}
