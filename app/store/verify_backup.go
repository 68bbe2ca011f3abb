package store

import (
	"fmt"
	"time"

	bolt "go.etcd.io/bbolt"
)

// BackupCheck is what verifying one backup found: the check a database gets
// when it is not as Ready Room left it (CheckBackup), and, for a backup at
// this Ready Room's schema, every record folded again from its log and
// compared with what is derived from it (as DB.Verify does).
type BackupCheck struct {
	BackupInfo
	// Schema is the backup's schema version (0 when it could not be read).
	Schema int `json:"schema"`
	// Changes is how many changes its log holds (refolded backups only).
	Changes int `json:"changes"`
	// Refolded says every record was folded again from its log and
	// matched; false for a backup of an older schema (a migration, when it
	// is restored, rebuilds what is derived) or one that failed earlier.
	Refolded bool `json:"refolded"`
	// Problems lists what disagreed with the log (the backup is then not
	// checked: restored, it would be repaired on opening).
	Problems []Problem `json:"problems,omitempty"`
}

// VerifyBackup checks one backup file whole without writing to it.
func VerifyBackup(path string) BackupCheck {
	out := BackupCheck{BackupInfo: CheckBackup(path)}
	if !out.Checked {
		return out
	}
	b, err := openBoltFile(path, time.Second, true, true)
	if err != nil {
		out.Checked, out.Problem = false, err.Error()
		return out
	}
	defer b.Close()
	err = (&DB{bolt: b}).view(func(tx *bolt.Tx) error {
		in, err := inspect(tx, SchemaVersion, false)
		if err != nil {
			return err
		}
		out.Schema = in.schema
		if in.schema != SchemaVersion {
			return nil
		}
		if err := checkTemplates(tx); err != nil {
			return err
		}
		var rep Report
		if err := verifyTx(tx, &rep); err != nil {
			return err
		}
		out.Changes, out.Problems, out.Refolded = rep.Changes, rep.Problems, rep.OK()
		return nil
	})
	switch {
	case err != nil:
		out.Checked, out.Problem = false, err.Error()
	case len(out.Problems) > 0:
		out.Checked = false
		out.Problem = fmt.Sprintf("what is derived from its log disagrees with it: %s", out.Problems[0])
		if len(out.Problems) > 1 {
			out.Problem += fmt.Sprintf(" (and %d more)", len(out.Problems)-1)
		}
	}
	return out
}
