package reports

import (
	"fmt"
	"io"
	"slices"
	"strings"

	"codeberg.org/go-pdf/fpdf"

	"readyroom/readiness"
)

// CeremonyReport renders one ceremony. Page 1 opens with a short header
// and the decision (a go/no-go's in a box with its summary: "Go with 1
// condition, 1 blocked item accepted as a risk"), a line for each
// amendment ("Amended on … by … because … (changed: attendees)"), then
// what was open when it was held (readiness, blocked items, items not done
// per section, overdue items, open high risks), what a go did with each
// blocked item (a condition and its action, or an accepted risk and why),
// the actions raised with their state today, attendees, agenda, notes, and
// the record as it stood (its snapshot), not as it is today. A hypercare
// exit report also draws the window on a timeline with its check-ins and
// incidents.
func CeremonyReport(w io.Writer, r *readiness.Record, id readiness.EntityID, opt PackOptions) (err error) {
	if r == nil {
		return fmt.Errorf("rendering ceremony report: %w", ErrNoRecord)
	}
	if opt.Now.IsZero() {
		return fmt.Errorf("rendering ceremony report: %w", ErrNoTime)
	}
	var c *readiness.Ceremony
	for i := range r.Ceremonies {
		if r.Ceremonies[i].ID == id {
			c = &r.Ceremonies[i]
		}
	}
	if c == nil {
		return fmt.Errorf("ceremony %s: %w", id, readiness.ErrNotFound)
	}
	defer func() {
		if p := recover(); p != nil {
			err = fmt.Errorf("rendering ceremony report %s: %v", id, p)
		}
	}()
	d, err := newDoc(opt.Paper, docMeta{
		kind: c.Kind.Label() + " report", title: r.Service + " — " + r.Title,
		subject:  c.Title(),
		author:   firstNonEmpty(opt.Author, c.By, r.Squad),
		keywords: keywords("ceremony", string(c.Kind), r.Service),
		now:      opt.Now,
	})
	if err != nil {
		return fmt.Errorf("rendering ceremony report: %w", err)
	}
	today := readiness.DateOf(opt.Now)

	d.header(c.Kind.Label()+" report", r.Service+" — "+r.Title, []string{fmt.Sprintf("%s held on %s", c.Kind.Label(), c.Date)}, tones[toneBlue][1])
	d.facts([]fact{{"Held on", string(c.Date)}, {"Recorded by", c.By}, {"Squad", r.Squad}, {"Service delivery manager", r.SDM}}, 4)
	d.gap(1)
	decisions(d, c)
	if len(c.Amendments) > 0 {
		lines := make([]string, len(c.Amendments))
		for i, am := range c.Amendments {
			lines[i] = amendmentLine(am) + "."
		}
		d.callout("Amended after it was held (what it knew then is unchanged)", lines, toneAmber)
	}
	kindBlock(d, r, c, readiness.StandingOf(r, opt.Now))
	if c.Open != nil {
		d.heading("What was open when it was held", 0, 0)
		openBlock(d, r, c.Open)
	}
	if len(c.Blocked) > 0 {
		resolutions(d, r, c.Blocked)
	}
	var raised []readiness.Action
	for _, a := range r.Actions {
		if slices.Contains(c.Actions, a.ID) {
			raised = append(raised, a)
		}
	}
	cols, rows := actionColumns(d, "Action"), actionRows(raised, today)
	cols[3].title = "State today"
	d.headingOver("Conditions and actions", 0, cols, rows)
	if len(raised) == 0 {
		d.note("No actions raised.")
	} else {
		d.table(cols, rows)
	}
	var people [][]cell
	for _, p := range c.Attendees {
		people = append(people, []cell{boldCell(p.Name), textCell(orDash(p.Role))})
	}
	cols = []column{{"Name", 70}, {"Role", 0}}
	d.headingOver("Attendees", 0, cols, people)
	if len(people) == 0 {
		d.note("No attendees recorded.")
	} else {
		d.table(cols, people)
	}
	if c.Agenda != "" {
		d.heading("Agenda", 1, 0)
		d.para(c.Agenda, stBody)
	}
	if c.Notes != "" {
		d.heading("Notes", 1, 0)
		d.para(c.Notes, stBody)
	}

	s := c.Snapshot
	d.heading("The record as it stood", 0, 0)
	d.para(fmt.Sprintf("At %s: %s, %d%% ready (%d of %d applicable items done), %s; %d blocked, %d overdue, %d open risks.",
		s.At.UTC().Format("2 Jan 2006 15:04 MST"), s.State.Label(), s.Percent, s.Done, s.Of, ragWord(s.RAG), s.Blocked, s.Overdue, s.Risks), stBody)
	d.gap(2)
	d.sectionTable(r, s.Sections)

	if c.Kind == readiness.HypercareExit {
		// The heading stays with the timeline, which needs 40 mm.
		d.headingIn("Hypercare window", 0, 0, stH1, 6, timelineH)
		hypercareTimeline(d, r)
	}
	return d.finish(w, "ceremony report")
}

// decisions opens the report with what the ceremony decided: a go/no-go's
// decision in a box, with its reasons and its summary, then any other
// decisions in a table.
func decisions(d *doc, c *readiness.Ceremony) {
	rest := c.Decisions
	if c.Kind == readiness.GoNoGo {
		for i, dec := range c.Decisions {
			if dec.Outcome == readiness.Noted {
				continue
			}
			decisionBox(d, dec, c.DecisionSummary())
			rest = slices.Delete(slices.Clone(c.Decisions), i, i+1)
			break
		}
		if len(rest) == 0 {
			return
		}
		d.heading("Other decisions", 1, 0)
	} else {
		d.heading("Decisions", 0, 0)
	}
	if len(rest) == 0 {
		d.note("No decision recorded.")
		return
	}
	var rows [][]cell
	for _, dec := range rest {
		word, t := outcomePill(dec.Outcome)
		rows = append(rows, []cell{pillCell(word, t), textCell(orDash(dec.Text)), textCell(dec.Reason)})
	}
	d.table([]column{{"Outcome", d.pillWidth("Go with conditions") + 2*cellPadX + 1}, {"Decision", 0}, {"Reasons", 0}}, rows)
}

// decisionBox draws a go/no-go decision large: the outcome, the decision,
// its reasons and the summary of conditions and accepted risks.
func decisionBox(d *doc, dec readiness.Decision, summary string) {
	word, t := outcomePill(dec.Outcome)
	col := tones[t]
	const padX = 6.0
	w := d.width - 2*padX
	text := d.fs.wrapAtMost(stBodyBold.face, stBodyBold.size, w, Sanitize(dec.Text), 3)
	reasons := d.fs.wrapAtMost(stBody.face, stBody.size, w, Sanitize("Reasons: "+dec.Reason), 6)
	var sum []string
	if summary != "" {
		sum = d.fs.wrapAtMost(stBodyBold.face, stBodyBold.size, w, Sanitize(summary+"."), 2)
	}
	big := textStyle{bold, 20, col[1]}
	h := 4 + big.leading() + 1 + float64(len(text)+len(sum))*stBodyBold.leading() + float64(len(reasons))*stBody.leading() + 4
	if len(sum) > 0 {
		h += 1.5
	}
	d.need(h)
	d.roundRect(d.left, d.y, d.width, h, 2.5, col[0])
	d.rect(d.left, d.y, 1.6, h, col[1])
	y := d.y + 4
	d.textAt(d.left+padX, y, strings.ToUpper(word), big, alignLeft, 0)
	y += big.leading() + 1
	for _, l := range text {
		d.lineAt(d.left+padX, w, y, l, stBodyBold)
		y += stBodyBold.leading()
	}
	for _, l := range reasons {
		d.lineAt(d.left+padX, w, y, l, stBody)
		y += stBody.leading()
	}
	if len(sum) > 0 {
		y += 1.5
		st := stBodyBold
		st.color = col[1]
		for _, l := range sum {
			d.lineAt(d.left+padX, w, y, l, st)
			y += st.leading()
		}
	}
	d.y += h + 4
}

// openBlock is what was open when a go/no-go or readiness review was held
// (readiness.Ceremony.Open): readiness, blocked items, items not done per
// section, overdue items and open high risks.
func openBlock(d *doc, r *readiness.Record, o *readiness.Outstanding) {
	blocked, overdue := max(o.BlockedTotal, len(o.Blocked)), max(o.OverdueTotal, len(o.Overdue))
	d.para(fmt.Sprintf("%d%% ready: %d of %d applicable items done; %d blocked, %d overdue, %s.",
		o.Percent, o.Done, o.Applicable, blocked, overdue, plural(len(o.HighRisks), "open high risk", "open high risks")), stBodyBold)
	d.gap(2)
	itemRows := func(items []readiness.OpenItem, withDue bool) ([][]cell, []string) {
		var rows [][]cell
		var ids []string
		for _, it := range items {
			row := []cell{boldCell(string(it.ID)), textCell(it.Text)}
			if withDue {
				row = append(row, pillCell(it.Status.Label(), statusTone(it.Status)), textCell(orDash(string(it.Due))))
			} else {
				row = append(row, reasonCell(it.Reason))
			}
			rows = append(rows, append(row, textCell(orDash(it.Owner))))
			ids = append(ids, string(it.ID))
		}
		return rows, ids
	}
	if len(o.Blocked) > 0 {
		rows, ids := itemRows(o.Blocked, false)
		cols := []column{{"Item", d.colWidth(stCellBold, "Item", ids...)}, {"What", 0}, {"Why it was blocked", 0}, {"Owner", 30}}
		d.headingOver("Blocked", 1, cols, rows)
		d.table(cols, rows)
		if more := blocked - len(o.Blocked); more > 0 {
			d.note(fmt.Sprintf("And %d more blocked items.", more))
		}
	}
	if len(o.NotDone) > 0 {
		var rows [][]cell
		for _, s := range o.NotDone {
			rows = append(rows, []cell{textCell(s.Title), boldCell(plural(s.Open, "item", "items"))})
		}
		cols := []column{{"Section", 0}, {"Not done", 30}}
		d.headingOver("Not done, by section", 1, cols, rows)
		d.table(cols, rows)
	}
	if len(o.Overdue) > 0 {
		rows, ids := itemRows(o.Overdue, true)
		cols := []column{{"Item", d.colWidth(stCellBold, "Item", ids...)}, {"What", 0}, {"Status", d.statusColWidth()}, {"Due", d.colWidth(stCell, "Due", "2026-12-31")}, {"Owner", 30}}
		d.headingOver("Overdue", 1, cols, rows)
		d.table(cols, rows)
		if more := overdue - len(o.Overdue); more > 0 {
			d.note(fmt.Sprintf("And %d more overdue items.", more))
		}
	}
	if len(o.HighRisks) > 0 {
		cols, rows := riskColumns(d), riskRows(o.HighRisks)
		d.headingOver("Open high risks", 1, cols, rows)
		d.table(cols, rows)
	}
}

// resolutions is what a go decision did with each blocked item, under its
// heading: a condition (the action it became, as it stands today) or an
// accepted risk (with the reason).
func resolutions(d *doc, r *readiness.Record, res []readiness.Resolution) {
	var rows [][]cell
	var ids []string
	for _, rs := range res {
		var as, what cell
		switch rs.As {
		case readiness.AsCondition:
			as = pillCell("Condition", toneAmber)
			what = textCell("Condition: " + firstNonEmpty(rs.Reason, "unblock it"))
			for i := range r.Actions {
				if a := &r.Actions[i]; a.ID == rs.Action {
					word, _ := actionPill(a.State())
					what = textCell(a.Text)
					what.add(fmt.Sprintf("Owner %s · due %s · %s today", orDash(a.Owner), orDash(string(a.Due)), strings.ToLower(word)), stCellMuted)
				}
			}
		default:
			as = pillCell("Accepted risk", toneRed)
			what = textCell("Accepted as a risk: " + firstNonEmpty(rs.Reason, "no reason given"))
			for _, k := range r.Risks {
				if k.ID == rs.Risk {
					what.add(fmt.Sprintf("In the risk register, owner %s, %s today", orDash(k.Owner), k.Status), stCellMuted)
				}
			}
		}
		rows = append(rows, []cell{boldCell(string(rs.Item)), textCell(rs.Text), as, what})
		ids = append(ids, string(rs.Item))
	}
	cols := []column{{"Item", d.colWidth(stCellBold, "Item", ids...)}, {"What", 0}, {"Taken as", d.pillWidth("Accepted risk") + 2*cellPadX + 0.5}, {"What became of it", 0}}
	d.headingOver("What the go did with each blocked item", 0, cols, rows)
	d.table(cols, rows)
}

// kindBlock adds what each kind of ceremony is for: hypercare so far at a
// check-in, what is handed over at a handover, the spirit of a readiness
// review.
func kindBlock(d *doc, r *readiness.Record, c *readiness.Ceremony, st readiness.Standing) {
	switch c.Kind {
	case readiness.HypercareCheckIn:
		d.heading("Hypercare so far", 0, 0)
		f := r.Hypercare.FiguresOf()
		hc := st.Hypercare
		d.para(fmt.Sprintf("Window %s to %s (%s). Incidents: P1 %d, P2 %d, P3 %d, P4 %d; %s. Exit criteria met or waived: %d of %d.",
			orDash(string(hc.Start)), orDash(string(hc.End)), hc.State,
			f.BySeverity.P1, f.BySeverity.P2, f.BySeverity.P3, f.BySeverity.P4, openIncidentsText(hc), hc.CriteriaMet, hc.Criteria), stBody)
	case readiness.HandoverMeeting:
		var rows [][]cell
		ids := []string{}
		for _, it := range r.Handover.Items {
			rows = append(rows, []cell{boldCell(it.ID), textCell(it.Text), pillCell(it.Status.Label(), statusTone(it.Status)), evidenceTextCell(it.Evidence)})
			ids = append(ids, it.ID)
		}
		cols := []column{{"Item", d.colWidth(stCellBold, "Item", ids...)}, {"What", 0}, {"Status", d.statusColWidth()}, {"Evidence", 0}}
		d.headingOver("What is handed over", 0, cols, rows)
		if len(rows) > 0 {
			d.table(cols, rows)
		}
		if a := r.Handover.Acceptance; a != nil {
			d.para(fmt.Sprintf("Accepted by %s on %s.", personText(a.Person), a.Date), stBodyBold)
		}
	case readiness.ReadinessReview:
		d.para("A readiness review looks at the record section by section with the squad and the service delivery manager. Awareness, not approval: the squad owns the release.", stNote)
		d.gap(2)
	}
}

// timelineH is what the hypercare timeline takes, with its key.
const timelineH = 40.0

// hypercareTimeline draws the window as a bar with its check-ins (dots with
// their rating) and incidents (triangles with their severity).
func hypercareTimeline(d *doc, r *readiness.Record) {
	h := &r.Hypercare
	start, end := h.Window.Start, h.End()
	if start.IsZero() || end.IsZero() {
		d.note("The window never started.")
		return
	}
	d.need(timelineH)
	days := end.Time().Sub(start.Time()).Hours()/24 + 1
	x0, w := d.left+4, d.width-8
	y := d.y + 14
	x := func(t readiness.Date) float64 {
		return x0 + w*min(max(t.Time().Sub(start.Time()).Hours()/24/days, 0), 1)
	}
	// The bar, 8 mm high, with its start and end under it, clear of the
	// exit marker, which runs 1.5 mm beyond the bar.
	d.roundRect(x0, y, w, 8, 2, tones[toneBlue][0])
	d.textAt(x0, y+10.5, "start "+string(start), stCellMuted, alignLeft, 0)
	d.textAt(x0+w, y+10.5, "end "+string(end), stCellMuted, alignRight, 0)
	if h.Window.ExitedOn != "" {
		xe := x(h.Window.ExitedOn)
		green := tones[toneGreen][1]
		d.setDraw(green)
		d.setLineWidth(0.8)
		d.f.Line(xe, y-3, xe, y+9.5)
		st := stCellBold
		st.color = green
		// Over the marker, but within the body at either end of the window.
		label := "exited " + string(h.Window.ExitedOn)
		lw := d.fs.width(st.face, st.size, label)
		d.textAt(min(max(xe-lw/2, d.left), d.right-lw), y-8, label, st, alignLeft, 0)
	}
	for _, ci := range h.CheckIns {
		d.setFill(tones[ragTone(ci.RAG)][1])
		d.f.Circle(x(ci.Date)+1, y+4, 1.6, "F")
	}
	red := tones[toneRed][1]
	for _, in := range h.Incidents {
		day := readiness.Date(strings.SplitN(string(in.Opened), "T", 2)[0])
		xi := x(day) + 1
		d.setFill(red)
		d.f.Polygon([]fpdf.PointType{{X: xi, Y: y - 4}, {X: xi - 2, Y: y - 0.6}, {X: xi + 2, Y: y - 0.6}}, "F")
		st := textStyle{bold, 6.5, red}
		d.textAt(xi, y-9, string(in.Severity), st, alignCenter, 0)
	}
	d.y = y + 16
	d.para("● check-in (colour and table give its rating)   ▲ incident opened, with severity   | exit", stCellMuted)
	d.gap(2)
	var rows [][]cell
	for _, ci := range h.CheckIns {
		rows = append(rows, []cell{textCell(string(ci.Date)), pillCell(ragWord(ci.RAG), ragTone(ci.RAG)), textCell(ci.Summary)})
	}
	if len(rows) > 0 {
		d.table([]column{{"Check-in", d.colWidth(stCell, "Check-in", "2026-12-31")}, {"Rating", d.pillWidth("Amber") + 2*cellPadX + 1}, {"Summary", 0}}, rows)
	}
	f := h.FiguresOf()
	d.para(fmt.Sprintf("Incidents: P1 %d, P2 %d, P3 %d, P4 %d; open P1/P2 %d; mean time to restore %d min.", f.BySeverity.P1, f.BySeverity.P2, f.BySeverity.P3, f.BySeverity.P4, f.OpenP1P2, f.MTTRMinutes), stBody)
	var inc [][]cell
	for _, in := range h.Incidents {
		inc = append(inc, []cell{boldCell(in.Ref), pillCell(string(in.Severity), severityTone(in.Severity)), textCell(strings.Replace(string(in.Opened), "T", " ", 1)),
			textCell(orDash(strings.Replace(string(in.Resolved), "T", " ", 1))), textCell(in.Summary)})
	}
	if len(inc) > 0 {
		d.gap(1)
		d.table([]column{{"Ref", 24}, {"Sev.", d.pillWidth("P1") + 2*cellPadX + 1}, {"Opened", 30}, {"Resolved", 30}, {"Summary", 0}}, inc)
	}
}
