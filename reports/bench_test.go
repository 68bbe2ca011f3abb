package reports

import (
	"bytes"
	"io"
	"strings"
	"testing"
)

// Benchmarks of whole packs, built in the test from the Gold template:
//
//	go test ./reports -run '^$' -bench Pack -benchmem
//
// Each reports the pack's pages. Targets on a 2-core machine: 40 pages in
// 50 ms, 400 pages in 500 ms.

// pagesOf counts a PDF's pages from its page objects.
func pagesOf(b []byte) int {
	return bytes.Count(b, []byte("/Type /Page\n")) + bytes.Count(b, []byte("/Type /Page "))
}

func benchPack(b *testing.B, notes int) {
	r := goldRecord(b, notes)
	hist := history(40)
	var buf bytes.Buffer
	pages := 0
	for b.Loop() {
		buf.Reset()
		if err := ReadinessPack(&buf, r, hist, PackOptions{Now: packTime}); err != nil {
			b.Fatal(err)
		}
		pages = pagesOf(buf.Bytes())
	}
	b.ReportMetric(float64(pages), "pages")
	b.ReportMetric(float64(buf.Len())/1024, "KiB")
}

// BenchmarkPackDemo is a Gold pack like the demo's.
func BenchmarkPackDemo(b *testing.B) { benchPack(b, 0) }

// BenchmarkPack40 is a pack of about 40 pages (target 50 ms).
func BenchmarkPack40(b *testing.B) { benchPack(b, 4) }

// BenchmarkPack400 is a pack of about 400 pages, items with long notes
// (target 500 ms).
func BenchmarkPack400(b *testing.B) { benchPack(b, 76) }

// BenchmarkWrap is the line breaker on a long note.
func BenchmarkWrap(b *testing.B) {
	fs, err := fonts()
	if err != nil {
		b.Fatal(err)
	}
	s := strings.Repeat("Evidence reviewed with the run team; follow-up booked: https://wiki.example.com/payments/a/b/c. ", 40)
	b.SetBytes(int64(len(s)))
	for b.Loop() {
		fs.wrap(regular, 8.5, 45, s)
	}
}

// BenchmarkFonts is the cost of a document's fonts: fpdf parses each face
// again for every document.
func BenchmarkNewDoc(b *testing.B) {
	for b.Loop() {
		d, err := newDoc(A4, docMeta{kind: "Readiness pack", title: "x", now: packTime})
		if err != nil {
			b.Fatal(err)
		}
		d.page()
		if err := d.finish(io.Discard, "empty"); err != nil {
			b.Fatal(err)
		}
	}
}
