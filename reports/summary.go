package reports

import (
	"fmt"
	"strings"

	"readyroom/readiness"
)

// The readiness pack's executive summary leads with what matters now,
// read from readiness.StandingOf: before go-live, readiness; while live,
// hypercare's health; once handed over or closed, the outcome and what the
// receiving team took on. Then the decision, the flags, and the tables
// (readiness by section, blockers, top risks, overdue items, open actions,
// the next step, the ceremonies).

func (p *pack) summary() {
	r, st, pr := p.r, p.st, p.progress
	p.para(p.lead(), stLead)
	p.gap(2)
	p.ragLine()
	if st.Decision != "" {
		p.gap(1)
		p.para(decisionLine(r.State, st.Decision), stBodyBold)
	}
	p.gap(3)
	for _, f := range st.Flags {
		title, t := flagTitle(f.Kind)
		p.callout(title, []string{f.Text}, t)
	}
	p.tiles(p.summaryTiles())
	if len(p.opt.Conflicts) > 0 {
		p.conflicts()
	}

	switch r.State {
	case readiness.Live:
		p.heading("Hypercare health", 1, 0)
		p.hypercareHealth()
	case readiness.HandedOver, readiness.Closed:
		p.heading("Open commitments", 1, 0)
		p.outcome()
	}

	p.tableSection("Readiness by section", sectionColumns, sectionRows(p.r, pr.Sections), noSections)
	var bars []bar
	for _, sp := range pr.Sections {
		bars = append(bars, bar{label: p.sectionTitle(sp.ID), percent: sp.Percent, tone: ragTone(sp.RAG), word: ragWord(sp.RAG)})
	}
	if len(bars) > 0 {
		p.gap(1)
		p.barChart(bars)
	}

	var blocked [][]cell
	ids := []string{}
	for _, s := range r.Sections {
		for _, it := range s.Items {
			if it.Status == readiness.Blocked {
				blocked = append(blocked, []cell{boldCell(string(it.ID)), textCell(it.Text), reasonCell(it.Reason), textCell(orDash(it.Owner))})
				ids = append(ids, string(it.ID))
			}
		}
	}
	p.tableSection("Blockers", []column{{"Item", p.colWidth(stCellBold, "Item", ids...)}, {"What", 0}, {"Why it is blocked", 0}, {"Owner", 30}}, blocked, "Nothing is blocked.")

	p.tableSection("Top risks", riskColumns(p.doc), riskRows(topRisks(r.Risks, 5)), "No open risks recorded.")

	var overdue [][]cell
	ids = ids[:0]
	for _, s := range r.Sections {
		for _, it := range s.Items {
			if it.Overdue(p.today) {
				overdue = append(overdue, []cell{boldCell(string(it.ID)), textCell(it.Text), pillCell(it.Status.Label(), statusTone(it.Status)), textCell(string(it.Due)), textCell(orDash(it.Owner))})
				ids = append(ids, string(it.ID))
			}
		}
	}
	p.tableSection("Overdue", []column{{"Item", p.colWidth(stCellBold, "Item", ids...)}, {"What", 0}, {"Status", p.statusColWidth()}, {"Due", p.colWidth(stCell, "Due", "2026-12-31")}, {"Owner", 30}}, overdue, "Nothing is overdue.")

	var open []readiness.Action
	for _, a := range r.Actions {
		if a.IsOpen() {
			open = append(open, a)
		}
	}
	if st.OverdueActions > 0 {
		p.heading("Open actions", 1, 0)
		p.para(fmt.Sprintf("%s open, %d overdue.", plural(st.OpenActions, "action", "actions"), st.OverdueActions), stBodyBold)
		p.gap(1)
		p.actionTable(open, p.today, "Action")
	} else {
		p.tableSection("Open actions", actionColumns(p.doc, "Action"), actionRows(open, p.today), "No actions open.")
	}

	p.heading("Next step", 1, 0)
	if nc := r.NextCeremony(p.today); nc != nil {
		p.para(strings.TrimSpace(fmt.Sprintf("Next ceremony: %s on %s. %s", nc.Kind.Label(), nc.Date, nc.Note)), stBodyBold)
		p.gap(1)
	}
	if r.State == readiness.Closed {
		p.para("Closed: hypercare exited and the handover was accepted.", stBody)
	} else {
		next := st.Next
		p.para(fmt.Sprintf("%s (to %s). %s", next.Action, next.Next.Label(), next.How), stBody)
		for _, b := range next.Blockers {
			p.bullet(b, stBody)
		}
		for _, n := range next.Notes {
			p.bullet(n, stNote)
		}
	}

	if len(r.Ceremonies) > 0 {
		var rows [][]cell
		for i := range r.Ceremonies {
			c := &r.Ceremonies[i]
			outcome := cell{}
			for _, dec := range c.Decisions {
				word, t := outcomePill(dec.Outcome)
				outcome = pillCell(word, t)
				outcome.add(dec.Reason, stCell)
				break
			}
			outcome.add(c.DecisionSummary(), stCellBold)
			for _, am := range c.Amendments {
				outcome.add(amendmentLine(am), stCellNote)
			}
			rows = append(rows, []cell{textCell(string(c.Date)), boldCell(c.Kind.Label()), outcome})
		}
		p.tableSection("Ceremonies", []column{{"Date", p.colWidth(stCell, "Date", "2026-12-31")}, {"Ceremony", 38}, {"Decision and reasons", 0}}, rows, "")
	}
	p.trackRecord()
}

// tableSection is a sub-heading kept with the table under it, or with a
// note when the table would be empty.
func (p *pack) tableSection(title string, cols []column, rows [][]cell, empty string) {
	p.headingOver(title, 1, cols, rows)
	if len(rows) == 0 {
		p.note(empty)
		return
	}
	p.table(cols, rows)
}

// lead is the summary's opening paragraph: what matters now.
func (p *pack) lead() string {
	r, st, pr := p.r, p.st, p.progress
	hc := st.Hypercare
	went, wentOn := goLiveLine(st.GoLive, p.today)+".", lowerFirst(goLiveLine(st.GoLive, p.today))
	for _, f := range st.Flags {
		if f.Kind == "went-live-early" || f.Kind == "went-live-late" {
			// The flag below says it, with the planned date and why.
			went, wentOn = "", "went live "+string(st.GoLive.Actual)
		}
	}
	switch r.State {
	case readiness.Live:
		switch {
		case hc.Day > 0:
			return strings.TrimSpace(fmt.Sprintf("%s is live and in hypercare: day %d of %d (%s to %s). %s", r.Title, hc.Day, hc.Days, hc.Start, hc.End, went))
		case hc.State == readiness.HCExited:
			return strings.TrimSpace(fmt.Sprintf("%s is live; hypercare exited on %s and the handover is still to be accepted. %s", r.Title, hc.ExitedOn, went))
		}
		return strings.TrimSpace(fmt.Sprintf("%s is live. %s", r.Title, went))
	case readiness.HandedOver, readiness.Closed:
		// In the order it happened: live, out of hypercare, handed over,
		// closed.
		var steps []string
		if !st.GoLive.Actual.IsZero() {
			steps = append(steps, wentOn)
		}
		if !hc.ExitedOn.IsZero() {
			steps = append(steps, "left hypercare on "+string(hc.ExitedOn))
		}
		handed := "was handed over to " + firstNonEmpty(r.Handover.Team, r.MaintenanceTeam, "the receiving team") + dateSuffix(r.HandedOver.On)
		if a := r.Handover.Acceptance; a != nil {
			handed += ", accepted by " + personText(a.Person)
			if a.Date != r.HandedOver.On {
				handed += " on " + string(a.Date)
			}
		}
		steps = append(steps, handed)
		text := r.Title + " " + joinAnd(steps) + "."
		if r.State == readiness.Closed {
			text += " It closed on " + orDash(string(r.Closed.On)) + "."
		}
		return text
	}
	return fmt.Sprintf("%s is %d%% ready for go-live on %s: %d of %d applicable checklist items are done, %d blocked and %d overdue. The record is %s.",
		r.Title, pr.Percent, goLiveText(st.GoLive.Planned, p.today), pr.Done, pr.Applicable, pr.Blocked, pr.Overdue, strings.ToLower(r.State.Label()))
}

// summaryTiles are the figures that matter in the record's state.
func (p *pack) summaryTiles() []tile {
	r, st, pr := p.r, p.st, p.progress
	hc := st.Hypercare
	countTone := func(n int, bad tone) tone {
		if n == 0 {
			return toneGreen
		}
		return bad
	}
	switch r.State {
	case readiness.Live:
		day := tile{"—", "Hypercare day", toneBlue}
		switch {
		case hc.Day > 0:
			day.value = fmt.Sprintf("%d / %d", hc.Day, hc.Days)
		case hc.State == readiness.HCExited:
			day = tile{string(hc.ExitedOn), "Hypercare exited", toneGreen}
		}
		if hc.Overdue {
			day.tone = toneRed
		}
		incidents := tile{fmt.Sprint(hc.OpenTotal), "Open incidents", countTone(hc.OpenTotal, toneAmber)}
		if hc.Open.P1+hc.Open.P2 > 0 {
			incidents.tone = toneRed
		}
		checkIn := tile{"None", "Last check-in", toneGrey}
		if c := hc.LastCheckIn; c != nil {
			checkIn = tile{ragWord(c.RAG), "Last check-in", ragTone(c.RAG)}
		}
		criteria := tile{fmt.Sprintf("%d / %d", hc.CriteriaMet, hc.Criteria), "Exit criteria", toneAmber}
		if hc.CriteriaMet == hc.Criteria {
			criteria.tone = toneGreen
		}
		return []tile{day, incidents, checkIn, criteria, {fmt.Sprint(hc.Extensions), "Extensions", countTone(hc.Extensions, toneAmber)}}
	case readiness.HandedOver, readiness.Closed:
		accepted := tile{"—", "Accepted", toneAmber}
		if a := r.Handover.Acceptance; a != nil {
			accepted = tile{string(a.Date), "Accepted", toneGreen}
		}
		return []tile{
			{orDash(string(hc.ExitedOn)), "Hypercare exit", toneGreen},
			accepted,
			{fmt.Sprint(len(st.Commitments)), "Commitments", countTone(len(st.Commitments), toneAmber)},
			{fmt.Sprint(st.OpenActions), "Open actions", countTone(st.OpenActions, toneAmber)},
			{fmt.Sprintf("%d%%", pr.Percent), "Checklist done", ragTone(pr.RAG)},
		}
	}
	openRisks := 0
	for _, k := range r.Risks {
		if k.Status == "open" {
			openRisks++
		}
	}
	return []tile{
		{fmt.Sprintf("%d%%", pr.Percent), "Ready · " + ragWord(pr.RAG), ragTone(pr.RAG)},
		{fmt.Sprintf("%d / %d", pr.Done, pr.Applicable), "Items done", toneBlue},
		{fmt.Sprint(pr.Blocked), "Blocked", countTone(pr.Blocked, toneRed)},
		{fmt.Sprint(pr.Overdue), "Overdue", countTone(pr.Overdue, toneRed)},
		{fmt.Sprint(openRisks), "Open risks", countTone(openRisks, toneAmber)},
	}
}

// hypercareHealth is the live record's window as it stands: open
// incidents, the last check-in, the exit criteria, the extensions.
func (p *pack) hypercareHealth() {
	r, hc := p.r, p.st.Hypercare
	if c := hc.LastCheckIn; c != nil {
		p.need(pillH + 2*stBody.leading())
		x := p.left
		p.textAt(x, p.y+(pillH-stBodyBold.leading())/2, "Last check-in "+string(c.Date), stBodyBold, alignLeft, 0)
		x += p.fs.width(stBodyBold.face, stBodyBold.size, "Last check-in "+string(c.Date)) + 3
		p.pill(x, p.y, ragWord(c.RAG), ragTone(c.RAG))
		p.y += pillH + 1
		text := c.Summary
		if c.By != "" {
			text += " (" + c.By + ")"
		}
		p.para(text, stBody)
	} else {
		p.para("No check-in recorded yet.", stBodyBold)
	}
	p.gap(2)
	p.para(capitalise(openIncidentsText(hc))+".", stBodyBold)
	if rows := openIncidents(r); len(rows) > 0 {
		p.gap(1)
		p.incidentTable(rows)
	}
	var unmet []string
	for _, c := range r.Hypercare.Criteria {
		if c.Status == readiness.Unmet {
			unmet = append(unmet, c.Text)
		}
	}
	p.gap(1)
	if len(unmet) > 0 {
		p.para(fmt.Sprintf("Exit criteria: %d of %d met or waived; not met yet:", hc.CriteriaMet, hc.Criteria), stBodyBold)
		for _, u := range unmet {
			p.bullet(u, stBody)
		}
	} else {
		p.para(fmt.Sprintf("Exit criteria: all %d met or waived.", hc.Criteria), stBodyBold)
	}
	p.gap(1)
	if len(r.Hypercare.Extensions) == 0 {
		p.para("No extensions.", stBodyBold)
	} else {
		p.para(fmt.Sprintf("Extended %s, %d days in all:", plural(hc.Extensions, "time", "times"), hc.ExtraDays), stBodyBold)
		for _, e := range r.Hypercare.Extensions {
			p.bullet(fmt.Sprintf("%s: %s, %s", e.On, plural(e.Days, "day", "days"), e.Reason), stBody)
		}
	}
}

// outcome is what the receiving team took on when a record was handed
// over: its open commitments, and what its acceptance did with the
// handover items not done.
func (p *pack) outcome() {
	r, st := p.r, p.st
	team := firstNonEmpty(r.Handover.Team, r.MaintenanceTeam, "the receiving team")
	if len(st.Commitments) == 0 {
		p.para(fmt.Sprintf("%s has no commitments open.", team), stBodyBold)
	} else {
		p.para(fmt.Sprintf("What %s took on: actions transferred to it and the conditions of its acceptance still open.", team), stNote)
		p.gap(1)
		p.actionTable(st.Commitments, p.today, "Commitment")
	}
	if a := r.Handover.Acceptance; a != nil && len(a.Unfinished) > 0 {
		p.gap(1)
		p.para("What the acceptance did with the handover items not done:", stBodyBold)
		for _, u := range a.Unfinished {
			how := "a condition of acceptance"
			if u.As == "na" {
				how = "n/a: " + u.Reason
			}
			p.bullet(fmt.Sprintf("%s %s — %s", u.Item, u.Text, how), stBody)
		}
	}
}

// conflicts warns that some fields hold provisional values.
func (p *pack) conflicts() {
	var names []string
	for _, k := range p.opt.Conflicts {
		names = append(names, firstNonEmpty(k.Label, string(k.Path)))
	}
	p.callout("Unresolved conflicts", []string{fmt.Sprintf("%d field(s) have concurrent edits nobody has resolved yet; this pack prints the provisional value of each: %s.",
		len(p.opt.Conflicts), strings.Join(names, "; "))}, toneAmber)
}
