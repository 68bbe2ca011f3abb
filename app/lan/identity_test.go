package lan

import (
	"bytes"
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/sha256"
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/pem"
	"errors"
	"fmt"
	"math/big"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"readyroom/app/store"
)

// identityDir is a data directory with a real database, as the app has.
func identityDir(t *testing.T) (string, KV) {
	t.Helper()
	dir := t.TempDir()
	db, err := store.Open(dir, store.Options{NoSync: true})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	return dir, db.Peering()
}

func loadIdentity(t *testing.T, dir string, state KV) Identity {
	t.Helper()
	id, err := LoadOrCreateIdentity(dir, state)
	if err != nil {
		t.Fatal(err)
	}
	return id
}

func TestIdentityIsMadeOnceAndKeptPrivate(t *testing.T) {
	dir, state := identityDir(t)
	a := loadIdentity(t, dir, state)
	fi, err := os.Stat(filepath.Join(dir, keyFile))
	if err != nil || fi.Mode().Perm() != 0o600 {
		t.Fatalf("key file mode %v, %v", fi.Mode().Perm(), err)
	}
	if b := loadIdentity(t, dir, state); b.ID != a.ID {
		t.Fatalf("identity changed on reload: %v", b.ID)
	}
	if other := newIdentity(t); other.ID == a.ID {
		t.Fatal("two installs share a device id")
	}
	os.Chmod(filepath.Join(dir, keyFile), 0o644)
	if _, err := LoadOrCreateIdentity(dir, state); err == nil || !strings.Contains(err.Error(), "readable by others") {
		t.Fatalf("a key readable by others was accepted: %v", err)
	}
}

// newIdentity is a new install's identity.
func newIdentity(t *testing.T) Identity {
	t.Helper()
	dir, state := identityDir(t)
	return loadIdentity(t, dir, state)
}

// A lost device-cert.pem is made again from the key, byte for byte: the
// device id teammates pinned survives.
func TestIdentityMissingCertificateIsMadeAgain(t *testing.T) {
	dir, state := identityDir(t)
	a := loadIdentity(t, dir, state)
	certPath := filepath.Join(dir, certFile)
	before, _ := os.ReadFile(certPath)
	keyBefore, _ := os.ReadFile(filepath.Join(dir, keyFile))
	os.Remove(certPath)
	b := loadIdentity(t, dir, state)
	if b.ID != a.ID {
		t.Fatalf("device id %s became %s when device-cert.pem went missing", a.ID, b.ID)
	}
	after, _ := os.ReadFile(certPath)
	keyAfter, _ := os.ReadFile(filepath.Join(dir, keyFile))
	if !bytes.Equal(before, after) || !bytes.Equal(keyBefore, keyAfter) {
		t.Fatal("the certificate made again differs, or the key was rewritten")
	}
}

// oldInstall writes an identity as Ready Room made them before: a random
// serial and the time of install in the certificate, which the key alone
// cannot give back.
func oldInstall(t *testing.T, dir string) DeviceID {
	t.Helper()
	key, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	serial, _ := rand.Int(rand.Reader, new(big.Int).Lsh(big.NewInt(1), 120))
	tmpl := &x509.Certificate{SerialNumber: serial, Subject: pkix.Name{CommonName: "readyroom"},
		NotBefore: time.Now().Add(-time.Hour), NotAfter: time.Now().AddDate(20, 0, 0),
		KeyUsage: x509.KeyUsageDigitalSignature, ExtKeyUsage: []x509.ExtKeyUsage{x509.ExtKeyUsageServerAuth, x509.ExtKeyUsageClientAuth}}
	der, err := x509.CreateCertificate(rand.Reader, tmpl, tmpl, &key.PublicKey, key)
	if err != nil {
		t.Fatal(err)
	}
	keyDER, _ := x509.MarshalECPrivateKey(key)
	os.WriteFile(filepath.Join(dir, keyFile), pem.EncodeToMemory(&pem.Block{Type: "EC PRIVATE KEY", Bytes: keyDER}), 0o600)
	os.WriteFile(filepath.Join(dir, certFile), pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: der}), 0o644)
	return DeviceIDOf(der)
}

// An install made by an older Ready Room cannot have its certificate made
// again from the key; the copy the database keeps from the first start of
// this one brings it back.
func TestIdentityOlderCertificateIsRestoredFromTheDatabase(t *testing.T) {
	dir, state := identityDir(t)
	old := oldInstall(t, dir)
	if a := loadIdentity(t, dir, state); a.ID != old {
		t.Fatalf("an older install loads as %s, want %s", a.ID, old)
	}
	os.Remove(filepath.Join(dir, certFile))
	if b := loadIdentity(t, dir, state); b.ID != old {
		t.Fatalf("device id %s became %s when device-cert.pem went missing", old, b.ID)
	}
	if b := loadIdentity(t, dir, state); b.ID != old {
		t.Fatalf("device id %s is %s once restored", old, b.ID)
	}
}

// identityFiles describes what is at the key and certificate paths (kind,
// mode, link target, bytes), to tell that a refusal changed nothing.
func identityFiles(t *testing.T, dir string) string {
	t.Helper()
	var b strings.Builder
	for _, name := range []string{keyFile, certFile} {
		p := filepath.Join(dir, name)
		fi, err := os.Lstat(p)
		if err != nil {
			fmt.Fprintf(&b, "%s: %v\n", name, err)
			continue
		}
		target, _ := os.Readlink(p)
		data, _ := os.ReadFile(p)
		fmt.Fprintf(&b, "%s: %v %q %x\n", name, fi.Mode(), target, sha256.Sum256(data))
	}
	return b.String()
}

// Every damaged pair is refused in words that say what is wrong, and
// nothing is written: no key is ever overwritten, no device id replaced.
func TestIdentityDamagedIsRefusedAndKeptAsItIs(t *testing.T) {
	move := func(dir, from, to string) {
		if err := os.Rename(filepath.Join(dir, from), filepath.Join(dir, to)); err != nil {
			t.Fatal(err)
		}
	}
	tests := []struct {
		name string
		// setup breaks the identity in dir (state already knows it unless
		// fresh says otherwise) and returns what the message must say.
		setup func(t *testing.T, dir string, id DeviceID) []string
		fresh bool // an older install never started by this code
		root  bool // runs as root too
	}{
		{name: "certificate missing, older install, no copy kept", fresh: true, root: true, setup: func(t *testing.T, dir string, _ DeviceID) []string {
			os.Remove(filepath.Join(dir, certFile))
			return []string{"device-cert.pem is missing from " + dir, "restore it from a backup of the data directory", "move device-key.pem aside to start a new identity", "pair again"}
		}},
		{name: "certificate missing, key replaced", root: true, setup: func(t *testing.T, dir string, id DeviceID) []string {
			other := t.TempDir()
			oldInstall(t, other)
			os.Remove(filepath.Join(dir, certFile))
			os.Rename(filepath.Join(other, keyFile), filepath.Join(dir, keyFile))
			return []string{"device-cert.pem is missing", "cannot be made again with the same device id", "teammates know this device as " + id.String(), "move device-key.pem aside"}
		}},
		{name: "key missing", root: true, setup: func(t *testing.T, dir string, id DeviceID) []string {
			move(dir, keyFile, "kept-aside.pem")
			return []string{"device-key.pem is missing from " + dir, "teammates know this device as " + id.String(), "restore it from a backup", "move device-cert.pem aside"}
		}},
		{name: "key of another device", root: true, setup: func(t *testing.T, dir string, id DeviceID) []string {
			other := t.TempDir()
			oldInstall(t, other)
			os.Rename(filepath.Join(other, keyFile), filepath.Join(dir, keyFile))
			return []string{"do not belong together", id.String(), "restore both from one backup"}
		}},
		{name: "key is a directory", root: true, setup: func(t *testing.T, dir string, _ DeviceID) []string {
			move(dir, keyFile, "kept-aside.pem")
			os.Mkdir(filepath.Join(dir, keyFile), 0o700)
			return []string{"device-key.pem is a directory, not a file"}
		}},
		{name: "key is a directory, no certificate either", root: true, setup: func(t *testing.T, dir string, _ DeviceID) []string {
			move(dir, keyFile, "kept-aside.pem")
			move(dir, certFile, "cert-aside.pem")
			os.Mkdir(filepath.Join(dir, keyFile), 0o755)
			return []string{"device-key.pem is a directory, not a file"}
		}},
		{name: "key is a link to nothing, no certificate", root: true, setup: func(t *testing.T, dir string, _ DeviceID) []string {
			move(dir, keyFile, "kept-aside.pem")
			move(dir, certFile, "cert-aside.pem")
			os.Symlink(filepath.Join(dir, "unmounted", keyFile), filepath.Join(dir, keyFile))
			return []string{"device-key.pem is a link to a file that cannot be read"}
		}},
		{name: "key unreadable", setup: func(t *testing.T, dir string, _ DeviceID) []string {
			os.Chmod(filepath.Join(dir, keyFile), 0o000)
			return []string{"device-key.pem cannot be read", "permission denied"}
		}},
		{name: "key is a link loop", root: true, setup: func(t *testing.T, dir string, _ DeviceID) []string {
			move(dir, keyFile, "kept-aside.pem")
			os.Symlink(keyFile, filepath.Join(dir, keyFile))
			return []string{"device-key.pem is a link to a file that cannot be read"}
		}},
		{name: "key is not a key", root: true, setup: func(t *testing.T, dir string, _ DeviceID) []string {
			os.WriteFile(filepath.Join(dir, keyFile), []byte("not a key\n"), 0o600)
			return []string{"device-key.pem is not a private key", "restore it from a backup"}
		}},
		{name: "key readable by others", root: true, setup: func(t *testing.T, dir string, _ DeviceID) []string {
			os.Chmod(filepath.Join(dir, keyFile), 0o644)
			return []string{"readable by others", "chmod 600"}
		}},
		{name: "certificate damaged", root: true, setup: func(t *testing.T, dir string, id DeviceID) []string {
			os.WriteFile(filepath.Join(dir, certFile), []byte("-----BEGIN CERTIFICATE-----\nAAAA\n-----END CERTIFICATE-----\n"), 0o644)
			return []string{"device-cert.pem is damaged", "move it aside: Ready Room will then restore it from the copy in its database", id.String()}
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if !tt.root && os.Geteuid() == 0 {
				t.Skip("root reads any file")
			}
			dir, state := identityDir(t)
			var id DeviceID
			if tt.fresh {
				id = oldInstall(t, dir)
			} else {
				id = loadIdentity(t, dir, state).ID
			}
			copyBefore, _ := state.Get(keyCert)
			want := tt.setup(t, dir, id)
			before := identityFiles(t, dir)
			got, err := LoadOrCreateIdentity(dir, state)
			if err == nil {
				t.Fatalf("accepted, as device %s (was %s)", got.ID, id)
			}
			for _, w := range want {
				if !strings.Contains(err.Error(), w) {
					t.Errorf("the refusal does not say %q:\n%v", w, err)
				}
			}
			if after := identityFiles(t, dir); after != before {
				t.Errorf("files changed by a refusal:\nbefore %s\nafter  %s", before, after)
			}
			if copyAfter, _ := state.Get(keyCert); !bytes.Equal(copyBefore, copyAfter) {
				t.Error("the copy of the certificate in the database changed")
			}
		})
	}
}

// Nothing in a new install's certificate tells when it was set up: its
// validity is fixed (it is shown to anyone who connects).
func TestIdentityCertificateTimesAreFixed(t *testing.T) {
	for range 2 {
		id := newIdentity(t)
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
	id := newIdentity(t)
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
	other := newIdentity(t)
	otherLeaf, _ := x509.ParseCertificate(other.Cert.Certificate[0])
	if otherLeaf.SerialNumber.Cmp(leaf.SerialNumber) == 0 || leaf.SerialNumber.Sign() <= 0 {
		t.Fatalf("serials %v and %v: want positive and one per key", leaf.SerialNumber, otherLeaf.SerialNumber)
	}
}

// A data directory open for reading only: the identity is read as it is,
// and nothing is written, neither a file nor the copy in the database.
func TestIdentityReadOnlyWritesNothing(t *testing.T) {
	// readOnly makes a database in a new folder, lets setup put identity
	// files there, and opens the database again for reading only.
	readOnly := func(t *testing.T, setup func(dir string)) (string, KV) {
		t.Helper()
		dir := t.TempDir()
		db, err := store.Open(dir, store.Options{NoSync: true})
		if err != nil {
			t.Fatal(err)
		}
		db.Close()
		setup(dir)
		if db, err = store.Open(dir, store.Options{ReadOnly: true}); err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { db.Close() })
		return dir, db.Peering()
	}

	dir, state := readOnly(t, func(string) {})
	if _, err := LoadIdentity(dir, state); !errors.Is(err, ErrNoIdentity) {
		t.Fatalf("no identity yet: %v", err)
	}
	for _, f := range []string{keyFile, certFile} {
		if _, err := os.Lstat(filepath.Join(dir, f)); err == nil {
			t.Fatalf("%s was made", f)
		}
	}

	var old DeviceID
	dir, state = readOnly(t, func(dir string) { old = oldInstall(t, dir) })
	if id, err := LoadIdentity(dir, state); err != nil || id.ID != old {
		t.Fatalf("an older install, read only: %v, %v", id.ID, err)
	}
	if b, _ := state.Get(keyCert); b != nil {
		t.Fatal("the copy was written")
	}

	// A certificate the next start will restore is not restored by a reader.
	dir, state = identityDir(t)
	loadIdentity(t, dir, state)
	os.Remove(filepath.Join(dir, certFile))
	before := identityFiles(t, dir)
	if _, err := LoadIdentity(dir, state); !errors.Is(err, ErrIdentity) || !strings.Contains(err.Error(), "restores it when it next starts") {
		t.Fatalf("a certificate to restore, read only: %v", err)
	}
	if after := identityFiles(t, dir); after != before {
		t.Fatalf("files changed:\n%s\n%s", before, after)
	}
}
