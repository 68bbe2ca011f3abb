package reports

import "testing"

func TestSanitize(t *testing.T) {
	cases := map[string]string{
		"plain":          "Card tokenisation v3",
		"accents":        "Zoë Ångström — naïve café",
		"emoji":          "Go live 🚀 today",
		"cjk":            "漢字 release",
		"control":        "a\x00b\x07c\r\nd\te",
		"invalid utf8":   "ok\xffok",
		"right to left":  "العربية עברית",
		"markup as text": "<script>alert(1)</script>",
	}
	want := map[string]string{
		"plain":          "Card tokenisation v3",
		"accents":        "Zoë Ångström — naïve café",
		"emoji":          "Go live □ today",
		"cjk":            "□□ release",
		"control":        "abc\nd    e",
		"invalid utf8":   "ok□ok",
		"markup as text": "<script>alert(1)</script>",
	}
	for name, in := range cases {
		got := Sanitize(in)
		if w, ok := want[name]; ok && got != w {
			t.Errorf("%s: Sanitize(%q) = %q, want %q", name, in, got, w)
		}
	}
	if got := Sanitize("עברית"); got != "עברית" {
		t.Errorf("DejaVu Sans draws Hebrew; got %q", got)
	}
}
