package templatefmt

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"strconv"
	"strings"

	"readyroom/readiness"
)

// wrapper is Ready Room's template file (docs/template.schema.json): the
// format's name, and the template as Ready Room writes it. A published
// version comes with its digest, the SHA-256 of its canonical text, so a
// file changed after it was exported is refused rather than taken for the
// version records name.
type wrapper struct {
	Format   string          `json:"format"`
	Digest   string          `json:"digest,omitempty"`
	Template json.RawMessage `json:"template"`
}

// Export writes a template's text (a published version's canonical text,
// as stored; or a draft's, or a shipped template's JSON) as Ready Room's
// template file: {"format":"readyroom-template/1","digest":…,"template":…},
// indented for people to read. Re-indenting does not change a published
// version's digest, which is that of its canonical text; Import reads it
// back as the same version.
func Export(text []byte) ([]byte, error) {
	var probe struct {
		Published json.RawMessage `json:"published"`
	}
	if err := json.Unmarshal(text, &probe); err != nil {
		return nil, fmt.Errorf("exporting template: %w", err)
	}
	w := wrapper{Format: ReadyRoomFormat}
	if len(probe.Published) > 0 && string(probe.Published) != "null" {
		t, canon, err := readiness.LoadPublished(text, nil)
		if err != nil {
			return nil, fmt.Errorf("exporting template: %w", err)
		}
		w.Digest, w.Template = t.Digest(), canon
	} else {
		var t readiness.Template
		if err := decodeStrict(text, &t); err != nil {
			return nil, fmt.Errorf("exporting template: %w", err)
		}
		if t.ID == "" || len(t.Sections) == 0 {
			return nil, fmt.Errorf("exporting template: it has no id or no sections")
		}
		canon, err := json.Marshal(&t)
		if err != nil {
			return nil, fmt.Errorf("exporting template %s: %w", t.ID, err)
		}
		w.Template = canon
	}
	out, err := json.MarshalIndent(w, "", "  ")
	if err != nil {
		return nil, fmt.Errorf("exporting template: %w", err)
	}
	return append(out, '\n'), nil
}

// importReadyRoom reads Ready Room's own template file, or a bare template
// as `readyroom template show --json` prints it. A published version is
// returned as published (readiness.LoadPublished: its digest checked
// against the one the file names, so records that name it open); a draft
// as a draft.
func importReadyRoom(name string, b []byte, opt Options) (Imported, error) {
	body := bytes.TrimPrefix(b, utf8BOM)
	var keys map[string]json.RawMessage
	if err := json.Unmarshal(body, &keys); err != nil {
		return Imported{}, jsonRefusal(name, "", body, err)
	}
	var w wrapper
	bare := keys["format"] == nil
	if bare {
		if keys["id"] == nil || keys["sections"] == nil {
			return Imported{}, refuse(ErrNotATemplate, "%s is JSON without a \"format\" naming it a Ready Room template, and without a template's id and sections", name)
		}
		w.Template = body
	} else {
		if err := decodeStrict(body, &w); err != nil {
			return Imported{}, jsonRefusal(name, "", body, err)
		}
		if err := checkFormatName(name, w.Format); err != nil {
			return Imported{}, err
		}
		if len(w.Template) == 0 || string(w.Template) == "null" {
			return Imported{}, refuse(ErrMalformed, "%s names its format but holds no template", name)
		}
	}
	var t readiness.Template
	if err := decodeStrict(w.Template, &t); err != nil {
		what := "template"
		if !bare {
			what = "(its template)"
		}
		return Imported{}, jsonRefusal(name, what, w.Template, err)
	}
	d := draft{t: t, file: name, src: readyRoomSources(&t), report: Report{Format: FormatReadyRoom}}
	if t.Published != nil && (opt.ID == "" || opt.ID == t.ID) {
		return importPublished(d, w, bare, opt)
	}
	rep := &d.report
	rep.Source = fmt.Sprintf("the Ready Room template %q", t.Name)
	switch {
	case t.Published != nil:
		rep.note("The file holds v%d of %s as published; it was imported as a draft of %s, since a published version keeps its id.", t.Version, t.ID, opt.ID)
		d.t = readiness.DeriveDraft(&t, opt.ID, t.Name)
	case readiness.IsShipped(t.ID) && t.Origin == nil:
		if opt.ID == "" && len(opt.Previous) == 0 {
			return Imported{}, refuse(ErrNeedsID, "%s holds Ready Room's own %s template; import it under an id of your own (--as NAME) to make a template from it", name, t.Name)
		}
		d.t.Origin = &readiness.Origin{Kind: readiness.OriginDerived, From: fmt.Sprintf("%s v%d", t.Name, t.Version)}
		rep.note("The file holds Ready Room's own %s template; it was imported as a draft of a template of your own.", t.Name)
	case t.Origin == nil:
		d.t.Origin = origin(opt.FileName, FormatReadyRoom, "")
	}
	if t.Version > 0 && t.Published == nil {
		rep.note("Imported as a draft: publish it to make a version records can use.")
	}
	return finishDraft(d, opt, true)
}

// importPublished loads a published version as it was published.
func importPublished(d draft, w wrapper, bare bool, opt Options) (Imported, error) {
	t, name := &d.t, d.file
	var want *readiness.TemplateRef
	switch {
	case w.Digest != "":
		want = &readiness.TemplateRef{ID: t.ID, Version: t.Version, Digest: w.Digest}
	case !bare:
		return Imported{}, refuse(ErrMalformed, "%s holds v%d of %s as published but not its digest, which names the version records are made from: export it again from Ready Room", name, t.Version, t.ID)
	}
	tpl, canon, err := readiness.LoadPublished(w.Template, want)
	if errors.Is(err, readiness.ErrTemplateDigest) {
		got, _, _ := readiness.LoadPublished(w.Template, nil)
		return Imported{}, &refusal{kind: readiness.ErrTemplateDigest, msg: fmt.Sprintf(
			"%s holds v%d of %s, but its text is not the text that version was published with (the file names the digest %.12s…, its text has %.12s…): it was changed after it was exported. A published version never changes: export it again, or import the file as a draft of a template of your own (--as NAME)",
			name, t.Version, t.ID, w.Digest, orDefault(got.Digest(), "another"))}
	}
	if err != nil {
		if r := d.refusal(err); r != err {
			return Imported{}, r
		}
		return Imported{}, refuse(ErrMalformed, "%s: %v", name, err)
	}
	rep := &d.report
	rep.Source = fmt.Sprintf("v%d of the Ready Room template %q, published by %s on %s", tpl.Version, tpl.Name, tpl.Published.By, tpl.Published.At.Format("2 January 2006"))
	if bare {
		rep.note("The file names no digest: the version is named by the digest of its text, %.12s….", tpl.Digest())
	}
	var older []*readiness.Template
	for _, p := range opt.Previous {
		if p.Digest() == tpl.Digest() {
			rep.note("You already have this version; importing it again changes nothing.")
		}
		if p.Version < tpl.Version {
			older = append(older, p)
		}
	}
	if err := readiness.CheckVersions(older, &tpl); err != nil {
		return Imported{}, d.refusal(err)
	}
	rep.count(&tpl)
	return Imported{Template: tpl, Canonical: canon, Report: *rep}, nil
}

// checkFormatName accepts readyroom-template/1 and says why another is
// refused.
func checkFormatName(name, f string) error {
	if f == ReadyRoomFormat {
		return nil
	}
	if n, ok := strings.CutPrefix(f, "readyroom-template/"); ok {
		if v, err := strconv.Atoi(n); err == nil && v > 1 {
			return refuse(ErrNewerFormat, "%s was made by a newer Ready Room (its format is %s; this one reads %s): update Ready Room to import it", name, f, ReadyRoomFormat)
		}
	}
	return refuse(ErrUnsupported, "%s names its format %q, which is not a Ready Room template format (this one reads %s)", name, f, ReadyRoomFormat)
}

// readyRoomSources names a template's sections and items as its author
// sees them.
func readyRoomSources(t *readiness.Template) sourceMap {
	m := sourceMap{fields: map[string]string{"name": "the template name", "summary": "the template summary", "tier": "the tier",
		"hypercareDays": "the hypercare length", "base": "the template"}}
	for i, s := range t.Sections {
		sw := fmt.Sprintf("section %d (%s)", i+1, orDefault(s.Title, string(s.ID)))
		m.addSection(sw)
		for _, it := range s.Items {
			m.addItem(fmt.Sprintf("item %s in %s", orDefault(string(it.ID), "without an id"), sw))
		}
	}
	return m
}
