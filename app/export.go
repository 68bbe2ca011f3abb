package app

import (
	"fmt"
	"io"
	"net/url"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"time"

	"github.com/wailsapp/wails/v2/pkg/runtime"

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
func (a *App) ExportMarkdown(id string) (string, error) {
	v, err := a.records.Get(id)
	if err != nil {
		return "", err
	}
	if a.ctx == nil {
		return "", fmt.Errorf("saving needs the desktop window")
	}
	path, err := runtime.SaveFileDialog(a.ctx, runtime.SaveDialogOptions{
		Title:           "Export readiness page as Markdown",
		DefaultFilename: fileName(v.Record.Service, v.Record.Title) + ".md",
		Filters:         []runtime.FileFilter{{DisplayName: "Markdown (*.md)", Pattern: "*.md"}},
	})
	if err != nil || path == "" {
		return "", err
	}
	return path, WriteOutput(a.dataDir, path, func(w io.Writer) error { return reports.Markdown(w, &v.Record, time.Now()) })
}

// ExportPack asks where to save the record's PDF readiness pack (a native
// save dialog) and renders it there. It returns the path, or "" when the
// dialog was cancelled.
func (a *App) ExportPack(id string, paper string) (string, error) {
	p, err := reports.ParsePaper(paper)
	if err != nil {
		return "", err
	}
	history, err := a.records.History(id)
	if err != nil {
		return "", err
	}
	return a.exportPDF(id, "Export readiness pack", "readiness-pack", func(w io.Writer, v RecordView) error {
		return reports.ReadinessPack(w, &v.Record, history, reports.PackOptions{Paper: p, Now: time.Now(), Author: a.records.Author()})
	})
}

// ExportHandover saves the record's handover pack, ordered for whoever is
// called at 3 a.m.
func (a *App) ExportHandover(id string) (string, error) {
	return a.exportPDF(id, "Export handover pack", "handover-pack", func(w io.Writer, v RecordView) error {
		return reports.HandoverPack(w, &v.Record, reports.PackOptions{Now: time.Now(), Author: a.records.Author()})
	})
}

// ExportCeremony saves one ceremony's report, with the record as it stood then.
func (a *App) ExportCeremony(id, ceremonyID string) (string, error) {
	cid, err := readiness.ParseEntityID(ceremonyID)
	if err != nil {
		return "", err
	}
	return a.exportPDF(id, "Export ceremony report", "ceremony-"+string(cid)[20:], func(w io.Writer, v RecordView) error {
		return reports.CeremonyReport(w, &v.Record, cid, reports.PackOptions{Now: time.Now(), Author: a.records.Author()})
	})
}

// exportPDF asks where to save (a native dialog) and renders there; "" when
// the dialog was cancelled.
func (a *App) exportPDF(id, title, suffix string, render func(io.Writer, RecordView) error) (string, error) {
	v, err := a.records.Get(id)
	if err != nil {
		return "", err
	}
	if a.ctx == nil {
		return "", fmt.Errorf("saving needs the desktop window")
	}
	path, err := runtime.SaveFileDialog(a.ctx, runtime.SaveDialogOptions{
		Title:           title,
		DefaultFilename: fileName(v.Record.Service, v.Record.Title, suffix) + ".pdf",
		Filters:         []runtime.FileFilter{{DisplayName: "PDF (*.pdf)", Pattern: "*.pdf"}},
	})
	if err != nil || path == "" {
		return "", err
	}
	return path, WriteOutput(a.dataDir, path, func(w io.Writer) error { return render(w, v) })
}

// OpenExport opens a file Ready Room exported (a .pdf or .md that exists),
// or with folder set, the folder that holds it, in the desktop's default
// application.
func (a *App) OpenExport(path string, folder bool) error {
	clean := filepath.Clean(path)
	ext := strings.ToLower(filepath.Ext(clean))
	fi, err := os.Stat(clean)
	if err != nil || !fi.Mode().IsRegular() || !filepath.IsAbs(clean) || (ext != ".pdf" && ext != ".md") {
		return fmt.Errorf("%s is not an exported file", path)
	}
	if a.ctx == nil {
		return fmt.Errorf("opening files needs the desktop window")
	}
	if folder {
		clean = filepath.Dir(clean)
	}
	runtime.BrowserOpenURL(a.ctx, (&url.URL{Scheme: "file", Path: clean}).String())
	return nil
}
