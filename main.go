// Command readyroom is Ready Room: a desktop app for service readiness and
// hypercare, and the same binary's command line for automation and support.
//
//	readyroom [--data DIR]                     the desktop app
//	readyroom demo [--data DIR]                add the example records
//	readyroom template show gold|silver --json print a template
//	readyroom version                          print the version
//
// Exit codes: 0 ok, 1 failure (one line on stderr), 2 bad usage.
package main

import (
	"embed"
	"errors"
	"fmt"
	"io"
	"os"

	"readyroom/app"
)

//go:embed all:frontend/dist
var assets embed.FS

func main() {
	os.Exit(run(os.Args[1:], os.Stdout, os.Stderr))
}

func run(args []string, stdout, stderr io.Writer) int {
	cmd, err := app.Parse(args)
	if err != nil {
		fmt.Fprintln(stderr, "readyroom:", err)
		if errors.Is(err, app.ErrUsage) {
			fmt.Fprintln(stderr, "run 'readyroom help' for usage")
		}
		return app.ExitCode(err)
	}
	if cmd.Name == "desktop" {
		if err := runDesktop(cmd); err != nil {
			if !errors.Is(err, errShown) {
				fmt.Fprintln(stderr, "readyroom:", err)
			}
			return 1
		}
		return 0
	}
	return app.Run(cmd, stdout, stderr, app.Version)
}
