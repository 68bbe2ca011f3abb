package store

import (
	"bytes"
	"encoding/json"
	"testing"
	"unicode/utf8"

	"readyroom/readiness"
)

// encodingJSON is what encoding/json writes for v, HTML left unescaped as
// appendString leaves it.
func encodingJSON(t testing.TB, v any) []byte {
	t.Helper()
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(v); err != nil {
		t.Fatal(err)
	}
	return bytes.TrimSuffix(buf.Bytes(), []byte("\n"))
}

var hostileStrings = []string{
	"", "plain", `quote " and backslash \`, "tab\tnewline\nreturn\r backspace\b formfeed\f", "nul \x00 bell \x07 esc \x1b del \x7f",
	"<script>&amp;</script>", "naïve café 日本語 🚀", "bad \xff\xfe utf-8 \xc3", "line\u2028para\u2029end",
	"\xed\xa0\x80 surrogate", "ends with half \xe2\x82",
}

// sameAsEncodingJSON checks appendString against encoding/json: the same
// string when read back, and the same bytes for valid UTF-8 (how invalid
// UTF-8 is replaced, escaped or not, changed between Go releases).
func sameAsEncodingJSON(t *testing.T, s string) {
	t.Helper()
	got, want := appendString(nil, s), encodingJSON(t, s)
	var back, wantBack string
	if err := json.Unmarshal(got, &back); err != nil {
		t.Fatalf("%q: wrote %s, which is not a JSON string: %v", s, got, err)
	}
	json.Unmarshal(want, &wantBack)
	if back != wantBack {
		t.Fatalf("%q: reads back as %q, encoding/json's as %q", s, back, wantBack)
	}
	if utf8.ValidString(s) && !bytes.Equal(got, want) {
		t.Fatalf("%q: wrote %s, encoding/json writes %s", s, got, want)
	}
}

func TestStringsEncodeLikeEncodingJSON(t *testing.T) {
	for _, s := range hostileStrings {
		sameAsEncodingJSON(t, s)
	}
}

func FuzzAppendString(f *testing.F) {
	for _, s := range hostileStrings {
		f.Add(s)
	}
	f.Fuzz(sameAsEncodingJSON)
}

func TestHeadsEncodeLikeEncodingJSON(t *testing.T) {
	// Valid UTF-8 throughout: encoding/json's bytes for invalid UTF-8 vary
	// between Go releases (see sameAsEncodingJSON).
	heads := map[readiness.Path][]readiness.Head{
		"items/COM-01/status": {{ID: "01a243a6a1a90004-0123456789abcdef", Author: "Ana", Value: json.RawMessage(`{"status":"done","reason":""}`)}},
		"title": {
			{ID: "01a243a6a1a90001-0123456789abcdef", Author: hostileStrings[4], Value: json.RawMessage(`"Tokenisation <v3>"`)},
			{ID: "01a243a6a1a90002-fedcba9876543210", Author: hostileStrings[6], Value: json.RawMessage(`"Tokenisation v4"`)},
		},
		"items/COM-02/evidence": {{ID: "01a243a6a1a90003-0123456789abcdef", Author: "Ben", Value: json.RawMessage(`[{"label":"Runbook","url":"https://wiki/x"}]`)}},
		"sections/risks":        nil,
		"goLive":                {{ID: "01a243a6a1a90005-0123456789abcdef", Author: "Cat"}},
	}
	if got, want := appendHeads(nil, heads), encodingJSON(t, heads); !bytes.Equal(got, want) {
		t.Errorf("wrote\n%s\nencoding/json writes\n%s", got, want)
	}
	if got := appendHeads(nil, nil); string(got) != "null" {
		t.Errorf("no heads: %s", got)
	}
	// Text with nothing to escape: the buffer is sized once.
	plain := map[readiness.Path][]readiness.Head{"items/COM-01/status": heads["items/COM-01/status"], "items/COM-02/evidence": heads["items/COM-02/evidence"]}
	if n, w := headsSize(plain), len(appendHeads(nil, plain)); n < w {
		t.Errorf("headsSize %d is under the %d bytes written: the buffer grows", n, w)
	}
	// A value a peer sent with spaces is kept as sent, and reads the same.
	spaced := map[readiness.Path][]readiness.Head{"owner": {{ID: "01a243a6a1a90006-0123456789abcdef", Value: json.RawMessage(` "Ana" `)}}}
	var back map[readiness.Path][]readiness.Head
	if err := json.Unmarshal(appendHeads(nil, spaced), &back); err != nil || string(back["owner"][0].Value) != `"Ana"` {
		t.Fatalf("read back %v, %v", back, err)
	}
}

func TestChangesEncodeLikeEncodingJSON(t *testing.T) {
	changes := goldChanges(t, 1)
	odd := changes[len(changes)-1]
	odd.Author = hostileStrings[4] + hostileStrings[5] + hostileStrings[6]
	odd.Parents = []readiness.ChangeID{changes[3].ID, changes[4].ID}
	odd.Undoes = changes[2].ID
	odd.Value = json.RawMessage(`{"status":"blocked","reason":"<b>&</b> \u2028"}`)
	empty := changes[5]
	empty.Parents = []readiness.ChangeID{}
	for _, c := range append(changes, odd, empty) {
		got, want := appendChange(nil, &c), encodingJSON(t, c)
		if !bytes.Equal(got, want) {
			t.Fatalf("wrote\n%s\nencoding/json writes\n%s", got, want)
		}
		if n := changeSize(&c); c.Author == "Ana" && n < len(got) {
			t.Fatalf("changeSize %d is under the %d bytes written", n, len(got))
		}
		var back readiness.Change
		if err := json.Unmarshal(got, &back); err != nil || back.ID != c.ID || back.HLC != c.HLC || back.Author != c.Author {
			t.Fatalf("read back %+v, %v", back, err)
		}
	}
}

func TestSearchEntriesEncodeLikeEncodingJSON(t *testing.T) {
	changes := goldChanges(t, 1)
	var d readiness.Doc
	for _, c := range changes {
		if err := d.Apply(c, func(readiness.Path) ([]readiness.Change, error) { return nil, nil }, nil); err != nil {
			t.Fatal(err)
		}
	}
	d.Record.Sections[0].Text = hostileStrings[4] + hostileStrings[5] + hostileStrings[8]
	es := readiness.SearchEntries(&d.Record)
	got, want := appendSearchEntries(nil, es), encodingJSON(t, es)
	if !bytes.Equal(got, want) {
		t.Fatalf("wrote\n%s\nencoding/json writes\n%s", got, want)
	}
	if string(appendSearchEntries(nil, nil)) != "null" {
		t.Fatal("no entries")
	}
}

// The log's form of a change, spliced back, is what peers were always sent
// (appendChange's bytes), whatever its author, value and parents hold; a
// value the log holds whole (before schema 4) is sent as it is.
func TestStoredChangesAreSentAsBefore(t *testing.T) {
	rec := readiness.RecordID("01JD0000000000000000000000")
	id := readiness.ChangeID("01a24c70ac1c0001-63c90f0156a0768e")
	st, rep, _ := id.Parse()
	base := readiness.Change{ID: id, Record: rec, Path: "items/COM-01/notes", HLC: st, Replica: rep}
	var cases []readiness.Change
	for _, s := range hostileStrings {
		c := base
		c.Author = s
		v, _ := json.Marshal(map[string]string{"author": s, "x": `,"author":"`, "y": `\"}`})
		c.Value = v
		cases = append(cases, c)
	}
	undo := base
	undo.Author, undo.Value, undo.Undoes = "Ana", json.RawMessage(`"before"`), "01a24c70ac1c0000-63c90f0156a0768e"
	parents := base
	parents.Author, parents.Value = "Ben", json.RawMessage(`{"status":"done","reason":""}`)
	parents.Parents = []readiness.ChangeID{"01a24c70ac1c0000-63c90f0156a0768e", "01a24c70ac100000-0123456789abcdef"}
	empty := base
	empty.Value, empty.Parents = nil, []readiness.ChangeID{}
	cases = append(cases, undo, parents, empty)
	key := changeKey(rec, id)
	for _, c := range cases {
		for _, stored := range [][]byte{appendStoredChange(nil, &c), appendSchema4Change(nil, &c)} {
			got, err := appendWireChange(nil, key, stored)
			if want := appendChange(nil, &c); err != nil || !bytes.Equal(got, want) {
				t.Fatalf("stored %s\nsent    %s\nnot     %s (%v)", stored, got, want, err)
			}
			if spliced, ok := spliceWire(nil, key, stored); !ok || !bytes.Equal(spliced, got) {
				t.Fatalf("stored %s is not spliced (%v): %s", stored, ok, spliced)
			}
			back, err := decodeChange(key, stored)
			if err != nil || string(appendChange(nil, &back)) != string(appendChange(nil, &c)) {
				t.Fatalf("stored %s reads back as %+v (%v)", stored, back, err)
			}
		}
		if whole, _ := appendWireChange(nil, key, appendChange(nil, &c)); !bytes.Equal(whole, appendChange(nil, &c)) {
			t.Fatalf("a change stored whole is sent as %s", whole)
		}
	}
}
