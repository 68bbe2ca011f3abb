package reports

import "errors"

var (
	// ErrNoRecord is returned when a report is asked of a nil record.
	ErrNoRecord = errors.New("no record to render")
	// ErrNoTime is returned when PackOptions.Now is zero: reports never read
	// the clock, so that the same inputs give the same bytes.
	ErrNoTime = errors.New("PackOptions.Now is required (reports never read the clock)")
)
