package readiness

import (
	"bufio"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"reflect"
	"strconv"
	"strings"
	"testing"
	"time"
)

// TestShippedTemplatesNeverChange: a record names its template by id,
// version and digest, and replicas rebuild it from their own copy, so the
// text of a version that has shipped must never change. testdata/templates.sum
// lists every version ever shipped; a change of text needs a new version
// (a new file) and a new line there.
func TestShippedTemplatesNeverChange(t *testing.T) {
	f, err := os.Open("testdata/templates.sum")
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	listed := map[string]bool{}
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		line := strings.TrimSpace(sc.Text())
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		var ref TemplateRef
		var v string
		if _, err := fmt.Sscan(line, &ref.ID, &v, &ref.Digest); err != nil {
			t.Fatalf("templates.sum: %q: %v", line, err)
		}
		if ref.Version, err = strconv.Atoi(strings.TrimPrefix(v, "v")); err != nil {
			t.Fatalf("templates.sum: %q: %v", line, err)
		}
		if _, err := TemplateByRef(ref); err != nil {
			t.Errorf("shipped template %s (digest %s) no longer loads: %v; restore its text and add a new version instead", ref, ref.Digest[:12], err)
		}
		listed[ref.String()] = true
	}
	for _, tm := range shipped {
		if r := tm.Ref(); !listed[r.String()] {
			t.Errorf("template %s is not in testdata/templates.sum; add the line %q", r, fmt.Sprintf("%s v%d %s", r.ID, r.Version, r.Digest))
		}
	}
}

func seedChange(t *testing.T, tier Tier) (Change, Record) {
	t.Helper()
	m := &Maker{Clock: NewClock(func() time.Time { return time.UnixMilli(1_790_000_000_000) }), Replica: "0123456789abcdef", Author: "Ana"}
	in := NewRecord{Service: "Payments", Title: "Tokenisation v3", Squad: "Payments", SDM: "Sam", MaintenanceTeam: "Run",
		GoLive: "2026-12-20", Tier: tier, TierReason: "Judged by the squad"}
	id := testRecord
	c, err := m.Create(id, in, nil)
	if err != nil {
		t.Fatal(err)
	}
	tm, _ := TemplateFor(tier)
	return c, Instantiate(tm, id, in, "Ana", c.HLC.Time())
}

func TestCreateHoldsASeedThatGivesTheInstantiatedRecord(t *testing.T) {
	for _, tier := range []Tier{Gold, Silver} {
		c, want := seedChange(t, tier)
		full, _ := json.Marshal(want)
		if len(c.Value)*10 > len(full) {
			t.Errorf("%s: the creating change holds %d bytes for a record of %d; a seed should be far smaller", tier, len(c.Value), len(full))
		}
		got, err := CreatedRecord(c, nil)
		if err != nil {
			t.Fatal(err)
		}
		if !reflect.DeepEqual(got, want) {
			t.Errorf("%s: the seed's record differs from the instantiated one", tier)
		}
		var d Doc
		if err := d.Apply(c, nil, nil); err != nil || !d.Created || !reflect.DeepEqual(d.Record, want) {
			t.Errorf("%s: folding the seed: err %v, created %v", tier, err, d.Created)
		}
	}
}

func TestLegacyCreatingChangeStillFolds(t *testing.T) {
	c, want := seedChange(t, Gold)
	c.Value, _ = json.Marshal(want) // the whole record, as before seeds
	got, err := CreatedRecord(c, nil)
	if err != nil || !reflect.DeepEqual(got, want) {
		t.Fatalf("legacy creating change: err %v", err)
	}
	c.Record = "01JD0000000000000000000001"
	if _, err := CreatedRecord(c, nil); err == nil {
		t.Fatal("a whole record under another record's id was accepted")
	}
}

func TestSeedNamingAnUnknownTemplateIsRefusedInWords(t *testing.T) {
	c, _ := seedChange(t, Gold)
	edit := func(f func(*Seed)) Change {
		var s Seed
		if err := json.Unmarshal(c.Value, &s); err != nil {
			t.Fatal(err)
		}
		f(&s)
		out := c
		out.Value, _ = json.Marshal(s)
		return out
	}
	cases := []struct {
		name string
		c    Change
		want string
	}{
		{"newer version", edit(func(s *Seed) { s.Template.Version = 99 }), "this version of Ready Room does not have; update Ready Room"},
		{"other text", edit(func(s *Seed) { s.Template.Digest = strings.Repeat("0", 64) }), "not the text the record was made from"},
		{"unknown id", edit(func(s *Seed) { s.Template.ID = "platinum" }), "has not received"},
		{"tier mismatch", edit(func(s *Seed) { s.New.Tier = Silver }), "is for gold"},
		{"no template", func() Change { x := c; x.Value = json.RawMessage(`{"v":2,"new":{}}`); return x }(), "names no template"},
	}
	for _, tc := range cases {
		_, err := CreatedRecord(tc.c, nil)
		if err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("%s: got %v, want an error saying %q", tc.name, err, tc.want)
		}
		if tc.name != "tier mismatch" && tc.name != "no template" && !errors.Is(err, ErrUnknownTemplate) {
			t.Errorf("%s: %v is not ErrUnknownTemplate", tc.name, err)
		}
		var d Doc
		if err := d.Apply(tc.c, nil, nil); err == nil {
			t.Errorf("%s: the fold accepted it", tc.name)
		}
	}
}
