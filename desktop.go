package main

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"os"
	"sync"
	"time"

	"github.com/wailsapp/wails/v2"
	"github.com/wailsapp/wails/v2/pkg/options"
	"github.com/wailsapp/wails/v2/pkg/options/assetserver"
	"github.com/wailsapp/wails/v2/pkg/options/linux"
	"github.com/wailsapp/wails/v2/pkg/runtime"

	"readyroom/app"
	"readyroom/app/cli"
	"readyroom/app/store"
)

// errShown means the failure was already reported (stderr and a window).
var errShown = errors.New("could not open the data directory")

// runDesktop opens the store and runs the window until it is closed. The
// store's file lock is what keeps a second instance off the same data (it
// fails within a second with a clear message); Wails' single-instance lock,
// keyed by the data directory, raises the running window when a session bus
// is there to carry the message.
func runDesktop(cmd cli.Command) error {
	dataDir := cmd.DataDir
	// The window's libraries load while the store opens and the network
	// starts: about 100 ms of the 2 cores' time that no longer precedes
	// the window.
	libs := make(chan error, 1)
	go func() { libs <- loadWindowLibraries() }()
	windowLibs := sync.OnceValue(func() error { return <-libs })
	if bindingsOnly {
		return wailsRun(app.New(nil, dataDir, nil), dataDir, windowLibs)
	}
	db, err := store.Open(dataDir, store.Options{Report: func(s string) { fmt.Fprintln(os.Stderr, "readyroom:", s) }})
	if errors.Is(err, store.ErrLocked) {
		return err // the other window is the answer; fail fast on the command line
	}
	if err != nil {
		// Explain it in a window as well as on stderr: a desktop user started
		// from a menu never sees stderr. The window may restore a backup, and
		// then Ready Room starts again on it.
		fmt.Fprintln(os.Stderr, "readyroom:", err)
		problem := app.NewProblem(err, dataDir)
		if werr := wailsRun(problem, dataDir, windowLibs); werr != nil {
			return werr
		}
		if app.RestartRequested(problem) {
			return restart()
		}
		return errShown
	}
	defer db.Close()
	records, err := app.NewRecords(db, nil)
	if err != nil {
		return err
	}
	backup := time.AfterFunc(app.AutoBackupDelay, func() { app.AutoBackup(db) })
	defer backup.Stop()
	facade := app.New(records, dataDir, runtime.EventsEmit)
	network, err := app.NewNetwork(records, dataDir, nil)
	if err != nil {
		// A damaged device identity (a key without its certificate, say):
		// the message says how to restore it, so show it in a window too.
		fmt.Fprintln(os.Stderr, "readyroom:", err)
		if werr := wailsRun(app.NewProblem(err, dataDir), dataDir, windowLibs); werr != nil {
			return werr
		}
		return errShown
	}
	facade.AttachNetwork(network)
	if err := network.Start(app.NetworkOptions{Listen: cmd.Listen, Iface: cmd.Iface, PullInterval: cmd.PullInterval}); err != nil {
		return err
	}
	defer network.Close()
	ctx, stop := context.WithCancel(context.Background())
	defer stop()
	closeControl, err := app.ServeControl(ctx, dataDir, app.Local{Records: records, Network: network})
	if err != nil {
		return err
	}
	defer closeControl()
	return wailsRun(facade, dataDir, windowLibs)
}

// wailsRun runs a window once its libraries are loaded (windowLibs waits
// for them).
func wailsRun(facade *app.App, dataDir string, windowLibs func() error) error {
	if err := windowLibs(); err != nil {
		return err
	}
	sum := sha256.Sum256([]byte(dataDir))
	var appCtx context.Context
	err := wails.Run(&options.App{
		Title:     "Ready Room",
		Width:     1280,
		Height:    800,
		MinWidth:  960,
		MinHeight: 640,
		AssetServer: &assetserver.Options{
			Assets: assets,
		},
		BackgroundColour: &options.RGBA{R: 246, G: 247, B: 249, A: 255},
		OnStartup:        facade.Startup, // a method value: Wails does not bind it
		OnDomReady:       func(ctx context.Context) { appCtx = ctx },
		Bind:             []any{facade},
		ErrorFormatter:   app.FormatError,
		SingleInstanceLock: &options.SingleInstanceLock{
			UniqueId: "readyroom." + hex.EncodeToString(sum[:8]),
			OnSecondInstanceLaunch: func(options.SecondInstanceData) {
				if appCtx != nil {
					runtime.WindowUnminimise(appCtx)
					runtime.Show(appCtx)
				}
			},
		},
		Linux: &linux.Options{ProgramName: "readyroom", WebviewGpuPolicy: linux.WebviewGpuPolicyNever},
	})
	if err != nil {
		return fmt.Errorf("running the window: %w", err)
	}
	return nil
}
