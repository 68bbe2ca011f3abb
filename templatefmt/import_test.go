package templatefmt

import (
	"bytes"
	"encoding/json"
	"flag"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"readyroom/readiness"
)

var update = flag.Bool("update", false, "rewrite the golden files under testdata/golden")

// TestGolden imports each fixture and compares the template and the
// report with testdata/golden: what a user sees of an import, refreshed
// with -update and read in review.
func TestGolden(t *testing.T) {
	for _, name := range []string{"lens-v1.json", "lens-v2.json", "prr.md"} {
		t.Run(name, func(t *testing.T) {
			im := importFixture(t, name, Options{})
			if err := readiness.CheckTemplate(&im.Template); err != nil {
				t.Fatalf("imported template fails its checks: %v", err)
			}
			tpl, err := json.MarshalIndent(im.Template, "", "  ")
			if err != nil {
				t.Fatal(err)
			}
			golden(t, name+".template.json", append(tpl, '\n'))
			golden(t, name+".report.txt", []byte(im.Report.String()))
		})
	}
}

func golden(t *testing.T, name string, got []byte) {
	t.Helper()
	path := filepath.Join("testdata", "golden", name)
	if *update {
		if err := os.WriteFile(path, got, 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run go test -update to write it)", err)
	}
	if !bytes.Equal(got, want) {
		t.Errorf("%s differs from what the import makes now (run go test -update and review the diff):\n%s", path, got)
	}
}

func TestLensMapping(t *testing.T) {
	im := importFixture(t, "lens-v1.json", Options{})
	tpl := &im.Template
	if tpl.ID != "payments-operational-readiness" || tpl.Name != "Payments Operational Readiness" || tpl.Version != 0 || tpl.Published != nil {
		t.Fatalf("template %s %q v%d published %v", tpl.ID, tpl.Name, tpl.Version, tpl.Published)
	}
	if tpl.Origin == nil || tpl.Origin.Kind != readiness.OriginImported || tpl.Origin.Format != "aws-lens" || tpl.Origin.From != "lens-v1.json" ||
		!strings.Contains(tpl.Origin.Note, "version 1.0") {
		t.Fatalf("origin %+v", tpl.Origin)
	}
	if !strings.HasPrefix(tpl.Summary, "Questions the payments platform asks") {
		t.Errorf("summary %q is not the lens description", tpl.Summary)
	}
	gold, _ := readiness.TemplateByID("gold")
	if tpl.Tier != readiness.Gold || tpl.HypercareDays != gold.HypercareDays ||
		!slices.Equal(tpl.ExitCriteria, gold.ExitCriteria) || !slices.Equal(tpl.HandoverItems, gold.HandoverItems) {
		t.Errorf("tier %s, %d days, %d exit criteria, %d handover items: want Gold's", tpl.Tier, tpl.HypercareDays, len(tpl.ExitCriteria), len(tpl.HandoverItems))
	}
	var sections []string
	for _, s := range tpl.Sections {
		sections = append(sections, string(s.ID)+"="+s.Title+"/"+string(s.Kind))
	}
	if want := []string{"release-operations=Release operations/checklist", "observability=Observability/checklist"}; !slices.Equal(sections, want) {
		t.Errorf("sections %v, want %v", sections, want)
	}

	tests := []struct {
		id       readiness.ItemID
		text     string
		risk     string
		evidence []string
		refs     int
	}{
		// The title's (H) is stripped and kept as the risk.
		{"rel_rollback", "How do you roll back a failed release?", "high", []string{
			"- A written rollback plan with steps, an owner and an expected duration: The plan lives next to the release notes.",
			"  To improve: Write the plan from the rollback template before the go/no-go.",
			"  See also: Example rehearsal record", "  Also to improve: Book a staging slot with the platform team",
			`The lens's "None of these" choice (rel_rollback_no) means none of these is in place: the item is not done, or n/a`}, 7},
		// No mark: a rule other than the default is HIGH_RISK.
		{"rel_change", "How is the change approved and scheduled?", "high", []string{"- The window avoids the month-end settlement freeze"}, 2},
		// The default rule is MEDIUM_RISK, none is HIGH_RISK.
		{"rel_comms", "How do you tell customers and support about the release?", "medium", nil, 1},
		// (M) in the title wins over rules reaching HIGH_RISK.
		{"rel_oncall", "Who is on call through the release and hypercare?", "medium", nil, 1},
		{"obs_dashboards", "Which dashboards show the release's health?", "medium", nil, 1},
		{"obs_slo", "Are SLOs defined and measured for the service?", "high", nil, 1},
	}
	for _, tt := range tests {
		sec, it := item(t, tpl, tt.id)
		if it.Text != tt.text || it.Risk != tt.risk || !it.NAAllowed || len(it.Refs) != tt.refs {
			t.Errorf("%s: text %q risk %q n/a %v refs %d; want %q %q true %d", tt.id, it.Text, it.Risk, it.NAAllowed, len(it.Refs), tt.text, tt.risk, tt.refs)
		}
		if sec.Kind != readiness.KindChecklist {
			t.Errorf("%s is in a %s section", tt.id, sec.Kind)
		}
		for _, e := range tt.evidence {
			if !strings.Contains(it.Evidence, e) {
				t.Errorf("%s: evidence does not say %q:\n%s", tt.id, e, it.Evidence)
			}
		}
	}
	_, it := item(t, tpl, "rel_rollback")
	if !strings.HasPrefix(it.Why, "A release that cannot be undone quickly") || !strings.HasSuffix(it.Why, "Rollback standards for the payments platform.") {
		t.Errorf("why %q: want the description, then the question's helpful text", it.Why)
	}
	if it.Refs[0] != "https://wiki.example.com/ops/rollback" || slices.Contains(it.Refs[1:], it.Refs[0]) {
		t.Errorf("refs %v: the question's link first, each once", it.Refs)
	}
	if im.Report.Took() != "2 sections, 8 items, 4 with high risk, 4 with medium risk" {
		t.Errorf("took %q", im.Report.Took())
	}
	wantNotes := []string{
		"the template takes those of Gold (7 and 12) and its 14-day hypercare",
		"the title's mark was kept: rel_oncall (marked medium, rules high) and obs_slo (marked high, rules medium)",
		`Every item allows n/a, as a lens question can be "not applicable".`,
	}
	for _, w := range wantNotes {
		if !slices.ContainsFunc(im.Report.Notes, func(n string) bool { return strings.Contains(n, w) }) {
			t.Errorf("report does not say %q:\n%s", w, im.Report.String())
		}
	}
}

func TestLensOptions(t *testing.T) {
	silver, _ := readiness.TemplateByID("silver")
	im := importFixture(t, "lens-v1.json", Options{ID: "payments-orr", Tier: readiness.Silver})
	if im.Template.ID != "payments-orr" || im.Template.Tier != readiness.Silver || im.Template.HypercareDays != silver.HypercareDays ||
		len(im.Template.ExitCriteria) != len(silver.ExitCriteria) {
		t.Fatalf("--as payments-orr, silver: %s %s %d days, %d exit criteria", im.Template.ID, im.Template.Tier, im.Template.HypercareDays, len(im.Template.ExitCriteria))
	}
	im = importFixture(t, "lens-v1.json", Options{Tier: "platinum"})
	if im.Template.Tier != "platinum" || im.Template.HypercareDays != readiness.NewDraft("x", "x", "platinum").HypercareDays {
		t.Fatalf("a tier of the organisation's own: %s, %d days", im.Template.Tier, im.Template.HypercareDays)
	}
	// A lens named like a shipped template does not take its id.
	b := editLens(t, "lens-v1.json", func(l *lens) { l.Name = "Gold" })
	got, err := Import(b, Options{FileName: "gold.json"})
	if err != nil || got.Template.ID != "gold-lens" {
		t.Fatalf("lens named Gold: id %q, %v", got.Template.ID, err)
	}
}

func TestLensIDs(t *testing.T) {
	b := editLens(t, "lens-v1.json", func(l *lens) {
		q := l.Pillars[0].Questions
		q[0].ID, q[1].ID, q[2].ID = "ops.01", "ops 01", "obs-01"
		l.Pillars[1].ID = "observability_Pillar"
		l.Pillars[0].ID = "retired_items"
	})
	im, err := Import(b, Options{FileName: "lens.json"})
	if err != nil {
		t.Fatal(err)
	}
	var ids []string
	for _, s := range im.Template.Sections {
		ids = append(ids, string(s.ID))
		for _, it := range s.Items {
			ids = append(ids, string(it.ID))
		}
	}
	want := []string{"retired-items-2", "ops_01", "ops_01-2", "OBS-01", "rel_oncall", "observability-pillar", "obs_alerts", "obs_dashboards", "obs_slo", "obs_logs"}
	if !slices.Equal(ids, want) {
		t.Fatalf("ids %v\nwant %v", ids, want)
	}
	for _, w := range []string{"ops.01 became ops_01", "obs-01 became OBS-01", "ops 01 became ops_01-2, as ops_01 was taken"} {
		if !strings.Contains(im.Report.String(), w) {
			t.Errorf("report does not say %q:\n%s", w, im.Report.String())
		}
	}
}

func TestLensLimits(t *testing.T) {
	// Links past readiness.MaxRefs and guidance past MaxGuidance are cut
	// and reported, not refused.
	b := editLens(t, "lens-v1.json", func(l *lens) {
		q := &l.Pillars[0].Questions[0]
		for i := range 30 {
			q.Choices = append(q.Choices, lensChoice{ID: "extra_" + string(rune('a'+i%26)) + string(rune('a'+i/26)), Title: "Another practice",
				HelpfulResource: &lensResource{DisplayText: strings.Repeat("Helpful words. ", 30), URL: "https://wiki.example.com/x/" + string(rune('a'+i%26)) + string(rune('a'+i/26))},
				ImprovementPlan: &lensResource{DisplayText: "Improve it.", URL: "ftp://files.example.com/plan"}})
		}
		l.Name = strings.Repeat("Long lens name ", 12)
	})
	im, err := Import(b, Options{FileName: "long.json"})
	if err != nil {
		t.Fatal(err)
	}
	_, it := item(t, &im.Template, "rel_rollback")
	if len(it.Refs) != readiness.MaxRefs || len([]rune(it.Evidence)) > readiness.MaxGuidance || len([]rune(im.Template.Name)) > readiness.MaxTemplateName {
		t.Fatalf("refs %d, evidence %d characters, name %d characters", len(it.Refs), len([]rune(it.Evidence)), len([]rune(im.Template.Name)))
	}
	for _, w := range []string{"left out the rest of rel_rollback (17)", "were shortened or left out: rel_rollback", "not http or https addresses were left out of rel_rollback", "The lens name is longer than the 120 characters"} {
		if !strings.Contains(im.Report.String(), w) {
			t.Errorf("report does not say %q:\n%s", w, im.Report.String())
		}
	}
}

func TestRuleRisk(t *testing.T) {
	r := func(pairs ...string) []lensRule {
		var out []lensRule
		for i := 0; i < len(pairs); i += 2 {
			out = append(out, lensRule{Condition: pairs[i], Risk: pairs[i+1]})
		}
		return out
	}
	tests := []struct {
		rules   []lensRule
		want    string
		unknown int
	}{
		{r("default", "HIGH_RISK"), "high", 0},
		{r("a && b", "NO_RISK", "a", "HIGH_RISK", "default", "MEDIUM_RISK"), "high", 0},
		{r("a", "NO_RISK", "default", "MEDIUM_RISK"), "medium", 0},
		{r("a", "MEDIUM_RISK", "default", "NO_RISK"), "medium", 0},
		{r("default", "NO_RISK"), "", 0},
		{nil, "", 0},
		{r("default", "`HIGH_RISK`"), "high", 0}, // as the specification's examples quote it
		{r("default", "LOW_RISK"), "", 1},
	}
	for _, tt := range tests {
		got, unknown := ruleRisk(tt.rules)
		if got != tt.want || len(unknown) != tt.unknown {
			t.Errorf("ruleRisk(%v) = %q, %d unknown; want %q, %d", tt.rules, got, len(unknown), tt.want, tt.unknown)
		}
	}
}

// A lens's "None of these" choice keeps its words, and is said to be the
// good answer where the question's rules give it no risk; a question with
// no choices is reported.
func TestLensNoneChoice(t *testing.T) {
	b := editLens(t, "lens-v1.json", func(l *lens) {
		q := &l.Pillars[1].Questions[0]
		none := &q.Choices[len(q.Choices)-1]
		none.Description = "Nothing is exposed to the internet."
		none.ImprovementPlan = &lensResource{DisplayText: "Keep it that way."}
		q.RiskRules = []lensRule{{Condition: none.ID, Risk: "NO_RISK"}, {Condition: "default", Risk: "HIGH_RISK"}}
		l.Pillars[1].Questions[1].Choices = nil
	})
	im, err := Import(b, Options{FileName: "lens.json"})
	if err != nil {
		t.Fatal(err)
	}
	var evidence, noChoices string
	for _, s := range im.Template.Sections {
		for _, it := range s.Items {
			switch it.ID {
			case "obs_alerts":
				evidence = it.Evidence
			case "obs_dashboards":
				noChoices = it.Evidence
			}
		}
	}
	for _, want := range []string{"is no risk by its rules: with none of these in place the item can be done.", "Nothing is exposed to the internet.", "To improve: Keep it that way."} {
		if !strings.Contains(evidence, want) {
			t.Errorf("evidence of the question whose none is no risk does not say %q:\n%s", want, evidence)
		}
	}
	if strings.Contains(evidence, "the item is not done") {
		t.Errorf("a none that is no risk is said to leave the item not done:\n%s", evidence)
	}
	if noChoices != "" {
		t.Errorf("a question without choices has evidence guidance: %q", noChoices)
	}
	if !slices.ContainsFunc(im.Report.Notes, func(n string) bool {
		return strings.Contains(n, "Questions without choices") && strings.Contains(n, "obs_dashboards")
	}) {
		t.Errorf("the question without choices is not reported: %q", im.Report.Notes)
	}
}

func TestIDShapes(t *testing.T) {
	items := map[string]string{"ops_01": "ops_01", "OPS_01": "OPS_01", "obs-01": "OBS-01", "ops.01": "ops_01", "ops 01": "ops_01",
		"__x": "x", "-x": "x", "ops..01": "ops_01", "é01": "01", strings.Repeat("q", 200): strings.Repeat("q", 128), "???": ""}
	for in, want := range items {
		if got := itemIDFrom(in); got != want {
			t.Errorf("itemIDFrom(%q) = %q, want %q", in, got, want)
		}
	}
	slugs := map[string]string{"operationalExcellence": "operational-excellence", "company_Privacy": "company-privacy", "01 - Architecture": "architecture",
		"Sécurité": "scurit", "Backup, Restore and DR": "backup-restore-and-dr", "HTTPServer": "httpserver", "": "",
		"ledger service production readiness review": "ledger-service-production-readiness"}
	for in, want := range slugs {
		if got := slug(in, maxSectionID); got != want {
			t.Errorf("slug(%q) = %q, want %q", in, got, want)
		}
	}
	prefixes := map[string]string{"Observability": "OBS", "Monitoring and Alerts": "MON", "Backup, Restore and Disaster Recovery": "BRDR",
		"QA": "QA", "X": "ITM", "安全": "ITM", "Q R S T U V W": "QRSTU"}
	for in, want := range prefixes {
		if got := idPrefix(in); got != want {
			t.Errorf("idPrefix(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestMarkdownMapping(t *testing.T) {
	im := importFixture(t, "prr.md", Options{})
	tpl := &im.Template
	if tpl.ID != "ledger-service-production-readiness" || tpl.Name != "Ledger service production readiness review" ||
		!strings.HasPrefix(tpl.Summary, "This review makes sure the ledger service") {
		t.Fatalf("template %s %q, summary %q", tpl.ID, tpl.Name, tpl.Summary)
	}
	sum := tpl.Sections[0]
	if sum.ID != "summary" || sum.Kind != readiness.KindNarrative || !strings.HasPrefix(sum.Prompt, "Describe in a few sentences") ||
		sum.Guidance != "The reviewers read this first; link the design document." {
		t.Errorf("prose-only heading: %+v", sum)
	}
	tests := []struct {
		id, section, text, why, evidence string
		refs                             []string
	}{
		// Ids written on the line are kept; the notes under the item say why.
		{"ARC-01", "architecture", "A diagram shows every component, data store and external dependency", "- Keep it next to the service's code", "",
			[]string{"https://handbook.example.com/architecture/diagrams"}},
		{"ARC-02", "architecture", "Every dependency has an owner and a documented failure behaviour", "", "", nil},
		// Nested checkboxes are flattened after their parent, numbered after the written ids.
		{"ARC-04", "architecture", "Internal services name the team that runs them", "", "", nil},
		{"ARC-03", "architecture", "Single points of failure are listed, each removed or accepted as a risk", "", "", nil},
		{"OPE-02", "operational-risk", "Feature flags can turn off the new code paths without a deploy", "", "the flag names and who can flip them, in the runbook.", nil},
		// A sentence wrapped onto the next line is the item's text.
		{"MON-02", "monitoring-and-alerts", "Alerts are routed to the on-call rota, not to a shared inbox (see alert routing in the wiki)", "", "", nil},
		{"MON-03", "monitoring-and-alerts", "Dashboards show the golden signals: https://grafana.example.com/d/ledger", "", "", []string{"https://grafana.example.com/d/ledger"}},
		{"BRDR-02", "backup-restore-and-disaster-recovery", "The recovery point and recovery time objectives are written down and met by the last test", "", "", nil},
		{"DEP-02", "deployment", "A rollback takes less than 15 minutes and has been rehearsed", "A rollback that has never been run is a plan, not a capability.", "", nil},
		{"DEP-03", "deployment", "The change is announced in the release channel a day ahead", "", "", nil},
		{"LOG-01", "logging", "Logs are structured and carry the request id", "", "", nil},
	}
	for _, tt := range tests {
		sec, it := item(t, tpl, readiness.ItemID(tt.id))
		if string(sec.ID) != tt.section || it.Text != tt.text || !strings.HasPrefix(it.Why, tt.why) || it.Evidence != tt.evidence ||
			!slices.Equal(it.Refs, tt.refs) || !it.NAAllowed {
			t.Errorf("%s in %s: text %q why %q evidence %q refs %v n/a %v", tt.id, sec.ID, it.Text, it.Why, it.Evidence, it.Refs, it.NAAllowed)
		}
	}
	if s := tpl.Sections[2]; s.Number != "3" || s.Title != "Operational risk" || !strings.HasPrefix(s.Guidance, "Think about what happens") {
		t.Errorf("numbered heading: %+v", s)
	}
	if tpl.ItemCount() != 19 {
		t.Errorf("%d items, want 19 (the checkbox in the code block is not one)", tpl.ItemCount())
	}
	for _, w := range []string{
		"Left out the front matter (lines 1 to 4)",
		"2 items were ticked in the file (lines 28 and 81)",
		"Flattened 2 checkbox items nested under other items (lines 26 and 27)",
		"Left out 1 table (line 43).", "Left out 1 image (line 30), keeping its alt text where it stood.", "Left out 1 HTML block or comment (line 11).",
		"Left out 1 link whose address is not http or https",
		"Headings deeper than ### (line 63) were kept as text of their section.",
		"16 items had no id written on their line, so each was given one from its section's title and its place (ARC-04, ARC-05, OPE-01, OPE-02 and 12 more)",
	} {
		if !strings.Contains(im.Report.String(), w) {
			t.Errorf("report does not say %q:\n%s", w, im.Report.String())
		}
	}
}

// A second version of a page whose items carry no ids keeps the ids of
// the items whose text it still has, and numbers new ones after every id
// an earlier version used.
func TestMarkdownNextVersionMatchesByText(t *testing.T) {
	v1 := publish(t, importFixture(t, "prr.md", Options{}).Template, nil, publishedAt)
	page := strings.Replace(string(fixture(t, "prr.md")),
		"- [ ] Deployments are automated through the pipeline, with no manual step\n",
		"- [ ] Deploys are canaried to one zone first\n- [ ] Deployments are automated through the pipeline, with no manual step\n", 1)
	page = strings.Replace(page, "- [ ] A rollback takes less than 15 minutes and has been rehearsed\n\n"+
		"  A rollback that has never been run is a plan, not a capability. Record the\n  rehearsal's date and how long it took.\n", "", 1)
	im, err := Import([]byte(page), Options{FileName: "prr.md", Previous: []*readiness.Template{&v1}})
	if err != nil {
		t.Fatal(err)
	}
	next := &im.Template
	for _, tt := range []struct{ id, text string }{
		{"DEP-01", "Deployments are automated through the pipeline, with no manual step"},
		{"DEP-03", "The change is announced in the release channel a day ahead"},
		{"DEP-04", "Deploys are canaried to one zone first"},
	} {
		if _, it := item(t, next, readiness.ItemID(tt.id)); it.Text != tt.text {
			t.Errorf("%s is %q, want %q", tt.id, it.Text, tt.text)
		}
	}
	if next.ID != v1.ID || !strings.Contains(im.Report.String(), "Matched 15 items to v1 by their text") {
		t.Errorf("id %s; report:\n%s", next.ID, im.Report.String())
	}
	if w := "compared with v1, 1 item added, 1 removed."; !strings.Contains(im.Report.String(), w) {
		t.Errorf("report does not say %q:\n%s", w, im.Report.String())
	}
	if _, _, err := readiness.Publish(*next, []*readiness.Template{&v1}, "Priya", publishedAt.Add(24*60*60*1e9)); err != nil {
		t.Fatalf("publish v2: %v", err)
	}
}

// Fields the format does not define (lenses in repositories carry their
// own, such as a question's category) are left out and named.
func TestLensUnknownFields(t *testing.T) {
	b := bytes.ReplaceAll(fixture(t, "lens-v1.json"), []byte(`"title": "How`), []byte(`"category": "Operations", "title": "How`))
	b = bytes.Replace(b, []byte(`"schemaVersion"`), []byte(`"owner": "platform", "schemaVersion"`), 1)
	im, err := Import(b, Options{FileName: "lens.json"})
	if err != nil {
		t.Fatal(err)
	}
	if w := `Left out fields the custom lens format does not define, which Ready Room does not use: "category" in questions (5 times) and "owner" in the lens.`; !slices.Contains(im.Report.Notes, w) {
		t.Errorf("report does not say %q:\n%s", w, im.Report.String())
	}
	if im.Template.ItemCount() != 8 {
		t.Errorf("%d items", im.Template.ItemCount())
	}
}
