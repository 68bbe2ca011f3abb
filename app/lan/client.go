package lan

import (
	"bufio"
	"bytes"
	"context"
	"crypto/hmac"
	"crypto/tls"
	"crypto/x509"
	"encoding/hex"
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

// joinAt runs the joiner's side of pairing on one connection: handshake
// (accepting any certificate, which the proofs then authenticate), send a
// proof bound to this session, check the inviter's proof, and return the
// team and the inviter's device id to pin.
// match, when not nil, must accept the inviter's certificate during the
// handshake: a device chosen by id is checked before the proof is sent, on
// the same connection.
func (n *Node) joinAt(ctx context.Context, addr string, code InviteCode, match func(DeviceID) bool) (Team, DeviceID, error) {
	var none DeviceID
	d := n.clients.dialer()
	hctx, cancel := context.WithTimeout(ctx, HandshakeTimeout)
	defer cancel()
	raw, err := d.DialContext(hctx, "tcp", addr)
	if err != nil {
		return Team{}, none, fmt.Errorf("%w: %s: %v", ErrUnreachable, addr, unwrapNet(err))
	}
	defer raw.Close()
	cfg := n.clients.pinned(none)
	if match != nil {
		cfg = n.clients.matching(func(d DeviceID) error {
			if !match(d) {
				return ErrPinMismatch
			}
			return nil
		})
	}
	conn := tls.Client(raw, cfg)
	if err := conn.HandshakeContext(hctx); err != nil {
		if errors.Is(err, ErrPinMismatch) {
			return Team{}, none, fmt.Errorf("%w: the device at %s", ErrPinMismatch, addr)
		}
		return Team{}, none, fmt.Errorf("%w: %s: %v", ErrUnreachable, addr, err)
	}
	conn.SetDeadline(time.Now().Add(30 * time.Second))
	cs := conn.ConnectionState()
	inviter := DeviceIDOf(cs.PeerCertificates[0].Raw)
	proof, err := joinProof(code, "joiner", cs, inviter, n.id.ID)
	if err != nil {
		return Team{}, none, err
	}
	body, _ := json.Marshal(joinRequest{Invite: code.ID(), Proof: hex.EncodeToString(proof), Name: n.name()})
	req, _ := http.NewRequestWithContext(ctx, http.MethodPost, "https://"+addr+"/v1/join", bytes.NewReader(body))
	req.Header.Set("Content-Type", "application/json")
	n.clients.stamp(req)
	if err := req.Write(conn); err != nil {
		return Team{}, none, fmt.Errorf("%w: %s: %v", ErrUnreachable, addr, err)
	}
	resp, err := http.ReadResponse(bufio.NewReaderSize(io.LimitReader(conn, MaxTeamBytes+MaxHeaderBytes), 4096), req)
	if err != nil {
		return Team{}, none, fmt.Errorf("%w: %v", ErrProtocol, err)
	}
	defer resp.Body.Close()
	var jr joinResponse
	if err := decodeAnswer(resp, MaxTeamBytes, &jr); err != nil {
		return Team{}, none, err
	}
	want, err := joinProof(code, "inviter", cs, inviter, n.id.ID)
	if err != nil {
		return Team{}, none, err
	}
	got, err := hex.DecodeString(jr.Proof)
	if err != nil || !hmac.Equal(got, want) {
		return Team{}, none, fmt.Errorf("%w: the device at %s does not know the invite code", ErrPinMismatch, addr)
	}
	if err := jr.Team.Check(); err != nil {
		return Team{}, none, fmt.Errorf("%w: %v", ErrProtocol, err)
	}
	if err := checkStamps(&jr.Team, n.now()); err != nil {
		return Team{}, none, err
	}
	if !jr.Team.IsMember(inviter) || !jr.Team.IsMember(n.id.ID) {
		return Team{}, none, fmt.Errorf("%w: the team sent back does not list both devices", ErrProtocol)
	}
	return jr.Team, inviter, nil
}

// hostPort joins an address and port, bracketing IPv6.
func hostPort(ip string, port int) string {
	return net.JoinHostPort(strings.Trim(ip, "[]"), strconv.Itoa(port))
}
