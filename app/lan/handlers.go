package lan

import (
	"crypto/subtle"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"net"
	"net/http"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"readyroom/readiness"
)

// handlers answer peers' requests (see the package doc for each): the
// team, the index of its changes, the changes by key, a poke, and a join.
// They read teams and invites through their owners; of their own they keep
// the limit on join attempts per address and the lock that takes joins one
// at a time.
type handlers struct {
	self       DeviceID
	teams      *teamStore
	book       *addressBook
	puller     *puller
	invites    *invites
	changes    ChangeLog
	state      State
	clock      *readiness.Clock
	name       func() string
	now        func() time.Time
	logf       func(format string, args ...any)
	logLimited func(kind, format string, args ...any) // for lines strangers can cause
	emit       func(Event)

	joins  *addrBuckets // join attempts per remote address
	joinMu sync.Mutex   // one join at a time: invite tries are counted exactly
	proofs atomic.Int64 // join proofs checked (tests: one a request, whatever the answer)
}

// mux routes peers' requests to their handlers, after checking that the
// caller presented a certificate and capping the body.
func (h *handlers) mux() http.Handler {
	mux := http.NewServeMux()
	mux.HandleFunc("POST /v1/join", h.serveJoin)
	mux.HandleFunc("GET /v1/teams/{team}", h.serveTeam)
	mux.HandleFunc("GET /v1/teams/{team}/changes", h.serveChanges)
	mux.HandleFunc("POST /v1/teams/{team}/changes", h.serveFetch)
	mux.HandleFunc("POST /v1/teams/{team}/poke", h.servePoke)
	mux.HandleFunc("GET /v1/teams/{team}/templates", h.serveTemplateList)
	mux.HandleFunc("GET /v1/teams/{team}/templates/{digest}", h.serveTemplate)
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
func (h *handlers) memberTeam(w http.ResponseWriter, r *http.Request) (Team, DeviceID, bool) {
	caller := callerOf(r)
	id, err := ParseTeamID(r.PathValue("team"))
	if err == nil {
		t, err := h.teams.load(id)
		if err == nil && t.IsMember(caller) && t.IsMember(h.self) {
			h.book.heardFrom(caller, callerAddrs(r))
			return t, caller, true
		}
		if err != nil && !errors.Is(err, ErrNotFound) {
			h.logf("reading team %s: %v", id, err)
			writeError(w, http.StatusInternalServerError, "this device could not read its team list")
			return t, caller, false
		}
	}
	writeError(w, http.StatusNotFound, ErrNotFound.Error())
	return Team{}, caller, false
}

func (h *handlers) serveTeam(w http.ResponseWriter, r *http.Request) {
	t, _, ok := h.memberTeam(w, r)
	if !ok {
		return
	}
	writeJSON(w, t)
}

// serveChanges answers a member's index request: the keys of the team's
// changes that arrived after its cursor. The member then fetches only those
// it lacks, so a change it made, or got from another member, is not sent
// again.
func (h *handlers) serveChanges(w http.ResponseWriter, r *http.Request) {
	t, caller, ok := h.memberTeam(w, r)
	if !ok {
		return
	}
	after, err := strconv.ParseUint(r.URL.Query().Get("after"), 10, 64)
	if err != nil {
		writeError(w, http.StatusBadRequest, "after must be a whole number")
		return
	}
	// The share epoch is read before the team whose records the index
	// lists. A share stores the team listing the record and then moves the
	// epoch (teamStore.merge), so an index that leaves the record out
	// carries the epoch from before it, and its member reads the index
	// again from the start once the epoch moves: never the new epoch with
	// the record's earlier changes passed over.
	// And it lists changes only as far as had arrived before it read the
	// team and the grants: a record arriving through the team meanwhile
	// (held granted while it is stored, teamStore.holdGrants) is listed
	// whole by the next index, never passed over by this one.
	epoch := h.teams.epoch(t.ID)
	through, err := h.changes.Arrivals()
	if err != nil {
		h.logf("serving the change index of team %s: %v", t.ID, err)
		writeError(w, http.StatusInternalServerError, "this device could not read its changes")
		return
	}
	if t, err = h.teams.load(t.ID); err != nil || !t.IsMember(caller) || !t.IsMember(h.self) {
		writeError(w, http.StatusNotFound, ErrNotFound.Error())
		return
	}
	keys, next, more, err := h.changes.ChangeKeysAfter(after, through, h.teams.travels(t), MaxIndexKeys)
	if err != nil {
		h.logf("serving the change index of team %s: %v", t.ID, err)
		writeError(w, http.StatusInternalServerError, "this device could not read its changes")
		return
	}
	writeJSON(w, indexBody{Keys: keys, Next: next, More: more, Shares: epoch})
}

// serveFetch answers a member's request for changes by key, with those the
// team carries, as stored, up to a page.
func (h *handlers) serveFetch(w http.ResponseWriter, r *http.Request) {
	t, _, ok := h.memberTeam(w, r)
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
	b, _, more, err := h.changes.AppendRawChanges(b, req.Keys, h.teams.travels(t), MaxPageBytes-64<<10)
	if err != nil {
		h.logf("serving changes of team %s: %v", t.ID, err)
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

// serveTemplateList answers a member's request for the templates this
// device shares with the team: every version of each, by reference.
func (h *handlers) serveTemplateList(w http.ResponseWriter, r *http.Request) {
	t, _, ok := h.memberTeam(w, r)
	if !ok {
		return
	}
	var ids []string
	if b, err := h.state.Get(templateShareKey(t.ID)); err == nil && b != nil {
		if err := json.Unmarshal(b, &ids); err != nil {
			h.logf("reading the templates shared with team %s: %v", t.ID, err)
		}
	}
	refs, err := h.changes.TemplateVersions(ids)
	if err != nil {
		h.logf("listing the templates shared with team %s: %v", t.ID, err)
		writeError(w, http.StatusInternalServerError, "this device could not read its templates")
		return
	}
	if len(refs) > MaxSharedTemplates {
		refs = refs[len(refs)-MaxSharedTemplates:] // the newest
	}
	writeJSON(w, templateList{Templates: append([]readiness.TemplateRef{}, refs...)})
}

// serveTemplate answers a member's request for a template version a record
// it was sent names, by the version's digest: its text, which the member
// checks against the digest before it stores it.
func (h *handlers) serveTemplate(w http.ResponseWriter, r *http.Request) {
	t, _, ok := h.memberTeam(w, r)
	if !ok {
		return
	}
	digest := r.PathValue("digest")
	if len(digest) != 64 || strings.Trim(digest, "0123456789abcdef") != "" {
		writeError(w, http.StatusBadRequest, "a template version is named by the 64 hex digits of its digest")
		return
	}
	text, err := h.changes.TemplateText(digest)
	if errors.Is(err, readiness.ErrNotFound) {
		writeError(w, http.StatusNotFound, "this device does not hold that template version")
		return
	}
	if err != nil {
		h.logf("serving template %.12s to team %s: %v", digest, t.ID, err)
		writeError(w, http.StatusInternalServerError, "this device could not read its templates")
		return
	}
	w.Header().Set("Content-Type", "application/json")
	w.Header().Set("Content-Length", strconv.Itoa(len(text)))
	w.Write(text)
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

func (h *handlers) servePoke(w http.ResponseWriter, r *http.Request) {
	_, caller, ok := h.memberTeam(w, r)
	if !ok {
		return
	}
	h.puller.schedule(caller)
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
func (h *handlers) serveJoin(w http.ResponseWriter, r *http.Request) {
	if !h.joins.allow(remoteIP(r.RemoteAddr), time.Now()) {
		h.logLimited(logJoins, "refused a join from %s: more than %d a second from its address", r.RemoteAddr, JoinRate)
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
		h.logLimited(logJoins, "refused a join from %s: %v", joiner.Short(), why)
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
	h.joinMu.Lock()
	defer h.joinMu.Unlock()
	inv, found := h.invites.read(id)
	want, err := joinProof(inv.Code, "joiner", *r.TLS, h.self, joiner)
	h.proofs.Add(1)
	if err != nil {
		refuse(err)
		return
	}
	right := subtle.ConstantTimeCompare(want, proof) == 1
	if !found {
		refuse(fmt.Errorf("no invite %s", id))
		return
	}
	if err := inv.usable(h.now()); err != nil {
		refuse(err)
		return
	}
	if !right {
		refuse(fmt.Errorf("wrong proof (try %d of %d)", h.invites.wrongTry(id, inv), InviteTries))
		return
	}
	team, err := h.teams.load(inv.Team)
	if err != nil || !team.IsMember(h.self) {
		refuse(fmt.Errorf("team %s is gone: %v", inv.Team, err))
		return
	}
	if team.IsRemoved(joiner) {
		refuse(errors.New("the joiner was removed from this team before"))
		return
	}
	add := team.Patch()
	add.Members = map[DeviceID]Member{joiner: {Name: name, Stamp: h.clock.Now(), By: h.name(), Addrs: callerAddrs(r)}}
	team, _, err = h.teams.merge(add)
	if err != nil {
		refuse(err)
		return
	}
	if err := h.invites.use(id, inv); err != nil {
		h.logf("saving invite: %v", err)
	}
	answer, err := joinProof(inv.Code, "inviter", *r.TLS, h.self, joiner)
	if err != nil {
		refuse(err)
		return
	}
	h.book.heardFrom(joiner, callerAddrs(r))
	writeJSON(w, joinResponse{Proof: hex.EncodeToString(answer), Team: team})
	h.emit(Event{Kind: EventTeams})
	h.puller.pokeTeam(team)
	h.puller.schedule(joiner)
}
