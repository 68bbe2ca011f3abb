package app

import (
	"runtime"
	"sort"
	"strings"
	"sync"
	"unicode/utf8"

	"readyroom/readiness"
)

// searchEntry is one place a record can match, with its text lowered. An
// item's text from its template (Shared, and lowerShared) is one string for
// every record of that version: the index holds it once.
type searchEntry struct {
	readiness.SearchEntry
	lower, lowerShared string
}

// matches reports whether every word is in the entry's text.
func (e *searchEntry) matches(words []string) bool {
	for _, w := range words {
		if !strings.Contains(e.lower, w) && !strings.Contains(e.lowerShared, w) {
			return false // no word holds " · ", which joins the two
		}
	}
	return true
}

// searchDoc is one record's searchable text, lowered once.
type searchDoc struct {
	title, service string
	entries        []searchEntry
}

// lowered prepares a record's entries; the first is always the record's own
// (title, service, ...), see readiness.SearchEntries. seen, when not nil,
// holds what records have in common, met so far.
func lowered(es []readiness.SearchEntry, seen *seenStrings) searchDoc {
	d := searchDoc{entries: make([]searchEntry, len(es))}
	for i, e := range es {
		if seen != nil { // kinds, refs and labels repeat from record to record
			e.Kind, e.Ref, e.Label = seen.intern(e.Kind), seen.intern(e.Ref), seen.intern(e.Label)
		}
		d.entries[i] = searchEntry{SearchEntry: e, lower: strings.ToLower(e.Text)}
		if e.Shared != "" {
			d.entries[i].lowerShared = seen.lower(e.Shared)
		}
	}
	if len(es) > 0 {
		d.title = es[0].Label
		if parts := strings.SplitN(es[0].Text, " · ", 3); len(parts) > 1 {
			d.service = parts[1]
		}
	}
	return d
}

// seenStrings are strings many records' entries hold, each kept once.
type seenStrings struct {
	same    map[string]string // a string, to the first copy met
	lowered map[string]string // a template's text, to it lowered
}

func newSeenStrings() *seenStrings {
	return &seenStrings{same: map[string]string{}, lowered: map[string]string{}}
}

// intern returns the string met before that equals s, or s.
func (m *seenStrings) intern(s string) string {
	if v, ok := m.same[s]; ok {
		return v
	}
	m.same[s] = s
	return s
}

// lower is strings.ToLower(s), made once for each s (m may be nil).
func (m *seenStrings) lower(s string) string {
	if m == nil {
		return strings.ToLower(s)
	}
	l, ok := m.lowered[s]
	if !ok {
		l = strings.ToLower(s)
		m.lowered[s] = l
	}
	return l
}

// SearchResult is one place a search matched.
type SearchResult struct {
	RecordID    readiness.RecordID `json:"recordId"`
	RecordTitle string             `json:"recordTitle"`
	Service     string             `json:"service"`
	Kind        string             `json:"kind"`
	Ref         string             `json:"ref"`
	Label       string             `json:"label"`
	Snippet     string             `json:"snippet"`
}

// SearchResults are the first matches and how many there were.
type SearchResults struct {
	Query   string         `json:"query"`
	Results []SearchResult `json:"results"`
	Total   int            `json:"total"`
}

// MaxResults is how many matches a search returns.
const MaxResults = 50

// Search finds text across every record: titles, services, items, notes,
// narrative sections, risks, contacts, ceremonies and actions. All words
// must appear in the same place, in any order, ignoring case.
func (s *Records) Search(q string) (SearchResults, error) {
	q = strings.TrimSpace(q)
	out := SearchResults{Query: q, Results: []SearchResult{}}
	if q == "" {
		return out, nil
	}
	if utf8.RuneCountInString(q) > 200 {
		return out, readiness.Var("query", q, "max=200")
	}
	words := strings.Fields(strings.ToLower(q))
	s.mu.Lock()
	defer s.mu.Unlock()
	for s.search == nil && s.indexing != nil {
		// Built in the background since start: wait for it rather than build it twice.
		done := s.indexing.done
		s.mu.Unlock()
		<-done
		s.mu.Lock()
	}
	s.fresh()
	if s.search == nil {
		idx, err := s.readIndex()
		if err != nil {
			return out, err
		}
		s.search = idx
	}
	ids := make([]readiness.RecordID, 0, len(s.search))
	for id := range s.search {
		ids = append(ids, id)
	}
	sort.Slice(ids, func(i, j int) bool { return ids[i] > ids[j] }) // newest records first
	for _, id := range ids {
		doc := s.search[id]
		for i := range doc.entries {
			e := &doc.entries[i]
			if !e.matches(words) {
				continue
			}
			out.Total++
			if len(out.Results) < MaxResults {
				text, lower := e.Text, e.lower
				if e.Shared != "" { // as Whole joins them
					text, lower = e.Whole(), e.lowerShared
					if e.lower != "" {
						lower += " · " + e.lower
					}
				}
				out.Results = append(out.Results, SearchResult{RecordID: id, RecordTitle: doc.title, Service: doc.service,
					Kind: e.Kind, Ref: e.Ref, Label: e.ShownLabel(), Snippet: snippet(text, lower, words[0])})
			}
		}
	}
	return out, nil
}

// readIndex reads every record's searchable text from the store, lowered.
// It needs no lock: the store reads it in one transaction.
func (s *Records) readIndex() (map[readiness.RecordID]searchDoc, error) {
	all, err := s.db.SearchEntries()
	if err != nil {
		return nil, err
	}
	// Lowered on every core, as the store decoded them.
	ids := make([]readiness.RecordID, 0, len(all))
	for id := range all {
		ids = append(ids, id)
	}
	docs := make([]searchDoc, len(ids))
	workers := min(runtime.GOMAXPROCS(0), max(1, len(ids)/64))
	var wg sync.WaitGroup
	for w := range workers {
		wg.Go(func() {
			seen := newSeenStrings()
			for i := w; i < len(ids); i += workers {
				docs[i] = lowered(all[ids[i]], seen)
			}
		})
	}
	wg.Wait()
	idx := make(map[readiness.RecordID]searchDoc, len(ids))
	for i, id := range ids {
		idx[id] = docs[i]
	}
	return idx, nil
}

// indexing is a search index being built in the background.
type indexing struct {
	done chan struct{} // closed when it is built (or given up)
	// changed holds the records read or written since it started, as they
	// stood then: the store's reading may predate them.
	changed map[readiness.RecordID]searchDoc
	// forgotten: many records changed at once; the index read is dropped.
	forgotten bool
}

// IndexInBackground builds the search index (it takes about 150 ms for 1,000
// records here) in a goroutine, so that the first search after start finds it
// built. The store is read without the lock, so the window's calls do not
// wait for it; a search that comes first waits for it instead of building it
// again. Records changed meanwhile keep their newer text. The returned
// channel is closed when it is done.
func (s *Records) IndexInBackground() <-chan struct{} {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.indexing != nil {
		return s.indexing.done
	}
	done := make(chan struct{})
	if s.search != nil {
		close(done)
		return done
	}
	ix := &indexing{done: done, changed: map[readiness.RecordID]searchDoc{}}
	s.indexing = ix
	go func() {
		defer close(done)
		idx, err := s.readIndex()
		s.mu.Lock()
		defer s.mu.Unlock()
		s.indexing = nil
		if err != nil || ix.forgotten || s.search != nil {
			return // a failed read is retried, and reported, by the next search
		}
		for id, d := range ix.changed {
			idx[id] = d
		}
		s.search = idx
	}()
	return done
}

// snippet is up to about 140 characters of text around the first word.
func snippet(text, lower, word string) string {
	i := strings.Index(lower, word)
	if i < 0 || len(lower) != len(text) {
		i = 0 // lowering changed byte offsets: start at the beginning
	}
	start := max(0, i-60)
	for start > 0 && !utf8.RuneStart(text[start]) {
		start--
	}
	end := min(len(text), start+140)
	for end < len(text) && !utf8.RuneStart(text[end]) {
		end++
	}
	s := text[start:end]
	if start > 0 {
		s = "…" + s
	}
	if end < len(text) {
		s += "…"
	}
	return s
}
