package lan

import (
	"bytes"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/oklog/ulid/v2"

	"readyroom/readiness"
)

// publishOwn publishes a template of p's own, derived from Gold with one
// item of its own, and stores it; it returns the version.
func (p *testPeer) publishOwn(id string, extra string, prev []*readiness.Template) readiness.Template {
	p.t.Helper()
	gold, _ := readiness.TemplateByID("gold")
	d := readiness.DeriveDraft(&gold, id, "Payments Gold")
	i := firstChecklist(&d)
	d.Sections[i].Items = append(d.Sections[i].Items, readiness.ItemDef{ID: "PAY-01", Text: extra, NAAllowed: true})
	v, text, err := readiness.Publish(d, prev, p.name, time.Now())
	if err != nil {
		p.t.Fatal(err)
	}
	if _, err := p.db.AddTemplates(text); err != nil {
		p.t.Fatal(err)
	}
	return v
}

// createOn makes a record on an own template here.
func (p *testPeer) createOn(template, title string) readiness.RecordID {
	p.t.Helper()
	cat, err := p.db.Catalog()
	if err != nil {
		p.t.Fatal(err)
	}
	id := readiness.RecordID(ulid.Make().String())
	c, err := p.maker.Create(id, readiness.NewRecord{Service: "Payments", Title: title, Squad: "Falcon", SDM: "Priya",
		MaintenanceTeam: "Run", GoLive: "2026-12-01", Template: template, Answers: readiness.Answers{SensitiveData: true}}, cat)
	if err != nil {
		p.t.Fatal(err)
	}
	if _, err := p.db.Apply(c); err != nil {
		p.t.Fatal(err)
	}
	return id
}

func TestRecordOnAnOwnTemplateBringsItsTemplate(t *testing.T) {
	ana, ben := newPeer(t, "Ana"), newPeer(t, "Ben")
	team := teamOf(t, ana, ben)
	v1 := ana.publishOwn("payments-gold", "Card schemes told of the release", nil)
	rec := ana.createOn("payments-gold", "Tokenisation v3")
	ana.quiet(rec, readiness.ItemPath("PAY-01", "status"), readiness.StatusValue{Status: readiness.Done})
	if cat, _ := ben.db.Catalog(); !cat.Missing(v1.Ref()) {
		t.Fatal("Ben holds the template before anything was shared")
	}
	if _, err := ana.node.Share(rec, team.ID, true); err != nil {
		t.Fatal(err)
	}
	eventually(t, 10*time.Second, "the record on Ana's template opens on Ben's device", func() bool {
		d, ok := ben.doc(rec)
		return ok && d.Record.TemplateRef() == v1.Ref() && d.Record.Item("PAY-01") != nil && d.Record.Item("PAY-01").Status == readiness.Done
	})
	text, err := ben.db.TemplateText(v1.Digest())
	if err != nil {
		t.Fatalf("Ben did not keep the template: %v", err)
	}
	want, _ := ana.db.TemplateText(v1.Digest())
	if !bytes.Equal(text, want) {
		t.Fatal("Ben keeps another text under the digest")
	}

	// Ana publishes v2 and upgrades; Ben receives the upgrade and v2 with it.
	cat, _ := ana.db.Catalog()
	next := readiness.NextDraft(cat.Versions("payments-gold")[0])
	i := firstChecklist(&next)
	next.Sections[i].Items = append(next.Sections[i].Items, readiness.ItemDef{ID: "PAY-02", Text: "Chargeback desk briefed", NAAllowed: true})
	v2, v2text, err := readiness.Publish(next, cat.Versions("payments-gold"), "Ana", time.Now())
	if err != nil {
		t.Fatal(err)
	}
	if _, err := ana.db.AddTemplates(v2text); err != nil {
		t.Fatal(err)
	}
	d, _ := ana.doc(rec)
	up, err := ana.maker.Upgrade(&d, &v2)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := ana.db.Apply(up); err != nil {
		t.Fatal(err)
	}
	ana.node.RecordsChanged(rec)
	eventually(t, 10*time.Second, "the upgrade reaches Ben with its version", func() bool {
		d, ok := ben.doc(rec)
		return ok && d.Record.TemplateRef() == v2.Ref() && d.Record.Item("PAY-02") != nil && d.Record.Item("PAY-01").Status == readiness.Done
	})
}

func TestTemplateNotMatchingItsDigestIsRefused(t *testing.T) {
	ana, ben := newPeer(t, "Ana", manual), newPeer(t, "Ben", manual)
	team := teamOf(t, ana, ben)
	v1 := ana.publishOwn("payments-gold", "Card schemes told of the release", nil)
	rec := ana.createOn("payments-gold", "Tokenisation v3")
	// Ana's device answers for the template with other text.
	ana.serve(func(w http.ResponseWriter, r *http.Request) {
		if strings.Contains(r.URL.Path, "/templates/") {
			text, _ := ana.db.TemplateText(v1.Digest())
			w.Header().Set("Content-Type", "application/json")
			w.Write(bytes.Replace(text, []byte("Card schemes told"), []byte("Card schemes NOT told"), 1))
			return
		}
		ana.inner.ServeHTTP(w, r)
	})
	if _, err := ana.node.Share(rec, team.ID, true); err != nil {
		t.Fatal(err)
	}
	idle(t, ben, ana) // the pull the share's poke started
	err := ben.pullFrom(ana)
	if err == nil || !strings.Contains(err.Error(), "does not match its digest") {
		t.Fatalf("pull with a forged template: %v", err)
	}
	if _, ok := ben.doc(rec); ok {
		t.Fatal("the record was stored although its template was refused")
	}
	if cat, _ := ben.db.Catalog(); !cat.Missing(v1.Ref()) {
		t.Fatal("the forged template was stored")
	}
	// Asked for a version it does not hold, the member says so.
	ana.serve(func(w http.ResponseWriter, r *http.Request) {
		if strings.Contains(r.URL.Path, "/templates/") {
			r.URL.Path = strings.Replace(r.URL.Path, v1.Digest(), strings.Repeat("0", 64), 1)
			r.SetPathValue("digest", strings.Repeat("0", 64))
		}
		ana.inner.ServeHTTP(w, r)
	})
	if err := ben.pullFrom(ana); err == nil || !strings.Contains(err.Error(), "template payments-gold") {
		t.Fatalf("pull when the member lacks the template: %v", err)
	}
	// With the honest answer, it opens.
	ana.serve(func(w http.ResponseWriter, r *http.Request) { ana.inner.ServeHTTP(w, r) })
	if err := ben.pullFrom(ana); err != nil {
		t.Fatal(err)
	}
	if _, ok := ben.doc(rec); !ok {
		t.Fatal("the record did not arrive with its template")
	}
}

func firstChecklist(t *readiness.Template) int {
	for i, s := range t.Sections {
		if s.Kind == readiness.KindChecklist {
			return i
		}
	}
	return -1
}

func TestTemplateSharedWithATeamReachesItsMembers(t *testing.T) {
	ana, ben := newPeer(t, "Ana"), newPeer(t, "Ben")
	team := teamOf(t, ana, ben)
	if _, err := ana.node.ShareTemplate("payments-gold", team.ID, true); err == nil {
		t.Fatal("a template with no published version was shared")
	}
	v1 := ana.publishOwn("payments-gold", "Card schemes told of the release", nil)
	if _, err := ana.node.ShareTemplate("gold", team.ID, true); err == nil {
		t.Fatal("a shipped template was shared")
	}
	if _, err := ana.node.ShareTemplate("payments-gold", team.ID, true); err != nil {
		t.Fatal(err)
	}
	if ids, err := ana.node.SharedTemplates(team.ID); err != nil || len(ids) != 1 || ids[0] != "payments-gold" {
		t.Fatalf("shared: %v %v", ids, err)
	}
	eventually(t, 10*time.Second, "the shared template reaches Ben", func() bool {
		cat, err := ben.db.Catalog()
		return err == nil && !cat.Missing(v1.Ref())
	})
	// Ben can make a record on it.
	rec := ben.createOn("payments-gold", "Chargebacks v2")
	if d, ok := ben.doc(rec); !ok || d.Record.Item("PAY-01") == nil {
		t.Fatal("Ben's record on the shared template")
	}
	if _, err := ana.node.ShareTemplate("payments-gold", team.ID, false); err != nil {
		t.Fatal(err)
	}
	if ids, _ := ana.node.SharedTemplates(team.ID); len(ids) != 0 {
		t.Fatalf("still shared: %v", ids)
	}
}
