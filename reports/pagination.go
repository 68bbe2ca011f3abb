package reports

// The layout's own account of what each page holds, for the checks that
// no page ends with a heading and no page holds a lone row of a table that
// flows across pages (pagelayout_test.go). doc keeps it as it lays out:
// a few numbers per heading and table row.

// tally is a document's page accounting.
type tally struct {
	tables int
	rows   []rowMark
	// The last heading drawn: its page and the cursor under it. A page
	// that ends with the cursor still there ended with the heading.
	headingPage int
	headingY    float64
	// Pages that ended right under a heading.
	headingEnds []int
}

// rowMark is a table row, or the part of a tall row, drawn on a page.
type rowMark struct {
	page, table int
	part        bool // one part of a row taller than a third of a page
}

// table numbers a new table.
func (t *tally) table() int { t.tables++; return t.tables }

func (t *tally) row(page, table int, part bool) {
	t.rows = append(t.rows, rowMark{page, table, part})
}

func (t *tally) heading(page int, y float64) { t.headingPage, t.headingY = page, y }

// pageEnds notes a page ending with the cursor at y.
func (t *tally) pageEnds(page int, y float64) {
	if page > 0 && page == t.headingPage && y <= t.headingY+0.01 {
		t.headingEnds = append(t.headingEnds, page)
	}
}

// tallyReceiver is a writer that is also given the document's page
// accounting once it has rendered (the tests' writer).
type tallyReceiver interface{ receiveTally(tally) }
