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
			return printJSON(stdout, rep)
		}
		_, err = fmt.Fprintln(stdout, rep.Words())
		return err
	})
}
