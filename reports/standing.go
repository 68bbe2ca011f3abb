package reports

import (
	"fmt"
	"slices"
	"strings"

	"readyroom/readiness"
)

// Where a record stands, in words. readiness.StandingOf says where it
// stands; these functions only phrase it, and the last few are small
// adapters for what the domain does not say yet: the order in which to
// call contacts, and which sections hold the rollback plan and the
// rollback checklist.

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

func plural(n int, one, many string) string {
	if n == 1 {
		return "1 " + one
	}
	return fmt.Sprintf("%d %s", n, many)
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
