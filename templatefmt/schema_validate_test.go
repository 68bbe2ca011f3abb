// This test validates files against docs/template.schema.json with a JSON
// Schema validator, github.com/santhosh-tekuri/jsonschema/v6 (maintained,
// draft 2020-12, standard library only), used by this test alone.

package templatefmt

import (
	"bytes"
	"encoding/json"
	"os"
	"strings"
	"testing"

	"github.com/santhosh-tekuri/jsonschema/v6"

	"readyroom/readiness"
)

func compileSchema(t *testing.T) *jsonschema.Schema {
	t.Helper()
	b, err := os.ReadFile(schemaFile)
	if err != nil {
		t.Fatal(err)
	}
	doc, err := jsonschema.UnmarshalJSON(bytes.NewReader(b))
	if err != nil {
		t.Fatal(err)
	}
	c := jsonschema.NewCompiler()
	if err := c.AddResource("template.schema.json", doc); err != nil {
		t.Fatal(err)
	}
	sch, err := c.Compile("template.schema.json")
	if err != nil {
		t.Fatalf("compiling %s: %v", schemaFile, err)
	}
	return sch
}

func validate(sch *jsonschema.Schema, b []byte) error {
	v, err := jsonschema.UnmarshalJSON(bytes.NewReader(b))
	if err != nil {
		return err
	}
	return sch.Validate(v)
}

// TestSchemaValidatesExports: what Export writes (published versions,
// drafts of every import format, the shipped Gold and Silver) is valid
// against the published schema, and files a Ready Room would refuse are
// not.
func TestSchemaValidatesExports(t *testing.T) {
	sch := compileSchema(t)
	v1, canon, err := readiness.Publish(importFixture(t, "lens-v1.json", Options{}).Template, nil, "Priya", publishedAt)
	if err != nil {
		t.Fatal(err)
	}
	published, err := Export(canon)
	if err != nil {
		t.Fatal(err)
	}
	good := map[string][]byte{"published lens v1": published}
	for _, name := range []string{"lens-v2.json", "prr.md", "lens-50.json"} {
		im := importFixture(t, name, Options{})
		text, _ := json.Marshal(&im.Template)
		if good["draft of "+name], err = Export(text); err != nil {
			t.Fatal(err)
		}
	}
	for _, shipped := range readiness.Templates() {
		text, _ := json.Marshal(&shipped)
		if good["shipped "+shipped.ID], err = Export(text); err != nil {
			t.Fatal(err)
		}
	}
	for name, b := range good {
		if err := validate(sch, b); err != nil {
			t.Errorf("%s does not validate: %v", name, err)
		}
	}
	_ = v1

	edit := func(f func(w map[string]any)) []byte {
		var w map[string]any
		_ = json.Unmarshal(published, &w)
		f(w)
		b, _ := json.Marshal(w)
		return b
	}
	tpl := func(w map[string]any) map[string]any { return w["template"].(map[string]any) }
	firstItem := func(w map[string]any) map[string]any {
		return tpl(w)["sections"].([]any)[0].(map[string]any)["items"].([]any)[0].(map[string]any)
	}
	bad := []struct {
		name string
		b    []byte
		says string
	}{
		{"a newer format", edit(func(w map[string]any) { w["format"] = "readyroom-template/2" }), "format"},
		{"no template", edit(func(w map[string]any) { delete(w, "template") }), "template"},
		{"published without its digest", edit(func(w map[string]any) { delete(w, "digest") }), "digest"},
		{"a digest that is not SHA-256", edit(func(w map[string]any) { w["digest"] = "abc" }), "digest"},
		{"an unknown field", edit(func(w map[string]any) { tpl(w)["approvers"] = []any{"Sam"} }), "approvers"},
		{"item text too long", edit(func(w map[string]any) { firstItem(w)["text"] = strings.Repeat("x", readiness.MaxItemText+1) }), "text"},
		{"an item without naAllowed", edit(func(w map[string]any) { delete(firstItem(w), "naAllowed") }), "naAllowed"},
		{"a risk of low", edit(func(w map[string]any) { firstItem(w)["risk"] = "low" }), "risk"},
		{"an item id with a slash", edit(func(w map[string]any) { firstItem(w)["id"] = "a/b" }), "id"},
		{"a section kind of table", edit(func(w map[string]any) { tpl(w)["sections"].([]any)[0].(map[string]any)["kind"] = "table" }), "kind"},
		{"the reserved section id", edit(func(w map[string]any) { tpl(w)["sections"].([]any)[0].(map[string]any)["id"] = "retired-items" }), "id"},
		{"an upper-case template id", edit(func(w map[string]any) { tpl(w)["id"] = "Payments" }), "id"},
		{"a year of hypercare", edit(func(w map[string]any) { tpl(w)["hypercareDays"] = 365 }), "hypercareDays"},
		{"a name over two lines", edit(func(w map[string]any) { tpl(w)["name"] = "Payments\nreadiness" }), "name"},
		{"an origin of another kind", edit(func(w map[string]any) { tpl(w)["origin"].(map[string]any)["kind"] = "copied" }), "kind"},
	}
	for _, tt := range bad {
		err := validate(sch, tt.b)
		if err == nil {
			t.Errorf("%s: valid against the schema", tt.name)
			continue
		}
		if !strings.Contains(err.Error(), tt.says) {
			t.Errorf("%s: %v does not name %s", tt.name, err, tt.says)
		}
	}
}
