// Package reports renders records for people outside the app: the PDF
// readiness pack (pack.go), handover pack (handover.go) and ceremony
// reports (ceremony.go), and a Markdown page (markdown.go). Renderers take
// domain values and write to an io.Writer; they never read the store or
// the clock, and nothing reaches the writer unless the whole document
// rendered.
//
// PDFs are drawn with codeberg.org/go-pdf/fpdf, which no other package
// imports. This package lays text out itself and uses fpdf only to draw:
//
//   - fonts.go, ttf.go: DejaVu Sans (regular, bold, oblique; fonts/, with
//     its licence) is embedded and read once per process: which runes each
//     face has (the TrueType cmap, formats 4 and 12) and their advance
//     widths (hmtx), the metrics every measurement uses.
//   - sanitize.go, rtl.go: every string drawn passes Sanitize. Characters
//     the font lacks (emoji, CJK) become a visible □, control and invisible
//     formatting characters are dropped, Arabic takes its joined forms, and
//     right-to-left runs are put in visual order: fpdf crashes on runes it
//     has no glyph for and has no shaping or bidi of its own.
//   - wrap.go: line breaking with the cached widths.
//   - layout.go, table.go, chart.go, style.go: pages with a running header
//     and "Page N of M" footer, headings that are bookmarks and link
//     targets, tables whose cells wrap and whose rows flow across pages
//     under a repeated header, pills that carry a word as well as a colour,
//     bar charts; one palette and type scale.
//
// Output is deterministic: the same record and options give byte-identical
// files (fixed creation dates from PackOptions.Now, a sorted catalogue, no
// map order in the output); testdata/pack.sha256 holds golden hashes
// (go test ./reports -run Golden -update). Tests read the PDFs back with
// pdftotext, pdfinfo and qpdf, and TestPackPNGs renders pages to
// build/out/reports for a person to look at.
package reports
