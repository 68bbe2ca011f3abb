package app

import (
	"runtime"
	"sort"
	"strings"
	"sync"
	"unicode/utf8"
	"unsafe"

	"readyroom/readiness"
)

// searchDoc is one record's searchable text, lowered once. Its entries'
// own texts lie one after another in text, and lowered in lower (the same
// string when lowering changes nothing); each entry says where its text
// ends in both and points at what it has in common with other records: its
// kind, ref and label, and for a checklist item its template's text, one
// string for every record of that version. A Gold record's ~65 entries
// take about 4 KB so, not the 10 KB of a struct of strings each.
type searchDoc struct {
	title, service string
	text, lower    string
	entries        []entrySpan
}

// entrySpan is one place a record can match: its own text is
// text[previous end:text end], lowered lower[previous lower end:lower end].
type entrySpan struct {
	text, lower uint32
	about       *entryAbout
}

// entryAbout is what an entry has in common with other records' entries.
type entryAbout struct {
	kind, ref, label    string
	shared, lowerShared string // an item's text from its template
}

// entry is entry i whole, as readiness.SearchEntry, and its whole text lowered.
func (d *searchDoc) entry(i int) (readiness.SearchEntry, string) {
	var from, lfrom uint32
	if i > 0 {
		from, lfrom = d.entries[i-1].text, d.entries[i-1].lower
	}
	sp := d.entries[i]
	e := readiness.SearchEntry{Kind: sp.about.kind, Ref: sp.about.ref, Label: sp.about.label,
		Text: d.text[from:sp.text], Shared: sp.about.shared}
	lower := d.lower[lfrom:sp.lower]
	if e.Shared != "" { // as Whole joins them
		if lower == "" {
			lower = sp.about.lowerShared
		} else {
			lower = sp.about.lowerShared + " · " + lower
		}
		e.Text, e.Shared = e.Whole(), ""
	}
	return e, lower
}

// matchesAll reports whether every word is in the entry's own text or its
// template's (no word holds " · ", which joins the two).
func matchesAll(about *entryAbout, lower string, words []string) bool {
	for _, w := range words {
		if !strings.Contains(lower, w) && !strings.Contains(about.lowerShared, w) {
			return false
		}
	}
	return true
}

// lowered prepares a record's entries; the first is always the record's own
// (title, service, ...), see readiness.SearchEntries. seen, when not nil,
// holds what records have in common, met so far.
func lowered(es []readiness.SearchEntry, seen *seenStrings) searchDoc {
	d := searchDoc{entries: make([]entrySpan, len(es))}
	n := 0
	for i := range es {
		n += len(es[i].Text)
	}
	var text, lower strings.Builder
	text.Grow(n)
	same := true // lowering changed nothing so far
	for i, e := range es {
		l := strings.ToLower(e.Text)
		text.WriteString(e.Text)
		if same && l != e.Text {
			same = false
			lower.Grow(n)
			lower.WriteString(text.String()[:text.Len()-len(e.Text)])
		}
		if !same {
			lower.WriteString(l)
		}
		lowerEnd := text.Len()
		if !same {
			lowerEnd = lower.Len()
		}
		d.entries[i] = entrySpan{text: uint32(text.Len()), lower: uint32(lowerEnd), about: seen.about(e)}
	}
	d.text = text.String()
	d.lower = d.text
	if !same {
		d.lower = lower.String()
	}
	if len(es) > 0 {
		d.title = es[0].Label
		if parts := strings.SplitN(es[0].Text, " · ", 3); len(parts) > 1 {
			d.service = parts[1]
		}
	}
	if seen != nil {
		seen.keep(&d)
	}
	return d
}

// seenStrings holds what many records' entries have in common, each once
// (one for each goroutine building the index). What the index keeps of the
// records it builds is copied into chunks of its own (see keep): made
// among the garbage of decoding every record, each small string or slice
// kept would hold a span of the heap (8 KB and more) the garbage around it
// leaves empty: 5 MB more of the window's heap in use at 1,000 records. (A
// record indexed again after an edit gets copies of its own; a chunk is
// freed once none of the copies in it is used any more.)
type seenStrings struct {
	abouts map[entryAbout]*entryAbout
	shared map[string][2]string // a template's text, kept and lowered

	chars   strings.Builder // the current chunk of kept text
	spans   []entrySpan     // the current chunk of kept spans
	entries []entryAbout    // the current chunk of kept shared parts
}

// chunk is the most bytes a chunk of what the index keeps holds. Each
// goroutine's chunks start at 1 KB and double up to it, so that the last,
// part-filled ones waste little however many goroutines build the index;
// a string over a quarter of it is copied on its own (filling a span of
// its own) rather than leave the rest of a chunk empty.
const chunk = 64 << 10

// chunkLen is how many elements of elemSize bytes the next chunk holds,
// after one of capacity was (0 for the first), for at least need of them.
func chunkLen(capacity, need int, elemSize uintptr) int {
	return max(need, min(chunk, max(1<<10, 2*capacity*int(elemSize)))/int(elemSize))
}

// keep moves a searchDoc's strings and spans into the chunks.
func (m *seenStrings) keep(d *searchDoc) {
	same := d.lower == d.text
	d.title, d.text = m.str(d.title), m.str(d.text)
	if same {
		d.lower = d.text
	} else {
		d.lower = m.str(d.lower)
	}
	if i := strings.Index(d.text, d.service); d.service != "" && i >= 0 {
		d.service = d.text[i : i+len(d.service)]
	} else {
		d.service = m.str(d.service)
	}
	if cap(m.spans)-len(m.spans) < len(d.entries) {
		m.spans = make([]entrySpan, 0, chunkLen(cap(m.spans), len(d.entries), unsafe.Sizeof(entrySpan{})))
	}
	n := len(m.spans)
	m.spans = append(m.spans, d.entries...)
	d.entries = m.spans[n:len(m.spans):len(m.spans)]
}

// str is s copied into the current chunk of text.
func (m *seenStrings) str(s string) string {
	if s == "" {
		return ""
	}
	if len(s) > chunk/4 {
		return strings.Clone(s)
	}
	if m.chars.Cap()-m.chars.Len() < len(s) {
		size := chunkLen(m.chars.Cap(), len(s), 1)
		m.chars = strings.Builder{}
		m.chars.Grow(size)
	}
	n := m.chars.Len()
	m.chars.WriteString(s)
	// Bytes written to a Builder are never changed, and a string it
	// returned stays as it was while more is written after it.
	return m.chars.String()[n:]
}

func newSeenStrings() *seenStrings {
	return &seenStrings{abouts: map[entryAbout]*entryAbout{}, shared: map[string][2]string{}}
}

// about returns what entry e has in common with others, the copy met
// before when there is one (m may be nil: a copy of its own).
func (m *seenStrings) about(e readiness.SearchEntry) *entryAbout {
	a := entryAbout{kind: e.Kind, ref: e.Ref, label: e.Label, shared: e.Shared}
	if m == nil {
		a.lowerShared = strings.ToLower(e.Shared)
		return &a
	}
	if p, ok := m.abouts[a]; ok {
		return p
	}
	sh, ok := m.shared[e.Shared]
	if !ok {
		sh = [2]string{m.str(e.Shared), m.str(strings.ToLower(e.Shared))}
		m.shared[e.Shared] = sh
	}
	if len(m.entries) == cap(m.entries) {
		m.entries = make([]entryAbout, 0, chunkLen(cap(m.entries), 1, unsafe.Sizeof(entryAbout{})))
	}
	m.entries = append(m.entries, entryAbout{kind: m.str(a.kind), ref: m.str(a.ref), label: m.str(a.label),
		shared: sh[0], lowerShared: sh[1]})
	p := &m.entries[len(m.entries)-1]
	m.abouts[a] = p
	return p
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
		var from uint32
		for i, sp := range doc.entries {
			lower := doc.lower[from:sp.lower]
			from = sp.lower
			if !matchesAll(sp.about, lower, words) {
				continue
			}
			out.Total++
			if len(out.Results) < MaxResults {
				e, lower := doc.entry(i)
				out.Results = append(out.Results, SearchResult{RecordID: id, RecordTitle: doc.title, Service: doc.service,
					Kind: e.Kind, Ref: e.Ref, Label: e.ShownLabel(), Snippet: snippet(e.Text, lower, words[0])})
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
