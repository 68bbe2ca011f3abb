package main

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"os"
	"sync"
	"sync/atomic"

	"github.com/wailsapp/wails/v2"
	"github.com/wailsapp/wails/v2/pkg/options"
	"github.com/wailsapp/wails/v2/pkg/options/assetserver"
	"github.com/wailsapp/wails/v2/pkg/options/linux"
	"github.com/wailsapp/wails/v2/pkg/runtime"

	"readyroom/app"
)

// errShown means the failure was already reported (stderr and a window).
var errShown = errors.New("could not open the data directory")

// runDesktop opens the store and runs the window until it is closed. The
// store's file lock is what keeps a second instance off the same data (it
// fails within a second with a clear message); Wails' single-instance lock,
// keyed by the data directory, raises the running window when a session bus
// is there to carry the message.
func runDesktop(cmd app.Command) error {
	dataDir := cmd.DataDir
	// The window's libraries load while the store opens and the network
	// starts: about 100 ms of the 2 cores' time that no longer precedes
	// the window.
	libs := make(chan error, 1)
	go func() { libs <- loadWindowLibraries() }()
	windowLibs := sync.OnceValue(func() error { return <-libs })
	if bindingsOnly {
		return wailsRun(app.New(nil, dataDir, wailsShell{}), dataDir, windowLibs)
	}
	in, err := app.Open(dataDir, app.Options{
		Network: &app.NetworkOptions{Listen: cmd.Listen, Iface: cmd.Iface, PullInterval: cmd.PullInterval},
		Control: true, Backups: true,
	})
	if errors.Is(err, app.ErrLocked) {
		return err // the other window is the answer; fail fast on the command line
	}
	if err != nil {
		// Explain it in a window as well as on stderr: a desktop user started
		// from a menu never sees stderr. For a damaged database the window
		// may restore a backup, and then Ready Room starts again on it; a
		// damaged device identity's message says how to restore it.
		fmt.Fprintln(os.Stderr, "readyroom:", err)
		problem := app.NewProblem(err, dataDir, wailsShell{})
		if werr := wailsRun(problem, dataDir, windowLibs); werr != nil {
			return werr
		}
		if app.RestartRequested(problem) {
			return restart()
		}
		return errShown
	}
	defer in.Close()
	facade := app.New(in.Records, dataDir, wailsShell{})
	app.AttachNetwork(facade, in.Network)
	if err := wailsRun(facade, dataDir, windowLibs); err != nil || !app.RestoreRequested(facade) {
		return err
	}
	// The Backups page chose a backup: let go of the database, swap it in
	// (the current one kept beside it), and start again on it.
	in.Close()
	if kept, err := app.FinishRestore(facade); err != nil {
		fmt.Fprintln(os.Stderr, "readyroom: the backup was not restored:", err)
	} else if kept != "" {
		fmt.Fprintln(os.Stderr, "readyroom: backup restored; the database it replaced is kept as", kept)
	}
	return restart()
}

// wailsRun runs a window once its libraries are loaded (windowLibs waits
// for them).
func wailsRun(facade *app.App, dataDir string, windowLibs func() error) error {
	if err := windowLibs(); err != nil {
		return err
	}
	sum := sha256.Sum256([]byte(dataDir))
	// The window's context: set when the page is ready, read when a second
	// instance asks to raise the window (another goroutine).
	var appCtx atomic.Pointer[context.Context]
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
		OnStartup: func(ctx context.Context) { // a closure: Wails binds no method of it
			go keepSignalsOnStack(ctx)
			facade.Startup(ctx)
		},
		OnDomReady:     func(ctx context.Context) { appCtx.Store(&ctx) },
		Bind:           app.Services(facade),
		ErrorFormatter: app.FormatError,
		SingleInstanceLock: &options.SingleInstanceLock{
			UniqueId: "readyroom." + hex.EncodeToString(sum[:8]),
			OnSecondInstanceLaunch: func(options.SecondInstanceData) {
				if ctx := appCtx.Load(); ctx != nil {
					runtime.WindowUnminimise(*ctx)
					runtime.Show(*ctx)
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

// wailsShell is the window as the app reaches it (app.Shell): Wails'
// runtime, wired here so that only main imports Wails.
type wailsShell struct{}

func (wailsShell) Emit(ctx context.Context, event string, data ...any) {
	runtime.EventsEmit(ctx, event, data...)
}

func (wailsShell) SaveFile(ctx context.Context, d app.SaveDialog) (string, error) {
	return runtime.SaveFileDialog(ctx, runtime.SaveDialogOptions{
		Title: d.Title, DefaultFilename: d.DefaultFilename,
		Filters: []runtime.FileFilter{{DisplayName: d.FilterName, Pattern: d.Pattern}},
	})
}

func (wailsShell) OpenFile(ctx context.Context, d app.SaveDialog) (string, error) {
	return runtime.OpenFileDialog(ctx, runtime.OpenDialogOptions{
		Title: d.Title, Filters: []runtime.FileFilter{{DisplayName: d.FilterName, Pattern: d.Pattern}},
	})
}

func (wailsShell) OpenURL(ctx context.Context, url string) { runtime.BrowserOpenURL(ctx, url) }

func (wailsShell) Quit(ctx context.Context) { runtime.Quit(ctx) }

// notifications connects to the desktop's notification service once per
// window; clicking a notification opens what it is about (EventOpen).
var notifications struct {
	once sync.Once
	err  error
}

func (wailsShell) Notify(ctx context.Context, n app.Notification) error {
	notifications.once.Do(func() {
		if notifications.err = runtime.InitializeNotifications(ctx); notifications.err != nil {
			return
		}
		runtime.OnNotificationResponse(ctx, func(r runtime.NotificationResult) {
			if r.Error != nil {
				return
			}
			record, _ := r.Response.UserInfo["record"].(string)
			section, _ := r.Response.UserInfo["section"].(string)
			runtime.WindowUnminimise(ctx)
			runtime.Show(ctx)
			runtime.EventsEmit(ctx, app.EventOpen, record, section)
		})
	})
	if notifications.err != nil {
		return fmt.Errorf("no notification service: %w", notifications.err)
	}
	return runtime.SendNotification(ctx, runtime.NotificationOptions{ID: n.ID, Title: n.Title, Body: n.Body,
		Data: map[string]any{"record": n.Record, "section": n.Section}})
}
