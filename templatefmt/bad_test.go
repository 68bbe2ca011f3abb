package templatefmt

import (
	"bytes"
	"encoding/json"
	"fmt"
	"strings"
	"testing"
	"time"

	"readyroom/readiness"
)

// TestBadInput: every kind of bad file is refused with a message that
// says what is wrong, and nothing is made.
func TestBadInput(t *testing.T) {
	v1, canon, err := readiness.Publish(importFixture(t, "lens-v1.json", Options{}).Template, nil, "Priya", publishedAt)
	if err != nil {
		t.Fatal(err)
	}
	exported, err := Export(canon)
	if err != nil {
		t.Fatal(err)
	}
	v2 := publish(t, importFixture(t, "lens-v2.json", Options{Previous: []*readiness.Template{&v1}}).Template, []*readiness.Template{&v1}, publishedAt.Add(24*time.Hour))
	lensV1 := fixture(t, "lens-v1.json")
	prr := fixture(t, "prr.md")
	readyroom := func(f func(w map[string]any)) []byte {
		var w map[string]any
		if err := json.Unmarshal(exported, &w); err != nil {
			t.Fatal(err)
		}
		f(w)
		b, _ := json.Marshal(w)
		return b
	}
	manyQuestions := editLens(t, "lens-v1.json", func(l *lens) {
		for i := range 501 - 8 {
			l.Pillars[1].Questions = append(l.Pillars[1].Questions, lensQuestion{ID: fmt.Sprintf("extra_%03d", i), Title: "Another question?"})
		}
	})
	var manyBoxes strings.Builder
	manyBoxes.WriteString("# Huge checklist\n\n## Everything\n\n")
	for i := range 501 {
		fmt.Fprintf(&manyBoxes, "- [ ] Thing %d is ready\n", i)
	}

	tests := []struct {
		name string
		file string
		b    []byte
		opt  Options
		kind error
		want string
	}{
		{"empty file", "empty.json", nil, Options{}, ErrNotATemplate, "empty.json is empty: Ready Room imports its own template files (readyroom), AWS Well-Architected custom lens JSON (aws-lens) and Markdown checklists (markdown)"},
		{"only spaces", "blank.md", []byte("  \n\t\n"), Options{}, ErrNotATemplate, "blank.md is empty"},
		{"a PDF", "review.pdf", []byte("%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj"), Options{}, ErrNotATemplate, "review.pdf looks like a PDF document, not a template: Ready Room imports"},
		{"a PNG", "lens.json", []byte("\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR"), Options{}, ErrNotATemplate, "lens.json looks like a PNG image"},
		{"a zip", "checklist.docx", []byte("PK\x03\x04\x14\x00\x06\x00"), Options{}, ErrNotATemplate, "looks like a zip archive (or an Office document, which is one)"},
		{"binary", "lens.bin", []byte("\x01\x02\x00\x03binary\x00stuff"), Options{}, ErrNotATemplate, "lens.bin looks like binary data"},
		{"not UTF-8", "lens.txt", []byte("# R\xe9vision\n- [ ] \xff\xfe item\n"), Options{}, ErrNotATemplate, "binary data (or text in an encoding other than UTF-8)"},
		{"a format forced on a PNG", "x.png", []byte("\x89PNG\r\n\x1a\n"), Options{Format: FormatAWSLens}, ErrNotATemplate, "x.png looks like a PNG image, not an AWS custom lens"},
		{"malformed JSON", "lens.json", []byte("{\n  \"schemaVersion\": \"2021-11-01\",\n  \"pillars\": [}\n"), Options{}, ErrMalformed, "lens.json is not valid JSON: line 3, column 15"},
		{"truncated JSON", "lens.json", lensV1[:len(lensV1)/2], Options{}, ErrMalformed, "lens.json ends before its JSON is complete (after " + size(len(lensV1)/2) + "): the file looks cut short"},
		{"truncated export", "v1.json", exported[:len(exported)-40], Options{}, ErrMalformed, "the file looks cut short"},
		{"JSON of another shape", "package.json", []byte(`{"name":"ledger","version":"1.0.0","dependencies":{}}`), Options{}, ErrNotATemplate, "package.json is JSON of another shape (its keys: dependencies, name, version), not a template"},
		{"a JSON list", "list.json", []byte(`[{"id":"a"}]`), Options{}, ErrNotATemplate, "list.json is a JSON list, not a template"},
		{"a JSON list named .md", "list.md", []byte(`[{"id":"a"}]`), Options{}, ErrNotATemplate, "list.md is a JSON list, not a template"},
		{"a broken JSON list", "list.txt", []byte(`[{"id":"a"},`), Options{}, ErrMalformed, "list.txt ends before its JSON is complete"},
		{"a Markdown page named .json", "readme.json", []byte("[English](./README.md)\n\n- [ ] Don't use `Basic Auth`.\n"), Options{}, ErrMalformed, "readme.json is not valid JSON: line 1, column 2"},
		{"named .json, not JSON", "lens.json", []byte("schemaVersion: 2021-11-01\npillars: []\n"), Options{}, ErrMalformed, "lens.json is named .json but is not JSON"},
		{"plain text", "notes.txt", []byte("Remember to check the rollback.\nAnd the alerts.\n"), Options{}, ErrNotATemplate, "notes.txt is plain text with no headings and no checkbox lines"},
		{"a newer Ready Room", "v1.json", readyroom(func(w map[string]any) { w["format"] = "readyroom-template/2" }), Options{}, ErrNewerFormat,
			"v1.json was made by a newer Ready Room (its format is readyroom-template/2; this one reads readyroom-template/1): update Ready Room to import it"},
		{"another format name", "v1.json", readyroom(func(w map[string]any) { w["format"] = "acme-checklist/1" }), Options{}, ErrUnsupported, `names its format "acme-checklist/1", which is not a Ready Room template format`},
		{"a field Ready Room does not know", "v1.json", readyroom(func(w map[string]any) {
			w["template"].(map[string]any)["approvers"] = []string{"Sam"}
		}), Options{}, ErrMalformed, `has a field "approvers" that Ready Room does not know`},
		{"published without its digest", "v1.json", readyroom(func(w map[string]any) { delete(w, "digest") }), Options{}, ErrMalformed,
			"v1.json holds v1 of payments-operational-readiness as published but not its digest"},
		{"tampered published text", "v1.json", bytes.Replace(exported, []byte("How do you roll back a failed release?"), []byte("How do you roll back a release?"), 1), Options{},
			readiness.ErrTemplateDigest, "its text is not the text that version was published with (the file names the digest " + v1.Digest()[:12] + "…"},
		{"a shipped template without --as", "gold.json", mustExport(t, "gold"), Options{}, ErrNeedsID, "gold.json holds Ready Room's own Gold template; import it under an id of your own (--as NAME)"},
		{"a draft with a bad item id", "draft.json", readyroom(func(w map[string]any) {
			delete(w, "digest")
			tpl := w["template"].(map[string]any)
			delete(tpl, "published")
			tpl["sections"].([]any)[1].(map[string]any)["items"].([]any)[0].(map[string]any)["id"] = "obs/alerts"
		}), Options{}, nil, `item obs/alerts in section 2 (Observability): Item id "obs/alerts" must be 1 to 128 letters, digits, dashes or underscores`},
		{"unknown lens schemaVersion", "lens.json", bytes.Replace(lensV1, []byte(`"2021-11-01"`), []byte(`"2024-06-30"`), 1), Options{}, ErrUnsupported,
			`lens.json is a custom lens of schemaVersion "2024-06-30"; Ready Room reads schemaVersion 2021-11-01`},
		{"a lens without pillars", "lens.json", editLens(t, "lens-v1.json", func(l *lens) { l.Pillars = []lensPillar{} }), Options{}, ErrMalformed, "lens.json has no pillars: a lens holds its questions in pillars"},
		{"a lens with no pillars field", "lens.json", []byte(`{"schemaVersion":"2021-11-01","name":"Empty lens","description":"nothing yet"}`), Options{}, ErrMalformed, "has a schemaVersion and a name like an AWS custom lens, but no pillars"},
		{"pillars without questions", "lens.json", editLens(t, "lens-v1.json", func(l *lens) {
			for i := range l.Pillars {
				l.Pillars[i].Questions = nil
			}
		}), Options{}, ErrMalformed, "lens.json has 2 pillars but no questions"},
		{"duplicate question ids", "lens.json", editLens(t, "lens-v1.json", func(l *lens) { l.Pillars[1].Questions[2].ID = "rel_change" }), Options{}, ErrMalformed,
			"question rel_change: the id is used twice, in pillar releaseOperations and in pillar observability: each question needs an id of its own"},
		{"a question without an id", "lens.json", editLens(t, "lens-v1.json", func(l *lens) { l.Pillars[1].Questions[1].ID = "" }), Options{}, ErrMalformed,
			`question 2 in pillar observability: the question "Which dashboards show the release's health?" has no id`},
		{"a choice without an id", "lens.json", editLens(t, "lens-v1.json", func(l *lens) { l.Pillars[1].Questions[1].Choices[0].ID = " " }), Options{}, ErrMalformed,
			`choice 1 of question obs_dashboards: the choice "A dashboard shows latency, traffic, errors and saturation" has no id`},
		{"two choices with one id", "lens.json", editLens(t, "lens-v1.json", func(l *lens) {
			q := &l.Pillars[1].Questions[1]
			q.Choices[1].ID = q.Choices[0].ID
		}), Options{}, ErrMalformed, "choice obs_dashboards_golden of question obs_dashboards: choices 1 and 2 have the same id"},
		{"a name twice in one object", "lens.json", bytes.Replace(lensV1, []byte(`"name"`), []byte(`"name": "First", "name"`), 1), Options{}, ErrMalformed,
			`lens.json names "name" twice in one object (line 4, column 20, at the top level;`},
		{"broken JSON named .md", "lens.md", []byte(`{"schemaVersion": "2021-11-01", "name": "x",}`), Options{}, ErrMalformed, "lens.md is not valid JSON"},
		{"a name twice, once capitalised", "lens.json", bytes.Replace(lensV1, []byte(`"name"`), []byte(`"name": "First", "Name"`), 1), Options{}, ErrMalformed,
			`lens.json names "Name" twice in one object (line 4, column 20, at the top level; names are read without regard to case)`},
		{"a name twice in a pillar", "lens.json", bytes.Replace(lensV1, []byte(`"id": "releaseOperations"`), []byte(`"id": "releaseOperations", "id": "other"`), 1), Options{}, ErrMalformed,
			`names "id" twice in one object`},
		{"a pillar without an id", "lens.json", editLens(t, "lens-v1.json", func(l *lens) { l.Pillars[1].ID = " " }), Options{}, ErrMalformed, "pillar 2 (Observability): the pillar has no id"},
		{"duplicate pillar ids", "lens.json", editLens(t, "lens-v1.json", func(l *lens) { l.Pillars[1].ID = "releaseOperations" }), Options{}, ErrMalformed, "pillars 1 and 2 have the same id"},
		{"a question id of symbols only", "lens.json", editLens(t, "lens-v1.json", func(l *lens) { l.Pillars[0].Questions[0].ID = "???" }), Options{}, ErrMalformed, `the id "???" has no letter or digit to make an item id of`},
		{"a number where text belongs", "lens.json", bytes.Replace(lensV1, []byte(`"title": "Which dashboards show the release's health?"`), []byte(`"title": 42`), 1), Options{}, ErrMalformed,
			"lens.json: pillars[1].questions[1].title should be text, not a number"},
		{"an item id reused with another meaning", "lens-v3.json", editLens(t, "lens-v2.json", func(l *lens) {
			l.Pillars[0].Questions = append(l.Pillars[0].Questions, lensQuestion{ID: "rel_comms", Title: "How do you run the launch party?"})
		}), Options{Previous: []*readiness.Template{&v1, &v2}}, nil,
			`question rel_comms in pillar releaseOperations: rel_comms was removed in v2 with the text "How do you tell customers and support about the release?"; it can come back only with that text`},
		{"a question id that was a section", "lens-v3.json", editLens(t, "lens-v2.json", func(l *lens) { l.Pillars[1].Questions[0].ID = "observability" }), Options{Previous: []*readiness.Template{&v1, &v2}}, nil,
			"question observability in pillar observability: observability was a section in an earlier version and cannot become an item: give it a new id"},
		{"another tier for the next version", "lens-v2.json", lensV1, Options{Previous: []*readiness.Template{&v1}, Tier: readiness.Silver}, nil, "a new version keeps the tier"},
		{"an oversized question title", "lens.json", editLens(t, "lens-v1.json", func(l *lens) { l.Pillars[1].Questions[3].Title = strings.Repeat("Is it ready? ", 60) }), Options{}, nil,
			"question obs_logs in pillar observability: Item text must be at most 600 characters; this has 779"},
		{"an oversized description", "lens.json", editLens(t, "lens-v1.json", func(l *lens) { l.Pillars[0].Questions[1].Description = strings.Repeat("Because. ", 1000) }), Options{}, nil,
			"question rel_change in pillar releaseOperations: Why it matters must be at most 8000 characters; this has"},
		{"control characters in a title", "lens.json", editLens(t, "lens-v1.json", func(l *lens) { l.Pillars[0].Name = "Release\u202eoperations" }), Options{}, nil,
			"pillar releaseOperations: Title must be a single line of plain text (no control characters or bidirectional overrides)"},
		{"too many questions", "lens.json", manyQuestions, Options{}, ErrTooLarge, "lens.json has 501 questions; a template holds at most 500 items"},
		{"too many checkbox items", "big.md", []byte(manyBoxes.String()), Options{}, ErrTooLarge, "big.md has 501 checkbox items; a template holds at most 500"},
		{"over the size limit", "huge.json", append([]byte(`{"schemaVersion":"2021-11-01","pillars":[],"pad":"`), bytes.Repeat([]byte("x"), MaxInput)...), Options{}, ErrTooLarge,
			"huge.json is larger than the 4 MiB an imported template file may take (it has 4194354 bytes)"},
		{"a lens name with nothing to make an id of", "lens.json", editLens(t, "lens-v1.json", func(l *lens) { l.Name = "運用準備" }), Options{}, ErrNeedsID, `cannot make a template id from the lens name "運用準備": import it with --as NAME`},
		{"Markdown without a checkbox", "notes.md", []byte("# Release notes\n\n## Rollback\n\nFlip the flag back.\n\n- a bullet, not a checkbox\n"), Options{}, ErrMalformed,
			"notes.md has no checkbox items (lines such as \"- [ ] Rollback plan written\"): a template needs at least one checklist item"},
		{"Markdown with an id written twice", "prr.md", bytes.Replace(prr, []byte("ARC-03:"), []byte("ARC-01:"), 1), Options{}, ErrMalformed,
			"the item on line 28: the id ARC-01 is also written on line 22: each item needs an id of its own"},
		{"Markdown with an exit criterion's id", "prr.md", bytes.Replace(prr, []byte("ARC-03:"), []byte("EXIT-01:"), 1), Options{}, ErrMalformed,
			"EXIT-01 is the id of an exit criterion or handover item the template takes from Gold"},
		{"Markdown with an empty checkbox", "prr.md", append(bytes.Clone(prr), "- [ ]\n"...), Options{}, nil, fmt.Sprintf("the item on line %d: Item text is required", bytes.Count(prr, []byte("\n"))+1)},
		{"Markdown with too many headings", "many.md", []byte(strings.Repeat("## Heading\n\n- [ ] an item\n\n", 61)), Options{}, nil, "A template can hold at most 60 sections; this has 61"},
		{"Markdown over its size limit", "big.md", append([]byte("# T\n- [ ] x\n"), bytes.Repeat([]byte("  more words\n"), MaxMarkdown/13)...), Options{}, ErrTooLarge,
			"big.md is larger than the 1 MiB a Markdown checklist may take"},
		{"Markdown nested too deep", "deep.md", []byte(strings.Repeat("> ", 10) + strings.Repeat("- ", 10) + "[ ] x\n"), Options{}, ErrTooLarge,
			"deep.md: line 1 opens 20 lists or quotes one inside another; Ready Room reads at most 16"},
		{"a Markdown line crowded with marks", "marks.md", []byte("# T\n- [ ] " + strings.Repeat("[a](", 5000) + "\n"), Options{}, ErrTooLarge,
			"marks.md: line 2 holds 5001 emphasis, code and link marks (* _ ` ~ [), more than a checklist line needs (at most 1000)"},
		{"an unknown format forced", "x.md", prr, Options{Format: "word"}, nil, `format "word" is not one Ready Room imports`},
	}
	if len(tests) < 20 {
		t.Fatalf("%d bad-input cases; issue 14 asks for at least 20", len(tests))
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			opt := tt.opt
			opt.FileName = tt.file
			im, err := Import(tt.b, opt)
			mustFail(t, err, tt.kind, tt.want)
			t.Log(err)
			if im.Template.ID != "" || im.Canonical != nil {
				t.Errorf("a refused import made %s", im.Template.ID)
			}
		})
	}
}

func mustExport(t *testing.T, id string) []byte {
	t.Helper()
	tpl, err := readiness.TemplateByID(id)
	if err != nil {
		t.Fatal(err)
	}
	text, _ := json.Marshal(&tpl)
	b, err := Export(text)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// TestDetect: formats are told by content, the name a hint only.
func TestDetect(t *testing.T) {
	tests := []struct {
		file string
		b    string
		want Format
	}{
		{"lens.json", string(fixture(t, "lens-v1.json")), FormatAWSLens},
		{"lens.txt", string(fixture(t, "lens-v1.json")), FormatAWSLens},
		{"prr.md", string(fixture(t, "prr.md")), FormatMarkdown},
		{"prr.json.bak", string(fixture(t, "prr.md")), FormatMarkdown},
		{"", "\ufeff# Checklist\n- [ ] One\n", FormatMarkdown},
		{"", "Intro\n\n* [x] done thing\n", FormatMarkdown},
		{"notes.md", "Just words, no headings yet.\n", FormatMarkdown}, // the name says Markdown; the import then asks for checkboxes
		// A page that opens with a link is not JSON for starting with '['
		// (shieldfy/API-Security-Checklist's READMEs open with their
		// translations): named .md, or reading as Markdown.
		{"README.md", "[English](./README.md) | [繁中版](./README-tw.md) | [فارسی](./README-fa.md)\n\n# API Security Checklist\n\n- [ ] Don't use `Basic Auth`.\n", FormatMarkdown},
		{"README", "[English](./README.md) | [繁中版](./README-tw.md)\n\n# API Security Checklist\n\n- [ ] Don't use `Basic Auth`.\n", FormatMarkdown},
		{"links.markdown", "[English](./README.md) | [繁中版](./README-tw.md)\n", FormatMarkdown},
		{"t.json", `{"format":"readyroom-template/1","template":{}}`, FormatReadyRoom},
		{"t.json", `{"format":"readyroom-template/9"}`, FormatReadyRoom}, // Import says it is newer
		{"gold.json", `{"id":"gold","version":1,"sections":[]}`, FormatReadyRoom},
	}
	for _, tt := range tests {
		if got, err := Detect(tt.file, []byte(tt.b)); err != nil || got != tt.want {
			t.Errorf("Detect(%q, %.30q) = %s, %v; want %s", tt.file, tt.b, got, err, tt.want)
		}
	}
	for _, s := range []string{"readyroom", "AWS-Lens", " markdown "} {
		if _, err := ParseFormat(s); err != nil {
			t.Errorf("ParseFormat(%q): %v", s, err)
		}
	}
}
