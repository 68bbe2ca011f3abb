package templatefmt

import (
	"encoding/json"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"readyroom/readiness"
)

var publishedAt = time.Date(2026, 11, 2, 9, 0, 0, 0, time.UTC)

func fixture(t testing.TB, name string) []byte {
	t.Helper()
	b, err := os.ReadFile(filepath.Join("testdata", name))
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// importFixture imports a file under testdata as the command line would.
func importFixture(t testing.TB, name string, opt Options) Imported {
	t.Helper()
	opt.FileName = filepath.Join("testdata", name)
	im, err := Import(fixture(t, name), opt)
	if err != nil {
		t.Fatalf("import %s: %v", name, err)
	}
	return im
}

func publish(t testing.TB, d readiness.Template, prev []*readiness.Template, at time.Time) readiness.Template {
	t.Helper()
	v, _, err := readiness.Publish(d, prev, "Priya", at)
	if err != nil {
		t.Fatalf("publish %s: %v", d.ID, err)
	}
	return v
}

func item(t testing.TB, tpl *readiness.Template, id readiness.ItemID) (readiness.SectionDef, readiness.ItemDef) {
	t.Helper()
	for _, s := range tpl.Sections {
		for _, it := range s.Items {
			if it.ID == id {
				return s, it
			}
		}
	}
	t.Fatalf("template %s has no item %s", tpl.ID, id)
	return readiness.SectionDef{}, readiness.ItemDef{}
}

// editLens decodes a lens fixture, lets f change it, and encodes it again.
func editLens(t testing.TB, name string, f func(*lens)) []byte {
	t.Helper()
	var l lens
	if err := json.Unmarshal(fixture(t, name), &l); err != nil {
		t.Fatal(err)
	}
	f(&l)
	b, err := json.MarshalIndent(l, "", "  ")
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// records keeps a record's changes, as the store does, and folds them.
type records struct {
	t       testing.TB
	maker   *readiness.Maker
	changes []readiness.Change
	cat     *readiness.Catalog
}

func newRecords(t testing.TB, cat *readiness.Catalog) *records {
	ms := int64(1_700_000_000_000)
	clock := readiness.NewClock(func() time.Time { ms++; return time.UnixMilli(ms) })
	return &records{t: t, cat: cat, maker: &readiness.Maker{Clock: clock, Replica: "00000000000000a1", Author: "Ana"}}
}

func (r *records) add(c readiness.Change, err error) {
	r.t.Helper()
	if err != nil {
		r.t.Fatal(err)
	}
	r.changes = append(r.changes, c)
}

func (r *records) doc() readiness.Doc {
	r.t.Helper()
	d, err := readiness.Fold(r.changes, r.cat)
	if err != nil {
		r.t.Fatal(err)
	}
	return d
}

func (r *records) edit(p readiness.Path, v any) {
	r.t.Helper()
	d := r.doc()
	r.add(r.maker.Edit(&d, p, v))
}

// mustFail asserts err is of kind and says want.
func mustFail(t testing.TB, err, kind error, want string) {
	t.Helper()
	if err == nil {
		t.Fatalf("accepted; want an error saying %q", want)
	}
	if kind != nil && !errors.Is(err, kind) {
		t.Errorf("error %q is not %v", err, kind)
	}
	if !strings.Contains(err.Error(), want) {
		t.Errorf("error %q does not say %q", err, want)
	}
}
