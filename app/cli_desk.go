package app

import (
	"bufio"
	"errors"
	"fmt"
	"io"
	"strings"

	"readyroom/app/store"
	"readyroom/readiness"
)

// `readyroom services` and `readyroom people`: the SDM's desk for scripts.

// deskCommand runs services and people through the instance holding the
// data, or read-only here; a data directory with nothing yet lists nothing.
func deskCommand(cmd Command, stdout io.Writer) error {
	err := withControl(cmd, true, func(c Control) error {
		switch cmd.Name {
		case "services":
			if len(cmd.Args) == 1 {
				p, err := c.ServicePage(cmd.Args[0])
				if err != nil {
					return err
				}
				if cmd.JSON {
					return printJSON(stdout, p)
				}
				return printServicePage(stdout, p)
			}
			out, err := c.Services()
			if err != nil {
				return err
			}
			if cmd.JSON {
				return printJSON(stdout, out)
			}
			return printServices(stdout, out)
		default: // people
			out, err := c.People()
			if err != nil {
				return err
			}
			if cmd.JSON {
				return printJSON(stdout, out)
			}
			bw := bufio.NewWriter(stdout)
			for _, p := range out {
				fmt.Fprintf(bw, "%s  (%s; %s)", p.Name, strings.Join(p.Roles, ", "), plural(p.Records, "record"))
				if len(p.Spellings) > 1 {
					fmt.Fprintf(bw, "  also spelt %s", strings.Join(p.Spellings[1:], " · "))
				}
				bw.WriteString("\n")
			}
			return bw.Flush()
		}
	})
	if errors.Is(err, store.ErrNoDatabase) && !(cmd.Name == "services" && len(cmd.Args) == 1) {
		if cmd.JSON {
			_, err = io.WriteString(stdout, "[]\n")
			return err
		}
		return nil
	}
	return err
}

func band(b string) string {
	if b == "" {
		return ""
	}
	return " (DORA " + b + ")"
}

func printServices(w io.Writer, out []ServiceFigures) error {
	bw := bufio.NewWriter(w)
	for _, s := range out {
		name := s.Service
		if name == "" {
			name = "All services"
		}
		f := s.Figures
		fmt.Fprintf(bw, "%s: %s live, %d in flight", name, plural(f.Releases, "release"), f.InFlight)
		if f.Releases > 0 {
			fmt.Fprintf(bw, "; %d.%d a month%s; lead time %s%s; change failure rate %d%% (%d of %d)%s",
				f.ReleasesPerMonthTenths/10, f.ReleasesPerMonthTenths%10, band(string(f.FrequencyBand)),
				plural(f.LeadTimeDays, "day"), band(string(f.LeadTimeBand)), f.FailureRate, f.Failed, f.Releases, band(string(f.FailureBand)))
		}
		if f.Restores > 0 {
			fmt.Fprintf(bw, "; time to restore median %s, mean %s%s", readiness.MinutesWords(f.RestoreMedian), readiness.MinutesWords(f.RestoreMean), band(string(f.RestoreBand)))
		}
		if f.GoCount > 0 {
			fmt.Fprintf(bw, "; %d%% ready at go/no-go (median)", f.ReadyAtGo)
		}
		if f.HypercareExited > 0 {
			fmt.Fprintf(bw, "; hypercare %s planned, %s taken (median), %d of %d longer",
				plural(f.HypercarePlanned, "day"), plural(f.HypercareActual, "day"), f.HypercareLonger, f.HypercareExited)
		}
		bw.WriteString("\n")
	}
	return bw.Flush()
}

func printServicePage(w io.Writer, p ServicePage) error {
	if err := printServices(w, []ServiceFigures{{Service: p.Service, Figures: p.Figures}}); err != nil {
		return err
	}
	bw := bufio.NewWriter(w)
	if p.Advice.Reason != "" {
		fmt.Fprintf(bw, "Track record: %s\n", p.Advice.Reason)
	}
	for _, r := range p.Releases {
		when := "not live yet (planned " + string(r.GoLive) + ")"
		if r.Delivery.Released() {
			when = "live " + string(r.Delivery.WentLive)
		}
		outcome := "clean"
		if len(r.Failures) > 0 {
			outcome = "failed: " + strings.Join(r.Failures, ", ")
		} else if !r.Delivery.Released() {
			outcome = r.State.Label()
		}
		fmt.Fprintf(bw, "  %s  %-6s %s — %s, %s\n", r.ID, r.Tier, r.Title, when, outcome)
	}
	return bw.Flush()
}
