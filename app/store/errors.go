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
)
