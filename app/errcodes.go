package app

import (
	"errors"

	"readyroom/app/lan"
	"readyroom/app/store"
	"readyroom/readiness"
	"readyroom/templatefmt"
)

// Error codes: a stable word for each kind of failure, sent beside the
// message (FormatError) so the window can act on the kind, not on Go's
// wording. The frontend's list is frontend/src/api/errors.ts (ErrorCode).
const (
	CodeValidation      = "validation"
	CodeNotFound        = "not-found"
	CodeLocked          = "locked"
	CodeCorrupt         = "corrupt"
	CodeNotDatabase     = "not-database"
	CodeSchemaTooNew    = "schema-too-new"
	CodeDiskFull        = "disk-full"
	CodeNotWritable     = "not-writable"
	CodeNothingToUndo   = "nothing-to-undo"
	CodeInviteRefused   = "invite-refused"
	CodeInviteFormat    = "invite-format"
	CodeUnreachable     = "unreachable"
	CodePinMismatch     = "pin-mismatch"
	CodeRemoved         = "removed"
	CodeNotMember       = "not-member"
	CodeIdentity        = "identity"
	CodeUnsafeOutput    = "unsafe-output"
	CodeNoNetwork       = "no-network"
	CodeInvalidInput    = "invalid-input"
	CodeUnknownTemplate = "unknown-template"
	CodeTemplateFile    = "template-file"
	CodeUnavailable     = "unavailable"
)

// ErrUnavailable is what every service says while the window runs without
// data (the database could not be opened and the window explains why).
var ErrUnavailable = errors.New("no data is open")

// codes maps the sentinel errors to their codes, most specific first.
var codes = []struct {
	err  error
	code string
}{
	{ErrUnavailable, CodeUnavailable},
	{store.ErrLocked, CodeLocked},
	{store.ErrCorrupt, CodeCorrupt},
	{store.ErrNotDatabase, CodeNotDatabase},
	{store.ErrSchemaTooNew, CodeSchemaTooNew},
	{store.ErrDiskFull, CodeDiskFull},
	{store.ErrNotWritable, CodeNotWritable},
	{readiness.ErrNothingToUndo, CodeNothingToUndo},
	{readiness.ErrUnknownTemplate, CodeUnknownTemplate},
	{readiness.ErrTemplateDigest, CodeTemplateFile},
	{lan.ErrInviteRefused, CodeInviteRefused},
	{lan.ErrInviteFormat, CodeInviteFormat},
	{lan.ErrUnreachable, CodeUnreachable},
	{lan.ErrPinMismatch, CodePinMismatch},
	{lan.ErrRemoved, CodeRemoved},
	{lan.ErrNotFound, CodeNotMember},
	{lan.ErrIdentity, CodeIdentity},
	{ErrUnsafeOutput, CodeUnsafeOutput},
	{errNoNetwork, CodeNoNetwork},
	{ErrInput, CodeInvalidInput},
	{templatefmt.ErrNotATemplate, CodeTemplateFile},
	{templatefmt.ErrMalformed, CodeTemplateFile},
	{templatefmt.ErrTooLarge, CodeTemplateFile},
	{templatefmt.ErrUnsupported, CodeTemplateFile},
	{templatefmt.ErrNewerFormat, CodeTemplateFile},
	{templatefmt.ErrNeedsID, CodeTemplateFile},
	{readiness.ErrNotFound, CodeNotFound},
}

// ErrorCode is the code of an error's kind, "" when none fits.
func ErrorCode(err error) string {
	var ve *readiness.ValidationError
	if errors.As(err, &ve) {
		return CodeValidation
	}
	for _, c := range codes {
		if errors.Is(err, c.err) {
			return c.code
		}
	}
	return ""
}
