package readiness

import (
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"slices"
	"strings"
)

// Catalog is the template versions one replica can make records from and
// read records of: the shipped versions, always, and the organisation's own
// published versions, each named by the SHA-256 of its text. A published
// version never changes, so a Catalog never changes either: With returns a
// larger one, and a reader holding the old one is never surprised. The nil
// *Catalog holds the shipped versions only.
type Catalog struct {
	own   map[string]*Template         // by digest
	byID  map[string][]*Template       // versions of each own template, oldest first
	order []string                     // own template ids, by name
	texts map[string]map[ItemID]string // item texts by digest, made on loading
}

// itemTexts is an own version's item texts, made once.
func (c *Catalog) itemTexts(t *Template) map[ItemID]string {
	if m, ok := c.texts[t.digest]; ok {
		return m
	}
	return textsOf(t)
}

// With returns a catalog that also holds ts (published versions: their
// digest set by Publish or LoadPublished). A version already held is not
// added twice.
func (c *Catalog) With(ts ...Template) *Catalog {
	out := &Catalog{own: map[string]*Template{}, byID: map[string][]*Template{}, texts: map[string]map[ItemID]string{}}
	if c != nil {
		for k, v := range c.own {
			out.own[k] = v
		}
		for k, v := range c.byID {
			out.byID[k] = slices.Clone(v)
		}
		for k, v := range c.texts {
			out.texts[k] = v
		}
	}
	for i := range ts {
		if ts[i].digest == "" || out.own[ts[i].digest] != nil {
			continue
		}
		t := deepCopy(&ts[i]) // the caller's slices are not the catalog's
		out.own[t.digest] = &t
		out.texts[t.digest] = textsOf(&t)
		vs := append(out.byID[t.ID], &t)
		slices.SortStableFunc(vs, compareVersions)
		out.byID[t.ID] = vs
	}
	for id := range out.byID {
		out.order = append(out.order, id)
	}
	slices.SortFunc(out.order, func(a, b string) int {
		na, nb := out.newestOwn(a).Name, out.newestOwn(b).Name
		if c := strings.Compare(strings.ToLower(na), strings.ToLower(nb)); c != 0 {
			return c
		}
		return strings.Compare(a, b)
	})
	return out
}

func deepCopy(t *Template) Template {
	b, err := json.Marshal(t)
	if err != nil {
		panic(fmt.Sprintf("template %s: %v", t.ID, err)) // plain data: cannot fail
	}
	var out Template
	if err := json.Unmarshal(b, &out); err != nil {
		panic(fmt.Sprintf("template %s: %v", t.ID, err))
	}
	out.digest = t.digest
	return out
}

// compareVersions orders versions of one template: by number, then (two
// devices that published the same number) by when, then by digest.
func compareVersions(a, b *Template) int {
	if a.Version != b.Version {
		return a.Version - b.Version
	}
	if c := a.publishedAt().Compare(b.publishedAt()); c != 0 {
		return c
	}
	return strings.Compare(a.digest, b.digest)
}

func (c *Catalog) newestOwn(id string) *Template {
	vs := c.byID[id]
	return vs[len(vs)-1]
}

// Lookup finds the version a record names: same id, version and digest.
// A shipped id with a version or text this build lacks asks for a newer
// Ready Room; an own template this replica has not received is
// ErrUnknownTemplate, and a peer can send it (see Missing).
func (c *Catalog) Lookup(ref TemplateRef) (*Template, error) {
	if IsShipped(ref.ID) {
		t, err := TemplateByRef(ref)
		if err != nil {
			return nil, err
		}
		return &t, nil
	}
	if c != nil {
		if t := c.own[ref.Digest]; t != nil && t.ID == ref.ID && t.Version == ref.Version {
			return t, nil
		}
	}
	return nil, fmt.Errorf("the record was made from template %s, which this device has not received yet: %w", ref, ErrUnknownTemplate)
}

// Missing reports whether ref names an own template version this catalog
// lacks, one a peer could send (a shipped one cannot be sent: it comes with
// Ready Room itself).
func (c *Catalog) Missing(ref TemplateRef) bool {
	if IsShipped(ref.ID) || !isDigest(ref.Digest) {
		return false
	}
	return c == nil || c.own[ref.Digest] == nil
}

// ByDigest returns an own published version by its digest.
func (c *Catalog) ByDigest(digest string) (*Template, bool) {
	if c == nil {
		return nil, false
	}
	t, ok := c.own[digest]
	return t, ok
}

// Versions lists every version of a template, oldest first: a shipped
// template's shipped versions, or an own template's published ones.
func (c *Catalog) Versions(id string) []*Template {
	if IsShipped(id) {
		var out []*Template
		for i := range shipped {
			if shipped[i].ID == id {
				out = append(out, &shipped[i])
			}
		}
		slices.SortStableFunc(out, compareVersions)
		return out
	}
	if c == nil {
		return nil
	}
	return slices.Clone(c.byID[id])
}

// Newest returns the newest version of a template.
func (c *Catalog) Newest(id string) (*Template, bool) {
	vs := c.Versions(id)
	if len(vs) == 0 {
		return nil, false
	}
	return vs[len(vs)-1], true
}

// IDs lists every template: the shipped ones first (Gold, Silver), then the
// organisation's own by name.
func (c *Catalog) IDs() []string {
	var out []string
	for _, t := range builtIn {
		out = append(out, t.ID)
	}
	if c != nil {
		out = append(out, c.order...)
	}
	return out
}

// Own lists every own published version, template by template (by name),
// oldest version first.
func (c *Catalog) Own() []*Template {
	if c == nil {
		return nil
	}
	var out []*Template
	for _, id := range c.order {
		out = append(out, c.byID[id]...)
	}
	return out
}

// IsShipped reports whether a template id is one Ready Room ships (its
// versions come with the program, never from a peer or a file).
func IsShipped(id string) bool {
	for i := range shipped {
		if shipped[i].ID == id {
			return true
		}
	}
	return false
}

// Digest is the SHA-256 of the version's text, as a record names it.
func (t *Template) Digest() string { return t.digest }

// digestOf is the digest of a published version's text.
func digestOf(b []byte) string {
	sum := sha256.Sum256(b)
	return hex.EncodeToString(sum[:])
}

// isDigest: 64 lowercase hex digits.
func isDigest(s string) bool {
	if len(s) != 64 {
		return false
	}
	for i := 0; i < len(s); i++ {
		if c := s[i]; !('0' <= c && c <= '9' || 'a' <= c && c <= 'f') {
			return false
		}
	}
	return true
}
