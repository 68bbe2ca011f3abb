// Package readiness is Ready Room's domain: readiness records, the Gold and
// Silver templates they are made from, the status key and RAG rules, the tier
// questionnaire, validation, and the change log that every record is folded
// from.
//
// A record is never edited in place. Every edit is a Change to one path of one
// record (see change.go for the path grammar), stamped with a hybrid logical
// clock and the replica that made it. The stored record is the fold of its
// changes (Doc). The same log gives the history panel, undo, and — later —
// lossless LAN sync: the value of a path is the set of its head changes, and
// several heads are a visible conflict, never a silent loss.
//
// The package imports only the standard library and validator; it does no I/O.
package readiness
