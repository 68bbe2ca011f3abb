package reports

import (
	"fmt"
	"strings"
)

// bar is one bar of a horizontal bar chart: a label, a share from 0 to 100
// and a rating that colours the bar and is written beside it.
type bar struct {
	label   string
	percent int
	tone    tone
	word    string
}

// barChart draws labelled horizontal bars with a 0–100% scale, kept on one
// page. The percentage and the rating's word are printed by every bar.
func (d *doc) barChart(bars []bar) {
	const pitch, barH, labelW, valueW = 7.0, 4.2, 64.0, 28.0
	h := float64(len(bars))*pitch + 8
	d.need(h)
	x0 := d.left + labelW
	w := d.width - labelW - valueW
	top := d.y
	// Scale: light rules at every quarter, labelled below.
	for q := 0; q <= 4; q++ {
		x := x0 + w*float64(q)/4
		d.setDraw(cRule)
		d.setLineWidth(0.15)
		d.f.Line(x, top, x, top+float64(len(bars))*pitch)
		d.textAt(x, top+float64(len(bars))*pitch+0.5, fmt.Sprintf("%d%%", q*25), stCellMuted, alignCenter, 0)
	}
	for i, b := range bars {
		y := top + float64(i)*pitch
		label := d.fs.fit(stCell.face, stCell.size, labelW-3, Sanitize(b.label))
		d.textAt(d.left, y+(pitch-stCell.leading())/2, label, stCell, alignLeft, 0)
		by := y + (pitch-barH)/2
		d.rect(x0, by, w, barH, cTrack)
		if p := min(max(b.percent, 0), 100); p > 0 {
			d.rect(x0, by, w*float64(p)/100, barH, tones[b.tone][1])
		}
		st := stCellBold
		st.color = tones[b.tone][1]
		d.textAt(x0+w+3, y+(pitch-st.leading())/2, fmt.Sprintf("%d%%  %s", b.percent, strings.ToUpper(b.word)), st, alignLeft, 0)
	}
	d.y = top + h
}

// tile is a figure with its label, for the summary's first row.
type tile struct {
	value, label string
	tone         tone
}

// tiles draws figures side by side in tinted boxes.
func (d *doc) tiles(ts []tile) {
	const h, gap = 19.0, 3.0
	d.need(h + 2)
	w := (d.width - gap*float64(len(ts)-1)) / float64(len(ts))
	for i, t := range ts {
		x := d.left + float64(i)*(w+gap)
		c := tones[t.tone]
		d.roundRect(x, d.y, w, h, 1.6, c[0])
		d.rect(x, d.y, 1.4, h, c[1]) // a coloured edge
		st := stTileNumber
		st.color = c[1]
		value := Sanitize(t.value)
		for st.size > 9 && d.fs.width(st.face, st.size, value) > w-7 {
			st.size-- // a long figure shrinks to fit its tile
		}
		d.textAt(x+5, d.y+2.2+(stTileNumber.leading()-st.leading())/2, value, st, alignLeft, 0)
		lbl := stLabel
		d.textAt(x+5, d.y+h-lbl.leading()-2.2, d.fs.fit(lbl.face, lbl.size, w-7, strings.ToUpper(Sanitize(t.label))), lbl, alignLeft, 0)
	}
	d.y += h + 4
}
