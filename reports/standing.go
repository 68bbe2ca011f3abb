package reports

import (
	"fmt"
	"strings"

	"readyroom/readiness"
)

// Where a record stands, in words. readiness.StandingOf says where it
// stands; these functions only phrase it.

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
