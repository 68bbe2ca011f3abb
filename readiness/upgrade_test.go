package readiness

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"slices"
	"strings"
	"testing"
	"time"
)

var publishedAt = time.Date(2026, 11, 2, 9, 0, 0, 0, time.UTC)

// ownTemplates publishes two versions of a template derived from Gold: v1
// drops COM-02 and adds PAY-01; v2 rewords COM-01, removes COM-03 and adds
// PAY-02.
func ownTemplates(t *testing.T) (v1, v2 Template, cat *Catalog) {
	t.Helper()
	gold, err := TemplateByID("gold")
	if err != nil {
		t.Fatal(err)
	}
	d := DeriveDraft(&gold, "payments-gold", "Payments Gold")
	sec := &d.Sections[checklistIndex(t, &d, "COM-02")]
	sec.Items = slices.DeleteFunc(sec.Items, func(it ItemDef) bool { return it.ID == "COM-02" })
	sec.Items = append(sec.Items, ItemDef{ID: "PAY-01", Text: "Card schemes told of the release", NAAllowed: false})
	v1, _, err = Publish(d, nil, "Priya", publishedAt)
	if err != nil {
		t.Fatalf("publish v1: %v", err)
	}
	cat = (*Catalog)(nil).With(v1)

	next := NextDraft(&v1)
	sec = &next.Sections[checklistIndex(t, &next, "COM-01")]
	sec.Items[slices.IndexFunc(sec.Items, func(it ItemDef) bool { return it.ID == "COM-01" })].Text = "Release notes published to every stakeholder list"
	sec.Items = slices.DeleteFunc(sec.Items, func(it ItemDef) bool { return it.ID == "COM-03" })
	sec.Items = append(sec.Items, ItemDef{ID: "PAY-02", Text: "Chargeback desk briefed", NAAllowed: true})
	v2, _, err = Publish(next, cat.Versions("payments-gold"), "Priya", publishedAt.Add(24*time.Hour))
	if err != nil {
		t.Fatalf("publish v2: %v", err)
	}
	return v1, v2, cat
}

func checklistIndex(t *testing.T, tpl *Template, id ItemID) int {
	t.Helper()
	for i, s := range tpl.Sections {
		if s.itemDef(id) != nil {
			return i
		}
	}
	t.Fatalf("%s has no item %s", tpl.ID, id)
	return -1
}

func TestPublishingFreezesAVersion(t *testing.T) {
	v1, _, cat := ownTemplates(t)
	if v1.Version != 1 || !isDigest(v1.Digest()) || v1.Published == nil || v1.Published.By != "Priya" {
		t.Fatalf("published: version %d digest %q published %+v", v1.Version, v1.Digest(), v1.Published)
	}
	// The text as published names the version, and nothing else does.
	again, b, err := Publish(DeriveDraft(&v1, "payments-gold", "Payments Gold"), nil, "Priya", publishedAt)
	if err != nil {
		t.Fatal(err)
	}
	want := again.Ref()
	back, canon, err := LoadPublished(b, &want)
	if err != nil || back.Digest() != again.Digest() || string(canon) != string(b) {
		t.Fatalf("load published: %v", err)
	}
	var indented bytes.Buffer
	if err := json.Indent(&indented, b, "", "  "); err != nil {
		t.Fatal(err)
	}
	if re, _, err := LoadPublished(indented.Bytes(), &want); err != nil || re.Digest() != again.Digest() {
		t.Fatalf("re-indented text: %v", err)
	}
	tampered := []byte(strings.Replace(string(b), "Card schemes told", "Card schemes not told", 1))
	if _, _, err := LoadPublished(tampered, &want); !errors.Is(err, ErrTemplateDigest) {
		t.Fatalf("tampered text: %v, want ErrTemplateDigest", err)
	}
	draft := DeriveDraft(&v1, "payments-gold", "Payments Gold")
	if _, _, err := LoadPublished(mustJSON(t, draft), nil); err == nil {
		t.Fatal("a draft loaded as a published version")
	}
	ref := v1.Ref()
	// What the catalog holds does not change when the caller's copy does.
	v1.Sections[0].Title = "Changed after publishing"
	got, err := cat.Lookup(ref)
	if err != nil || got.Sections[0].Title == "Changed after publishing" {
		t.Fatalf("catalog's version changed with the caller's copy (%v)", err)
	}
	// The next draft is the next version, and keeps ids to their meaning.
	if next := NextDraft(got); next.Published != nil || next.Version != 0 {
		t.Fatal("the next draft is not a draft")
	}
	bad := NextDraft(got)
	sec := &bad.Sections[checklistIndex(t, &bad, "PAY-01")]
	sec.Items = slices.DeleteFunc(sec.Items, func(it ItemDef) bool { return it.ID == "PAY-01" })
	bad.ExitCriteria = append(bad.ExitCriteria, CriterionDef{ID: "PAY-01", Text: "An item id reused as a criterion"})
	_, _, err = Publish(bad, cat.Versions("payments-gold"), "Priya", publishedAt)
	var ve *ValidationError
	if !errors.As(err, &ve) || !strings.Contains(err.Error(), "PAY-01 was an item") {
		t.Fatalf("id reused with another meaning: %v", err)
	}
}

// upgradeFixture makes a record on v1 with answers: COM-01 (reworded in
// v2) done, COM-03 (removed in v2) blocked with a reason, PAY-01 (kept)
// in progress with an owner, a rollback narrative, and an acknowledgement.
func upgradeFixture(t *testing.T) (m *Maker, d Doc, log *memLog, v1, v2 Template, cat *Catalog) {
	t.Helper()
	v1, v2, cat = ownTemplates(t)
	cat = cat.With(v2)
	m = testMaker("00000000000000a1", "Ana", 1_700_000_000_000)
	in := testInput()
	in.Template, in.Tier = "payments-gold", ""
	c, err := m.Create(testRecord, in, cat)
	if err != nil {
		t.Fatal(err)
	}
	// A new record follows the newest version.
	log = &memLog{cat: cat}
	log.apply(t, &d, c)
	if d.Record.TemplateRef() != v2.Ref() {
		t.Fatalf("new record follows %v, want the newest %v", d.Record.TemplateRef(), v2.Ref())
	}
	// Made on v1: as if before v2 was published.
	in.Template = "payments-gold"
	m1 := testMaker("00000000000000a1", "Ana", 1_700_000_000_000)
	c, err = m1.Create(testRecord, in, (*Catalog)(nil).With(v1))
	if err != nil {
		t.Fatal(err)
	}
	d, log = Doc{}, &memLog{cat: cat}
	log.apply(t, &d, c)
	m = m1
	log.apply(t, &d, mustEdit(t, m, &d, ItemPath("COM-01", "status"), StatusValue{Status: Done}))
	log.apply(t, &d, mustEdit(t, m, &d, ItemPath("COM-03", "status"), StatusValue{Status: Blocked, Reason: "Comms team on leave"}))
	log.apply(t, &d, mustEdit(t, m, &d, ItemPath("PAY-01", "status"), StatusValue{Status: InProgress}))
	log.apply(t, &d, mustEdit(t, m, &d, ItemPath("PAY-01", "owner"), "Bea"))
	log.apply(t, &d, mustEdit(t, m, &d, SectionTextPath("rollback-plan"), "Flip the flag back."))
	log.apply(t, &d, mustEdit(t, m, &d, Path("acks/01JD0000000000000000000001"),
		Ack{ID: "01JD0000000000000000000001", Person: Person{Name: "Sam"}, At: time.UnixMilli(m.Clock.Now().Wall)}))
	return m, d, log, v1, v2, cat
}

func TestUpgradeKeepsEveryAnswer(t *testing.T) {
	m, d, log, v1, v2, cat := upgradeFixture(t)
	if d.Record.TemplateRef() != v1.Ref() || d.Record.TemplateTier != Gold {
		t.Fatalf("record follows %v (tier %q), want %v", d.Record.TemplateRef(), d.Record.TemplateTier, v1.Ref())
	}
	before := ProgressOf(&d.Record, time.UnixMilli(1_700_000_100_000))
	up, err := m.Upgrade(&d, &v2)
	if err != nil {
		t.Fatal(err)
	}
	preview, err := PreviewUpgrade(&d, up, cat, time.UnixMilli(1_700_000_100_000))
	if err != nil {
		t.Fatal(err)
	}
	if preview.Kept != 2 || !slices.Equal(preview.Retired, []ItemID{"COM-03"}) || preview.Added != 1 || preview.StaleAcks != 1 ||
		preview.Before.Percent != before.Percent || preview.Before.Done != before.Done || len(preview.Diff.Changed) != 1 || preview.Diff.Changed[0].ID != "COM-01" {
		t.Fatalf("preview: %+v", preview)
	}
	log.apply(t, &d, up)
	r := &d.Record
	if r.TemplateRef() != v2.Ref() {
		t.Fatalf("after upgrade the record follows %v", r.TemplateRef())
	}
	if it := r.Item("COM-01"); it == nil || it.Status != Done || it.Text != "Release notes published to every stakeholder list" {
		t.Fatalf("COM-01 after upgrade: %+v", it)
	}
	if it := r.Item("PAY-01"); it == nil || it.Status != InProgress || it.Owner != "Bea" {
		t.Fatalf("PAY-01 after upgrade: %+v", it)
	}
	if it := r.Item("PAY-02"); it == nil || it.Status != NotStarted {
		t.Fatalf("new item PAY-02: %+v", it)
	}
	ret := r.Section(RetiredItemsSection)
	if ret == nil || !ret.Retired || len(ret.Items) != 1 || ret.Items[0].ID != "COM-03" || ret.Items[0].Status != Blocked ||
		ret.Items[0].Reason != "Comms team on leave" || ret.Items[0].Text == "" {
		t.Fatalf("retired items: %+v", ret)
	}
	if r.Section("rollback-plan").Text != "Flip the flag back." {
		t.Fatal("the rollback narrative was lost")
	}
	if !r.Acks[0].Stale(r) {
		t.Fatal("an acknowledgement given before the upgrade should read as of an earlier version")
	}
	after := ProgressOf(r, time.UnixMilli(1_700_000_100_000))
	if after.Percent != preview.After.Percent || after.Done != preview.After.Done || after.Blocked != 0 {
		t.Fatalf("progress after: %+v, preview said %+v (a retired blocked item must not count)", after, preview.After)
	}
	for _, a := range Attention(r) {
		if a.ItemID == "COM-03" {
			t.Fatal("a retired item still asks for attention")
		}
	}
	if _, err := m.Edit(&d, ItemPath("COM-03", "status"), StatusValue{Status: Done}); err == nil || !strings.Contains(err.Error(), "retired") {
		t.Fatalf("editing a retired item: %v", err)
	}
	h := History(r, log.changes)
	if h[len(h)-1].Label == "" || !slices.ContainsFunc(h, func(e HistoryEntry) bool { return e.Label == "Template version" }) {
		t.Fatalf("history has no upgrade: %+v", h)
	}

	// Undo puts the record back on v1, answers where they were.
	u, err := m.Undo(&d, log.changes, cat)
	if err != nil {
		t.Fatal(err)
	}
	log.apply(t, &d, u)
	r = &d.Record
	if r.TemplateRef() != v1.Ref() || r.Section(RetiredItemsSection) != nil || r.Item("PAY-02") != nil {
		t.Fatalf("after undo: follows %v, retired %v", r.TemplateRef(), r.Section(RetiredItemsSection))
	}
	if it := r.Item("COM-03"); it == nil || it.Status != Blocked || it.Reason != "Comms team on leave" {
		t.Fatalf("COM-03 after undo: %+v", it)
	}
	// And a fold of the whole log from scratch says the same.
	re, err := Fold(log.changes, cat)
	if err != nil {
		t.Fatal(err)
	}
	sameDoc(t, d, re)
}

func TestConcurrentUpgradesConverge(t *testing.T) {
	m, d, log, _, v2, cat := upgradeFixture(t)
	// A second replica has the record as it stands, then both upgrade at
	// once while the second also answers the item v2 removes.
	other := testMaker("00000000000000b2", "Bea", 1_700_000_050_000)
	d2, err := Fold(log.changes, cat)
	if err != nil {
		t.Fatal(err)
	}
	a, err := m.Upgrade(&d, &v2)
	if err != nil {
		t.Fatal(err)
	}
	b, err := other.Upgrade(&d2, &v2)
	if err != nil {
		t.Fatal(err)
	}
	c := mustEdit(t, other, &d2, ItemPath("COM-03", "notes"), "Back Monday")
	base := slices.Clone(log.changes)
	da, err := Fold(append(slices.Clone(base), a), cat)
	if err != nil {
		t.Fatal(err)
	}
	e := mustEdit(t, m, &da, ItemPath("PAY-02", "status"), StatusValue{Status: InProgress})
	orders := [][]Change{{a, b, c, e}, {c, b, e, a}, {b, e, a, c}, {e, c, a, b}}
	var first Doc
	for i, o := range orders {
		all := append(slices.Clone(base), o...)
		got, err := Fold(all, cat)
		if err != nil {
			t.Fatal(err)
		}
		// Replayed one by one, as a peer receives them.
		var inc Doc
		l := &memLog{cat: cat}
		for _, x := range all {
			l.apply(t, &inc, x)
		}
		sameDoc(t, got, inc)
		if i == 0 {
			first = got
			continue
		}
		sameDoc(t, first, got)
	}
	r := &first.Record
	if r.TemplateRef() != v2.Ref() || len(first.Heads[PathTemplate]) != 2 {
		t.Fatalf("two upgrades to one version: follows %v, %d heads", r.TemplateRef(), len(first.Heads[PathTemplate]))
	}
	ret := r.Section(RetiredItemsSection)
	if ret == nil || len(ret.Items) != 1 || ret.Items[0].Notes != "Back Monday" || ret.Items[0].Status != Blocked {
		t.Fatalf("the answer given meanwhile to a removed item: %+v", ret)
	}
	if it := r.Item("PAY-02"); it == nil || it.Status != InProgress {
		t.Fatalf("the answer given meanwhile to a new item: %+v", it)
	}
}

func TestStrippedFormHoldsForOwnTemplates(t *testing.T) {
	_, d, _, _, _, cat := upgradeFixture(t)
	r := d.Record
	stripped, from, ok := StripTemplateText(&r, cat)
	if !ok || !strings.HasPrefix(from, "payments-gold@1~"+r.TemplateDigest) {
		t.Fatalf("strip: ok %v from %q", ok, from)
	}
	if s := stripped.Section("rollback-plan"); s.Title != "" || s.Text != "Flip the flag back." {
		t.Fatalf("stripped section: %+v", s)
	}
	back := stripped
	back.Sections = slices.Clone(stripped.Sections)
	if err := RestoreTemplateText(&back, from, cat); err != nil {
		t.Fatal(err)
	}
	a, _ := json.Marshal(r)
	b, _ := json.Marshal(back)
	if string(a) != string(b) {
		t.Fatalf("restored record differs:\n%s\n%s", a, b)
	}
	if err := RestoreTemplateText(&stripped, from, nil); !errors.Is(err, ErrUnknownTemplate) {
		t.Fatalf("restore without the template: %v", err)
	}
	es, texts := StoredSearchEntries(&r, cat)
	if texts != "payments-gold@1~"+r.TemplateDigest {
		t.Fatalf("search texts %q", texts)
	}
	if err := restoreSearchText(es, texts, cat); err != nil {
		t.Fatal(err)
	}
	if !slices.Equal(es, SearchEntries(&r)) {
		t.Fatal("restored search entries differ")
	}
}

func TestRecordsOfATierOfTheirOwn(t *testing.T) {
	gold, _ := TemplateByID("gold")
	d := DeriveDraft(&gold, "critical", "Critical services")
	d.Tier, d.HypercareDays = "platinum", 30
	v1, _, err := Publish(d, nil, "Priya", publishedAt)
	if err != nil {
		t.Fatal(err)
	}
	cat := (*Catalog)(nil).With(v1)
	m := testMaker("00000000000000a1", "Ana", 1_700_000_000_000)
	in := testInput()
	in.Template, in.Tier = "critical", ""
	c, err := m.Create(testRecord, in, cat)
	if err != nil {
		t.Fatalf("create on a tier of its own (no reason asked): %v", err)
	}
	var doc Doc
	(&memLog{cat: cat}).apply(t, &doc, c)
	if doc.Record.Tier != "platinum" || doc.Record.Hypercare.Window.Days != 30 {
		t.Fatalf("record: tier %q, hypercare %d days", doc.Record.Tier, doc.Record.Hypercare.Window.Days)
	}
	if _, err := m.Edit(&doc, PathTier, TierValue{Tier: Gold, Reason: "relabelled"}); err != nil {
		t.Fatalf("relabel gold: %v", err)
	}
	if _, err := m.Edit(&doc, PathTier, TierValue{Tier: "bronze"}); err == nil {
		t.Fatal("a tier neither shipped nor the template's was accepted")
	}
	in.Tier = Silver
	if _, err := m.Create(testRecord, in, cat); err == nil || !strings.Contains(err.Error(), "Platinum") {
		t.Fatalf("a record of another tier on the template: %v", err)
	}
	in.Template = "nope"
	if _, err := m.Create(testRecord, in, cat); err == nil {
		t.Fatal("an unknown template was accepted")
	}
	// Without the template the record cannot be read, and says why.
	if _, err := Fold([]Change{c}, nil); !errors.Is(err, ErrUnknownTemplate) || cat.Missing(doc.Record.TemplateRef()) {
		t.Fatalf("fold without the template: %v", err)
	}
	if (*Catalog)(nil).Missing(doc.Record.TemplateRef()) != true {
		t.Fatal("an empty catalog should say the template is missing")
	}
}

func mustJSON(t *testing.T, v any) []byte {
	t.Helper()
	b, err := json.Marshal(v)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// BenchmarkUpgrade100 times upgrading a record with 100 answered items:
// making the change, previewing it, and folding it in.
func BenchmarkUpgrade100(b *testing.B) {
	gold, _ := TemplateByID("gold")
	d := DeriveDraft(&gold, "big-gold", "Big Gold")
	sec := &d.Sections[slices.IndexFunc(d.Sections, func(s SectionDef) bool { return s.Kind == KindChecklist })]
	for i := range 30 {
		sec.Items = append(sec.Items, ItemDef{ID: ItemID(fmt.Sprintf("BIG-%02d", i)), Text: fmt.Sprintf("Extra item %d", i), NAAllowed: true})
	}
	v1, _, err := Publish(d, nil, "Priya", publishedAt)
	if err != nil {
		b.Fatal(err)
	}
	cat := (*Catalog)(nil).With(v1)
	next := NextDraft(&v1)
	sec = &next.Sections[slices.IndexFunc(next.Sections, func(s SectionDef) bool { return s.Kind == KindChecklist })]
	sec.Items[0].Text += " (reworded)"
	sec.Items = sec.Items[:len(sec.Items)-5]
	sec.Items = append(sec.Items, ItemDef{ID: "NEW-01", Text: "A new question", NAAllowed: true})
	v2, _, err := Publish(next, cat.Versions("big-gold"), "Priya", publishedAt.Add(time.Hour))
	if err != nil {
		b.Fatal(err)
	}
	cat = cat.With(v2)
	m := testMaker("00000000000000a1", "Ana", 1_700_000_000_000)
	in := testInput()
	in.Template, in.Tier = "big-gold", ""
	c, err := m.Create(testRecord, in, (*Catalog)(nil).With(v1))
	if err != nil {
		b.Fatal(err)
	}
	log := []Change{c}
	doc, err := Fold(log, cat)
	if err != nil {
		b.Fatal(err)
	}
	answered := 0
	for _, s := range doc.Record.Sections {
		for _, it := range s.Items {
			if answered == 100 {
				break
			}
			e, err := m.Edit(&doc, ItemPath(it.ID, "status"), StatusValue{Status: Done})
			if err != nil {
				b.Fatal(err)
			}
			if err := doc.Apply(e, nil, cat); err != nil {
				b.Fatal(err)
			}
			log = append(log, e)
			answered++
		}
	}
	if answered != 100 {
		b.Fatalf("answered %d", answered)
	}
	var kept int
	b.ResetTimer()
	for range b.N {
		b.StopTimer()
		work, err := Fold(log, cat) // a fresh copy of the record to upgrade
		if err != nil {
			b.Fatal(err)
		}
		b.StartTimer()
		up, err := m.Upgrade(&work, &v2)
		if err != nil {
			b.Fatal(err)
		}
		p, err := PreviewUpgrade(&work, up, cat, time.UnixMilli(1_700_000_100_000))
		if err != nil {
			b.Fatal(err)
		}
		if err := work.Apply(up, nil, cat); err != nil {
			b.Fatal(err)
		}
		kept = p.Kept
	}
	if kept+5 != 100 {
		b.Fatalf("kept %d of 100 answers", kept)
	}
}
