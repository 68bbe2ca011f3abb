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
	if opt.Now.IsZero() {
		return fmt.Errorf("rendering handover pack: PackOptions.Now is required")
	}
	defer func() {
		if p := recover(); p != nil {
			err = fmt.Errorf("rendering handover pack: %v", p)
		}
	}()
	d := newDoc(opt.Paper, "handover pack", r.Service+" — "+r.Title, opt.Now)
	d.SetTitle(Sanitize("Handover pack: "+r.Service+" — "+r.Title), true)
	d.SetSubject(Sanitize("Handover to "+firstNonEmpty(r.Handover.Team, r.MaintenanceTeam)), true)
	d.SetAuthor(Sanitize(firstNonEmpty(opt.Author, r.Squad)), true)
	d.SetCreator("Ready Room", true)
	d.SetKeywords("handover runbooks escalation", true)

	h := &r.Handover
	d.band("Handover pack", r.Service, r.Title)
	d.SetXY(d.left, 102)
	accepted := "Not yet accepted"
	if h.Acceptance != nil {
		accepted = fmt.Sprintf("Accepted by %s (%s) on %s", h.Acceptance.Person.Name, h.Acceptance.Person.Role, h.Acceptance.Date)
	}
	d.facts([][2]string{
		{"Receiving team", firstNonEmpty(h.Team, r.MaintenanceTeam)}, {"From", r.Squad}, {"Service delivery manager", r.SDM},
		{"Went live", orDash(string(r.Hypercare.Window.Start))}, {"Hypercare", fmt.Sprintf("%s, %s to %s", r.Hypercare.Window.State, orDash(string(r.Hypercare.Window.Start)), orDash(string(r.Hypercare.End())))},
		{"Acceptance", accepted}, {"Generated", opt.Now.UTC().Format("2 January 2006, 15:04 MST")},
	})

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
			d.text("Nothing recorded.", 9, "I", cInk3)
			return
		}
		var rows [][]string
		for _, it := range list {
			note := it.Evidence
			if it.Reason != "" {
				note = strings.TrimSpace(it.Status.Label() + ": " + it.Reason + "\n" + it.Evidence)
			}
			rows = append(rows, []string{it.ID, it.Text, statusPill(it.Status), note})
		}
		d.table([]col{{title: "Item", width: 16, bold: true}, {title: "What", width: 70}, {title: "Status", width: 24, pill: true}, {title: "Where it is", width: d.width - 110}}, rows)
	}

	d.AddPage()
	d.heading("1. Contacts and escalation", 0, 0)
	section(d, r, &readiness.Section{Kind: readiness.KindContacts}, readiness.Progress{})
	items(byKind("on-call", "escalation-tree", "suppliers"))
	d.heading("2. Runbooks and known errors", 0, 0)
	items(byKind("runbooks", "known-errors"))
	if open := openIncidents(r); len(open) > 0 {
		d.heading("Incidents still open", 1, 0)
		d.table([]col{{title: "Ref", width: 24, bold: true}, {title: "Severity", width: 20}, {title: "Opened", width: 32}, {title: "Summary", width: d.width - 76}}, open)
	}
	d.heading("3. Monitoring and alert ownership", 0, 0)
	if s := r.Section("observability"); s != nil && strings.TrimSpace(s.Text) != "" {
		d.text(s.Text, 9.5, "", cInk)
		d.Ln(2)
	}
	items(byKind("alerts", "dashboards", "slos"))
	d.heading("4. Rollback plan", 0, 0)
	if s := r.Section("rollback-plan"); s != nil && strings.TrimSpace(s.Text) != "" {
		d.text(s.Text, 9.5, "", cInk)
	} else {
		d.text("Not filled in.", 9.5, "I", cInk3)
	}
	d.heading("5. Everything handed over", 0, 0)
	items(h.Items)
	d.heading("6. Conditions and acceptance", 0, 0)
	if h.Acceptance == nil {
		d.text("The receiving team has not accepted the handover yet.", 9.5, "I", cInk3)
	} else {
		d.text(fmt.Sprintf("%s (%s) accepted the handover on %s.", h.Acceptance.Person.Name, h.Acceptance.Person.Role, h.Acceptance.Date), 9.5, "", cInk)
		d.Ln(2)
	}
	var acts [][]string
	for _, a := range r.Actions {
		state := "Open|amber"
		if a.Done {
			state = "Done|green"
		}
		acts = append(acts, []string{a.Text, a.Owner, string(a.Due), state})
	}
	if len(acts) > 0 {
		d.table([]col{{title: "Action or condition", width: 90}, {title: "Owner", width: 30}, {title: "Due", width: 24}, {title: "State", width: d.width - 144, pill: true}}, acts)
	}
	return d.finish(w, "handover pack")
}

func openIncidents(r *readiness.Record) [][]string {
	var rows [][]string
	for _, in := range r.Hypercare.Incidents {
		if in.Resolved == "" {
			rows = append(rows, []string{in.Ref, string(in.Severity), strings.Replace(string(in.Opened), "T", " ", 1), in.Summary})
		}
	}
	return rows
}
