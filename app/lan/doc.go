// Package lan is Ready Room's network edge: the install's identity today;
// discovery (hashicorp/mdns), pairing and sync over mutual TLS next (issue
// 5). It is the only package that touches TLS and mDNS.
//
// Identity: each install has an ECDSA P-256 key (device-key.pem, mode 0600)
// and a self-signed certificate (device-cert.pem) in its data directory. The
// device id is the SHA-256 of the certificate, shown in base32 groups of
// four; its first 16 hex digits are the short id a peer may announce.
package lan
