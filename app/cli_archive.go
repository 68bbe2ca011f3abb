package app

import (
	"fmt"
	"io"
	"path/filepath"
)

// importCommand runs `readyroom import FILE`: through the running
// instance when there is one, else on the database here.
func importCommand(cmd Command, stdout io.Writer) error {
	path, err := filepath.Abs(cmd.Args[0])
	if err != nil {
		return err
	}
	return withControl(cmd, false, func(c Control) error {
		rep, err := c.ImportArchive(path)
		if err != nil {
			return err
		}
		if cmd.JSON {
			err = printJSON(stdout, rep)
		} else {
			_, err = fmt.Fprintln(stdout, rep.Words())
		}
		// The report says which records were refused and why; the exit
		// code tells a script that not all was imported.
		switch n := rep.RefusedRecords(); {
		case err != nil || n == 0:
		case n == len(rep.Records):
			err = fmt.Errorf("every record refused, as said above; nothing was imported")
		default:
			err = fmt.Errorf("%s of %d refused, as said above; the others were imported", plural(n, "record"), len(rep.Records))
		}
		return err
	})
}
