package templatefmt

import (
	"strings"
	"testing"

	"readyroom/readiness"
)

// importPage imports a Markdown page given as text, named checklist.md.
func importPage(t *testing.T, page string) Imported {
	t.Helper()
	im, err := Import([]byte(page), Options{FileName: "checklist.md"})
	if err != nil {
		t.Fatalf("import: %v\n%s", err, page)
	}
	return im
}

// wantNotes fails unless the report says each of want.
func wantNotes(t *testing.T, im Imported, want ...string) {
	t.Helper()
	for _, w := range want {
		if !strings.Contains(im.Report.String(), w) {
			t.Errorf("report does not say %q:\n%s", w, im.Report.String())
		}
	}
}

// texts lists the items' texts in order.
func texts(tpl *readiness.Template) []string {
	var out []string
	for _, s := range tpl.Sections {
		for _, it := range s.Items {
			out = append(out, it.Text)
		}
	}
	return out
}

// What is left out is named by the lines of the page it stands on, also
// when it is inline HTML (kgoralski's <em>…</em>, which read "line 0") or
// an image with no text of its own.
func TestMarkdownLinesLeftOut(t *testing.T) {
	im := importPage(t, `# Microservice checklist

These are the principles I use. <em>(* Yes, a lot of the points here can
be covered via sane defaults)</em>

## General Rules

- [ ] Prefer APIs over sharing SDKs <!-- see the talk -->
- [ ] Choose boring technology, for the reason
  ![](boring.png) shows
`)
	wantNotes(t, im, "Left out 3 HTML blocks or comments (lines 3, 4 and 8).", "Left out 1 image (line 10).")
}
