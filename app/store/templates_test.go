package store

import (
	"encoding/json"
	"errors"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	bolt "go.etcd.io/bbolt"

	"readyroom/readiness"
)

// ownTemplate publishes a template derived from Gold with an item of its
// own, as a device would.
func ownTemplate(t *testing.T, prev []*readiness.Template, extra readiness.ItemID) (readiness.Template, []byte) {
	t.Helper()
	gold, _ := readiness.TemplateByID("gold")
	var d readiness.Template
	if len(prev) == 0 {
		d = readiness.DeriveDraft(&gold, "payments-gold", "Payments Gold")
	} else {
		d = readiness.NextDraft(prev[len(prev)-1])
	}
	for i := range d.Sections {
		if d.Sections[i].Kind == readiness.KindChecklist {
			d.Sections[i].Items = append(d.Sections[i].Items, readiness.ItemDef{ID: extra, Text: "Card schemes told (" + string(extra) + ")", NAAllowed: true})
			break
		}
	}
	v, text, err := readiness.Publish(d, prev, "Ana", time.Date(2026, 11, 1, 9, 0, 0, 0, time.UTC))
	if err != nil {
		t.Fatal(err)
	}
	return v, text
}

func TestOwnTemplatesAreKeptAndRecordsOnThemRead(t *testing.T) {
	db, dir := openTest(t)
	v1, text := ownTemplate(t, nil, "PAY-01")
	added, err := db.AddTemplates(text, text)
	if err != nil || len(added) != 1 || added[0] != v1.Ref() {
		t.Fatalf("add: %v %v", added, err)
	}
	if again, err := db.AddTemplates(text); err != nil || len(again) != 0 {
		t.Fatalf("adding a held version again: %v %v", again, err)
	}
	cat, err := db.Catalog()
	if err != nil || cat.Missing(v1.Ref()) {
		t.Fatalf("catalog after add: %v", err)
	}
	m := maker(db)
	in := newRecord()
	in.Template, in.Tier = "payments-gold", ""
	c, err := m.Create(recID, in, cat)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := db.Apply(c); err != nil {
		t.Fatal(err)
	}
	d, err := db.Doc(recID)
	if err != nil {
		t.Fatal(err)
	}
	e, err := m.Edit(&d, readiness.ItemPath("PAY-01", "status"), readiness.StatusValue{Status: readiness.Done})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := db.Apply(e); err != nil {
		t.Fatal(err)
	}
	// Stored without the template's text, as a shipped template's record is.
	if err := db.view(func(tx *bolt.Tx) error {
		v, err := unpack(tx.Bucket(bucketRecords).Get([]byte(recID)))
		if err != nil || !strings.Contains(string(v), `"texts":"payments-gold@1~`+v1.Digest()) {
			t.Errorf("record stored whole: %.200s", v)
		}
		return nil
	}); err != nil {
		t.Fatal(err)
	}
	// A second version, a draft, and what the library counts.
	v2, text2 := ownTemplate(t, cat.Versions("payments-gold"), "PAY-02")
	next := readiness.NextDraft(&v2)
	if err := db.PutDraft(next); err != nil {
		t.Fatal(err)
	}
	if ref, err := db.PublishDraft(text2); err != nil || ref != v2.Ref() {
		t.Fatalf("publish: %v %v", ref, err)
	}
	if drafts, _ := db.Drafts(); len(drafts) != 0 {
		t.Fatalf("the draft stayed after publishing: %v", drafts)
	}
	use, err := db.TemplateUse()
	if err != nil || use["payments-gold"][1] != 1 {
		t.Fatalf("use: %v %v", use, err)
	}
	db.Close()

	// Reopened, and after a crash (the whole check), it all reads.
	os.Remove(filepath.Join(dir, FileName+"-checked"))
	db2, err := Open(dir, Options{ReadOnly: true})
	if err != nil {
		t.Fatal(err)
	}
	defer db2.Close()
	d, err = db2.Doc(recID)
	if err != nil || d.Record.Item("PAY-01").Status != readiness.Done || d.Record.Item("PAY-01").Text == "" {
		t.Fatalf("record after reopening: %v", err)
	}
	cat2, _ := db2.Catalog()
	if vs := cat2.Versions("payments-gold"); len(vs) != 2 || vs[1].Digest() != v2.Digest() {
		t.Fatalf("versions after reopening: %d", len(vs))
	}
	if got, err := db2.TemplateText(v1.Digest()); err != nil || string(got) != string(text) {
		t.Fatalf("text: %v", err)
	}
	rep, err := db2.Verify(false)
	if err != nil || !rep.OK() {
		t.Fatalf("verify: %v %v", rep.Problems, err)
	}
}

func TestBadTemplateTextsAreRefusedAndNothingIsStored(t *testing.T) {
	db, _ := openTest(t)
	v1, text := ownTemplate(t, nil, "PAY-01")
	gold, _ := readiness.TemplateByID("gold")
	draft := readiness.DeriveDraft(&gold, "x-gold", "X")
	cases := map[string]struct {
		text []byte
		want string
	}{
		"not JSON":        {[]byte("{"), "decoding template"},
		"a draft":         {mustMarshal(t, draft), "draft"},
		"unknown field":   {[]byte(strings.Replace(string(text), `{"id":`, `{"extra":1,"id":`, 1)), "unknown field"},
		"over the limit":  {make([]byte, readiness.MaxTemplate+1), "over the"},
		"a shipped id":    {[]byte(strings.Replace(string(text), `"id":"payments-gold"`, `"id":"gold"`, 1)), ""},
		"empty item text": {[]byte(strings.Replace(string(text), `"text":"Card schemes told (PAY-01)"`, `"text":""`, 1)), "Item text is required"},
	}
	for name, c := range cases {
		_, err := db.AddTemplates(text, c.text) // all or nothing: the good one is not stored either
		if err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("%s: %v, want %q", name, err, c.want)
		}
	}
	if cat, _ := db.Catalog(); !cat.Missing(v1.Ref()) {
		t.Fatal("a good version was stored with a bad one")
	}
	p := db.Peering()
	want := v1.Ref()
	_, other := ownTemplate(t, nil, "PAY-09")
	if err := p.AddTemplate(want, other); !errors.Is(err, readiness.ErrTemplateDigest) {
		t.Fatalf("a peer's text of another version: %v", err)
	}
	if err := p.AddTemplate(want, text); err != nil {
		t.Fatal(err)
	}
}

func TestDamagedTemplateIsRefusedInWords(t *testing.T) {
	db, dir := openTest(t)
	_, text := ownTemplate(t, nil, "PAY-01")
	if _, err := db.AddTemplates(text); err != nil {
		t.Fatal(err)
	}
	closeChecked(t, db)
	path := filepath.Join(dir, FileName)
	b := editBolt(t, mustRead(t, path), func(tx *bolt.Tx) error {
		bk := tx.Bucket(bucketTemplates)
		k, v := bk.Cursor().First()
		return bk.Put(slices.Clone(k), []byte(strings.Replace(string(v), "Card schemes", "Card schemas", 1)))
	})
	if err := os.WriteFile(path, b, 0o600); err != nil {
		t.Fatal(err)
	}
	os.Remove(path + "-checked")
	_, err := Open(dir, Options{ReadOnly: true})
	if !errors.Is(err, ErrCorrupt) || !strings.Contains(err.Error(), "template") {
		t.Fatalf("open with a damaged template: %v", err)
	}
	if got := mustRead(t, path); string(got) != string(b) {
		t.Fatal("the damaged file was changed")
	}
}

func mustMarshal(t *testing.T, v readiness.Template) []byte {
	t.Helper()
	b, err := json.Marshal(v)
	if err != nil {
		t.Fatal(err)
	}
	return b
}
