package readiness

import (
	"flag"
	"os"
	"slices"
	"strings"
	"testing"
)

var update = flag.Bool("update", false, "rewrite golden files under testdata/")

func TestBuiltInTemplates(t *testing.T) {
	gold, err := TemplateFor(Gold)
	if err != nil {
		t.Fatal(err)
	}
	silver, err := TemplateFor(Silver)
	if err != nil {
		t.Fatal(err)
	}
	if n := gold.ItemCount(); n < 60 {
		t.Errorf("Gold has %d items, want at least 60", n)
	}
	if n := silver.ItemCount(); n < 25 {
		t.Errorf("Silver has %d items, want at least 25", n)
	}
	wantSections := []SectionID{"description", "key-dates", "contacts", "release-plan", "risks", "test-plan", "rollback-plan",
		"observability", "hypercare-plan", "status-key", "comms", "security", "incident", "service", "stakeholders",
		"rollback", "observability-checks", "hypercare"}
	for _, tpl := range []Template{gold, silver} {
		var got []SectionID
		for _, s := range tpl.Sections {
			got = append(got, s.ID)
			if s.Title == "" || s.Guidance == "" {
				t.Errorf("%s section %s lacks a title or guidance", tpl.ID, s.ID)
			}
		}
		if !slices.Equal(got, wantSections) {
			t.Errorf("%s sections %v, want %v", tpl.ID, got, wantSections)
		}
		if len(tpl.ExitCriteria) == 0 || len(tpl.HandoverItems) == 0 {
			t.Errorf("%s has no exit criteria or handover items", tpl.ID)
		}
	}
	goldItems := map[ItemID]ItemDef{}
	for _, s := range gold.Sections {
		for _, it := range s.Items {
			goldItems[it.ID] = it
		}
	}
	for _, s := range silver.Sections {
		for _, it := range s.Items {
			if g, ok := goldItems[it.ID]; !ok || g.Text != it.Text {
				t.Errorf("Silver item %s is not Gold's item of the same id", it.ID)
			}
		}
	}
	for id, it := range goldItems {
		if !it.NAAllowed && silver.ItemCount() > 0 {
			found := false
			for _, s := range silver.Sections {
				found = found || slices.ContainsFunc(s.Items, func(x ItemDef) bool { return x.ID == id })
			}
			if !found {
				t.Errorf("mandatory Gold item %s is missing from Silver", id)
			}
		}
	}
}

// TestItemIDsAreStable keeps a list of every item id ever published: an id
// may be added, never removed or reused, because records carry answers by id.
func TestItemIDsAreStable(t *testing.T) {
	gold, _ := TemplateFor(Gold)
	var ids []string
	for _, s := range gold.Sections {
		for _, it := range s.Items {
			ids = append(ids, string(it.ID)+" "+it.Text)
		}
	}
	const golden = "testdata/gold-item-ids.txt"
	if *update {
		if err := os.WriteFile(golden, []byte(strings.Join(ids, "\n")+"\n"), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	b, err := os.ReadFile(golden)
	if err != nil {
		t.Fatalf("%v (run go test ./readiness -run ItemIDs -update to create it)", err)
	}
	have := map[string]bool{}
	for _, l := range ids {
		id, _, _ := strings.Cut(l, " ")
		have[id] = true
	}
	for _, l := range strings.Split(strings.TrimSpace(string(b)), "\n") {
		id, _, _ := strings.Cut(l, " ")
		if !have[id] {
			t.Errorf("published item %s is gone from the Gold template", id)
		}
	}
}

func TestDeriveRefusesUnknownItems(t *testing.T) {
	gold, _ := TemplateFor(Gold)
	_, err := Derive(gold, Template{ID: "x", Version: 1, Name: "X", Tier: Silver, Base: "gold", Include: []ItemID{"NOPE-01"}})
	if err == nil {
		t.Fatal("derived template with an unknown item accepted")
	}
}

func TestParseTemplateRefusesBadData(t *testing.T) {
	bad := []string{
		`{`,
		`{"id":"x","version":0,"name":"X","tier":"gold"}`,
		`{"id":"x","version":1,"name":"X","tier":"bronze"}`,
		`{"id":"x","version":1,"name":"X","tier":"gold","sections":[{"id":"a","kind":"checklist","items":[{"id":"A-01","text":"t","why":"w"}]}]}`,
		`{"id":"x","version":1,"name":"X","tier":"gold","sections":[{"id":"a"},{"id":"a"}]}`,
	}
	for _, b := range bad {
		if _, err := ParseTemplate([]byte(b)); err == nil {
			t.Errorf("ParseTemplate accepted %s", b)
		}
	}
}
