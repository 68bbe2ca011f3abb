package app

import (
	"errors"
	"fmt"
	"os/user"
	"slices"
	"strings"
	"sync"
	"time"

	"github.com/oklog/ulid/v2"

	"readyroom/app/store"
	"readyroom/readiness"
)

// Records is the application service for readiness records: it makes changes
// with the domain's Maker, stores them, and returns what the UI shows. It is
// safe for concurrent use.
type Records struct {
	db  *store.DB
	now func() time.Time

	mu    sync.Mutex // serialises make-and-apply so parents are current
	maker readiness.Maker
	// attention caches every record's attention items for the home screen
	// (decoding them is most of its cost); nil until first needed, and
	// updated by every write that goes through Records.
	attention map[readiness.RecordID][]readiness.AttentionItem
	// search caches every record's searchable text, lowered; like attention.
	search map[readiness.RecordID]searchDoc
	// home caches the home screen's rows, record by record (see homeCache).
	home *homeCache
	// indexing is the search index being built in the background, if it is.
	indexing *indexing

	// dirty lists the records changed since the caches were last brought
	// up to date: the store tells of every commit (edits here, changes
	// from peers, imports), and what reads the caches first refreshes them
	// (see fresh). all is set when too many changed to refresh one by one.
	dirtyMu     sync.Mutex
	dirty       map[readiness.RecordID]bool
	dirtyAll    bool
	unsubscribe func()
}

// maxDirty is how many changed records fresh reloads one by one; past
// that it drops the caches and they are rebuilt when next needed.
const maxDirty = 64

// NewRecords builds the service on an open store. now is the wall clock
// (time.Now when nil).
func NewRecords(db *store.DB, now func() time.Time) (*Records, error) {
	if now == nil {
		now = time.Now
	}
	author, err := db.Setting(store.SettingAuthor)
	if err != nil {
		return nil, err
	}
	if author == "" || !readiness.CleanLine(author) {
		author = defaultAuthor()
	}
	// The clock starts past every change stored: it never reads earlier after
	// a restart, even if the wall clock was set back, so this replica's
	// change ids stay unique and increasing.
	clock := readiness.NewClock(now)
	latest, err := db.LatestStamp()
	if err != nil {
		return nil, err
	}
	clock.Observe(latest)
	s := &Records{db: db, now: now, maker: readiness.Maker{
		Clock: clock, Replica: db.Replica(), Author: author,
	}}
	s.unsubscribe = db.Subscribe(s.committed)
	return s, nil
}

// Close stops following the store's commits.
func (s *Records) Close() {
	if s.unsubscribe != nil {
		s.unsubscribe()
	}
}

// committed notes the records a commit changed; the caches catch up when
// next read (it runs in the committing goroutine, which may hold s.mu).
func (s *Records) committed(c store.Commit) {
	s.dirtyMu.Lock()
	defer s.dirtyMu.Unlock()
	if s.dirtyAll {
		return
	}
	if s.dirty == nil {
		s.dirty = map[readiness.RecordID]bool{}
	}
	for _, id := range c.Records {
		s.dirty[id] = true
	}
	if len(s.dirty) > maxDirty {
		s.dirtyAll, s.dirty = true, nil
	}
}

// fresh brings the caches up to date with every commit since they were
// last read. Callers hold s.mu.
func (s *Records) fresh() {
	s.dirtyMu.Lock()
	ids, all := s.dirty, s.dirtyAll
	s.dirty, s.dirtyAll = nil, false
	s.dirtyMu.Unlock()
	if all {
		s.forget()
		return
	}
	if s.attention == nil && s.search == nil && s.home == nil && s.indexing == nil {
		return
	}
	for id := range ids {
		d, err := s.db.Doc(id)
		if err != nil {
			delete(s.attention, id)
			delete(s.search, id)
			if s.indexing != nil {
				delete(s.indexing.changed, id)
			}
			if s.home != nil {
				s.home.touch(id)
			}
			continue
		}
		s.loaded(&d)
	}
}

func defaultAuthor() string {
	if u, err := user.Current(); err == nil {
		if name := strings.TrimSpace(strings.Split(u.Name, ",")[0]); name != "" && len(name) <= 120 && readiness.CleanLine(name) {
			return name
		}
		if u.Username != "" && len(u.Username) <= 120 && readiness.CleanLine(u.Username) {
			return u.Username
		}
	}
	return "Me"
}

// Author is the name written into this replica's changes.
func (s *Records) Author() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.maker.Author
}

// SetAuthor changes the name written into new changes.
func (s *Records) SetAuthor(name string) error {
	name = strings.TrimSpace(name)
	if err := readiness.Var("name", name, "required,max=120,line"); err != nil {
		return err
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	if err := s.db.SetSetting(store.SettingAuthor, name); err != nil {
		return err
	}
	s.maker.Author = name
	return nil
}

// RecordView is a record as the record screen shows it.
type RecordView struct {
	Record readiness.Record `json:"record"`
	// Standing is where the record stands today, by the one set of rules
	// (readiness.StandingOf); Progress and Step are its parts.
	Standing  readiness.Standing   `json:"standing"`
	Progress  readiness.Progress   `json:"progress"`
	Conflicts []readiness.Conflict `json:"conflicts"`
	Step      readiness.Step       `json:"step"`
	Figures   readiness.Figures    `json:"figures"`
	// StaleAcks lists acknowledgements given before a later material change.
	StaleAcks []readiness.EntityID `json:"staleAcks"`
	// AckOrigins says where each acknowledgement that records it came from,
	// in words (readiness.Ack.Provenance), and which were recorded on
	// someone else's behalf.
	AckOrigins []AckOrigin `json:"ackOrigins"`
	// HypercareOverdue is set when an open window has run past its end.
	HypercareOverdue bool `json:"hypercareOverdue"`
	// UndoLabel describes what Undo would revert; empty when nothing can be undone.
	UndoLabel string `json:"undoLabel"`
	Changes   int    `json:"changes"`
	// Template is the version the record follows, and the newest.
	Template TemplateStatus `json:"template"`
}

// AckOrigin is where one acknowledgement came from, for the window.
type AckOrigin struct {
	ID       readiness.EntityID `json:"id"`
	Words    string             `json:"words"`
	OnBehalf bool               `json:"onBehalf"`
}

func (s *Records) view(d *readiness.Doc) (RecordView, error) {
	s.loaded(d)
	now := s.now()
	st := readiness.StandingOf(&d.Record, now)
	v := RecordView{
		Record: d.Record, Standing: st, Progress: st.Progress,
		Conflicts: d.Conflicts(), Changes: d.Changes, Step: st.Next,
		Figures: d.Record.Hypercare.FiguresOf(), StaleAcks: []readiness.EntityID{},
		HypercareOverdue: d.Record.Hypercare.Overdue(readiness.DateOf(now)),
	}
	v.AckOrigins = []AckOrigin{}
	for _, a := range d.Record.Acks {
		if a.Stale(&d.Record) {
			v.StaleAcks = append(v.StaleAcks, a.ID)
		}
		if w := a.Provenance(); w != "" {
			v.AckOrigins = append(v.AckOrigins, AckOrigin{ID: a.ID, Words: w, OnBehalf: a.OnBehalf()})
		}
	}
	if v.Conflicts == nil {
		v.Conflicts = []readiness.Conflict{}
	}
	target, ok, err := s.undoTarget(d.Record.ID)
	if err != nil {
		return RecordView{}, err
	}
	if ok {
		v.UndoLabel = d.Record.Describe(target.Path)
	}
	if v.Template, err = s.Templates().StatusOf(&d.Record); err != nil {
		return RecordView{}, err
	}
	return v, nil
}

// undoTarget finds the change Undo would revert, reading the log backwards
// only as far as it must.
func (s *Records) undoTarget(id readiness.RecordID) (readiness.Change, bool, error) {
	var scanErr error
	target, ok := s.maker.UndoTarget(func(yield func(readiness.Change) bool) {
		scanErr = s.db.ScanNewestFirst(id, yield)
	})
	return target, ok, scanErr
}

// Create makes a record from the new-record flow.
func (s *Records) Create(in readiness.NewRecord) (RecordView, error) { return s.createAs("", in) }

// createAs is Create with the creating change authored by author ("" for
// this device's author name).
func (s *Records) createAs(author string, in readiness.NewRecord) (RecordView, error) {
	trimNewRecord(&in)
	s.mu.Lock()
	defer s.mu.Unlock()
	cat, err := s.db.Catalog()
	if err != nil {
		return RecordView{}, err
	}
	m := s.maker
	if author != "" {
		m.Author = author
	}
	c, err := m.Create(readiness.RecordID(ulid.Make().String()), in, cat)
	if err != nil {
		return RecordView{}, err
	}
	if _, err := s.db.Apply(c); err != nil {
		return RecordView{}, err
	}
	return s.load(c.Record)
}

// loaded keeps the caches in step with a record just read.
func (s *Records) loaded(d *readiness.Doc) {
	if s.attention != nil {
		s.attention[d.Record.ID] = readiness.Attention(&d.Record)
	}
	if s.search != nil {
		s.search[d.Record.ID] = lowered(readiness.SearchEntries(&d.Record), nil)
	} else if s.indexing != nil {
		s.indexing.changed[d.Record.ID] = lowered(readiness.SearchEntries(&d.Record), nil)
	}
	if s.home != nil {
		s.home.touch(d.Record.ID)
	}
}

// forget drops the caches after many records changed at once.
func (s *Records) forget() {
	s.attention, s.search, s.home = nil, nil, nil
	if s.indexing != nil {
		s.indexing.forgotten = true
	}
}

func trimNewRecord(in *readiness.NewRecord) {
	for _, p := range []*string{&in.Service, &in.Title, &in.Squad, &in.SDM, &in.MaintenanceTeam, &in.GoLive, &in.TierReason, &in.Template} {
		*p = strings.TrimSpace(*p)
	}
}

// Get returns a record.
func (s *Records) Get(id string) (RecordView, error) {
	rid, err := readiness.ParseRecordID(id)
	if err != nil {
		return RecordView{}, err
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.load(rid)
}

func (s *Records) load(id readiness.RecordID) (RecordView, error) {
	d, err := s.db.Doc(id)
	if err != nil {
		return RecordView{}, err
	}
	return s.view(&d)
}

// Do runs an operation (a list of edits worked out from the record as it
// stands) and stores its changes in one transaction.
func (s *Records) Do(id string, op func(r *readiness.Record, now time.Time) ([]readiness.Edit, error)) (RecordView, error) {
	return s.doAs("", id, op)
}

// doAs is Do with the changes authored by author ("" for this device's
// author name): a copy of the maker, under the lock commit holds.
func (s *Records) doAs(author, id string, op func(r *readiness.Record, now time.Time) ([]readiness.Edit, error)) (RecordView, error) {
	return s.commit(id, func(d *readiness.Doc) ([]readiness.Change, error) {
		edits, err := op(&d.Record, s.now())
		if err != nil {
			return nil, err
		}
		m := s.maker
		if author != "" {
			m.Author = author
		}
		return m.EditAll(d, edits)
	})
}

// Edit sets one path of a record to a value and returns the record after it.
func (s *Records) Edit(id string, p readiness.Path, value any) (RecordView, error) {
	return s.write(id, func(d *readiness.Doc) (readiness.Change, error) {
		return s.maker.Edit(d, p, value)
	})
}

// Undo reverts this replica's newest change to a record not yet undone.
func (s *Records) Undo(id string) (RecordView, error) {
	return s.write(id, func(d *readiness.Doc) (readiness.Change, error) {
		target, ok, err := s.undoTarget(d.Record.ID)
		if err != nil {
			return readiness.Change{}, err
		}
		if !ok {
			return readiness.Change{}, readiness.ErrNothingToUndo
		}
		var created readiness.Change
		if len(target.Parents) == 0 {
			if created, err = s.db.Created(d.Record.ID); err != nil {
				return readiness.Change{}, err
			}
		}
		cat, err := s.db.Catalog()
		if err != nil {
			return readiness.Change{}, err
		}
		before, err := readiness.ValueBefore(target, func(cid readiness.ChangeID) (readiness.Change, bool) {
			c, err := s.db.Change(d.Record.ID, cid)
			return c, err == nil
		}, created, cat)
		if err != nil {
			return readiness.Change{}, err
		}
		return s.maker.UndoWith(d, target, before), nil
	})
}

// Resolve settles a conflict by keeping one of its values.
func (s *Records) Resolve(id string, p readiness.Path, keep readiness.ChangeID) (RecordView, error) {
	return s.write(id, func(d *readiness.Doc) (readiness.Change, error) {
		return s.maker.Resolve(d, p, keep)
	})
}

// write makes one change against the record as stored, applies it, and
// returns the record after it.
func (s *Records) write(id string, mk func(*readiness.Doc) (readiness.Change, error)) (RecordView, error) {
	return s.commit(id, func(d *readiness.Doc) ([]readiness.Change, error) {
		c, err := mk(d)
		return []readiness.Change{c}, err
	})
}

// commit makes changes against the record as stored, under the lock so
// their parents are current, stores them in one transaction, and returns
// the record after them.
func (s *Records) commit(id string, mk func(*readiness.Doc) ([]readiness.Change, error)) (RecordView, error) {
	rid, err := readiness.ParseRecordID(id)
	if err != nil {
		return RecordView{}, err
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	d, err := s.db.Doc(rid)
	if err != nil {
		return RecordView{}, err
	}
	changes, err := mk(&d)
	if err != nil {
		return RecordView{}, err
	}
	var after readiness.Doc
	if len(changes) == 1 {
		after, err = s.db.ApplyOne(changes[0])
	} else {
		if _, err = s.db.Apply(changes...); err == nil {
			after, err = s.db.Doc(rid)
		}
	}
	if err != nil {
		return RecordView{}, err
	}
	return s.view(&after)
}

// History lists a record's changes, newest first.
func (s *Records) History(id string) ([]readiness.HistoryEntry, error) {
	rid, err := readiness.ParseRecordID(id)
	if err != nil {
		return nil, err
	}
	d, err := s.db.Doc(rid)
	if err != nil {
		return nil, err
	}
	log, err := s.db.Log(rid)
	if err != nil {
		return nil, err
	}
	return readiness.History(&d.Record, log), nil
}

// ErrInput wraps a malformed argument from the UI.
var ErrInput = errors.New("invalid input")

func checkOneOf(field, value string, allowed []string) error {
	if !slices.Contains(allowed, value) {
		return fmt.Errorf("%w: %s %q is not one of %s", ErrInput, field, value, strings.Join(allowed, ", "))
	}
	return nil
}
