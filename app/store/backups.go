package store

import (
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"time"

	bolt "go.etcd.io/bbolt"
)

// BackupsDir is the folder inside the data directory that holds backups.
const BackupsDir = "backups"

// BackupInfo describes one backup file, checked.
type BackupInfo struct {
	Path  string    `json:"path"`
	Name  string    `json:"name"`
	Taken time.Time `json:"taken"`
	Size  int64     `json:"size"`
	// Records is how many records it holds, when it could be read.
	Records int `json:"records"`
	// Checked says it passed the check a database gets when it is not as
	// Ready Room left it: every page walked, bbolt's consistency check, its
	// metadata and the log's values; Problem says why not.
	Checked bool   `json:"checked"`
	Problem string `json:"problem,omitempty"`
}

// ListBackups lists the backups in the data directory's backups folder,
// newest first, each checked.
func ListBackups(dataDir string) ([]BackupInfo, error) {
	dir := filepath.Join(dataDir, BackupsDir)
	entries, err := os.ReadDir(dir)
	if errors.Is(err, os.ErrNotExist) {
		return []BackupInfo{}, nil
	}
	if err != nil {
		return nil, fmt.Errorf("reading %s: %w", dir, classify(err))
	}
	out := []BackupInfo{}
	for _, e := range entries {
		if !e.Type().IsRegular() || !strings.HasSuffix(e.Name(), ".db") {
			continue
		}
		out = append(out, CheckBackup(filepath.Join(dir, e.Name())))
	}
	slices.SortFunc(out, func(a, b BackupInfo) int { return b.Taken.Compare(a.Taken) })
	return out, nil
}

// CheckBackup checks one backup file without writing to it.
func CheckBackup(path string) BackupInfo {
	info := BackupInfo{Path: path, Name: filepath.Base(path)}
	fi, err := os.Stat(path)
	if err != nil {
		info.Problem = err.Error()
		return info
	}
	info.Size, info.Taken = fi.Size(), fi.ModTime().UTC()
	if t, ok := backupTime(info.Name); ok {
		info.Taken = t
	}
	n, err := checkDatabaseFile(path)
	if err != nil {
		info.Problem = err.Error()
		return info
	}
	info.Records, info.Checked = n, true
	return info
}

// backupTime reads the time in a backup's name, readyroom-20060102-150405-….db.
func backupTime(name string) (time.Time, bool) {
	rest, ok := strings.CutPrefix(name, "readyroom-")
	if !ok || len(rest) < 15 {
		return time.Time{}, false
	}
	t, err := time.Parse("20060102-150405", rest[:15])
	return t, err == nil
}

// checkDatabaseFile opens a file read-only as a database that is not as
// Ready Room left it (see open.go) and counts its records.
func checkDatabaseFile(path string) (int, error) {
	exists, err := probe(path, nil)
	if err != nil {
		return 0, err
	}
	if !exists {
		return 0, fmt.Errorf("%s: %w", path, os.ErrNotExist)
	}
	if err := checkTree(path); err != nil {
		return 0, err
	}
	b, err := openBoltFile(path, time.Second, true, true)
	if err != nil {
		return 0, err
	}
	defer b.Close()
	db := &DB{bolt: b}
	n := 0
	err = db.view(func(tx *bolt.Tx) error {
		in, err := inspect(tx, SchemaVersion, true)
		if err != nil {
			return err
		}
		switch {
		case in.empty:
			return fmt.Errorf("%w: it holds nothing", ErrNotDatabase)
		case in.schema > SchemaVersion:
			return fmt.Errorf("it is at schema %d and this Ready Room reads up to %d: %w", in.schema, SchemaVersion, ErrSchemaTooNew)
		}
		if s := tx.Bucket(bucketSummaries); s != nil {
			n = s.Stats().KeyN
		}
		return nil
	})
	return n, err
}

// RestoreBackup puts a checked backup in place of the data directory's
// database, which must not be open (by this process or another). The
// database it replaces — sound or damaged — is kept in the backups folder
// as readyroom-<time>-replaced.db, never deleted; its path is returned.
// What is swapped in is a copy, checked again after the arrival numbers and
// the clock were carried forward from the replaced database (carry.go), so
// that teammates pulling from this device miss none of what comes next.
// On an error nothing was changed.
func RestoreBackup(dataDir, backup string) (string, error) {
	name := filepath.Base(backup)
	if info := CheckBackup(backup); !info.Checked {
		return "", fmt.Errorf("the backup %s cannot be restored: %s; nothing was changed", name, info.Problem)
	}
	path := filepath.Join(dataDir, FileName)
	prior, err := readCarry(path) // before the lock: bbolt's own would wait on it
	if err != nil {
		return "", err
	}
	unlock, err := lockFile(path)
	if err != nil {
		return "", err
	}
	defer unlock()
	if prior.changedSince(path) {
		return "", fmt.Errorf("the database changed while %s was being restored: %w; nothing was changed, try again", name, ErrLocked)
	}
	dir := filepath.Join(dataDir, BackupsDir)
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return "", classify(err)
	}
	tmp, err := os.CreateTemp(dataDir, ".restore-*.tmp")
	if err != nil {
		return "", fmt.Errorf("restoring: %w", classify(err))
	}
	defer os.Remove(tmp.Name())
	src, err := os.Open(backup)
	if err != nil {
		tmp.Close()
		return "", fmt.Errorf("restoring: %w", err)
	}
	_, err = io.Copy(tmp, src)
	src.Close()
	if err == nil {
		err = tmp.Sync()
	}
	if cerr := tmp.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		return "", fmt.Errorf("restoring: %w; nothing was changed", classify(err))
	}
	if err := carryForward(tmp.Name(), prior); err != nil {
		return "", fmt.Errorf("restoring: %w; nothing was changed", classify(err))
	}
	if info := CheckBackup(tmp.Name()); !info.Checked {
		return "", fmt.Errorf("the backup %s cannot be restored: its copy failed the check (%s); nothing was changed", name, info.Problem)
	}
	kept := ""
	if _, err := os.Stat(path); err == nil {
		kept = filepath.Join(dir, "readyroom-"+time.Now().UTC().Format("20060102-150405")+"-replaced.db")
		if _, err := os.Lstat(kept); err == nil {
			kept = strings.TrimSuffix(kept, ".db") + "-" + strconv.FormatInt(time.Now().UnixNano()%1e9, 10) + ".db"
		}
		if err := os.Rename(path, kept); err != nil {
			return "", fmt.Errorf("keeping the current database aside: %w; nothing was changed", classify(err))
		}
	}
	if err := os.Rename(tmp.Name(), path); err != nil {
		if kept != "" {
			os.Rename(kept, path) // put it back: nothing changed
		}
		return "", fmt.Errorf("restoring: %w; nothing was changed", classify(err))
	}
	os.Remove(path + stampSuffix) // the next open checks the restored file whole
	syncDir(dataDir)
	syncDir(dir)
	return kept, nil
}

func syncDir(dir string) {
	if d, err := os.Open(dir); err == nil {
		d.Sync()
		d.Close()
	}
}
