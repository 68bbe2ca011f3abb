package app

import (
	"encoding/csv"
	"fmt"
	"io"
	"slices"
	"strconv"
	"strings"
	"time"

	"readyroom/readiness"
	"readyroom/reports"
)

// PortfolioFilter is what the portfolio screen filters its rows by, as the
// window sends it and the command line's flags spell it: a tier, any of
// some states and any of some RAGs (none: every one), a squad, a service
// and an SDM (exactly, as the screen's lists offer them), an owner (a
// person of the directory: someone owning an item, risk or action of the
// record, however it spells them), records that have any of some things
// (blocked or overdue items, sync conflicts, needs), and a date range that
// a record's go-live day (the one shown) or, unless GoLiveOnly, its
// hypercare window overlaps; either end may be empty. The screen's own
// predicate is frontend/src/components/portfolio/filters.ts;
// TestPortfolioFilterAsTheScreen keeps the two the same.
type PortfolioFilter struct {
	Tier    string   `json:"tier"` // "", gold or silver
	States  []string `json:"states"`
	RAGs    []string `json:"rags"` // green, amber, red
	Squad   string   `json:"squad"`
	Service string   `json:"service"`
	SDM     string   `json:"sdm"`
	// Owner is a person's key (readiness.PersonKey; any spelling of the
	// name does from the command line).
	Owner string `json:"owner"`
	// Has: any of blocked, overdue, conflicts and needs (PortfolioHas).
	Has        []string `json:"has"`
	From       string   `json:"from"` // YYYY-MM-DD or ""
	To         string   `json:"to"`
	GoLiveOnly bool     `json:"goLiveOnly"`
}

// PortfolioHas are what a record may be filtered for having: blocked items,
// overdue items, sync conflicts, things that need someone now.
var PortfolioHas = []string{"blocked", "overdue", "conflicts", "needs"}

// has reports whether a row has one of PortfolioHas.
func (r *RecordRow) has(what string) bool {
	switch what {
	case "blocked":
		return r.Blocked > 0
	case "overdue":
		return r.Overdue > 0
	case "conflicts":
		return r.Conflicts > 0
	case "needs":
		return r.Needs > 0
	}
	return false
}

// Check refuses a filter the screen could not set: another tier, an
// unknown state, a date that is not one.
func (f PortfolioFilter) Check() error {
	if f.Tier != "" {
		if _, err := readiness.ParseTier(f.Tier); err != nil {
			return fmt.Errorf("%w: the tier filter is gold or silver, not %q", ErrInput, f.Tier)
		}
	}
	for _, s := range f.States {
		if !slices.Contains(readiness.States, readiness.State(s)) {
			return fmt.Errorf("%w: the state filter is one of draft, preparing, ready, live, handed-over, closed, not %q", ErrInput, s)
		}
	}
	for _, r := range f.RAGs {
		if _, ok := ragWords[readiness.RAG(r)]; !ok {
			return fmt.Errorf("%w: the RAG filter is green, amber or red, not %q", ErrInput, r)
		}
	}
	for _, h := range f.Has {
		if !slices.Contains(PortfolioHas, h) {
			return fmt.Errorf("%w: the has filter is one of %s, not %q", ErrInput, strings.Join(PortfolioHas, ", "), h)
		}
	}
	if strings.TrimSpace(f.Owner) != "" && readiness.PersonKey(f.Owner) == "" {
		return fmt.Errorf("%w: the owner filter %q names nobody", ErrInput, f.Owner)
	}
	for _, d := range []string{f.From, f.To} {
		if _, err := readiness.ParseDate(d); err != nil {
			return fmt.Errorf("%w: the date filter takes YYYY-MM-DD, not %q", ErrInput, d)
		}
	}
	return nil
}

// Active reports whether the filter leaves out anything.
func (f PortfolioFilter) Active() bool {
	return f.Tier != "" || len(f.States) > 0 || len(f.RAGs) > 0 || f.Squad != "" || f.Service != "" || f.SDM != "" ||
		f.Owner != "" || len(f.Has) > 0 || f.From != "" || f.To != ""
}

// Matches reports whether a row passes every filter (filters.ts's
// matchesFilters).
func (f PortfolioFilter) Matches(r *RecordRow) bool {
	switch {
	case f.Tier != "" && string(r.Tier) != f.Tier,
		len(f.States) > 0 && !slices.Contains(f.States, string(r.State)),
		len(f.RAGs) > 0 && !slices.Contains(f.RAGs, string(r.RAG)),
		f.Squad != "" && r.Squad != f.Squad,
		f.Service != "" && r.Service != f.Service,
		f.SDM != "" && r.SDM != f.SDM,
		f.Owner != "" && !slices.Contains(r.Owners, readiness.PersonKey(f.Owner)),
		len(f.Has) > 0 && !slices.ContainsFunc(f.Has, r.has):
		return false
	}
	if f.From == "" && f.To == "" {
		return true
	}
	if f.From != "" && f.To != "" && f.From > f.To {
		return false // "From" after "To": no day is between them
	}
	goLive := r.GoLive != "" && overlaps(string(r.GoLive), string(r.GoLive), f.From, f.To)
	hypercare := !f.GoLiveOnly && r.HypercareStart != "" && overlaps(string(r.HypercareStart), string(r.HypercareEnd), f.From, f.To)
	return goLive || hypercare
}

// overlaps reports whether the days start to end (either may be empty: one
// day) meet the range from to to (either end open when empty); timeline.ts's
// overlaps.
func overlaps(start, end, from, to string) bool {
	s, e := start, end
	if s == "" {
		s = end
	}
	if e == "" {
		e = start
	}
	return s != "" && (to == "" || s <= to) && (from == "" || e >= from)
}

// Portfolio is every record's row that passes the filter, in the portfolio's
// order (soonest go-live first, handed over and closed last: compareRows).
func (s *Records) Portfolio(f PortfolioFilter) ([]RecordRow, error) {
	if err := f.Check(); err != nil {
		return nil, err
	}
	rows, err := s.Rows()
	if err != nil {
		return nil, err
	}
	out := make([]RecordRow, 0, len(rows.Records))
	for i := range rows.Records {
		if f.Matches(&rows.Records[i]) {
			out = append(out, rows.Records[i])
		}
	}
	return out, nil
}

// PortfolioColumns are the CSV's header: what the portfolio's table shows,
// a column a value.
var PortfolioColumns = []string{
	"Service", "Release", "Squad", "Service delivery manager", "Tier", "State", "Readiness %", "RAG", "RAG why",
	"Planned go-live", "Actual go-live", "Hypercare start", "Hypercare end", "Hypercare", "Handover accepted",
	"Blocked", "Overdue", "Conflicts", "Record id",
}

// hypercareWords are the table's words for a window's phase (timeline.ts's
// HYPERCARE_WORDS).
var hypercareWords = map[string]string{"planned": "planned", "open": "in hypercare", "overdue": "past its end", "exited": "exited"}

var ragWords = map[readiness.RAG]string{readiness.Green: "Green", readiness.Amber: "Amber", readiness.Red: "Red"}

// writePortfolioCSV writes rows as RFC 4180 CSV (encoding/csv: CRLF line
// ends, quotes where needed) under PortfolioColumns. A cell that a
// spreadsheet would read as a formula — one starting with =, +, -, @, a tab
// or a carriage return — is written with a single quote before it, so
// opening the file runs nothing a record's text says.
func writePortfolioCSV(w io.Writer, rows []RecordRow) error {
	cw := csv.NewWriter(w)
	cw.UseCRLF = true
	if err := cw.Write(PortfolioColumns); err != nil {
		return err
	}
	for i := range rows {
		r := &rows[i]
		cells := []string{
			r.Service, r.Title, r.Squad, r.SDM, readiness.TierLabel(r.Tier), r.State.Label(), strconv.Itoa(r.Percent),
			ragWords[r.RAG], r.RAGWhy, string(r.GoLiveDates.Planned), string(r.GoLiveDates.Actual),
			string(r.HypercareStart), string(r.HypercareEnd), hypercareWords[r.Hypercare], string(r.HandoverAccepted),
			strconv.Itoa(r.Blocked), strconv.Itoa(r.Overdue), strconv.Itoa(r.Conflicts), string(r.ID),
		}
		for j := range cells {
			cells[j] = safeCell(cells[j])
		}
		if err := cw.Write(cells); err != nil {
			return err
		}
	}
	cw.Flush()
	return cw.Error()
}

// safeCell neutralises a cell a spreadsheet would take for a formula.
func safeCell(s string) string {
	if s != "" && strings.ContainsRune("=+-@\t\r", rune(s[0])) {
		return "'" + s
	}
	return s
}

// renderPortfolio writes the filtered portfolio in a format (csv, the
// default).
func (s *Records) renderPortfolio(w io.Writer, req ExportRequest) error {
	if req.Format != "" && req.Format != "csv" {
		return fmt.Errorf("%w: the portfolio is exported as csv, not %q", ErrInput, req.Format)
	}
	rows, err := s.Portfolio(req.Filter)
	if err != nil {
		return err
	}
	return writePortfolioCSV(w, rows)
}

// renderCalendar writes the calendar of one record, or of every record the
// filter passes (all of them with none).
func (s *Records) renderCalendar(w io.Writer, req ExportRequest, now time.Time) error {
	var sums []readiness.Summary
	name := "Ready Room"
	switch {
	case req.Record != "":
		rid, err := readiness.ParseRecordID(req.Record)
		if err != nil {
			return err
		}
		s.mu.Lock()
		d, err := s.db.Doc(rid)
		s.mu.Unlock()
		if err != nil {
			return err
		}
		sum := readiness.Summarise(&d)
		sums, name = []readiness.Summary{sum}, "Ready Room: "+sum.Service+" — "+sum.Title
	case req.Filter.Active():
		rows, err := s.Portfolio(req.Filter)
		if err != nil {
			return err
		}
		ids := make([]readiness.RecordID, len(rows))
		for i := range rows {
			ids[i] = rows[i].ID
		}
		byID, err := s.db.SummariesOf(ids)
		if err != nil {
			return err
		}
		for _, id := range ids { // in the portfolio's order
			if sum, ok := byID[id]; ok {
				sums = append(sums, sum)
			}
		}
	default:
		var err error
		if sums, err = s.db.Summaries(); err != nil {
			return err
		}
	}
	return reports.Calendar(w, sums, reports.CalendarOptions{Name: name, Now: now})
}
