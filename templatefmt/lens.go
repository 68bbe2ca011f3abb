package templatefmt

import (
	"bytes"
	"encoding/json"
	"fmt"
	"regexp"
	"slices"
	"strings"
	"unicode/utf8"

	"readyroom/readiness"
)

// LensSchema is the custom lens format Ready Room reads: the one the AWS
// Well-Architected Tool writes and documents ("Lens format specification").
const LensSchema = "2021-11-01"

// The custom lens JSON, as the format specification names its fields.
// "_version" is not in the specification; lenses kept in repositories
// carry it to say which revision of the lens they are.
type lens struct {
	SchemaVersion string          `json:"schemaVersion"`
	Version       json.RawMessage `json:"_version"`
	Name          string          `json:"name"`
	Description   string          `json:"description"`
	Pillars       []lensPillar    `json:"pillars"`
}

type lensPillar struct {
	ID        string         `json:"id"`
	Name      string         `json:"name"`
	Questions []lensQuestion `json:"questions"`
}

type lensQuestion struct {
	ID              string        `json:"id"`
	Title           string        `json:"title"`
	Description     string        `json:"description"`
	HelpfulResource *lensResource `json:"helpfulResource"`
	Choices         []lensChoice  `json:"choices"`
	RiskRules       []lensRule    `json:"riskRules"`
}

type lensChoice struct {
	ID                  string           `json:"id"`
	Title               string           `json:"title"`
	Description         string           `json:"description"`
	HelpfulResource     *lensResource    `json:"helpfulResource"`
	ImprovementPlan     *lensResource    `json:"improvementPlan"`
	AdditionalResources []lensAdditional `json:"additionalResources"`
}

type lensResource struct {
	DisplayText string `json:"displayText"`
	URL         string `json:"url"`
}

type lensAdditional struct {
	Type    string         `json:"type"` // HELPFUL_RESOURCE or IMPROVEMENT_PLAN
	Content []lensResource `json:"content"`
}

type lensRule struct {
	Condition string `json:"condition"`
	Risk      string `json:"risk"` // HIGH_RISK, MEDIUM_RISK or NO_RISK
}

// The fields the format defines, by where they stand; any other is left
// out and reported.
var lensFields = map[string][]string{
	"lens":       {"schemaVersion", "_version", "name", "description", "pillars"},
	"pillar":     {"id", "name", "questions"},
	"question":   {"id", "title", "description", "helpfulResource", "choices", "riskRules"},
	"choice":     {"id", "title", "description", "helpfulResource", "improvementPlan", "additionalResources"},
	"resource":   {"displayText", "url"},
	"additional": {"type", "content"},
	"rule":       {"condition", "risk"},
}

// riskMarker is a question title's risk mark: "(H)" or "(M)" at its end.
var riskMarker = regexp.MustCompile(`(?i)\s*\(\s*([hm])\s*\)\s*$`)

// readLens maps a custom lens onto a template, as the package
// documentation says: pillars become sections, questions items keeping
// their ids.
func readLens(name string, b []byte, opt Options, bs *base) (draft, error) {
	body := bytes.TrimPrefix(b, utf8BOM)
	// Most lenses hold only the fields the format defines; a lens with
	// others is read again to name them.
	var l lens
	var unknown []string
	if err := duplicateName(name, body); err != nil {
		return draft{}, err
	}
	if decodeStrict(body, &l) != nil {
		l = lens{}
		if err := json.Unmarshal(body, &l); err != nil {
			return draft{}, jsonRefusal(name, "", body, err)
		}
		unknown = unknownLensFields(body)
	}
	switch {
	case l.SchemaVersion == "":
		return draft{}, refuse(ErrUnsupported, "%s names no schemaVersion: an AWS custom lens says \"schemaVersion\": %q", name, LensSchema)
	case l.SchemaVersion != LensSchema:
		return draft{}, refuse(ErrUnsupported, "%s is a custom lens of schemaVersion %q; Ready Room reads schemaVersion %s, the format the AWS Well-Architected Tool writes", name, l.SchemaVersion, LensSchema)
	case len(l.Pillars) == 0:
		return draft{}, refuse(ErrMalformed, "%s has no pillars: a lens holds its questions in pillars, and a template needs at least one checklist item", name)
	}
	questions := 0
	for _, p := range l.Pillars {
		questions += len(p.Questions)
	}
	switch {
	case questions == 0:
		return draft{}, refuse(ErrMalformed, "%s has %s but no questions: a template needs at least one checklist item", name, plural(len(l.Pillars), "pillar", "pillars"))
	case questions > readiness.MaxTemplateItems:
		return draft{}, refuse(ErrTooLarge, "%s has %d questions; a template holds at most %d items", name, questions, readiness.MaxTemplateItems)
	}
	d := draft{file: name, report: Report{Format: FormatAWSLens}}
	if err := checkLensIDs(&d, &l); err != nil {
		return draft{}, err
	}
	rep := &d.report
	version := lensVersion(l.Version)
	rep.Source = fmt.Sprintf("AWS custom lens %q", strings.TrimSpace(l.Name))
	note := fmt.Sprintf("AWS Well-Architected custom lens (schema %s)", LensSchema)
	if version != "" {
		rep.Source += " version " + version
		note = fmt.Sprintf("AWS Well-Architected custom lens version %s (schema %s)", version, LensSchema)
	}

	t := &d.t
	t.Origin = origin(opt.FileName, FormatAWSLens, note)
	bs.apply(t)
	lensNames(&d, &l, opt, bs)
	if t.ID == "" {
		return draft{}, refuse(ErrNeedsID, "cannot make a template id from the lens name %q: import it with --as NAME (lowercase letters, digits and dashes)", t.Name)
	}
	d.src.fields = map[string]string{"name": "the lens name", "summary": "the lens description", "id": "the template id",
		"exitCriteria": "the exit criteria copied from " + bs.from, "handoverItems": "the handover items copied from " + bs.from}
	rep.note("A lens has no hypercare exit criteria or handover items: the template takes those of %s (%d and %d) and its %d-day hypercare, so records on it have both; edit them in the draft.",
		bs.from, len(bs.criteria), len(bs.handover), bs.days)

	// Item ids first: the question ids, which must survive; then section
	// ids, which give way to them.
	taken := map[string]bool{}
	for id := range bs.taken {
		taken[id] = true
	}
	ids := make([][]readiness.ItemID, len(l.Pillars))
	var renamed, clashed []string
	for i, p := range l.Pillars {
		for _, q := range p.Questions {
			want := itemIDFrom(q.ID)
			id := uniqueID(want, taken, readiness.MaxItemID)
			switch {
			case id != want:
				clashed = append(clashed, fmt.Sprintf("%s became %s, as %s was taken", q.ID, id, want))
			case id != q.ID:
				renamed = append(renamed, fmt.Sprintf("%s became %s", q.ID, id))
			}
			ids[i] = append(ids[i], readiness.ItemID(id))
		}
	}
	if len(renamed) > 0 {
		rep.note("Question ids that are not item ids were made ones (letters, digits, dashes and underscores; the shipped shape in capitals): %s.", listed(renamed))
	}
	if len(clashed) > 0 {
		rep.note("Question ids that would have made the same item id were told apart: %s.", listed(clashed))
	}

	var noRules, noChoices, unknownRisk, disagree, joined, longEvidence, overRefs, badLinks []string
	for i, p := range l.Pillars {
		sid := uniqueID(orDefault(slug(p.ID, maxSectionID), fmt.Sprintf("pillar-%d", i+1)), taken, maxSectionID)
		if sid == string(readiness.RetiredItemsSection) {
			sid = uniqueID(sid, taken, maxSectionID)
		}
		title, _ := oneLine(p.Name)
		if title == "" {
			title = p.ID
		}
		sec := readiness.SectionDef{ID: readiness.SectionID(sid), Number: fmt.Sprint(i + 1), Title: title, Kind: readiness.KindChecklist}
		d.src.addSection(fmt.Sprintf("pillar %s", p.ID))
		for j := range p.Questions {
			q := &p.Questions[j]
			where := fmt.Sprintf("question %s in pillar %s", q.ID, p.ID)
			d.src.addItem(where)
			it := readiness.ItemDef{ID: ids[i][j], NAAllowed: true}
			text := q.Title
			if m := riskMarker.FindStringSubmatch(text); m != nil {
				text = text[:len(text)-len(m[0])]
				it.Risk = map[string]string{"h": readiness.RiskHigh, "m": readiness.RiskMedium}[strings.ToLower(m[1])]
			}
			var changed bool
			if it.Text, changed = oneLine(text); changed {
				joined = append(joined, q.ID)
			}
			if len(q.Choices) == 0 {
				noChoices = append(noChoices, q.ID)
			}
			ruled, unknown := ruleRisk(q.RiskRules)
			switch {
			case len(unknown) > 0:
				unknownRisk = append(unknownRisk, fmt.Sprintf("%s (%s)", q.ID, strings.Join(unknown, ", ")))
			case len(q.RiskRules) == 0:
				noRules = append(noRules, q.ID)
			}
			if it.Risk == "" {
				it.Risk = ruled
			} else if ruled != "" && ruled != it.Risk {
				disagree = append(disagree, fmt.Sprintf("%s (marked %s, rules %s)", q.ID, it.Risk, ruled))
			}
			it.Why = lensWhy(q)
			var level int
			if it.Evidence, level = lensEvidence(q); level > 0 {
				longEvidence = append(longEvidence, q.ID)
			}
			var left, bad int
			it.Refs, left, bad = lensRefs(q)
			if left > 0 {
				overRefs = append(overRefs, fmt.Sprintf("%s (%d)", q.ID, left))
			}
			if bad > 0 {
				badLinks = append(badLinks, q.ID)
			}
			sec.Items = append(sec.Items, it)
		}
		t.Sections = append(t.Sections, sec)
	}
	if len(joined) > 0 {
		rep.note("Question titles written over several lines were joined into one line: %s.", listed(joined))
	}
	if len(disagree) > 0 {
		rep.note("Where a title's (H) or (M) and the risk rules disagree, the title's mark was kept: %s.", listed(disagree))
	}
	if len(unknownRisk) > 0 {
		rep.note("Risk rules with a risk other than HIGH_RISK, MEDIUM_RISK or NO_RISK were ignored: %s.", listed(unknownRisk))
	}
	if len(noChoices) > 0 {
		rep.note("Questions without choices (a lens offers a question's best practices as its choices) have no evidence guidance: %s.", listed(noChoices))
	}
	if len(noRules) > 0 {
		rep.note("Questions without risk rules (the format asks for a default rule) have no risk unless their title is marked: %s.", listed(noRules))
	}
	if len(longEvidence) > 0 {
		rep.note("The choices of some questions say more than the %d characters an item's evidence guidance holds, so their helpful texts were shortened or left out: %s.", readiness.MaxGuidance, listed(longEvidence))
	}
	if len(overRefs) > 0 {
		rep.note("An item keeps at most %d links; left out the rest of %s.", readiness.MaxRefs, listed(overRefs))
	}
	if len(badLinks) > 0 {
		rep.note("Links that are not http or https addresses were left out of %s.", listed(badLinks))
	}
	if len(unknown) > 0 {
		rep.note("Left out fields the custom lens format does not define, which Ready Room does not use: %s.", listed(unknown))
	}
	rep.note("Every item allows n/a, as a lens question can be \"not applicable\".")
	return d, nil
}

// lensNames gives the template its name, summary and id.
func lensNames(d *draft, l *lens, opt Options, bs *base) {
	t, rep := &d.t, &d.report
	name, _ := oneLine(l.Name)
	if name == "" {
		name = strings.TrimSuffix(displayName(opt.FileName), ".json")
		rep.note("The lens has no name; the template is named after the file, %s.", name)
	}
	if n, ok := shorten(name, readiness.MaxTemplateName); !ok {
		rep.note("The lens name is longer than the %d characters a template's name holds; it was shortened to %q.", readiness.MaxTemplateName, n)
		name = n
	}
	t.Name = name
	summary := strings.TrimSpace(l.Description)
	if s, ok := shorten(summary, readiness.MaxReason); !ok {
		rep.note("The lens description is longer than the %d characters a summary holds; it was shortened.", readiness.MaxReason)
		summary = s
	}
	t.Summary = summary
	switch {
	case opt.ID != "":
		t.ID = opt.ID
	case bs.prev != nil:
		t.ID = bs.prev.ID
	default:
		t.ID = templateIDFrom(name, "lens")
	}
}

// checkLensIDs refuses a lens whose pillars or questions lack ids or
// repeat them: an id is what carries answers from one version to the
// next, so none is made up.
func checkLensIDs(d *draft, l *lens) error {
	e := &ImportError{Format: FormatAWSLens, File: d.file, cause: ErrMalformed}
	pillars := map[string]int{}
	questions := map[string]string{}
	for i, p := range l.Pillars {
		pw := fmt.Sprintf("pillar %d (%s)", i+1, orDefault(p.Name, "no name"))
		switch {
		case strings.TrimSpace(p.ID) == "":
			e.Problems = append(e.Problems, Problem{Where: pw, Message: "the pillar has no id"})
		case pillars[p.ID] > 0:
			e.Problems = append(e.Problems, Problem{Where: "pillar " + p.ID, Message: fmt.Sprintf("pillars %d and %d have the same id", pillars[p.ID], i+1)})
		default:
			pillars[p.ID] = i + 1
			pw = "pillar " + p.ID
		}
		for j, q := range p.Questions {
			qw := fmt.Sprintf("question %d in %s", j+1, pw)
			switch {
			case strings.TrimSpace(q.ID) == "":
				e.Problems = append(e.Problems, Problem{Where: qw, Message: fmt.Sprintf("the question %q has no id", q.Title)})
			case questions[q.ID] != "":
				e.Problems = append(e.Problems, Problem{Where: "question " + q.ID, Message: fmt.Sprintf("the id is used twice, in %s and in %s: each question needs an id of its own", questions[q.ID], pw)})
			case itemIDFrom(q.ID) == "":
				e.Problems = append(e.Problems, Problem{Where: qw, Message: fmt.Sprintf("the id %q has no letter or digit to make an item id of", q.ID)})
			default:
				questions[q.ID] = pw
				qw = "question " + q.ID
			}
			// A question's risk rules speak of its choices by id.
			choices := map[string]int{}
			for k, c := range q.Choices {
				switch id := strings.TrimSpace(c.ID); {
				case id == "":
					e.Problems = append(e.Problems, Problem{Where: fmt.Sprintf("choice %d of %s", k+1, qw), Message: fmt.Sprintf("the choice %q has no id", c.Title)})
				case choices[id] > 0:
					e.Problems = append(e.Problems, Problem{Where: "choice " + id + " of " + qw, Message: fmt.Sprintf("choices %d and %d have the same id", choices[id], k+1)})
				default:
					choices[id] = k + 1
				}
			}
		}
	}
	if len(e.Problems) > 0 {
		return e
	}
	return nil
}

// ruleRisk is the worst risk a question's rules can give.
func ruleRisk(rules []lensRule) (risk string, unknown []string) {
	high, medium := false, false
	for _, r := range rules {
		switch strings.ToUpper(strings.Trim(r.Risk, " `")) {
		case "HIGH_RISK":
			high = true
		case "MEDIUM_RISK":
			medium = true
		case "NO_RISK":
		default:
			unknown = append(unknown, fmt.Sprintf("%q", r.Risk))
		}
	}
	switch {
	case high:
		return readiness.RiskHigh, unknown
	case medium:
		return readiness.RiskMedium, unknown
	}
	return "", unknown
}

// noneIsNoRisk: the question's risk rules give no risk to its "None of
// these" choice chosen alone (a rule whose condition is that choice).
func noneIsNoRisk(q *lensQuestion, none *lensChoice) bool {
	for _, r := range q.RiskRules {
		if strings.TrimSpace(r.Condition) == strings.TrimSpace(none.ID) {
			return strings.EqualFold(strings.Trim(r.Risk, " `"), "NO_RISK")
		}
	}
	return false
}

// isNoneChoice: the format's "None of these" choice.
func isNoneChoice(c *lensChoice) bool {
	return strings.HasSuffix(c.ID, "_no") || strings.HasPrefix(strings.ToLower(strings.TrimSpace(c.Title)), "none of these")
}

func lensWhy(q *lensQuestion) string {
	var parts []string
	if s := strings.TrimSpace(q.Description); s != "" {
		parts = append(parts, s)
	}
	if q.HelpfulResource != nil {
		if s := strings.TrimSpace(q.HelpfulResource.DisplayText); s != "" {
			parts = append(parts, s)
		}
	}
	return strings.Join(parts, "\n\n")
}

// lensEvidence lists the question's choices as what good evidence shows,
// leaving out detail (additional resources, then helpful texts, then
// improvement plans) until it fits readiness.MaxGuidance; level says how
// much was left out.
func lensEvidence(q *lensQuestion) (text string, level int) {
	for level = 0; level <= 3; level++ {
		text = lensEvidenceAt(q, level)
		if utf8.RuneCountInString(text) <= readiness.MaxGuidance {
			return text, level
		}
	}
	text, _ = shorten(text, readiness.MaxGuidance)
	return text, level
}

func lensEvidenceAt(q *lensQuestion, level int) string {
	var b strings.Builder
	var none *lensChoice
	practices := 0
	for i := range q.Choices {
		c := &q.Choices[i]
		if isNoneChoice(c) {
			if none == nil {
				none = c
			}
			continue
		}
		if practices == 0 {
			b.WriteString("The lens's best practices for this question; good evidence shows which are in place:")
		}
		practices++
		title, _ := oneLine(c.Title)
		b.WriteString("\n- " + orDefault(title, c.ID))
		about, improve := choiceWords(c, level)
		if about != "" {
			b.WriteString(": " + about)
		}
		if improve != "" {
			b.WriteString("\n  To improve: " + improve)
		}
		if level < 1 {
			for _, a := range c.AdditionalResources {
				for _, r := range a.Content {
					if s, _ := oneLine(r.DisplayText); s != "" {
						label := "See also"
						if strings.EqualFold(a.Type, "IMPROVEMENT_PLAN") {
							label = "Also to improve"
						}
						b.WriteString("\n  " + label + ": " + s)
					}
				}
			}
		}
	}
	if none != nil {
		if b.Len() > 0 {
			b.WriteString("\n")
		}
		title, _ := oneLine(none.Title)
		if noneIsNoRisk(q, none) {
			// Some lenses ask whether something unwanted is there: none
			// of these is the good answer.
			fmt.Fprintf(&b, "The lens's %q choice (%s) is no risk by its rules: with none of these in place the item can be done.", orDefault(title, "None of these"), none.ID)
		} else {
			fmt.Fprintf(&b, "The lens's %q choice (%s) means none of these is in place: the item is not done, or n/a with the reason when the question does not apply to the release.",
				orDefault(title, "None of these"), none.ID)
		}
		about, improve := choiceWords(none, level)
		if about != "" {
			b.WriteString(" " + about)
		}
		if improve != "" {
			b.WriteString(" To improve: " + improve)
		}
	}
	return b.String()
}

// choiceWords are what a choice says of itself at a level of shortening:
// its description and helpful resource (below level 2), and its
// improvement plan (below level 3).
func choiceWords(c *lensChoice, level int) (about, improve string) {
	var words []string
	if s, _ := oneLine(c.Description); s != "" && level < 2 {
		words = append(words, s)
	}
	if c.HelpfulResource != nil && level < 2 {
		if s, _ := oneLine(c.HelpfulResource.DisplayText); s != "" {
			words = append(words, s)
		}
	}
	if c.ImprovementPlan != nil && level < 3 {
		improve, _ = oneLine(c.ImprovementPlan.DisplayText)
	}
	return strings.Join(words, " "), improve
}

// lensRefs gathers the question's links in order, once each: its helpful
// resource, then each choice's helpful resource, improvement plan and
// additional resources. left counts those past readiness.MaxRefs, bad
// those that are not http(s) addresses.
func lensRefs(q *lensQuestion) (refs []string, left, bad int) {
	var all []string
	add := func(r *lensResource) {
		if r == nil || strings.TrimSpace(r.URL) == "" {
			return
		}
		u := strings.TrimSpace(r.URL)
		if !isWebLink(u) {
			bad++
			return
		}
		if !slices.Contains(all, u) {
			all = append(all, u)
		}
	}
	add(q.HelpfulResource)
	for i := range q.Choices {
		c := &q.Choices[i]
		add(c.HelpfulResource)
		add(c.ImprovementPlan)
		for _, a := range c.AdditionalResources {
			for k := range a.Content {
				add(&a.Content[k])
			}
		}
	}
	if len(all) > readiness.MaxRefs {
		left = len(all) - readiness.MaxRefs
		all = all[:readiness.MaxRefs]
	}
	return all, left, bad
}

// isWebLink: an http(s) address on one line that fits a reference.
func isWebLink(u string) bool {
	lower := strings.ToLower(u)
	return (strings.HasPrefix(lower, "https://") || strings.HasPrefix(lower, "http://")) && len(u) > len("https://") &&
		!strings.ContainsAny(u, " \t\r\n") && utf8.RuneCountInString(u) <= readiness.MaxReason && readiness.CleanLine(u)
}

// lensVersion reads "_version", text or a number.
func lensVersion(raw json.RawMessage) string {
	var s string
	if json.Unmarshal(raw, &s) == nil {
		s, _ = oneLine(s)
		s, _ = shorten(s, 40)
		return s
	}
	var n json.Number
	if json.Unmarshal(raw, &n) == nil {
		return n.String()
	}
	return ""
}

// unknownLensFields lists the fields the format does not define, each
// with where it stood and how often.
func unknownLensFields(body []byte) []string {
	var v any
	if json.Unmarshal(body, &v) != nil {
		return nil
	}
	counts := map[string]int{}
	var order []string
	var walk func(v any, kind string)
	walk = func(v any, kind string) {
		m, ok := v.(map[string]any)
		if !ok {
			return
		}
		for k, child := range m {
			if !slices.Contains(lensFields[kind], k) {
				key := fmt.Sprintf("%q in %s", k, map[string]string{"lens": "the lens", "pillar": "pillars", "question": "questions",
					"choice": "choices", "resource": "resources", "additional": "additional resources", "rule": "risk rules"}[kind])
				if counts[key] == 0 {
					order = append(order, key)
				}
				counts[key]++
				continue
			}
			list, _ := child.([]any)
			switch k {
			case "pillars", "questions", "choices", "riskRules", "additionalResources", "content":
				next := map[string]string{"pillars": "pillar", "questions": "question", "choices": "choice", "riskRules": "rule",
					"additionalResources": "additional", "content": "resource"}[k]
				for _, x := range list {
					walk(x, next)
				}
			case "helpfulResource", "improvementPlan":
				walk(child, "resource")
			}
		}
	}
	walk(v, "lens")
	slices.Sort(order)
	out := make([]string, len(order))
	for i, k := range order {
		out[i] = k
		if n := counts[k]; n > 1 {
			out[i] = fmt.Sprintf("%s (%d times)", k, n)
		}
	}
	return out
}

func orDefault(s, def string) string {
	if strings.TrimSpace(s) == "" {
		return def
	}
	return s
}
