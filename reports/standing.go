package reports

import (
	"fmt"
	"slices"
	"strings"
	"unicode"
	"unicode/utf8"

	"readyroom/readiness"
)

// Where a record stands, in words. readiness.StandingOf says where it
// stands; these functions only phrase it (the go-live shown, hypercare's
// figures, the outcome, a flag's title, an amendment), and the last few
// are small adapters for what the domain does not say yet: the order in
// which to call contacts, and which sections hold the rollback plan and
// the rollback checklist.

// hypercareFigures are the hypercare health in short phrases: open
// incidents by severity, the last check-in, the exit criteria, the
// extensions.
func hypercareFigures(hc readiness.HypercareHealth) []string {
	out := []string{openIncidentsText(hc)}
	if c := hc.LastCheckIn; c != nil {
		out = append(out, fmt.Sprintf("last check-in %s %s", c.Date, ragWord(c.RAG)))
	} else {
		out = append(out, "no check-in yet")
	}
	out = append(out, fmt.Sprintf("exit criteria %d of %d met", hc.CriteriaMet, hc.Criteria))
	switch hc.Extensions {
	case 0:
		out = append(out, "no extensions")
	default:
		out = append(out, fmt.Sprintf("%s (%d days)", plural(hc.Extensions, "extension", "extensions"), hc.ExtraDays))
	}
	return out
}

// openIncidentsText is "1 incident open (P4 1)" or "no incidents open".
func openIncidentsText(hc readiness.HypercareHealth) string {
	if hc.OpenTotal == 0 {
		return "no incidents open"
	}
	var by []string
	for _, s := range []struct {
		sev string
		n   int
	}{{"P1", hc.Open.P1}, {"P2", hc.Open.P2}, {"P3", hc.Open.P3}, {"P4", hc.Open.P4}} {
		if s.n > 0 {
			by = append(by, fmt.Sprintf("%s %d", s.sev, s.n))
		}
	}
	return fmt.Sprintf("%s open (%s)", plural(hc.OpenTotal, "incident", "incidents"), strings.Join(by, ", "))
}

// outcomeFigures are how a handed-over or closed record ended: hypercare's
// exit, the acceptance, the commitments left open.
func outcomeFigures(r *readiness.Record, st readiness.Standing) []string {
	var out []string
	if on := st.Hypercare.ExitedOn; !on.IsZero() {
		out = append(out, "hypercare exited "+string(on))
	}
	if a := r.Handover.Acceptance; a != nil {
		out = append(out, fmt.Sprintf("handover accepted by %s on %s", a.Person.Name, a.Date))
	}
	if n := len(st.Commitments); n > 0 {
		out = append(out, plural(n, "commitment", "commitments")+" open with "+firstNonEmpty(r.Handover.Team, r.MaintenanceTeam, "the receiving team"))
	} else {
		out = append(out, "no commitments open")
	}
	return out
}

func plural(n int, one, many string) string {
	if n == 1 {
		return "1 " + one
	}
	return fmt.Sprintf("%d %s", n, many)
}

// goLiveLine is the go-live as readiness.StandingOf shows it: the actual
// date once there is one, with the planned date and the reason beside it
// when they differ; before that the planned date and how far away it is.
func goLiveLine(gl readiness.GoLiveDates, today readiness.Date) string {
	if gl.Actual.IsZero() {
		return goLiveText(gl.Planned, today)
	}
	switch {
	case gl.Planned.IsZero():
		return "Went live " + string(gl.Actual)
	case gl.Planned == gl.Actual:
		return fmt.Sprintf("Went live %s (as planned)", gl.Actual)
	case gl.Reason != "":
		return fmt.Sprintf("Went live %s (planned %s: %s)", gl.Actual, gl.Planned, gl.Reason)
	}
	return fmt.Sprintf("Went live %s (planned %s)", gl.Actual, gl.Planned)
}

// goLiveSubject is the go-live for the document's subject metadata.
func goLiveSubject(gl readiness.GoLiveDates) string {
	switch {
	case gl.Actual.IsZero():
		return "go-live " + orDash(string(gl.Planned))
	case gl.Planned.IsZero() || gl.Planned == gl.Actual:
		return "went live " + string(gl.Actual)
	}
	return fmt.Sprintf("went live %s (planned %s)", gl.Actual, gl.Planned)
}

// decisionLine is the latest go/no-go in words: "Ready — go with 3
// conditions, 1 blocked item accepted as a risk" while the record is ready
// on it, "Go/no-go: …" after.
func decisionLine(s readiness.State, decision string) string {
	if s == readiness.Ready {
		return "Ready — " + lowerFirst(decision) + "."
	}
	return "Go/no-go: " + decision + "."
}

// flagTitle names a readiness.Flag's kind and gives it a tone: a date
// missed is red, a go-live away from its plan is worth knowing.
func flagTitle(kind string) (string, tone) {
	switch kind {
	case "go-live-past":
		return "The planned go-live has passed", toneRed
	case "hypercare-overdue":
		return "The hypercare window has run past its end", toneRed
	case "went-live-early":
		return "Went live early", toneBlue
	case "went-live-late":
		return "Went live late", toneAmber
	}
	return capitalise(strings.ReplaceAll(kind, "-", " ")), toneAmber
}

// amendmentLine is one amendment of a ceremony, in words.
func amendmentLine(am readiness.Amendment) string {
	s := fmt.Sprintf("Amended on %s by %s because %s", am.At.UTC().Format("2006-01-02"), orDash(am.By), strings.TrimRight(am.Reason, "."))
	if len(am.Changed) > 0 {
		s += " (changed: " + strings.Join(am.Changed, ", ") + ")"
	}
	return s
}

// personText is "Name (Role)", or the name alone.
func personText(p readiness.Person) string {
	if strings.TrimSpace(p.Role) == "" {
		return p.Name
	}
	return p.Name + " (" + p.Role + ")"
}

func dateSuffix(d readiness.Date) string {
	if d.IsZero() {
		return ""
	}
	return " on " + string(d)
}

func lowerFirst(s string) string {
	r, n := utf8.DecodeRuneInString(s)
	if n == 0 {
		return s
	}
	return string(unicode.ToLower(r)) + s[n:]
}

// joinAnd joins phrases as a sentence does: "a, b and c".
func joinAnd(parts []string) string {
	if len(parts) < 2 {
		return strings.Join(parts, "")
	}
	return strings.Join(parts[:len(parts)-1], ", ") + " and " + parts[len(parts)-1]
}

// escalationOrder is the contacts in the order to call them: L1, L2, L3,
// then those without a level, each level in the record's order.
// (readiness.Contact.Level holds the level; the order is the report's.)
func escalationOrder(contacts []readiness.Contact) []readiness.Contact {
	out := slices.Clone(contacts)
	rank := func(c readiness.Contact) int {
		if i := slices.Index([]string{"L1", "L2", "L3"}, c.Level); i >= 0 {
			return i
		}
		return 3
	}
	slices.SortStableFunc(out, func(a, b readiness.Contact) int { return rank(a) - rank(b) })
	return out
}

// rollbackOf finds the record's rollback plan (the narrative section) and
// its rollback checklist: the templates' sections rollback-plan and
// rollback, or in a custom template the first section of each kind whose
// title mentions rollback.
func rollbackOf(r *readiness.Record) (plan, checklist *readiness.Section) {
	plan, checklist = r.Section("rollback-plan"), r.Section("rollback")
	if plan != nil && plan.Kind != readiness.KindNarrative {
		plan = nil
	}
	if checklist != nil && checklist.Kind != readiness.KindChecklist {
		checklist = nil
	}
	for i := range r.Sections {
		s := &r.Sections[i]
		if !strings.Contains(strings.ToLower(s.Title), "rollback") {
			continue
		}
		switch {
		case plan == nil && s.Kind == readiness.KindNarrative:
			plan = s
		case checklist == nil && s.Kind == readiness.KindChecklist:
			checklist = s
		}
	}
	return plan, checklist
}

// joinNames lists up to n names, then how many more.
func joinNames(names []string, n int) string {
	if len(names) <= n {
		return strings.Join(names, ", ")
	}
	return strings.Join(names[:n], ", ") + fmt.Sprintf(" and %d more", len(names)-n)
}
