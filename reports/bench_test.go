package reports

import (
	"bytes"
	"testing"
)

// pagesOf counts a PDF's pages from its page objects.
func pagesOf(b []byte) int {
	return bytes.Count(b, []byte("/Type /Page\n")) + bytes.Count(b, []byte("/Type /Page "))
}

func benchPack(b *testing.B, notes int) {
	r := goldRecord(b, notes)
	var out []byte
	for b.Loop() {
		out = render(b, r, PackOptions{})
	}
	b.ReportMetric(float64(pagesOf(out)), "pages")
}

// BenchmarkPackDemo is a Gold pack like the demo's (about 20 pages).
func BenchmarkPackDemo(b *testing.B) { benchPack(b, 0) }

// BenchmarkPack40 is a pack of about 40 pages (target 50 ms).
func BenchmarkPack40(b *testing.B) { benchPack(b, 7) }

// BenchmarkPack400 is a pack of about 400 pages (target 500 ms).
func BenchmarkPack400(b *testing.B) { benchPack(b, 120) }
