package app

import (
	"bytes"
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// TestExportDateGivesTheSameBytes exports each dated document twice in
// processes of their own, a second or more apart, with the same --date:
// the files are byte-identical (the PDF's creation date and the
// "Generated" line come from --date, not the clock). $SOURCE_DATE_EPOCH
// stands in for --date, and another date gives another file.
func TestExportDateGivesTheSameBytes(t *testing.T) {
	data := t.TempDir()
	if code, _, errs := runCLI(t, "demo", "--data", data); code != 0 {
		t.Fatal(errs)
	}
	code, out, errs := runCLI(t, "list", "--data", data, "--json")
	if code != 0 {
		t.Fatal(errs)
	}
	var ls []struct {
		ID         string `json:"id"`
		Ceremonies []struct {
			ID string `json:"id"`
		} `json:"ceremonies"`
	}
	if err := json.Unmarshal([]byte(out), &ls); err != nil {
		t.Fatal(err)
	}
	rec, cer := ls[0].ID, ""
	for _, l := range ls {
		if len(l.Ceremonies) > 0 {
			rec, cer = l.ID, l.Ceremonies[0].ID
		}
	}
	dir := t.TempDir()
	export := func(t *testing.T, kind, name string, env []string, extra ...string) []byte {
		t.Helper()
		file := filepath.Join(dir, name)
		args := append([]string{"export", kind, "--record", rec, "--out", file, "--data", data}, extra...)
		if kind == "ceremony" {
			args = append(args, "--ceremony", cer)
		}
		cmd := childCommand(args, env...)
		var stderr bytes.Buffer
		cmd.Stderr = &stderr
		if err := cmd.Run(); err != nil {
			t.Fatalf("%v: %v: %s", args, err, stderr.String())
		}
		b, err := os.ReadFile(file)
		if err != nil {
			t.Fatal(err)
		}
		return b
	}
	nextSecond := func() {
		time.Sleep(time.Until(time.Now().Truncate(time.Second).Add(time.Second + 50*time.Millisecond)))
	}
	for _, kind := range []string{"pack", "handover", "ceremony", "markdown", "calendar"} {
		t.Run(kind, func(t *testing.T) {
			first := export(t, kind, kind+"-1", nil, "--date", "2026-11-20")
			nextSecond()
			again := export(t, kind, kind+"-2", nil, "--date", "2026-11-20")
			if !bytes.Equal(first, again) {
				t.Fatalf("two exports with --date 2026-11-20 differ (%d and %d bytes)", len(first), len(again))
			}
			// 1795132800 is 2026-11-20 00:00 UTC.
			if env := export(t, kind, kind+"-env", []string{EnvSourceDateEpoch + "=1795132800"}); !bytes.Equal(first, env) {
				t.Fatalf("$%s=1795132800 gives other bytes than --date 2026-11-20", EnvSourceDateEpoch)
			}
			if kind == "calendar" {
				return // its stamps are the records' last changes: no date in it moves
			}
			if later := export(t, kind, kind+"-later", nil, "--date", "2026-11-27T15:30"); bytes.Equal(first, later) {
				t.Fatal("exports a week apart are the same bytes: --date did nothing")
			}
		})
	}
	// What the date says in the PDF: its creation date and footer.
	if _, err := exec.LookPath("pdfinfo"); err == nil {
		pdf := filepath.Join(dir, "pack-later")
		info, err := exec.Command("pdfinfo", "-isodates", pdf).Output()
		if err != nil || !strings.Contains(string(info), "2026-11-27T15:30:00Z") {
			t.Errorf("pdfinfo of the pack with --date 2026-11-27T15:30: %v\n%s", err, info)
		}
		text, err := exec.Command("pdftotext", pdf, "-").Output()
		if err != nil || !strings.Contains(string(text), "Generated 27 Nov 2026 15:30 UTC") {
			t.Errorf("the pack's footer does not say when it was generated as --date said: %v", err)
		}
	}
}

func TestExportDateIsChecked(t *testing.T) {
	file := filepath.Join(t.TempDir(), "out")
	rec := "01JD0000000000000000000000"
	for _, c := range []struct {
		args []string
		env  string
		want string
	}{
		{[]string{"export", "pack", "--record", rec, "--out", file, "--date", "22/11/2026"}, "", "--date \"22/11/2026\" is not YYYY-MM-DD"},
		{[]string{"export", "pack", "--record", rec, "--out", file, "--date", "2026-02-30"}, "", "is not YYYY-MM-DD"},
		// Given empty, --date is malformed, not the clock.
		{[]string{"export", "pack", "--record", rec, "--out", file, "--date", ""}, "", `--date "" is not YYYY-MM-DD`},
		{[]string{"export", "handover", "--record", rec, "--out", file, "--date= "}, "1795132800", `--date "" is not YYYY-MM-DD`},
		{[]string{"export", "json", "--all", "--out", file, "--date", ""}, "", "export json is not as of a date"},
		{[]string{"export", "markdown", "--record", rec, "--out", file}, "1.5", `$SOURCE_DATE_EPOCH="1.5" is not a number of seconds`},
		{[]string{"export", "markdown", "--record", rec, "--out", file}, "-1", "is not a number of seconds"},
		{[]string{"export", "json", "--all", "--out", file, "--date", "2026-11-22"}, "", "export json is not as of a date"},
		{[]string{"export", "portfolio", "--out", file, "--date", "2026-11-22"}, "", "export portfolio is not as of a date"},
	} {
		t.Setenv(EnvSourceDateEpoch, c.env)
		if _, err := Parse(c.args); ExitCode(err) != 2 || !strings.Contains(err.Error(), c.want) {
			t.Errorf("%v with $%s=%q: %v, want bad usage saying %q", c.args, EnvSourceDateEpoch, c.env, err, c.want)
		}
	}
	// Set empty, the variable is as if unset (the specification leaves an
	// empty value to the tool, as a missing one): the export is as of now.
	t.Setenv(EnvSourceDateEpoch, "")
	if cmd, err := Parse([]string{"export", "pack", "--record", rec, "--out", file}); err != nil || !cmd.At.IsZero() {
		t.Errorf("export pack with $%s empty: %v, at %v", EnvSourceDateEpoch, err, cmd.At)
	}
	// The variable is for what is dated; an archive is made as ever.
	t.Setenv(EnvSourceDateEpoch, "1795132800")
	if cmd, err := Parse([]string{"export", "json", "--all", "--out", file}); err != nil || !cmd.At.IsZero() {
		t.Errorf("export json with $%s set: %v, at %v", EnvSourceDateEpoch, err, cmd.At)
	}
	for arg, want := range map[string]time.Time{
		"2026-11-22":                time.Date(2026, 11, 22, 0, 0, 0, 0, time.UTC),
		"2026-11-22T09:05":          time.Date(2026, 11, 22, 9, 5, 0, 0, time.UTC),
		"2026-11-22T09:05:07+01:00": time.Date(2026, 11, 22, 8, 5, 7, 0, time.UTC),
	} {
		cmd, err := Parse([]string{"export", "pack", "--record", rec, "--out", file, "--date", arg})
		if err != nil || !cmd.At.Equal(want) {
			t.Errorf("--date %s: %v, at %v, want %v", arg, err, cmd.At, want)
		}
	}
	// The date reaches a running instance through its control socket.
	b, _ := json.Marshal(ExportRequest{Kind: "pack", At: time.Date(2026, 11, 22, 9, 5, 0, 0, time.UTC)})
	var req ExportRequest
	if err := json.Unmarshal(b, &req); err != nil || !req.At.Equal(time.Date(2026, 11, 22, 9, 5, 0, 0, time.UTC)) {
		t.Errorf("ExportRequest through JSON: %s → %v, %v", b, req.At, err)
	}
	if b, _ := json.Marshal(ExportRequest{Kind: "pack"}); strings.Contains(string(b), `"at"`) {
		t.Errorf("an undated request names a time: %s", b)
	}
}
