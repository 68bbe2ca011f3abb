package reports

import (
	"fmt"
	"io"
	"strings"

	"codeberg.org/go-pdf/fpdf"

	"readyroom/readiness"
)

// CeremonyReport renders one ceremony: attendees, agenda, decisions with
// their reasons, actions, and the record as it stood at the ceremony (its
// snapshot), not as it is today. A hypercare exit report also draws the
// window on a timeline with its check-ins and incidents.
func CeremonyReport(w io.Writer, r *readiness.Record, id readiness.EntityID, opt PackOptions) (err error) {
	if opt.Now.IsZero() {
		return fmt.Errorf("rendering ceremony report: PackOptions.Now is required")
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
			err = fmt.Errorf("rendering ceremony report: %v", p)
		}
	}()
	d := newDoc(opt.Paper, strings.ToLower(c.Kind.Label())+" report", r.Service+" — "+r.Title, opt.Now)
	d.SetTitle(Sanitize(c.Kind.Label()+" report: "+r.Service+" — "+r.Title), true)
	d.SetSubject(Sanitize(c.Title()), true)
	d.SetAuthor(Sanitize(firstNonEmpty(opt.Author, c.By)), true)
	d.SetCreator("Ready Room", true)
	d.SetKeywords("ceremony "+string(c.Kind), true)

	d.band(c.Kind.Label()+" report", r.Service, r.Title+" · "+string(c.Date))
	d.SetXY(d.left, 102)
	d.facts([][2]string{{"Ceremony", c.Kind.Label()}, {"Date", string(c.Date)}, {"Recorded by", c.By}, {"Squad", r.Squad},
		{"Service delivery manager", r.SDM}, {"Generated", opt.Now.UTC().Format("2 January 2006, 15:04 MST")}})

	d.AddPage()
	kindBlock(d, r, c)
	d.heading("Attendees", 0, 0)
	var people [][]string
	for _, p := range c.Attendees {
		people = append(people, []string{p.Name, p.Role})
	}
	d.table([]col{{title: "Name", width: 70, bold: true}, {title: "Role", width: d.width - 70}}, people)
	if c.Agenda != "" {
		d.heading("Agenda", 1, 0)
		d.text(c.Agenda, 9.5, "", cInk)
	}
	d.heading("Decisions", 0, 0)
	if len(c.Decisions) == 0 {
		d.text("No decision recorded.", 9.5, "I", cInk3)
	}
	kinds := map[readiness.Outcome]string{readiness.Go: "Go|green", readiness.NoGo: "No-go|red", readiness.GoWithConditions: "Go with conditions|amber", readiness.Noted: "Decision|grey"}
	var decisions [][]string
	for _, dec := range c.Decisions {
		decisions = append(decisions, []string{kinds[dec.Outcome], dec.Text, dec.Reason})
	}
	if len(decisions) > 0 {
		d.table([]col{{title: "Outcome", width: 38, pill: true}, {title: "Decision", width: 56}, {title: "Reasons", width: d.width - 94}}, decisions)
	}
	if c.Notes != "" {
		d.heading("Notes", 1, 0)
		d.text(c.Notes, 9.5, "", cInk)
	}
	d.heading("Actions", 0, 0)
	var acts [][]string
	for _, a := range r.Actions {
		for _, id := range c.Actions {
			if a.ID == id {
				state := "Open|amber"
				if a.Done {
					state = "Done|green"
				}
				acts = append(acts, []string{a.Text, a.Owner, string(a.Due), state})
			}
		}
	}
	if len(acts) == 0 {
		d.text("No actions raised.", 9.5, "I", cInk3)
	} else {
		d.table([]col{{title: "Action", width: 90}, {title: "Owner", width: 30}, {title: "Due", width: 24}, {title: "Today", width: d.width - 144, pill: true}}, acts)
	}

	s := c.Snapshot
	d.heading("The record as it stood", 0, 0)
	d.text(fmt.Sprintf("At %s: %s, %d%% ready (%d of %d applicable items done), %s; %d blocked, %d overdue, %d open risks.",
		s.At.UTC().Format("2 Jan 2006 15:04 MST"), s.State.Label(), s.Percent, s.Done, s.Of, strings.Split(ragPill(s.RAG), "|")[0], s.Blocked, s.Overdue, s.Risks), 9.5, "", cInk)
	d.Ln(2)
	sectionTable(d, r, s.Sections)

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
			word, kind, _ := strings.Cut(map[readiness.Outcome]string{readiness.Go: "GO|green", readiness.NoGo: "NO-GO|red", readiness.GoWithConditions: "GO WITH CONDITIONS|amber"}[dec.Outcome], "|")
			col := pills[kind]
			d.fill(col[0])
			y := d.GetY()
			d.RoundedRect(d.left, y, d.width, 22, 3, "1234", "F")
			d.SetXY(d.left+6, y+3)
			d.font("B", 18)
			d.color(col[1])
			d.CellFormat(d.width-12, 9, word, "", 2, "L", false, 0, "")
			d.SetX(d.left + 6)
			d.font("", 9.5)
			d.color(cInk)
			d.CellFormat(d.width-12, 6, Sanitize(firstNonEmpty(dec.Text, dec.Reason)), "", 1, "L", false, 0, "")
			d.SetY(y + 26)
			break
		}
	case readiness.HypercareCheckIn:
		d.heading("Hypercare so far", 0, 0)
		f := r.Hypercare.FiguresOf()
		d.text(fmt.Sprintf("Window %s to %s (%s). Incidents: P1 %d, P2 %d, P3 %d, P4 %d; open P1/P2 %d. Exit criteria met or waived: %d of %d.",
			orDash(string(r.Hypercare.Window.Start)), orDash(string(r.Hypercare.End())), r.Hypercare.Window.State,
			f.BySeverity.P1, f.BySeverity.P2, f.BySeverity.P3, f.BySeverity.P4, f.OpenP1P2, r.Hypercare.CriteriaMet(), len(r.Hypercare.Criteria)), 9.5, "", cInk)
	case readiness.HandoverMeeting:
		d.heading("What is handed over", 0, 0)
		var rows [][]string
		for _, it := range r.Handover.Items {
			rows = append(rows, []string{it.ID, it.Text, statusPill(it.Status), it.Evidence})
		}
		d.table([]col{{title: "Item", width: 16, bold: true}, {title: "What", width: 74}, {title: "Status", width: 24, pill: true}, {title: "Evidence", width: d.width - 114}}, rows)
		if a := r.Handover.Acceptance; a != nil {
			d.text(fmt.Sprintf("Accepted by %s (%s) on %s.", a.Person.Name, a.Person.Role, a.Date), 9.5, "B", cInk)
		}
	case readiness.ReadinessReview:
		d.text("A readiness review looks at the record section by section with the squad and the service delivery manager. Awareness, not approval: the squad owns the release.", 9, "I", cInk3)
		d.Ln(2)
	}
}

// hypercareTimeline draws the window as a bar with its check-ins (dots with
// their rating) and incidents (triangles with their severity).
func hypercareTimeline(d *doc, r *readiness.Record) {
	h := &r.Hypercare
	start, end := h.Window.Start, h.End()
	if start.IsZero() || end.IsZero() {
		d.text("The window never started.", 9.5, "I", cInk3)
		return
	}
	if d.GetY() > d.bottom-60 {
		d.AddPage()
	}
	days := float64(end.Time().Sub(start.Time()).Hours()/24) + 1
	x0, w := d.left+4, d.width-8
	y := d.GetY() + 14
	x := func(t readiness.Date) float64 { return x0 + w*float64(t.Time().Sub(start.Time()).Hours()/24)/days }
	d.fill(pills["blue"][0])
	d.RoundedRect(x0, y, w, 8, 2, "1234", "F")
	d.font("", 7.5)
	d.color(cInk2)
	d.SetXY(x0, y+9)
	d.CellFormat(40, 4, "start "+string(start), "", 0, "L", false, 0, "")
	d.SetXY(x0+w-40, y+9)
	d.CellFormat(40, 4, "end "+string(end), "", 0, "R", false, 0, "")
	if h.Window.ExitedOn != "" {
		xe := x(h.Window.ExitedOn)
		d.draw(pills["green"][1])
		d.SetLineWidth(0.8)
		d.Line(xe, y-3, xe, y+11)
		d.SetLineWidth(0.2)
		d.SetXY(xe-15, y-8)
		d.color(pills["green"][1])
		d.CellFormat(30, 4, "exited "+string(h.Window.ExitedOn), "", 0, "C", false, 0, "")
	}
	for _, ci := range h.CheckIns {
		c := pills[string(ci.RAG)][1]
		d.fill(c)
		d.Circle(x(ci.Date)+1, y+4, 1.6, "F")
	}
	for _, in := range h.Incidents {
		day := readiness.Date(strings.SplitN(string(in.Opened), "T", 2)[0])
		xi := x(day) + 1
		d.fill(pills["red"][1])
		d.Polygon([]fpdf.PointType{{X: xi, Y: y - 4}, {X: xi - 2, Y: y - 0.6}, {X: xi + 2, Y: y - 0.6}}, "F")
		d.font("B", 6.5)
		d.color(pills["red"][1])
		d.SetXY(xi-8, y-9)
		d.CellFormat(16, 3.5, string(in.Severity), "", 0, "C", false, 0, "")
	}
	d.SetXY(d.left, y+16)
	d.font("", 7.5)
	d.color(cInk3)
	d.CellFormat(d.width, 4, "● check-in (colour and table give its rating)   ▲ incident opened, with severity   | exit", "", 1, "L", false, 0, "")
	d.Ln(2)
	var rows [][]string
	for _, ci := range h.CheckIns {
		rows = append(rows, []string{string(ci.Date), ragPill(ci.RAG), ci.Summary})
	}
	if len(rows) > 0 {
		d.table([]col{{title: "Check-in", width: 26}, {title: "Rating", width: 22, pill: true}, {title: "Summary", width: d.width - 48}}, rows)
	}
	f := h.FiguresOf()
	d.text(fmt.Sprintf("Incidents: P1 %d, P2 %d, P3 %d, P4 %d; open P1/P2 %d; mean time to restore %d min.", f.BySeverity.P1, f.BySeverity.P2, f.BySeverity.P3, f.BySeverity.P4, f.OpenP1P2, f.MTTRMinutes), 9, "", cInk2)
	var inc [][]string
	for _, in := range h.Incidents {
		inc = append(inc, []string{in.Ref, string(in.Severity), strings.Replace(string(in.Opened), "T", " ", 1), strings.Replace(string(in.Resolved), "T", " ", 1), in.Summary})
	}
	if len(inc) > 0 {
		d.Ln(1)
		d.table([]col{{title: "Ref", width: 24, bold: true}, {title: "Sev.", width: 12}, {title: "Opened", width: 30}, {title: "Resolved", width: 30}, {title: "Summary", width: d.width - 96}}, inc)
	}
}
