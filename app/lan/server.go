package lan

import (
	"context"
	"crypto/subtle"
	"crypto/tls"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"net"
	"net/http"
	"net/netip"
	"strconv"
	"strings"
	"sync"
	"time"

	"readyroom/readiness"
)

// Protocol limits (see the package doc).
const (
	ProtocolVersion    = 1
	alpn               = "http/1.1" // versioned by path (/v1) and the Readyroom-Protocol header
	MaxPageChanges     = 500
	MaxPageBytes       = 4 << 20
	MaxIndexKeys       = 5000
	MaxIndexBytes      = 1 << 20
	MaxFetchBody       = 64 << 10
	MaxHeaderBytes     = 8 << 10
	MaxJoinBody        = 4 << 10
	MaxTeamBytes       = 4 << 20
	HandshakeTimeout   = 10 * time.Second
	HelloTimeout       = 2 * time.Second // to send the whole ClientHello; the rest of the handshake has HandshakeTimeout
	MaxUnauthenticated = 16              // connections handshaking from strangers' addresses (see admission)
	// MaxMemberHandshakes caps connections handshaking from addresses known
	// as team members', apart from strangers': a member never waits behind
	// strangers.
	MaxMemberHandshakes = 16
	// MaxConnections caps open connections of every kind: a member's
	// keep-alive connections included. Strangers' hold at most
	// MaxStrangerConnections of them, so members always have room.
	MaxConnections         = 128
	MaxStrangerConnections = 96
	// MaxHandshakesPerAddr and MaxConnectionsPerAddr cap what one remote
	// address holds: a flood from one address leaves room for the others.
	MaxHandshakesPerAddr  = 8
	MaxConnectionsPerAddr = 32
	// MaxFuture is how far ahead of this device's clock a change may be
	// stamped and still be applied; later ones are held back.
	MaxFuture = 5 * time.Minute
	scanLimit = 20000
)

// handshakeListener completes the TLS handshake of each accepted connection
// before handing it to the HTTP server, with deadlines (HelloTimeout for the
// ClientHello, HandshakeTimeout for the whole) and caps on how many
// connections may be open and handshaking (see admission): a connection
// over one is closed at once.
type handshakeListener struct {
	net.Listener
	cfg    *tls.Config
	member func(netip.Addr) bool // whether an address is a team member's
	adm    admission
	ready  chan net.Conn
	done   chan struct{}
	once   sync.Once
	wg     sync.WaitGroup // the accept loop and the handshakes under way
	// log is limited: strangers cause its lines at will.
	log func(kind, format string, args ...any)
}

func newHandshakeListener(l net.Listener, cfg *tls.Config, member func(netip.Addr) bool, logf func(kind, format string, args ...any)) *handshakeListener {
	cfg = cfg.Clone()
	cfg.GetConfigForClient = func(hello *tls.ClientHelloInfo) (*tls.Config, error) {
		hello.Conn.SetReadDeadline(time.Time{}) // the ClientHello is in: HandshakeTimeout alone now
		return nil, nil
	}
	h := &handshakeListener{Listener: l, cfg: cfg, member: member, ready: make(chan net.Conn), done: make(chan struct{}), log: logf}
	h.wg.Add(1)
	go h.acceptLoop()
	return h
}

func (h *handshakeListener) acceptLoop() {
	defer h.wg.Done()
	var backoff time.Duration
	for {
		raw, err := h.Listener.Accept()
		if err != nil {
			if errors.Is(err, net.ErrClosed) {
				h.Close()
				return
			}
			// Out of file descriptors, or a connection reset before accept:
			// wait and carry on, as net/http does; never stop serving.
			backoff = min(max(2*backoff, 5*time.Millisecond), time.Second)
			h.log(logAccept, "accepting a connection: %v; retrying in %v", err, backoff)
			select {
			case <-time.After(backoff):
				continue
			case <-h.done:
				return
			}
		}
		backoff = 0
		ip := remoteIP(raw.RemoteAddr().String())
		p, refusal := h.adm.admit(ip, h.member(ip))
		if p == nil {
			h.log(logRefused, "refusing a connection from %s: %s", raw.RemoteAddr(), refusal)
			raw.Close()
			continue
		}
		raw = &countedConn{Conn: raw, release: p.leave}
		h.wg.Add(1) // under the accept loop's own count: never from zero
		go h.handshake(raw, p)
	}
}

// countedConn gives back its place among the open connections when closed.
type countedConn struct {
	net.Conn
	once    sync.Once
	release func()
}

func (c *countedConn) Close() error {
	err := c.Conn.Close()
	c.once.Do(c.release)
	return err
}

func (h *handshakeListener) handshake(raw net.Conn, p *place) {
	defer h.wg.Done()
	// A connection that sends a few bytes, or nothing, and stalls holds its
	// slot for HelloTimeout, not the whole HandshakeTimeout.
	raw.SetReadDeadline(time.Now().Add(HelloTimeout))
	conn := tls.Server(raw, h.cfg)
	ctx, cancel := context.WithTimeout(context.Background(), HandshakeTimeout)
	defer cancel()
	go func() { // closing the listener ends handshakes under way
		select {
		case <-h.done:
			cancel()
		case <-ctx.Done():
		}
	}()
	err := conn.HandshakeContext(ctx)
	p.handshook()
	if err != nil {
		h.log(logHandshakes, "handshake with %s failed: %v", raw.RemoteAddr(), err)
		raw.Close()
		return
	}
	select {
	case h.ready <- conn:
	case <-h.done:
		conn.Close()
	}
}

func (h *handshakeListener) Accept() (net.Conn, error) {
	select {
	case c := <-h.ready:
		return c, nil
	case <-h.done:
		return nil, net.ErrClosed
	}
}

func (h *handshakeListener) Close() error {
	h.once.Do(func() { close(h.done) })
	return h.Listener.Close()
}

// wait returns once the accept loop and every handshake have ended (after
// Close): none of them logs after the node is closed.
func (h *handshakeListener) wait() { h.wg.Wait() }

// serverTLS asks every client for a certificate (any, self-signed is the
// point: who it is decides what it may read, request by request).
func (n *Node) serverTLS() *tls.Config {
	return &tls.Config{
		Certificates: []tls.Certificate{n.id.Cert},
		ClientAuth:   tls.RequireAnyClientCert,
		MinVersion:   tls.VersionTLS13,
		NextProtos:   []string{alpn},
	}
}

func (n *Node) handler() http.Handler {
	mux := http.NewServeMux()
	mux.HandleFunc("POST /v1/join", n.serveJoin)
	mux.HandleFunc("GET /v1/teams/{team}", n.serveTeam)
	mux.HandleFunc("GET /v1/teams/{team}/changes", n.serveChanges)
	mux.HandleFunc("POST /v1/teams/{team}/changes", n.serveFetch)
	mux.HandleFunc("POST /v1/teams/{team}/poke", n.servePoke)
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Readyroom-Protocol", strconv.Itoa(ProtocolVersion))
		if r.TLS == nil || len(r.TLS.PeerCertificates) == 0 {
			writeError(w, http.StatusUnauthorized, "a client certificate is required")
			return
		}
		r.Body = http.MaxBytesReader(w, r.Body, MaxFetchBody)
		mux.ServeHTTP(w, r)
	})
}

// callerAddrs is where a caller listens: its remote IP with the port it
// gave in Readyroom-Port, if it gave one.
func callerAddrs(r *http.Request) []string {
	host, _, err := net.SplitHostPort(r.RemoteAddr)
	port, perr := strconv.Atoi(r.Header.Get("Readyroom-Port"))
	if err != nil || perr != nil || port < 1 || port > 65535 {
		return nil
	}
	if hp := hostPort(host, port); localAddress(hp) {
		return []string{hp}
	}
	return nil
}

func callerOf(r *http.Request) DeviceID {
	return DeviceIDOf(r.TLS.PeerCertificates[0].Raw)
}

type errorBody struct {
	Error string `json:"error"`
}

func writeError(w http.ResponseWriter, code int, msg string) {
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(code)
	json.NewEncoder(w).Encode(errorBody{Error: msg})
}

// writeJSON answers with v, its length announced so that the caller can
// read it into one buffer.
func writeJSON(w http.ResponseWriter, v any) {
	b, err := json.Marshal(v)
	if err != nil {
		writeError(w, http.StatusInternalServerError, "this device could not encode its answer")
		return
	}
	w.Header().Set("Content-Type", "application/json")
	w.Header().Set("Content-Length", strconv.Itoa(len(b)))
	w.Write(b)
}

// memberTeam finds the team named in the path if the caller is a current
// member of it and so is this device. Anything else is one answer: not found.
func (n *Node) memberTeam(w http.ResponseWriter, r *http.Request) (Team, DeviceID, bool) {
	caller := callerOf(r)
	id, err := ParseTeamID(r.PathValue("team"))
	if err == nil {
		t, err := n.teams.load(id)
		if err == nil && t.IsMember(caller) && t.IsMember(n.id.ID) {
			n.book.heardFrom(caller, callerAddrs(r))
			return t, caller, true
		}
		if err != nil && !errors.Is(err, ErrNotFound) {
			n.logf("reading team %s: %v", id, err)
			writeError(w, http.StatusInternalServerError, "this device could not read its team list")
			return t, caller, false
		}
	}
	writeError(w, http.StatusNotFound, ErrNotFound.Error())
	return Team{}, caller, false
}

func (n *Node) serveTeam(w http.ResponseWriter, r *http.Request) {
	t, _, ok := n.memberTeam(w, r)
	if !ok {
		return
	}
	writeJSON(w, t)
}

// serveChanges answers a member's index request: the keys of the team's
// changes that arrived after its cursor. The member then fetches only those
// it lacks, so a change it made, or got from another member, is not sent
// again.
func (n *Node) serveChanges(w http.ResponseWriter, r *http.Request) {
	t, _, ok := n.memberTeam(w, r)
	if !ok {
		return
	}
	after, err := strconv.ParseUint(r.URL.Query().Get("after"), 10, 64)
	if err != nil {
		writeError(w, http.StatusBadRequest, "after must be a whole number")
		return
	}
	keys, next, more, err := n.changes.ChangeKeysAfter(after, n.teams.travels(t), MaxIndexKeys)
	if err != nil {
		n.logf("serving the change index of team %s: %v", t.ID, err)
		writeError(w, http.StatusInternalServerError, "this device could not read its changes")
		return
	}
	writeJSON(w, indexBody{Keys: keys, Next: next, More: more, Shares: n.teams.epoch(t.ID)})
}

// serveFetch answers a member's request for changes by key, with those the
// team carries, as stored, up to a page.
func (n *Node) serveFetch(w http.ResponseWriter, r *http.Request) {
	t, _, ok := n.memberTeam(w, r)
	if !ok {
		return
	}
	var req fetchRequest
	dec := json.NewDecoder(r.Body)
	dec.DisallowUnknownFields()
	if err := dec.Decode(&req); err != nil {
		writeError(w, http.StatusBadRequest, fmt.Sprintf("the request is not valid JSON or is over %d KiB", MaxFetchBody>>10))
		return
	}
	if len(req.Keys) > MaxPageChanges {
		writeError(w, http.StatusBadRequest, fmt.Sprintf("%d changes asked for; the limit is %d", len(req.Keys), MaxPageChanges))
		return
	}
	// The page (the pageBody shape) with the changes as stored, spliced in
	// without decoding and encoding them again.
	b := make([]byte, 0, min(MaxPageBytes, 64+300*len(req.Keys)))
	b = append(b, `{"changes":[`...)
	b, _, more, err := n.changes.AppendRawChanges(b, req.Keys, n.teams.travels(t), MaxPageBytes-64<<10)
	if err != nil {
		n.logf("serving changes of team %s: %v", t.ID, err)
		writeError(w, http.StatusInternalServerError, "this device could not read its changes")
		return
	}
	w.Header().Set("Content-Type", "application/json")
	b = append(b, `],"more":`...)
	b = strconv.AppendBool(b, more)
	b = append(b, '}')
	w.Header().Set("Content-Length", strconv.Itoa(len(b)))
	w.Write(b)
}

// indexBody is the answer to an index request.
type indexBody struct {
	// Keys name changes as "record/change id", in arrival order.
	Keys []string `json:"keys"`
	Next uint64   `json:"next"`
	More bool     `json:"more"`
	// Shares is the server's share epoch for the team; when it changes,
	// the puller reads the index again from zero.
	Shares string `json:"shares"`
}

// fetchRequest asks for changes by key.
type fetchRequest struct {
	Keys []string `json:"keys"`
}

// pageBody is the answer to a fetch: the changes asked for that the server
// carries for the team, in the order asked; more when it stopped at the
// page's size and the rest should be asked for again.
type pageBody struct {
	Changes []readiness.Change `json:"changes"`
	More    bool               `json:"more"`
}

func (n *Node) servePoke(w http.ResponseWriter, r *http.Request) {
	_, caller, ok := n.memberTeam(w, r)
	if !ok {
		return
	}
	n.puller.schedule(caller)
	w.WriteHeader(http.StatusNoContent)
}

type joinRequest struct {
	Invite string `json:"invite"` // the code's public first group
	Proof  string `json:"proof"`  // hex HMAC, see joinProof
	Name   string `json:"name"`   // the joiner's display name
}

type joinResponse struct {
	Proof string `json:"proof"`
	Team  Team   `json:"team"`
}

// serveJoin checks a joiner's proof against the invite it names. Attempts
// from one address beyond JoinRate a second (JoinBurst at once) are refused
// before anything is read. A wrong proof counts against the invite; the
// fifth revokes it. Whatever the reason for refusing a proof, the joiner
// hears only that the code was not accepted, and the same work is done
// before it: an id that names no invite is checked against a decoy, and a
// wrong try is counted in memory (saved later, off the request path).
func (n *Node) serveJoin(w http.ResponseWriter, r *http.Request) {
	if !n.joins.allow(remoteIP(r.RemoteAddr), time.Now()) {
		n.logLimited(logJoins, "refused a join from %s: more than %d a second from its address", r.RemoteAddr, JoinRate)
		w.Header().Set("Retry-After", "1")
		writeError(w, http.StatusTooManyRequests, "too many join attempts from this address: wait a few seconds and try again")
		return
	}
	var req joinRequest
	dec := json.NewDecoder(http.MaxBytesReader(w, r.Body, MaxJoinBody))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&req); err != nil {
		writeError(w, http.StatusBadRequest, "the join request is not valid JSON or is over 4 KiB")
		return
	}
	joiner := callerOf(r)
	refuse := func(why error) {
		n.logLimited(logJoins, "refused a join from %s: %v", joiner.Short(), why)
		writeError(w, http.StatusForbidden, ErrInviteRefused.Error())
	}
	name := strings.TrimSpace(req.Name)
	if err := readiness.Var("name", name, "required,max=120,line"); err != nil {
		writeError(w, http.StatusBadRequest, "the joiner's name: "+err.Error())
		return
	}
	id := strings.ToUpper(req.Invite)
	proof, err := hex.DecodeString(req.Proof)
	if err != nil || !validInviteID(id) {
		refuse(errors.New("malformed proof or invite id"))
		return
	}
	n.joinMu.Lock()
	defer n.joinMu.Unlock()
	inv, found := n.invites.read(id)
	want, err := joinProof(inv.Code, "joiner", *r.TLS, n.id.ID, joiner)
	n.proofs.Add(1)
	if err != nil {
		refuse(err)
		return
	}
	right := subtle.ConstantTimeCompare(want, proof) == 1
	if !found {
		refuse(fmt.Errorf("no invite %s", id))
		return
	}
	if err := inv.usable(n.now()); err != nil {
		refuse(err)
		return
	}
	if !right {
		refuse(fmt.Errorf("wrong proof (try %d of %d)", n.invites.wrongTry(id, inv), InviteTries))
		return
	}
	team, err := n.teams.load(inv.Team)
	if err != nil || !team.IsMember(n.id.ID) {
		refuse(fmt.Errorf("team %s is gone: %v", inv.Team, err))
		return
	}
	if team.IsRemoved(joiner) {
		refuse(errors.New("the joiner was removed from this team before"))
		return
	}
	add := team.Patch()
	add.Members = map[DeviceID]Member{joiner: {Name: name, Stamp: n.clock.Now(), By: n.name(), Addrs: callerAddrs(r)}}
	team, _, err = n.teams.merge(add)
	if err != nil {
		refuse(err)
		return
	}
	if err := n.invites.use(id, inv); err != nil {
		n.logf("saving invite: %v", err)
	}
	answer, err := joinProof(inv.Code, "inviter", *r.TLS, n.id.ID, joiner)
	if err != nil {
		refuse(err)
		return
	}
	n.book.heardFrom(joiner, callerAddrs(r))
	writeJSON(w, joinResponse{Proof: hex.EncodeToString(answer), Team: team})
	n.emit(Event{Kind: EventTeams})
	n.puller.pokeTeam(team)
	n.puller.schedule(joiner)
}
