package app

import (
	"fmt"
	"io"
	"log"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"time"

	"readyroom/app/store"
)

// KeepBackups is how many automatic backups are kept unless the settings
// say otherwise (BackupSettings.Keep).
const KeepBackups = 7

// AutoBackupDelay keeps the daily backup out of the way of start-up (a
// variable for tests).
var AutoBackupDelay = 30 * time.Second

// AutoBackup takes a checked hot backup into <data>/backups when the last one
// is more than a day old, copies it to the settings' extra folder if one is
// set, and keeps the newest BackupSettings.Keep in each. Failures are
// logged, never fatal: the database itself is untouched by a backup.
func AutoBackup(db *store.DB, logger *log.Logger) {
	if logger == nil {
		logger = log.Default()
	}
	last, _ := db.Setting(store.SettingLastBackup)
	if t, err := time.Parse(time.RFC3339, last); err == nil && time.Since(t) < 24*time.Hour {
		return
	}
	set, err := LoadBackupSettings(db)
	if err != nil {
		logger.Printf("automatic backup: %v", err)
		return
	}
	dir := filepath.Join(db.Dir(), store.BackupsDir)
	path, err := db.Backup(dir, "auto")
	if err != nil {
		logger.Printf("automatic backup: %v", err)
		return
	}
	if err := db.SetSetting(store.SettingLastBackup, time.Now().UTC().Format(time.RFC3339)); err != nil {
		logger.Printf("automatic backup: %v", err)
	}
	pruneBackups(dir, "-auto.db", set.Keep)
	if set.Folder != "" {
		suffix := "-auto-" + string(db.Replica()) + ".db"
		if err := copyBackup(path, filepath.Join(set.Folder, strings.TrimSuffix(filepath.Base(path), "-auto.db")+suffix)); err != nil {
			logger.Printf("automatic backup: copying it to %s: %v", set.Folder, err)
			copyProblems.set(db.Dir(), fmt.Sprintf("The daily backup of %s could not be copied to %s: %v", time.Now().Format(time.DateTime), set.Folder, err))
			return
		}
		pruneBackups(set.Folder, suffix, set.Keep)
	}
	copyProblems.set(db.Dir(), "")
}

// copyProblems holds, by data directory, why the last daily backup could
// not be copied to the extra folder, for the Backups page ("" when it was).
var copyProblems = problemsByDir{m: map[string]string{}}

type problemsByDir struct {
	mu sync.Mutex
	m  map[string]string
}

func (p *problemsByDir) set(dir, problem string) {
	p.mu.Lock()
	defer p.mu.Unlock()
	if problem == "" {
		delete(p.m, dir)
	} else {
		p.m[dir] = problem
	}
}

func (p *problemsByDir) get(dir string) string {
	p.mu.Lock()
	defer p.mu.Unlock()
	return p.m[dir]
}

// pruneBackups keeps the newest keep files in dir whose names end in
// suffix (names start with a UTC timestamp, so they sort by age).
func pruneBackups(dir, suffix string, keep int) {
	entries, err := os.ReadDir(dir)
	if err != nil {
		return
	}
	var autos []string
	for _, e := range entries {
		if e.Type().IsRegular() && strings.HasPrefix(e.Name(), "readyroom-") && strings.HasSuffix(e.Name(), suffix) {
			autos = append(autos, e.Name())
		}
	}
	slices.Sort(autos)
	for len(autos) > keep {
		os.Remove(filepath.Join(dir, autos[0]))
		autos = autos[1:]
	}
}

// copyBackup copies a backup to dst whole or not at all: written beside it
// under a temporary name, synced, then renamed (a synced folder never
// uploads half a file under the final name).
func copyBackup(src, dst string) error {
	in, err := os.Open(src)
	if err != nil {
		return err
	}
	defer in.Close()
	tmp, err := os.CreateTemp(filepath.Dir(dst), "."+filepath.Base(dst)+".*.tmp")
	if err != nil {
		return bareErr(err)
	}
	defer os.Remove(tmp.Name())
	_, err = io.Copy(tmp, in)
	if err == nil {
		err = tmp.Sync()
	}
	if cerr := tmp.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		return bareErr(err)
	}
	if err := os.Rename(tmp.Name(), dst); err != nil {
		return fmt.Errorf("naming it %s: %w", filepath.Base(dst), bareErr(err))
	}
	return nil
}

// BackupNow takes a checked backup at once (labelled "manual", so that
// retention, which counts daily backups, leaves it alone) and returns it
// as the list shows it.
func BackupNow(db *store.DB) (store.BackupInfo, error) {
	path, err := db.Backup(filepath.Join(db.Dir(), store.BackupsDir), "manual")
	if err != nil {
		return store.BackupInfo{}, fmt.Errorf("backing up: %w", err)
	}
	return store.CheckBackup(path), nil
}
