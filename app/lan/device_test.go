package lan

import (
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
