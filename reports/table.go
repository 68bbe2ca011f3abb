package reports

import "strings"

// column is a table column: a title and a width in millimetres; a width of
// 0 shares what the fixed columns leave.
type column struct {
	title string
	width float64
}

// cell is a table cell: an optional pill, then paragraphs, each in its own
// style (an item's evidence: labels, links, notes).
type cell struct {
	pill  *pillSpec
	paras []span
}

type pillSpec struct {
	word string
	tone tone
}

type span struct {
	text string
	st   textStyle
	link string // a web address the text links to (evidence)
}

func textCell(s string) cell            { return cell{paras: []span{{s, stCell, ""}}} }
func boldCell(s string) cell            { return cell{paras: []span{{s, stCellBold, ""}}} }
func mutedCell(s string) cell           { return cell{paras: []span{{s, stCellMuted, ""}}} }
func pillCell(word string, t tone) cell { return cell{pill: &pillSpec{word, t}} }

// evidenceTextCell is free-text evidence, a link when it is an address
// alone, a dash when there is none.
func evidenceTextCell(s string) cell {
	var c cell
	c.addTextOrLink(orDash(s), stCell)
	return c
}

// add appends a paragraph in a style, skipping empty text.
func (c *cell) add(s string, st textStyle) {
	if strings.TrimSpace(s) != "" {
		c.paras = append(c.paras, span{s, st, ""})
	}
}

// addTextOrLink appends free text (a handover item's or an exit
// criterion's evidence) as add does, unless it is a web address alone,
// which becomes a link drawn like an evidence address (in smaller type to
// fit its line, every line clickable).
func (c *cell) addTextOrLink(s string, st textStyle) {
	if u := strings.TrimSpace(s); isWebAddress(u) {
		c.addLink(u, stCellLink, u)
		return
	}
	c.add(s, st)
}

// isWebAddress reports whether s is one http(s) address and nothing else.
func isWebAddress(s string) bool {
	return (strings.HasPrefix(s, "https://") || strings.HasPrefix(s, "http://")) && len(s) > len("https://") &&
		!strings.ContainsAny(s, " \t\r\n\"<>")
}

// addLink appends a paragraph that links to a web address, every line of
// it; without an address it is add.
func (c *cell) addLink(s string, st textStyle, url string) {
	if strings.TrimSpace(s) != "" {
		c.paras = append(c.paras, span{s, st, url})
	}
}

const (
	cellPadX   = 1.8
	cellPadY   = 1.7
	densePadY  = 0.9
	headH      = 6.6
	pillH      = 4.6
	paraGap    = 0.8 // between a cell's paragraphs
	minSplitMM = 18  // a row is split across pages only when this much fits
)

// lineBox is one laid-out line of a cell (or its pill).
type lineBox struct {
	text string
	st   textStyle
	h    float64
	pill *pillSpec
	link string
}

// table draws a table whose cells wrap. Rows never split when they fit on
// a page; a row taller than that flows on across pages, a fragment per
// page. The header row is repeated at the top of every page the table
// reaches, rows are zebra-striped, and each page's part ends with a rule.
func (d *doc) table(cols []column, rows [][]cell) { d.tablePadded(cols, rows, cellPadY) }

// denseTable is a table with less space above and below each row's text,
// for a page that must hold a lot (the handover pack's first page).
func (d *doc) denseTable(cols []column, rows [][]cell) { d.tablePadded(cols, rows, densePadY) }

func (d *doc) tablePadded(cols []column, rows [][]cell, padY float64) {
	widths := d.columnWidths(cols)
	head := func() {
		d.rect(d.left, d.y, d.width, headH, cHeadFill)
		x := d.left
		for i, c := range cols {
			d.textAt(x+cellPadX, d.y+(headH-stLabel.leading())/2, d.fs.fit(stLabel.face, stLabel.size, widths[i]-2*cellPadX, strings.ToUpper(c.title)), stLabel, alignLeft, 0)
			x += widths[i]
		}
		d.y += headH
	}
	pageBody := d.bottom - d.top
	for ri, row := range rows {
		boxes, heights := d.layoutRow(widths, row)
		rowH := 2 * padY
		for _, h := range heights {
			rowH = max(rowH, h+2*padY)
		}
		split := rowH > (pageBody-headH)/3 // tall rows use the space left
		if ri == 0 {
			// Keep the header with the first row (or the first part of it).
			if split {
				d.need(headH + minSplitMM)
			} else {
				d.need(headH + rowH)
			}
			head()
		}
		if !d.room(rowH) && (!split || !d.room(minSplitMM)) {
			d.page()
			head()
		}
		next := make([]int, len(boxes)) // next line of each column to draw
		for first := true; ; first = false {
			if !first {
				d.page()
				head()
			}
			avail := d.bottom - d.y - 2*padY
			// Take the lines of each column that fit.
			take := make([]int, len(boxes))
			fragH := 0.0
			done := true
			for c, col := range boxes {
				h := 0.0
				k := next[c]
				for k < len(col) && h+col[k].h <= avail+0.01 {
					h += col[k].h
					k++
				}
				if k == next[c] && k < len(col) && d.y <= d.top+headH+0.01 {
					h += col[k].h // a line taller than a page: draw it anyway
					k++
				}
				take[c] = k
				fragH = max(fragH, h)
				if k < len(col) {
					done = false
				}
			}
			fragH += 2 * padY
			if ri%2 == 1 {
				d.rect(d.left, d.y, d.width, fragH, cZebra)
			}
			x := d.left
			for c, col := range boxes {
				y := d.y + padY
				if !first && c == 0 && next[c] >= len(col) && len(col) > 0 {
					// The first column (an item's id) again, so a
					// continued row says whose it is.
					d.textAt(x+cellPadX, y, col[0].text, stCellMuted, alignLeft, 0)
					d.textAt(x+cellPadX, y+stCellMuted.leading(), "continued", stCellNote, alignLeft, 0)
				}
				for k := next[c]; k < take[c]; k++ {
					b := col[k]
					if b.pill != nil {
						d.pill(x+cellPadX, y-0.25, b.pill.word, b.pill.tone)
					} else if b.link != "" {
						d.linkedText(x+cellPadX, y, b.text, b.st, b.link)
					} else {
						d.textAt(x+cellPadX, y, b.text, b.st, alignLeft, 0)
					}
					y += b.h
				}
				next[c] = take[c]
				x += widths[c]
			}
			d.y += fragH
			d.hline(d.left, d.right, d.y, cRule, 0.2)
			if done {
				break
			}
		}
	}
	d.y += 3
}

// tableHeight is the height a table would take unbroken, with its header
// (not the space after it).
func (d *doc) tableHeight(cols []column, rows [][]cell, padY float64) float64 {
	widths := d.columnWidths(cols)
	h := headH
	for _, row := range rows {
		_, heights := d.layoutRow(widths, row)
		rowH := 2 * padY
		for _, ch := range heights {
			rowH = max(rowH, ch+2*padY)
		}
		h += rowH
	}
	return h
}

// columnWidths resolves flexible columns and scales the table to the body.
func (d *doc) columnWidths(cols []column) []float64 {
	fixed, flex := 0.0, 0
	for _, c := range cols {
		if c.width > 0 {
			fixed += c.width
		} else {
			flex++
		}
	}
	out := make([]float64, len(cols))
	share := 0.0
	if flex > 0 {
		share = max(d.width-fixed, 10) / float64(flex)
	}
	total := 0.0
	for i, c := range cols {
		out[i] = c.width
		if c.width <= 0 {
			out[i] = share
		}
		total += out[i]
	}
	for i := range out { // never wider or narrower than the body
		out[i] *= d.width / total
	}
	return out
}

// layoutRow wraps each cell of a row to its column and returns the lines
// of each column and their heights.
func (d *doc) layoutRow(widths []float64, row []cell) ([][]lineBox, []float64) {
	boxes := make([][]lineBox, len(widths))
	heights := make([]float64, len(widths))
	for c := range widths {
		if c >= len(row) {
			continue
		}
		inner := widths[c] - 2*cellPadX
		var col []lineBox
		if p := row[c].pill; p != nil {
			col = append(col, lineBox{pill: p, h: pillH + paraGap})
		}
		for i, sp := range row[c].paras {
			if i > 0 && len(col) > 0 {
				col[len(col)-1].h += paraGap
			}
			st, text := sp.st, Sanitize(sp.text)
			if sp.link != "" && text == sp.link {
				st = d.fitAddress(st, inner, text)
			}
			lh := st.leading()
			for _, l := range d.fs.wrap(st.face, st.size, inner, text) {
				col = append(col, lineBox{text: l, st: st, h: lh, link: sp.link})
			}
		}
		h := 0.0
		for _, b := range col {
			h += b.h
		}
		boxes[c], heights[c] = col, h
	}
	return boxes, heights
}

// minAddressSize is the smallest type a printed web address shrinks to.
const minAddressSize = 6.0

// fitAddress is the style a printed web address is drawn in: its own, or
// smaller, down to minAddressSize, so that it fits on one line of w
// millimetres and text copied from the PDF holds it whole. An address too
// long even then wraps at its own size (wrap breaks it after / - _ . ? & =
// or #, never adding a hyphen), and every line links to the whole address.
func (d *doc) fitAddress(st textStyle, w float64, s string) textStyle {
	if d.fs.width(st.face, st.size, s) <= w {
		return st
	}
	small := st
	small.size = max(minAddressSize, st.size*w/d.fs.width(st.face, st.size, s))
	small.size = float64(int(small.size*4)) / 4 // quarter points, rounded down
	if small.size < minAddressSize || d.fs.width(small.face, small.size, s) > w {
		return st
	}
	return small
}

// colWidth is the width a column needs for the widest of some short texts
// in a style (an id column), with the cell padding.
func (d *doc) colWidth(st textStyle, title string, texts ...string) float64 {
	w := d.fs.width(stLabel.face, stLabel.size, strings.ToUpper(title))
	for _, t := range texts {
		w = max(w, d.fs.width(st.face, st.size, Sanitize(t)))
	}
	return w + 2*cellPadX + 0.6
}
