package app

import (
	"encoding/json"
	"log"
	"strings"

	"readyroom/app/store"
	"readyroom/readiness"
)

// Link patterns (readiness/links.go) are a setting of this device, kept as
// JSON in the settings bucket: the window's "Link patterns" dialog reads
// and writes them, evidence entered as a ticket key is resolved with them,
// and every export links keys with them.

// LoadLinkPatterns reads the patterns; none when unset. A stored value that
// no longer passes the checks (written by hand, or by a newer Ready Room
// with other rules) is skipped with a log line rather than refusing every
// export.
func LoadLinkPatterns(db *store.DB) (readiness.LinkPatterns, error) {
	v, err := db.Setting(store.SettingLinkPatterns)
	if err != nil || v == "" {
		return readiness.LinkPatterns{}, err
	}
	var ps readiness.LinkPatterns
	if err := json.Unmarshal([]byte(v), &ps); err != nil {
		log.Printf("link patterns: the stored setting is not a list of patterns, ignored: %v", err)
		return readiness.LinkPatterns{}, nil
	}
	checked, err := readiness.CheckLinkPatterns(ps)
	if err != nil {
		log.Printf("link patterns: the stored setting breaks a rule, ignored: %v", err)
		return readiness.LinkPatterns{}, nil
	}
	return checked, nil
}

// SaveLinkPatterns checks the patterns and stores them tidied; a problem is
// a ValidationError naming the field ("patterns[1].url"), and nothing is
// stored then.
func SaveLinkPatterns(db *store.DB, ps readiness.LinkPatterns) (readiness.LinkPatterns, error) {
	checked, err := readiness.CheckLinkPatterns(ps)
	if err != nil {
		return ps, err
	}
	b, err := json.Marshal(checked)
	if err != nil {
		return ps, err
	}
	if err := db.SetSetting(store.SettingLinkPatterns, string(b)); err != nil {
		return ps, err
	}
	return checked, nil
}

// linkPatterns are the patterns exports link keys with; none when they
// cannot be read (an export still renders, with keys as text).
func (s *Records) linkPatterns() readiness.LinkPatterns {
	ps, err := LoadLinkPatterns(s.db)
	if err != nil {
		log.Printf("link patterns: %v", err)
	}
	return ps
}

// LinkService is the window's "Link patterns" dialog and the evidence
// form's ticket keys.
type LinkService struct{ *core }

// LinkPatterns returns this device's link patterns.
func (s *LinkService) LinkPatterns() (readiness.LinkPatterns, error) {
	if s.records == nil {
		return unopened[readiness.LinkPatterns](s.core)
	}
	return LoadLinkPatterns(s.records.db)
}

// SetLinkPatterns checks and stores them; a problem names its field.
func (s *LinkService) SetLinkPatterns(ps readiness.LinkPatterns) (readiness.LinkPatterns, error) {
	if s.records == nil {
		return unopened[readiness.LinkPatterns](s.core)
	}
	return SaveLinkPatterns(s.records.db, ps)
}

// NewEvidence makes an evidence entry from a web address or a ticket key
// and a label, resolving a key with the patterns; the window then saves the
// item's evidence list with it.
func (s *LinkService) NewEvidence(target, label string) (readiness.Evidence, error) {
	if s.records == nil {
		return unopened[readiness.Evidence](s.core)
	}
	ps, err := LoadLinkPatterns(s.records.db)
	if err != nil {
		return readiness.Evidence{}, err
	}
	return ps.NewEvidence(target, label)
}

// resolveEvidence makes each entry whose URL is not a web address (the
// command line's --evidence JIRA-123=TITLE) a ticket key's evidence through
// the patterns, refusing a key of the wrong shape in words.
func (s *Records) resolveEvidence(ev []readiness.Evidence) ([]readiness.Evidence, error) {
	var ps readiness.LinkPatterns
	for i, e := range ev {
		if e.URL == "" || strings.Contains(e.URL, "://") {
			continue
		}
		if ps == nil {
			ps = s.linkPatterns()
		}
		r, err := ps.NewEvidence(e.URL, e.Label)
		if err != nil {
			return nil, err
		}
		ev[i] = r
	}
	return ev, nil
}
