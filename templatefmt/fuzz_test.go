package templatefmt

import (
	"strings"
	"testing"

	"readyroom/readiness"
)

// FuzzImport: whatever the bytes, Detect and Import return (never panic),
// and whatever Import accepts is a template Ready Room can hold: a draft
// that passes readiness.CheckTemplate, or a published version whose
// canonical text loads back as the same version.
func FuzzImport(f *testing.F) {
	for _, name := range []string{"lens-v1.json", "lens-v2.json", "prr.md"} {
		f.Add(fixture(f, name))
	}
	v1, canon, err := readiness.Publish(importFixture(f, "lens-v1.json", Options{}).Template, nil, "Priya", publishedAt)
	if err != nil {
		f.Fatal(err)
	}
	exported, err := Export(canon)
	if err != nil {
		f.Fatal(err)
	}
	f.Add(exported)
	f.Add(canon)
	for _, s := range []string{"", "{}", "[]", "# T\n- [ ] a\n", "- [x] **A-1** b\n  - [ ] c\n", "---\n---\n# x\n* [ ] y", "%PDF-1.4",
		`{"format":"readyroom-template/1","template":{"id":"x","sections":[]}}`, `{"schemaVersion":"2021-11-01","pillars":[{"id":"p","questions":[{"id":"q","title":"t (H)"}]}]}`,
		"| a |\n|---|\n| - [ ] b |\n", "> - [ ] quoted\n", "1. [ ] numbered\n", "<!-- - [ ] hidden -->\n- [ ] shown\n",
		"- [ ] a\n" + strings.Repeat("> ", 8) + "- [ ] b\n", "- [ ] [x](http://a.example/) *b* `c` ~d~\n"} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, b []byte) {
		_, _ = Detect("fuzz", b)
		for _, format := range append([]Format{""}, Formats()...) {
			im, err := Import(b, Options{FileName: "fuzz", Format: format})
			if err != nil {
				continue
			}
			if im.Published() {
				ref := im.Template.Ref()
				if _, _, err := readiness.LoadPublished(im.Canonical, &ref); err != nil {
					t.Fatalf("accepted a published version whose text does not load: %v", err)
				}
				continue
			}
			if err := readiness.CheckTemplate(&im.Template); err != nil {
				t.Fatalf("accepted (%s) a template that fails its checks: %v", format, err)
			}
			if im.Template.Version != 0 || im.Template.Published != nil {
				t.Fatalf("a draft with version %d", im.Template.Version)
			}
		}
		_ = v1
	})
}
