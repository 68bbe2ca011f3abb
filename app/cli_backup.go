package app

import (
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"time"

	"readyroom/app/store"
)

// `readyroom backup now|list|verify [FILE]|restore FILE`: through the
// instance holding the data directory when one runs (its control socket),
// directly otherwise. A restore is never done under a running instance:
// the instance checks the file and refuses in words (see BackupRestore).

// BackupControl is the backups as the command line reaches them.
type BackupControl interface {
	BackupNow() (store.BackupInfo, error)
	BackupList() ([]store.BackupInfo, error)
	BackupVerify(path string) (store.BackupCheck, error)
	BackupRestore(path string) (RestoreResult, error)
}

// RestoreResult is what a restore did.
type RestoreResult struct {
	Restored store.BackupInfo `json:"restored"`
	// Kept is where the database it replaced was kept ("" when there was
	// none).
	Kept string `json:"kept"`
}

// ErrRunning means a restore was asked of a running instance.
var ErrRunning = errors.New("a running Ready Room holds the data directory")

func (l Local) BackupNow() (store.BackupInfo, error) { return BackupNow(l.Records.db) }
func (l Local) BackupList() ([]store.BackupInfo, error) {
	return store.ListBackups(l.Records.db.Dir())
}
func (l Local) BackupVerify(path string) (store.BackupCheck, error) {
	return verifyBackup(path)
}

// BackupRestore, asked of a running instance (the window or a peer),
// checks the file and then refuses: swapping the database means everything
// holding it — the records' caches, the LAN's cursors and connections, a
// window's unsaved field — lets go first, which only closing the instance
// does for sure. The window's Backups page does that (it restarts on the
// backup); the command line says so, and how to stop a peer.
func (l Local) BackupRestore(path string) (RestoreResult, error) {
	if _, err := verifyBackup(path); err != nil {
		return RestoreResult{}, err
	}
	return RestoreResult{}, fmt.Errorf("%w (%s), and a database is never swapped under it: restore from the window's Backups page, which restarts Ready Room on the backup, or stop `readyroom peer` (or close the window) and run this command again; nothing was changed",
		ErrRunning, l.Records.db.Dir())
}

// backupsHere runs BackupControl in this process when no instance holds the
// data directory.
type backupsHere struct{ dir string }

func (h backupsHere) BackupNow() (info store.BackupInfo, err error) {
	err = withInstance(h.dir, Options{ReadOnly: true}, func(in *Instance) error {
		info, err = BackupNow(in.DB)
		return err
	})
	return info, err
}
func (h backupsHere) BackupList() ([]store.BackupInfo, error) { return store.ListBackups(h.dir) }
func (h backupsHere) BackupVerify(path string) (store.BackupCheck, error) {
	return verifyBackup(path)
}
func (h backupsHere) BackupRestore(path string) (RestoreResult, error) {
	check, err := verifyBackup(path)
	if err != nil {
		return RestoreResult{}, err
	}
	kept, err := store.RestoreBackup(h.dir, path)
	if err != nil {
		return RestoreResult{}, err
	}
	return RestoreResult{Restored: check.BackupInfo, Kept: kept}, nil
}

// verifyBackup checks a backup whole; one that fails is an error in words.
func verifyBackup(path string) (store.BackupCheck, error) {
	c := store.VerifyBackup(path)
	if !c.Checked {
		return c, fmt.Errorf("the backup %s fails its check: %s; nothing was changed", c.Name, oneLine(c.Problem))
	}
	return c, nil
}

func oneLine(s string) string { return strings.Join(strings.Fields(s), " ") }

func (r *Remote) BackupNow() (store.BackupInfo, error) {
	return remoteCall[store.BackupInfo](r, "backupNow")
}
func (r *Remote) BackupList() ([]store.BackupInfo, error) {
	return remoteCall[[]store.BackupInfo](r, "backupList")
}
func (r *Remote) BackupVerify(path string) (store.BackupCheck, error) {
	return remoteCall[store.BackupCheck](r, "backupVerify", path)
}
func (r *Remote) BackupRestore(path string) (RestoreResult, error) {
	return remoteCall[RestoreResult](r, "backupRestore", path)
}

// dispatchBackup runs the backup calls of the control socket; ok is false
// for any other call.
func dispatchBackup(c BackupControl, call controlCall) (res any, ok bool, err error) {
	path := ""
	if len(call.Args) > 0 {
		path = call.Args[0]
	}
	switch call.Op {
	case "backupNow":
		res, err = c.BackupNow()
	case "backupList":
		res, err = c.BackupList()
	case "backupVerify":
		res, err = c.BackupVerify(path)
	case "backupRestore":
		res, err = c.BackupRestore(path)
	default:
		return nil, false, nil
	}
	return res, true, err
}

func checkBackupArgs(cmd *Command) error {
	usage := fmt.Errorf("%w: backup now | backup list [--json] | backup verify [FILE] [--json] | backup restore FILE", ErrUsage)
	if len(cmd.Args) == 0 {
		return usage
	}
	want := map[string][]int{"now": {1}, "list": {1}, "verify": {1, 2}, "restore": {2}}
	n, ok := want[cmd.Args[0]]
	if !ok || (len(cmd.Args) != n[0] && (len(n) == 1 || len(cmd.Args) != n[1])) {
		return usage
	}
	return nil
}

// backupCommand runs `readyroom backup …`.
func backupCommand(cmd Command, w io.Writer) error {
	var c BackupControl = backupsHere{dir: cmd.DataDir}
	if r, err := DialControl(cmd.DataDir); err == nil {
		c = r
	}
	switch cmd.Args[0] {
	case "now":
		b, err := c.BackupNow()
		if err != nil {
			return err
		}
		if cmd.JSON {
			return printJSON(w, b)
		}
		_, err = fmt.Fprintf(w, "backed up to %s (%s)\n", b.Path, describeBackup(b))
		return err
	case "list":
		list, err := c.BackupList()
		if err != nil {
			return err
		}
		if cmd.JSON {
			return printJSON(w, list)
		}
		if len(list) == 0 {
			_, err := fmt.Fprintf(w, "no backups yet in %s\n", filepath.Join(cmd.DataDir, store.BackupsDir))
			return err
		}
		for _, b := range list {
			fmt.Fprintf(w, "%s  %9s  %s  %s\n", b.Taken.Local().Format(time.DateTime), formatSize(b.Size), b.Name, describeChecked(b))
		}
		return nil
	case "verify":
		if len(cmd.Args) == 1 {
			return verifyAll(c, cmd, w)
		}
		path, err := backupPath(cmd.DataDir, cmd.Args[1])
		if err != nil {
			return err
		}
		check, err := c.BackupVerify(path)
		if err != nil {
			return err
		}
		if cmd.JSON {
			return printJSON(w, check)
		}
		_, err = fmt.Fprintf(w, "%s: %s\n", check.Name, describeVerified(check))
		return err
	case "restore":
		path, err := backupPath(cmd.DataDir, cmd.Args[1])
		if err != nil {
			return err
		}
		res, err := c.BackupRestore(path)
		if err != nil {
			return err
		}
		if cmd.JSON {
			return printJSON(w, res)
		}
		fmt.Fprintf(w, "restored %s (%s)\n", res.Restored.Name, describeBackup(res.Restored))
		if res.Kept != "" {
			fmt.Fprintf(w, "the database it replaced is kept as %s\n", res.Kept)
		}
		return nil
	}
	return fmt.Errorf("%w: unknown backup command %q", ErrUsage, cmd.Args[0])
}

// verifyAll checks every backup in the folder; one that fails makes the
// command fail.
func verifyAll(c BackupControl, cmd Command, w io.Writer) error {
	list, err := c.BackupList()
	if err != nil {
		return err
	}
	var checks []store.BackupCheck
	failed := 0
	for _, b := range list {
		check, err := c.BackupVerify(b.Path)
		if err != nil {
			failed++
			if check.Name == "" {
				check.BackupInfo = b
			}
			if check.Problem == "" {
				check.Problem = err.Error()
			}
		}
		checks = append(checks, check)
		if !cmd.JSON {
			fmt.Fprintf(w, "%s: %s\n", b.Name, describeVerified(check))
		}
	}
	if cmd.JSON {
		if checks == nil {
			checks = []store.BackupCheck{}
		}
		if err := printJSON(w, checks); err != nil {
			return err
		}
	} else if len(list) == 0 {
		fmt.Fprintf(w, "no backups yet in %s\n", filepath.Join(cmd.DataDir, store.BackupsDir))
	}
	if failed > 0 {
		return fmt.Errorf("%d of %d backups fail their check", failed, len(list))
	}
	return nil
}

// backupPath finds a backup the command line names: a file name in the
// data directory's backups folder, else a path.
func backupPath(dataDir, arg string) (string, error) {
	if !strings.ContainsRune(arg, filepath.Separator) {
		in := filepath.Join(dataDir, store.BackupsDir, arg)
		if _, err := os.Stat(in); err == nil {
			return in, nil
		}
	}
	abs, err := filepath.Abs(arg)
	if err != nil {
		return "", err
	}
	fi, err := os.Stat(abs)
	switch {
	case err != nil && os.IsNotExist(err):
		return "", fmt.Errorf("there is no backup %s (nor in %s)", abs, filepath.Join(dataDir, store.BackupsDir))
	case err != nil:
		return "", fmt.Errorf("reading %s: %w", abs, bareErr(err))
	case !fi.Mode().IsRegular():
		return "", fmt.Errorf("%s is not a file", abs)
	}
	return abs, nil
}

func describeBackup(b store.BackupInfo) string {
	return fmt.Sprintf("%s, %s, %s", plural(b.Records, "record"), formatSize(b.Size), describeChecked(b))
}

func describeChecked(b store.BackupInfo) string {
	if b.Checked {
		return fmt.Sprintf("checked, %s", plural(b.Records, "record"))
	}
	return "NOT CHECKED: " + oneLine(b.Problem)
}

func describeVerified(c store.BackupCheck) string {
	switch {
	case !c.Checked:
		return "fails its check: " + oneLine(c.Problem)
	case c.Refolded:
		return fmt.Sprintf("checked: bbolt's consistency check, its metadata and log, and %s refolded from %s and matched", plural(c.Records, "record"), plural(c.Changes, "change"))
	}
	return fmt.Sprintf("checked: bbolt's consistency check, its metadata and log (schema %d: %s, rebuilt from the log when restored)", c.Schema, plural(c.Records, "record"))
}

func formatSize(n int64) string {
	switch {
	case n >= 1<<20:
		return fmt.Sprintf("%.1f MB", float64(n)/(1<<20))
	case n >= 1<<10:
		return fmt.Sprintf("%.0f KB", float64(n)/(1<<10))
	}
	return fmt.Sprintf("%d B", n)
}
