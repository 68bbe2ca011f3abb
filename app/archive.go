package app

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"syscall"
	"time"

	"readyroom/app/store"
	"readyroom/readiness"
)

// An archive is records as their change logs, with the template versions
// they name: what `readyroom export json` writes and `readyroom import`
// merges, documented by docs/archive.schema.json. Importing is what a pull
// from a teammate is — each change is checked and stored as it was made
// (its id, author and time), a change already held is a no-op, and edits
// made meanwhile on both sides become conflicts — so a round trip loses
// nothing: every record folds again to what it was, with its history.

// ArchiveFormat names the archive's format; a later one is refused as made
// by a newer Ready Room.
const ArchiveFormat = "readyroom-archive/1"

// MaxArchive is the largest archive Import reads (about 2,500 filled Gold
// records).
const MaxArchive = 256 << 20

// maxFuture is how far ahead of this device's clock an imported change may
// be stamped before it is held back (as a teammate's would be).
const maxFuture = 5 * time.Minute

// Archive is the JSON document.
type Archive struct {
	Format     string    `json:"format"`
	ExportedAt time.Time `json:"exportedAt"`
	// By and Replica say who exported it, from which database.
	By      string              `json:"by"`
	Replica readiness.ReplicaID `json:"replica"`
	Records []ArchivedRecord    `json:"records"`
	// Templates are the canonical texts of the organisation's template
	// versions the records name (the shipped ones come with Ready Room).
	Templates []json.RawMessage `json:"templates"`
}

// ArchivedRecord is one record: its change log, creation first.
type ArchivedRecord struct {
	ID      readiness.RecordID `json:"id"`
	Title   string             `json:"title"` // for people reading the file
	Changes []readiness.Change `json:"changes"`
}

// ExportArchive writes the records (every record when ids is empty) as an
// archive.
func (s *Records) ExportArchive(ids []string) ([]byte, error) {
	var rids []readiness.RecordID
	if len(ids) == 0 {
		sums, err := s.db.Summaries()
		if err != nil {
			return nil, err
		}
		for _, sm := range sums {
			rids = append(rids, sm.ID)
		}
	} else {
		for _, id := range ids {
			rid, err := readiness.ParseRecordID(id)
			if err != nil {
				return nil, err
			}
			rids = append(rids, rid)
		}
	}
	slices.Sort(rids)
	rids = slices.Compact(rids)
	a := Archive{Format: ArchiveFormat, ExportedAt: s.now().UTC().Truncate(time.Second), By: s.Author(), Replica: s.db.Replica(),
		Records: make([]ArchivedRecord, 0, len(rids)), Templates: []json.RawMessage{}}
	seen := map[string]bool{}
	for _, id := range rids {
		d, err := s.db.Doc(id)
		if err != nil {
			return nil, err
		}
		log, err := s.db.Log(id)
		if err != nil {
			return nil, err
		}
		// Creation first, then clock order, as a reader expects.
		slices.SortStableFunc(log, func(x, y readiness.Change) int {
			if (x.Path == readiness.PathCreate) != (y.Path == readiness.PathCreate) {
				if x.Path == readiness.PathCreate {
					return -1
				}
				return 1
			}
			return strings.Compare(string(x.ID), string(y.ID))
		})
		a.Records = append(a.Records, ArchivedRecord{ID: id, Title: d.Record.Service + " — " + d.Record.Title, Changes: log})
		for _, ref := range d.Templates {
			if readiness.IsShipped(ref.ID) || seen[ref.Digest] {
				continue
			}
			text, err := s.db.TemplateText(ref.Digest)
			if err != nil {
				return nil, fmt.Errorf("record %s names template %s: %w", id, ref, err)
			}
			seen[ref.Digest] = true
			a.Templates = append(a.Templates, text)
		}
	}
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetIndent("", " ")
	if err := enc.Encode(&a); err != nil {
		return nil, err
	}
	return buf.Bytes(), nil
}

// ImportReport says what an import did, in words and in figures.
type ImportReport struct {
	Records []ImportedRecord `json:"records"`
	// Added, Had and Refused count changes; Templates the template
	// versions new here.
	Added     int `json:"added"`
	Had       int `json:"had"`
	Held      int `json:"held"`
	Refused   int `json:"refused"`
	Templates int `json:"templates"`
}

// ImportedRecord is what the import did to one record.
type ImportedRecord struct {
	ID    string `json:"id"`
	Title string `json:"title"`
	// Outcome: "added" (new here), "updated" (changes added to a record
	// held), "unchanged" (every change held already), "refused".
	Outcome string `json:"outcome"`
	Added   int    `json:"added"`
	Had     int    `json:"had"`
	Held    int    `json:"held"` // stamped ahead of this device's clock: applied when it catches up
	Reason  string `json:"reason,omitempty"`
}

// RefusedRecords counts the records the import refused.
func (r *ImportReport) RefusedRecords() int {
	n := 0
	for _, rec := range r.Records {
		if rec.Outcome == "refused" {
			n++
		}
	}
	return n
}

// Words says the report in a line for each record and a line of totals.
func (r *ImportReport) Words() string {
	var b strings.Builder
	for _, rec := range r.Records {
		switch rec.Outcome {
		case "added":
			fmt.Fprintf(&b, "added %s %s (%s)\n", rec.ID, rec.Title, plural(rec.Added, "change"))
		case "updated":
			fmt.Fprintf(&b, "updated %s %s: %s new, %d already here\n", rec.ID, rec.Title, plural(rec.Added, "change"), rec.Had)
		case "unchanged":
			fmt.Fprintf(&b, "already here %s %s (%s)\n", rec.ID, rec.Title, plural(rec.Had, "change"))
		default:
			fmt.Fprintf(&b, "refused %s %s: %s\n", rec.ID, rec.Title, rec.Reason)
		}
		if rec.Held > 0 {
			fmt.Fprintf(&b, "  %s stamped ahead of this device's clock, applied when it catches up\n", plural(rec.Held, "change"))
		}
	}
	fmt.Fprintf(&b, "%s added, %d already here, %d refused", plural(r.Added, "change"), r.Had, r.Refused)
	if r.Templates > 0 {
		fmt.Fprintf(&b, "; %s", plural(r.Templates, "template version"))
	}
	return b.String()
}

// errArchive marks an archive that cannot be read.
var errArchive = errors.New("not an archive Ready Room can import")

// ImportArchive merges an archive: its template versions first (each
// checked against its digest), then each record's changes in one
// transaction, as a pull from a teammate is stored. A record whose changes
// are refused is reported and leaves nothing behind; the others still
// import.
func (s *Records) ImportArchive(b []byte) (ImportReport, error) {
	if len(b) > MaxArchive {
		return ImportReport{}, fmt.Errorf("%w: it is %d MiB, over the %d MiB an archive may take", errArchive, len(b)>>20, MaxArchive>>20)
	}
	b = bytes.TrimPrefix(b, []byte("\ufeff")) // a byte order mark, as some Windows tools write
	var probe struct {
		Format string `json:"format"`
	}
	if err := json.Unmarshal(b, &probe); err != nil {
		return ImportReport{}, fmt.Errorf("%w: %v", errArchive, jsonWords(b, err))
	}
	switch {
	case probe.Format == ArchiveFormat:
	case strings.HasPrefix(probe.Format, "readyroom-archive/"):
		return ImportReport{}, fmt.Errorf("%w: it is %s, made by a newer Ready Room (this one reads %s): update Ready Room", errArchive, probe.Format, ArchiveFormat)
	default:
		return ImportReport{}, fmt.Errorf("%w: it names no format %q", errArchive, ArchiveFormat)
	}
	var a Archive
	dec := json.NewDecoder(bytes.NewReader(b))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&a); err != nil {
		return ImportReport{}, fmt.Errorf("%w: %v", errArchive, jsonWords(b, err))
	}
	if dec.More() {
		return ImportReport{}, fmt.Errorf("%w: more than one JSON value", errArchive)
	}
	rep := ImportReport{Records: []ImportedRecord{}}
	texts := make([][]byte, len(a.Templates))
	for i, t := range a.Templates {
		texts[i] = t
	}
	if len(texts) > 0 {
		added, err := s.db.AddTemplates(texts...)
		if err != nil {
			return ImportReport{}, fmt.Errorf("%w: a template version in it: %v", errArchive, err)
		}
		rep.Templates = len(added)
	}
	// Which records are here already, from their summaries (one read, no
	// record decoded).
	ids := make([]readiness.RecordID, len(a.Records))
	for i, ar := range a.Records {
		ids[i] = ar.ID
	}
	here, err := s.db.SummariesOf(ids)
	if err != nil {
		return ImportReport{}, err
	}
	seen := map[readiness.RecordID]bool{}
	latest := readiness.Stamp{}
	for _, ar := range a.Records {
		ir := ImportedRecord{ID: string(ar.ID), Title: ar.Title}
		if seen[ar.ID] {
			ir.Outcome, ir.Reason = "refused", "the record is in the archive twice"
			rep.Records = append(rep.Records, ir)
			continue
		}
		seen[ar.ID] = true
		_, existed := here[ar.ID]
		n, had, held, err := s.importRecord(ar, existed)
		switch {
		case errors.Is(err, errDiskOrDamage):
			return rep, err
		case err != nil:
			ir.Outcome, ir.Reason = "refused", err.Error()
			rep.Refused += len(ar.Changes)
		case n == 0 && held == 0:
			ir.Outcome, ir.Had = "unchanged", had
		case !existed:
			ir.Outcome, ir.Added, ir.Held = "added", n, held
		default:
			ir.Outcome, ir.Added, ir.Had, ir.Held = "updated", n, had, held
		}
		if err == nil {
			for _, c := range ar.Changes {
				if latest.Less(c.HLC) && c.HLC.Time().Before(s.now().Add(maxFuture)) {
					latest = c.HLC
				}
			}
		}
		rep.Added += ir.Added
		rep.Had += ir.Had
		rep.Held += ir.Held
		rep.Records = append(rep.Records, ir)
	}
	s.mu.Lock()
	s.maker.Clock.Observe(latest)
	s.mu.Unlock()
	return rep, nil
}

// errDiskOrDamage wraps what stops the whole import (a full disk, a
// damaged database), as opposed to one record refused.
var errDiskOrDamage = errors.New("the import stopped")

// importRecord stores one record's changes: how many were new, already
// held, and held back as stamped in the future.
func (s *Records) importRecord(ar ArchivedRecord, existed bool) (added, had, held int, err error) {
	if _, err := readiness.ParseRecordID(string(ar.ID)); err != nil {
		return 0, 0, 0, err
	}
	if len(ar.Changes) == 0 {
		return 0, 0, 0, errors.New("it holds no changes")
	}
	if !existed && !slices.ContainsFunc(ar.Changes, func(c readiness.Change) bool { return c.Path == readiness.PathCreate }) {
		return 0, 0, 0, errors.New("its creating change is missing, and the record is not here")
	}
	keys := make([]string, len(ar.Changes))
	for i := range ar.Changes {
		c := &ar.Changes[i]
		if c.Record != ar.ID {
			return 0, 0, 0, fmt.Errorf("change %s belongs to record %s", c.ID, c.Record)
		}
		if err := c.Check(); err != nil { // it names the change
			return 0, 0, 0, err
		}
		keys[i] = readiness.ChangeKey(c.Record, c.ID)
	}
	lacks, err := s.db.Lacks(keys)
	if err != nil {
		return 0, 0, 0, fmt.Errorf("%w: %v", errDiskOrDamage, err)
	}
	had = len(keys) - len(lacks)
	if len(lacks) == 0 {
		return 0, had, 0, nil
	}
	res, err := s.db.ApplyPulled(ar.Changes, s.now().Add(maxFuture), nil)
	if err != nil {
		if errors.Is(err, store.ErrDiskFull) || errors.Is(err, store.ErrCorrupt) || errors.Is(err, store.ErrNotWritable) {
			return 0, 0, 0, fmt.Errorf("%w: %v", errDiskOrDamage, err)
		}
		return 0, 0, 0, err
	}
	return res.Applied, had, res.Held, nil
}

// jsonWords says where a JSON file goes wrong.
func jsonWords(b []byte, err error) string {
	switch msg := err.Error(); {
	case errors.Is(err, io.ErrUnexpectedEOF) || strings.Contains(msg, "unexpected end of JSON input"):
		return "the file ends early (cut short?)"
	case strings.Contains(msg, "after top-level value"):
		return "more than one JSON value in the file"
	}
	var se *json.SyntaxError
	if errors.As(err, &se) {
		line := 1 + bytes.Count(b[:min(int(se.Offset), len(b))], []byte("\n"))
		return fmt.Sprintf("line %d: %v", line, err)
	}
	return err.Error()
}

// ImportArchiveFile reads an archive from disk (the command line's, or a
// path the control socket was given) and imports it.
func (s *Records) ImportArchiveFile(path string) (ImportReport, error) {
	b, err := readInput(path, MaxArchive)
	if err != nil {
		return ImportReport{}, err
	}
	rep, err := s.ImportArchive(b)
	if err != nil {
		return rep, fmt.Errorf("%s: %w", filepath.Base(path), err)
	}
	return rep, nil
}

// readInput reads a file given to import: a regular file, at most max
// bytes and one more (so that the importer can say it is over its limit).
// It is opened without blocking: opening a named pipe otherwise waits
// until something writes to it, which may be never (and looking at the
// path first would leave a moment to swap a pipe in).
func readInput(path string, max int64) ([]byte, error) {
	f, err := os.OpenFile(path, os.O_RDONLY|syscall.O_NONBLOCK, 0)
	if err != nil {
		return nil, fmt.Errorf("%w: %v", ErrInput, err)
	}
	defer f.Close()
	if fi, err := f.Stat(); err != nil || !fi.Mode().IsRegular() {
		return nil, fmt.Errorf("%w: %s is not a regular file", ErrInput, path)
	}
	b, err := io.ReadAll(io.LimitReader(f, max+1))
	if err != nil {
		return nil, fmt.Errorf("%w: reading %s: %v", ErrInput, path, err)
	}
	return b, nil
}

// ExportArchive asks where to save an archive (a native save dialog) of
// one record (its id) or of every record ("") and writes it there: the
// path, or "" when the dialog was cancelled.
func (a *ExportService) ExportArchive(record string) (string, error) {
	if a.records == nil {
		return unopened[string](a.core)
	}
	ctx := a.context()
	if ctx == nil || a.shell == nil {
		return "", fmt.Errorf("saving needs the desktop window")
	}
	name := "readyroom-records"
	if record != "" {
		v, err := a.records.Get(record)
		if err != nil {
			return "", err
		}
		name = fileName(v.Record.Service, v.Record.Title, "history")
	}
	b, err := a.records.RenderBytes(ExportRequest{Kind: "json", Record: record})
	if err != nil {
		return "", err
	}
	path, err := a.shell.SaveFile(ctx, SaveDialog{Title: "Export records with their history", DefaultFilename: name + ".json",
		FilterName: "Ready Room archive (*.json)", Pattern: "*.json"})
	if err != nil || path == "" {
		return "", err
	}
	return path, WriteOutput(a.dataDir, path, func(w io.Writer) error { _, err := w.Write(b); return err })
}

// ImportArchive asks which archive to import (a native open dialog) and
// merges it; Path is "" when the dialog was cancelled.
func (a *ExportService) ImportArchive() (ImportResult, error) {
	if a.records == nil {
		return unopened[ImportResult](a.core)
	}
	ctx := a.context()
	if ctx == nil || a.shell == nil {
		return ImportResult{}, fmt.Errorf("choosing a file needs the desktop window")
	}
	path, err := a.shell.OpenFile(ctx, SaveDialog{Title: "Import records from an archive", FilterName: "Ready Room archive (*.json)", Pattern: "*.json"})
	if err != nil || path == "" {
		return ImportResult{}, err
	}
	rep, err := a.records.ImportArchiveFile(path)
	if err != nil {
		return ImportResult{}, err
	}
	return ImportResult{Path: path, Report: rep, Words: rep.Words()}, nil
}

// ImportResult is what the window's import did.
type ImportResult struct {
	Path   string       `json:"path"`
	Report ImportReport `json:"report"`
	Words  string       `json:"words"`
}
