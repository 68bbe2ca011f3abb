package app

import (
	"fmt"
	"io"
	"net/url"
	"os"
	"path/filepath"
	"regexp"
	"strings"

	"readyroom/readiness"
	"readyroom/reports"
)

var unsafeName = regexp.MustCompile(`[^A-Za-z0-9._-]+`)

// fileName makes a file name from a record's service and title.
func fileName(parts ...string) string {
	name := strings.Trim(unsafeName.ReplaceAllString(strings.Join(parts, "-"), "-"), "-")
	if len(name) > 80 {
		name = name[:80]
	}
	if name == "" {
		name = "readiness"
	}
	return name
}

// ExportMarkdown asks where to save the record as a Markdown page (a native
// save dialog) and writes it there. It returns the path, or "" when the
// dialog was cancelled.
func (a *ExportService) ExportMarkdown(id string) (string, error) {
	return a.export(ExportRequest{Kind: "markdown", Record: id}, "Export readiness page as Markdown", "", ".md", "Markdown (*.md)")
}

// ExportPack asks where to save the record's PDF readiness pack (a native
// save dialog) and renders it there. It returns the path, or "" when the
// dialog was cancelled.
func (a *ExportService) ExportPack(id string, paper string) (string, error) {
	if _, err := reports.ParsePaper(paper); err != nil {
		return "", err
	}
	return a.export(ExportRequest{Kind: "pack", Record: id, Paper: paper}, "Export readiness pack", "readiness-pack", ".pdf", "PDF (*.pdf)")
}

// ExportHandover saves the record's handover pack, ordered for whoever is
// called at 3 a.m.
func (a *ExportService) ExportHandover(id string) (string, error) {
	return a.export(ExportRequest{Kind: "handover", Record: id}, "Export handover pack", "handover-pack", ".pdf", "PDF (*.pdf)")
}

// ExportCeremony saves one ceremony's report, with the record as it stood then.
func (a *ExportService) ExportCeremony(id, ceremonyID string) (string, error) {
	cid, err := readiness.ParseEntityID(ceremonyID)
	if err != nil {
		return "", err
	}
	return a.export(ExportRequest{Kind: "ceremony", Record: id, Ceremony: string(cid)}, "Export ceremony report", "ceremony-"+string(cid)[20:], ".pdf", "PDF (*.pdf)")
}

// export asks where to save (a native dialog) and renders there with the
// one exporter; "" when the dialog was cancelled.
func (a *core) export(req ExportRequest, title, suffix, ext, filter string) (string, error) {
	if a.records == nil {
		return "", a.unopened()
	}
	v, err := a.records.Get(req.Record)
	if err != nil {
		return "", err
	}
	ctx := a.context()
	if ctx == nil || a.shell == nil {
		return "", fmt.Errorf("saving needs the desktop window")
	}
	name := fileName(v.Record.Service, v.Record.Title)
	if suffix != "" {
		name = fileName(v.Record.Service, v.Record.Title, suffix)
	}
	path, err := a.shell.SaveFile(ctx, SaveDialog{Title: title, DefaultFilename: name + ext, FilterName: filter, Pattern: "*" + ext})
	if err != nil || path == "" {
		return "", err
	}
	return path, WriteOutput(a.dataDir, path, func(w io.Writer) error { return a.records.Render(w, req) })
}

// OpenExport opens a file Ready Room exported (a .pdf, .md, .json, .ics or .csv that exists),
// or with folder set, the folder that holds it, in the desktop's default
// application.
func (a *ExportService) OpenExport(path string, folder bool) error {
	clean := filepath.Clean(path)
	ext := strings.ToLower(filepath.Ext(clean))
	fi, err := os.Stat(clean)
	if err != nil || !fi.Mode().IsRegular() || !filepath.IsAbs(clean) || (ext != ".pdf" && ext != ".md" && ext != ".json" && ext != ".ics" && ext != ".csv") {
		return fmt.Errorf("%s is not an exported file", path)
	}
	ctx := a.context()
	if ctx == nil || a.shell == nil {
		return fmt.Errorf("opening files needs the desktop window")
	}
	if folder {
		clean = filepath.Dir(clean)
	}
	a.shell.OpenURL(ctx, (&url.URL{Scheme: "file", Path: clean}).String())
	return nil
}
