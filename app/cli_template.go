package app

import (
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"path/filepath"
	"strings"
	"text/tabwriter"

	"readyroom/app/store"
	"readyroom/readiness"
)

// templateCommand runs `readyroom template …`.
func templateCommand(cmd Command, stdout io.Writer) error {
	switch cmd.Args[0] {
	case "list":
		err := withControl(cmd, true, func(c Control) error {
			lib, err := c.TemplateList()
			if err != nil {
				return err
			}
			return printLibrary(stdout, lib, cmd.JSON)
		})
		if errors.Is(err, store.ErrNoDatabase) { // no data yet: the shipped templates
			return printLibrary(stdout, shippedLibrary(), cmd.JSON)
		}
		return err
	case "show":
		err := withControl(cmd, true, func(c Control) error {
			// A draft is reviewed here before it is published: by
			// NAME@draft, or by NAME while nothing is published.
			name := cmd.Args[1]
			if id, ok := strings.CutSuffix(name, "@draft"); ok {
				d, err := c.TemplateDraft(id)
				if err != nil {
					return err
				}
				return showDraft(stdout, d, cmd.JSON)
			}
			v, err := c.TemplateShow(name)
			if errors.Is(err, readiness.ErrNotFound) && !strings.Contains(name, "@") {
				d, derr := c.TemplateDraft(name)
				switch {
				case derr == nil:
					return showDraft(stdout, d, cmd.JSON)
				case !errors.Is(derr, readiness.ErrNotFound):
					return derr
				}
			}
			if err != nil {
				return err
			}
			return showTemplate(stdout, v.Template, cmd.JSON)
		})
		if errors.Is(err, store.ErrNoDatabase) {
			id, version, perr := ParseTemplateName(cmd.Args[1])
			if perr != nil {
				return perr
			}
			t, terr := readiness.TemplateByID(id)
			if terr != nil || (version != 0 && version != t.Version) {
				return fmt.Errorf("template %s: %w (there is no data here yet: only gold and silver)", cmd.Args[1], readiness.ErrNotFound)
			}
			return showTemplate(stdout, t, cmd.JSON)
		}
		return err
	case "export":
		return withControl(cmd, true, func(c Control) error {
			file, err := c.TemplateFile(cmd.Args[1])
			if err != nil {
				return err
			}
			return writeOut(cmd, stdout, func(w io.Writer) error { _, err := w.Write(file); return err })
		})
	case "share":
		return withControl(cmd, false, func(c Control) error {
			v, err := c.TemplateShare(cmd.Args[1], cmd.Args[2])
			if err != nil {
				return err
			}
			if cmd.JSON {
				return printJSON(stdout, v)
			}
			_, err = fmt.Fprintf(stdout, "%s is shared with %s: its members receive every version\n", cmd.Args[1], v.Name)
			return err
		})
	case "import":
		path, err := filepath.Abs(cmd.Args[1])
		if err != nil {
			return err
		}
		return withControl(cmd, false, func(c Control) error {
			res, err := c.TemplateImport(path, cmd.Format, cmd.As)
			if err != nil {
				return err
			}
			return printImport(stdout, res, cmd.JSON)
		})
	case "publish":
		return withControl(cmd, false, func(c Control) error {
			v, err := c.TemplatePublish(cmd.Args[1])
			if err != nil {
				return err
			}
			if cmd.JSON {
				return printJSON(stdout, v)
			}
			_, err = fmt.Fprintf(stdout, "published %s v%d (%s)\n", v.Template.ID, v.Template.Version, v.Digest)
			return err
		})
	}
	return fmt.Errorf("%w: template %s", ErrUsage, cmd.Args[0])
}

func printJSON(w io.Writer, v any) error {
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	return enc.Encode(v)
}

func showTemplate(w io.Writer, t readiness.Template, asJSON bool) error {
	if asJSON {
		return printJSON(w, t)
	}
	return printTemplate(w, t)
}

// showDraft prints a draft for review: what it holds, and what publishing
// it would refuse or change.
func showDraft(w io.Writer, d DraftView, asJSON bool) error {
	if asJSON {
		return printJSON(w, d)
	}
	fmt.Fprintf(w, "Draft of %s v%d, not published: readyroom template publish %s\n", d.Draft.ID, d.Next, d.Draft.ID)
	for _, p := range d.Problems {
		fmt.Fprintf(w, "  to fix before publishing: %s\n", p.Message)
	}
	if d.Words != "" {
		fmt.Fprintf(w, "  from the version before: %s\n", d.Words)
	}
	t := d.Draft
	t.Version = d.Next
	return printTemplate(w, t)
}

// shippedLibrary is the library of a data directory that holds nothing yet.
func shippedLibrary() []TemplateEntry {
	out := []TemplateEntry{}
	for _, t := range readiness.Templates() {
		out = append(out, TemplateEntry{ID: t.ID, Name: t.Name, Tier: t.Tier, TierLabel: readiness.TierLabel(t.Tier),
			HypercareDays: t.HypercareDays, Summary: t.Summary, Shipped: true,
			Versions: []TemplateVersionInfo{{Version: t.Version, Items: t.ItemCount()}}})
	}
	return out
}

func printLibrary(w io.Writer, lib []TemplateEntry, asJSON bool) error {
	if asJSON {
		return printJSON(w, lib)
	}
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
	for _, e := range lib {
		kind := "yours"
		if e.Shipped {
			kind = "shipped"
		}
		versions := "no version published yet"
		if n := len(e.Versions); n > 0 {
			v := e.Versions[n-1]
			versions = fmt.Sprintf("v%d, %d items", v.Version, v.Items)
			if n > 1 {
				versions = fmt.Sprintf("v%d (of %d versions), %d items", v.Version, n, v.Items)
			}
		}
		line := fmt.Sprintf("%s\t%s\t%s\t%s\t%s, %s", e.ID, e.Name, e.TierLabel, kind, versions, plural(e.Records, "record"))
		if e.Draft != nil {
			line += fmt.Sprintf("; draft of v%d", e.Draft.Next)
		}
		fmt.Fprintln(tw, line)
	}
	return tw.Flush()
}

func printImport(w io.Writer, res TemplateImport, asJSON bool) error {
	if asJSON {
		return printJSON(w, res)
	}
	switch {
	case res.Published && res.Already:
		fmt.Fprintf(w, "%s v%d (%s) is already here: nothing changed\n", res.ID, res.Version, res.Name)
	case res.Published:
		fmt.Fprintf(w, "added %s v%d (%s), published as it was exported\n", res.ID, res.Version, res.Name)
	default:
		fmt.Fprintf(w, "imported %s (%s) as a draft of v%d: review it, then readyroom template publish %s\n", res.ID, res.Name, res.Version, res.ID)
	}
	for _, s := range res.Took {
		fmt.Fprintf(w, "  %s\n", s)
	}
	for _, s := range res.Left {
		fmt.Fprintf(w, "  - %s\n", s)
	}
	return nil
}

func printUpgrade(w io.Writer, res UpgradeResult, asJSON bool) error {
	if asJSON {
		return printJSON(w, res)
	}
	p := res.Preview
	verb := "would move"
	if res.Upgraded {
		verb = "moved"
	}
	fmt.Fprintf(w, "%s %s from %s v%d to v%d: %s\n", res.Record, verb, res.Name, res.From, res.To, res.Words)
	fmt.Fprintf(w, "  readiness %d%% (%d of %d) before, %d%% (%d of %d) after\n", p.Before.Percent, p.Before.Done, p.Before.Applicable,
		p.After.Percent, p.After.Done, p.After.Applicable)
	fmt.Fprintf(w, "  %s kept, %d new not started", plural(p.Kept, "answered item"), p.Added)
	if len(p.Retired) > 0 {
		ids := make([]string, len(p.Retired))
		for i, id := range p.Retired {
			ids[i] = string(id)
		}
		fmt.Fprintf(w, ", %d moved to Retired items (%s)", len(p.Retired), strings.Join(ids, ", "))
	}
	if p.StaleAcks > 0 {
		fmt.Fprintf(w, "; %s will read as of an earlier version", plural(p.StaleAcks, "acknowledgement"))
	}
	_, err := fmt.Fprintln(w)
	return err
}

func plural(n int, word string) string {
	if n == 1 {
		return "1 " + word
	}
	return fmt.Sprintf("%d %ss", n, word)
}
