package templatefmt

import (
	"encoding/json"
	"os"
	"reflect"
	"slices"
	"strings"
	"testing"

	"readyroom/readiness"
)

// schemaFile is docs/template.schema.json, the published JSON Schema of
// Ready Room's template file.
const schemaFile = "../docs/template.schema.json"

type jsonSchema struct {
	Properties           map[string]*jsonSchema `json:"properties"`
	Required             []string               `json:"required"`
	AdditionalProperties *bool                  `json:"additionalProperties"`
	Defs                 map[string]*jsonSchema `json:"$defs"`
	Ref                  string                 `json:"$ref"`
	Items                *jsonSchema            `json:"items"`
	MaxLength            *int                   `json:"maxLength"`
	MinLength            *int                   `json:"minLength"`
	MaxItems             *int                   `json:"maxItems"`
	Maximum              *int                   `json:"maximum"`
	Minimum              *int                   `json:"minimum"`
	Pattern              string                 `json:"pattern"`
	Enum                 []string               `json:"enum"`
	Const                string                 `json:"const"`
}

func loadSchema(t *testing.T) *jsonSchema {
	t.Helper()
	b, err := os.ReadFile(schemaFile)
	if err != nil {
		t.Fatal(err)
	}
	var s jsonSchema
	if err := json.Unmarshal(b, &s); err != nil {
		t.Fatalf("%s: %v", schemaFile, err)
	}
	return &s
}

// TestSchemaMatchesReadiness keeps the schema to readiness's types: each
// object of it names exactly the JSON fields of its Go type, requires
// those Go always writes, refuses others, and states readiness's limits
// and enums. (The validator test, schema_validate_test.go, checks real
// files against it.)
func TestSchemaMatchesReadiness(t *testing.T) {
	s := loadSchema(t)
	if s.Properties["format"].Const != ReadyRoomFormat || !slices.Equal(s.Required, []string{"format", "template"}) {
		t.Errorf("wrapper: format %q, required %v", s.Properties["format"].Const, s.Required)
	}
	types := map[string]reflect.Type{
		"template": reflect.TypeFor[readiness.Template](), "section": reflect.TypeFor[readiness.SectionDef](), "item": reflect.TypeFor[readiness.ItemDef](),
		"criterion": reflect.TypeFor[readiness.CriterionDef](), "handoverItem": reflect.TypeFor[readiness.HandoverDef](),
		"origin": reflect.TypeFor[readiness.Origin](), "publication": reflect.TypeFor[readiness.Publication](),
	}
	// Shipped derived templates only, resolved away before any export.
	shippedOnly := []string{"base", "include", "includeExitCriteria", "includeHandoverItems"}
	for def, typ := range types {
		d := s.Defs[def]
		if d == nil {
			t.Errorf("schema has no $defs.%s", def)
			continue
		}
		var fields, required []string
		for f := range typ.Fields() {
			name, opts, _ := strings.Cut(f.Tag.Get("json"), ",")
			if !f.IsExported() || name == "-" || slices.Contains(shippedOnly, name) {
				continue
			}
			fields = append(fields, name)
			if !strings.Contains(opts, "omitempty") {
				required = append(required, name)
			}
		}
		var props []string
		for p := range d.Properties {
			props = append(props, p)
		}
		slices.Sort(fields)
		slices.Sort(props)
		slices.Sort(required)
		got := slices.Sorted(slices.Values(d.Required))
		if !slices.Equal(props, fields) || !slices.Equal(got, required) || d.AdditionalProperties == nil || *d.AdditionalProperties {
			t.Errorf("$defs.%s: properties %v required %v; %s has fields %v, always written %v (and no others allowed)", def, props, got, typ, fields, required)
		}
	}
	limits := []struct {
		what string
		got  *int
		want int
	}{
		{"template name", s.Defs["template"].Properties["name"].MaxLength, readiness.MaxTemplateName},
		{"summary", s.Defs["template"].Properties["summary"].MaxLength, readiness.MaxReason},
		{"hypercare days", s.Defs["template"].Properties["hypercareDays"].Maximum, readiness.MaxHypercareDays},
		{"sections", s.Defs["template"].Properties["sections"].MaxItems, readiness.MaxTemplateSections},
		{"exit criteria", s.Defs["template"].Properties["exitCriteria"].MaxItems, readiness.MaxTemplateEntries},
		{"handover items", s.Defs["template"].Properties["handoverItems"].MaxItems, readiness.MaxTemplateEntries},
		{"section title", s.Defs["section"].Properties["title"].MaxLength, readiness.MaxTitle},
		{"section prompt", s.Defs["section"].Properties["prompt"].MaxLength, readiness.MaxReason},
		{"section guidance", s.Defs["section"].Properties["guidance"].MaxLength, readiness.MaxGuidance},
		{"section items", s.Defs["section"].Properties["items"].MaxItems, readiness.MaxTemplateItems},
		{"item text", s.Defs["item"].Properties["text"].MaxLength, readiness.MaxItemText},
		{"item why", s.Defs["item"].Properties["why"].MaxLength, readiness.MaxGuidance},
		{"item evidence", s.Defs["item"].Properties["evidence"].MaxLength, readiness.MaxGuidance},
		{"item refs", s.Defs["item"].Properties["refs"].MaxItems, readiness.MaxRefs},
		{"a reference", s.Defs["item"].Properties["refs"].Items.MaxLength, readiness.MaxReason},
		{"exit criterion", s.Defs["criterion"].Properties["text"].MaxLength, readiness.MaxItemText},
		{"handover item", s.Defs["handoverItem"].Properties["text"].MaxLength, readiness.MaxItemText},
		{"origin from", s.Defs["origin"].Properties["from"].MaxLength, readiness.MaxReason},
		{"origin format", s.Defs["origin"].Properties["format"].MaxLength, readiness.MaxLine},
		{"origin note", s.Defs["origin"].Properties["note"].MaxLength, readiness.MaxReason},
	}
	for _, l := range limits {
		switch {
		case l.got == nil:
			t.Errorf("schema states no limit on %s; readiness's is %d", l.what, l.want)
		case *l.got != l.want:
			t.Errorf("schema's limit on %s is %d, readiness's %d", l.what, *l.got, l.want)
		}
	}
	if p := s.Defs["item"].Properties["id"].Pattern; !strings.Contains(p, "{0,"+itoa(readiness.MaxItemID-1)+"}") {
		t.Errorf("item id pattern %q does not allow %d characters", p, readiness.MaxItemID)
	}
	if e := s.Defs["item"].Properties["risk"].Enum; !slices.Equal(e, []string{readiness.RiskHigh, readiness.RiskMedium}) {
		t.Errorf("risk enum %v", e)
	}
	kinds := []string{string(readiness.KindNarrative), string(readiness.KindChecklist), string(readiness.KindContacts), string(readiness.KindRisks), string(readiness.KindStatusKey)}
	if e := s.Defs["section"].Properties["kind"].Enum; !slices.Equal(e, kinds) {
		t.Errorf("section kinds %v, want %v", e, kinds)
	}
	origins := []string{string(readiness.OriginAuthored), string(readiness.OriginDerived), string(readiness.OriginImported)}
	if e := s.Defs["origin"].Properties["kind"].Enum; !slices.Equal(e, origins) {
		t.Errorf("origin kinds %v, want %v", e, origins)
	}
}

func itoa(n int) string {
	b, _ := json.Marshal(n)
	return string(b)
}
