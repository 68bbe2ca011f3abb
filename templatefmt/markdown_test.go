package templatefmt

import (
	"slices"
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
	wantNotes(t, im, "Left out 3 HTML blocks or comments (lines 3, 4 and 8).", "Left out 1 image (line 10)")
}

// An item whose sentence wraps onto the next line, indented or not, is
// one text, as a renderer shows it (Front-End-Checklist's CSS
// preprocessors item was cut at "(e.g Sass," with "Less, Stylus)." as
// why); a paragraph of its own under the item still says why.
func TestMarkdownWrappedItem(t *testing.T) {
	im := importPage(t, `# Checklist

## CSS

- [ ] **Preprocessors:** Your project is using a CSS preprocessor (e.g [Sass](http://sass-lang.com/),
      [Less](http://lesscss.org/), [Stylus](http://stylus-lang.com/)).
- [ ] **Logging**: All logs are written to STDOUT / STDERR. Correlation IDs, Mapped
Diagnostic Context (MDC) is used. Log levels like `+"`debug`"+` are not used by default.
- [ ] A rollback has been rehearsed

  A rollback that has never been run is a plan, not a capability.
`)
	tests := []struct{ id, text, why string }{
		{"CSS-01", "Preprocessors: Your project is using a CSS preprocessor (e.g Sass, Less, Stylus).", ""},
		{"CSS-02", "Logging: All logs are written to STDOUT / STDERR. Correlation IDs, Mapped Diagnostic Context (MDC) is used. Log levels like `debug` are not used by default.", ""},
		{"CSS-03", "A rollback has been rehearsed", "A rollback that has never been run is a plan, not a capability."},
	}
	for _, tt := range tests {
		if _, it := item(t, &im.Template, readiness.ItemID(tt.id)); it.Text != tt.text || it.Why != tt.why {
			t.Errorf("%s: text %q why %q, want %q and %q", tt.id, it.Text, it.Why, tt.text, tt.why)
		}
	}
	if _, it := item(t, &im.Template, "CSS-01"); len(it.Refs) != 3 {
		t.Errorf("CSS-01 links %v, want the three", it.Refs)
	}
}

// Character references and backslash escapes read as a renderer shows
// them, and the spaces they make at either end of a text are trimmed
// (API-Security-Checklist's Arabic and Persian READMEs indent every item
// with &nbsp;); code keeps what is written.
func TestMarkdownEntities(t *testing.T) {
	im := importPage(t, `# API Security Checklist

## Authentication

- [ ] &nbsp;&nbsp;&nbsp;لا تستخدم `+"`Basic Auth`"+` لكن استخدم المعايير القياسية للمصادقة.
- [ ] Don&#39;t reinvent the wheel in authentication &amp; token generation&#x2E;&nbsp;
- [ ] Escape \*every\* input, not `+"`&amp; \\*`"+` only
- [ ] &bogus; &amp stays as written
`)
	want := []string{
		"لا تستخدم `Basic Auth` لكن استخدم المعايير القياسية للمصادقة.",
		"Don't reinvent the wheel in authentication & token generation.",
		"Escape *every* input, not `&amp; \\*` only",
		"&bogus; &amp stays as written",
	}
	if got := texts(&im.Template); !slices.Equal(got, want) {
		t.Errorf("texts\n%q, want\n%q", got, want)
	}
}

// An image's alt text stands where the image stood: Front-End-Checklist
// marks each item's priority with ![High][high_img] and explains the marks
// in a legend, which read "- indicates that …" with the image left out.
func TestMarkdownImageAltText(t *testing.T) {
	im := importPage(t, `# Front-End Checklist

- ![Low][low_img] indicates that the item is recommended but can be omitted.
- ![High][high_img] indicates that the item cannot be omitted.

## Head

- [ ] **Doctype:** ![High][high_img] The Doctype is HTML5 and is at the top of all your HTML pages.
- [ ] **Favicons:** ![](favicon.png) Each favicon has been created and displays correctly.

[low_img]: https://front-end-checklist.io/low.svg
[high_img]: https://front-end-checklist.io/high.svg
`)
	want := []string{
		"Doctype: High The Doctype is HTML5 and is at the top of all your HTML pages.",
		"Favicons: Each favicon has been created and displays correctly.",
	}
	if got := texts(&im.Template); !slices.Equal(got, want) {
		t.Errorf("texts\n%q, want\n%q", got, want)
	}
	if w := "- Low indicates that the item is recommended but can be omitted.\n\n- High indicates that the item cannot be omitted."; im.Template.Summary != w {
		t.Errorf("summary %q, want %q", im.Template.Summary, w)
	}
	wantNotes(t, im, "Left out 4 images (lines 3, 4, 8 and 9), keeping their alt text where they stood.")

	// A badge in the title (a linked image) is not words of the name.
	badged := importPage(t, "# Front-End Checklist [![Tweet](https://img.shields.io/x.svg)](https://twitter.com/x) ![Build](b.svg)\n\n## Head\n\n- [ ] [![npm](n.svg)](https://npm.im/x) The page has a title.\n")
	if badged.Template.Name != "Front-End Checklist" {
		t.Errorf("name %q, want the heading's words without its badges", badged.Template.Name)
	}
	if got := texts(&badged.Template); !slices.Equal(got, []string{"The page has a title."}) {
		t.Errorf("a linked badge in an item: %q", got)
	}
}

// Sections whose headings have the same words are told apart by the
// heading they stand under (Front-End-Checklist has six "Best practices",
// under HTML, JavaScript, Performance …), or else by their place.
func TestMarkdownSameHeadings(t *testing.T) {
	im := importPage(t, `# Front-End Checklist

## HTML

### Best practices

- [ ] Semantic elements are used.

### HTML testing

- [ ] The W3C validator finds no error.

## JavaScript

### Best practices

- [ ] JavaScript is minified.

## Notes

- [ ] The team has read the notes.

## notes

- [ ] The team has read the other notes.

## Notes (2)

- [ ] A heading written with the number a repeat would be given keeps it.
`)
	var got []string
	for _, s := range im.Template.Sections {
		got = append(got, string(s.ID)+": "+s.Title)
	}
	want := []string{"html-best-practices: HTML — Best practices", "html-testing: HTML testing",
		"java-script-best-practices: JavaScript — Best practices", "notes: Notes", "notes-3: notes (3)", "notes-2: Notes (2)"}
	if !slices.Equal(got, want) {
		t.Errorf("sections\n%q, want\n%q", got, want)
	}
}

// Checkboxes in a table's cells are not items, but the report counts them,
// so a page that keeps its checklist in tables (pm-skills-mcp's launch
// checklist template) does not lose them unsaid.
func TestMarkdownCheckboxesInTables(t *testing.T) {
	table := `| Item | Owner | Due |
|------|-------|-----|
| [ ] Code complete and merged | [Name] | [Date] |
| [x] Code review approved | [Name] | [Date] |
| Feature flags configured [ ] | [Name] | [Date] |
`
	im := importPage(t, "# Launch Checklist\n\n## Engineering Readiness\n\n"+table+"\n## Go/No-Go\n\n- [ ] Go decision made\n\n"+table)
	wantNotes(t, im, "Left out 2 tables (lines 5 and 15), with 4 checkboxes in their cells (| [ ] … |): Ready Room reads checkbox items from list lines (- [ ] …); write the rows as list lines to import them.")

	_, err := Import([]byte("# Launch Checklist\n\n"+table), Options{FileName: "checklist.md"})
	if w := "checklist.md has no checkbox items (lines such as \"- [ ] Rollback plan written\"); its table holds 2 checkboxes (| [ ] … |), which Ready Room does not read"; err == nil || !strings.Contains(err.Error(), w) {
		t.Errorf("a page with checkboxes only in a table: %v, want %q", err, w)
	}
}
