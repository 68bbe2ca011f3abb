package readiness

import (
	"testing"
	"time"
)

func TestProgressAndRAG(t *testing.T) {
	r := Record{Sections: []Section{
		{ID: "a", Kind: KindChecklist, Items: []Item{{ID: "A-01", Status: Done}, {ID: "A-02", Status: NA}}},
		{ID: "b", Kind: KindChecklist, Items: []Item{{ID: "B-01", Status: Done}, {ID: "B-02", Status: InProgress, Due: "2026-12-10"}}},
		{ID: "c", Kind: KindChecklist, Items: []Item{{ID: "C-01", Status: Blocked}, {ID: "C-02", Status: NotStarted}}},
		{ID: "d", Kind: KindChecklist, Items: []Item{{ID: "D-01", Status: InProgress, Due: "2026-11-01"}, {ID: "D-02", Status: Done, Due: "2026-11-01"}}},
		{ID: "e", Kind: KindChecklist, Items: []Item{{ID: "E-01", Status: NA}}},
		{ID: "n", Kind: KindNarrative},
	}}
	now := time.Date(2026, 11, 22, 12, 0, 0, 0, time.UTC)
	p := ProgressOf(&r, now)
	want := []struct {
		rag     RAG
		percent int
		why     string
	}{
		{Green, 100, "all items done or n/a"},
		{Amber, 50, "1 item open"},
		{Red, 0, "1 item blocked"},
		{Red, 50, "1 item overdue"},
		{Green, 100, "all items done or n/a"},
	}
	if len(p.Sections) != len(want) {
		t.Fatalf("%d section results, want %d (narratives are not counted)", len(p.Sections), len(want))
	}
	for i, w := range want {
		s := p.Sections[i]
		if s.RAG != w.rag || s.Percent != w.percent || s.Why != w.why {
			t.Errorf("section %s: %s %d%% %q, want %s %d%% %q", s.ID, s.RAG, s.Percent, s.Why, w.rag, w.percent, w.why)
		}
	}
	// 3 done of 7 applicable (n/a items do not count): 42%, rounded down.
	if p.Applicable != 7 || p.Done != 3 || p.Percent != 42 || p.RAG != Red || p.Blocked != 1 || p.Overdue != 1 {
		t.Fatalf("overall %+v", p)
	}
	// The same record a month earlier has nothing overdue.
	if p := ProgressOf(&r, now.AddDate(0, -1, 0)); p.Overdue != 0 || p.Sections[3].RAG != Amber {
		t.Fatalf("a month earlier: %+v", p.Sections[3])
	}
}
