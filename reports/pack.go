package reports

import (
	"bytes"
	"fmt"
	"io"
	"runtime"
	"sort"
	"strings"
	"time"

	"readyroom/readiness"
)

// PackOptions tune a readiness pack.
type PackOptions struct {
	Paper Paper
	// Now is the generation time, printed on the cover and used as the PDF's
	// creation and modification dates: fix it for byte-identical output.
	Now time.Time
	// Author is the document's author metadata (who exported it).
	Author string
	// HistoryLimit is how many of the newest changes the pack lists (20 when 0).
	HistoryLimit int
}

// ReadinessPack renders a record's readiness pack: cover, contents,
// executive summary, every section and item, risks, contacts,
// acknowledgements, hypercare plan and recent history.
func ReadinessPack(w io.Writer, r *readiness.Record, history []readiness.HistoryEntry, opt PackOptions) (err error) {
	if opt.Now.IsZero() {
		return fmt.Errorf("rendering pack: PackOptions.Now is required")
	}
	if opt.HistoryLimit == 0 {
		opt.HistoryLimit = 20
	}
	defer func() {
		if p := recover(); p != nil {
			err = fmt.Errorf("rendering pack: %v", p)
		}
	}()
	// Pass one lays the pack out to learn each section's page; pass two
	// prints the contents with those pages. The contents fill one page.
	pages := map[string]int{}
	if err := renderPack(r, history, opt, pages, nil); err != nil {
		return err
	}
	runtime.GC()         // let the second pass reuse the first's memory: a lower peak
	var buf bytes.Buffer // nothing reaches w unless the whole pack rendered
	if err := renderPack(r, history, opt, pages, &buf); err != nil {
		return err
	}
	_, err = buf.WriteTo(w)
	return err
}

type packSection struct {
	key, title string
	level      int
	draw       func(d *doc)
}

// renderPack lays the pack out; with out nil it only measures, noting each
// section's page in pages.
func renderPack(r *readiness.Record, history []readiness.HistoryEntry, opt PackOptions, pages map[string]int, out io.Writer) error {
	measure := out == nil
	now := opt.Now
	d := newDoc(opt.Paper, "readiness pack", r.Service+" — "+r.Title, now)
	d.measuring = measure
	d.SetTitle(Sanitize("Readiness pack: "+r.Service+" — "+r.Title), true)
	d.SetSubject(Sanitize(fmt.Sprintf("%s release readiness, go-live %s", tierName(r.Tier), r.GoLive)), true)
	d.SetAuthor(Sanitize(firstNonEmpty(opt.Author, r.Squad)), true)
	d.SetCreator("Ready Room", true)
	d.SetKeywords(Sanitize("readiness "+string(r.Tier)+" "+r.Service), true)
	p := readiness.ProgressOf(r, now)

	sections := []packSection{{key: "summary", title: "Executive summary", draw: func(d *doc) { summary(d, r, p, now) }}}
	for _, s := range r.Sections {
		s := s
		title := s.Title
		if s.Number != "" {
			title = s.Number + " " + title
		}
		sections = append(sections, packSection{key: string(s.ID), title: title, draw: func(d *doc) { section(d, r, &s, p) }})
	}
	sections = append(sections,
		packSection{key: "acks", title: "Acknowledgements", draw: func(d *doc) { acks(d, r) }},
		packSection{key: "hypercare-plan-window", title: "Hypercare plan and exit criteria", draw: func(d *doc) { hypercare(d, r) }},
		packSection{key: "history", title: "Recent changes", draw: func(d *doc) { recent(d, history, opt.HistoryLimit) }},
	)

	cover(d, r, p, now)
	// Contents.
	d.AddPage()
	d.heading("Contents", 0, 0)
	links := map[string]int{}
	for _, s := range sections {
		links[s.key] = d.AddLink()
		y := d.GetY()
		d.font("", 10)
		d.color(cInk)
		d.SetX(d.left)
		title := Sanitize(s.title)
		d.CellFormat(d.width-14, 6.2, title, "", 0, "L", false, links[s.key], "")
		d.CellFormat(14, 6.2, pageLabel(pages[s.key]), "", 1, "R", false, links[s.key], "")
		d.draw(cRule)
		d.Line(d.left, y+6.2, d.right, y+6.2)
	}
	// Body.
	d.AddPage()
	for _, s := range sections {
		if s.key == "summary" || strings.HasPrefix(s.key, "comms") {
			if d.GetY() > 40 {
				d.AddPage()
			}
		}
		d.heading(s.title, s.level, links[s.key])
		if measure {
			pages[s.key] = d.PageNo()
		}
		s.draw(d)
	}
	if measure {
		if d.Err() {
			return fmt.Errorf("rendering pack: %w", d.Error())
		}
		return nil
	}
	return d.finish(out, "pack")
}

func pageLabel(n int) string {
	if n == 0 {
		return ""
	}
	return fmt.Sprint(n)
}

func firstNonEmpty(s ...string) string {
	for _, x := range s {
		if strings.TrimSpace(x) != "" {
			return x
		}
	}
	return ""
}

func tierName(t readiness.Tier) string {
	if t == readiness.Gold {
		return "Gold"
	}
	return "Silver"
}

func cover(d *doc, r *readiness.Record, p readiness.Progress, now time.Time) {
	d.band("Readiness pack", r.Service, r.Title)
	d.pill(d.left, 100, tierName(r.Tier), string(r.Tier))
	d.pill(d.left+18, 100, r.State.Label(), "blue")
	d.SetXY(d.left, 110)
	d.font("B", 40)
	d.color(cInk)
	d.CellFormat(40, 16, fmt.Sprintf("%d%%", p.Percent), "", 0, "L", false, 0, "")
	d.font("", 10)
	d.color(cInk2)
	d.SetXY(d.left+42, 113)
	d.CellFormat(80, 5, fmt.Sprintf("ready: %d of %d applicable items done", p.Done, p.Applicable), "", 2, "L", false, 0, "")
	d.SetX(d.left + 42)
	d.pill(d.left+42, d.GetY()+1, strings.Split(ragPill(p.RAG), "|")[0], string(p.RAG))
	d.SetXY(d.left, 136)
	d.facts([][2]string{
		{"Go-live", string(r.GoLive)}, {"Squad", r.Squad}, {"Service delivery manager", r.SDM},
		{"Maintenance team", r.MaintenanceTeam}, {"Template", fmt.Sprintf("%s v%d", tierName(r.Tier), r.TemplateVersion)},
		{"Generated", now.UTC().Format("2 January 2006, 15:04 MST")},
	})
	d.SetXY(d.left, 200)
	d.text("Awareness, not approval. This pack is owned by the squad: it records what the team knows and has done, so everyone affected can see it. Hypercare: done is not done.", 9, "I", cInk3)
}

func summary(d *doc, r *readiness.Record, p readiness.Progress, now time.Time) {
	d.text(fmt.Sprintf("%d%% ready — %d of %d applicable items done, %d blocked, %d overdue. State: %s.", p.Percent, p.Done, p.Applicable, p.Blocked, p.Overdue, r.State.Label()), 10, "", cInk)
	d.Ln(2)
	titles := sectionTable(d, r, p.Sections)
	// Bar chart: one bar per section, the word beside it.
	if d.GetY() > d.bottom-float64(len(p.Sections))*7-10 {
		d.AddPage()
	}
	d.font("B", 9)
	d.color(cInk2)
	d.SetX(d.left)
	d.CellFormat(d.width, 6, "Readiness by section", "", 1, "L", false, 0, "")
	barX, barW := d.left+62, d.width-62-24
	for _, sp := range p.Sections {
		y := d.GetY()
		d.font("", 8)
		d.color(cInk)
		d.SetXY(d.left, y)
		label := Sanitize(titles[sp.ID])
		if lines := d.SplitText(label, 58); len(lines) > 1 {
			label = strings.TrimRight(lines[0], " ,") + "…"
		}
		d.CellFormat(60, 5.5, label, "", 0, "L", false, 0, "")
		d.fill(cZebra)
		d.Rect(barX, y+1, barW, 3.5, "F")
		c := pills[string(sp.RAG)][1]
		d.fill(c)
		d.Rect(barX, y+1, barW*float64(sp.Percent)/100, 3.5, "F")
		d.SetXY(barX+barW+2, y)
		d.CellFormat(22, 5.5, fmt.Sprintf("%d%% %s", sp.Percent, strings.Split(ragPill(sp.RAG), "|")[0]), "", 1, "L", false, 0, "")
	}
	d.Ln(3)
	var blockers, overdue [][]string
	today := readiness.DateOf(now)
	for _, s := range r.Sections {
		for _, it := range s.Items {
			if it.Status == readiness.Blocked {
				blockers = append(blockers, []string{string(it.ID), it.Text, it.Reason, it.Owner})
			}
			if it.Overdue(today) {
				overdue = append(overdue, []string{string(it.ID), it.Text, string(it.Due), it.Owner})
			}
		}
	}
	d.heading("Blockers", 1, 0)
	if len(blockers) == 0 {
		d.text("Nothing is blocked.", 9, "I", cInk3)
	} else {
		d.table([]col{{title: "Item", width: 18, bold: true}, {title: "What", width: 61}, {title: "Why blocked", width: 60}, {title: "Owner", width: d.width - 142}}, blockers)
	}
	d.heading("Overdue", 1, 0)
	if len(overdue) == 0 {
		d.text("Nothing is overdue.", 9, "I", cInk3)
	} else {
		d.table([]col{{title: "Item", width: 18, bold: true}, {title: "What", width: 87}, {title: "Due", width: 24}, {title: "Owner", width: d.width - 132}}, overdue)
	}
	d.heading("Top risks", 1, 0)
	risks := append([]readiness.Risk(nil), r.Risks...)
	score := func(k readiness.Risk) int { return level(k.Likelihood) * level(k.Impact) }
	sort.SliceStable(risks, func(i, j int) bool { return score(risks[i]) > score(risks[j]) })
	if len(risks) > 5 {
		risks = risks[:5]
	}
	riskTable(d, risks)
	d.heading("Next step", 1, 0)
	if nc := r.NextCeremony(readiness.DateOf(now)); nc != nil {
		d.text(fmt.Sprintf("Next ceremony: %s on %s. %s", nc.Kind.Label(), nc.Date, nc.Note), 9.5, "B", cInk)
	}
	if st := r.NextStep(now); r.State == readiness.Closed {
		d.text("Closed: hypercare exited and the handover was accepted.", 9.5, "", cInk)
	} else {
		next := st.Action + " (" + st.Next.Label() + "). " + st.How
		if len(st.Blockers) > 0 {
			next += " In the way: " + strings.Join(st.Blockers, "; ") + "."
		}
		d.text(next, 9.5, "", cInk)
	}
	d.heading("Ceremonies", 1, 0)
	if len(r.Ceremonies) == 0 {
		d.text("No ceremony recorded yet.", 9, "I", cInk3)
	} else {
		var rows [][]string
		for _, c := range r.Ceremonies {
			outcome := ""
			if len(c.Decisions) > 0 {
				outcome = string(c.Decisions[0].Outcome) + ": " + c.Decisions[0].Reason
			}
			rows = append(rows, []string{string(c.Date), c.Kind.Label(), outcome})
		}
		d.table([]col{{title: "Date", width: 24}, {title: "Ceremony", width: 40}, {title: "Decision", width: d.width - 64}}, rows)
	}
}

// sectionTable prints readiness per checklist section (now, or as a
// snapshot had it) and returns the sections' titles by id.
func sectionTable(d *doc, r *readiness.Record, sections []readiness.SectionProgress) map[readiness.SectionID]string {
	titles := map[readiness.SectionID]string{}
	for _, s := range r.Sections {
		titles[s.ID] = strings.TrimSpace(s.Number + " " + s.Title)
	}
	var rows [][]string
	for _, sp := range sections {
		rows = append(rows, []string{titles[sp.ID], fmt.Sprintf("%d / %d", sp.Done, sp.Applicable), fmt.Sprintf("%d%%", sp.Percent), ragPill(sp.RAG), sp.Why})
	}
	d.table([]col{{title: "Section", width: 70}, {title: "Done", width: 20}, {title: "Ready", width: 16}, {title: "RAG", width: 22, pill: true}, {title: "Why", width: d.width - 128}}, rows)
	return titles
}

func level(l readiness.Level) int {
	switch l {
	case "high":
		return 3
	case "medium":
		return 2
	}
	return 1
}

func riskTable(d *doc, risks []readiness.Risk) {
	if len(risks) == 0 {
		d.text("No risks recorded.", 9, "I", cInk3)
		return
	}
	kind := map[readiness.Level]string{"high": "red", "medium": "amber", "low": "green"}
	var rows [][]string
	for _, k := range risks {
		rows = append(rows, []string{k.Description, string(k.Likelihood) + "|" + kind[k.Likelihood], string(k.Impact) + "|" + kind[k.Impact], k.Mitigation, k.Owner, k.Status})
	}
	d.table([]col{{title: "Risk", width: 50}, {title: "Likelihood", width: 22, pill: true}, {title: "Impact", width: 20, pill: true},
		{title: "Mitigation", width: 44}, {title: "Owner", width: 20}, {title: "Status", width: d.width - 156}}, rows)
}

func section(d *doc, r *readiness.Record, s *readiness.Section, p readiness.Progress) {
	if s.Guidance != "" && s.Kind != readiness.KindNarrative {
		d.text(s.Guidance, 8.5, "I", cInk3)
		d.Ln(2)
	}
	switch s.Kind {
	case readiness.KindNarrative:
		if strings.TrimSpace(s.Text) == "" {
			d.text("Not filled in.", 9.5, "I", cInk3)
		} else {
			d.text(s.Text, 9.5, "", cInk)
		}
	case readiness.KindContacts:
		if len(r.Contacts) == 0 {
			d.text("No contacts recorded.", 9, "I", cInk3)
			return
		}
		var rows [][]string
		for _, c := range r.Contacts {
			rows = append(rows, []string{c.Name, strings.TrimSpace(c.Role + ", " + c.Team), c.InHours, c.OutOfHours})
		}
		d.table([]col{{title: "Name", width: 36, bold: true}, {title: "Role and team", width: 44}, {title: "In hours", width: 48}, {title: "Out of hours", width: d.width - 128}}, rows)
	case readiness.KindRisks:
		riskTable(d, r.Risks)
	case readiness.KindStatusKey:
		d.text("Not started · In progress · Done · N/A (reason required) · Blocked (reason required). A section is Green when every item is done or n/a, Amber while work is open, Red when an item is blocked or past its due date. Readiness is the share of applicable items done.", 9, "", cInk2)
	case readiness.KindChecklist:
		for _, sp := range p.Sections {
			if sp.ID == s.ID {
				d.text(fmt.Sprintf("%d%% — %d of %d applicable items done — %s", sp.Percent, sp.Done, sp.Applicable, sp.Why), 9, "B", cInk2)
				d.Ln(1)
			}
		}
		var rows [][]string
		for _, it := range s.Items {
			ev := []string{}
			if it.Reason != "" {
				ev = append(ev, it.Status.Label()+": "+it.Reason)
			}
			for _, e := range it.Evidence {
				ev = append(ev, strings.TrimSpace(e.Label+" "+e.URL))
			}
			if it.Notes != "" {
				ev = append(ev, it.Notes)
			}
			rows = append(rows, []string{string(it.ID), it.Text, statusPill(it.Status), it.Owner, string(it.Due), strings.Join(ev, "\n")})
		}
		d.table([]col{{title: "Item", width: 18, bold: true}, {title: "What", width: 49}, {title: "Status", width: 22, pill: true},
			{title: "Owner", width: 19}, {title: "Due", width: 21}, {title: "Evidence and notes", width: d.width - 129}}, rows)
	}
}

func acks(d *doc, r *readiness.Record) {
	d.text("Awareness, not approval: these people have seen the record. An acknowledgement given before a later material change (tier, go-live date, rollback plan, an item reopened) acknowledged an earlier version.", 8.5, "I", cInk3)
	d.Ln(2)
	if len(r.Acks) == 0 {
		d.text("No acknowledgements yet.", 9, "I", cInk3)
		return
	}
	var rows [][]string
	for _, a := range r.Acks {
		scope := "Whole record"
		if s := r.Section(a.Section); s != nil {
			scope = s.Title
		}
		state := "Current|green"
		if a.Stale(r) {
			state = "Earlier version|amber"
		}
		rows = append(rows, []string{a.Person.Name, a.Person.Role, scope, a.At.UTC().Format("2006-01-02"), state, a.Comment})
	}
	d.table([]col{{title: "Name", width: 30, bold: true}, {title: "Role", width: 28}, {title: "Scope", width: 32}, {title: "When", width: 20},
		{title: "Version", width: 28, pill: true}, {title: "Comment", width: d.width - 138}}, rows)
}

func hypercare(d *doc, r *readiness.Record) {
	h := &r.Hypercare
	d.text(fmt.Sprintf("Window: %d days, %s. Start %s, planned end %s.", h.Window.Days, h.Window.State, orDash(string(h.Window.Start)), orDash(string(h.End()))), 9.5, "", cInk)
	d.Ln(2)
	var rows [][]string
	for _, c := range h.Criteria {
		kind := map[readiness.CriterionStatus]string{readiness.Met: "green", readiness.Waived: "amber", readiness.Unmet: "grey"}[c.Status]
		note := c.Evidence
		if c.Reason != "" {
			note = strings.TrimSpace("Waived: " + c.Reason + "\n" + c.Evidence)
		}
		rows = append(rows, []string{c.Text, string(c.Status) + "|" + kind, note})
	}
	d.table([]col{{title: "Exit criterion", width: 80}, {title: "Status", width: 22, pill: true}, {title: "Evidence or reason", width: d.width - 102}}, rows)
}

func recent(d *doc, history []readiness.HistoryEntry, limit int) {
	if len(history) == 0 {
		d.text("No changes recorded.", 9, "I", cInk3)
		return
	}
	if len(history) > limit {
		history = history[:limit]
	}
	var rows [][]string
	for _, e := range history {
		rows = append(rows, []string{e.At.UTC().Format("2006-01-02 15:04"), e.Author, e.Label, e.Summary})
	}
	d.table([]col{{title: "When (UTC)", width: 30}, {title: "Who", width: 32}, {title: "What", width: 44}, {title: "Change", width: d.width - 106}}, rows)
}

func orDash(s string) string {
	if s == "" {
		return "—"
	}
	return s
}
