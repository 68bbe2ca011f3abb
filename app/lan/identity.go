package lan

import (
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/tls"
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/pem"
	"errors"
	"fmt"
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
// user only) and a self-signed certificate valid for twenty years.
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

func createIdentity(certPath, keyPath string) error {
	key, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		return err
	}
	serial, err := rand.Int(rand.Reader, new(big.Int).Lsh(big.NewInt(1), 120))
	if err != nil {
		return err
	}
	tmpl := &x509.Certificate{
		SerialNumber: serial,
		Subject:      pkix.Name{CommonName: "readyroom"},
		NotBefore:    time.Now().Add(-time.Hour),
		NotAfter:     time.Now().AddDate(20, 0, 0),
		KeyUsage:     x509.KeyUsageDigitalSignature,
		ExtKeyUsage:  []x509.ExtKeyUsage{x509.ExtKeyUsageServerAuth, x509.ExtKeyUsageClientAuth},
	}
	der, err := x509.CreateCertificate(rand.Reader, tmpl, tmpl, &key.PublicKey, key)
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
