package readiness

import (
	"fmt"
	"net/url"
	"regexp"
	"strings"
)

// Link patterns turn ticket keys into web addresses: with the pattern
// {Project: "JIRA", URL: "https://jira.example.com/browse/{key}"}, the key
// JIRA-123 links to https://jira.example.com/browse/JIRA-123. They are a
// setting of each Ready Room, not part of a record.
//
// Evidence holding a ticket key keeps the key as the start of its label
// ("JIRA-123", or "JIRA-123 load test") and, when a pattern resolved it as
// it was entered, the address as its URL. A record therefore reads the
// same on a device without the setting (the key, and its link when it was
// known), older Ready Rooms and teammates accept it (Evidence has no new
// field), and a key entered before its pattern existed becomes a link
// wherever a pattern for it is set now (Href).

// LinkPattern links the keys of one project (JIRA in JIRA-123) to a URL
// template holding {key}.
type LinkPattern struct {
	// Project is the part of a key before its dash: letters, digits and
	// underscores, starting with a letter, in capitals. An example key
	// ("JIRA-123") is accepted and kept as its project.
	Project string `json:"project"`
	// URL is an http or https address with {key} where the key goes.
	URL string `json:"url"`
}

// LinkPatterns is the list kept in settings; a project appears once.
type LinkPatterns []LinkPattern

// Limits on link patterns.
const (
	MaxLinkPatterns = 50
	MaxProjectKey   = 30
	MaxLinkTemplate = 500
)

var (
	ticketKeyRE = regexp.MustCompile(`^([A-Z][A-Z0-9_]*)-([1-9][0-9]{0,9})$`)
	projectRE   = regexp.MustCompile(`^[A-Z][A-Z0-9_]*$`)
)

// ParseTicketKey returns the project of a ticket key (JIRA of JIRA-123):
// capitals, digits and underscores starting with a capital, a dash, and a
// number from 1. ok is false for anything else.
func ParseTicketKey(s string) (project string, ok bool) {
	m := ticketKeyRE.FindStringSubmatch(s)
	if m == nil || len(m[1]) > MaxProjectKey {
		return "", false
	}
	return m[1], true
}

// EvidenceKey is the ticket key an evidence label starts with ("JIRA-123"
// of "JIRA-123" and of "JIRA-123 load test"), or "".
func EvidenceKey(label string) string {
	key, _, _ := strings.Cut(strings.TrimSpace(label), " ")
	key = strings.TrimRight(key, ":")
	if _, ok := ParseTicketKey(key); ok {
		return key
	}
	return ""
}

// CheckLinkPatterns checks a list of patterns field by field (fields
// "patterns[i].project" and "patterns[i].url") and returns it tidied:
// spaces trimmed, projects in capitals, an example key kept as its project.
func CheckLinkPatterns(ps LinkPatterns) (LinkPatterns, error) {
	var fields []FieldError
	bad := func(i int, field, rule, msg string) {
		fields = append(fields, FieldError{Field: fmt.Sprintf("patterns[%d].%s", i, field), Rule: rule, Message: msg})
	}
	if len(ps) > MaxLinkPatterns {
		return nil, fieldErr("patterns", "max", fmt.Sprintf("Keep at most %d link patterns", MaxLinkPatterns))
	}
	out := make(LinkPatterns, len(ps))
	seen := map[string]bool{}
	for i, p := range ps {
		project, err := checkProject(p.Project)
		if err != nil {
			bad(i, "project", "project", err.Error())
		} else if seen[project] {
			// Not "number N": the window leaves blank rows out of what it
			// sends, so a place in this list is not the row shown.
			bad(i, "project", "unique", fmt.Sprintf("%s already has a pattern above: keep one", project))
		} else {
			seen[project] = true
		}
		tmpl, err := checkLinkTemplate(p.URL)
		if err != nil {
			bad(i, "url", "template", err.Error())
		}
		out[i] = LinkPattern{Project: project, URL: tmpl}
	}
	if len(fields) > 0 {
		return nil, &ValidationError{Fields: fields}
	}
	return out, nil
}

func checkProject(s string) (string, error) {
	s = strings.ToUpper(strings.TrimSpace(s))
	if s == "" {
		return "", fmt.Errorf("Name the project whose keys this links, such as JIRA")
	}
	if p, ok := ParseTicketKey(s); ok {
		return p, nil // an example key: JIRA-123
	}
	if len(s) > MaxProjectKey {
		return "", fmt.Errorf("A project key has at most %d characters", MaxProjectKey)
	}
	if !projectRE.MatchString(s) {
		return "", fmt.Errorf("%q is not a project key: letters, digits and underscores starting with a letter, such as JIRA (or an example key, JIRA-123)", s)
	}
	return s, nil
}

func checkLinkTemplate(s string) (string, error) {
	s = strings.TrimSpace(s)
	switch {
	case s == "":
		return "", fmt.Errorf("Give the address a key links to, with {key} where the key goes")
	case len(s) > MaxLinkTemplate:
		return "", fmt.Errorf("The address has at most %d characters", MaxLinkTemplate)
	case !strings.Contains(s, "{key}"):
		return "", fmt.Errorf("The address needs {key} where the key goes, such as https://jira.example.com/browse/{key}")
	}
	if err := checkWebAddress(strings.ReplaceAll(s, "{key}", "ABC-1")); err != nil {
		return "", err
	}
	return s, nil
}

// checkWebAddress says why s is not an absolute http or https address.
func checkWebAddress(s string) error {
	u, err := url.Parse(s)
	switch {
	case err != nil || strings.ContainsAny(s, " \t\r\n"):
		return fmt.Errorf("%q is not a web address", s)
	case u.Scheme != "http" && u.Scheme != "https":
		return fmt.Errorf("The address must start with https:// or http://, not %q", s)
	case u.Host == "":
		return fmt.Errorf("The address %q names no host", s)
	}
	return nil
}

// Resolve is the address of a ticket key, or "" when no pattern names its
// project (or it is not a key).
func (ps LinkPatterns) Resolve(key string) string {
	project, ok := ParseTicketKey(key)
	if !ok {
		return ""
	}
	for _, p := range ps {
		if p.Project == project {
			return strings.ReplaceAll(p.URL, "{key}", url.PathEscape(key))
		}
	}
	return ""
}

// Href is where an evidence entry links to: its URL, else the address of
// the key its label starts with, else "".
func (ps LinkPatterns) Href(e Evidence) string {
	if e.URL != "" {
		return e.URL
	}
	return ps.Resolve(EvidenceKey(e.Label))
}

// NewEvidence makes an evidence entry from what someone typed: a target
// that is a web address or a ticket key, and an optional label. A key
// becomes the start of the label (the label follows it) and its address,
// when a pattern names its project, the URL; a key no pattern names is kept
// as a key alone. Refusals are field errors of "url" and "label".
func (ps LinkPatterns) NewEvidence(target, label string) (Evidence, error) {
	target, label = strings.TrimSpace(target), strings.TrimSpace(label)
	e := Evidence{Label: label}
	switch {
	case target == "":
	case strings.Contains(target, "://") || strings.HasPrefix(strings.ToLower(target), "http"):
		if err := checkWebAddress(target); err != nil {
			return Evidence{}, fieldErr("url", "url", err.Error())
		}
		e.URL = target
	default:
		key := strings.ToUpper(target)
		if _, ok := ParseTicketKey(key); !ok {
			return Evidence{}, fieldErr("url", "key", fmt.Sprintf("%q is neither a web address (https://…) nor a ticket key such as JIRA-123", target))
		}
		e.Label = strings.TrimSpace(key + " " + label)
		e.URL = ps.Resolve(key)
	}
	if e.Label == "" && e.URL == "" {
		return Evidence{}, fieldErr("url", "required", "Give a link, a ticket key or a label")
	}
	if err := Struct(&e); err != nil {
		return Evidence{}, err
	}
	return e, nil
}
