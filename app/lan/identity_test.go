package lan

import (
	"bytes"
	"crypto/ecdsa"
	"crypto/x509"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
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

// Nothing in a new install's certificate tells when it was set up: its
// validity is fixed (it is shown to anyone who connects).
func TestIdentityCertificateTimesAreFixed(t *testing.T) {
	for range 2 {
		id, err := LoadOrCreateIdentity(t.TempDir())
		if err != nil {
			t.Fatal(err)
		}
		leaf, err := x509.ParseCertificate(id.Cert.Certificate[0])
		if err != nil {
			t.Fatal(err)
		}
		from, until := time.Date(2000, 1, 1, 0, 0, 0, 0, time.UTC), time.Date(9999, 12, 31, 23, 59, 59, 0, time.UTC)
		if !leaf.NotBefore.Equal(from) || !leaf.NotAfter.Equal(until) {
			t.Fatalf("certificate valid from %v until %v, want %v until %v", leaf.NotBefore, leaf.NotAfter, from, until)
		}
	}
}

// The certificate is made from the key alone, byte for byte: a lost one is
// made again with the same device id.
func TestCertificateFromKeyIsDeterministic(t *testing.T) {
	id, err := LoadOrCreateIdentity(t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	key := id.Cert.PrivateKey.(*ecdsa.PrivateKey)
	a, err := certFromKey(key)
	if err != nil {
		t.Fatal(err)
	}
	b, err := certFromKey(key)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(a, b) || !bytes.Equal(a, id.Cert.Certificate[0]) {
		t.Fatal("two certificates made from one key differ")
	}
	leaf, err := x509.ParseCertificate(a)
	if err != nil {
		t.Fatal(err)
	}
	if err := leaf.CheckSignature(leaf.SignatureAlgorithm, leaf.RawTBSCertificate, leaf.Signature); err != nil {
		t.Fatalf("the certificate's signature does not verify: %v", err)
	}
	other, err := LoadOrCreateIdentity(t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	otherLeaf, _ := x509.ParseCertificate(other.Cert.Certificate[0])
	if otherLeaf.SerialNumber.Cmp(leaf.SerialNumber) == 0 || leaf.SerialNumber.Sign() <= 0 {
		t.Fatalf("serials %v and %v: want positive and one per key", leaf.SerialNumber, otherLeaf.SerialNumber)
	}
}
