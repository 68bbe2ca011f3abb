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
		s, from, ok := StripTemplateText(&r)
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
		if err := RestoreTemplateText(&s, from); err != nil {
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
	if _, _, ok := StripTemplateText(&r); ok {
		t.Fatal("text that differs from the template would have been lost")
	}
	r2 := r
	r2.TemplateVersion = 99
	if _, _, ok := StripTemplateText(&r2); ok {
		t.Fatal("a template version not shipped here was stripped")
	}
	if err := RestoreTemplateText(&r2, "gold@99"); err == nil {
		t.Fatal("restoring from a template not shipped here succeeded")
	}
}

func TestASectionOfItsOwnIsKept(t *testing.T) {
	_, r := seedChange(t, Silver)
	r.Sections = append(r.Sections, Section{ID: "extra", Title: "Our own", Kind: KindNarrative, Guidance: "Ours"})
	s, from, ok := StripTemplateText(&r)
	if !ok {
		t.Fatal("kept whole")
	}
	if got := s.Sections[len(s.Sections)-1]; got.Title != "Our own" || got.Guidance != "Ours" {
		t.Fatalf("a section not in the template lost its text: %+v", got)
	}
	if err := RestoreTemplateText(&s, from); err != nil || !reflect.DeepEqual(s, r) {
		t.Fatalf("restore: %v", err)
	}
}
