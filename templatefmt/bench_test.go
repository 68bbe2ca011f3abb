package templatefmt

import (
	"testing"
)

// BenchmarkImportLens50 imports a custom lens of 5 pillars and 50
// questions (150 KiB, testdata/lens-50.json): detecting, decoding,
// mapping and checking, as `readyroom template import` does.
func BenchmarkImportLens50(b *testing.B) {
	lens := fixture(b, "lens-50.json")
	b.SetBytes(int64(len(lens)))
	b.ReportAllocs()
	for b.Loop() {
		im, err := Import(lens, Options{FileName: "lens-50.json"})
		if err != nil || im.Template.ItemCount() != 50 {
			b.Fatalf("%d items, %v", im.Template.ItemCount(), err)
		}
	}
}

// BenchmarkImportMarkdown imports the production readiness review page.
func BenchmarkImportMarkdown(b *testing.B) {
	page := fixture(b, "prr.md")
	b.SetBytes(int64(len(page)))
	b.ReportAllocs()
	for b.Loop() {
		if _, err := Import(page, Options{FileName: "prr.md"}); err != nil {
			b.Fatal(err)
		}
	}
}
