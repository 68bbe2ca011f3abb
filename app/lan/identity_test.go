package lan

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestDeviceIDSpellings(t *testing.T) {
	id := DeviceIDOf([]byte("certificate"))
	grouped := id.String()
	if len(grouped) != 52+12 || strings.Count(grouped, "-") != 12 {
		t.Fatalf("grouped form %q", grouped)
	}
	cases := []struct {
		in string
		ok bool
	}{
		{grouped, true},
		{strings.ToLower(grouped), true},
		{strings.ReplaceAll(grouped, "-", ""), true},
		{strings.ReplaceAll(grouped, "-", " "), true},
		{" " + grouped + " ", true},
		{grouped[:len(grouped)-1], false},
		{strings.Replace(grouped, grouped[:1], "1", 1), false}, // 1 is not base32
		{"", false},
	}
	for _, c := range cases {
		got, err := ParseDeviceID(c.in)
		if c.ok && (err != nil || got != id) {
			t.Errorf("ParseDeviceID(%q) = %v, %v; want %v", c.in, got, err, id)
		}
		if !c.ok && err == nil {
			t.Errorf("ParseDeviceID(%q) accepted", c.in)
		}
	}
	var back DeviceID
	if text, _ := id.MarshalText(); back.UnmarshalText(text) != nil || back != id {
		t.Fatal("text round trip")
	}
	if len(id.Short()) != 16 {
		t.Fatalf("short id %q", id.Short())
	}
}

func TestIdentityIsMadeOnceAndKeptPrivate(t *testing.T) {
	dir := t.TempDir()
	a, err := LoadOrCreateIdentity(dir)
	if err != nil {
		t.Fatal(err)
	}
	fi, err := os.Stat(filepath.Join(dir, keyFile))
	if err != nil || fi.Mode().Perm() != 0o600 {
		t.Fatalf("key file mode %v, %v", fi.Mode().Perm(), err)
	}
	b, err := LoadOrCreateIdentity(dir)
	if err != nil || b.ID != a.ID {
		t.Fatalf("identity changed on reload: %v %v", b.ID, err)
	}
	other, _ := LoadOrCreateIdentity(t.TempDir())
	if other.ID == a.ID {
		t.Fatal("two installs share a device id")
	}
	os.Chmod(filepath.Join(dir, keyFile), 0o644)
	if _, err := LoadOrCreateIdentity(dir); err == nil || !strings.Contains(err.Error(), "readable by others") {
		t.Fatalf("a key readable by others was accepted: %v", err)
	}
}
