// Package reports renders records for people outside the app: PDF readiness
// packs (pack.go) with codeberg.org/go-pdf/fpdf — the only package that
// imports it — and Markdown pages (markdown.go). Renderers take domain values
// and write to an io.Writer; they never read the store.
//
// PDFs embed DejaVu Sans (fonts/, with its licence) and pass every string
// through Sanitize, so text the font cannot draw shows as □ instead of
// crashing the renderer. Output is deterministic: the same record and
// options give byte-identical files (fixed dates, sorted catalogue).
package reports
