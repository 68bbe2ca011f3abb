package readiness

import (
	"fmt"
	"math"
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

// ReplicaID names the database a change was made in: 16 lowercase hex
// digits drawn when the database was created. It is not the device id (the
// hash of the install's certificate, app/lan): a restored or copied
// database keeps its replica id on any device.
type ReplicaID string

// The id shapes are checked by hand rather than with regexp: every change a
// peer sends is checked, and these run for each (ids_test.go holds the
// equivalent regular expressions and checks the two agree).

// isULID: 26 characters of Crockford's base32, upper case.
func isULID(s string) bool {
	if len(s) != 26 {
		return false
	}
	for i := 0; i < len(s); i++ {
		c := s[i]
		if !('0' <= c && c <= '9' || 'A' <= c && c <= 'Z' && c != 'I' && c != 'L' && c != 'O' && c != 'U') {
			return false
		}
	}
	return true
}

// isReplica: 16 lowercase hex digits.
func isReplica(s string) bool {
	if len(s) != 16 {
		return false
	}
	for i := 0; i < len(s); i++ {
		if c := s[i]; !('0' <= c && c <= '9' || 'a' <= c && c <= 'f') {
			return false
		}
	}
	return true
}

// isItemID: one to 128 letters, digits, dashes or underscores, starting
// with a letter or digit. The shipped templates use two to five capitals, a
// dash and two or three digits (COM-01, isClassicItemID); an organisation's
// template may use its own ids, an imported lens its question ids
// (ops_01_priorities). No slash: an id is one segment of a path.
func isItemID(s string) bool {
	if len(s) < 1 || len(s) > MaxItemID {
		return false
	}
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case 'a' <= c && c <= 'z', 'A' <= c && c <= 'Z', '0' <= c && c <= '9':
		case (c == '-' || c == '_') && i > 0:
		default:
			return false
		}
	}
	return true
}

// MaxItemID is the longest item id (an AWS lens question id's limit).
const MaxItemID = 128

// isClassicItemID: two to five capitals, a dash, two or three digits (COM-01).
func isClassicItemID(s string) bool {
	dash := strings.IndexByte(s, '-')
	if dash < 2 || dash > 5 || len(s)-dash-1 < 2 || len(s)-dash-1 > 3 {
		return false
	}
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case i < dash && 'A' <= c && c <= 'Z', i > dash && '0' <= c && c <= '9', i == dash:
		default:
			return false
		}
	}
	return true
}

// isSectionID: a lowercase letter, then up to 39 lowercase letters, digits
// or dashes.
func isSectionID(s string) bool {
	if len(s) < 1 || len(s) > 40 || s[0] < 'a' || s[0] > 'z' {
		return false
	}
	for i := 1; i < len(s); i++ {
		if c := s[i]; !('a' <= c && c <= 'z' || '0' <= c && c <= '9' || c == '-') {
			return false
		}
	}
	return true
}

// ParseRecordID accepts a ULID in either case and returns it upper-cased.
func ParseRecordID(s string) (RecordID, error) {
	u := strings.ToUpper(strings.TrimSpace(s))
	if !isULID(u) {
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
	if !isReplica(l) {
		return "", fmt.Errorf("replica id %q is not 16 hex digits", s)
	}
	return ReplicaID(l), nil
}

// ParseItemID accepts an item id: one of the shipped shape (COM-01) in
// either case, upper-cased, or any other id as it is written (ids are then
// case-sensitive, as a lens's question ids are).
func ParseItemID(s string) (ItemID, error) {
	s = strings.TrimSpace(s)
	if u := strings.ToUpper(s); isClassicItemID(u) {
		return ItemID(u), nil
	}
	if !isItemID(s) {
		return "", fmt.Errorf("item id %q is not 1 to %d letters, digits, dashes or underscores", s, MaxItemID)
	}
	return ItemID(s), nil
}

// ParseSectionID accepts a lowercase section id such as rollback-plan.
func ParseSectionID(s string) (SectionID, error) {
	if !isSectionID(s) {
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

// daysBetween is how many days b is after a (negative when before).
func daysBetween(a, b Date) int {
	return int(math.Round(b.Time().Sub(a.Time()).Hours() / 24))
}

// DaysUntil is how many days d is after today (negative when before).
func (d Date) DaysUntil(today Date) int { return daysBetween(today, d) }

// Words is the date as people read it, "Tue 1 Dec 2026" (the window's
// formatDate says it the same way); "" for no date. Text the UI shows is
// written with it, never with the ISO form.
func (d Date) Words() string {
	if d.IsZero() {
		return ""
	}
	t, err := time.Parse(dateLayout, string(d))
	if err != nil {
		return string(d)
	}
	return t.Format("Mon 2 Jan 2006")
}

// AddDays returns the date n days after d.
func (d Date) AddDays(n int) Date {
	if d.IsZero() {
		return d
	}
	return DateOf(d.Time().AddDate(0, 0, n))
}
