package cli

import (
	"bytes"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"readyroom/app"
	"readyroom/readiness"
)

func runCLI(t *testing.T, args ...string) (int, string, string) {
	t.Helper()
	var out, errb bytes.Buffer
	cmd, err := Parse(args)
	if err != nil {
		return ExitCode(err), "", err.Error()
	}
	code := Run(cmd, &out, &errb, "1.2.3")
	return code, out.String(), errb.String()
}

func TestCommands(t *testing.T) {
	data := t.TempDir()
	cases := []struct {
		name   string
		args   []string
		code   int
		stdout string
		stderr string
	}{
		{"version", []string{"version"}, 0, "readyroom 1.2.3", ""},
		{"help", []string{"help"}, 0, "readyroom demo", ""},
		{"unknown command", []string{"frobnicate"}, 2, "", "unknown command"},
		{"unknown flag", []string{"demo", "--nope"}, 2, "", "flag provided but not defined"},
		{"template without name", []string{"template", "show"}, 2, "", "template show gold|silver"},
		{"unknown template", []string{"template", "show", "bronze", "--json"}, 2, "", `no template "bronze"`},
		{"template text", []string{"template", "show", "silver"}, 0, "Silver template", ""},
		{"demo", []string{"demo", "--data", data}, 0, "added 4 example records", ""},
		{"demo on a file", []string{"demo", "--data", filepath.Join(data, "readyroom.db")}, 1, "", "is a file, not a folder"},
		{"stats", []string{"stats", "--data", data}, 0, "KB a record", ""},
		{"stats as JSON", []string{"stats", "--data", data, "--json"}, 0, `"name": "changes"`, ""},
		{"stats of nothing", []string{"stats", "--data", filepath.Join(data, "none")}, 1, "", "no Ready Room database"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			code, out, errs := runCLI(t, c.args...)
			if code != c.code || !strings.Contains(out, c.stdout) || !strings.Contains(errs, c.stderr) {
				t.Fatalf("exit %d, stdout %q, stderr %q; want %d, %q, %q", code, out, errs, c.code, c.stdout, c.stderr)
			}
		})
	}
}

func TestTemplateShowJSONRoundTrips(t *testing.T) {
	for _, name := range []string{"gold", "silver"} {
		code, out, errs := runCLI(t, "template", "show", name, "--json")
		if code != 0 {
			t.Fatalf("exit %d: %s", code, errs)
		}
		tpl, err := readiness.ParseTemplate([]byte(out))
		if err != nil {
			t.Fatalf("%s: printed JSON is not a template: %v", name, err)
		}
		want, _ := readiness.TemplateByID(name)
		if tpl.ItemCount() != want.ItemCount() || tpl.Base != "" {
			t.Fatalf("%s: %d items, base %q", name, tpl.ItemCount(), tpl.Base)
		}
	}
}

func TestDataDirFromEnvironment(t *testing.T) {
	dir := t.TempDir()
	t.Setenv(EnvData, dir)
	cmd, err := Parse([]string{"demo"})
	if err != nil || cmd.DataDir != dir {
		t.Fatalf("Parse = %+v, %v", cmd, err)
	}
	cmd, _ = Parse([]string{"--data", "rel"})
	wd, _ := os.Getwd()
	if cmd.Name != "desktop" || cmd.DataDir != filepath.Join(wd, "rel") {
		t.Fatalf("desktop with --data: %+v", cmd)
	}
}

func TestListAndExportMarkdown(t *testing.T) {
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
		Title      string `json:"title"`
		Ceremonies []struct {
			ID    string `json:"id"`
			Title string `json:"title"`
		} `json:"ceremonies"`
	}
	if err := json.Unmarshal([]byte(out), &ls); err != nil || len(ls) != 4 {
		t.Fatalf("list --json: %v %s", err, out)
	}
	withCeremonies := 0
	for _, l := range ls {
		if len(l.Ceremonies) > 0 && l.Ceremonies[0].ID != "" {
			withCeremonies++
		}
	}
	if withCeremonies != 2 {
		t.Fatalf("%d records list ceremonies, want 2", withCeremonies)
	}
	file := filepath.Join(t.TempDir(), "page.md")
	if code, _, errs := runCLI(t, "export", "markdown", "--record", ls[0].ID, "--out", file, "--data", data); code != 0 {
		t.Fatal(errs)
	}
	b, err := os.ReadFile(file)
	if err != nil || !strings.Contains(string(b), ls[0].Title) {
		t.Fatalf("exported page: %v", err)
	}
	pdf := filepath.Join(t.TempDir(), "pack.pdf")
	if code, _, errs := runCLI(t, "export", "pack", "--record", ls[0].ID, "--out", pdf, "--data", data, "--paper", "letter"); code != 0 {
		t.Fatal(errs)
	}
	if b, err := os.ReadFile(pdf); err != nil || !strings.HasPrefix(string(b), "%PDF-") {
		t.Fatalf("exported pack: %v", err)
	}
	var cer string
	for _, l := range ls {
		if len(l.Ceremonies) > 0 {
			cer = l.Ceremonies[0].ID
		}
	}
	for _, args := range [][]string{
		{"export", "handover", "--record", ls[0].ID, "--out", pdf, "--data", data},
		{"export", "ceremony", "--ceremony", cer, "--out", pdf, "--data", data},
	} {
		os.Remove(pdf)
		if code, _, errs := runCLI(t, args...); code != 0 {
			t.Fatalf("%v: %s", args, errs)
		}
		if b, err := os.ReadFile(pdf); err != nil || !strings.HasPrefix(string(b), "%PDF-") {
			t.Fatalf("%v: %v", args, err)
		}
	}
	cases := []struct {
		args []string
		code int
		msg  string
	}{
		{[]string{"export", "markdown", "--out", file, "--data", data}, 2, "needs --record ID"},
		{[]string{"export", "ceremony", "--out", file, "--data", data}, 2, "needs --ceremony ID"},
		{[]string{"export", "ceremony", "--ceremony", "01JD0000000000000000000000", "--out", file, "--data", data}, 1, "not found"},
		{[]string{"export", "markdown", "--record", "01JD0000000000000000000000", "--out", file, "--data", data}, 1, "not found"},
		{[]string{"export", "markdown", "--record", ls[0].ID, "--out", "/proc/nope/page.md", "--data", data}, 1, "cannot write to /proc/nope/page.md: the folder /proc/nope does not exist"},
		{[]string{"export", "poster", "--record", ls[0].ID, "--out", file}, 2, "export pack|handover|markdown"},
		{[]string{"export", "pack", "--record", ls[0].ID, "--out", file, "--paper", "a3"}, 2, "not a4 or letter"},
	}
	for _, c := range cases {
		code, _, errs := runCLI(t, c.args...)
		if code != c.code || !strings.Contains(errs, c.msg) {
			t.Errorf("%v: exit %d %q, want %d %q", c.args, code, errs, c.code, c.msg)
		}
	}
}

// Reading commands neither read nor make a device identity they do not
// need: list makes none, and peers, in a folder that has none yet, says so
// and makes none either.
func TestReadingCommandsMakeNoIdentity(t *testing.T) {
	data, _ := demoData(t) // demo, then list
	if code, _, errs := runCLI(t, "peers", "--data", data); code != 1 || !strings.Contains(errs, "no device identity yet") {
		t.Fatalf("peers in a folder without an identity: exit %d, %q", code, errs)
	}
	for _, f := range []string{"device-key.pem", "device-cert.pem"} {
		if _, err := os.Stat(filepath.Join(data, f)); err == nil {
			t.Errorf("a reading command made %s", f)
		}
	}
}

// list --json writes record by record what encoding the whole list writes.
func TestListJSONIsTheWholeListEncoded(t *testing.T) {
	for _, n := range []int{0, 1, 3} {
		ls := make([]app.Listing, n)
		for i := range ls {
			ls[i] = app.Listing{ID: readiness.RecordID(fmt.Sprintf("01JD00000000000000000000%02d", i)), Title: "<Release> \u2028 \"one\"",
				Ceremonies: []app.CeremonyListing{{ID: "01JD0000000000000000000099", Title: "Go/no-go, 2026-12-01"}}}
		}
		var got, want bytes.Buffer
		if err := printList(ls, &got, true); err != nil {
			t.Fatal(err)
		}
		enc := json.NewEncoder(&want)
		enc.SetIndent("", "  ")
		enc.Encode(ls)
		if got.String() != want.String() {
			t.Fatalf("%d records:\n%s\nwant\n%s", n, got.String(), want.String())
		}
	}
}
