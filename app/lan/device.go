package lan

import (
	"crypto/sha256"
	"encoding/base32"
	"fmt"
	"strings"
)

// DeviceID names an install: the SHA-256 of its certificate. It is shown
// as 52 base32 characters in groups of four (ABCD-EFGH-...), and in short
// as its first 16 hex digits. It is never announced on the LAN (see
// announce.go).
type DeviceID [32]byte

var b32 = base32.StdEncoding.WithPadding(base32.NoPadding)

// DeviceIDOf is the device id of a DER-encoded certificate.
func DeviceIDOf(certDER []byte) DeviceID { return sha256.Sum256(certDER) }

// String is the readable grouped form.
func (d DeviceID) String() string { return inGroups(b32.EncodeToString(d[:]), 4) }

// inGroups writes s in dash-separated groups of n characters, the way ids
// and codes are read out (ABCD-EFGH-IJ).
func inGroups(s string, n int) string {
	var b strings.Builder
	for i := 0; i < len(s); i += n {
		if i > 0 {
			b.WriteByte('-')
		}
		b.WriteString(s[i:min(i+n, len(s))])
	}
	return b.String()
}

// Short is the first 16 hex digits: how teammates' lists abbreviate the id.
// (A Ready Room older than the announce tokens announced it on the LAN.)
func (d DeviceID) Short() string { return fmt.Sprintf("%x", d[:8]) }

// ParseDeviceID accepts the grouped form in either case, with or without
// dashes and spaces.
func ParseDeviceID(s string) (DeviceID, error) {
	var d DeviceID
	clean := strings.ToUpper(strings.NewReplacer("-", "", " ", "").Replace(strings.TrimSpace(s)))
	if len(clean) != 52 {
		return d, fmt.Errorf("device id %q is not 52 base32 characters", s)
	}
	b, err := b32.DecodeString(clean)
	if err != nil || len(b) != 32 {
		return d, fmt.Errorf("device id %q is not base32", s)
	}
	copy(d[:], b)
	return d, nil
}

// MarshalText writes the grouped form.
func (d DeviceID) MarshalText() ([]byte, error) { return []byte(d.String()), nil }

// UnmarshalText reads any accepted spelling.
func (d *DeviceID) UnmarshalText(b []byte) error {
	v, err := ParseDeviceID(string(b))
	if err != nil {
		return err
	}
	*d = v
	return nil
}

// IsZero reports whether the id is unset.
func (d DeviceID) IsZero() bool { return d == DeviceID{} }
