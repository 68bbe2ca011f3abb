package app

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	ics "github.com/arran4/golang-ical"
)

// saveShell answers every save dialog with one path and keeps what was
// asked and opened.
type saveShell struct {
	path    string
	dialogs []SaveDialog
	opened  []string
}

func (s *saveShell) Emit(context.Context, string, ...any) {}
func (s *saveShell) SaveFile(_ context.Context, d SaveDialog) (string, error) {
	s.dialogs = append(s.dialogs, d)
	return s.path, nil
}
func (s *saveShell) OpenFile(context.Context, SaveDialog) (string, error) { return "", nil }
func (s *saveShell) OpenURL(_ context.Context, url string)                { s.opened = append(s.opened, url) }
func (s *saveShell) Quit(context.Context)                                 {}
func (s *saveShell) Notify(context.Context, Notification) error           { return nil }

// The window's three buttons save through the native dialog with the one
// exporter: a record's calendar, the filtered portfolio's calendar and its
// CSV; the toast's Open opens them; a filter the screen cannot set is refused.
func TestWindowSavesCalendarsAndCSV(t *testing.T) {
	a, recs := newTestApp(t, today)
	if _, err := a.LoadExamples(); err != nil {
		t.Fatal(err)
	}
	sh := &saveShell{}
	a.App.core.shell, a.App.core.ctx = sh, context.Background()
	rows, _ := recs.Rows()
	id := string(rows.Records[0].ID)
	dir := t.TempDir()
	live := PortfolioFilter{States: []string{"live"}}
	for _, c := range []struct {
		file, ext string
		save      func() (string, error)
		want      ExportRequest
	}{
		{"record.ics", ".ics", func() (string, error) { return a.ExportCalendar(id) }, ExportRequest{Kind: "calendar", Record: id}},
		{"portfolio.ics", ".ics", func() (string, error) { return a.ExportPortfolioCalendar(live) }, ExportRequest{Kind: "calendar", Filter: live}},
		{"portfolio.csv", ".csv", func() (string, error) { return a.ExportPortfolioCSV(live) }, ExportRequest{Kind: "portfolio", Filter: live}},
	} {
		sh.path = filepath.Join(dir, c.file)
		got, err := c.save()
		if err != nil || got != sh.path {
			t.Fatalf("%s: %q, %v", c.file, got, err)
		}
		if d := sh.dialogs[len(sh.dialogs)-1]; d.Pattern != "*"+c.ext || !strings.HasSuffix(d.DefaultFilename, c.ext) {
			t.Errorf("%s: dialog %+v", c.file, d)
		}
		b, _ := os.ReadFile(got)
		want, err := recs.RenderBytes(c.want)
		if err != nil || !bytes.Equal(b, want) {
			t.Errorf("%s is not what the command line writes: %v", c.file, err)
		}
		if c.ext == ".ics" {
			if _, err := ics.ParseCalendar(bytes.NewReader(b)); err != nil {
				t.Errorf("%s: %v", c.file, err)
			}
		}
		if err := a.OpenExport(got, false); err != nil {
			t.Errorf("opening %s: %v", got, err)
		}
	}
	if len(sh.opened) != 3 {
		t.Errorf("opened %v", sh.opened)
	}
	if _, err := a.ExportPortfolioCSV(PortfolioFilter{Tier: "platinum"}); err == nil {
		t.Error("a tier the screen cannot set was exported")
	}
	sh.path = filepath.Join(recs.db.Dir(), "p.csv")
	if _, err := a.ExportPortfolioCSV(PortfolioFilter{}); err == nil || !strings.Contains(err.Error(), "data directory") {
		t.Errorf("into the data directory: %v", err)
	}
}
