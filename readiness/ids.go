package readiness

import (
	"fmt"
	"regexp"
	"strings"
	"time"
)

// RecordID names a readiness record everywhere it travels: a ULID (26
// characters of Crockford base32), globally unique and sortable by creation.
type RecordID string

// EntityID names a risk, contact or other entry inside a record; also a ULID.
type EntityID string

// ItemID names a checklist item; stable across template versions (COM-01).
type ItemID string

// SectionID names a template section (comms, rollback-plan).
type SectionID string

// ReplicaID names the device that made a change: 16 lowercase hex digits.
type ReplicaID string

var (
	ulidRe    = regexp.MustCompile(`^[0-9A-HJKMNP-TV-Z]{26}$`)
	replicaRe = regexp.MustCompile(`^[0-9a-f]{16}$`)
	itemRe    = regexp.MustCompile(`^[A-Z]{2,5}-[0-9]{2,3}$`)
	sectionRe = regexp.MustCompile(`^[a-z][a-z0-9-]{0,39}$`)
)

// ParseRecordID accepts a ULID in either case and returns it upper-cased.
func ParseRecordID(s string) (RecordID, error) {
	u := strings.ToUpper(strings.TrimSpace(s))
	if !ulidRe.MatchString(u) {
		return "", fmt.Errorf("record id %q is not a 26-character ULID", s)
	}
	return RecordID(u), nil
}

// ParseEntityID accepts a ULID in either case and returns it upper-cased.
func ParseEntityID(s string) (EntityID, error) {
	id, err := ParseRecordID(s)
	if err != nil {
		return "", fmt.Errorf("entry id %q is not a 26-character ULID", s)
	}
	return EntityID(id), nil
}

// ParseReplicaID accepts 16 hex digits in either case.
func ParseReplicaID(s string) (ReplicaID, error) {
	l := strings.ToLower(strings.TrimSpace(s))
	if !replicaRe.MatchString(l) {
		return "", fmt.Errorf("replica id %q is not 16 hex digits", s)
	}
	return ReplicaID(l), nil
}

// ParseItemID accepts an item id such as COM-01 in either case.
func ParseItemID(s string) (ItemID, error) {
	u := strings.ToUpper(strings.TrimSpace(s))
	if !itemRe.MatchString(u) {
		return "", fmt.Errorf("item id %q is not of the form ABC-01", s)
	}
	return ItemID(u), nil
}

// ParseSectionID accepts a lowercase section id such as rollback-plan.
func ParseSectionID(s string) (SectionID, error) {
	if !sectionRe.MatchString(s) {
		return "", fmt.Errorf("section id %q is not a lowercase name", s)
	}
	return SectionID(s), nil
}

func (id RecordID) String() string  { return string(id) }
func (id ReplicaID) String() string { return string(id) }

// UnmarshalText checks the spelling of a record id arriving in JSON.
func (id *RecordID) UnmarshalText(b []byte) error {
	v, err := ParseRecordID(string(b))
	if err != nil {
		return err
	}
	*id = v
	return nil
}

// UnmarshalText checks the spelling of a replica id arriving in JSON.
func (id *ReplicaID) UnmarshalText(b []byte) error {
	v, err := ParseReplicaID(string(b))
	if err != nil {
		return err
	}
	*id = v
	return nil
}

// Date is a calendar day, written 2026-12-01. The zero Date is "no date".
type Date string

const dateLayout = "2006-01-02"

// ParseDate accepts an ISO calendar date (2026-12-01); an empty string is no date.
func ParseDate(s string) (Date, error) {
	s = strings.TrimSpace(s)
	if s == "" {
		return "", nil
	}
	t, err := time.Parse(dateLayout, s)
	if err != nil {
		return "", fmt.Errorf("%q is not a date like 2026-12-01", s)
	}
	return Date(t.Format(dateLayout)), nil
}

// DateOf returns the calendar day of t in t's location.
func DateOf(t time.Time) Date { return Date(t.Format(dateLayout)) }

// IsZero reports whether d is "no date".
func (d Date) IsZero() bool { return d == "" }

// Time returns midnight UTC of the day; the zero time for no date.
func (d Date) Time() time.Time {
	t, _ := time.Parse(dateLayout, string(d))
	return t
}

// Before reports whether d is a date earlier than other (both non-zero).
func (d Date) Before(other Date) bool {
	return !d.IsZero() && !other.IsZero() && string(d) < string(other)
}

// AddDays returns the date n days after d.
func (d Date) AddDays(n int) Date {
	if d.IsZero() {
		return d
	}
	return DateOf(d.Time().AddDate(0, 0, n))
}
