package templatefmt

import (
	"fmt"
	"strings"

	"readyroom/readiness"
)

// Report says in words what an import took and what it left out or
// changed. Each note is a sentence a user reads as it is.
type Report struct {
	Format   Format `json:"format"`
	Source   string `json:"source"` // what the file was: `AWS custom lens "Payments ORR" version 1.0`
	Sections int    `json:"sections"`
	Items    int    `json:"items"`
	High     int    `json:"high"`   // items with high risk
	Medium   int    `json:"medium"` // items with medium risk
	// Notes: what was left out or changed, one sentence each.
	Notes []string `json:"notes"`
}

// Took says what the template holds: "12 sections, 87 items, 3 with high
// risk".
func (r *Report) Took() string {
	s := plural(r.Sections, "section", "sections") + ", " + plural(r.Items, "item", "items")
	if r.High > 0 {
		s += fmt.Sprintf(", %d with high risk", r.High)
	}
	if r.Medium > 0 {
		s += fmt.Sprintf(", %d with medium risk", r.Medium)
	}
	return s
}

// String is the report as the command line prints it: what was read, what
// it took, then each note on a line of its own.
func (r *Report) String() string {
	var b strings.Builder
	if r.Source != "" {
		b.WriteString("Read " + r.Source + ".\n")
	}
	b.WriteString("Took " + r.Took() + ".\n")
	for _, n := range r.Notes {
		b.WriteString(n + "\n")
	}
	return b.String()
}

func (r *Report) note(format string, args ...any) {
	r.Notes = append(r.Notes, fmt.Sprintf(format, args...))
}

// count fills the counts from the template.
func (r *Report) count(t *readiness.Template) {
	r.Sections, r.Items, r.High, r.Medium = len(t.Sections), 0, 0, 0
	for _, s := range t.Sections {
		for _, it := range s.Items {
			r.Items++
			switch it.Risk {
			case readiness.RiskHigh:
				r.High++
			case readiness.RiskMedium:
				r.Medium++
			}
		}
	}
}

func plural(n int, one, many string) string {
	if n == 1 {
		return "1 " + one
	}
	return fmt.Sprintf("%d %s", n, many)
}

// listed names a few things and counts the rest: "ops_01, ops_02 and 3
// more".
func listed(xs []string) string {
	const show = 4
	if len(xs) <= show+1 {
		switch len(xs) {
		case 0:
			return ""
		case 1:
			return xs[0]
		}
		return strings.Join(xs[:len(xs)-1], ", ") + " and " + xs[len(xs)-1]
	}
	return strings.Join(xs[:show], ", ") + fmt.Sprintf(" and %d more", len(xs)-show)
}

// lines writes line numbers for a note: "line 4" or "lines 4, 9 and 12".
func lines(ns []int) string {
	xs := make([]string, len(ns))
	for i, n := range ns {
		xs[i] = fmt.Sprint(n)
	}
	if len(ns) == 1 {
		return "line " + xs[0]
	}
	return "lines " + listed(xs)
}
