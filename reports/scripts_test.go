package reports

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"
	"unicode"
	"unicode/utf8"

	"readyroom/readiness"
)

// Packs with text in every script, read back by two readers that share no
// code with us or with each other: poppler's pdftotext and Mozilla's
// pdf.js (the npm package pdfjs-dist, run by node; build/scripts/setup.sh
// installs it in testdata/pdfjs). What a reader copies or searches is what
// was typed, in every script the fonts cover; nothing prints as □; links
// are web links; the document says its language and asks for its title
// to be shown; its fonts are named as subsets.

// pdfjsDoc is what testdata/pdfjs/read.mjs prints.
type pdfjsDoc struct {
	Title             string          `json:"title"`
	Language          string          `json:"language"`
	ViewerPreferences map[string]any  `json:"viewerPreferences"`
	Pages             []pdfjsPage     `json:"pages"`
	raw               json.RawMessage // for failure messages
}

type pdfjsPage struct {
	Text  string `json:"text"`
	Links []struct {
		URL      string `json:"url"`
		Internal bool   `json:"internal"`
	} `json:"links"`
}

// pdfjs reads a PDF with pdf.js, or skips saying what to install.
func pdfjs(t *testing.T, path string) pdfjsDoc {
	t.Helper()
	if _, err := exec.LookPath("node"); err != nil {
		t.Skip("node is not installed")
	}
	dir, err := filepath.Abs(filepath.Join("testdata", "pdfjs"))
	if err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(filepath.Join(dir, "node_modules", "pdfjs-dist")); err != nil {
		t.Skip("pdfjs-dist is not installed in reports/testdata/pdfjs (build/scripts/setup.sh installs it)")
	}
	var stderr bytes.Buffer
	cmd := exec.Command("node", filepath.Join(dir, "read.mjs"), path)
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	if err != nil {
		t.Fatalf("pdf.js: %v\n%s", err, stderr.String())
	}
	var doc pdfjsDoc
	if err := json.Unmarshal(out, &doc); err != nil {
		t.Fatalf("pdf.js printed %q: %v", out, err)
	}
	doc.raw = out
	return doc
}

// typedWords are what the scripts record holds, each in one place, as a
// reader would search for them. Emoji are searched without the skin tone,
// joiner or presentation selector typed with them: the PDF draws each
// emoji in one tone, and maps its glyph to the emoji alone.
var typedWords = []string{
	"支付令牌", "上线", // Chinese
	"カード決済", "の移行", // Japanese: kana and kanji
	"결제", "한국어", // Korean
	"🚀", "😀", "✅", "❤", "👍", "👩", "💻", // emoji, above and in the BMP
	"مرحبا", "بالعالم", "السلام", "عليكم", "العربية", // Arabic: shaped when drawn, with lam-alef ligatures
	"שלום", "עולם", "בעברית", // Hebrew
	"山田太郎", "김민수", "אבי", "عمر", // names in contacts
	"運用手順", // an evidence label
}

// scriptsRecord is the Gold record with text in Chinese, Japanese, Korean,
// Arabic, Hebrew and emoji in its title, squad, narrative, an item's notes
// and evidence, a risk and contacts; one Arabic paragraph long enough to
// wrap ends "3. Emoji: 🚀 done".
func scriptsRecord(t *testing.T) *readiness.Record {
	t.Helper()
	r := goldRecord(t, 0)
	r.Title = "決済 🚀 مرحبا בעברית"
	r.Squad = "Squad 👩‍💻 ファルコン"
	r.Sections[0].Text = "Chinese: 支付令牌 上线.\nJapanese: カード決済 の移行.\nKorean: 결제 한국어.\n" +
		"Emoji: 🚀 😀 ✅ ❤️ 👍🏽.\nArabic: مرحبا بالعالم والسلام عليكم.\nHebrew: שלום עולם 2026.\n" +
		strings.Repeat("مرحبا بالعالم ", 12) + "3. Emoji: 🚀 done"
	it := &r.Sections[len(r.Sections)-1].Items[0]
	it.Notes = "Checked by 山田太郎 with 김민수 ✅; see the runbook."
	it.Evidence = []readiness.Evidence{{Label: "運用手順 runbook", URL: wikiURL}, {Label: "العربية", URL: shortURL}}
	r.Risks = append(r.Risks, readiness.Risk{ID: "01JD000000000000000000000R", Description: "הספק מאחר: שלום עולם", Likelihood: "high", Impact: "high", Mitigation: "خطة بديلة: السلام عليكم", Owner: "אבי", Status: "open"})
	r.Contacts = append(r.Contacts,
		readiness.Contact{ID: "01JD000000000000000000000C", Name: "山田太郎", Role: "オンコール", InHours: "+81 3 0000 0000"},
		readiness.Contact{ID: "01JD000000000000000000000D", Name: "김민수", Role: "운영", InHours: "+82 2 000 0000"},
		readiness.Contact{ID: "01JD000000000000000000000E", Name: "אבי כהן", Role: "عمر", InHours: "+972 3 000 0000"})
	return r
}

// bidiControls are what pdftotext puts around runs of each direction.
var bidiControls = strings.NewReplacer("\u200e", "", "\u200f", "", "\u202a", "", "\u202b", "", "\u202c", "", "\u202d", "", "\u202e", "", "\u2066", "", "\u2067", "", "\u2068", "", "\u2069", "")

func TestPacksPrintEveryScript(t *testing.T) {
	needTools(t, "pdftotext", "pdfinfo", "pdffonts", "qpdf")
	r := scriptsRecord(t)
	path := writePDF(t, renderPack(t, r, nil, PackOptions{}))
	qpdfCheck(t, path)
	want := "Readiness pack: " + r.Service + " — " + r.Title

	t.Run("pdftotext", func(t *testing.T) {
		txt := bidiControls.Replace(strings.Join(pdftotext(t, path, "-nopgbrk"), "\n"))
		wantAll(t, "pdftotext", txt, typedWords...)
		wantNone(t, "pdftotext", txt, string(Replacement), "\uFFFD")
		// Arabic is copied as its letters, not the presentation forms drawn.
		if strings.ContainsFunc(txt, func(r rune) bool { return r >= 0xFB50 && r <= 0xFEFC }) {
			t.Error("pdftotext copies Arabic presentation forms")
		}
		if got := pdfInfo(t, path)["Title"]; got != want {
			t.Errorf("title %q, want %q", got, want)
		}
	})

	t.Run("pdf.js", func(t *testing.T) {
		doc := pdfjs(t, path)
		var txt strings.Builder
		uris := map[string]bool{}
		for _, p := range doc.Pages {
			txt.WriteString(p.Text + "\n")
			for _, l := range p.Links {
				if l.URL != "" {
					uris[l.URL] = true
				}
			}
		}
		wantAll(t, "pdf.js", txt.String(), typedWords...)
		wantNone(t, "pdf.js", txt.String(), string(Replacement), "\uFFFD")
		// Two words typed together stay together, in the order typed.
		wantAll(t, "pdf.js", txt.String(), "שלום עולם", "مرحبا بالعالم", "السلام عليكم", "支付令牌 上线")
		if doc.Title != want {
			t.Errorf("title %q, want %q", doc.Title, want)
		}
		if doc.Language != "en" {
			t.Errorf("language %q, want en (the pack's own words outnumber the record's in other scripts)", doc.Language)
		}
		if doc.ViewerPreferences["DisplayDocTitle"] != true {
			t.Errorf("viewer preferences %v, want DisplayDocTitle true", doc.ViewerPreferences)
		}
		for _, u := range []string{wikiURL, shortURL} {
			if !uris[u] {
				t.Errorf("no web link to %s (links: %v)", u, uris)
			}
		}
	})

	t.Run("glyphs", func(t *testing.T) {
		if bad := pdfMissingGlyphs(t, path); len(bad) > 0 {
			t.Errorf("drawn without a glyph: %v", bad)
		}
	})

	t.Run("fonts", func(t *testing.T) {
		out, err := exec.Command("pdffonts", path).Output()
		if err != nil {
			t.Fatalf("pdffonts: %v", err)
		}
		// name, type (3 words), encoding, emb, sub, uni, object, generation
		row := regexp.MustCompile(`(?m)^(\S+)\s+CID TrueType\s+Identity-H\s+(\S+)\s+(\S+)\s+(\S+)\s+\d+\s+0$`)
		rows := row.FindAllStringSubmatch(string(out), -1)
		names := map[string]bool{}
		for _, m := range rows {
			tag, name, ok := strings.Cut(m[1], "+")
			if !ok || !regexp.MustCompile(`^[A-Z]{6}$`).MatchString(tag) {
				t.Errorf("font %s has no subset tag", m[1])
			}
			if m[2] != "yes" || m[3] != "yes" || m[4] != "yes" {
				t.Errorf("font %s: embedded %s, subset %s, text mapping %s", m[1], m[2], m[3], m[4])
			}
			names[name] = true
		}
		for _, n := range []string{"DejaVuSans", "DejaVuSans-Bold", "DroidSansFallback", "Symbola"} {
			if !names[n] {
				t.Errorf("no font %s:\n%s", n, out)
			}
		}
	})
}

// pdfMissingGlyphs lists, for each font of a PDF, the codes its text
// mapping names (every code drawn) that the embedded font file draws as
// .notdef or as nothing (white space aside), read with qpdf: the
// CIDFont's CIDToGIDMap gives the glyph, the subset's loca table its
// outline.
func pdfMissingGlyphs(t *testing.T, path string) []string {
	t.Helper()
	out, err := exec.Command("qpdf", "--json=2", "--json-stream-data=inline", "--decode-level=generalized", "--json-key=qpdf", path).Output()
	if err != nil {
		t.Fatalf("qpdf --json: %v", err)
	}
	var doc struct{ QPDF []json.RawMessage }
	if err := json.Unmarshal(out, &doc); err != nil || len(doc.QPDF) < 2 {
		t.Fatalf("qpdf --json: %v", err)
	}
	var objects map[string]struct {
		Value  map[string]any `json:"value"`
		Stream struct {
			Data []byte `json:"data"` // base64 in the JSON
		} `json:"stream"`
	}
	if err := json.Unmarshal(doc.QPDF[1], &objects); err != nil {
		t.Fatal(err)
	}
	obj := func(ref any) (map[string]any, []byte) {
		s, _ := ref.(string)
		o := objects["obj:"+s]
		return o.Value, o.Stream.Data
	}
	code := regexp.MustCompile(`<([0-9A-F]{4})> <([0-9A-F]{4})>(?: <([0-9A-F]+)>)?`)
	var bad []string
	fonts := 0
	for _, o := range objects {
		if o.Value["/Subtype"] != "/Type0" {
			continue
		}
		fonts++
		name, _ := o.Value["/BaseFont"].(string)
		_, cmap := obj(o.Value["/ToUnicode"])
		kids, _ := o.Value["/DescendantFonts"].([]any)
		if len(kids) != 1 || len(cmap) == 0 {
			t.Fatalf("font %s: no descendant font or text mapping", name)
		}
		cid, _ := obj(kids[0])
		_, gidOf := obj(cid["/CIDToGIDMap"])
		desc, _ := obj(cid["/FontDescriptor"])
		_, file := obj(desc["/FontFile2"])
		b := ttfReader(file)
		head, _, err1 := b.table("head")
		loca, _, err2 := b.table("loca")
		long, err3 := b.u16(head + 50)
		if err := errors.Join(err1, err2, err3); err != nil {
			t.Fatalf("font %s: %v", name, err)
		}
		outline := func(g int) bool {
			if long == 1 {
				a, _ := b.u32(loca + 4*g)
				z, _ := b.u32(loca + 4*g + 4)
				return z > a
			}
			a, _ := b.u16(loca + 2*g)
			z, _ := b.u16(loca + 2*g + 2)
			return z > a
		}
		if _, rest, ok := strings.Cut(string(cmap), "endcodespacerange"); ok {
			cmap = []byte(rest)
		}
		for _, m := range code.FindAllStringSubmatch(string(cmap), -1) {
			lo, _ := strconv.ParseUint(m[1], 16, 16)
			hi := lo
			if m[3] != "" { // a range
				hi, _ = strconv.ParseUint(m[2], 16, 16)
			}
			for c := lo; c <= hi; c++ {
				g := 0
				if int(2*c+1) < len(gidOf) {
					g = int(gidOf[2*c])<<8 | int(gidOf[2*c+1])
				}
				if g == 0 || (!outline(g) && !unicode.IsSpace(rune(c))) {
					bad = append(bad, fmt.Sprintf("%s U+%04X", name, c))
				}
			}
		}
	}
	if fonts == 0 {
		t.Fatal("no fonts")
	}
	return bad
}

// A line of an Arabic paragraph keeps the paragraph's direction though it
// starts with Latin text, and an English line that starts with a Hebrew
// word keeps English's.
func TestParagraphDirection(t *testing.T) {
	fs := loadedFonts(t)
	for _, c := range []struct {
		name, para string
		width      float64
		line, want string // a line of the paragraph, without marks, and how it is drawn
	}{
		{"Latin line of an Arabic paragraph", strings.Repeat("مرحبا ", 8) + "3. Emoji: 🚀 done", 35, "3. Emoji: 🚀 done", "Emoji: 🚀 done .3"},
		{"Hebrew line of an English paragraph", "Release notes: שלום עולם and then English again", 25, "שלום עולם and", "םלוע םולש and"},
	} {
		var got []string
		found := false
		for _, l := range fs.wrap(regular, 9, c.width, Sanitize(c.para)) {
			got = append(got, l)
			if strings.Trim(l, "\u200e\u200f") == c.line {
				found = true
				if v := visual(l); v != c.want {
					t.Errorf("%s: %q is drawn as %q, want %q", c.name, c.line, v, c.want)
				}
			}
		}
		if !found {
			t.Errorf("%s: no line %q in %q", c.name, c.line, got)
		}
	}
}

// /Lang follows the script most of the text is written in.
func TestLangFromTheText(t *testing.T) {
	for _, c := range []struct{ text, want string }{
		{"Card tokenisation v3", "en"},
		{"Überprüfung der Zahlungen", "en"},
		{"カード決済の移行 支付", "ja"},
		{"支付令牌上线", "zh"},
		{"결제 한국어", "ko"},
		{"שלום עולם", "he"},
		{"مرحبا بالعالم", "ar"},
		{"Καλημέρα", "el"},
		{"Go live 🚀 ✅", "en"},
	} {
		var n scriptCount
		n.add(c.text)
		if got := n.lang(); got != c.want {
			t.Errorf("lang(%q) = %q, want %q", c.text, got, c.want)
		}
	}
	// In a PDF, as pdf.js reads it.
	needTools(t, "qpdf")
	d, err := newDoc(A4, docMeta{kind: "Readiness pack", title: "決済", now: packTime})
	if err != nil {
		t.Fatal(err)
	}
	d.page()
	d.para(strings.Repeat("カード決済の移行は明日です。", 20), stBody)
	var b bytes.Buffer
	if err := d.finish(&b, "a page"); err != nil {
		t.Fatal(err)
	}
	path := writePDF(t, b.Bytes())
	qpdfCheck(t, path)
	if doc := pdfjs(t, path); doc.Language != "ja" {
		t.Errorf("language %q, want ja", doc.Language)
	}
}

// The finished PDF's edits keep every object where the cross-reference
// table says it is, for any mix of fonts.
func TestFinishedPDFIsWhole(t *testing.T) {
	needTools(t, "qpdf", "pdfinfo")
	for _, text := range []string{"plain", "עברית العربية", "漢字 한국어", "🚀 and 漢字 and مرحبا"} {
		d, err := newDoc(A4, docMeta{kind: "K", title: text, now: time.Date(2026, 1, 2, 3, 4, 5, 0, time.UTC)})
		if err != nil {
			t.Fatal(err)
		}
		d.page()
		d.para(text, stBody)
		// A link's address is written as it is: one that spells what
		// finishPDF looks for is not taken for it.
		d.linkedText(d.left, d.y, "link", stBody, "https://x.example/\n/Type /Catalog\n/Subtype /Type0\n/BaseFont /utf8dejavu\n")
		var b bytes.Buffer
		if err := d.finish(&b, "a page"); err != nil {
			t.Fatal(err)
		}
		path := writePDF(t, b.Bytes())
		qpdfCheck(t, path)
		out, err := exec.Command("qpdf", "--json=2", "--json-key=qpdf", path).Output()
		if err != nil {
			t.Fatal(err)
		}
		if !strings.Contains(string(out), `"/ViewerPreferences": {`) || !strings.Contains(string(out), `"/DisplayDocTitle": true`) {
			t.Errorf("%s: no DisplayDocTitle in the catalogue", text)
		}
		// Both, and /Lang, are PDF 1.4's.
		if !strings.Contains(string(out), `"/Lang": "u:`) {
			t.Errorf("%s: no /Lang in the catalogue", text)
		}
		if v := pdfInfo(t, path)["PDF version"]; v != "1.4" {
			t.Errorf("%s: PDF version %s, want 1.4: the catalogue's /Lang and /ViewerPreferences are PDF 1.4's", text, v)
		}
	}
}

// finishPDF refuses output it does not recognise rather than write half.
func TestFinishPDFRefusesAnotherShape(t *testing.T) {
	when := time.Date(2026, 1, 2, 3, 4, 5, 0, time.UTC)
	const info = "1 0 obj\n<<\n/CreationDate (D:20260102030405)\n/ModDate (D:20260102030405)\n>>\nendobj\n"
	if _, err := finishPDF([]byte("%PDF-1.3\n"+info+"not fpdf's\n"), nil, when); err == nil {
		t.Error("finishPDF took a file without a catalogue")
	}
	if _, err := finishPDF([]byte("%PDF-1.3\n2 0 obj\n<<\n/Type /Catalog\n>>\nendobj\n"), nil, when); err == nil {
		t.Error("finishPDF took a file without its dates")
	}
	if _, err := finishPDF([]byte("%PDF-1.3\n"+info+"2 0 obj\n<<\n/Type /Catalog\n>>\nendobj\n"), nil, when); err == nil {
		t.Error("finishPDF took a file without a cross-reference table")
	}
}

// The text mapping takes every drawn code back to what was typed.
func TestTextMapping(t *testing.T) {
	fs := loadedFonts(t)
	// Readers reverse a right-to-left word's characters one by one, a
	// ligature's too: a ligature maps to its letters in drawing order.
	for _, c := range []struct {
		typed string
	}{{"مرحبا"}, {"السلام"}, {"لإ لأ لآ"}, {"ء آ ة ى"}} {
		var got []rune
		for _, r := range visual(Sanitize(c.typed)) {
			got = append(got, typed(r, nil)...)
		}
		if back := reverse(string(got)); back != c.typed {
			t.Errorf("%q is drawn as %U and reads back as %q", c.typed, []rune(visual(Sanitize(c.typed))), back)
		}
	}
	ff := fs.fallbackFace(symbols)
	if got := typed(rune(ff.pua['🚀']), ff.runeOf); string(got) != "🚀" {
		t.Errorf("the rocket's code maps to %q", string(got))
	}
	used := &bitset{}
	used.set(rune(ff.pua['🚀']))
	used.set(0xFEFB)
	used.set('A')
	used.set('B')
	cmap := string(toUnicodeCMap(used, ff.runeOf))
	for _, want := range []string{"<FEFB> <06270644>", "<D83DDE80>", "<0041> <0042> <0041>"} {
		if !strings.Contains(cmap, want) {
			t.Errorf("the CMap lacks %s:\n%s", want, cmap)
		}
	}
}

// A heading's bookmark keeps its emoji and CJK.
func TestBookmarksKeepEmoji(t *testing.T) {
	needTools(t, "qpdf")
	d, err := newDoc(A4, docMeta{kind: "K", title: "T", now: packTime})
	if err != nil {
		t.Fatal(err)
	}
	d.page()
	d.heading("Go live 🚀 漢字 مرحبا", 0, 0)
	var b bytes.Buffer
	if err := d.finish(&b, "a page"); err != nil {
		t.Fatal(err)
	}
	path := writePDF(t, b.Bytes())
	qpdfCheck(t, path)
	if o := pdfOutlines(t, path); len(o) != 1 || o[0].Title != "Go live 🚀 漢字 مرحبا" {
		t.Errorf("bookmarks %+v", o)
	}
}

// Bold text in a fallback face (one weight) is drawn heavier than regular.
func TestFallbackBoldIsHeavier(t *testing.T) {
	needTools(t, "pdftoppm")
	ink := func(st textStyle) int {
		d, err := newDoc(A4, docMeta{kind: "K", title: "T", now: packTime})
		if err != nil {
			t.Fatal(err)
		}
		d.page()
		d.textAt(d.left, d.top, "支付令牌 한국어 🚀", st, alignLeft, 0)
		var b bytes.Buffer
		if err := d.finish(&b, "a page"); err != nil {
			t.Fatal(err)
		}
		out, err := exec.Command("pdftoppm", "-r", "100", "-gray", "-f", "1", "-l", "1", writePDF(t, b.Bytes())).Output()
		if err != nil {
			t.Fatalf("pdftoppm: %v", err)
		}
		header := bytes.SplitN(out, []byte("\n"), 4) // P5, width and height, 255, the pixels
		if len(header) != 4 {
			t.Fatalf("pdftoppm wrote %d bytes, not a PGM image", len(out))
		}
		n := 0
		for _, px := range header[3] {
			if px < 128 {
				n++
			}
		}
		return n
	}
	regularInk, boldInk := ink(textStyle{regular, 14, cInk}), ink(textStyle{bold, 14, cInk})
	if regularInk == 0 || boldInk < regularInk*11/10 {
		t.Errorf("bold fallback text has %d dark pixels, regular %d", boldInk, regularInk)
	}
}

// A right-to-left paragraph is set from the right margin, each of its lines
// (the one that ends in Latin text too), and an English paragraph from the
// left: read back from the PDF's word boxes (pdftotext -bbox).
func TestRightToLeftParagraphsAreSetFromTheRight(t *testing.T) {
	needTools(t, "pdftotext")
	r := scriptsRecord(t)
	path := writePDF(t, renderPack(t, r, nil, PackOptions{}))
	out, err := exec.Command("pdftotext", "-bbox", "-enc", "UTF-8", path, "-").Output()
	if err != nil {
		t.Fatal(err)
	}
	type line struct {
		left, right float64
		words       []string
	}
	arabic := func(w string) bool {
		return strings.IndexFunc(w, func(r rune) bool { return (r >= 0x600 && r <= 0x6FF) || (r >= 0xFE70 && r <= 0xFEFF) }) >= 0
	}
	// Words by page and baseline, in the order drawn.
	word := regexp.MustCompile(`<page |<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="[\d.]+">([^<]*)</word>`)
	var lines []*line
	byY := map[string]*line{}
	for _, m := range word.FindAllStringSubmatch(string(out), -1) {
		if m[1] == "" {
			byY = map[string]*line{} // a new page
			continue
		}
		xMin, _ := strconv.ParseFloat(m[1], 64)
		xMax, _ := strconv.ParseFloat(m[3], 64)
		l := byY[m[2]]
		if l == nil {
			l = &line{left: xMin, right: xMax}
			byY[m[2]] = l
			lines = append(lines, l)
		}
		l.left, l.right = min(l.left, xMin), max(l.right, xMax)
		l.words = append(l.words, m[4])
	}
	// A4 is 595 pt wide; the body's margins are 18 mm (51 pt) each side.
	var arabicLines, mixedRight, hebrewLeft int
	for _, l := range lines {
		all := strings.Join(l.words, " ")
		switch {
		case strings.HasPrefix(all, "Hebrew:"):
			if l.left < 60 {
				hebrewLeft++
			}
		case strings.Contains(all, "done") && strings.Contains(all, "Emoji:") && arabic(all):
			if l.right > 530 {
				mixedRight++ // "… 3. Emoji: 🚀 done", the Arabic paragraph's last line
			} else {
				t.Errorf("the last line of the Arabic paragraph ends at %.0f pt, not at the right margin: %q", l.right, all)
			}
		case len(l.words) >= 6 && arabic(all) && !strings.ContainsFunc(all, func(r rune) bool { return r < 0x80 && unicode.IsLetter(r) }):
			// a whole line of the long Arabic paragraph (table cells and
			// titles are set within their own boxes)
			arabicLines++
			if l.right < 530 {
				t.Errorf("an Arabic line ends at %.0f pt, not at the right margin: %q", l.right, all)
			}
		}
	}
	if arabicLines == 0 || mixedRight == 0 || hebrewLeft == 0 {
		t.Errorf("found %d Arabic lines, %d mixed last lines at the right, %d English lines at the left; want each", arabicLines, mixedRight, hebrewLeft)
	}
}

// Chinese wrapped across lines keeps its full stops with the characters
// before them, on the cover, in a table cell and in the recent changes:
// read back with pdftotext -bbox, no word on any page starts with closing
// punctuation (a pack had a recent change's line start "。上线前必…").
func TestChineseLinesDoNotStartWithAFullStop(t *testing.T) {
	needTools(t, "pdftotext")
	note := strings.Repeat("上线前必须完成。", 12)
	r := goldRecord(t, 0)
	r.Title = note[:len(note)/3]
	r.Item("COM-02").Notes = note
	hist := history(5)
	hist[0].Path, hist[0].Label, hist[0].Summary = "items/COM-02/notes", "COM-02 notes", note
	words := pdfWords(t, writePDF(t, renderPack(t, r, hist, PackOptions{})))
	found := 0
	for _, w := range words {
		found += strings.Count(w.text, "上线前必须完成。")
		if first, _ := utf8.DecodeRuneInString(w.text); strings.ContainsRune("。、，．：；！？）」』】》〉", first) {
			t.Errorf("page %d: a line starts with %q", w.page, w.text)
		}
	}
	if found < 24 {
		t.Errorf("the note is printed %d times whole, want 24 at least (the cell and the change)", found)
	}
}
