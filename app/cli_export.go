package app

import (
	"flag"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"time"
)

// The command line's calendar and portfolio exports: the portfolio
// screen's filters as flags, and their checks.

// portfolioFlags adds the portfolio's filters to the command line:
// --tier, --state and --rag (again for more, or comma-separated), --squad,
// --service, --sdm, --owner, --has (again for more, or comma-separated),
// --from, --until and --go-live-only. A flag another command already defines
// (record create's --tier, --squad, --service) is shared: its value goes
// to both, and each command reads what it needs.
func portfolioFlags(fs *flag.FlagSet, f *PortfolioFilter) {
	shareFlag(fs, "tier", "export calendar, portfolio: gold or silver", func(v string) { f.Tier = strings.ToLower(strings.TrimSpace(v)) })
	list := func(to *[]string) func(string) {
		return func(v string) {
			for _, s := range strings.Split(v, ",") {
				if s = strings.ToLower(strings.TrimSpace(s)); s != "" {
					*to = append(*to, s)
				}
			}
		}
	}
	shareFlag(fs, "state", "export calendar, portfolio: a state (again for more)", list(&f.States))
	shareFlag(fs, "rag", "export calendar, portfolio: green, amber or red (again for more)", list(&f.RAGs))
	shareFlag(fs, "squad", "export calendar, portfolio: a squad", func(v string) { f.Squad = v })
	shareFlag(fs, "service", "export calendar, portfolio: a service", func(v string) { f.Service = v })
	shareFlag(fs, "sdm", "export calendar, portfolio: a service delivery manager", func(v string) { f.SDM = v })
	shareFlag(fs, "owner", "export calendar, portfolio: someone owning an item, risk or action (any spelling)", func(v string) { f.Owner = v })
	shareFlag(fs, "has", "export calendar, portfolio: records with blocked, overdue, conflicts or needs (again for any of more)", list(&f.Has))
	shareFlag(fs, "from", "export calendar, portfolio: go-live or hypercare on or after, YYYY-MM-DD", func(v string) { f.From = strings.TrimSpace(v) })
	shareFlag(fs, "until", "export calendar, portfolio: go-live or hypercare on or before, YYYY-MM-DD", func(v string) { f.To = strings.TrimSpace(v) })
	fs.BoolFunc("go-live-only", "export calendar, portfolio: --from and --until look at the go-live alone, not the hypercare window", func(string) error {
		f.GoLiveOnly = true
		return nil
	})
}

// shareFlag defines a flag, or hooks set into the one of that name.
func shareFlag(fs *flag.FlagSet, name, usage string, set func(string)) {
	if fl := fs.Lookup(name); fl != nil {
		fl.Value = sharedValue{fl.Value, set}
		return
	}
	fs.Func(name, usage, func(v string) error { set(v); return nil })
}

// sharedValue is a flag's value that also tells another command's field.
type sharedValue struct {
	flag.Value
	set func(string)
}

func (v sharedValue) Set(s string) error {
	v.set(s)
	return v.Value.Set(s)
}

// checkListExportArgs checks export calendar and export portfolio: --out,
// the filters, --format csv for the portfolio, and --record (a calendar of
// one record) without filters.
func checkListExportArgs(cmd *Command) error {
	kind := cmd.Args[0]
	if cmd.Out == "" {
		return fmt.Errorf("%w: export %s needs --out FILE", ErrUsage, kind)
	}
	if err := cmd.Filter.Check(); err != nil {
		return fmt.Errorf("%w: %s", ErrUsage, strings.TrimPrefix(err.Error(), ErrInput.Error()+": "))
	}
	switch kind {
	case "portfolio":
		if cmd.Format == "" {
			cmd.Format = "csv"
		}
		if cmd.Format != "csv" {
			return fmt.Errorf("%w: export portfolio --format is csv, not %q", ErrUsage, cmd.Format)
		}
		if cmd.Record != "" {
			return fmt.Errorf("%w: export portfolio takes filters, not --record", ErrUsage)
		}
	case "calendar":
		if cmd.Format != "" && cmd.Format != "ics" {
			return fmt.Errorf("%w: export calendar writes ics, not %q", ErrUsage, cmd.Format)
		}
		cmd.Format = ""
		if cmd.Record != "" && cmd.Filter.Active() {
			return fmt.Errorf("%w: export calendar takes --record ID or filters, not both", ErrUsage)
		}
	}
	return nil
}

// exportDate sets what an export is as of and stamped with (cmd.At) from
// --date (nil when not given), else from $SOURCE_DATE_EPOCH. --date is a
// day (midnight UTC), a day and a time in UTC (YYYY-MM-DDTHH:MM), or an
// RFC 3339 time, kept in its zone; given empty, it is malformed like any
// other, never the clock. The variable is seconds since 1970, read as
// UTC, as reproducible-builds.org's specification says, and a malformed
// value is refused rather than ignored; set empty, it is as if unset, as
// the specification has it. Only the documents that are as of a date take
// one: an archive (json) and the portfolio (csv) are not, and refuse
// --date; the variable, set for a whole build, does not concern them.
func exportDate(cmd *Command, date *string, epoch string) error {
	dated := !slices.Contains([]string{"json", "portfolio"}, cmd.Args[0])
	switch {
	case date != nil && !dated:
		return fmt.Errorf("%w: export %s is not as of a date and takes no --date", ErrUsage, cmd.Args[0])
	case date != nil:
		d := strings.TrimSpace(*date)
		for _, layout := range []string{"2006-01-02", "2006-01-02T15:04", time.RFC3339} {
			if t, err := time.ParseInLocation(layout, d, time.UTC); err == nil {
				cmd.At = t
				break
			}
		}
		if cmd.At.IsZero() {
			return fmt.Errorf("%w: --date %q is not YYYY-MM-DD, YYYY-MM-DDTHH:MM or an RFC 3339 time", ErrUsage, d)
		}
		if cmd.At.After(maxExportDate) || cmd.At.Year() < 1970 {
			return fmt.Errorf("%w: --date %s is not between 1970 and 9999", ErrUsage, d)
		}
	case epoch != "" && dated:
		secs, err := strconv.ParseInt(epoch, 10, 64)
		if err != nil || secs < 0 || secs > maxExportDate.Unix() {
			return fmt.Errorf("%w: $%s=%q is not a number of seconds since 1970", ErrUsage, EnvSourceDateEpoch, epoch)
		}
		cmd.At = time.Unix(secs, 0).UTC()
	}
	return nil
}

// maxExportDate is the last time a PDF date (four-digit years) can say.
var maxExportDate = time.Date(9999, 12, 31, 23, 59, 59, 0, time.UTC)
