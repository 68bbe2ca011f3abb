package app

import (
	"encoding/json"
	"errors"
	"fmt"
	"path/filepath"

	"readyroom/readiness"
	"readyroom/templatefmt"
)

// TemplateImport is what importing a template file did, in words.
type TemplateImport struct {
	ID        string `json:"id"`
	Name      string `json:"name"`
	Published bool   `json:"published"` // a published version was added (else a draft was made)
	Version   int    `json:"version"`   // the version added, or the one the draft will publish as
	// Took says what was read and what it made ("AWS custom lens … ·
	// 2 sections, 8 items, 3 with high risk"); Left, one sentence each, what
	// was left out or changed.
	Took []string `json:"took"`
	Left []string `json:"left"`
	// Already is set when the file's published version was held already.
	Already bool `json:"already"`
}

// Import reads a template file (format "" to detect it, or readyroom,
// aws-lens, markdown) as the organisation's template id as ("" for the id
// the file names or one made from its name). A published version (a Ready
// Room export) is added as it is, with its digest; anything else becomes
// a draft to review and publish — the next version of the template when
// the id is taken, so records on it can upgrade. Nothing is stored when
// the file is refused.
func (t *Templates) Import(fileName string, content []byte, format, as string) (TemplateImport, error) {
	opt := templatefmt.Options{FileName: fileName, ID: as}
	if format != "" {
		f, err := templatefmt.ParseFormat(format)
		if err != nil {
			return TemplateImport{}, err
		}
		opt.Format = f
	}
	im, err := templatefmt.Import(content, opt)
	if err != nil {
		return TemplateImport{}, fileError(err)
	}
	cat, err := t.r.db.Catalog()
	if err != nil {
		return TemplateImport{}, err
	}
	if readiness.IsShipped(im.Template.ID) {
		return TemplateImport{}, fmt.Errorf("%w: %s is Ready Room's own template id: import it under another (--as)", ErrInput, im.Template.ID)
	}
	if prev := cat.Versions(im.Template.ID); len(prev) > 0 && !im.Published() {
		// The next version of a template held here: read again against
		// the versions before it (ids keep their meaning).
		opt.ID, opt.Previous = im.Template.ID, prev
		if im, err = templatefmt.Import(content, opt); err != nil {
			return TemplateImport{}, fileError(err)
		}
	}
	out := TemplateImport{ID: im.Template.ID, Name: im.Template.Name, Published: im.Published(), Version: im.Template.Version,
		Took: []string{}, Left: []string{}}
	if s := im.Report.Source; s != "" {
		out.Took = append(out.Took, s)
	}
	out.Took = append(out.Took, im.Report.Took())
	out.Left = append(out.Left, im.Report.Notes...)
	if im.Published() {
		added, err := t.r.db.AddTemplates(im.Canonical)
		if err != nil {
			return TemplateImport{}, err
		}
		out.Already = len(added) == 0
		return out, nil
	}
	drafts, err := t.r.db.Drafts()
	if err != nil {
		return TemplateImport{}, err
	}
	if _, ok := drafts[im.Template.ID]; ok {
		return TemplateImport{}, fmt.Errorf("%w: there is already a draft of %s here: publish or discard it first, or import as another id", ErrInput, im.Template.ID)
	}
	out.Version = 1
	if prev := cat.Versions(im.Template.ID); len(prev) > 0 {
		out.Version = prev[len(prev)-1].Version + 1
	}
	if err := t.r.db.PutDraft(im.Template); err != nil {
		return TemplateImport{}, err
	}
	return out, nil
}

// importError is a file refused because what it makes breaks a template
// rule: its words name the places in the file; it is not a form's
// validation error (the window would look for the template's fields).
type importError struct{ msg string }

func (e *importError) Error() string { return e.msg }
func (e *importError) Unwrap() error { return templatefmt.ErrMalformed }

func fileError(err error) error {
	var ie *templatefmt.ImportError
	if errors.As(err, &ie) {
		return &importError{msg: ie.Error()}
	}
	return err
}

// ImportFile reads a template file from disk (the command line's, or a
// path the control socket was given) and imports it.
func (t *Templates) ImportFile(path, format, as string) (TemplateImport, error) {
	b, err := readInput(path, templatefmt.MaxInput)
	if err != nil {
		return TemplateImport{}, err
	}
	return t.Import(filepath.Base(path), b, format, as)
}

// ExportFile is a version as Ready Room's template file: its text, which
// reads back as the same version (same digest). A shipped version exports
// as a template to derive from.
func (t *Templates) ExportFile(name string) (file []byte, v TemplateView, err error) {
	v, err = t.Version(name)
	if err != nil {
		return nil, v, err
	}
	var text []byte
	if v.Shipped {
		text, err = json.Marshal(&v.Template)
	} else {
		text, err = t.r.db.TemplateText(v.Digest)
	}
	if err != nil {
		return nil, v, err
	}
	file, err = templatefmt.Export(text)
	return file, v, err
}
