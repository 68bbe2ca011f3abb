package app

import (
	"context"
	"errors"
	"fmt"
	"log"
	"os"
	"sync"
	"time"

	"readyroom/app/store"
)

// Ready Room runs on a data directory in three ways — the window, the
// headless `readyroom peer`, and command-line commands that open the
// database themselves — and they are all put together here, the one
// composition root: the store, the records service, and, as the way of
// running asks, the network, the control socket and the daily backup.

// Options choose what an Instance runs besides the store and the records.
type Options struct {
	// ReadOnly opens the database for reading only (commands that read);
	// one that must first be migrated or repaired is opened for writing
	// then, and Report says so.
	ReadOnly bool
	// Network joins the LAN (discovery, pairing, sync) with these options.
	Network *NetworkOptions
	// Control serves the control socket, so that command-line calls on the
	// data directory reach this instance.
	Control bool
	// Backups takes the daily backup: AutoBackupDelay after opening, then
	// every hour (it is taken when the last one is a day old).
	Backups bool
	// Report is told, in words, of anything opening rebuilt or noticed;
	// stderr when nil.
	Report func(string)
	// Logger receives the network's diagnostics; stderr when nil.
	Logger *log.Logger
	// Now is the wall clock (tests); time.Now when nil.
	Now func() time.Time
}

// Instance is Ready Room open on a data directory.
type Instance struct {
	Dir     string
	DB      *store.DB
	Records *Records
	// Network is nil unless Options.Network asked for it.
	Network *Network

	mu     sync.Mutex
	closer []func()
}

// Open opens a data directory and starts what the options ask for. On an
// error nothing stays open.
func Open(dir string, opt Options) (in *Instance, err error) {
	report := opt.Report
	if report == nil {
		report = func(s string) { fmt.Fprintln(os.Stderr, "readyroom:", s) }
	}
	sopt := store.Options{ReadOnly: opt.ReadOnly, Report: report}
	db, err := store.Open(dir, sopt)
	if opt.ReadOnly && errors.Is(err, store.ErrNeedsWrite) {
		sopt.ReadOnly = false
		db, err = store.Open(dir, sopt)
	}
	if err != nil {
		return nil, err
	}
	in = &Instance{Dir: dir, DB: db}
	in.onClose(func() { db.Close() })
	defer func() {
		if err != nil {
			in.Close()
			in = nil
		}
	}()
	if in.Records, err = NewRecords(db, opt.Now); err != nil {
		return nil, err
	}
	in.onClose(in.Records.Close)
	if opt.Network != nil {
		if in.Network, err = NewNetwork(in.Records, dir, opt.Logger); err != nil {
			return nil, err
		}
		in.onClose(in.Network.Close)
		nopt := *opt.Network
		if nopt.Logger == nil {
			nopt.Logger = opt.Logger
		}
		if err = in.Network.Start(nopt); err != nil {
			return nil, err
		}
	}
	if opt.Control {
		ctx, cancel := context.WithCancel(context.Background())
		stop, err := ServeControl(ctx, dir, in.Local())
		if err != nil {
			cancel()
			return nil, err
		}
		in.onClose(func() { cancel(); stop() })
	}
	if opt.Backups {
		in.onClose(scheduleBackups(db, opt.Logger))
	}
	return in, nil
}

// Local is the instance as the control socket serves it.
func (in *Instance) Local() Local { return Local{Records: in.Records, Network: in.Network} }

func (in *Instance) onClose(fn func()) {
	in.mu.Lock()
	in.closer = append(in.closer, fn)
	in.mu.Unlock()
}

// Close stops everything the instance started, last started first.
func (in *Instance) Close() {
	in.mu.Lock()
	fns := in.closer
	in.closer = nil
	in.mu.Unlock()
	for i := len(fns) - 1; i >= 0; i-- {
		fns[i]()
	}
}

// BackupCheckEvery is how often a running instance checks whether the
// daily backup is due.
const BackupCheckEvery = time.Hour

// scheduleBackups takes the daily backup AutoBackupDelay after start and
// checks again every BackupCheckEvery; the returned function stops it.
func scheduleBackups(db *store.DB, logger *log.Logger) func() {
	done := make(chan struct{})
	var wg sync.WaitGroup
	wg.Add(1)
	go func() {
		defer wg.Done()
		t := time.NewTimer(AutoBackupDelay)
		defer t.Stop()
		for {
			select {
			case <-done:
				return
			case <-t.C:
				AutoBackup(db, logger)
				t.Reset(BackupCheckEvery)
			}
		}
	}()
	return func() {
		close(done)
		wg.Wait()
	}
}

// ErrLocked is returned by Open when another Ready Room holds the data
// directory (the window then leaves the answer to the one running).
var ErrLocked = store.ErrLocked
