// Package reports renders records for people outside the app: the PDF
// readiness pack (pack.go, its executive summary in summary.go), handover
// pack (handover.go) and ceremony reports (ceremony.go), and a Markdown
// page (markdown.go). Renderers take domain values and write to an
// io.Writer; they never read the store or the clock, and nothing reaches
// the writer unless the whole document rendered.
//
// Where a record stands is the domain's to say, never the reports': the
// RAG and why, the go-live shown (the actual date once there is one), the
// flags, the decision, hypercare's health and the commitments come from
// readiness.StandingOf, risks are ranked by readiness.RankRisks, and an
// action's state is readiness.Action.State. The reports choose only what
// to show first: readiness before go-live, hypercare while live, the
// outcome after; the handover pack's first page is for whoever is called
// at night (warnings, escalation order, rollback).
//
// PDFs are drawn with codeberg.org/go-pdf/fpdf, which no other package
// imports. This package lays text out itself and uses fpdf only to draw:
//
//   - fonts.go, ttf.go: DejaVu Sans (regular, bold, oblique) is embedded
//     and read once per process: which runes each face has (the TrueType
//     cmap, formats 4 and 12) and their advance widths (hmtx), the metrics
//     every measurement uses. Two fallback fonts are embedded compressed
//     and read the first time a text needs them: Droid Sans Fallback for
//     Chinese, Japanese and Korean, Symbola for emoji (monochrome) and
//     symbols. A run of text DejaVu cannot draw is drawn in the first that
//     can. fpdf reads only BMP character maps, so a fallback font's
//     characters above U+FFFF (emoji) are given codes in the Private Use
//     Area, in a character map of our making. The fonts' licences are in
//     fonts/.
//   - sanitize.go, rtl.go: every string drawn passes Sanitize. Characters
//     no embedded font has become a visible □, control and invisible
//     formatting characters are dropped, Arabic takes its joined forms, and
//     right-to-left runs are put in visual order, each line in its
//     paragraph's direction: fpdf crashes on runes it has no glyph for and
//     has no shaping or bidi of its own.
//   - wrap.go: line breaking with the cached widths.
//   - layout.go, table.go, chart.go, actions.go, style.go: pages with a
//     running header and "Page N of M" footer, a cover band or a short
//     header band, headings that are bookmarks and link targets (kept with
//     the table under them), callouts for what must not be missed, tables
//     whose cells wrap, whose columns follow their content (fitColumns: the
//     widths that make the table shortest, as a browser would give long
//     notes the width) and whose rows flow across pages under a repeated
//     header, never leaving one row of a table alone on a page (an item's
//     long notes run across the table under its row), the actions table,
//     pills that carry a word as well as a colour, bar charts; one palette
//     and type scale.
//   - pagination.go: the layout's own account of what each page holds, so
//     the tests can check that no page ends with a heading or holds a lone
//     table row.
//   - pdffinish.go, lang.go: what fpdf cannot be told is written into its
//     output: text mappings (/ToUnicode) that take shaped Arabic and emoji
//     codes back to the characters typed, so the PDF copies and searches
//     as typed; subset tags on font names; DisplayDocTitle; and /Lang,
//     read from the script most of the text is in (a record has no
//     language of its own).
//
// Output is deterministic: the same record and options give byte-identical
// files (fixed creation dates from PackOptions.Now — the command line's
// --date or $SOURCE_DATE_EPOCH — a sorted catalogue, no
// map order in the output); testdata/pack.sha256 holds golden hashes of
// readiness packs, handover packs and ceremony reports (go test ./reports
// -run Golden -update). Tests read the PDFs back with pdftotext, pdfinfo,
// pdffonts, qpdf and pdf.js (testdata/pdfjs); TestPackPNGs renders the fixtures' pages to build/out/reports
// and TestDemoReportsRender every demo record's reports to
// build/out/reports/demo for a person to look at.
package reports
