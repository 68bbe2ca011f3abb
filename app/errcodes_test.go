package app

import (
	"encoding/json"
	"fmt"
	"testing"

	"readyroom/app/lan"
	"readyroom/app/store"
	"readyroom/readiness"
)

// Errors cross to the window with a stable code beside the message, found
// through wrapping, so the window acts on the kind and not the wording.
func TestErrorsCarryACode(t *testing.T) {
	for _, c := range []struct {
		err  error
		code string
	}{
		{fmt.Errorf("the data directory x is %w", store.ErrLocked), CodeLocked},
		{fmt.Errorf("x: %w: truncated", store.ErrCorrupt), CodeCorrupt},
		{fmt.Errorf("joining: %w", lan.ErrInviteRefused), CodeInviteRefused},
		{fmt.Errorf("record X: %w", readiness.ErrNotFound), CodeNotFound},
		{readiness.Var("title", "", "required"), CodeValidation},
		{fmt.Errorf("x is in the data directory: %w", ErrUnsafeOutput), CodeUnsafeOutput},
		{fmt.Errorf("plain"), ""},
	} {
		var out struct {
			Message string `json:"message"`
			Code    string `json:"code"`
		}
		if err := json.Unmarshal([]byte(FormatError(c.err).(string)), &out); err != nil {
			t.Fatal(err)
		}
		if out.Code != c.code || out.Message != c.err.Error() {
			t.Errorf("%v: code %q message %q, want %q", c.err, out.Code, out.Message, c.code)
		}
	}
}
