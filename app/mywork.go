package app

import (
	"fmt"
	"strings"

	"readyroom/readiness"
)

// MyWork is what one person has to do across every record, soonest first
// (readiness.WorkOf): the items they own that are not done, their open
// actions, and the planned ceremonies and hypercare check-ins of the
// records they are the SDM of.
type MyWork struct {
	// Person is the name asked for; Spellings the other spellings of it
	// the records hold (merged as the people directory merges them).
	Person    string           `json:"person"`
	Spellings []string         `json:"spellings"`
	Today     readiness.Date   `json:"today"`
	Work      []readiness.Work `json:"work"`
}

// MyWork lists a person's work. It reads the home cache's summaries and
// attention entries, never a record, and names are folded once per
// spelling, so it costs a pass over what the cache holds.
func (s *Records) MyWork(person string) (MyWork, error) {
	person = strings.Join(strings.Fields(person), " ")
	key := readiness.PersonKey(person)
	if key == "" {
		return MyWork{}, fmt.Errorf("%w: say whose work to list (a name)", ErrInput)
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	today := readiness.DateOf(s.now())
	c, err := s.homeParts(today)
	if err != nil {
		return MyWork{}, err
	}
	keys := map[string]string{}
	keyOf := func(name string) string {
		k, ok := keys[name]
		if !ok {
			k = readiness.PersonKey(name)
			keys[name] = k
		}
		return k
	}
	out := MyWork{Person: person, Spellings: []string{}, Today: today, Work: []readiness.Work{}}
	for _, id := range c.ids {
		out.Work = append(out.Work, readiness.WorkOf(key, c.parts[id].sum, s.attention[id], today, keyOf)...)
	}
	readiness.SortWork(out.Work)
	seen := map[string]bool{person: true}
	for _, id := range c.ids {
		for _, n := range c.parts[id].sum.People {
			if name := strings.Join(strings.Fields(n.Name), " "); !seen[name] && keyOf(n.Name) == key {
				seen[name] = true
				out.Spellings = append(out.Spellings, name)
			}
		}
	}
	return out, nil
}

// ReadinessOverTime is a record's readiness from its creation to its
// go-live, read back from its change log (readiness.ReadinessOverTime).
func (s *Records) ReadinessOverTime(id string) (readiness.ReadinessCurve, error) {
	rid, err := readiness.ParseRecordID(id)
	if err != nil {
		return readiness.ReadinessCurve{}, err
	}
	log, err := s.db.Log(rid)
	if err != nil {
		return readiness.ReadinessCurve{}, err
	}
	cat, err := s.db.Catalog()
	if err != nil {
		return readiness.ReadinessCurve{}, err
	}
	return readiness.ReadinessOverTime(log, cat)
}
