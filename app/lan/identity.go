package lan

import (
	"bytes"
	"crypto"
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/sha256"
	"crypto/tls"
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/pem"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"math/big"
	"os"
	"path/filepath"
	"time"
)

// Identity is this install's key and self-signed certificate.
type Identity struct {
	Cert tls.Certificate
	ID   DeviceID
}

// Files in the data directory.
const (
	certFile = "device-cert.pem"
	keyFile  = "device-key.pem"
)

// KV is the part of the LAN state the identity needs (a State has it): a
// copy of the certificate is kept there, under keyCert.
type KV interface {
	Get(key string) ([]byte, error)
	Update(key string, fn func(old []byte) ([]byte, error)) error
}

// LoadOrCreateIdentity reads the install's key and certificate from dir, or
// makes them the first time: an ECDSA P-256 key (written readable by the
// user only) and the certificate made from it (see certFromKey).
//
// An existing key is never overwritten, and the device id never changes
// behind the user's back: teammates pin it. state (the LAN state in the
// database) keeps a copy of the certificate. A missing certificate is made
// again from the key when that gives the id the copy has (an install made
// by this code), or restored from the copy when the copy belongs to the key
// (an older install, whose certificate had a random serial and the time of
// install); otherwise, and for every other damaged pair, nothing is written
// and the error (ErrIdentity) says what is wrong and how to put it right.
// With neither file there, a new identity is made: a first start, or the
// user moved the old pair aside to start afresh.
func LoadOrCreateIdentity(dir string, state KV) (Identity, error) {
	return openIdentity(dir, state, true)
}

// LoadIdentity is LoadOrCreateIdentity for a data directory open for
// reading only: it writes nothing, neither files nor the copy. With neither
// file there it returns ErrNoIdentity; a certificate it would restore is
// refused in words, to be restored by the next start that may write.
func LoadIdentity(dir string, state KV) (Identity, error) { return openIdentity(dir, state, false) }

func openIdentity(dir string, state KV, write bool) (Identity, error) {
	certPath, keyPath := filepath.Join(dir, certFile), filepath.Join(dir, keyFile)
	b, err := state.Get(keyCert)
	if err != nil {
		return Identity{}, fmt.Errorf("reading the copy of the device certificate kept in the database: %w", err)
	}
	saved := pemBytes(b) // nil when none was kept
	haveKey, err := present(keyPath, "key")
	if err != nil {
		return Identity{}, err
	}
	haveCert, err := present(certPath, "certificate")
	if err != nil {
		return Identity{}, err
	}
	switch {
	case !haveKey && !haveCert && !write:
		return Identity{}, fmt.Errorf("%w (%s): it is made when Ready Room first runs with it", ErrNoIdentity, dir)
	case !haveKey && !haveCert:
		return createIdentity(dir, state)
	case !haveKey:
		id := "this device"
		if der, err := readCert(certPath); err == nil {
			id = DeviceIDOf(der).String()
		}
		return Identity{}, fmt.Errorf("%w: %s is missing from %s, and a key cannot be made again (teammates know this device as %s); "+
			"restore it from a backup of the data directory, or move %s aside to start a new identity (teammates will have to pair again)",
			ErrIdentity, keyFile, dir, id, certFile)
	}
	key, err := readKey(keyPath)
	if err != nil {
		return Identity{}, err
	}
	if !haveCert {
		return restoreCert(dir, key, saved, write)
	}
	der, err := readCert(certPath)
	if err != nil {
		hint := "restore it from a backup of the data directory"
		if belongs(saved, key) {
			hint = fmt.Sprintf("move it aside: Ready Room will then restore it from the copy in its database (device %s)", DeviceIDOf(saved))
		}
		return Identity{}, fmt.Errorf("%w: %v; %s", ErrIdentity, err, hint)
	}
	if !belongs(der, key) {
		return Identity{}, fmt.Errorf("%w: %s and %s in %s do not belong together (the certificate, device %s, is for another key); "+
			"restore both from one backup of the data directory; nothing was changed", ErrIdentity, keyFile, certFile, dir, DeviceIDOf(der))
	}
	if write && !bytes.Equal(saved, der) {
		// The first start of this code, or a pair restored by hand.
		if err := state.Update(keyCert, func([]byte) ([]byte, error) { return certPEM(der), nil }); err != nil {
			return Identity{}, fmt.Errorf("keeping a copy of the device certificate in the database: %w", err)
		}
	}
	return identityOf(der, key), nil
}

// restoreCert writes a missing certificate again: made from the key when
// that gives the device id of the copy kept in the database (saved, DER),
// or the copy itself when it belongs to the key. Otherwise, or when it may
// not write, it refuses.
func restoreCert(dir string, key *ecdsa.PrivateKey, saved []byte, write bool) (Identity, error) {
	certPath := filepath.Join(dir, certFile)
	der, err := certFromKey(key)
	if err != nil {
		return Identity{}, err
	}
	switch {
	case saved == nil:
		return Identity{}, fmt.Errorf("%w: %s is missing from %s, and the database keeps no copy of it to tell the device id teammates know; "+
			"restore it from a backup of the data directory, or move %s aside to start a new identity (teammates will have to pair again)",
			ErrIdentity, certFile, dir, keyFile)
	case DeviceIDOf(der) == DeviceIDOf(saved):
	case belongs(saved, key):
		der = saved
	default:
		return Identity{}, fmt.Errorf("%w: %s is missing from %s and cannot be made again with the same device id (teammates know this device as %s); "+
			"restore it from a backup of the data directory, or move %s aside to start a new identity (teammates will have to pair again)",
			ErrIdentity, certFile, dir, DeviceIDOf(saved), keyFile)
	}
	if !write {
		return Identity{}, fmt.Errorf("%w: %s is missing from %s; Ready Room restores it when it next starts with the folder open for writing (the window, or readyroom peer)",
			ErrIdentity, certFile, dir)
	}
	if err := writeFile(certPath, certPEM(der), 0o644); err != nil {
		return Identity{}, err
	}
	return identityOf(der, key), nil
}

// createIdentity makes a new key and its certificate. The copy of the
// certificate goes into the database first: a start cut short after the key
// is written then finds the key and the copy, and restores the rest.
func createIdentity(dir string, state KV) (Identity, error) {
	key, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		return Identity{}, err
	}
	der, err := certFromKey(key)
	if err != nil {
		return Identity{}, err
	}
	keyDER, err := x509.MarshalECPrivateKey(key)
	if err != nil {
		return Identity{}, err
	}
	if err := state.Update(keyCert, func([]byte) ([]byte, error) { return certPEM(der), nil }); err != nil {
		return Identity{}, fmt.Errorf("keeping a copy of the device certificate in the database: %w", err)
	}
	if err := writeFile(filepath.Join(dir, keyFile), pem.EncodeToMemory(&pem.Block{Type: "EC PRIVATE KEY", Bytes: keyDER}), 0o600); err != nil {
		return Identity{}, err
	}
	if err := writeFile(filepath.Join(dir, certFile), certPEM(der), 0o644); err != nil {
		return Identity{}, err
	}
	return identityOf(der, key), nil
}

// present reports whether an identity file is there. Anything there that is
// not a readable regular file (a directory, a link to nothing) is an error
// in words, not "missing": a new identity must never be written over it.
func present(path, what string) (bool, error) {
	fi, err := os.Lstat(path)
	if errors.Is(err, fs.ErrNotExist) {
		return false, nil
	}
	if err != nil {
		return false, fmt.Errorf("%w: the device %s %s cannot be read: %v; nothing was changed", ErrIdentity, what, path, err)
	}
	if fi.Mode()&fs.ModeSymlink != 0 {
		if fi, err = os.Stat(path); err != nil {
			return false, fmt.Errorf("%w: the device %s %s is a link to a file that cannot be read (%v); restore the file it points to, or put the file itself in its place; nothing was changed", ErrIdentity, what, path, err)
		}
	}
	switch {
	case fi.IsDir():
		return false, fmt.Errorf("%w: the device %s %s is a directory, not a file; move it aside and restore the file from a backup of the data directory; nothing was changed", ErrIdentity, what, path)
	case !fi.Mode().IsRegular():
		return false, fmt.Errorf("%w: the device %s %s is not a regular file (%v); nothing was changed", ErrIdentity, what, path, fi.Mode().Type())
	}
	return true, nil
}

// readKey reads the private key: refused if others can read it, or if it is
// not an ECDSA key in PEM.
func readKey(path string) (*ecdsa.PrivateKey, error) {
	if fi, err := os.Stat(path); err == nil && fi.Mode().Perm()&0o077 != 0 {
		return nil, fmt.Errorf("%w: %s is readable by others (mode %v): run chmod 600 on it", ErrIdentity, path, fi.Mode().Perm())
	}
	b, err := os.ReadFile(path)
	if err != nil {
		return nil, fmt.Errorf("%w: the device key %s cannot be read: %v; nothing was changed", ErrIdentity, path, unwrapPath(err))
	}
	blk, _ := pem.Decode(b)
	var key any
	switch {
	case blk == nil:
		err = errors.New("no PEM block")
	case blk.Type == "EC PRIVATE KEY":
		key, err = x509.ParseECPrivateKey(blk.Bytes)
	case blk.Type == "PRIVATE KEY":
		key, err = x509.ParsePKCS8PrivateKey(blk.Bytes)
	default:
		err = fmt.Errorf("a PEM block of type %q", blk.Type)
	}
	if ec, ok := key.(*ecdsa.PrivateKey); ok && err == nil {
		return ec, nil
	}
	if err == nil {
		err = fmt.Errorf("a %T, not an ECDSA key", key)
	}
	return nil, fmt.Errorf("%w: the device key %s is not a private key Ready Room made (%v); restore it from a backup of the data directory; nothing was changed", ErrIdentity, path, err)
}

// readCert reads the certificate's DER bytes, checked to parse.
func readCert(path string) ([]byte, error) {
	b, err := os.ReadFile(path)
	if err != nil {
		return nil, fmt.Errorf("the device certificate %s cannot be read: %v", path, unwrapPath(err))
	}
	der := pemBytes(b)
	if der == nil {
		return nil, fmt.Errorf("the device certificate %s holds no PEM certificate", path)
	}
	if _, err := x509.ParseCertificate(der); err != nil {
		return nil, fmt.Errorf("the device certificate %s is damaged: %v", path, err)
	}
	return der, nil
}

// pemBytes is the DER of the first CERTIFICATE block in b, nil if none.
func pemBytes(b []byte) []byte {
	blk, _ := pem.Decode(b)
	if blk == nil || blk.Type != "CERTIFICATE" {
		return nil
	}
	return blk.Bytes
}

func certPEM(der []byte) []byte {
	return pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: der})
}

// belongs reports whether a certificate (DER; nil for none) is for the key.
func belongs(der []byte, key *ecdsa.PrivateKey) bool {
	if der == nil {
		return false
	}
	c, err := x509.ParseCertificate(der)
	if err != nil {
		return false
	}
	pub, ok := c.PublicKey.(*ecdsa.PublicKey)
	return ok && pub.Equal(&key.PublicKey)
}

func identityOf(der []byte, key *ecdsa.PrivateKey) Identity {
	leaf, _ := x509.ParseCertificate(der) // checked by every caller
	return Identity{Cert: tls.Certificate{Certificate: [][]byte{der}, PrivateKey: key, Leaf: leaf}, ID: DeviceIDOf(der)}
}

// unwrapPath drops the path an fs.PathError repeats.
func unwrapPath(err error) error {
	var pe *fs.PathError
	if errors.As(err, &pe) {
		return pe.Err
	}
	return err
}

// Certificate fields made from the key alone: see certFromKey.
var (
	// certNotBefore is fixed rather than the time of install, which a
	// certificate shown to anyone who connects would otherwise give away.
	certNotBefore = time.Date(2000, 1, 1, 0, 0, 0, 0, time.UTC)
	// certNotAfter is RFC 5280's "no well-defined expiration date"
	// (99991231235959Z): the device id is the certificate's hash, so it
	// must never need renewing.
	certNotAfter = time.Date(9999, 12, 31, 23, 59, 59, 0, time.UTC)
)

// certFromKey makes the install's self-signed certificate from its key
// alone: serial from the public key's hash, fixed subject and validity, and
// a deterministic (RFC 6979) signature. The same key always gives the same
// bytes, so the same device id.
func certFromKey(key *ecdsa.PrivateKey) ([]byte, error) {
	spki, err := x509.MarshalPKIXPublicKey(&key.PublicKey)
	if err != nil {
		return nil, err
	}
	sum := sha256.Sum256(spki)
	sum[0] &= 0x7f // positive, and 16 bytes when encoded
	sum[0] |= 0x40 // never a leading zero byte
	tmpl := &x509.Certificate{
		SerialNumber: new(big.Int).SetBytes(sum[:16]),
		Subject:      pkix.Name{CommonName: "readyroom"},
		NotBefore:    certNotBefore,
		NotAfter:     certNotAfter,
		KeyUsage:     x509.KeyUsageDigitalSignature,
		ExtKeyUsage:  []x509.ExtKeyUsage{x509.ExtKeyUsageServerAuth, x509.ExtKeyUsageClientAuth},
	}
	return x509.CreateCertificate(nil, tmpl, tmpl, &key.PublicKey, deterministicSigner{key})
}

// deterministicSigner signs with a nil random source, which crypto/ecdsa
// answers with an RFC 6979 signature: the same message, the same bytes.
type deterministicSigner struct{ key *ecdsa.PrivateKey }

func (s deterministicSigner) Public() crypto.PublicKey { return s.key.Public() }

func (s deterministicSigner) Sign(_ io.Reader, digest []byte, opts crypto.SignerOpts) ([]byte, error) {
	return s.key.Sign(nil, digest, opts)
}

// writeFile writes through a temporary file and a rename, with the mode set
// before any data is written.
func writeFile(path string, data []byte, mode os.FileMode) error {
	tmp, err := os.CreateTemp(filepath.Dir(path), ".identity-*")
	if err != nil {
		return fmt.Errorf("writing %s: %w", path, err)
	}
	defer os.Remove(tmp.Name())
	if err := tmp.Chmod(mode); err != nil {
		tmp.Close()
		return err
	}
	if _, err := tmp.Write(data); err != nil {
		tmp.Close()
		return fmt.Errorf("writing %s: %w", path, err)
	}
	if err := tmp.Close(); err != nil {
		return err
	}
	return os.Rename(tmp.Name(), path)
}

// ValidShort reports whether s has the form of an announced id (or a short
// device id): 16 lowercase hex digits.
func ValidShort(s string) bool { return validShort(s) }
