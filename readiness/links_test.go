package readiness

import (
	"strings"
	"testing"
)

func TestParseTicketKey(t *testing.T) {
	cases := []struct {
		in, project string
	}{
		{"JIRA-123", "JIRA"},
		{"OPS2-1", "OPS2"},
		{"MY_TEAM-42", "MY_TEAM"},
		{"A-9999999999", "A"},
		{"jira-123", ""},                     // keys are capitals
		{"JIRA123", ""},                      // no dash
		{"JIRA-", ""},                        // no number
		{"-12", ""},                          // no project
		{"JIRA-0", ""},                       // numbers start at 1
		{"JIRA-012", ""},                     // nor with a zero
		{"2FA-1", ""},                        // a project starts with a letter
		{"JIRA-12 ", ""},                     // nothing after
		{"JI RA-12", ""},                     // nor inside
		{"JIRA-1-2", ""},                     // one dash
		{strings.Repeat("A", 31) + "-1", ""}, // too long
	}
	for _, c := range cases {
		p, ok := ParseTicketKey(c.in)
		if p != c.project || ok != (c.project != "") {
			t.Errorf("ParseTicketKey(%q) = %q, %v; want %q", c.in, p, ok, c.project)
		}
	}
}

func TestEvidenceKey(t *testing.T) {
	for in, want := range map[string]string{
		"JIRA-123": "JIRA-123", "JIRA-123 load test": "JIRA-123", "JIRA-123: load test": "JIRA-123",
		"load test JIRA-123": "", "Runbook": "", "": "", "jira-1": "",
	} {
		if got := EvidenceKey(in); got != want {
			t.Errorf("EvidenceKey(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestCheckLinkPatterns(t *testing.T) {
	got, err := CheckLinkPatterns(LinkPatterns{
		{Project: " jira ", URL: " https://jira.example.com/browse/{key} "},
		{Project: "OPS-77", URL: "http://tickets.example.org/t?id={key}"},
	})
	if err != nil {
		t.Fatal(err)
	}
	want := LinkPatterns{{"JIRA", "https://jira.example.com/browse/{key}"}, {"OPS", "http://tickets.example.org/t?id={key}"}}
	if len(got) != 2 || got[0] != want[0] || got[1] != want[1] {
		t.Fatalf("tidied to %+v, want %+v", got, want)
	}
	if got, err := CheckLinkPatterns(nil); err != nil || len(got) != 0 {
		t.Fatalf("no patterns: %v, %v", got, err)
	}

	bad := []struct {
		name  string
		p     LinkPattern
		field string
		want  string
	}{
		{"no {key}", LinkPattern{"JIRA", "https://jira.example.com/browse/"}, "url", "The address needs {key} where the key goes"},
		{"not http", LinkPattern{"JIRA", "ftp://jira.example.com/{key}"}, "url", "must start with https:// or http://"},
		{"javascript", LinkPattern{"JIRA", "javascript:alert('{key}')"}, "url", "must start with https:// or http://"},
		{"no host", LinkPattern{"JIRA", "https:///browse/{key}"}, "url", "names no host"},
		{"space", LinkPattern{"JIRA", "https://jira.example.com/a b/{key}"}, "url", "is not a web address"},
		{"empty url", LinkPattern{"JIRA", ""}, "url", "Give the address a key links to"},
		{"long url", LinkPattern{"JIRA", "https://x.example.com/{key}" + strings.Repeat("a", 500)}, "url", "at most 500 characters"},
		{"empty project", LinkPattern{" ", "https://x.example.com/{key}"}, "project", "Name the project"},
		{"project of the wrong shape", LinkPattern{"JIRA 2", "https://x.example.com/{key}"}, "project", `"JIRA 2" is not a project key`},
		{"project starting with a digit", LinkPattern{"2FA", "https://x.example.com/{key}"}, "project", `"2FA" is not a project key`},
	}
	for _, c := range bad {
		_, err := CheckLinkPatterns(LinkPatterns{c.p})
		if err == nil {
			t.Errorf("%s: accepted", c.name)
			continue
		}
		if msg := fieldMessage(t, err, "patterns[0]."+c.field); !strings.Contains(msg, c.want) {
			t.Errorf("%s: %q does not say %q", c.name, msg, c.want)
		}
	}

	_, err = CheckLinkPatterns(LinkPatterns{{"JIRA", "https://a.example.com/{key}"}, {"jira-5", "https://b.example.com/{key}"}})
	if msg := fieldMessage(t, err, "patterns[1].project"); msg != "JIRA already has a pattern above: keep one" {
		t.Errorf("duplicate: %q", msg)
	}
	if _, err := CheckLinkPatterns(make(LinkPatterns, MaxLinkPatterns+1)); err == nil || !strings.Contains(err.Error(), "at most 50") {
		t.Errorf("51 patterns: %v", err)
	}
}

func TestResolveAndNewEvidence(t *testing.T) {
	ps := LinkPatterns{{"JIRA", "https://jira.example.com/browse/{key}"}, {"OPS", "https://ops.example.com/t?id={key}&x=1"}}
	if got := ps.Resolve("JIRA-123"); got != "https://jira.example.com/browse/JIRA-123" {
		t.Errorf("Resolve JIRA-123 = %q", got)
	}
	if got := ps.Resolve("OPS-7"); got != "https://ops.example.com/t?id=OPS-7&x=1" {
		t.Errorf("Resolve OPS-7 = %q", got)
	}
	for _, k := range []string{"SEC-1", "JIRA", "jira-1", ""} {
		if got := ps.Resolve(k); got != "" {
			t.Errorf("Resolve(%q) = %q, want nothing", k, got)
		}
	}
	// Href: the stored URL first, else the label's key.
	if got := ps.Href(Evidence{Label: "JIRA-5 load test"}); got != "https://jira.example.com/browse/JIRA-5" {
		t.Errorf("Href of a key label = %q", got)
	}
	if got := ps.Href(Evidence{Label: "JIRA-5", URL: "https://old.example.com/JIRA-5"}); got != "https://old.example.com/JIRA-5" {
		t.Errorf("Href keeps the stored URL: %q", got)
	}
	if got := (LinkPatterns)(nil).Href(Evidence{Label: "JIRA-5"}); got != "" {
		t.Errorf("Href without patterns = %q", got)
	}

	good := []struct {
		target, label string
		want          Evidence
	}{
		{"https://ci.example.com/job/1", "load test", Evidence{"load test", "https://ci.example.com/job/1"}},
		{"jira-123", "load test", Evidence{"JIRA-123 load test", "https://jira.example.com/browse/JIRA-123"}},
		{"JIRA-123", "", Evidence{"JIRA-123", "https://jira.example.com/browse/JIRA-123"}},
		{"SEC-9", "", Evidence{"SEC-9", ""}}, // no pattern yet: the key alone
		{"", "signed off in the meeting", Evidence{"signed off in the meeting", ""}},
	}
	for _, c := range good {
		got, err := ps.NewEvidence(c.target, c.label)
		if err != nil || got != c.want {
			t.Errorf("NewEvidence(%q, %q) = %+v, %v; want %+v", c.target, c.label, got, err, c.want)
		}
		if err == nil {
			if err := Struct(&got); err != nil {
				t.Errorf("%+v is not valid evidence: %v", got, err)
			}
		}
	}
	bad := []struct{ target, label, want string }{
		{"JIRA123", "", `"JIRA123" is neither a web address (https://…) nor a ticket key such as JIRA-123`},
		{"JIRA-", "", "is neither a web address"},
		{"ftp://files.example.com/x", "", "must start with https:// or http://"},
		{"http://", "", "names no host"},
		{"", "", "Give a link, a ticket key or a label"},
		{"JIRA-1", strings.Repeat("x", 200), "Evidence label must be at most 200 characters"},
	}
	for _, c := range bad {
		_, err := ps.NewEvidence(c.target, c.label)
		if err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("NewEvidence(%q, %q): %v, want %q", c.target, c.label, err, c.want)
		}
	}
}
