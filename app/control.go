package app

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"path/filepath"
	"strconv"
	"sync"
	"time"

	"readyroom/app/lan"
	"readyroom/readiness"
)

// The control socket: while an instance (window or headless peer) holds a
// data directory, command-line calls on that directory reach it through
// control.sock in the directory (mode 0600: the user only), the way a CLI
// talks to its daemon. Requests are JSON over HTTP on the socket:
//
//	POST /v1/call {"op": "...", "args": ["..."]} → 200 result JSON | 4xx/5xx {"error": "..."}

// ControlSocket is the socket's file name in the data directory.
const ControlSocket = "control.sock"

// Control is what the command line asks of Ready Room, whether it runs in
// this process (no instance holds the data) or in another (through the
// control socket).
type Control interface {
	CreateTeam(name string) (TeamView, error)
	Invite(team string) (InviteView, error)
	Join(device, addr, code string) (TeamView, error)
	Members(team string) ([]lan.MemberView, error)
	RemoveMember(team, device string) (TeamView, error)
	Share(record, team string) (TeamView, error)
	Peers() (NetworkStatus, error)
	List() ([]Listing, error)
	SetItem(record, item string, set ItemSet) (ItemResult, error)
	Render(req ExportRequest) ([]byte, error)
	TemplateControl
	BackupControl
	ImportArchive(path string) (ImportReport, error)
	Write(req WriteRequest) (WriteResult, error)
	RecordShow(id string) (RecordView, error)
	Services() ([]ServiceFigures, error)
	ServicePage(name string) (ServicePage, error)
	People() ([]readiness.PersonEntry, error)
}

// TemplateControl is the template library as the command line reaches it.
type TemplateControl interface {
	TemplateList() ([]TemplateEntry, error)
	TemplateShow(name string) (TemplateView, error)
	TemplateDraft(id string) (DraftView, error)
	TemplateFile(name string) ([]byte, error)
	TemplateImport(path, format, as string) (TemplateImport, error)
	TemplatePublish(id string) (TemplateView, error)
	TemplateShare(template, team string) (TeamView, error)
	RecordUpgrade(record string, version int, dryRun bool) (UpgradeResult, error)
}

// UpgradeResult is what `readyroom record upgrade` did, or would do.
type UpgradeResult struct {
	UpgradeView
	Upgraded bool   `json:"upgraded"`
	From     int    `json:"from"`
	To       int    `json:"to"`
	Record   string `json:"record"`
}

// Local runs Control in this process.
type Local struct {
	Records *Records
	Network *Network
}

var _ Control = Local{}
var _ Control = (*Remote)(nil)

func (l Local) CreateTeam(name string) (TeamView, error) { return l.Network.CreateTeam(name) }
func (l Local) Invite(team string) (InviteView, error)   { return l.Network.Invite(team) }
func (l Local) Join(device, addr, code string) (TeamView, error) {
	return l.Network.Join(device, addr, code)
}
func (l Local) Members(team string) ([]lan.MemberView, error) {
	v, err := l.Network.teamByID(team)
	return v.Members, err
}
func (l Local) RemoveMember(team, device string) (TeamView, error) {
	return l.Network.RemoveMember(team, device)
}
func (l Local) Share(record, team string) (TeamView, error) {
	return l.Network.Share(record, team, true)
}
func (l Local) Peers() (NetworkStatus, error)                { return l.Network.Status() }
func (l Local) List() ([]Listing, error)                     { return l.Records.Listing() }
func (l Local) Services() ([]ServiceFigures, error)          { return l.Records.Services() }
func (l Local) ServicePage(name string) (ServicePage, error) { return l.Records.Service(name) }
func (l Local) People() ([]readiness.PersonEntry, error)     { return l.Records.People() }
func (l Local) SetItem(record, item string, set ItemSet) (ItemResult, error) {
	return l.Records.SetItem(record, item, set)
}
func (l Local) Render(req ExportRequest) ([]byte, error)    { return l.Records.RenderBytes(req) }
func (l Local) Write(req WriteRequest) (WriteResult, error) { return l.Records.Write(req) }
func (l Local) RecordShow(id string) (RecordView, error)    { return l.Records.Get(id) }
func (l Local) ImportArchive(path string) (ImportReport, error) {
	return l.Records.ImportArchiveFile(path)
}
func (l Local) TemplateList() ([]TemplateEntry, error) { return l.Records.Templates().Library() }
func (l Local) TemplateShow(name string) (TemplateView, error) {
	return l.Records.Templates().Version(name)
}
func (l Local) TemplateDraft(id string) (DraftView, error) {
	return l.Records.Templates().Draft(id)
}
func (l Local) TemplateFile(name string) ([]byte, error) {
	b, _, err := l.Records.Templates().ExportFile(name)
	return b, err
}
func (l Local) TemplateImport(path, format, as string) (TemplateImport, error) {
	return l.Records.Templates().ImportFile(path, format, as)
}
func (l Local) TemplateShare(template, team string) (TeamView, error) {
	if err := l.Network.ShareTemplate(template, team, true); err != nil {
		return TeamView{}, err
	}
	return l.Network.teamByID(team)
}
func (l Local) TemplatePublish(id string) (TemplateView, error) {
	return l.Records.Templates().Publish(id)
}
func (l Local) RecordUpgrade(record string, version int, dryRun bool) (UpgradeResult, error) {
	t := l.Records.Templates()
	p, err := t.PreviewUpgrade(record, version)
	if err != nil {
		return UpgradeResult{}, err
	}
	res := UpgradeResult{UpgradeView: p, From: p.Preview.Diff.From.Version, To: p.Preview.Diff.To.Version, Record: record}
	if dryRun {
		return res, nil
	}
	if _, err := t.Upgrade(record, res.To); err != nil {
		return UpgradeResult{}, err
	}
	res.Upgraded = true
	return res, nil
}

type controlCall struct {
	Op   string   `json:"op"`
	Args []string `json:"args"`
}

// dispatch runs one call against c.
func dispatch(c Control, call controlCall) (any, error) {
	arg := func(i int) string {
		if i < len(call.Args) {
			return call.Args[i]
		}
		return ""
	}
	if res, ok, err := dispatchBackup(c, call); ok {
		return res, err
	}
	switch call.Op {
	case "createTeam":
		return c.CreateTeam(arg(0))
	case "invite":
		return c.Invite(arg(0))
	case "join":
		return c.Join(arg(0), arg(1), arg(2))
	case "members":
		return c.Members(arg(0))
	case "removeMember":
		return c.RemoveMember(arg(0), arg(1))
	case "share":
		return c.Share(arg(0), arg(1))
	case "peers":
		return c.Peers()
	case "list":
		return c.List()
	case "services":
		return c.Services()
	case "servicePage":
		return c.ServicePage(arg(0))
	case "people":
		return c.People()
	case "render":
		var req ExportRequest
		if err := json.Unmarshal([]byte(arg(0)), &req); err != nil {
			return nil, fmt.Errorf("render: %w", err)
		}
		return c.Render(req)
	case "write":
		var req WriteRequest
		if err := json.Unmarshal([]byte(arg(0)), &req); err != nil {
			return nil, fmt.Errorf("write: %w", err)
		}
		return c.Write(req)
	case "recordShow":
		return c.RecordShow(arg(0))
	case "importArchive":
		return c.ImportArchive(arg(0))
	case "templateList":
		return c.TemplateList()
	case "templateShow":
		return c.TemplateShow(arg(0))
	case "templateDraft":
		return c.TemplateDraft(arg(0))
	case "templateFile":
		return c.TemplateFile(arg(0))
	case "templateImport":
		return c.TemplateImport(arg(0), arg(1), arg(2))
	case "templateShare":
		return c.TemplateShare(arg(0), arg(1))
	case "templatePublish":
		return c.TemplatePublish(arg(0))
	case "recordUpgrade":
		version, err := strconv.Atoi(arg(1))
		if err != nil {
			return nil, fmt.Errorf("recordUpgrade: %w", err)
		}
		return c.RecordUpgrade(arg(0), version, arg(2) == "dry-run")
	case "setItem":
		var set ItemSet
		if err := json.Unmarshal([]byte(arg(2)), &set); err != nil {
			return nil, fmt.Errorf("setItem: %w", err)
		}
		return c.SetItem(arg(0), arg(1), set)
	}
	return nil, fmt.Errorf("unknown control call %q", call.Op)
}

// ServeControl listens on the data directory's control socket until ctx
// ends. A socket file left by an instance that died is replaced; one that
// answers means another instance holds the directory (the database lock
// normally says so first).
func ServeControl(ctx context.Context, dataDir string, c Control) (func(), error) {
	path := filepath.Join(dataDir, ControlSocket)
	if conn, err := net.DialTimeout("unix", path, time.Second); err == nil {
		conn.Close()
		return nil, fmt.Errorf("another Ready Room answers on %s", path)
	}
	if fi, err := os.Lstat(path); err == nil {
		if fi.Mode()&os.ModeSocket == 0 {
			return nil, fmt.Errorf("%s is %s, not the control socket a Ready Room left behind: move it aside (Ready Room makes the socket there)", path, kindOf(fi.Mode()))
		}
		os.Remove(path) // left by an instance that died
	}
	l, err := listenPrivate(path)
	if err != nil {
		return nil, fmt.Errorf("opening the control socket: %w", err)
	}
	srv := &http.Server{
		ReadHeaderTimeout: 5 * time.Second,
		IdleTimeout:       30 * time.Second,
		MaxHeaderBytes:    8 << 10,
		Handler: http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			if r.Method != http.MethodPost || r.URL.Path != "/v1/call" {
				http.NotFound(w, r)
				return
			}
			var call controlCall
			if err := json.NewDecoder(http.MaxBytesReader(w, r.Body, 64<<10)).Decode(&call); err != nil {
				writeControl(w, http.StatusBadRequest, nil, err)
				return
			}
			res, err := dispatch(c, call)
			writeControl(w, http.StatusOK, res, err)
		}),
	}
	mine, _ := os.Lstat(path) // the socket this instance made
	go srv.Serve(l)
	var once sync.Once
	stop := func() {
		once.Do(func() {
			sctx, cancel := context.WithTimeout(context.Background(), 2*time.Second)
			defer cancel()
			srv.Shutdown(sctx)
			// Remove the socket only if it is still this instance's: another
			// instance started on the directory after this one let go of
			// the database may have made its own there.
			if now, err := os.Lstat(path); err == nil && mine != nil && os.SameFile(now, mine) {
				os.Remove(path)
			}
		})
	}
	go func() {
		<-ctx.Done()
		stop()
	}()
	return stop, nil
}

// controlError is a refusal as the control socket sends it: the message,
// and the code of its kind (ErrorCode), so that the command on the other
// side can tell a record not found from a locked database as the instance
// could.
type controlError struct {
	Error string `json:"error"`
	Code  string `json:"code,omitempty"`
}

// remoteError is a controlError received: its message, and the sentinel
// error of its code (errors.Is sees it), if there is one.
type remoteError struct {
	msg  string
	kind error
}

func (e *remoteError) Error() string { return e.msg }
func (e *remoteError) Unwrap() error { return e.kind }

// sentinelOf is the first sentinel error with the code, nil for none.
func sentinelOf(code string) error {
	for _, c := range codes {
		if c.code == code {
			return c.err
		}
	}
	return nil
}

func writeControl(w http.ResponseWriter, code int, res any, err error) {
	w.Header().Set("Content-Type", "application/json")
	if err != nil {
		if code == http.StatusOK {
			code = http.StatusUnprocessableEntity
		}
		w.WriteHeader(code)
		json.NewEncoder(w).Encode(controlError{Error: err.Error(), Code: ErrorCode(err)})
		return
	}
	json.NewEncoder(w).Encode(res)
}

// Remote is Control over another instance's control socket.
type Remote struct {
	client *http.Client
}

// ErrNoInstance means no instance answers on the data directory's socket.
var ErrNoInstance = errors.New("no Ready Room instance holds this data directory")

// DialControl connects to the instance holding dataDir, or returns
// ErrNoInstance.
func DialControl(dataDir string) (*Remote, error) {
	path := filepath.Join(dataDir, ControlSocket)
	conn, err := net.DialTimeout("unix", path, time.Second)
	if err != nil {
		return nil, ErrNoInstance
	}
	conn.Close()
	tr := &http.Transport{
		DisableKeepAlives: true, // one connection per call: a caller never leaves one open
		DialContext: func(ctx context.Context, _, _ string) (net.Conn, error) {
			var d net.Dialer
			return d.DialContext(ctx, "unix", path)
		},
	}
	return &Remote{client: &http.Client{Transport: tr, Timeout: 60 * time.Second}}, nil
}

func remoteCall[T any](r *Remote, op string, args ...string) (T, error) {
	var out T
	body, _ := json.Marshal(controlCall{Op: op, Args: args})
	resp, err := r.client.Post("http://readyroom/v1/call", "application/json", bytes.NewReader(body))
	if err != nil {
		return out, fmt.Errorf("talking to the running Ready Room: %w", err)
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(io.LimitReader(resp.Body, 64<<20))
	if err != nil {
		return out, err
	}
	if resp.StatusCode != http.StatusOK {
		var ce controlError
		if json.Unmarshal(b, &ce) == nil && ce.Error != "" {
			return out, &remoteError{msg: ce.Error, kind: sentinelOf(ce.Code)}
		}
		return out, fmt.Errorf("the running Ready Room answered %s", resp.Status)
	}
	return out, json.Unmarshal(b, &out)
}

func (r *Remote) CreateTeam(name string) (TeamView, error) {
	return remoteCall[TeamView](r, "createTeam", name)
}
func (r *Remote) Invite(team string) (InviteView, error) {
	return remoteCall[InviteView](r, "invite", team)
}
func (r *Remote) Join(device, addr, code string) (TeamView, error) {
	return remoteCall[TeamView](r, "join", device, addr, code)
}
func (r *Remote) Members(team string) ([]lan.MemberView, error) {
	return remoteCall[[]lan.MemberView](r, "members", team)
}
func (r *Remote) RemoveMember(team, device string) (TeamView, error) {
	return remoteCall[TeamView](r, "removeMember", team, device)
}
func (r *Remote) Share(record, team string) (TeamView, error) {
	return remoteCall[TeamView](r, "share", record, team)
}
func (r *Remote) Peers() (NetworkStatus, error) { return remoteCall[NetworkStatus](r, "peers") }
func (r *Remote) List() ([]Listing, error)      { return remoteCall[[]Listing](r, "list") }
func (r *Remote) Services() ([]ServiceFigures, error) {
	return remoteCall[[]ServiceFigures](r, "services")
}
func (r *Remote) ServicePage(name string) (ServicePage, error) {
	return remoteCall[ServicePage](r, "servicePage", name)
}
func (r *Remote) People() ([]readiness.PersonEntry, error) {
	return remoteCall[[]readiness.PersonEntry](r, "people")
}
func (r *Remote) Render(req ExportRequest) ([]byte, error) {
	b, err := json.Marshal(req)
	if err != nil {
		return nil, err
	}
	return remoteCall[[]byte](r, "render", string(b))
}
func (r *Remote) SetItem(record, item string, set ItemSet) (ItemResult, error) {
	b, err := json.Marshal(set)
	if err != nil {
		return ItemResult{}, err
	}
	return remoteCall[ItemResult](r, "setItem", record, item, string(b))
}

func (r *Remote) Write(req WriteRequest) (WriteResult, error) {
	b, err := json.Marshal(req)
	if err != nil {
		return WriteResult{}, err
	}
	return remoteCall[WriteResult](r, "write", string(b))
}
func (r *Remote) RecordShow(id string) (RecordView, error) {
	return remoteCall[RecordView](r, "recordShow", id)
}
func (r *Remote) ImportArchive(path string) (ImportReport, error) {
	return remoteCall[ImportReport](r, "importArchive", path)
}
func (r *Remote) TemplateList() ([]TemplateEntry, error) {
	return remoteCall[[]TemplateEntry](r, "templateList")
}
func (r *Remote) TemplateShow(name string) (TemplateView, error) {
	return remoteCall[TemplateView](r, "templateShow", name)
}
func (r *Remote) TemplateDraft(id string) (DraftView, error) {
	return remoteCall[DraftView](r, "templateDraft", id)
}
func (r *Remote) TemplateFile(name string) ([]byte, error) {
	return remoteCall[[]byte](r, "templateFile", name)
}
func (r *Remote) TemplateImport(path, format, as string) (TemplateImport, error) {
	return remoteCall[TemplateImport](r, "templateImport", path, format, as)
}
func (r *Remote) TemplateShare(template, team string) (TeamView, error) {
	return remoteCall[TeamView](r, "templateShare", template, team)
}
func (r *Remote) TemplatePublish(id string) (TemplateView, error) {
	return remoteCall[TemplateView](r, "templatePublish", id)
}
func (r *Remote) RecordUpgrade(record string, version int, dryRun bool) (UpgradeResult, error) {
	mode := ""
	if dryRun {
		mode = "dry-run"
	}
	return remoteCall[UpgradeResult](r, "recordUpgrade", record, strconv.Itoa(version), mode)
}
