package store

import "errors"

var (
	// ErrLocked is returned when another process holds the database open.
	ErrLocked = errors.New("in use by another Ready Room")
	// ErrSchemaTooNew is returned for a database written by a newer Ready Room.
	ErrSchemaTooNew = errors.New("database was written by a newer version of Ready Room")
	// ErrCorrupt is returned when the database file cannot be read as a database.
	ErrCorrupt = errors.New("database file is damaged")
	// ErrDiskFull is returned when a write fails for lack of space; nothing was changed.
	ErrDiskFull = errors.New("the disk is full")
	// ErrNotDir is returned when the data directory path names a file.
	ErrNotDir = errors.New("data directory is a file, not a folder")
	// ErrTooManyHeld is returned when a peer's page would hold back more
	// changes stamped in the future than the store keeps; nothing is stored.
	ErrTooManyHeld = errors.New("too many changes held back")
	// ErrNotWritable is returned when the data directory cannot be written.
	ErrNotWritable = errors.New("data directory is not writable")
	// ErrNotDatabase is returned for a file that is not a Ready Room
	// database (another program's, or not a database at all); it is left
	// as it is and never initialised over.
	ErrNotDatabase = errors.New("not a Ready Room database")
	// ErrNoDatabase is returned when a read-only open finds no database in
	// the data directory; nothing was created.
	ErrNoDatabase = errors.New("no Ready Room database here yet")
	// ErrNeedsWrite is returned when a read-only open finds a database that
	// must be migrated or repaired first; opening it for writing does that.
	ErrNeedsWrite = errors.New("the database must be updated before it can be read")
)
