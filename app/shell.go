package app

import "context"

// Shell is the desktop window as the app reaches it: Wails' runtime behind
// one seam, which main wires (main is the only package that imports Wails).
// Every call is given the window's context; tests pass nil or a fake.
type Shell interface {
	// Emit sends an event to the window (events.go names them).
	Emit(ctx context.Context, event string, data ...any)
	// SaveFile asks where to save a file (a native dialog); "" when cancelled.
	SaveFile(ctx context.Context, d SaveDialog) (string, error)
	// OpenFile asks which file to open (a native dialog); "" when cancelled.
	OpenFile(ctx context.Context, d SaveDialog) (string, error)
	// OpenURL opens a URL (a file:// one too) in the desktop's default application.
	OpenURL(ctx context.Context, url string)
	// Quit closes the window.
	Quit(ctx context.Context)
	// Notify shows a desktop notification (the operating system's); an
	// error when there is no notification service.
	Notify(ctx context.Context, n Notification) error
}

// SaveDialog describes a native save dialog.
type SaveDialog struct {
	Title           string
	DefaultFilename string
	FilterName      string // "PDF (*.pdf)"
	Pattern         string // "*.pdf"
}
