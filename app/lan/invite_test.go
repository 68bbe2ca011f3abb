package lan

import (
	"math"
	"testing"
	"time"
)

// scanRate is how many invite ids a second one connection tried in the
// campaign of issue 11 (before joins were rate-limited).
const scanRate = 3455

// The invite id is public (it names the invite for counting wrong tries):
// scanning every id at the measured rate must take far longer than an
// invite lives, and the rest of the code must hold at least 50 secret bits.
func TestInviteIDSpaceOutlastsAScan(t *testing.T) {
	idBits, secretBits := 5*inviteIDLen, 5*(inviteLen-inviteIDLen)
	scan := time.Duration(math.Exp2(float64(idBits)) / scanRate * float64(time.Second))
	if scan < 100*InviteTTL {
		t.Errorf("%d-bit ids: a scan at %d a second covers them all in %v, in reach of an invite's %v", idBits, scanRate, scan.Round(time.Second), InviteTTL)
	}
	if secretBits < 50 {
		t.Errorf("%d secret bits, want at least 50", secretBits)
	}
	code, err := NewInviteCode()
	if err != nil {
		t.Fatal(err)
	}
	if len(code) != inviteLen || len(code.ID()) != inviteIDLen {
		t.Fatalf("code %s: %d characters, id %q", code, len(code), code.ID())
	}
	if p, err := ParseInviteCode(code.String()); err != nil || p != code {
		t.Fatalf("the grouped code %s reads back as %q, %v", code.String(), p, err)
	}
}
