package lan

import (
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
	"math/big"
	"os"
	"path/filepath"
	"time"

	"readyroom/readiness"
)

// DeviceID names an install; the type lives with the domain.
type DeviceID = readiness.DeviceID

// DeviceIDOf is the device id of a DER-encoded certificate.
func DeviceIDOf(certDER []byte) DeviceID { return readiness.DeviceIDOf(certDER) }

// ParseDeviceID accepts the grouped form in either case.
func ParseDeviceID(s string) (DeviceID, error) { return readiness.ParseDeviceID(s) }

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

// LoadOrCreateIdentity reads the install's certificate and key from dir, or
// makes them the first time: an ECDSA P-256 key (written readable by the
// user only) and the certificate made from it (see certFromKey).
func LoadOrCreateIdentity(dir string) (Identity, error) {
	certPath, keyPath := filepath.Join(dir, certFile), filepath.Join(dir, keyFile)
	if _, err := os.Stat(certPath); errors.Is(err, os.ErrNotExist) {
		if err := createIdentity(certPath, keyPath); err != nil {
			return Identity{}, err
		}
	}
	if fi, err := os.Stat(keyPath); err == nil && fi.Mode().Perm()&0o077 != 0 {
		return Identity{}, fmt.Errorf("%s is readable by others (mode %v): run chmod 600 on it", keyPath, fi.Mode().Perm())
	}
	cert, err := tls.LoadX509KeyPair(certPath, keyPath)
	if err != nil {
		return Identity{}, fmt.Errorf("reading the device identity in %s: %w", dir, err)
	}
	return Identity{Cert: cert, ID: DeviceIDOf(cert.Certificate[0])}, nil
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

func createIdentity(certPath, keyPath string) error {
	key, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		return err
	}
	der, err := certFromKey(key)
	if err != nil {
		return err
	}
	keyDER, err := x509.MarshalECPrivateKey(key)
	if err != nil {
		return err
	}
	if err := writeFile(keyPath, pem.EncodeToMemory(&pem.Block{Type: "EC PRIVATE KEY", Bytes: keyDER}), 0o600); err != nil {
		return err
	}
	return writeFile(certPath, pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: der}), 0o644)
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

// ValidShort reports whether s is a short device id: 16 lowercase hex digits.
func ValidShort(s string) bool { return validShort(s) }
