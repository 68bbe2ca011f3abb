package app

import (
	"flag"
	"fmt"
	"strings"
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
