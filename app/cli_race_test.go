//go:build race

package app

// raceEnabled reports whether the race detector is on (`make test` runs
// it): every step of the crash test runs ten to twenty times slower.
const raceEnabled = true
