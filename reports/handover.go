package reports

import (
	"fmt"
	"io"
	"slices"
	"strings"

	"readyroom/readiness"
)

// HandoverPack renders what the maintenance team needs, ordered for
// whoever is called at 3 a.m.: contacts and escalation first, then runbooks
// and known errors, monitoring and alert ownership, the rollback plan, then
// every handover item, the conditions and the acceptance.
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
	h := &r.Handover
	d, err := newDoc(opt.Paper, docMeta{
		kind: "Handover pack", title: r.Service + " — " + r.Title,
		subject:  "Handover to " + firstNonEmpty(h.Team, r.MaintenanceTeam),
		author:   firstNonEmpty(opt.Author, r.Squad),
		keywords: "handover, runbooks, escalation, " + r.Service,
		now:      opt.Now,
	})
	if err != nil {
		return fmt.Errorf("rendering handover pack: %w", err)
	}

	d.band("Handover pack", r.Service, r.Title, tones[toneGreen][1])
	accepted := "Not yet accepted"
	if h.Acceptance != nil {
		accepted = fmt.Sprintf("Accepted by %s (%s) on %s", h.Acceptance.Person.Name, h.Acceptance.Person.Role, h.Acceptance.Date)
	}
	d.facts([]fact{
		{"Receiving team", firstNonEmpty(h.Team, r.MaintenanceTeam)}, {"From", r.Squad},
		{"Service delivery manager", r.SDM}, {"Went live", orDash(string(r.Hypercare.Window.Start))},
		{"Hypercare", fmt.Sprintf("%s, %s to %s", r.Hypercare.Window.State, orDash(string(r.Hypercare.Window.Start)), orDash(string(r.Hypercare.End())))},
		{"Acceptance", accepted}, {"Handover items done", fmt.Sprintf("%d of %d", h.Done(), len(h.Items))},
		{"Generated", opt.Now.Format("2 January 2006, 15:04 MST")},
	}, 2)

	byKind := func(kinds ...string) []readiness.HandoverItem {
		var out []readiness.HandoverItem
		for _, it := range h.Items {
			if slices.Contains(kinds, it.Kind) {
				out = append(out, it)
			}
		}
		return out
	}
	items := func(list []readiness.HandoverItem) {
		if len(list) == 0 {
			d.note("Nothing recorded.")
			return
		}
		var rows [][]cell
		ids := []string{}
		for _, it := range list {
			where := cell{}
			if it.Reason != "" {
				where.add(it.Status.Label()+": "+it.Reason, stCellBold)
			}
			where.add(it.Evidence, stCell)
			if len(where.paras) == 0 {
				where = mutedCell("—")
			}
			rows = append(rows, []cell{boldCell(it.ID), textCell(it.Text), pillCell(it.Status.Label(), statusTone(it.Status)), where})
			ids = append(ids, it.ID)
		}
		d.table([]column{{"Item", d.colWidth(stCellBold, "Item", ids...)}, {"What", 0}, {"Status", d.statusColWidth()}, {"Where it is", 0}}, rows)
	}
	pk := &pack{doc: d, r: r, opt: opt, today: readiness.DateOf(opt.Now)}

	d.page()
	d.heading("1. Contacts and escalation", 0, 0)
	pk.contacts()
	items(byKind("on-call", "escalation-tree", "suppliers"))
	d.heading("2. Runbooks and known errors", 0, 0)
	items(byKind("runbooks", "known-errors"))
	if open := openIncidents(r); len(open) > 0 {
		d.heading("Incidents still open", 1, 0)
		d.table([]column{{"Ref", 24}, {"Severity", 20}, {"Opened", 32}, {"Summary", 0}}, open)
	}
	d.heading("3. Monitoring and alert ownership", 0, 0)
	if s := r.Section("observability"); s != nil && strings.TrimSpace(s.Text) != "" {
		d.para(s.Text, stBody)
		d.gap(2)
	}
	items(byKind("alerts", "dashboards", "slos"))
	d.heading("4. Rollback plan", 0, 0)
	if s := r.Section("rollback-plan"); s != nil && strings.TrimSpace(s.Text) != "" {
		d.para(s.Text, stBody)
	} else {
		d.note("Not filled in.")
	}
	d.heading("5. Everything handed over", 0, 0)
	items(h.Items)
	d.heading("6. Conditions and acceptance", 0, 0)
	if h.Acceptance == nil {
		d.note("The receiving team has not accepted the handover yet.")
	} else {
		d.para(fmt.Sprintf("%s (%s) accepted the handover on %s.", h.Acceptance.Person.Name, h.Acceptance.Person.Role, h.Acceptance.Date), stBody)
		d.gap(2)
	}
	if len(r.Actions) > 0 {
		d.actionTable(r.Actions, readiness.DateOf(opt.Now), "Action or condition")
	}
	return d.finish(w, "handover pack")
}

func openIncidents(r *readiness.Record) [][]cell {
	var rows [][]cell
	for _, in := range r.Hypercare.Incidents {
		if in.Resolved == "" {
			rows = append(rows, []cell{boldCell(in.Ref), pillCell(string(in.Severity), severityTone(in.Severity)), textCell(strings.Replace(string(in.Opened), "T", " ", 1)), textCell(in.Summary)})
		}
	}
	return rows
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
