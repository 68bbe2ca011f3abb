package lan

import (
	"bytes"
	"context"
	"crypto/tls"
	"crypto/x509"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"strconv"
	"strings"
	"sync"
	"time"
)

// peerClients holds an HTTP client pinned to each peer this device calls,
// and makes the TLS configurations and the connections for calls and
// joins.
type peerClients struct {
	cert tls.Certificate
	port func() int // the port this device listens on (0: none), told to each server
	// dialFrom, set by tests before Start, is the local address outgoing
	// connections are made from (nil: the system's choice).
	dialFrom net.Addr

	mu    sync.Mutex
	byDev map[DeviceID]*http.Client
}

func newPeerClients(cert tls.Certificate, port func() int) *peerClients {
	return &peerClients{cert: cert, port: port, byDev: map[DeviceID]*http.Client{}}
}

// pinned pins the server to one device id: a certificate with any other
// hash fails the handshake, so not a byte of a request is sent to it.
func (pc *peerClients) pinned(pin DeviceID) *tls.Config {
	return pc.matching(func(got DeviceID) error {
		if pin != (DeviceID{}) && got != pin {
			return fmt.Errorf("%w: expected %s, got %s", ErrPinMismatch, pin.Short(), got.Short())
		}
		return nil
	})
}

// matching accepts the server's certificate when match says so.
func (pc *peerClients) matching(match func(DeviceID) error) *tls.Config {
	return &tls.Config{
		Certificates:       []tls.Certificate{pc.cert},
		MinVersion:         tls.VersionTLS13,
		NextProtos:         []string{alpn},
		ServerName:         "readyroom",
		InsecureSkipVerify: true, // self-signed by design; VerifyPeerCertificate pins instead
		VerifyPeerCertificate: func(raw [][]byte, _ [][]*x509.Certificate) error {
			if len(raw) == 0 {
				return ErrPinMismatch
			}
			if err := match(DeviceIDOf(raw[0])); err != nil {
				return err
			}
			if _, err := x509.ParseCertificate(raw[0]); err != nil {
				return fmt.Errorf("%w: %v", ErrProtocol, err)
			}
			return nil
		},
	}
}

// dialer opens the TCP connections to peers.
func (pc *peerClients) dialer() *net.Dialer {
	return &net.Dialer{Timeout: 3 * time.Second, LocalAddr: pc.dialFrom}
}

// client is the HTTP client pinned to one peer.
func (pc *peerClients) client(dev DeviceID) *http.Client {
	pc.mu.Lock()
	defer pc.mu.Unlock()
	if c, ok := pc.byDev[dev]; ok {
		return c
	}
	tr := &http.Transport{
		TLSClientConfig:        pc.pinned(dev),
		TLSHandshakeTimeout:    HandshakeTimeout,
		DialContext:            pc.dialer().DialContext,
		MaxResponseHeaderBytes: MaxHeaderBytes,
		IdleConnTimeout:        60 * time.Second,
		ForceAttemptHTTP2:      false,
	}
	c := &http.Client{Transport: tr, Timeout: 30 * time.Second}
	pc.byDev[dev] = c
	return c
}

// closeIdle closes the connections to a peer that are not in use.
func (pc *peerClients) closeIdle(dev DeviceID) {
	pc.mu.Lock()
	defer pc.mu.Unlock()
	if c, ok := pc.byDev[dev]; ok {
		c.CloseIdleConnections()
	}
}

// closeAllIdle closes every connection to a peer that is not in use.
func (pc *peerClients) closeAllIdle() {
	pc.mu.Lock()
	defer pc.mu.Unlock()
	for _, c := range pc.byDev {
		c.CloseIdleConnections()
	}
}

// call makes one request to a pinned peer and decodes a JSON answer of at
// most limit bytes into out (when out is not nil).
func (pc *peerClients) call(ctx context.Context, dev DeviceID, addr, method, path string, limit int64, out any) error {
	return pc.callWith(ctx, dev, addr, method, path, nil, limit, out)
}

// callWith is call with a JSON request body (none when in is nil).
func (pc *peerClients) callWith(ctx context.Context, dev DeviceID, addr, method, path string, in any, limit int64, out any) error {
	var body io.Reader
	if in != nil {
		b, err := json.Marshal(in)
		if err != nil {
			return err
		}
		body = bytes.NewReader(b)
	}
	req, err := http.NewRequestWithContext(ctx, method, "https://"+addr+path, body)
	if err != nil {
		return err
	}
	if in != nil {
		req.Header.Set("Content-Type", "application/json")
	}
	pc.stamp(req)
	resp, err := pc.client(dev).Do(req)
	if err != nil {
		if errors.Is(err, ErrPinMismatch) {
			return fmt.Errorf("%w (at %s)", ErrPinMismatch, addr)
		}
		return fmt.Errorf("%w: %s: %v", ErrUnreachable, addr, unwrapNet(err))
	}
	defer resp.Body.Close()
	return decodeAnswer(resp, limit, out)
}

// stamp tells the server which port this device listens on, so that it
// can call back (its remote address has an ephemeral port).
func (pc *peerClients) stamp(req *http.Request) {
	req.Header.Set("Readyroom-Protocol", strconv.Itoa(ProtocolVersion))
	if p := pc.port(); p != 0 {
		req.Header.Set("Readyroom-Port", strconv.Itoa(p))
	}
}

// tryNextAddr reports whether an error from one of a device's addresses
// means the next one should be tried: nothing answered there, or another
// certificate did (a stale or spoofed sighting). Success, or any answer from
// the device itself, ends the search.
func tryNextAddr(err error) bool {
	return errors.Is(err, ErrUnreachable) || errors.Is(err, ErrPinMismatch)
}

// readBody reads at most limit+1 bytes of an answer: into one buffer of the
// announced size when there is one (pages run to megabytes), else growing.
func readBody(resp *http.Response, limit int64) ([]byte, error) {
	if n := resp.ContentLength; n >= 0 && n <= limit {
		body := make([]byte, n)
		if _, err := io.ReadFull(resp.Body, body); err != nil {
			return nil, err
		}
		return body, nil
	}
	return io.ReadAll(io.LimitReader(resp.Body, limit+1))
}

func decodeAnswer(resp *http.Response, limit int64, out any) error {
	body, err := readBody(resp, limit)
	if err != nil {
		return fmt.Errorf("%w: reading the answer: %v", ErrUnreachable, err)
	}
	if int64(len(body)) > limit {
		return fmt.Errorf("%w: an answer over %d KiB", ErrTooLarge, limit>>10)
	}
	if resp.StatusCode == http.StatusNotFound {
		return ErrNotFound
	}
	if resp.StatusCode == http.StatusForbidden {
		return ErrInviteRefused
	}
	if resp.StatusCode/100 != 2 {
		var eb errorBody
		json.Unmarshal(body, &eb)
		if eb.Error == "" {
			eb.Error = resp.Status
		}
		return fmt.Errorf("the peer answered: %s", clip(eb.Error, 200))
	}
	if out == nil {
		return nil
	}
	if err := json.Unmarshal(body, out); err != nil {
		return fmt.Errorf("%w: %v", ErrProtocol, err)
	}
	return nil
}

func unwrapNet(err error) error {
	var oe *net.OpError
	if errors.As(err, &oe) {
		return oe.Err
	}
	return err
}

func clip(s string, n int) string {
	if len(s) > n {
		return s[:n] + "…"
	}
	return s
}

// hostPort joins an address and port, bracketing IPv6.
func hostPort(ip string, port int) string {
	return net.JoinHostPort(strings.Trim(ip, "[]"), strconv.Itoa(port))
}
