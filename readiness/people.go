package readiness

import (
	"cmp"
	"slices"
	"strings"
	"unicode"

	"golang.org/x/text/unicode/norm"
)

// The people directory is built from the names records already hold
// (owners, contacts, attendees, acknowledgers, SDMs, check-in authors) and
// the team's members. Names are free text, so one person is often spelled
// several ways: "Priya Raman", "priya raman", "Raman, Priya", "Príya Raman".
// Those share a key and are one entry, shown in its most used spelling.

// Named is one use of a name: who, in what role, in which record.
type Named struct {
	Name   string   `json:"name"`
	Role   string   `json:"role"` // owner, contact, attendee, acknowledger, sdm, author, member
	Record RecordID `json:"record,omitempty"`
}

// PersonEntry is one person of the directory.
type PersonEntry struct {
	Key  string `json:"key"`
	Name string `json:"name"` // the most used spelling (the first seen of equals)
	// Spellings are every spelling seen, most used first.
	Spellings []string `json:"spellings"`
	Roles     []string `json:"roles"`   // sorted
	Records   int      `json:"records"` // how many records name them
}

// PersonKey is the key spellings of one name share: case and accents
// folded, punctuation and repeated spaces dropped, and "Surname, Given"
// turned round.
func PersonKey(name string) string {
	name = strings.TrimSpace(name)
	if before, after, ok := strings.Cut(name, ","); ok && !strings.Contains(after, ",") &&
		strings.TrimSpace(before) != "" && strings.TrimSpace(after) != "" {
		name = strings.TrimSpace(after) + " " + strings.TrimSpace(before)
	}
	return NameKey(name)
}

// Directory merges uses of names into people, sorted by name.
func Directory(uses []Named) []PersonEntry {
	type acc struct {
		entry     PersonEntry
		spellings map[string]int
		order     []string
		roles     map[string]bool
		records   map[RecordID]bool
	}
	byKey := map[string]*acc{}
	var keys []string
	for _, u := range uses {
		name := strings.Join(strings.Fields(u.Name), " ")
		k := PersonKey(name)
		if k == "" {
			continue
		}
		a := byKey[k]
		if a == nil {
			a = &acc{entry: PersonEntry{Key: k}, spellings: map[string]int{}, roles: map[string]bool{}, records: map[RecordID]bool{}}
			byKey[k] = a
			keys = append(keys, k)
		}
		if a.spellings[name] == 0 {
			a.order = append(a.order, name)
		}
		a.spellings[name]++
		if u.Role != "" {
			a.roles[u.Role] = true
		}
		if u.Record != "" {
			a.records[u.Record] = true
		}
	}
	out := make([]PersonEntry, 0, len(keys))
	for _, k := range keys {
		a := byKey[k]
		sp := slices.Clone(a.order)
		slices.SortStableFunc(sp, func(x, y string) int { return cmp.Compare(a.spellings[y], a.spellings[x]) })
		e := a.entry
		e.Name, e.Spellings, e.Records = sp[0], sp, len(a.records)
		for r := range a.roles {
			e.Roles = append(e.Roles, r)
		}
		slices.Sort(e.Roles)
		if e.Roles == nil {
			e.Roles = []string{}
		}
		out = append(out, e)
	}
	slices.SortFunc(out, func(x, y PersonEntry) int { return cmp.Or(cmp.Compare(x.Key, y.Key), cmp.Compare(x.Name, y.Name)) })
	return out
}

// SamePerson reports whether two spellings name one person.
func SamePerson(a, b string) bool {
	ka := PersonKey(a)
	return ka != "" && ka == PersonKey(b)
}

// NamesIn lists the names a record holds, with their roles.
func NamesIn(r *Record) []Named {
	var out []Named
	add := func(name, role string) {
		if strings.TrimSpace(name) != "" {
			out = append(out, Named{Name: name, Role: role, Record: r.ID})
		}
	}
	add(r.SDM, "sdm")
	for _, s := range r.Sections {
		for _, it := range s.Items {
			add(it.Owner, "owner")
		}
	}
	for _, k := range r.Risks {
		add(k.Owner, "owner")
	}
	for _, a := range r.Actions {
		add(a.Owner, "owner")
	}
	for _, c := range r.Contacts {
		add(c.Name, "contact")
	}
	for _, c := range r.Ceremonies {
		for _, p := range c.Attendees {
			add(p.Name, "attendee")
		}
	}
	for _, a := range r.Acks {
		add(a.Person.Name, "acknowledger")
	}
	for _, c := range r.Hypercare.CheckIns {
		add(c.By, "author")
	}
	return out
}

// foldName lower-cases s and drops its accents (NFKD, then combining marks
// removed).
func foldName(s string) string {
	var b strings.Builder
	for _, r := range norm.NFKD.String(s) {
		if unicode.Is(unicode.Mn, r) {
			continue
		}
		b.WriteRune(unicode.ToLower(r))
	}
	return b.String()
}

func isLetter(r rune) bool { return unicode.IsLetter(r) }
