package app

import (
	"fmt"
	"io"
)

// ExportCalendar asks where to save a record's calendar — its go-live,
// planned ceremonies and hypercare window as iCalendar events — and writes
// it there; "" when the dialog was cancelled.
func (a *ExportService) ExportCalendar(id string) (string, error) {
	return a.export(ExportRequest{Kind: "calendar", Record: id}, "Add to calendar", "calendar", ".ics", "iCalendar (*.ics)")
}

// ExportPortfolioCalendar saves the calendar of the records the portfolio
// shows under its filters (every record with none).
func (a *ExportService) ExportPortfolioCalendar(f PortfolioFilter) (string, error) {
	return a.exportList(ExportRequest{Kind: "calendar", Filter: f}, "Export the portfolio's calendar", "readyroom-portfolio.ics", "iCalendar (*.ics)")
}

// ExportPortfolioCSV saves the portfolio as its filters show it, as CSV.
func (a *ExportService) ExportPortfolioCSV(f PortfolioFilter) (string, error) {
	return a.exportList(ExportRequest{Kind: "portfolio", Format: "csv", Filter: f}, "Export the portfolio as CSV", "readyroom-portfolio.csv", "CSV (*.csv)")
}

// exportList asks where to save an export of many records and renders it
// there with the one exporter; "" when the dialog was cancelled.
func (a *core) exportList(req ExportRequest, title, name, filter string) (string, error) {
	if a.records == nil {
		return "", a.unopened()
	}
	if err := req.Filter.Check(); err != nil {
		return "", err
	}
	ctx := a.context()
	if ctx == nil || a.shell == nil {
		return "", fmt.Errorf("saving needs the desktop window")
	}
	ext := name[len(name)-4:]
	path, err := a.shell.SaveFile(ctx, SaveDialog{Title: title, DefaultFilename: name, FilterName: filter, Pattern: "*" + ext})
	if err != nil || path == "" {
		return "", err
	}
	return path, WriteOutput(a.dataDir, path, func(w io.Writer) error { return a.records.Render(w, req) })
}
