package reports

import (
	"slices"
	"strings"
)

// column is a table column: a title and a width in millimetres; a width of
// 0 shares what the fixed columns leave.
type column struct {
	title string
	width float64
}

// cell is a table cell: an optional pill, then paragraphs, each in its own
// style (an item's evidence: labels, links, notes). A row's last cell may
// be wide: it runs across the whole table under the row's other cells (an
// item's long notes), and is no column of its own.
type cell struct {
	pill  *pillSpec
	paras []span
	wide  bool
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

// table draws a table whose cells wrap, in columns that follow their
// content (fitColumns). Rows never split when they fit on a page; a row
// taller than that flows on across pages, a fragment per page. The header
// row is repeated at the top of every page the table reaches, rows are
// zebra-striped, and each page's part ends with a rule. No page holds a
// lone row of a table that has rows on other pages: a table starts on a
// page with room for its first two rows, and its last row takes the one
// before it onto the next page rather than go alone.
func (d *doc) table(cols []column, rows [][]cell) { d.tablePadded(cols, rows, cellPadY, 0) }

// denseTable is a table with less space above and below each row's text,
// for a page that must hold a lot (the handover pack's first page).
func (d *doc) denseTable(cols []column, rows [][]cell) { d.tablePadded(cols, rows, densePadY, 0) }

// tableThen is a table whose last row stays on a page with tail
// millimetres of what follows it (the addresses printed under a checklist).
func (d *doc) tableThen(cols []column, rows [][]cell, tail float64) {
	d.tablePadded(cols, rows, cellPadY, tail)
}

func (d *doc) tablePadded(cols []column, rows [][]cell, padY, tail float64) {
	widths := d.fitColumns(cols, rows)
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
	splitAt := (pageBody - headH) / 3 // taller rows use the space left
	boxes := make([][][]lineBox, len(rows))
	rowHs := make([]float64, len(rows))
	for ri, row := range rows {
		var heights []float64
		boxes[ri], heights = d.layoutRow(widths, row)
		rowHs[ri] = 2 * padY
		for _, h := range heights {
			rowHs[ri] = max(rowHs[ri], h+2*padY)
		}
	}
	split := func(ri int) bool { return rowHs[ri] > splitAt }
	table := d.tally.table()
	onPage := 0 // rows of this table drawn on this page
	last := len(rows) - 1
	for ri := range rows {
		rowH := rowHs[ri]
		if ri == 0 {
			d.need(startKeep(rowHs, splitAt))
			head()
		}
		breakHere := !d.room(rowH) && (!split(ri) || !d.room(minSplitMM))
		// The last row does not go alone to a page: the one before it goes
		// with it while two rows stay behind.
		if !breakHere && ri == last-1 && onPage >= 2 && !split(ri) && !split(last) &&
			!d.room(rowH+rowHs[last]+tail) {
			breakHere = true
		}
		if breakHere && onPage > 0 {
			d.page()
			head()
			onPage = 0
		}
		next := make([]int, len(boxes[ri])) // next line of each column to draw
		for first := true; ; first = false {
			if !first {
				d.tally.row(d.f.PageNo(), table, true)
				d.page()
				head()
			}
			avail := d.bottom - d.y - 2*padY
			// Take the lines of each column that fit; a wide cell's begin
			// under the others' once they are all drawn (under a continued
			// row's label on a later page).
			take := make([]int, len(boxes[ri]))
			fragH := 0.0
			done := true
			wideTop := 0.0 // where the wide cell's lines start in this fragment
			for c, col := range boxes[ri] {
				h := 0.0
				k := next[c]
				if c == len(widths) {
					if !done {
						take[c] = k
						break
					}
					wideTop = fragH + wideGap
					if !first { // under "continued"
						wideTop = max(wideTop, stCellMuted.leading()+stCellNote.leading()+0.6)
					}
					h = wideTop
				}
				for k < len(col) && h+col[k].h <= avail+0.01 {
					h += col[k].h
					k++
				}
				if k == next[c] && k < len(col) && d.y <= d.top+headH+0.01 {
					h += col[k].h // a line taller than a page: draw it anyway
					k++
				}
				take[c] = k
				if k == next[c] {
					h = 0 // nothing of it here
				}
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
			for c, col := range boxes[ri] {
				y := d.y + padY
				if c == len(widths) { // the wide cell
					x, y = d.left, y+wideTop
				}
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
						cw := d.width
						if c < len(widths) {
							cw = widths[c]
						}
						d.lineAt(x+cellPadX, cw-2*cellPadX, y, b.text, b.st)
					}
					y += b.h
				}
				next[c] = take[c]
				if c < len(widths) {
					x += widths[c]
				}
			}
			d.y += fragH
			d.hline(d.left, d.right, d.y, cRule, 0.2)
			if done {
				d.tally.row(d.f.PageNo(), table, !first)
				onPage++
				break
			}
		}
	}
	d.y += 3
}

// startKeep is what a table keeps together where it starts: its header
// with the first two rows (all of a table of three), or with the first
// part of a tall first row.
func startKeep(rowHs []float64, splitAt float64) float64 {
	switch {
	case len(rowHs) == 0:
		return headH
	case rowHs[0] > splitAt:
		return headH + minSplitMM
	case len(rowHs) <= 3 && !slices.ContainsFunc(rowHs, func(h float64) bool { return h > splitAt }):
		return headH + sum(rowHs)
	case rowHs[1] <= splitAt:
		return headH + rowHs[0] + rowHs[1]
	}
	return headH + rowHs[0]
}

func sum(xs []float64) float64 {
	t := 0.0
	for _, x := range xs {
		t += x
	}
	return t
}

// tableHeight is the height a table would take unbroken, with its header
// (not the space after it); with start, the part it keeps together where
// it starts (startKeep): what a heading above it keeps with it.
func (d *doc) tableHeight(cols []column, rows [][]cell, padY float64, start bool) float64 {
	widths := d.fitColumns(cols, rows)
	rowHs := make([]float64, len(rows))
	for i, row := range rows {
		_, heights := d.layoutRow(widths, row)
		rowHs[i] = 2 * padY
		for _, ch := range heights {
			rowHs[i] = max(rowHs[i], ch+2*padY)
		}
	}
	if start {
		return startKeep(rowHs, (d.bottom-d.top-headH)/3)
	}
	return headH + sum(rowHs)
}

// maxWordMM caps what one word asks of its column's width: a longer one
// (an address, a hash) breaks inside (wrap).
const maxWordMM = 28.0

// maxHeaderMM caps what a column's header asks of its width: a longer one
// is cut with an ellipsis.
const maxHeaderMM = 36.0

// fitColumns resolves a table's column widths. A column with a width keeps
// it (an id, a date, a pill); the others follow their content, as a
// browser lays out a table: each starts as narrow as its widest word (or
// pill, or its header on one line) allows, and when every one's text fits on one line
// in the room there is, each gets that one-line width and the room left in
// proportion. Otherwise the room beyond the narrowest is handed out a step
// at a time to the column whose widening makes the table shortest — long
// notes get the width, and a short column is not wrapped for nothing — on
// a tie to the one whose own text gets shortest, then to the one furthest
// from its one-line width. The widths always fill the body.
func (d *doc) fitColumns(cols []column, rows [][]cell) []float64 {
	out := make([]float64, len(cols))
	var flex []int
	fixed := 0.0
	for i, c := range cols {
		if c.width > 0 {
			out[i] = c.width
			fixed += c.width
		} else {
			flex = append(flex, i)
		}
	}
	avail := d.width - fixed
	if len(flex) == 0 || avail < 10*float64(len(flex)) {
		return d.scaleWidths(cols, out, flex)
	}
	lo, hi := make([]float64, len(cols)), make([]float64, len(cols))
	for _, c := range flex {
		lo[c] = min(d.fs.width(stLabel.face, stLabel.size, strings.ToUpper(cols[c].title)), maxHeaderMM) // the header whole
		for _, row := range rows {
			if c < len(row) {
				cmin, cmax := d.cellExtent(row[c])
				lo[c], hi[c] = max(lo[c], cmin), max(hi[c], cmax)
			}
		}
		lo[c] += 2*cellPadX + 0.6
		hi[c] = max(hi[c]+2*cellPadX+0.6, lo[c])
	}
	sumLo, sumHi := 0.0, 0.0
	for _, c := range flex {
		sumLo += lo[c]
		sumHi += hi[c]
	}
	switch {
	case sumHi <= avail: // every cell on one line
		for _, c := range flex {
			out[c] = hi[c] + (avail-sumHi)*hi[c]/sumHi
		}
		return out
	case sumLo >= avail: // not even the widest words fit: in proportion
		for _, c := range flex {
			out[c] = avail * lo[c] / sumLo
		}
		return out
	}
	// The room beyond the narrowest widths, in steps: each column gets a
	// number of them, first in proportion to how much wider than its
	// narrowest its text would be on one line; then steps move from one
	// column to another while that makes the table shorter (or, as short,
	// wraps less of the columns' own text), in moves of 8, 4, 2 and 1.
	room := avail - sumLo
	n := min(40, int(room/1.5))
	if n < 1 {
		for _, c := range flex {
			out[c] = lo[c] + room*lo[c]/sumLo
		}
		return out
	}
	step := room / float64(n)
	// heights[c][k] is each row's height in column c at lo[c] + k steps.
	heights := make([]map[int][]float64, len(cols))
	at := func(c, k int) []float64 {
		if heights[c] == nil {
			heights[c] = map[int][]float64{}
		}
		if hs, ok := heights[c][k]; ok {
			return hs
		}
		inner := lo[c] + float64(k)*step - 2*cellPadX
		hs := make([]float64, len(rows))
		for r, row := range rows {
			if c < len(row) && !row[c].wide {
				_, hs[r] = d.layoutCell(row[c], inner)
			}
		}
		heights[c][k] = hs
		return hs
	}
	steps := make([]int, len(cols))
	spread, given := sumHi-sumLo, 0
	for _, c := range flex {
		steps[c] = int(float64(n) * (hi[c] - lo[c]) / spread)
		given += steps[c]
	}
	for i := 0; given < n; i++ {
		steps[flex[i%len(flex)]]++
		given++
	}
	// cost is the table's height, then the height of all the columns' text.
	cost := func() (t, all float64) {
		for r := range rows {
			h := 0.0
			for _, c := range flex {
				hc := at(c, steps[c])[r]
				h = max(h, hc)
				all += hc
			}
			t += h
		}
		return t, all
	}
	bestT, bestAll := cost()
	for _, move := range []int{8, 4, 2, 1} {
		for better, rounds := true, 0; better && rounds < 4*n; rounds++ {
			better = false
			for _, a := range flex {
				for _, b := range flex {
					if a == b || steps[b] < move {
						continue
					}
					steps[a], steps[b] = steps[a]+move, steps[b]-move
					t, all := cost()
					if t < bestT-0.01 || t < bestT+0.01 && all < bestAll-0.01 {
						bestT, bestAll, better = t, all, true
					} else {
						steps[a], steps[b] = steps[a]-move, steps[b]+move
					}
				}
			}
		}
	}
	for _, c := range flex {
		out[c] = lo[c] + float64(steps[c])*step
	}
	return out
}

// scaleWidths shares what fixed columns leave among the others equally
// and scales the table to the body: the layout when the fixed columns
// leave no room to follow the content.
func (d *doc) scaleWidths(cols []column, out []float64, flex []int) []float64 {
	fixed := 0.0
	for i, c := range cols {
		if c.width > 0 {
			fixed += c.width
		}
		out[i] = c.width
	}
	if len(flex) > 0 {
		share := max(d.width-fixed, 10) / float64(len(flex))
		for _, c := range flex {
			out[c] = share
		}
	}
	total := sum(out)
	for i := range out { // never wider or narrower than the body
		out[i] *= d.width / total
	}
	return out
}

// cellExtent is the narrowest a cell's text can be set (its widest word,
// up to maxWordMM, or its pill) and its width on one line per paragraph,
// without padding.
func (d *doc) cellExtent(c cell) (lo, hi float64) {
	if c.pill != nil {
		lo = d.pillWidth(c.pill.word)
		hi = lo
	}
	for _, sp := range c.paras {
		st, text := sp.st, Sanitize(sp.text)
		w := func(s string) float64 { return d.fs.width(st.face, st.size, s) }
		for line := range strings.SplitSeq(text, "\n") {
			hi = max(hi, w(line))
		}
		lo = max(lo, min(w(widestWord(text, w)), maxWordMM))
	}
	return lo, hi
}

// widestWord is the widest of the space-separated words of s.
func widestWord(s string, width func(string) float64) string {
	best, bestW := "", 0.0
	for f := range strings.FieldsSeq(s) {
		if w := width(f); w > bestW {
			best, bestW = f, w
		}
	}
	return best
}

// layoutRow wraps each cell of a row to its column and returns the lines
// of each column and their heights.
// A wide last cell is one more column of lines, across the table, whose
// height is counted under the others' (wideGap between).
func (d *doc) layoutRow(widths []float64, row []cell) ([][]lineBox, []float64) {
	n := len(widths)
	if wideCell(row) {
		n++
	}
	boxes := make([][]lineBox, n)
	heights := make([]float64, n)
	for c := range widths {
		if c < len(row) && !row[c].wide {
			boxes[c], heights[c] = d.layoutCell(row[c], widths[c]-2*cellPadX)
		}
	}
	if n > len(widths) {
		top := 0.0
		for _, h := range heights {
			top = max(top, h)
		}
		boxes[n-1], heights[n-1] = d.layoutCell(row[len(row)-1], d.width-2*cellPadX)
		heights[n-1] += top + wideGap
	}
	return boxes, heights
}

// wideGap is the space between a row's cells and its wide cell.
const wideGap = 1.2

// wideCell reports whether a row ends with a wide cell.
func wideCell(row []cell) bool { return len(row) > 0 && row[len(row)-1].wide }

// layoutCell wraps a cell to inner millimetres: its lines and their height.
func (d *doc) layoutCell(c cell, inner float64) ([]lineBox, float64) {
	var col []lineBox
	if p := c.pill; p != nil {
		col = append(col, lineBox{pill: p, h: pillH + paraGap})
	}
	for i, sp := range c.paras {
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
	return col, h
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
