package app

// The command line of the readyroom binary (cli*.go): Parse reads the
// arguments into a Command, and Run runs the commands that need no window,
// through app.Open or the running instance's control socket. It lives in
// package app so that main imports app alone.

import (
	"bufio"
	"cmp"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"log"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"time"

	"readyroom/app/store"
	"readyroom/readiness"
	"readyroom/reports"
)

// ErrUsage marks a mistake in the command line (exit code 2).
var ErrUsage = errors.New("bad usage")

// Environment variables that stand in for flags.
const (
	// EnvData overrides the data directory (--data).
	EnvData = "READYROOM_DATA"
	// EnvIface sets the discovery interface (--iface), "off" for none; the
	// test scripts set it so that nothing is announced on real networks.
	EnvIface = "READYROOM_IFACE"
	// EnvListen sets where peers connect (--listen).
	EnvListen = "READYROOM_LISTEN"
	// EnvPullInterval sets how often peers are pulled from without a poke,
	// as a Go duration (15s by default; tests shorten it).
	EnvPullInterval = "READYROOM_PULL_INTERVAL"
	// EnvSourceDateEpoch stands in for an export's --date, as seconds since
	// 1970 UTC (https://reproducible-builds.org/specs/source-date-epoch/).
	EnvSourceDateEpoch = "SOURCE_DATE_EPOCH"
)

// Command is a parsed command line.
type Command struct {
	Name    string   // desktop, demo, version, template, help
	DataDir string   // resolved data directory
	Args    []string // positional arguments after the command name
	JSON    bool
	Records int // seed: how many records
	// export
	Record   string
	Ceremony string
	Out      string
	Paper    string
	// At is what an export of a pack, handover pack, ceremony report,
	// Markdown page or calendar is as of and stamped with: --date, else
	// $SOURCE_DATE_EPOCH; zero for now (cli_export.go).
	At time.Time
	// export calendar, portfolio: the portfolio screen's filters.
	Filter PortfolioFilter
	// LAN
	Listen   string // desktop, peer: where peers connect
	Iface    string // desktop, peer: discovery interface, or "off"
	PeerName string // peer: display name for teams
	Device   string // team join: the id the invite shows, or the inviter's device id
	Addr     string // team join: the inviter's host:port
	Code     string // team join: the invite code
	// PullInterval is $READYROOM_PULL_INTERVAL; zero for the default.
	PullInterval time.Duration
	// Item is what `item set` changes (the flags given, and only those).
	Item ItemSet
	// export json: every record (--all) instead of one.
	All bool
	// Write is what record create, checkin, incident and action commands
	// (and item set) write, from their flags; see cli_writes.go.
	Write WriteRequest
	// template import: the file's format (empty: detected) and the
	// template id to import as; record upgrade: the version to move to (0:
	// the newest) and whether only to say what would change.
	Format string
	As     string
	To     int
	DryRun bool
}

// Usage is printed by 'readyroom help'.
const Usage = `Ready Room: service readiness and hypercare for squads and service delivery managers.

Usage:
  readyroom [--data DIR]                       open the desktop app
  readyroom demo [--data DIR]                  add the example records
  readyroom template list [--json]             the templates: shipped and your own, with versions
  readyroom template show NAME[@VERSION|@draft] [--json]
                                               print a template (gold, silver, or your own);
                                               @draft, or a name with nothing published,
                                               its draft, with what publishing would refuse
  readyroom template export NAME[@VERSION] --out FILE
                                               write a template version as a file (reads back
                                               as the same version)
  readyroom template import FILE [--as NAME] [--format readyroom|aws-lens|markdown]
                                               read a template file (format detected): an
                                               export, an AWS Well-Architected custom lens, or
                                               a Markdown checklist; makes a draft, or adds a
                                               published version from an export
  readyroom template publish NAME              freeze a draft as the template's next version
  readyroom template share NAME TEAM           share every version of a template with a team,
                                               so that its members' new records can use it
  readyroom record upgrade RECORD [--to VERSION] [--dry-run]
                                               move a record to a newer version of its template,
                                               keeping every answer; --dry-run says what changes
  readyroom list [--data DIR] [--json]         list records and their ceremonies
  readyroom services [SERVICE] [--json]        delivery figures per service (releases a month,
                                               lead time, readiness at go/no-go, change failure
                                               rate, time to restore, hypercare against plan,
                                               with DORA bands); with SERVICE its releases and
                                               what its track record says of the next tier
  readyroom people [--json]                    everyone the records name, spellings merged
  readyroom export pack --record ID --out FILE [--data DIR] [--paper a4|letter] [--date DATE]
                                               write a record's PDF readiness pack
                                               (--out - writes to standard output)
  readyroom export handover --record ID --out FILE [--data DIR] [--date DATE]
                                               write a record's handover pack (PDF)
  readyroom export ceremony --ceremony ID --out FILE [--data DIR] [--date DATE]
                                               write one ceremony's report (PDF)
  readyroom export markdown --record ID --out FILE [--data DIR] [--date DATE]
                                               write a record as a Markdown page
  readyroom export json --record ID|--all --out FILE [--data DIR]
                                               write records with their whole history (an
                                               archive: change logs and template versions)
  readyroom export calendar --out FILE.ics [--record ID | FILTERS] [--date DATE]
                                               go-lives, planned ceremonies and hypercare
                                               windows as calendar events (iCalendar) that a
                                               later export updates, not duplicates
  readyroom export portfolio --out FILE [--format csv] [FILTERS]
                                               the portfolio as the screen filters it (CSV)
                    FILTERS: [--tier gold|silver] [--state STATE]… [--rag RAG]…
                             [--squad NAME] [--service NAME] [--sdm NAME] [--owner NAME]
                             [--has blocked|overdue|conflicts|needs]…
                             [--from DATE] [--until DATE] [--go-live-only]
  readyroom import FILE [--data DIR] [--json]  merge an archive: what is new is added, what is
                                               here already is kept, edits on both sides
                                               become conflicts; says what it did, and
                                               exits 1 if it refused a record
  readyroom backup now|list [--json]          take a checked backup now; list the backups (when,
                                               size, records, checked or not)
  readyroom backup verify [FILE] [--json]      check a backup whole (every one without FILE)
  readyroom backup restore FILE                put a checked backup in place of the database,
                                               keeping the one it replaces in backups/
  readyroom peer [--data DIR] [--iface NAME|off] [--listen HOST:PORT] [--name NAME]
                                               run discovery and sync without a window
  readyroom team create NAME                   start a team; prints its id
  readyroom team invite TEAM                   print a one-time invite code (10 minutes) and
                                               the id its device announces meanwhile;
                                               TEAM is a team id or its name
  readyroom team join --device ID|--addr HOST:PORT --code CODE
                                               join the team of the inviting device (ID:
                                               the id team invite printed, or its device id)
  readyroom team members TEAM [--json]         list a team's members
  readyroom team remove TEAM DEVICE            remove a device from a team
  readyroom share RECORD TEAM                  share a record with a team
  readyroom peers [--json]                     devices seen and paired, with sync state
  readyroom item set RECORD ITEM [--status not-started|in-progress|done|na|blocked]
                 [--reason TEXT] [--owner NAME] [--due YYYY-MM-DD] [--note TEXT]
                 [--evidence URL[=TITLE]]... [--author NAME] [--json]
                                               change a checklist item (one change, all or
                                               nothing); prints the item
  readyroom record show RECORD [--json]        where a record stands, section by section
  readyroom record create --service S --release R --squad Q --sdm M --maintenance-team T
                 --go-live DATE (--tier gold|silver [--reason WHY] | --template NAME) [--json]
                                               make a record; prints its id
  readyroom checkin add RECORD --rag green|amber|red --summary TEXT [--date DATE]
  readyroom incident add RECORD --ref REF --severity P1..P4 [--summary TEXT] [--at WHEN]
  readyroom incident resolve RECORD REF [--at YYYY-MM-DDTHH:MM]
  readyroom action add RECORD --text TEXT --owner NAME --due DATE
  readyroom action close RECORD ACTION [--note TEXT]
                                               hypercare check-ins, incidents and actions;
                                               every write takes --author NAME (else this
                                               device's name) and lands in the history
  readyroom version                            print the version
  readyroom help                               print this help

The data directory defaults to the per-user config directory (%s);
--data DIR or $READYROOM_DATA puts it elsewhere; $READYROOM_IFACE and
$READYROOM_LISTEN stand in for --iface and --listen. An export's --date
(YYYY-MM-DD for midnight UTC, YYYY-MM-DDTHH:MM in UTC, or an RFC 3339 time)
is the day it is as of (what is overdue, days to go-live) and the time it is
stamped with; $SOURCE_DATE_EPOCH (seconds since 1970) stands in for it. The
same record and date give byte-identical files. The desktop app takes
--listen and --iface too. While an instance (window or peer) holds the data
directory, the commands above talk to it through its control socket.
Exit codes: 0 ok, 1 failure (a one-line reason on stderr), 2 bad usage.
`

// The flags each command takes besides --data (export's by what it
// writes). One flag set serves every command, so without this a flag given
// to a command that has no use for it would be taken and ignored
// (`export json --paper letter`, `list --out x`).
var (
	filterFlags = []string{"tier", "state", "rag", "squad", "service", "sdm", "owner", "has", "from", "until", "go-live-only"}
	flagsTaken  = map[string][]string{
		"desktop":  {"listen", "iface", "name"},
		"demo":     nil,
		"version":  nil,
		"seed":     {"records"},
		"stats":    {"json"},
		"list":     {"json"},
		"services": {"json"},
		"people":   {"json"},
		"peers":    {"json"},
		"peer":     {"iface", "listen", "name"},
		"import":   {"json"},
		"share":    {"json"},
		"backup":   {"json"},
		"team":     {"json", "device", "addr", "code"},
		"template": {"json", "out", "as", "format"},
		"record": {"json", "to", "dry-run", "author", "service", "release", "squad", "sdm", "maintenance-team", "go-live",
			"tier", "reason", "template"},
		"checkin":          {"json", "author", "rag", "summary", "date"},
		"incident":         {"json", "author", "ref", "severity", "summary", "at"},
		"action":           {"json", "author", "text", "owner", "due", "note"},
		"item":             {"json", "author", "status", "reason", "owner", "due", "note", "evidence"},
		"export pack":      {"record", "out", "paper", "date"},
		"export handover":  {"record", "out", "date"},
		"export ceremony":  {"ceremony", "record", "out", "date"},
		"export markdown":  {"record", "out", "date"},
		"export json":      {"record", "all", "out", "date"}, // --date: refused in words of its own (exportDate)
		"export calendar":  append([]string{"record", "out", "date", "format"}, filterFlags...),
		"export portfolio": append([]string{"record", "out", "date", "format"}, filterFlags...),
	}
)

// checkFlagsTaken refuses, as bad usage, a flag the command does not take.
// A command not listed (help, or one Parse refuses anyway) is not checked.
func checkFlagsTaken(name string, args []string, fs *flag.FlagSet) error {
	key := name
	if name == "export" && len(args) > 0 {
		key += " " + args[0]
	}
	taken, ok := flagsTaken[key]
	if !ok {
		return nil
	}
	var err error
	fs.Visit(func(f *flag.Flag) {
		if err == nil && f.Name != "data" && !slices.Contains(taken, f.Name) {
			err = fmt.Errorf("%w: %s does not take --%s", ErrUsage, key, f.Name)
		}
	})
	return err
}

// DefaultDataDir is the per-user data directory.
func DefaultDataDir() string {
	if d := os.Getenv(EnvData); d != "" {
		return d
	}
	base, err := os.UserConfigDir()
	if err != nil {
		base = "."
	}
	return filepath.Join(base, "readyroom")
}

// Parse reads the command line.
func Parse(args []string) (Command, error) {
	cmd := Command{Name: "desktop"}
	if len(args) > 0 && !strings.HasPrefix(args[0], "-") {
		cmd.Name, args = args[0], args[1:]
	}
	fs := flag.NewFlagSet(cmd.Name, flag.ContinueOnError)
	fs.SetOutput(io.Discard)
	data := fs.String("data", "", "data directory")
	jsonOut := fs.Bool("json", false, "print JSON")
	records := fs.Int("records", 1000, "seed: number of records")
	record := fs.String("record", "", "export: record id")
	ceremony := fs.String("ceremony", "", "export: ceremony id")
	out := fs.String("out", "", "export: output file")
	paper := fs.String("paper", "a4", "export: a4 or letter")
	listen := fs.String("listen", "", "where peers connect, host:port")
	iface := fs.String("iface", "", "network interface for discovery, or off")
	name := fs.String("name", "", "display name for teams")
	device := fs.String("device", "", "team join: the id the invite shows, or the inviter's device id")
	addr := fs.String("addr", "", "team join: the inviter's host:port")
	code := fs.String("code", "", "team join: the invite code")
	format := fs.String("format", "", "template import: readyroom, aws-lens or markdown")
	as := fs.String("as", "", "template import: the template id to import as")
	to := fs.Int("to", 0, "record upgrade: the version to move to")
	dryRun := fs.Bool("dry-run", false, "record upgrade: only say what would change")
	all := fs.Bool("all", false, "export json: every record")
	var w WriteRequest
	var nr readiness.NewRecord
	for _, f := range []struct {
		name, usage string
		dst         *string
	}{
		{"service", "record create: the service", &nr.Service}, {"release", "record create: the release's title", &nr.Title},
		{"squad", "record create: the squad", &nr.Squad}, {"sdm", "record create: the service delivery manager", &nr.SDM},
		{"maintenance-team", "record create: the team the service is handed over to", &nr.MaintenanceTeam},
		{"go-live", "record create: the planned go-live date", &nr.GoLive}, {"template", "record create: a template of your own, NAME", &nr.Template},
		{"summary", "checkin, incident: what happened", &w.Summary}, {"date", "checkin: the day; export: the date the document is as of and stamped with", &w.Date},
		{"ref", "incident: its reference", &w.Ref}, {"at", "incident: opened or resolved at, YYYY-MM-DDTHH:MM", &w.At},
		{"text", "action add: what is to be done", &w.Text}, {"author", "who the change is by", &w.Author},
	} {
		fs.StringVar(f.dst, f.name, "", f.usage)
	}
	fs.Func("tier", "record create: gold or silver", func(v string) error { nr.Tier = readiness.Tier(v); return nil })
	fs.Func("rag", "checkin: green, amber or red", func(v string) error { w.RAG = readiness.RAG(v); return nil })
	fs.Func("severity", "incident: P1 to P4", func(v string) error { w.Severity = readiness.Severity(strings.ToUpper(v)); return nil })
	fs.Func("evidence", "item set: a link or ticket key, URL|KEY or URL|KEY=TITLE (again for more)", func(v string) error {
		u, title, _ := strings.Cut(v, "=")
		w.Evidence = append(w.Evidence, readiness.Evidence{URL: strings.TrimSpace(u), Label: strings.TrimSpace(title)})
		return nil
	})
	var item ItemSet
	str := func(name, usage string, dst **string) {
		fs.Func(name, usage, func(v string) error { *dst = &v; return nil })
	}
	fs.Func("status", "item set: the new status", func(v string) error {
		st := readiness.Status(v)
		item.Status = &st
		return nil
	})
	str("reason", "item set: why n/a or blocked", &item.Reason)
	str("owner", "item set: who owns it", &item.Owner)
	str("due", "item set: due date, YYYY-MM-DD or empty", &item.Due)
	str("note", "item set: the item's notes", &item.Notes)
	portfolioFlags(fs, &cmd.Filter)
	// Flags may come before or after positional arguments.
	var pos []string
	for {
		if err := fs.Parse(args); err != nil {
			return cmd, fmt.Errorf("%w: %v", ErrUsage, err)
		}
		if fs.NArg() == 0 {
			break
		}
		pos = append(pos, fs.Arg(0))
		args = fs.Args()[1:]
	}
	if err := checkFlagsTaken(cmd.Name, pos, fs); err != nil {
		return cmd, err
	}
	cmd.Args, cmd.JSON, cmd.Records = pos, *jsonOut, *records
	cmd.Record, cmd.Ceremony, cmd.Out, cmd.Paper = *record, *ceremony, *out, *paper
	cmd.Listen, cmd.Iface, cmd.PeerName = cmp.Or(*listen, os.Getenv(EnvListen)), cmp.Or(*iface, os.Getenv(EnvIface)), *name
	cmd.Device, cmd.Addr, cmd.Code = *device, *addr, *code
	cmd.Item = item
	cmd.Format, cmd.As, cmd.To, cmd.DryRun = *format, *as, *to, *dryRun
	cmd.All = *all
	cmd.Write = w
	if nr != (readiness.NewRecord{}) {
		cmd.Write.New = &nr
	}
	if v := os.Getenv(EnvPullInterval); v != "" {
		d, err := time.ParseDuration(v)
		if err != nil || d < 100*time.Millisecond || d > 24*time.Hour {
			return cmd, fmt.Errorf("%w: $%s=%q is not a duration between 100ms and 24h", ErrUsage, EnvPullInterval, v)
		}
		cmd.PullInterval = d
	}
	cmd.DataDir = *data
	if cmd.DataDir == "" {
		cmd.DataDir = DefaultDataDir()
	}
	abs, err := filepath.Abs(cmd.DataDir)
	if err == nil {
		cmd.DataDir = abs
	}
	switch cmd.Name {
	case "services":
		if len(cmd.Args) > 1 {
			return cmd, fmt.Errorf("%w: services takes at most one service name, got %q", ErrUsage, cmd.Args)
		}
	case "desktop", "demo", "version", "seed", "stats", "list", "peer", "peers", "people":
		if len(cmd.Args) > 0 {
			return cmd, fmt.Errorf("%w: %s takes no arguments, got %q", ErrUsage, cmd.Name, cmd.Args[0])
		}
	case "template":
		if err := checkTemplateArgs(&cmd); err != nil {
			return cmd, err
		}
	case "record", "checkin", "incident", "action":
		if err := checkWriteArgs(&cmd); err != nil {
			return cmd, err
		}
		if cmd.To < 0 {
			return cmd, fmt.Errorf("%w: --to takes a version number (1, 2, …)", ErrUsage)
		}
	case "export":
		if len(cmd.Args) != 1 || !slices.Contains([]string{"pack", "handover", "ceremony", "markdown", "json", "calendar", "portfolio"}, cmd.Args[0]) {
			return cmd, fmt.Errorf("%w: export pack|handover|markdown --record ID --out FILE, export ceremony --ceremony ID --out FILE, or export calendar|portfolio --out FILE", ErrUsage)
		}
		var date *string // --date when it was given, even empty
		fs.Visit(func(f *flag.Flag) {
			if f.Name == "date" {
				date = &w.Date
			}
		})
		if err := exportDate(&cmd, date, os.Getenv(EnvSourceDateEpoch)); err != nil {
			return cmd, err
		}
		if cmd.Args[0] == "calendar" || cmd.Args[0] == "portfolio" {
			return cmd, checkListExportArgs(&cmd)
		}
		if cmd.Args[0] == "ceremony" && (cmd.Ceremony == "" || cmd.Out == "") {
			return cmd, fmt.Errorf("%w: export ceremony needs --ceremony ID and --out FILE", ErrUsage)
		}
		if _, err := reports.ParsePaper(cmd.Paper); err != nil {
			return cmd, fmt.Errorf("%w: %v", ErrUsage, err)
		}
		if cmd.Args[0] == "json" && ((cmd.Record == "") == !cmd.All || cmd.Out == "") {
			return cmd, fmt.Errorf("%w: export json needs --record ID or --all, and --out FILE", ErrUsage)
		}
		if cmd.Args[0] != "ceremony" && cmd.Args[0] != "json" && (cmd.Record == "" || cmd.Out == "") {
			return cmd, fmt.Errorf("%w: export %s needs --record ID and --out FILE", ErrUsage, cmd.Args[0])
		}
	case "team":
		if err := checkTeamArgs(&cmd); err != nil {
			return cmd, err
		}
	case "backup":
		if err := checkBackupArgs(&cmd); err != nil {
			return cmd, err
		}
	case "share":
		if len(cmd.Args) != 2 {
			return cmd, fmt.Errorf("%w: share RECORD TEAM", ErrUsage)
		}
	case "import":
		if len(cmd.Args) != 1 {
			return cmd, fmt.Errorf("%w: import FILE (an archive written by readyroom export json)", ErrUsage)
		}
	case "item":
		if len(cmd.Args) != 3 || cmd.Args[0] != "set" {
			return cmd, fmt.Errorf("%w: item set RECORD ITEM [--status …] [--reason …] [--owner …] [--due …] [--note …]", ErrUsage)
		}
		if cmd.Item == (ItemSet{}) && len(cmd.Write.Evidence) == 0 {
			return cmd, fmt.Errorf("%w: item set needs at least one of --status, --reason, --owner, --due, --evidence or --note", ErrUsage)
		}
	case "help", "-h", "--help":
		cmd.Name = "help"
	default:
		return cmd, fmt.Errorf("%w: unknown command %q", ErrUsage, cmd.Name)
	}
	return cmd, nil
}

func checkTemplateArgs(cmd *Command) error {
	usage := fmt.Errorf("%w: template list | template show NAME[@VERSION|@draft] | template export NAME[@VERSION] --out FILE | template import FILE [--as NAME] [--format readyroom|aws-lens|markdown] | template publish NAME | template share NAME TEAM", ErrUsage)
	if len(cmd.Args) == 0 {
		return usage
	}
	want := map[string]int{"list": 1, "show": 2, "export": 2, "import": 2, "publish": 2, "share": 3}
	n, ok := want[cmd.Args[0]]
	if !ok || len(cmd.Args) != n {
		return usage
	}
	if cmd.Args[0] == "export" && cmd.Out == "" {
		return fmt.Errorf("%w: template export needs --out FILE", ErrUsage)
	}
	if cmd.Format != "" && !slices.Contains([]string{"readyroom", "aws-lens", "markdown"}, cmd.Format) {
		return fmt.Errorf("%w: --format is readyroom, aws-lens or markdown, not %q", ErrUsage, cmd.Format)
	}
	return nil
}

func checkTeamArgs(cmd *Command) error {
	usage := fmt.Errorf("%w: team create NAME | team invite TEAM | team join --device ID|--addr HOST:PORT --code CODE | team members TEAM [--json] | team remove TEAM DEVICE", ErrUsage)
	if len(cmd.Args) == 0 {
		return usage
	}
	want := map[string]int{"create": 2, "invite": 2, "join": 1, "members": 2, "remove": 3}
	n, ok := want[cmd.Args[0]]
	if !ok || len(cmd.Args) != n {
		return usage
	}
	if cmd.Args[0] == "join" && (cmd.Code == "" || (cmd.Device == "") == (cmd.Addr == "")) {
		return fmt.Errorf("%w: team join needs --code CODE and one of --device ID or --addr HOST:PORT", ErrUsage)
	}
	return nil
}

// ExitCode maps an error to the process exit code.
func ExitCode(err error) int {
	switch {
	case err == nil:
		return 0
	case errors.Is(err, ErrUsage):
		return 2
	}
	return 1
}

// Run runs a command that needs no window and returns the exit code.
func Run(cmd Command, stdout, stderr io.Writer, version string) int {
	err := run(cmd, stdout, version)
	if err != nil {
		fmt.Fprintln(stderr, "readyroom:", err)
	}
	return ExitCode(err)
}

func run(cmd Command, stdout io.Writer, version string) error {
	switch cmd.Name {
	case "help":
		_, err := fmt.Fprintf(stdout, Usage, DefaultDataDir())
		return err
	case "version":
		_, err := fmt.Fprintf(stdout, "readyroom %s\n", version)
		return err
	case "template":
		return templateCommand(cmd, stdout)
	case "backup":
		return backupCommand(cmd, stdout)
	case "import":
		return importCommand(cmd, stdout)
	case "record", "checkin", "incident", "action":
		return writeCommand(cmd, stdout)
	case "seed": // for benchmarks and load tests; not in the help text
		if cmd.Records < 1 || cmd.Records > 100000 {
			return fmt.Errorf("%w: --records must be between 1 and 100000", ErrUsage)
		}
		return withRecords(cmd, false, func(recs *Records) error {
			// A line for each batch committed: what a kill cannot take back.
			stored := func(n int) { fmt.Fprintf(stdout, "stored %d of %d records\n", n, cmd.Records) }
			if err := Seed(recs, cmd.Records, 1, stored); err != nil {
				return err
			}
			_, err := fmt.Fprintf(stdout, "added %d generated records to %s\n", cmd.Records, cmd.DataDir)
			return err
		})
	case "stats": // where the file's bytes go, bucket by bucket; not in the help text
		return withInstance(cmd.DataDir, Options{ReadOnly: true}, func(in *Instance) error {
			st, err := in.DB.Stats()
			if err != nil {
				return err
			}
			if cmd.JSON {
				return printJSON(stdout, st)
			}
			return printStats(stdout, st)
		})
	case "list":
		err := withControl(cmd, true, func(c Control) error {
			out, err := c.List()
			if err != nil {
				return err
			}
			return printList(out, stdout, cmd.JSON)
		})
		if errors.Is(err, store.ErrNoDatabase) { // nothing here yet: nothing to list, and nothing created
			return printList([]Listing{}, stdout, cmd.JSON)
		}
		return err
	case "services", "people":
		return deskCommand(cmd, stdout)
	case "peer":
		return runPeer(cmd, stdout)
	case "peers":
		return withControl(cmd, true, func(c Control) error { return teamCommand(c, cmd, stdout) })
	case "team", "share":
		return withControl(cmd, false, func(c Control) error { return teamCommand(c, cmd, stdout) })
	case "item":
		return withControl(cmd, false, func(c Control) error {
			req := cmd.Write
			req.Op, req.Record, req.Item, req.Set = "item", cmd.Args[1], cmd.Args[2], cmd.Item
			wr, err := c.Write(req)
			if err != nil {
				return err
			}
			iid, _ := readiness.ParseItemID(cmd.Args[2])
			res := ItemResult{Record: wr.Record.Record.ID, Item: *wr.Record.Record.Item(iid)}
			if cmd.JSON {
				return printJSON(stdout, res)
			}
			it := res.Item
			_, err = fmt.Fprintf(stdout, "%s  %s  %s%s\n", it.ID, it.Status.Label(), it.Text, ownerSuffix(it.Owner))
			return err
		})
	case "export":
		// Through the instance that holds the data when there is one (its
		// database is locked), else here, read-only: the one exporter.
		return withControl(cmd, true, func(c Control) error {
			doc, err := c.Render(ExportRequest{Kind: cmd.Args[0], Record: cmd.Record, Ceremony: cmd.Ceremony, Paper: cmd.Paper, Format: cmd.Format, Filter: cmd.Filter, At: cmd.At})
			if err != nil {
				return err
			}
			return writeOut(cmd, stdout, func(w io.Writer) error { _, err := w.Write(doc); return err })
		})
	case "demo":
		return withRecords(cmd, false, func(recs *Records) error {
			n, err := LoadDemo(recs)
			if err != nil {
				return err
			}
			_, err = fmt.Fprintf(stdout, "added %d example records to %s\n", n, cmd.DataDir)
			return err
		})
	}
	return fmt.Errorf("%w: %s", ErrUsage, cmd.Name)
}

// withControl runs fn against the instance holding the data directory,
// through its control socket, or in this process when none does.
func withControl(cmd Command, readOnly bool, fn func(Control) error) error {
	if r, err := DialControl(cmd.DataDir); err == nil {
		return fn(r)
	}
	opt := Options{ReadOnly: readOnly}
	needsNode := !slices.Contains([]string{"list", "services", "people", "export", "item", "template", "record", "import", "checkin", "incident", "action"}, cmd.Name) ||
		(cmd.Name == "template" && cmd.Args[0] == "share")
	if needsNode {
		// Teams, sharing and peers need the node (not started: nothing
		// listens or is announced), and the device identity it reads.
		return withInstance(cmd.DataDir, opt, func(in *Instance) error {
			n, err := NewNetwork(in.Records, cmd.DataDir, log.New(io.Discard, "", 0))
			if err != nil {
				return err
			}
			defer n.Close()
			return fn(Local{Records: in.Records, Network: n})
		})
	}
	return withInstance(cmd.DataDir, opt, func(in *Instance) error { return fn(in.Local()) })
}

// withRecords opens the data directory for fn: read-only for commands that
// only read (alongside other readers; nothing is created or written), and
// for writing when the database must first be migrated or repaired, which
// is said on stderr.
func withRecords(cmd Command, readOnly bool, fn func(*Records) error) error {
	return withInstance(cmd.DataDir, Options{ReadOnly: readOnly}, func(in *Instance) error { return fn(in.Records) })
}

// withInstance opens the data directory with Open, the one composition
// root, runs fn, and closes it.
func withInstance(dir string, opt Options, fn func(*Instance) error) error {
	in, err := Open(dir, opt)
	if err != nil {
		return err
	}
	defer in.Close()
	return fn(in)
}

// printStats prints where the database file's bytes go, bucket by bucket,
// and each bucket's share of a record (per the records bucket's keys).
func printStats(w io.Writer, st store.FileStats) error {
	records := 0
	for _, b := range st.Buckets {
		if b.Name == "records" {
			records = b.Keys
		}
	}
	perRecord := func(n int64) string {
		if records == 0 {
			return "-"
		}
		return fmt.Sprintf("%.1f", float64(n)/float64(records)/1024)
	}
	fmt.Fprintf(w, "%-11s %9s %10s %12s %8s %10s %6s %10s\n", "bucket", "keys", "key bytes", "value bytes", "pages", "page MB", "used", "KB/record")
	var pages int
	var pageBytes, inUse int64
	for _, b := range st.Buckets {
		used := "-"
		if b.PageBytes > 0 {
			used = fmt.Sprintf("%.0f%%", 100*float64(b.InUse)/float64(b.PageBytes))
		}
		fmt.Fprintf(w, "%-11s %9d %10d %12d %8d %10.1f %6s %10s\n", b.Name, b.Keys, b.KeyBytes, b.ValueBytes, b.Pages,
			float64(b.PageBytes)/(1<<20), used, perRecord(b.PageBytes))
		pages += b.Pages
		pageBytes += b.PageBytes
		inUse += b.InUse
	}
	fmt.Fprintf(w, "%-11s %9s %10s %12s %8d %10.1f %6.0f%% %10s\n", "all buckets", "", "", "", pages, float64(pageBytes)/(1<<20),
		100*float64(inUse)/float64(max(pageBytes, 1)), perRecord(pageBytes))
	free := int64(st.FreePages) * int64(st.PageSize)
	fmt.Fprintf(w, "free pages  %d (%.1f MB); pages reach %.1f MB; the file is %.1f MB, %s KB a record\n", st.FreePages, float64(free)/(1<<20),
		float64(int64(st.Pages)*int64(st.PageSize))/(1<<20), float64(st.FileBytes)/(1<<20), perRecord(st.FileBytes))
	return nil
}

func ownerSuffix(owner string) string {
	if owner == "" {
		return ""
	}
	return " (" + owner + ")"
}

// writeOut writes an export to --out, or to stdout when it is "-".
func writeOut(cmd Command, stdout io.Writer, fn func(io.Writer) error) error {
	if cmd.Out == "-" {
		return fn(stdout)
	}
	return WriteOutput(cmd.DataDir, cmd.Out, fn)
}

// printList prints what `readyroom list` shows; with --json, what scripts
// find ids in. Records are written as they are encoded, through a buffer,
// not gathered into one document first: the same bytes as encoding the
// whole list with a two-space indent.
func printList(out []Listing, w io.Writer, asJSON bool) error {
	bw := bufio.NewWriterSize(w, 64<<10)
	if !asJSON {
		for _, l := range out {
			fmt.Fprintf(bw, "%s  %-6s %-12s %s — %s (go-live %s)\n", l.ID, l.Tier, l.State, l.Service, l.Title, l.GoLive)
			for _, c := range l.Ceremonies {
				fmt.Fprintf(bw, "    %s  %s\n", c.ID, c.Title)
			}
		}
		return bw.Flush()
	}
	if len(out) == 0 {
		bw.WriteString("[]\n")
		return bw.Flush()
	}
	bw.WriteString("[\n  ")
	for i := range out {
		if i > 0 {
			bw.WriteString(",\n  ")
		}
		b, err := json.MarshalIndent(&out[i], "  ", "  ")
		if err != nil {
			return err
		}
		bw.Write(b)
	}
	bw.WriteString("\n]\n")
	return bw.Flush()
}

func printTemplate(w io.Writer, t readiness.Template) error {
	fmt.Fprintf(w, "%s template, version %d: %d checklist items, %d-day hypercare\n%s\n", t.Name, t.Version, t.ItemCount(), t.HypercareDays, t.Summary)
	for _, s := range t.Sections {
		title := s.Title
		if s.Number != "" {
			title = s.Number + " " + title
		}
		fmt.Fprintf(w, "\n%s\n", title)
		for _, it := range s.Items {
			fmt.Fprintf(w, "  %-7s %s\n", it.ID, it.Text)
		}
	}
	_, err := fmt.Fprintln(w, "\nUse --json for the full template with guidance.")
	return err
}
