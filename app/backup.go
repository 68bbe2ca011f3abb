package app

import (
	"log"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"time"

	"readyroom/app/store"
)

// KeepBackups is how many automatic backups are kept.
const KeepBackups = 7

// AutoBackupDelay keeps the daily backup out of the way of start-up (a
// variable for tests).
var AutoBackupDelay = 30 * time.Second

// AutoBackup takes a checked hot backup into <data>/backups when the last one
// is more than a day old, and keeps the newest KeepBackups. Failures are
// logged, never fatal: the database itself is untouched by a backup.
func AutoBackup(db *store.DB, logger *log.Logger) {
	if logger == nil {
		logger = log.Default()
	}
	last, _ := db.Setting(store.SettingLastBackup)
	if t, err := time.Parse(time.RFC3339, last); err == nil && time.Since(t) < 24*time.Hour {
		return
	}
	dir := filepath.Join(db.Dir(), "backups")
	if _, err := db.Backup(dir, "auto"); err != nil {
		logger.Printf("automatic backup: %v", err)
		return
	}
	if err := db.SetSetting(store.SettingLastBackup, time.Now().UTC().Format(time.RFC3339)); err != nil {
		logger.Printf("automatic backup: %v", err)
	}
	pruneBackups(dir, KeepBackups)
}

func pruneBackups(dir string, keep int) {
	entries, err := os.ReadDir(dir)
	if err != nil {
		return
	}
	var autos []string
	for _, e := range entries {
		if strings.HasSuffix(e.Name(), "-auto.db") {
			autos = append(autos, e.Name())
		}
	}
	slices.Sort(autos) // names start with a UTC timestamp
	for len(autos) > keep {
		os.Remove(filepath.Join(dir, autos[0]))
		autos = autos[1:]
	}
}
