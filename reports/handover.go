package reports

import (
	"fmt"
	"io"
	"slices"
	"strings"

	"readyroom/readiness"
)

// HandoverPack renders what the maintenance team needs, for whoever is
// called at 3 a.m. Page 1 holds the service, the warnings (no contacts, no
// escalation order, no rollback plan, rollback items blocked or not done),
// the escalation order (contacts by level, L1 first, with how to reach
// them in and out of hours), and the rollback plan in brief with the status
// of every rollback checklist item. Then the commitments the receiving
// team took on, the hypercare window and incidents still open, runbooks
// and known errors, monitoring and alert ownership, the rollback plan in
// full, every handover item, and the acceptance with every action.
func HandoverPack(w io.Writer, r *readiness.Record, opt PackOptions) (err error) {
	if r == nil {
		return fmt.Errorf("rendering handover pack: %w", ErrNoRecord)
	}
	if opt.Now.IsZero() {
		return fmt.Errorf("rendering handover pack: %w", ErrNoTime)
	}
	defer func() {
		if p := recover(); p != nil {
			err = fmt.Errorf("rendering handover pack of %s: %v", r.ID, p)
		}
	}()
	team := firstNonEmpty(r.Handover.Team, r.MaintenanceTeam)
	d, err := newDoc(opt.Paper, docMeta{
		kind: "Handover pack", title: r.Service + " — " + r.Title,
		subject:  "Handover to " + team,
		author:   firstNonEmpty(opt.Author, r.Squad),
		keywords: keywords("handover", "runbooks", "escalation", r.Service),
		now:      opt.Now,
	})
	if err != nil {
		return fmt.Errorf("rendering handover pack: %w", err)
	}
	hp := &handover{doc: d, r: r, st: readiness.StandingOf(r, opt.Now), today: readiness.DateOf(opt.Now), team: team}
	hp.plan, hp.checklist = rollbackOf(r)
	hp.render()
	return d.finish(w, "handover pack")
}

// handover is one handover pack being rendered.
type handover struct {
	*doc
	r     *readiness.Record
	st    readiness.Standing
	today readiness.Date
	team  string
	// The rollback plan (a narrative section) and the rollback checklist
	// section; nil when the record's template has none.
	plan, checklist *readiness.Section
	planCut         bool // page 1 could not hold the whole plan
	n               int  // the last section number used
}

// page1Contacts is how many contacts the escalation order on page 1 lists;
// more follow in a section of their own, so the rollback stays on page 1.
const page1Contacts = 6

func (hp *handover) section(title string) {
	hp.n++
	hp.compactHeading(fmt.Sprintf("%d. %s", hp.n, title))
}

func (hp *handover) render() {
	r, h := hp.r, &hp.r.Handover
	accepted := "not yet accepted"
	if a := h.Acceptance; a != nil {
		accepted = fmt.Sprintf("accepted by %s on %s", a.Person.Name, a.Date)
	}
	gl := hp.st.GoLive
	golive := "go-live planned " + orDash(string(gl.Planned))
	if !gl.Actual.IsZero() {
		golive = "went live " + string(gl.Actual)
		if gl.Planned != "" && gl.Planned != gl.Actual {
			golive += " (planned " + string(gl.Planned) + ")"
		}
	}
	hp.header("Handover pack", r.Service+" — "+r.Title, []string{
		fmt.Sprintf("To %s from %s · %s", orDash(hp.team), orDash(r.Squad), accepted),
		fmt.Sprintf("%s · %s · hypercare %s", r.State.Label(), golive, hp.hypercareWords()),
	}, tones[toneGreen][1])
	if warnings := hp.warnings(); len(warnings) > 0 {
		hp.callout(plural(len(warnings), "warning", "warnings")+": read before relying on this pack", warnings, toneRed)
	}

	contacts := escalationOrder(r.Contacts)
	hp.section("Escalation order")
	if len(contacts) == 0 {
		hp.para("No contacts recorded.", stBodyBold)
	} else {
		hp.denseTable(contactColumns(hp.doc), contactRows(contacts[:min(len(contacts), page1Contacts)]))
		if n := len(contacts) - page1Contacts; n > 0 {
			hp.para(fmt.Sprintf("%d more in “More contacts” below.", n), stNote)
		}
	}

	hp.section("Rollback")
	hp.rollbackBrief()

	hp.commitments()
	if hp.f.PageNo() == 1 { // page 1 is for the night; the reference follows
		hp.page()
	}
	if len(contacts) > page1Contacts {
		hp.section("More contacts")
		hp.table(contactColumns(hp.doc), contactRows(contacts[page1Contacts:]))
	}

	hp.section("Hypercare and open incidents")
	hc := hp.st.Hypercare
	switch {
	case hc.Start.IsZero():
		hp.para(fmt.Sprintf("Hypercare has not started: a %d-day window opens at go-live.", r.Hypercare.Window.Days), stBody)
	case hc.State == readiness.HCExited:
		hp.para(fmt.Sprintf("Hypercare ran from %s and exited on %s. %s; exit criteria %d of %d met or waived.",
			hc.Start, orDash(string(hc.ExitedOn)), capitalise(openIncidentsText(hc)), hc.CriteriaMet, hc.Criteria), stBody)
	default:
		hp.para(fmt.Sprintf("Hypercare %s: %s to %s. %s; exit criteria %d of %d met or waived.",
			hp.hypercareWords(), hc.Start, orDash(string(hc.End)), capitalise(openIncidentsText(hc)), hc.CriteriaMet, hc.Criteria), stBody)
	}
	if rows := openIncidents(r); len(rows) > 0 {
		hp.gap(2)
		hp.incidentTable(rows)
	}

	hp.section("Runbooks and known errors")
	hp.items(hp.byKind("runbooks", "known-errors"))
	hp.section("Monitoring and alert ownership")
	if s := r.Section("observability"); s != nil && strings.TrimSpace(s.Text) != "" {
		hp.para(s.Text, stBody)
		hp.gap(2)
	}
	hp.items(hp.byKind("alerts", "dashboards", "slos"))
	if hp.planCut {
		hp.section("Rollback plan in full")
		hp.para(hp.plan.Text, stBody)
	}
	hp.section("Everything handed over")
	hp.items(h.Items)
	hp.section("Acceptance and actions")
	hp.acceptance()
}

// commitments lists what the receiving team took on, on page 1 when the
// whole list fits there, or at the top of page 2.
func (hp *handover) commitments() {
	cm := hp.st.Commitments
	var rows [][]cell
	if len(cm) > 0 {
		rows = actionRows(cm, hp.today)
		if hp.f.PageNo() == 1 && !hp.room(16+stNote.leading()+hp.tableHeight(actionColumns(hp.doc, "Commitment"), rows, cellPadY, false)) {
			hp.page()
		}
	}
	hp.section("Open commitments")
	switch {
	case len(cm) > 0:
		hp.para(fmt.Sprintf("What %s took on: actions transferred to it and the conditions of its acceptance still open.", orDash(hp.team)), stNote)
		hp.gap(1)
		hp.table(actionColumns(hp.doc, "Commitment"), rows)
	case hp.r.Handover.Acceptance == nil:
		hp.note("The handover is not accepted yet: the conditions of its acceptance, and actions transferred when the record closes, will be listed here.")
	default:
		hp.note("The receiving team has no commitments open.")
	}
}

// hypercareWords is the window's state in a few words.
func (hp *handover) hypercareWords() string {
	hc := hp.st.Hypercare
	switch {
	case hc.State == readiness.HCExited:
		return "exited " + orDash(string(hc.ExitedOn))
	case hc.Day > 0 && hc.Overdue:
		return fmt.Sprintf("day %d of %d, past its end", hc.Day, hc.Days)
	case hc.Day > 0:
		return fmt.Sprintf("day %d of %d", hc.Day, hc.Days)
	}
	return string(hc.State)
}

// warnings are what whoever is called must know before trusting the pack:
// nobody to call, no escalation order, no way to reach someone out of
// hours, no rollback plan, rollback items blocked or not done.
func (hp *handover) warnings() []string {
	r := hp.r
	var out []string
	leveled := 0
	var noOOH []string
	for _, c := range r.Contacts {
		if c.Level != "" {
			leveled++
		}
		if strings.TrimSpace(c.OutOfHours) == "" {
			noOOH = append(noOOH, c.Name)
		}
	}
	switch {
	case len(r.Contacts) == 0:
		out = append(out, "No contacts are recorded: whoever is called has nobody to escalate to. Add the receiving team's on-call and the squad's lead to the record, with their escalation level (L1–L3).")
	case leveled == 0:
		out = append(out, "No escalation order: no contact has an escalation level (L1–L3), so the contacts are listed as the record has them.")
	}
	if len(noOOH) > 0 {
		out = append(out, fmt.Sprintf("No out-of-hours way to reach %s.", joinNames(noOOH, 4)))
	}
	if hp.plan == nil || strings.TrimSpace(hp.plan.Text) == "" {
		out = append(out, "No rollback plan: the record's rollback plan is empty, so nobody on call can learn from this pack how to undo the release.")
	}
	if hp.checklist == nil {
		out = append(out, "No rollback checklist: the record's template has no rollback section.")
		return out
	}
	var blocked, notDone []string
	reason := ""
	for _, it := range hp.checklist.Items {
		switch it.Status {
		case readiness.Blocked:
			blocked = append(blocked, string(it.ID))
			reason = firstNonEmpty(it.Reason, "no reason given")
		case readiness.NotStarted, readiness.InProgress:
			notDone = append(notDone, fmt.Sprintf("%s (%s)", it.ID, strings.ToLower(it.Status.Label())))
		}
	}
	switch len(blocked) {
	case 0:
	case 1: // one: say why here
		out = append(out, fmt.Sprintf("Rollback item %s is blocked: %s", blocked[0], reason))
	default: // several: the reasons are in the table below
		out = append(out, fmt.Sprintf("%d rollback items are blocked: %s (why, under Rollback below).", len(blocked), joinNames(blocked, 8)))
	}
	if len(notDone) > 0 {
		out = append(out, fmt.Sprintf("%s not done: %s.", plural(len(notDone), "rollback item is", "rollback items are"), joinNames(notDone, 6)))
	}
	return out
}

// contactColumns and contactRows are the escalation order as a table:
// level, who, team, and how to reach them in and out of hours.
func contactColumns(d *doc) []column {
	return []column{{"Level", d.pillWidth("L3") + 2*cellPadX + 4}, {"Name and role", 40}, {"Team", 32}, {"In hours", 0}, {"Out of hours", 0}}
}

func contactRows(contacts []readiness.Contact) [][]cell {
	rows := make([][]cell, 0, len(contacts))
	for _, c := range contacts {
		level := mutedCell("—")
		if c.Level != "" {
			level = pillCell(c.Level, toneBlue)
		}
		who := boldCell(c.Name)
		who.add(c.Role, stCellMuted)
		rows = append(rows, []cell{level, who, textCell(orDash(c.Team)), textCell(orDash(c.InHours)), textCell(orDash(c.OutOfHours))})
	}
	return rows
}

// rollbackBrief is the rollback plan in a few lines and the status of
// every rollback checklist item. When the items would run off the page,
// those done are listed by id on one line, so every item's status stays
// on page 1.
func (hp *handover) rollbackBrief() {
	if hp.plan != nil && strings.TrimSpace(hp.plan.Text) != "" {
		lines := hp.fs.wrap(stBody.face, stBody.size, hp.width, Sanitize(hp.plan.Text))
		for _, l := range hp.fs.firstLines(stBody.face, stBody.size, hp.width, lines, 4) {
			hp.need(stBody.leading())
			hp.lineAt(hp.left, hp.width, hp.y, l, stBody)
			hp.y += stBody.leading()
		}
		if hp.planCut = len(lines) > 4; hp.planCut {
			hp.para("The whole plan is in “Rollback plan in full” below.", stNote)
		}
	} else {
		hp.para("No rollback plan is recorded.", stBodyBold)
	}
	hp.gap(1.5)
	if hp.checklist == nil {
		return
	}
	items := hp.checklist.Items
	if len(items) == 0 {
		hp.note("The rollback checklist has no items.")
		return
	}
	ids := make([]string, len(items))
	for i := range items {
		ids[i] = string(items[i].ID)
	}
	cols := []column{{"Item", hp.colWidth(stCellBold, "Item", ids...)}, {"Status", hp.statusColWidth()}, {hp.sectionName(hp.checklist), 0}}
	rows := make([][]cell, 0, len(items))
	for i := range items {
		rows = append(rows, hp.rollbackRow(&items[i]))
	}
	if hp.f.PageNo() == 1 && !hp.room(hp.tableHeight(cols, rows, densePadY, false)) {
		rows = rows[:0]
		var done []string
		for i := range items {
			if it := &items[i]; it.Status == readiness.Done {
				done = append(done, string(it.ID))
			} else {
				rows = append(rows, hp.rollbackRow(it))
			}
		}
		if len(done) > 0 {
			rows = append(rows, []cell{{}, pillCell("Done", toneGreen), textCell(fmt.Sprintf("%s (%s done)", strings.Join(done, ", "), plural(len(done), "item", "items")))})
		}
	}
	hp.denseTable(cols, rows)
}

// rollbackRow is a rollback item's id, status and text, with one line
// under it while it is not done: why it is blocked (or n/a), its owner and
// its due date.
func (hp *handover) rollbackRow(it *readiness.Item) []cell {
	what := textCell(it.Text)
	if it.Status == readiness.Done {
		return []cell{boldCell(string(it.ID)), pillCell(it.Status.Label(), statusTone(it.Status)), what}
	}
	var parts []string
	st := stCellMuted
	if it.Status.NeedsReason() { // the pill beside it says blocked or n/a
		parts = append(parts, firstNonEmpty(it.Reason, "no reason given"))
	}
	if it.Status != readiness.NA {
		if it.Status == readiness.Blocked {
			st = stCellRed
		}
		who := "no owner yet"
		if it.Owner != "" {
			who = "owner " + it.Owner
		}
		parts = append(parts, who)
		if !it.Due.IsZero() {
			parts = append(parts, "due "+string(it.Due))
		}
		if it.Overdue(hp.today) {
			parts = append(parts, "overdue")
			st = stCellRed
		}
	}
	what.add(capitalise(strings.Join(parts, " · ")), st)
	return []cell{boldCell(string(it.ID)), pillCell(it.Status.Label(), statusTone(it.Status)), what}
}

func (hp *handover) sectionName(s *readiness.Section) string {
	return strings.TrimSpace(s.Number + " " + s.Title)
}

func (hp *handover) byKind(kinds ...string) []readiness.HandoverItem {
	var out []readiness.HandoverItem
	for _, it := range hp.r.Handover.Items {
		if slices.Contains(kinds, it.Kind) {
			out = append(out, it)
		}
	}
	return out
}

// items is a table of handover items with their status and where they are.
func (hp *handover) items(list []readiness.HandoverItem) {
	if len(list) == 0 {
		hp.note("Nothing recorded.")
		return
	}
	var rows [][]cell
	ids := []string{}
	for _, it := range list {
		where := cell{}
		if it.Reason != "" {
			where.add(it.Status.Label()+": "+it.Reason, stCellBold)
		}
		where.addTextOrLink(it.Evidence, stCell)
		if len(where.paras) == 0 {
			where = mutedCell("—")
		}
		rows = append(rows, []cell{boldCell(it.ID), textCell(it.Text), pillCell(it.Status.Label(), statusTone(it.Status)), where})
		ids = append(ids, it.ID)
	}
	hp.table([]column{{"Item", hp.colWidth(stCellBold, "Item", ids...)}, {"What", 0}, {"Status", hp.statusColWidth()}, {"Where it is", 0}}, rows)
}

// acceptance is who accepted the handover, with which conditions, what it
// did with the items not done, and every action of the record.
func (hp *handover) acceptance() {
	r := hp.r
	a := r.Handover.Acceptance
	if a == nil {
		hp.note("The receiving team has not accepted the handover yet.")
	} else {
		hp.para(fmt.Sprintf("%s accepted the handover on %s.", personText(a.Person), a.Date), stBodyBold)
		for _, u := range a.Unfinished {
			how := "taken on as a condition"
			if u.As == "na" {
				how = "n/a: " + u.Reason
			}
			hp.bullet(fmt.Sprintf("%s %s — not done at handover, %s", u.Item, u.Text, how), stBody)
		}
		hp.gap(2)
	}
	if len(r.Actions) == 0 {
		hp.note("No actions recorded.")
		return
	}
	hp.actionTable(r.Actions, hp.today, "Action or condition")
}

// openIncidents are the window's incidents not resolved, as table rows.
func openIncidents(r *readiness.Record) [][]cell {
	var rows [][]cell
	for _, in := range r.Hypercare.Incidents {
		if in.Resolved == "" {
			rows = append(rows, []cell{boldCell(in.Ref), pillCell(string(in.Severity), severityTone(in.Severity)), textCell(strings.Replace(string(in.Opened), "T", " ", 1)), textCell(in.Summary)})
		}
	}
	return rows
}

func (d *doc) incidentTable(rows [][]cell) {
	d.table([]column{{"Ref", 24}, {"Severity", 20}, {"Opened", 32}, {"Summary", 0}}, rows)
}

func severityTone(s readiness.Severity) tone {
	switch s {
	case "P1":
		return toneRed
	case "P2":
		return toneAmber
	}
	return toneGrey
}
