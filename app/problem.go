package app

import (
	"errors"
	"fmt"
	"path/filepath"

	"readyroom/app/store"
)

// When the database cannot be opened, the window explains why and, when the
// file is damaged, offers the backups it can restore (newest first, each
// checked). Restoring keeps the damaged file in the backups folder and
// restarts Ready Room on the restored one.

// Backups lists the data directory's backups, checked, newest first.
func (a *App) Backups() ([]store.BackupInfo, error) { return store.ListBackups(a.dataDir) }

// CanRestore says whether the startup problem is one a backup can mend (a
// damaged file or another program's), not one it cannot (a locked or newer
// database, an unwritable folder).
func (a *App) CanRestore() bool {
	return a.problem != nil && (errors.Is(a.problem, store.ErrCorrupt) || errors.Is(a.problem, store.ErrNotDatabase))
}

// RestoreBackup puts the named backup (a file name from Backups) in place of
// the database that could not be opened, and returns where the replaced file
// was kept. Only the problem window offers it: an open database is never
// swapped under the app.
func (a *App) RestoreBackup(name string) (string, error) {
	if !a.CanRestore() {
		return "", fmt.Errorf("restoring a backup here is only for a database that could not be opened")
	}
	if name == "" || filepath.Base(name) != name {
		return "", fmt.Errorf("%q is not a backup's file name", name)
	}
	kept, err := store.RestoreBackup(a.dataDir, filepath.Join(a.dataDir, store.BackupsDir, name))
	if err != nil {
		return "", err
	}
	a.restart = true
	return kept, nil
}

// Restart closes the window so that Ready Room starts again on the restored
// database (see RestartRequested).
func (a *App) Restart() {
	if ctx := a.context(); ctx != nil && a.restart && a.shell != nil {
		a.shell.Quit(ctx)
	}
}

// RestartRequested reports whether the window closed to restart on a
// restored database. (A function, not a method: it is not for the window.)
func RestartRequested(a *App) bool { return a.restart }
