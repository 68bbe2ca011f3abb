package app

import (
	"fmt"
	"io"
	"strings"

	"readyroom/readiness"
)

// The command line's writes: record show|create|upgrade, checkin add,
// incident add|resolve, action add|close (item set is in cli.go). Each
// goes through the running instance when there is one.

var writeUsage = map[string]string{
	"record":   "record show RECORD [--json] | record create --service S --release R --squad Q --sdm M --maintenance-team T --go-live DATE (--tier gold|silver [--reason WHY] | --template NAME) [--author NAME] [--json] | record upgrade RECORD [--to VERSION] [--dry-run]",
	"checkin":  "checkin add RECORD --rag green|amber|red --summary TEXT [--date YYYY-MM-DD] [--author NAME]",
	"incident": "incident add RECORD --ref REF --severity P1|P2|P3|P4 [--summary TEXT] [--at YYYY-MM-DDTHH:MM] | incident resolve RECORD REF [--at …]",
	"action":   "action add RECORD --text TEXT --owner NAME --due DATE | action close RECORD ACTION [--note TEXT]",
}

// checkWriteArgs checks the shape of a write command: the words and the
// flags it needs (their values are checked as the window checks them).
func checkWriteArgs(cmd *Command) error {
	usage := fmt.Errorf("%w: %s", ErrUsage, writeUsage[cmd.Name])
	if len(cmd.Args) == 0 {
		return usage
	}
	want := map[string]map[string]int{
		"record":   {"show": 2, "create": 1, "upgrade": 2},
		"checkin":  {"add": 2},
		"incident": {"add": 2, "resolve": 3},
		"action":   {"add": 2, "close": 3},
	}[cmd.Name]
	if n, ok := want[cmd.Args[0]]; !ok || len(cmd.Args) != n {
		return usage
	}
	need := func(ok bool, flags string) error {
		if !ok {
			return fmt.Errorf("%w: %s %s needs %s", ErrUsage, cmd.Name, cmd.Args[0], flags)
		}
		return nil
	}
	w := &cmd.Write
	switch cmd.Name + " " + cmd.Args[0] {
	case "record create":
		if w.New == nil {
			return need(false, "--service, --release, --squad, --sdm, --maintenance-team, --go-live and --tier or --template")
		}
		return need(w.New.Tier != "" || w.New.Template != "", "--tier gold|silver or --template NAME")
	case "record upgrade":
		if cmd.To < 0 {
			return fmt.Errorf("%w: --to takes a version number (1, 2, …)", ErrUsage)
		}
	case "checkin add":
		return need(w.RAG != "" && w.Summary != "", "--rag and --summary")
	case "incident add":
		return need(w.Ref != "" && w.Severity != "", "--ref and --severity")
	case "action add":
		return need(w.Text != "", "--text")
	}
	return nil
}

// writeCommand runs a write command.
func writeCommand(cmd Command, stdout io.Writer) error {
	verb := cmd.Args[0]
	if cmd.Name == "record" && verb == "upgrade" {
		return withControl(cmd, cmd.DryRun, func(c Control) error {
			res, err := c.RecordUpgrade(cmd.Args[1], cmd.To, cmd.DryRun)
			if err != nil {
				return err
			}
			return printUpgrade(stdout, res, cmd.JSON)
		})
	}
	if cmd.Name == "record" && verb == "show" {
		return withControl(cmd, true, func(c Control) error {
			v, err := c.RecordShow(cmd.Args[1])
			if err != nil {
				return err
			}
			if cmd.JSON {
				return printJSON(stdout, v)
			}
			return printRecord(stdout, &v)
		})
	}
	req := cmd.Write
	switch cmd.Name + " " + verb {
	case "record create":
		req.Op = "create"
		if cmd.Item.Reason != nil {
			req.New.TierReason = *cmd.Item.Reason
		}
		if req.New.Template != "" {
			id, version, err := ParseTemplateName(req.New.Template)
			if err != nil {
				return err
			}
			if version != 0 {
				return fmt.Errorf("%w: a new record takes the newest version of %s; upgrade records to move between versions", ErrUsage, id)
			}
			req.New.Template = id
		}
	case "checkin add":
		req.Op, req.Record = "checkin", cmd.Args[1]
	case "incident add":
		req.Op, req.Record = "incident", cmd.Args[1]
	case "incident resolve":
		req.Op, req.Record, req.Ref = "resolve", cmd.Args[1], cmd.Args[2]
	case "action add":
		req.Op, req.Record = "action", cmd.Args[1]
		if cmd.Item.Owner != nil {
			req.Owner = *cmd.Item.Owner
		}
		if cmd.Item.Due != nil {
			req.Due = *cmd.Item.Due
		}
	case "action close":
		req.Op, req.Record, req.Action = "close", cmd.Args[1], cmd.Args[2]
		if cmd.Item.Notes != nil {
			req.Note = *cmd.Item.Notes
		}
	}
	return withControl(cmd, false, func(c Control) error {
		res, err := c.Write(req)
		if err != nil {
			return err
		}
		if cmd.JSON {
			return printJSON(stdout, res)
		}
		switch req.Op {
		case "create":
			_, err = fmt.Fprintln(stdout, res.ID)
		default:
			_, err = fmt.Fprintf(stdout, "%s %s %s: %s\n", cmd.Name, pastTense(req.Op), res.ID, res.Record.Record.Title)
		}
		return err
	})
}

func pastTense(op string) string {
	return map[string]string{"checkin": "added", "incident": "added", "resolve": "resolved", "action": "added", "close": "closed"}[op]
}

// printRecord is `record show` for people: where the record stands.
func printRecord(w io.Writer, v *RecordView) error {
	r := &v.Record
	fmt.Fprintf(w, "%s — %s\n", r.Service, r.Title)
	goLive := "go-live " + string(v.Standing.GoLive.Shown)
	if g := v.Standing.GoLive; g.Actual != "" && g.Actual != g.Planned {
		goLive = fmt.Sprintf("went live %s (planned %s)", g.Actual, g.Planned)
	}
	fmt.Fprintf(w, "  %s · %s · %s · %s\n", r.ID, readiness.TierLabel(r.Tier), r.State.Label(), goLive)
	fmt.Fprintf(w, "  readiness %d%% (%d of %d items), %s", v.Progress.Percent, v.Progress.Done, v.Progress.Applicable, strings.ToUpper(string(v.Standing.RAG)))
	if v.Standing.Why != "" {
		fmt.Fprintf(w, ": %s", v.Standing.Why)
	}
	fmt.Fprintln(w)
	if v.Progress.Blocked > 0 {
		fmt.Fprintf(w, "  %s blocked\n", plural(v.Progress.Blocked, "item"))
	}
	if len(v.Conflicts) > 0 {
		fmt.Fprintf(w, "  %s to settle in the window\n", plural(len(v.Conflicts), "conflict"))
	}
	for _, s := range r.Sections {
		if s.Kind != readiness.KindChecklist {
			continue
		}
		done, all := 0, 0
		for _, it := range s.Items {
			if it.Status == readiness.NA {
				continue
			}
			all++
			if it.Status == readiness.Done {
				done++
			}
		}
		title := s.Title
		if s.Number != "" {
			title = s.Number + " " + title
		}
		fmt.Fprintf(w, "  %-50s %d/%d\n", title, done, all)
	}
	return nil
}
