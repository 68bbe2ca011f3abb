package app

import (
	"encoding/json"
	"fmt"
	"reflect"
	"slices"
	"sort"
	"strings"
	"testing"
	"time"
	"unsafe"

	"github.com/oklog/ulid/v2"

	"readyroom/app/store"
	"readyroom/readiness"
)

// homeJSON is the home screen and every row as the window receives them.
func homeJSON(t *testing.T, recs *Records) string {
	t.Helper()
	h, err := recs.Home()
	if err != nil {
		t.Fatal(err)
	}
	r, err := recs.Rows()
	if err != nil {
		t.Fatal(err)
	}
	b, err := json.Marshal([]any{h, r})
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

// firstItem is the first checklist item of a record.
func firstItem(t *testing.T, recs *Records, id readiness.RecordID) readiness.ItemID {
	t.Helper()
	v, err := recs.Get(string(id))
	if err != nil {
		t.Fatal(err)
	}
	for _, s := range v.Record.Sections {
		if len(s.Items) > 0 {
			return s.Items[0].ID
		}
	}
	t.Fatalf("record %s has no items", id)
	return ""
}

// The home screen kept between calls, record by record, is the one worked out
// afresh from the store after every kind of change: edits here, a new record,
// an undo, a change and a record from a peer (one older than every record
// here, so it sorts first by id), and a new day.
func TestHomeKeptBetweenCallsFollowsEveryChange(t *testing.T) {
	db, err := store.Open(t.TempDir(), store.Options{})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	now := today
	clock := func() time.Time { return now }
	recs, err := NewRecords(db, clock)
	if err != nil {
		t.Fatal(err)
	}
	if err := Seed(recs, 15, 5, nil); err != nil {
		t.Fatal(err)
	}
	if _, err := LoadDemo(recs); err != nil {
		t.Fatal(err)
	}
	same := func(step string) {
		t.Helper()
		fresh, err := NewRecords(db, clock) // no caches: everything from the store
		if err != nil {
			t.Fatal(err)
		}
		if got, want := homeJSON(t, recs), homeJSON(t, fresh); got != want {
			t.Fatalf("after %s, the kept home screen differs from one worked out afresh:\n got %s\nwant %s", step, got, want)
		}
		h, _ := recs.Home()
		r, _ := recs.Rows()
		checkHomeOrder(t, h, r)
	}
	same("seeding")
	h, _ := recs.Rows()
	a, b := h.Records[0].ID, h.Records[5].ID

	if _, err := recs.Edit(string(a), readiness.ItemPath(firstItem(t, recs, a), "status"), readiness.StatusValue{Status: readiness.Blocked, Reason: "Waiting"}); err != nil {
		t.Fatal(err)
	}
	same("an item blocked")
	if _, err := recs.Edit(string(b), readiness.ItemPath(firstItem(t, recs, b), "due"), readiness.DateOf(now).AddDays(-3)); err != nil {
		t.Fatal(err)
	}
	same("an item overdue")
	if _, err := recs.Edit(string(b), "title", "Renamed release"); err != nil {
		t.Fatal(err)
	}
	if _, err := recs.Edit(string(a), "goLive", string(readiness.DateOf(now).AddDays(40))); err != nil {
		t.Fatal(err)
	}
	same("a title and a go-live changed")
	if _, err := recs.Undo(string(a)); err != nil {
		t.Fatal(err)
	}
	same("an undo")
	created, err := recs.Create(readiness.NewRecord{Service: "Ledger", Title: "New ledger", Squad: "Q", SDM: "M", MaintenanceTeam: "R",
		GoLive: string(readiness.DateOf(now).AddDays(2)), Tier: readiness.Silver, Answers: readiness.Answers{CustomerFacing: true}})
	if err != nil {
		t.Fatal(err)
	}
	same("a new record")

	// A teammate's changes, stored as a pull stores them: the store announces
	// the commit, and Records hears of it.
	ben := readiness.Maker{Clock: readiness.NewClock(clock), Replica: "00000000000000b2", Author: "Ben"}
	old := readiness.RecordID(ulid.MustNew(ulid.Timestamp(time.Date(2020, 1, 1, 0, 0, 0, 0, time.UTC)), ulid.DefaultEntropy()).String())
	c1, err := ben.Create(old, readiness.NewRecord{Service: "Archive", Title: "From a peer", Squad: "Q", SDM: "M", MaintenanceTeam: "R",
		GoLive: string(readiness.DateOf(now).AddDays(1)), Tier: readiness.Gold, Answers: readiness.Answers{SensitiveData: true}}, nil)
	if err != nil {
		t.Fatal(err)
	}
	d, err := db.Doc(created.Record.ID)
	if err != nil {
		t.Fatal(err)
	}
	c2, err := ben.Edit(&d, "title", "Renamed by a peer")
	if err != nil {
		t.Fatal(err)
	}
	if _, err := db.Apply(c1, c2); err != nil {
		t.Fatal(err)
	}
	same("a record and a change from a peer")

	now = now.Add(3 * 24 * time.Hour)
	same("three days on")
	now = now.Add(20 * 24 * time.Hour)
	if _, err := recs.Edit(string(b), "squad", "Squad Moved"); err != nil {
		t.Fatal(err)
	}
	same("twenty days on, with a change")
}

// The search index built in the background at start answers as one built
// on first use would, with the newer text of records changed while it was
// read, and a search that comes first waits for it.
func TestSearchIndexBuiltInTheBackground(t *testing.T) {
	db, err := store.Open(t.TempDir(), store.Options{})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	seeding, _ := NewRecords(db, nil)
	if err := Seed(seeding, 20, 2, nil); err != nil {
		t.Fatal(err)
	}
	h, _ := seeding.Home()
	for i, rec := range h.Records[:5] {
		recs, _ := NewRecords(db, nil)
		done := recs.IndexInBackground()
		title := fmt.Sprintf("Quokka%d launch", i)
		if _, err := recs.Edit(string(rec.ID), "title", title); err != nil {
			t.Fatal(err)
		}
		res, err := recs.Search(title) // may come before the index is built
		if err != nil {
			t.Fatal(err)
		}
		<-done
		if res.Total != 1 || res.Results[0].RecordID != rec.ID || res.Results[0].RecordTitle != title {
			t.Fatalf("searching %q: %+v", title, res)
		}
		res, _ = recs.Search(rec.Title)
		for _, r := range res.Results {
			if r.RecordID == rec.ID && r.Kind == "record" { // its other entries may hold the words ("release", "3")
				t.Fatalf("the old title %q still found: %+v", rec.Title, r)
			}
		}
		if recs.search == nil {
			t.Fatal("the index built in the background was not kept")
		}
	}

	// Many records changed at once while it was read: the read is dropped
	// and the next search reads them all.
	recs, _ := NewRecords(db, nil)
	done := recs.IndexInBackground()
	if _, err := LoadDemo(recs); err != nil {
		t.Fatal(err)
	}
	<-done
	if res, err := recs.Search("passkey"); err != nil || res.Total == 0 {
		t.Fatalf("an example record's text after they were added: %+v, %v", res, err)
	}
}

// checkHomeOrder checks the home screen's lists are in the order the screen
// promises: records by go-live (none last, handed over after the others,
// closed last, newest first on a day), attention items overdue first then by due date, needs urgent
// first then by due date; items that tie stay in record (id) order.
func checkHomeOrder(t *testing.T, h Home, rows Rows) {
	t.Helper()
	if len(rows.Records) != h.RecordCount || len(h.Records) != min(h.RecordCount, HomeRows) {
		t.Fatalf("%d rows, the home lists %d of %d", len(rows.Records), len(h.Records), h.RecordCount)
	}
	for i, r := range h.Records {
		if !reflect.DeepEqual(rows.Records[i], r) {
			t.Fatalf("the home's record %d is not the rows' %d", i, i)
		}
	}
	rs := rows.Records
	if !sort.SliceIsSorted(rs, func(i, j int) bool {
		rank := func(st readiness.State) int {
			return map[readiness.State]int{readiness.HandedOver: 1, readiness.Closed: 2}[st]
		}
		if ri, rj := rank(rs[i].State), rank(rs[j].State); ri != rj {
			return ri < rj
		}
		a, b := rs[i].GoLive, rs[j].GoLive
		if a == b {
			return rs[i].ID > rs[j].ID
		}
		return a != "" && (b == "" || a < b)
	}) {
		t.Fatal("the records are not in go-live order")
	}
	for i := 1; i < len(h.Attention); i++ {
		a, b := h.Attention[i-1], h.Attention[i]
		if a.Overdue != b.Overdue && !a.Overdue || a.Overdue == b.Overdue && (a.Due > b.Due || a.Due == b.Due && a.RecordID > b.RecordID) {
			t.Fatalf("attention items out of order: %+v before %+v", a, b)
		}
	}
	for i := 1; i < len(h.Needs); i++ {
		a, b := h.Needs[i-1], h.Needs[i]
		if a.Urgent != b.Urgent && !a.Urgent || a.Urgent == b.Urgent && (a.Due > b.Due || a.Due == b.Due && a.RecordID > b.RecordID) {
			t.Fatalf("needs out of order: %+v before %+v", a, b)
		}
	}
}

// An item's entry is its template's text and its own (owner, notes): a
// search needs every word in the one entry, whichever part holds it, and
// finds it alike in the index read from the store (the template's text
// kept once for all records) and after an edit (the record's text whole).
func TestSearchFindsAnItemByItsTemplateTextAndItsNotes(t *testing.T) {
	_, recs := newTestApp(t, today)
	db := recs.db
	v, err := recs.Create(readiness.NewRecord{Service: "Payments", Title: "Zebra launch", Squad: "Falcon", SDM: "Priya",
		MaintenanceTeam: "Run", GoLive: "2027-03-01", Tier: readiness.Gold, Answers: readiness.Answers{SensitiveData: true}})
	if err != nil {
		t.Fatal(err)
	}
	id := string(v.Record.ID)
	var it readiness.Item
	for _, s := range v.Record.Sections {
		if len(s.Items) > 0 && it.ID == "" {
			it = s.Items[0]
		}
	}
	templateWord := strings.ToLower(strings.Fields(it.Text)[len(strings.Fields(it.Text))-1])
	templateWord = strings.Trim(templateWord, ".,;:()")
	if _, err := recs.Edit(id, readiness.Path("items/"+string(it.ID)+"/notes"), "Checked with Xylophone Ltd"); err != nil {
		t.Fatal(err)
	}
	query := "xylophone " + strings.ToUpper(templateWord)
	for _, how := range []string{"read from the store", "after an edit"} {
		fresh, _ := NewRecords(db, nil)
		if how == "after an edit" {
			fresh.Search("warm")
			if _, err := fresh.Edit(id, "title", "Zebra launch again"); err != nil {
				t.Fatal(err)
			}
		}
		res, err := fresh.Search(query)
		if err != nil {
			t.Fatal(err)
		}
		if res.Total != 1 || res.Results[0].Label != string(it.ID) {
			t.Fatalf("%s: %q found %+v", how, query, res)
		}
		if s, want := res.Results[0].Snippet, it.Text[len(it.Text)-15:]+" · Checked with Xylophone Ltd"; !strings.HasSuffix(s, want) {
			t.Errorf("%s: snippet %q: want the item's text, then its notes: …%s", how, s, want)
		}
		if res, _ := fresh.Search("xylophone zzzunknown"); res.Total != 0 {
			t.Errorf("%s: a word in no entry still found %+v", how, res.Results)
		}
	}
}

// A record's entries packed into the index read back as they were, whatever
// lowering does to their length (İ lowers to three bytes, K to three: Kelvin
// sign to k is shorter), with or without a template's text, shared or not.
func TestSearchDocKeepsEveryEntry(t *testing.T) {
	es := []readiness.SearchEntry{
		{Kind: "record", Label: "Title", Text: "title · service · squad"},
		{Kind: "item", Ref: "comms#COM-01", Label: "COM-01", Text: "", Shared: "Stakeholders are identified"},
		{Kind: "item", Ref: "comms#COM-02", Label: "COM-02", Text: "İstanbul office · \u212a", Shared: "Comms plan"},
		{Kind: "risk", Ref: "r1", Label: "Risk", Text: "ALL CAPS"},
		{Kind: "item", Ref: "comms#COM-03", Label: "COM-03", Text: "plain lower", Shared: ""},
		{Kind: "contact", Ref: "c1", Label: "Contact", Text: ""},
	}
	for _, seen := range []*seenStrings{nil, newSeenStrings()} {
		for n := range len(es) + 1 {
			d := lowered(es[:n], seen)
			if len(d.entries) != n {
				t.Fatalf("%d entries packed as %d", n, len(d.entries))
			}
			for i := range n {
				got, lower := d.entry(i)
				want := es[i]
				want.Text, want.Shared = want.Whole(), ""
				if got != want || lower != strings.ToLower(want.Text) {
					t.Fatalf("entry %d of %d reads %+v / %q, want %+v / %q", i, n, got, lower, want, strings.ToLower(want.Text))
				}
			}
		}
	}
	d := lowered(es, newSeenStrings())
	if d.lower == d.text {
		t.Error("lowered text is the text")
	}
	for _, seen := range []*seenStrings{nil, newSeenStrings()} {
		if plain := lowered(es[4:5], seen); plain.lower != plain.text || unsafe.StringData(plain.lower) != unsafe.StringData(plain.text) {
			t.Errorf("text that lowers to itself is held twice (index built: %v)", seen != nil)
		}
	}
	// Built into the index, a record keeps none of the entries it was made
	// from (the decoded store values, garbage once the index is built).
	var from []string
	for _, e := range es {
		from = append(from, e.Kind, e.Ref, e.Label, e.Text, e.Shared)
	}
	kept := []string{d.title, d.service, d.text, d.lower}
	for _, sp := range d.entries {
		kept = append(kept, sp.about.kind, sp.about.ref, sp.about.label, sp.about.shared, sp.about.lowerShared)
	}
	inside := func(s, f string) bool {
		p, q := uintptr(unsafe.Pointer(unsafe.StringData(s))), uintptr(unsafe.Pointer(unsafe.StringData(f)))
		return p >= q && p < q+uintptr(len(f))
	}
	for _, s := range kept {
		for _, f := range from {
			if s != "" && inside(s, f) {
				t.Errorf("the index keeps %q inside the entry string %q", s, f)
			}
		}
	}
}

// The index's chunks start small and double up to chunk bytes, or hold
// what one copy needs.
func TestChunkLenDoublesUpToChunk(t *testing.T) {
	n, sizes := 0, []int{}
	for range 10 {
		n = chunkLen(n, 1, 1)
		sizes = append(sizes, n)
	}
	if want := []int{1 << 10, 2 << 10, 4 << 10, 8 << 10, 16 << 10, 32 << 10, 64 << 10, 64 << 10, 64 << 10, 64 << 10}; !slices.Equal(sizes, want) {
		t.Errorf("chunks of %v bytes, want %v", sizes, want)
	}
	if got := chunkLen(0, 5000, 16); got != 5000 {
		t.Errorf("a chunk for 5,000 spans holds %d", got)
	}
	if got := chunkLen(4096, 1, 16); got != chunk/16 {
		t.Errorf("a chunk of spans after a full-sized one holds %d, want %d", got, chunk/16)
	}
}

// The attention items read at start are what each record's log says, and
// an item's text, repeated in every record of its template, is kept once.
func TestAttentionReadSharesRepeatedText(t *testing.T) {
	db := openSeeded(t, 30)
	att, err := db.Attention()
	if err != nil {
		t.Fatal(err)
	}
	first := map[string]*byte{}
	shared := 0
	for id, items := range att {
		doc, err := db.Doc(id)
		if err != nil {
			t.Fatal(err)
		}
		if want := readiness.Attention(&doc.Record); !reflect.DeepEqual(items, want) {
			t.Fatalf("%s: read %+v, its log says %+v", id, items, want)
		}
		if len(items) != cap(items) {
			t.Errorf("%s: %d items kept in room for %d", id, len(items), cap(items))
		}
		for _, it := range items {
			p := unsafe.StringData(it.Text)
			if q, ok := first[it.Text]; !ok {
				first[it.Text] = p
			} else if q != p {
				t.Fatalf("%s: %q is kept twice", id, it.Text)
			} else {
				shared++
			}
		}
	}
	if shared == 0 {
		t.Fatalf("no item text repeats in %d records' attention: nothing was checked", len(att))
	}
}
