package app

import (
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"strings"

	"readyroom/app/store"
	"readyroom/readiness"
)

// BackupSettings are the daily backup's two settings, kept in the
// database's settings bucket.
type BackupSettings struct {
	// Keep is how many daily backups are kept (in the data directory's
	// backups folder, and in Folder).
	Keep int `json:"keep"`
	// Folder is where each daily backup is also copied (a network share, a
	// synced folder), "" for nowhere.
	Folder string `json:"folder"`
}

// Limits of BackupSettings.Keep.
const (
	MinKeepBackups = 1
	MaxKeepBackups = 365
)

// LoadBackupSettings reads the settings; unset ones are the defaults.
func LoadBackupSettings(db *store.DB) (BackupSettings, error) {
	s := BackupSettings{Keep: KeepBackups}
	v, err := db.Setting(store.SettingBackupKeep)
	if err != nil {
		return s, err
	}
	if n, err := strconv.Atoi(v); err == nil && n >= MinKeepBackups && n <= MaxKeepBackups {
		s.Keep = n
	}
	s.Folder, err = db.Setting(store.SettingBackupFolder)
	return s, err
}

// SaveBackupSettings checks the settings and stores them; a problem is a
// ValidationError naming the field ("keep", "folder"), and nothing is
// stored then. The folder is stored cleaned and absolute.
func SaveBackupSettings(db *store.DB, s BackupSettings) (BackupSettings, error) {
	var fields []readiness.FieldError
	if s.Keep < MinKeepBackups || s.Keep > MaxKeepBackups {
		fields = append(fields, readiness.FieldError{Field: "keep", Rule: "range",
			Message: fmt.Sprintf("Keep between %d and %d daily backups", MinKeepBackups, MaxKeepBackups)})
	}
	folder, err := checkBackupFolder(db.Dir(), s.Folder)
	if err != nil {
		fields = append(fields, readiness.FieldError{Field: "folder", Rule: "folder", Message: err.Error()})
	}
	if len(fields) > 0 {
		return s, &readiness.ValidationError{Fields: fields}
	}
	s.Folder = folder
	if err := db.SetSetting(store.SettingBackupKeep, strconv.Itoa(s.Keep)); err != nil {
		return s, err
	}
	if err := db.SetSetting(store.SettingBackupFolder, s.Folder); err != nil {
		return s, err
	}
	return s, nil
}

// checkBackupFolder says why a folder cannot take the daily backups' copies,
// or returns it cleaned: it must be absolute, exist, be a folder that can be
// written, and lie outside the data directory (a copy inside it would be
// copied along with it by whoever backs the data directory up, and a folder
// inside backups/ would be pruned as one of its own).
func checkBackupFolder(dataDir, folder string) (string, error) {
	folder = strings.TrimSpace(folder)
	if folder == "" {
		return "", nil
	}
	if !filepath.IsAbs(folder) {
		return "", fmt.Errorf("Give the folder's full path (starting with %c)", filepath.Separator)
	}
	folder = filepath.Clean(folder)
	fi, err := os.Stat(folder)
	switch {
	case os.IsNotExist(err):
		return "", fmt.Errorf("There is no folder %s", folder)
	case err != nil:
		return "", fmt.Errorf("%s cannot be read: %v", folder, bareErr(err))
	case !fi.IsDir():
		return "", fmt.Errorf("%s is a file, not a folder", folder)
	}
	real, err := filepath.EvalSymlinks(folder)
	if err != nil {
		real = folder
	}
	data, err := filepath.EvalSymlinks(dataDir)
	if err != nil {
		data = filepath.Clean(dataDir)
	}
	if pathInside(real, data) {
		return "", fmt.Errorf("Choose a folder outside the data directory %s: copies inside it would be backed up with it", dataDir)
	}
	probe, err := os.CreateTemp(folder, ".readyroom-probe-*")
	if err != nil {
		return "", fmt.Errorf("%s cannot be written to: %v", folder, bareErr(err))
	}
	probe.Close()
	os.Remove(probe.Name())
	return folder, nil
}

// pathInside reports whether path is dir or inside it.
func pathInside(path, dir string) bool {
	rel, err := filepath.Rel(dir, path)
	return err == nil && rel != ".." && !strings.HasPrefix(rel, ".."+string(filepath.Separator))
}

// bareErr drops the operation and path an *os.PathError repeats.
func bareErr(err error) error {
	if pe, ok := err.(*os.PathError); ok {
		return pe.Err
	}
	return err
}
