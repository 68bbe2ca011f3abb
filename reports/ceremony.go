package reports

import (
	"fmt"
	"io"
	"slices"
	"strings"

	"codeberg.org/go-pdf/fpdf"

	"readyroom/readiness"
)

// CeremonyReport renders one ceremony: attendees, agenda, decisions with
// their reasons, actions, and the record as it stood at the ceremony (its
// snapshot), not as it is today. A hypercare exit report also draws the
// window on a timeline with its check-ins and incidents.
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
		keywords: "ceremony, " + string(c.Kind) + ", " + r.Service,
		now:      opt.Now,
	})
	if err != nil {
		return fmt.Errorf("rendering ceremony report: %w", err)
	}

	d.band(c.Kind.Label()+" report", r.Service, r.Title+" · "+string(c.Date), tones[toneBlue][1])
	d.facts([]fact{{"Ceremony", c.Kind.Label()}, {"Date", string(c.Date)}, {"Recorded by", c.By}, {"Squad", r.Squad},
		{"Service delivery manager", r.SDM}, {"Generated", opt.Now.Format("2 January 2006, 15:04 MST")}}, 2)

	d.page()
	kindBlock(d, r, c)
	d.heading("Attendees", 0, 0)
	var people [][]cell
	for _, p := range c.Attendees {
		people = append(people, []cell{boldCell(p.Name), textCell(orDash(p.Role))})
	}
	if len(people) == 0 {
		d.note("No attendees recorded.")
	} else {
		d.table([]column{{"Name", 70}, {"Role", 0}}, people)
	}
	if c.Agenda != "" {
		d.heading("Agenda", 1, 0)
		d.para(c.Agenda, stBody)
	}
	d.heading("Decisions", 0, 0)
	if len(c.Decisions) == 0 {
		d.note("No decision recorded.")
	}
	var decisions [][]cell
	for _, dec := range c.Decisions {
		word, t := outcomePill(dec.Outcome)
		decisions = append(decisions, []cell{pillCell(word, t), textCell(orDash(dec.Text)), textCell(dec.Reason)})
	}
	if len(decisions) > 0 {
		d.table([]column{{"Outcome", d.pillWidth("Go with conditions") + 2*cellPadX + 1}, {"Decision", 0}, {"Reasons", 0}}, decisions)
	}
	if c.Notes != "" {
		d.heading("Notes", 1, 0)
		d.para(c.Notes, stBody)
	}
	d.heading("Actions", 0, 0)
	var raised []readiness.Action
	for _, a := range r.Actions {
		if slices.Contains(c.Actions, a.ID) {
			raised = append(raised, a)
		}
	}
	if len(raised) == 0 {
		d.note("No actions raised.")
	} else {
		cols := actionColumns(d, "Action")
		cols[3].title = "State today"
		d.table(cols, actionRows(raised, readiness.DateOf(opt.Now)))
	}

	s := c.Snapshot
	d.heading("The record as it stood", 0, 0)
	d.para(fmt.Sprintf("At %s: %s, %d%% ready (%d of %d applicable items done), %s; %d blocked, %d overdue, %d open risks.",
		s.At.UTC().Format("2 Jan 2006 15:04 MST"), s.State.Label(), s.Percent, s.Done, s.Of, ragWord(s.RAG), s.Blocked, s.Overdue, s.Risks), stBody)
	d.gap(2)
	d.sectionTable(r, s.Sections)

	if c.Kind == readiness.HypercareExit {
		d.heading("Hypercare window", 0, 0)
		hypercareTimeline(d, r)
	}
	return d.finish(w, "ceremony report")
}

// kindBlock opens each kind of report with what that ceremony is for.
func kindBlock(d *doc, r *readiness.Record, c *readiness.Ceremony) {
	switch c.Kind {
	case readiness.GoNoGo:
		for _, dec := range c.Decisions {
			if dec.Outcome == readiness.Noted {
				continue
			}
			word, t := outcomePill(dec.Outcome)
			col := tones[t]
			text := d.fs.wrap(stBody.face, stBody.size, d.width-12, Sanitize(firstNonEmpty(dec.Text, dec.Reason)))
			text = firstLines(text, 3)
			h := 16 + float64(len(text))*stBody.leading()
			d.need(h)
			d.roundRect(d.left, d.y, d.width, h, 2.5, col[0])
			st := textStyle{bold, 20, col[1]}
			d.textAt(d.left+6, d.y+4, strings.ToUpper(word), st, alignLeft, 0)
			y := d.y + 5 + st.leading()
			for _, l := range text {
				d.textAt(d.left+6, y, l, stBody, alignLeft, 0)
				y += stBody.leading()
			}
			d.y += h + 4
			break
		}
	case readiness.HypercareCheckIn:
		d.heading("Hypercare so far", 0, 0)
		f := r.Hypercare.FiguresOf()
		d.para(fmt.Sprintf("Window %s to %s (%s). Incidents: P1 %d, P2 %d, P3 %d, P4 %d; open P1/P2 %d. Exit criteria met or waived: %d of %d.",
			orDash(string(r.Hypercare.Window.Start)), orDash(string(r.Hypercare.End())), r.Hypercare.Window.State,
			f.BySeverity.P1, f.BySeverity.P2, f.BySeverity.P3, f.BySeverity.P4, f.OpenP1P2, r.Hypercare.CriteriaMet(), len(r.Hypercare.Criteria)), stBody)
	case readiness.HandoverMeeting:
		d.heading("What is handed over", 0, 0)
		var rows [][]cell
		ids := []string{}
		for _, it := range r.Handover.Items {
			rows = append(rows, []cell{boldCell(it.ID), textCell(it.Text), pillCell(it.Status.Label(), statusTone(it.Status)), textCell(orDash(it.Evidence))})
			ids = append(ids, it.ID)
		}
		if len(rows) > 0 {
			d.table([]column{{"Item", d.colWidth(stCellBold, "Item", ids...)}, {"What", 0}, {"Status", d.statusColWidth()}, {"Evidence", 0}}, rows)
		}
		if a := r.Handover.Acceptance; a != nil {
			d.para(fmt.Sprintf("Accepted by %s (%s) on %s.", a.Person.Name, a.Person.Role, a.Date), stBodyBold)
		}
	case readiness.ReadinessReview:
		d.para("A readiness review looks at the record section by section with the squad and the service delivery manager. Awareness, not approval: the squad owns the release.", stNote)
		d.gap(2)
	}
}

// hypercareTimeline draws the window as a bar with its check-ins (dots with
// their rating) and incidents (triangles with their severity).
func hypercareTimeline(d *doc, r *readiness.Record) {
	h := &r.Hypercare
	start, end := h.Window.Start, h.End()
	if start.IsZero() || end.IsZero() {
		d.note("The window never started.")
		return
	}
	d.need(40)
	days := end.Time().Sub(start.Time()).Hours()/24 + 1
	x0, w := d.left+4, d.width-8
	y := d.y + 14
	x := func(t readiness.Date) float64 {
		return x0 + w*min(max(t.Time().Sub(start.Time()).Hours()/24/days, 0), 1)
	}
	d.roundRect(x0, y, w, 8, 2, tones[toneBlue][0])
	d.textAt(x0, y+9, "start "+string(start), stCellMuted, alignLeft, 0)
	d.textAt(x0+w, y+9, "end "+string(end), stCellMuted, alignRight, 0)
	if h.Window.ExitedOn != "" {
		xe := x(h.Window.ExitedOn)
		green := tones[toneGreen][1]
		d.setDraw(green)
		d.setLineWidth(0.8)
		d.f.Line(xe, y-3, xe, y+11)
		st := stCellBold
		st.color = green
		d.textAt(xe, y-8, "exited "+string(h.Window.ExitedOn), st, alignCenter, 0)
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
