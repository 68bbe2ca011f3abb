package app

import (
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"time"

	"readyroom/app/store"
)

// The window's Backups page: the backups with when, size, records and
// whether they pass their check; a backup taken now; one checked whole; the
// two settings; and a restore, which the window does by closing: Ready Room
// lets go of the database (every cache, the LAN, the control socket), the
// chosen backup is checked again and swapped in with the current database
// kept beside it, and Ready Room starts again on it (FinishRestore). An
// open database is never swapped under the app.

// BackupService is the Backups page.
type BackupService struct{ *core }

// Backups lists the backups, newest first, each checked.
func (s *BackupService) Backups() ([]store.BackupInfo, error) { return store.ListBackups(s.dataDir) }

// BackupNow takes a checked backup at once.
func (s *BackupService) BackupNow() (store.BackupInfo, error) {
	if s.records == nil {
		return unopened[store.BackupInfo](s.core)
	}
	return BackupNow(s.records.db)
}

// VerifyBackup checks one backup (a file name from Backups) whole: what it
// found, passed or not.
func (s *BackupService) VerifyBackup(name string) (store.BackupCheck, error) {
	path, err := s.backupFile(name)
	if err != nil {
		return store.BackupCheck{}, err
	}
	return store.VerifyBackup(path), nil
}

// BackupStatus is what the Backups page says of the daily backup.
type BackupStatus struct {
	// LastDaily is when the last daily backup was taken (zero: never).
	LastDaily time.Time `json:"lastDaily"`
	// CopyProblem says why the last daily backup could not be copied to
	// the extra folder ("" when it was, or there is none).
	CopyProblem string `json:"copyProblem,omitempty"`
}

// BackupStatus says when the last daily backup was taken and whether its
// copy to the extra folder failed.
func (s *BackupService) BackupStatus() (BackupStatus, error) {
	if s.records == nil {
		return unopened[BackupStatus](s.core)
	}
	last, err := s.records.db.Setting(store.SettingLastBackup)
	if err != nil {
		return BackupStatus{}, err
	}
	st := BackupStatus{CopyProblem: copyProblems.get(s.records.db.Dir())}
	st.LastDaily, _ = time.Parse(time.RFC3339, last)
	return st, nil
}

// BackupSettings returns how many daily backups are kept and the extra
// folder.
func (s *BackupService) BackupSettings() (BackupSettings, error) {
	if s.records == nil {
		return unopened[BackupSettings](s.core)
	}
	return LoadBackupSettings(s.records.db)
}

// SetBackupSettings checks and stores them; a problem names its field.
func (s *BackupService) SetBackupSettings(set BackupSettings) (BackupSettings, error) {
	if s.records == nil {
		return unopened[BackupSettings](s.core)
	}
	return SaveBackupSettings(s.records.db, set)
}

// RestoreOnRestart checks a backup whole and marks it to be put in place
// of the database when the window closes; App.Restart then closes it, and
// Ready Room starts again on the backup.
func (s *BackupService) RestoreOnRestart(name string) (store.BackupInfo, error) {
	path, err := s.backupFile(name)
	if err != nil {
		return store.BackupInfo{}, err
	}
	c, err := verifyBackup(path)
	if err != nil {
		return store.BackupInfo{}, err
	}
	s.restoreFile, s.restart = path, true
	return c.BackupInfo, nil
}

func (s *BackupService) backupFile(name string) (string, error) {
	if name == "" || filepath.Base(name) != name {
		return "", fmt.Errorf("%q is not a backup's file name", name)
	}
	return filepath.Join(s.dataDir, store.BackupsDir, name), nil
}

// RestoreRequested reports whether the window closed to restore a backup.
// (A function, not a method: it is not for the window.)
func RestoreRequested(a *App) bool { return a.restoreFile != "" }

// FinishRestore puts the backup the window chose in place of the database,
// keeping the current one in the backups folder. The instance holding the
// data directory must be closed first. On an error nothing was changed,
// and Ready Room starts again on the database it had. Either way it leaves
// a note for the window that starts next (RestoreNote).
func FinishRestore(a *App) (kept string, err error) {
	kept, err = store.RestoreBackup(a.dataDir, a.restoreFile)
	note := RestoreNote{Backup: filepath.Base(a.restoreFile), Kept: kept, At: time.Now().UTC()}
	if info := store.CheckBackup(a.restoreFile); info.Checked {
		note.Taken = info.Taken
	}
	if err != nil {
		note.Problem = err.Error()
	}
	if b, jerr := json.Marshal(note); jerr == nil {
		os.MkdirAll(filepath.Join(a.dataDir, store.BackupsDir), 0o700)
		os.WriteFile(filepath.Join(a.dataDir, store.BackupsDir, restoreNoteFile), b, 0o600)
	}
	return kept, err
}

// restoreNoteFile, in the backups folder, says how the last restore the
// window closed for went, until the next window has said so.
const restoreNoteFile = "restore-note.json"

// RestoreNote is how a restore the window closed for went.
type RestoreNote struct {
	// Backup is the file restored (or not); Taken is when it was taken.
	Backup string    `json:"backup"`
	Taken  time.Time `json:"taken"`
	// Kept is where the replaced database was kept.
	Kept string `json:"kept"`
	// Problem says why the backup was not restored ("" when it was).
	Problem string    `json:"problem,omitempty"`
	At      time.Time `json:"at"`
}

// RestoreNote returns how the restore the window closed for went, or nil
// when there is nothing to say (a note older than a day is dropped). The
// note's file is read and removed once per process, and every page that
// asks in its first two minutes hears it: a page loaded twice, or the dev
// build's two pages (the window's and a browser's), would otherwise race
// for it and one would never say it.
func (s *BackupService) RestoreNote() (*RestoreNote, error) {
	s.restoreNoteOnce.Do(func() {
		path := filepath.Join(s.dataDir, store.BackupsDir, restoreNoteFile)
		b, err := os.ReadFile(path)
		if err != nil {
			return
		}
		os.Remove(path)
		var note RestoreNote
		if json.Unmarshal(b, &note) != nil || time.Since(note.At) > 24*time.Hour {
			return
		}
		s.restoreNote = &note
	})
	if n := s.restoreNote; n != nil && time.Since(n.At) < 2*time.Minute {
		return n, nil
	}
	return nil, nil
}
