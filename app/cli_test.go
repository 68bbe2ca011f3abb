package app

import (
	"bytes"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

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
		{"another command's flag", []string{"list", "--paper", "letter", "--data", data}, 2, "", "list does not take --paper"},
		{"another export's flag", []string{"export", "json", "--all", "--out", filepath.Join(data, "x.json"), "--paper", "letter", "--data", data}, 2, "", "export json does not take --paper"},
		{"template without name", []string{"template", "show"}, 2, "", "template show NAME[@VERSION|@draft]"},
		{"unknown template", []string{"template", "show", "bronze", "--json"}, 1, "", `template bronze: not found`},
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
		GoLive     string `json:"goLive"`
		Planned    string `json:"goLivePlanned"`
		WentLive   string `json:"wentLive"`
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
	// record show gives the day a record went live, as the list does.
	offPlan := 0
	for _, l := range ls {
		want := "go-live " + l.GoLive
		if l.WentLive != "" && l.WentLive != l.Planned {
			want, offPlan = fmt.Sprintf("went live %s (planned %s)", l.WentLive, l.Planned), offPlan+1
		}
		if code, out, errs := runCLI(t, "record", "show", l.ID, "--data", data); code != 0 || !strings.Contains(out, " · "+want+"\n") {
			t.Errorf("record show %s: %d %q %q, want %q", l.Title, code, out, errs, want)
		}
	}
	if offPlan == 0 {
		t.Error("no example record went live off its planned day: the check above checks little")
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

// TestTemplateCommands runs a lens through the command line: imported as
// a draft, published, a record made on it and answered, the lens's next
// version imported and published, the record upgraded (dry run first)
// with every answer kept; export and import round trip a version.
func TestTemplateCommands(t *testing.T) {
	data := t.TempDir()
	lens := func(v string) string { return filepath.Join("..", "templatefmt", "testdata", "lens-"+v+".json") }
	mustRun := func(want string, args ...string) string {
		t.Helper()
		code, out, errs := runCLI(t, append(args, "--data", data)...)
		if code != 0 || !strings.Contains(out, want) {
			t.Fatalf("%v: exit %d, stdout %q, stderr %q; want %q", args, code, out, errs, want)
		}
		return out
	}
	mustRun("as a draft of v1", "template", "import", lens("v1"))
	mustRun("draft of v1", "template", "list")
	// The draft is reviewed before it is published: by its name while
	// nothing is published, or as NAME@draft; through a running instance too.
	for _, running := range []bool{false, true} {
		var in *Instance
		if running {
			var err error
			if in, err = Open(data, Options{Control: true}); err != nil {
				t.Fatal(err)
			}
		}
		for _, name := range []string{"payments-operational-readiness", "payments-operational-readiness@draft"} {
			out := mustRun("Draft of payments-operational-readiness v1, not published", "template", "show", name)
			if !strings.Contains(out, "template, version 1:") || !strings.Contains(out, "\n  ") {
				t.Errorf("show %s (running %v) shows no items:\n%s", name, running, out)
			}
			var d DraftView
			if err := json.Unmarshal([]byte(mustRun(`"draft"`, "template", "show", name, "--json")), &d); err != nil || d.Draft.ID != "payments-operational-readiness" || d.Next != 1 || d.Draft.ItemCount() == 0 {
				t.Errorf("show %s --json (running %v): %v %+v", name, running, err, d)
			}
		}
		if in != nil {
			in.Close()
		}
	}
	mustRun("published payments-operational-readiness v1", "template", "publish", "payments-operational-readiness")
	if out := mustRun("template, version 1:", "template", "show", "payments-operational-readiness"); strings.Contains(out, "Draft") {
		t.Errorf("show after publishing shows a draft:\n%s", out)
	}
	if code, _, errs := runCLI(t, "template", "show", "payments-operational-readiness@draft", "--data", data); code != 1 || !strings.Contains(errs, "has no draft") {
		t.Errorf("show NAME@draft with no draft: exit %d %q", code, errs)
	}

	in, err := Open(data, Options{})
	if err != nil {
		t.Fatal(err)
	}
	v, err := in.Records.Create(readiness.NewRecord{Service: "Payments", Title: "Tokenisation v3", Squad: "Falcon", SDM: "Priya",
		MaintenanceTeam: "Run", GoLive: "2026-12-01", Template: "payments-operational-readiness", Answers: readiness.Answers{SensitiveData: true}})
	if err != nil {
		in.Close()
		t.Fatal(err)
	}
	id := string(v.Record.ID)
	var answered []readiness.ItemID
	for _, s := range v.Record.Sections {
		for _, it := range s.Items {
			if len(answered) < 8 {
				answered = append(answered, it.ID)
			}
		}
	}
	for i, item := range answered {
		st := readiness.Done
		if i%2 == 1 {
			st = readiness.InProgress
		}
		owner := "Bea"
		if _, err := in.Records.SetItem(id, string(item), ItemSet{Status: &st, Owner: &owner}); err != nil {
			in.Close()
			t.Fatal(err)
		}
	}
	in.Close()

	mustRun("as a draft of v2", "template", "import", lens("v2"))
	mustRun("v2", "template", "publish", "payments-operational-readiness")
	out := mustRun("would move", "record", "upgrade", id, "--dry-run")
	if !strings.Contains(out, "kept") || !strings.Contains(out, "before") {
		t.Fatalf("dry run says: %s", out)
	}
	var res UpgradeResult
	if err := json.Unmarshal([]byte(mustRun(`"upgraded": true`, "record", "upgrade", id, "--json")), &res); err != nil {
		t.Fatal(err)
	}
	if res.From != 1 || res.To != 2 || res.Preview.Kept+len(res.Preview.Retired) != len(answered) {
		t.Fatalf("upgrade: %+v", res)
	}
	in, err = Open(data, Options{ReadOnly: true})
	if err != nil {
		t.Fatal(err)
	}
	defer in.Close()
	after, err := in.Records.Get(id)
	if err != nil {
		t.Fatal(err)
	}
	if after.Record.TemplateVersion != 2 {
		t.Fatalf("record follows v%d", after.Record.TemplateVersion)
	}
	for i, item := range answered {
		it := after.Record.Item(item)
		if it == nil {
			t.Fatalf("answer to %s lost", item)
		}
		want := readiness.Done
		if i%2 == 1 {
			want = readiness.InProgress
		}
		if it.Status != want || it.Owner != "Bea" {
			t.Fatalf("%s after upgrade: %s, owner %q", item, it.Status, it.Owner)
		}
	}
	if len(res.Preview.Retired) > 0 {
		if s := after.Record.Section(readiness.RetiredItemsSection); s == nil || len(s.Items) != len(res.Preview.Retired) {
			t.Fatalf("retired items: %+v", s)
		}
	}
	in.Close()

	file := filepath.Join(t.TempDir(), "por.json")
	mustRun("", "template", "export", "payments-operational-readiness@1", "--out", file)
	other := t.TempDir()
	code, out, errs := runCLI(t, "template", "import", file, "--data", other)
	if code != 0 || !strings.Contains(out, "added payments-operational-readiness v1") {
		t.Fatalf("import of an export: exit %d %q %q", code, out, errs)
	}
	code, _, errs = runCLI(t, "template", "import", filepath.Join(data, "readyroom.db"), "--data", other)
	if code != 1 || !strings.Contains(errs, "readyroom.db") {
		t.Fatalf("import of a database file: exit %d %q", code, errs)
	}
}

// list --json writes record by record what encoding the whole list writes.
func TestListJSONIsTheWholeListEncoded(t *testing.T) {
	for _, n := range []int{0, 1, 3} {
		ls := make([]Listing, n)
		for i := range ls {
			ls[i] = Listing{ID: readiness.RecordID(fmt.Sprintf("01JD00000000000000000000%02d", i)), Title: "<Release> \u2028 \"one\"",
				Ceremonies: []CeremonyListing{{ID: "01JD0000000000000000000099", Title: "Go/no-go, 2026-12-01"}}}
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

// TestArchiveCommands: export json of every example record, imported into
// another data directory twice (the second a no-op), and the usage and
// file errors in words.
func TestArchiveCommands(t *testing.T) {
	src, dst := t.TempDir(), t.TempDir()
	if code, _, errs := runCLI(t, "demo", "--data", src); code != 0 {
		t.Fatal(errs)
	}
	file := filepath.Join(t.TempDir(), "all.json")
	if code, _, errs := runCLI(t, "export", "json", "--all", "--out", file, "--data", src); code != 0 {
		t.Fatalf("export: %s", errs)
	}
	code, out, errs := runCLI(t, "import", file, "--data", dst)
	if code != 0 || !strings.Contains(out, "added") || !strings.Contains(out, "0 refused") {
		t.Fatalf("import: %d %q %q", code, out, errs)
	}
	code, out, _ = runCLI(t, "import", file, "--data", dst, "--json")
	var rep ImportReport
	if code != 0 || json.Unmarshal([]byte(out), &rep) != nil || rep.Added != 0 || rep.Had == 0 {
		t.Fatalf("second import: %d %q", code, out)
	}
	// A byte order mark, as some Windows tools write one, is read past.
	whole, err := os.ReadFile(file)
	if err != nil {
		t.Fatal(err)
	}
	bom := filepath.Join(t.TempDir(), "bom.json")
	os.WriteFile(bom, append([]byte("\ufeff"), whole...), 0o600)
	if code, out, errs := runCLI(t, "import", bom, "--data", t.TempDir()); code != 0 || !strings.Contains(out, "0 refused") {
		t.Fatalf("import with a byte order mark: %d %q %q", code, out, errs)
	}
	// A record refused is reported, the others imported, and the exit code
	// says that not all was.
	var a map[string]any
	if err := json.Unmarshal(whole, &a); err != nil {
		t.Fatal(err)
	}
	recs := a["records"].([]any)
	first := recs[0].(map[string]any)
	var kept []any
	for _, c := range first["changes"].([]any) {
		if c.(map[string]any)["path"] != string(readiness.PathCreate) {
			kept = append(kept, c)
		}
	}
	first["changes"] = kept // its creating change gone, it cannot be made here
	part, _ := json.Marshal(a)
	partFile := filepath.Join(t.TempDir(), "part.json")
	os.WriteFile(partFile, part, 0o600)
	for _, asJSON := range []bool{false, true} {
		args := []string{"import", partFile, "--data", t.TempDir()}
		if asJSON {
			args = append(args, "--json")
		}
		code, out, errs := runCLI(t, args...)
		if code != 1 || !strings.Contains(out, "refused") || !strings.Contains(out, "added") ||
			!strings.Contains(errs, fmt.Sprintf("1 record of %d refused", len(recs))) {
			t.Errorf("import with a record refused (json %v): exit %d %q %q", asJSON, code, out, errs)
		}
	}
	for _, c := range []struct {
		args []string
		code int
		want string
	}{
		{[]string{"export", "json", "--out", file}, 2, "--record ID or --all"},
		{[]string{"export", "json", "--all", "--record", "01JD0000000000000000000000", "--out", file}, 2, "--record ID or --all"},
		{[]string{"import"}, 2, "import FILE"},
		{[]string{"import", filepath.Join(dst, "readyroom.db"), "--data", t.TempDir()}, 1, "not an archive"},
		{[]string{"import", filepath.Join(t.TempDir(), "missing.json"), "--data", dst}, 1, "no such file"},
		{[]string{"export", "json", "--all", "--out", filepath.Join(src, "readyroom.db"), "--data", src}, 1, "data"},
	} {
		code, _, errs := runCLI(t, c.args...)
		if code != c.code || !strings.Contains(errs, c.want) {
			t.Errorf("%v: exit %d %q, want %d %q", c.args, code, errs, c.code, c.want)
		}
	}
}

// TestWriteCommands: a pipeline's writes, with an instance holding the
// data directory (through its control socket) and without, land in the
// record's history authored as asked, with the window's checks.
func TestWriteCommands(t *testing.T) {
	for _, running := range []bool{false, true} {
		data := t.TempDir()
		var in *Instance
		if running {
			var err error
			if in, err = Open(data, Options{Control: true}); err != nil {
				t.Fatal(err)
			}
		}
		run := func(want string, args ...string) string {
			t.Helper()
			code, out, errs := runCLI(t, append(args, "--data", data)...)
			if code != 0 || !strings.Contains(out, want) {
				t.Fatalf("running=%v %v: exit %d, stdout %q, stderr %q; want %q", running, args, code, out, errs, want)
			}
			return strings.TrimSpace(out)
		}
		id := run("", "record", "create", "--service", "Payments Gateway", "--release", "Tokenisation v5", "--squad", "Falcon",
			"--sdm", "Priya", "--maintenance-team", "Run team", "--go-live", "2027-02-01", "--tier", "silver", "--author", "Release bot")
		if _, err := readiness.ParseRecordID(id); err != nil {
			t.Fatalf("record create printed %q", id)
		}
		run("Done", "item", "set", id, "com-01", "--status", "done", "--evidence", "https://ci.example.com/job/42=load test",
			"--evidence", "https://ci.example.com/job/43", "--author", "CI pipeline")
		run("incident added", "incident", "add", id, "--ref", "INC-42", "--severity", "p2", "--summary", "Slow sign-in")
		run("incident resolved", "incident", "resolve", id, "INC-42")
		out := run("action added", "action", "add", id, "--text", "Tune the pool", "--owner", "Sam", "--due", "2027-01-15")
		action := strings.TrimSuffix(strings.Fields(out)[2], ":")
		run("action closed", "action", "close", id, action, "--note", "Pool at 40")
		var v RecordView
		if err := json.Unmarshal([]byte(run(`"record"`, "record", "show", id, "--json")), &v); err != nil {
			t.Fatal(err)
		}
		it := v.Record.Item("COM-01")
		if it.Status != readiness.Done || len(it.Evidence) != 2 || it.Evidence[0].Label != "load test" || it.ChangedBy != "CI pipeline" {
			t.Fatalf("running=%v item: %+v", running, it)
		}
		if len(v.Record.Hypercare.Incidents) != 1 || v.Record.Hypercare.Incidents[0].Resolved == "" {
			t.Fatalf("running=%v incidents: %+v", running, v.Record.Hypercare.Incidents)
		}
		if len(v.Record.Actions) != 1 || v.Record.Actions[0].IsOpen() || v.Record.Actions[0].Note != "Pool at 40" {
			t.Fatalf("running=%v actions: %+v", running, v.Record.Actions)
		}
		if v.Record.CreatedBy != "Release bot" {
			t.Fatalf("running=%v created by %q", running, v.Record.CreatedBy)
		}
		run("readiness", "record", "show", id)
		for _, c := range []struct {
			args []string
			code int
			want string
		}{
			{[]string{"record", "create", "--service", "S"}, 2, "--tier gold|silver or --template"},
			{[]string{"record", "create", "--service", "S", "--release", "R", "--squad", "Q", "--sdm", "M", "--maintenance-team", "T", "--go-live", "2027-13-01", "--tier", "silver"}, 1, "Go-live date must be a date"},
			{[]string{"record", "create", "--service", "S", "--release", "R", "--squad", "Q", "--sdm", "M", "--maintenance-team", "T", "--go-live", "2027-02-01", "--tier", "gold"}, 1, "Say why you chose Gold"},
			{[]string{"record", "create", "--service", "S", "--release", "R", "--squad", "Q", "--sdm", "M", "--maintenance-team", "T", "--go-live", "2027-02-01", "--template", "nope"}, 1, "no template"},
			{[]string{"record", "show", "01JD0000000000000000000000"}, 1, "not found"},
			{[]string{"record", "show"}, 2, "record show RECORD"},
			{[]string{"item", "set", id, "COM-01", "--status", "finished"}, 1, "Status must be one of"},
			{[]string{"item", "set", id, "COM-01", "--status", "blocked"}, 1, "Say why COM-01 is blocked"},
			{[]string{"item", "set", id, "COM-01", "--evidence", "ftp://x"}, 1, "web address"},
			{[]string{"item", "set", id, "NOPE-99", "--status", "done"}, 1, "no item NOPE-99"},
			{[]string{"item", "set", id, "COM-01", "--status", "done", "--author", "bad\u202ename"}, 1, "single line"},
			{[]string{"checkin", "add", id, "--rag", "amber"}, 2, "--rag and --summary"},
			{[]string{"checkin", "add", id, "--rag", "purple", "--summary", "x"}, 1, "Rating must be"},
			{[]string{"incident", "add", id, "--ref", "INC-1"}, 2, "--ref and --severity"},
			{[]string{"incident", "add", id, "--ref", "INC-1", "--severity", "P9"}, 1, "Severity"},
			{[]string{"incident", "resolve", id, "INC-404"}, 1, "no incident"},
			{[]string{"incident", "resolve", id, "INC-42"}, 1, "resolved at"},
			{[]string{"action", "add", id}, 2, "--text"},
			{[]string{"action", "add", id, "--text", "x", "--due", "soon"}, 1, "date"},
			{[]string{"action", "close", id, "nope"}, 1, "not a"},
			{[]string{"action", "close", id, action}, 1, "is not open"},
			{[]string{"checkin", "remove", id}, 2, "checkin add RECORD"},
		} {
			code, _, errs := runCLI(t, append(c.args, "--data", data)...)
			if code != c.code || !strings.Contains(errs, c.want) {
				t.Errorf("running=%v %v: exit %d %q, want %d %q", running, c.args, code, errs, c.code, c.want)
			}
		}
		if in != nil {
			in.Close()
		}
	}
}
