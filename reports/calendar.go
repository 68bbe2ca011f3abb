package reports

import (
	"bufio"
	"fmt"
	"io"
	"strings"
	"time"
	"unicode/utf8"

	"readyroom/readiness"
)

// An iCalendar file (RFC 5545) of records' dates, for a team's calendar:
// each record's go-live, its planned ceremonies and its hypercare window,
// as all-day events.
//
//   - UIDs are the record's id and what the event is — <record>-golive,
//     <record>-plan-<plan>, <record>-hypercare, each @readyroom — so that
//     importing a later export updates the events instead of adding them
//     again. The go-live is one event: on the planned date until the record
//     goes live, then on the actual date (the go-live every screen shows).
//   - DTSTAMP and LAST-MODIFIED are the record's last change, and SEQUENCE
//     the seconds from 2020-01-01 to it, so the same records give the same
//     bytes, and a changed record's events are newer.
//   - Dates are those the record shows, by readiness's rules (RowStanding:
//     the go-live shown, the hypercare window from its start to its end
//     with every extension); nothing is worked out here.
//   - Text is escaped (backslash, semicolon, comma, newline), control
//     characters are dropped, lines are folded at 75 octets without
//     splitting a UTF-8 character, and every line ends in CRLF.

// CalendarProdID is the calendar's PRODID.
const CalendarProdID = "-//Ready Room//Ready Room readiness calendar//EN"

// CalendarOptions are a calendar's name and when it is made (reports never
// read the clock). No event's text depends on the day: the same records
// give the same bytes.
type CalendarOptions struct {
	Name string
	Now  time.Time
}

// sequenceEpoch is where SEQUENCE counts from.
var sequenceEpoch = time.Date(2020, 1, 1, 0, 0, 0, 0, time.UTC)

// Calendar writes the records' go-lives, planned ceremonies and hypercare
// windows as an iCalendar file.
func Calendar(w io.Writer, sums []readiness.Summary, opt CalendarOptions) error {
	if opt.Now.IsZero() {
		return ErrNoTime
	}
	today := readiness.DateOf(opt.Now)
	cw := &icalWriter{w: bufio.NewWriter(w)}
	cw.line("BEGIN", "VCALENDAR")
	cw.line("VERSION", "2.0")
	cw.line("PRODID", CalendarProdID)
	cw.line("CALSCALE", "GREGORIAN")
	cw.line("X-WR-CALNAME", icalText(cmpOr(opt.Name, "Ready Room")))
	for i := range sums {
		calendarEvents(cw, &sums[i], today)
	}
	cw.line("END", "VCALENDAR")
	if cw.err != nil {
		return cw.err
	}
	return cw.w.Flush()
}

func cmpOr(s, or string) string {
	if s == "" {
		return or
	}
	return s
}

// calendarEvents writes one record's events.
func calendarEvents(cw *icalWriter, s *readiness.Summary, today readiness.Date) {
	st := readiness.RowStanding(s, 0, today)
	name := s.Service + " — " + s.Title
	about := recordLines(s)
	if gl := st.GoLive; !gl.Shown.IsZero() {
		summary := "Go-live (planned): " + name
		if !gl.Actual.IsZero() {
			summary = "Went live: " + name
		}
		line := "Planned go-live " + string(gl.Planned)
		if !gl.Actual.IsZero() {
			line = goLiveLine(gl, today) // the actual date, and the planned one
		}
		cw.event(s, "golive", gl.Shown, gl.Shown, summary, append([]string{line}, about...))
	}
	for _, p := range s.Plans {
		if p.Date.IsZero() {
			continue
		}
		lines := []string{fmt.Sprintf("%s planned for %s", p.Kind.Label(), p.Date)}
		if p.Note != "" {
			lines = append(lines, "Note: "+p.Note)
		}
		cw.event(s, "plan-"+string(p.ID), p.Date, p.Date, p.Kind.Label()+" (planned): "+name, append(lines, about...))
	}
	if !s.HypercareStart.IsZero() {
		end := s.HypercareEnd
		if end.IsZero() || end.Before(s.HypercareStart) {
			end = s.HypercareStart
		}
		line := fmt.Sprintf("Hypercare window %s to %s", s.HypercareStart, s.HypercareEnd)
		if st.Hypercare == "exited" && !s.ExitedOn.IsZero() {
			line += fmt.Sprintf(", exited on %s", s.ExitedOn)
		}
		cw.event(s, "hypercare", s.HypercareStart, end, "Hypercare: "+name, append([]string{line}, about...))
	}
}

// recordLines describe the record under every event's own line.
func recordLines(s *readiness.Summary) []string {
	out := []string{"Service: " + s.Service, "Release: " + s.Title}
	if s.Squad != "" {
		out = append(out, "Squad: "+s.Squad)
	}
	if s.SDM != "" {
		out = append(out, "Service delivery manager: "+s.SDM)
	}
	out = append(out, "Tier: "+readiness.TierLabel(s.Tier), "State: "+s.State.Label(), "Ready Room record "+string(s.ID))
	return out
}

type icalWriter struct {
	w   *bufio.Writer
	err error
}

// event writes an all-day event from first to last (both included).
func (cw *icalWriter) event(s *readiness.Summary, what string, first, last readiness.Date, summary string, desc []string) {
	updated := s.UpdatedAt.UTC().Truncate(time.Second)
	stamp := updated.Format("20060102T150405Z")
	seq := int64(updated.Sub(sequenceEpoch) / time.Second)
	seq = max(0, min(seq, 1<<31-1))
	cw.line("BEGIN", "VEVENT")
	cw.line("UID", icalText(string(s.ID)+"-"+what+"@readyroom"))
	cw.line("DTSTAMP", stamp)
	cw.line("LAST-MODIFIED", stamp)
	cw.line("SEQUENCE", fmt.Sprint(seq))
	cw.line("DTSTART;VALUE=DATE", icalDate(first))
	cw.line("DTEND;VALUE=DATE", icalDate(last.AddDays(1))) // DTEND is the day after
	cw.line("SUMMARY", icalText(summary))
	cw.line("DESCRIPTION", icalText(strings.Join(desc, "\n")))
	cw.line("TRANSP", "TRANSPARENT")
	cw.line("X-READYROOM-RECORD", icalText(string(s.ID)))
	cw.line("END", "VEVENT")
}

func icalDate(d readiness.Date) string { return strings.ReplaceAll(string(d), "-", "") }

// line writes a content line folded at 75 octets, never inside a UTF-8
// character; continuation lines start with a space.
func (cw *icalWriter) line(name, value string) {
	if cw.err != nil {
		return
	}
	s := name + ":" + value
	limit := 75
	for len(s) > limit {
		cut := limit
		for cut > 0 && !utf8.RuneStart(s[cut]) {
			cut--
		}
		cw.w.WriteString(s[:cut])
		cw.w.WriteString("\r\n ")
		s = s[cut:]
		limit = 74 // the leading space counts
	}
	cw.w.WriteString(s)
	_, cw.err = cw.w.WriteString("\r\n")
}

// icalText escapes a TEXT value (RFC 5545 3.3.11): backslash, semicolon
// and comma get a backslash, a line break becomes \n, other control
// characters are dropped and invalid UTF-8 replaced.
func icalText(s string) string {
	s = strings.ToValidUTF8(s, "\uFFFD")
	s = strings.ReplaceAll(s, "\r\n", "\n")
	var b strings.Builder
	for _, r := range s {
		switch {
		case r == '\\', r == ';', r == ',':
			b.WriteByte('\\')
			b.WriteRune(r)
		case r == '\n', r == '\r':
			b.WriteString(`\n`)
		case r == '\t':
			b.WriteRune(r)
		case r < 0x20, r == 0x7f:
			// dropped: not allowed in a TEXT value
		default:
			b.WriteRune(r)
		}
	}
	return b.String()
}
