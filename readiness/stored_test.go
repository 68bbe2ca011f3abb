package readiness

import (
	"encoding/json"
	"reflect"
	"testing"
)

func TestTemplateTextIsStrippedAndRestored(t *testing.T) {
	for _, tier := range []Tier{Gold, Silver} {
		_, r := seedChange(t, tier)
		r.Sections[0].Text = "What the squad wrote"
		full, _ := json.Marshal(r)
		s, from, ok := StripTemplateText(&r, nil)
		if !ok {
			t.Fatalf("%s: a record made from a shipped template was kept whole", tier)
		}
		small, _ := json.Marshal(s)
		if len(small)*10 > len(full)*6 {
			t.Errorf("%s: stripped %d bytes of %d; the template's text is about half of a new record", tier, len(full)-len(small), len(full))
		}
		if r.Sections[1].Title == "" || r.Sections[1].Items == nil && s.Sections[1].Items != nil {
			t.Fatal("stripping changed the record it was given")
		}
		if err := RestoreTemplateText(&s, from, nil); err != nil {
			t.Fatal(err)
		}
		if !reflect.DeepEqual(s, r) {
			t.Errorf("%s: the restored record differs from the original", tier)
		}
	}
}

func TestTextThatDiffersFromTheTemplateIsKeptWhole(t *testing.T) {
	_, r := seedChange(t, Gold)
	for si := range r.Sections {
		if len(r.Sections[si].Items) > 0 {
			r.Sections[si].Items[0].Why = "An older text under the same version"
			break
		}
	}
	if _, _, ok := StripTemplateText(&r, nil); ok {
		t.Fatal("text that differs from the template would have been lost")
	}
	r2 := r
	r2.TemplateVersion = 99
	if _, _, ok := StripTemplateText(&r2, nil); ok {
		t.Fatal("a template version not shipped here was stripped")
	}
	if err := RestoreTemplateText(&r2, "gold@99", nil); err == nil {
		t.Fatal("restoring from a template not shipped here succeeded")
	}
}

func TestASectionOfItsOwnIsKept(t *testing.T) {
	_, r := seedChange(t, Silver)
	r.Sections = append(r.Sections, Section{ID: "extra", Title: "Our own", Kind: KindNarrative, Guidance: "Ours"})
	s, from, ok := StripTemplateText(&r, nil)
	if !ok {
		t.Fatal("kept whole")
	}
	if got := s.Sections[len(s.Sections)-1]; got.Title != "Our own" || got.Guidance != "Ours" {
		t.Fatalf("a section not in the template lost its text: %+v", got)
	}
	if err := RestoreTemplateText(&s, from, nil); err != nil || !reflect.DeepEqual(s, r) {
		t.Fatalf("restore: %v", err)
	}
}

func TestUntouchedItemsAreLeftOutAndPutBack(t *testing.T) {
	_, r := seedChange(t, Gold)
	var touched []ItemID
	for si := range r.Sections {
		for ii := range r.Sections[si].Items {
			it := &r.Sections[si].Items[ii]
			switch ii % 5 {
			case 1:
				it.Status = Done
			case 2:
				it.Evidence = append(it.Evidence, Evidence{Label: "Runbook"})
			case 3:
				it.Evidence = nil // not as Instantiate made it: kept
			default:
				continue
			}
			touched = append(touched, it.ID)
		}
	}
	s, from, ok := StripTemplateText(&r, nil)
	if !ok || from != "gold@1+items" {
		t.Fatalf("stripped as %q, %v", from, ok)
	}
	var kept []ItemID
	for _, sec := range s.Sections {
		for _, it := range sec.Items {
			kept = append(kept, it.ID)
		}
	}
	if !reflect.DeepEqual(kept, touched) {
		t.Fatalf("kept items %v, want the touched ones %v", kept, touched)
	}
	if err := RestoreTemplateText(&s, from, nil); err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(s, r) {
		t.Error("the restored record differs from the original")
	}
}

func TestItemsOutOfTemplateOrderAreKeptWhole(t *testing.T) {
	_, r := seedChange(t, Silver)
	var sec *Section
	for i := range r.Sections {
		if len(r.Sections[i].Items) > 1 {
			sec = &r.Sections[i]
			break
		}
	}
	sec.Items[0], sec.Items[1] = sec.Items[1], sec.Items[0]
	s, from, ok := StripTemplateText(&r, nil)
	if !ok || from != "silver@1" {
		t.Fatalf("stripped as %q, %v; items out of order can only be kept whole", from, ok)
	}
	if err := RestoreTemplateText(&s, from, nil); err != nil || !reflect.DeepEqual(s, r) {
		t.Fatalf("restore: %v", err)
	}
	// The same items under the sparse name cannot be put back in order.
	if err := RestoreTemplateText(&s, from+"+items", nil); err == nil {
		t.Fatal("items out of the template's order were taken as sparse")
	}
}

func TestSearchEntriesAreStoredWithoutTemplateText(t *testing.T) {
	_, r := seedChange(t, Gold)
	it := &r.Sections[len(r.Sections)-1].Items[0]
	it.Owner, it.Notes = "Priya", "Checked · twice"
	it.Evidence = []Evidence{{Label: "Runbook", URL: "https://wiki.example/runbook"}}
	r.Sections = append(r.Sections, Section{ID: "ours", Title: "Ours", Kind: KindChecklist,
		Items: []Item{{ID: "OWN-01", Text: "An item of our own", Status: NotStarted, Evidence: []Evidence{}}}})
	want := SearchEntries(&r)
	es, texts := StoredSearchEntries(&r, nil)
	if texts != "gold@1" {
		t.Fatalf("stored as %q", texts)
	}
	whole, _ := json.Marshal(want)
	small, _ := json.Marshal(es)
	if len(small)*2 > len(whole) {
		t.Errorf("stored entries are %d bytes of %d; the template's item text is most of them", len(small), len(whole))
	}
	if err := restoreSearchText(es, texts, nil); err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(es, want) {
		t.Fatal("restored search entries differ from the record's")
	}

	// An item whose text differs from the template keeps every entry whole.
	r.Sections[len(r.Sections)-2].Items[1].Text = "An older text"
	if es, texts := StoredSearchEntries(&r, nil); texts != "" || !reflect.DeepEqual(es, SearchEntries(&r)) {
		t.Fatalf("stored as %q with text that differs from the template", texts)
	}
	if err := restoreSearchText(nil, "gold@99", nil); err == nil {
		t.Fatal("a template version not shipped here was restored from")
	}
}

// A ceremony's search entry keeps the label every stored search bucket
// holds ("Go/no-go, 2026-12-01"): a database or backup is checked by
// comparing its stored entries with the log, so a label in another form
// would make every older file differ from its log. The window is shown the
// date in words.
func TestCeremonySearchLabelKeepsItsStoredForm(t *testing.T) {
	r := Record{Ceremonies: []Ceremony{{ID: "01JD0000000000000000000C01", Kind: GoNoGo, Date: "2026-12-01"}}}
	var got *SearchEntry
	for _, e := range SearchEntries(&r) {
		if e.Kind == "ceremony" {
			got = &e
		}
	}
	if got == nil || got.Label != "Go/no-go, 2026-12-01" {
		t.Fatalf("ceremony entry %+v, want the stored label %q", got, "Go/no-go, 2026-12-01")
	}
	if s := got.ShownLabel(); s != "Go/no-go, Tue 1 Dec 2026" {
		t.Errorf("shown as %q", s)
	}
	if s := (SearchEntry{Kind: "item", Label: "COM-01"}).ShownLabel(); s != "COM-01" {
		t.Errorf("an item's label shown as %q", s)
	}
}

// restoreSearchText puts back what StoredSearchEntries left out, joined to
// each entry's own text, as SearchEntries gives it.
func restoreSearchText(es []SearchEntry, texts string, cat *Catalog) error {
	if err := ShareSearchText(es, texts, cat); err != nil {
		return err
	}
	for i := range es {
		if e := &es[i]; e.Shared != "" {
			e.Text, e.Shared = e.Whole(), ""
		}
	}
	return nil
}
