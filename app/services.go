package app

import (
	"cmp"
	"encoding/json"
	"errors"
	"fmt"
	"slices"
	"strings"

	"readyroom/app/store"
	"readyroom/readiness"
)

// What the portfolio's records add up to: each service's delivery figures
// and releases, the collisions of go-lives, and the people the records name.
// All of it is made of the summaries the home cache already holds, so it
// reads no record.

// ServiceFigures is one service's line: its figures over its releases.
type ServiceFigures struct {
	Service string                    `json:"service"`
	Figures readiness.DeliveryFigures `json:"figures"`
}

// ServicePage is one service across its releases: the figures, every
// record of it newest go-live first (those not live yet first of all),
// and what its track record says about the next release's tier.
type ServicePage struct {
	Service  string                    `json:"service"`
	Figures  readiness.DeliveryFigures `json:"figures"`
	Releases []readiness.Release       `json:"releases"`
	Advice   readiness.Advice          `json:"advice"`
}

// summaries is every record's summary from the home cache. Called with
// s.mu held.
func (s *Records) summaries() ([]readiness.Summary, readiness.Date, error) {
	today := readiness.DateOf(s.now())
	c, err := s.homeParts(today)
	if err != nil {
		return nil, today, err
	}
	out := make([]readiness.Summary, 0, len(c.ids))
	for _, id := range c.ids {
		out = append(out, *c.parts[id].sum)
	}
	return out, today, nil
}

// serviceKey is how a service's records are grouped: spellings that differ
// only in case, accents and spacing are one service, named as most of its
// records spell it — the key the collisions and the tier advice group by
// (not PersonKey, which would turn "Payments, EU" round).
func serviceKey(name string) string { return readiness.NameKey(name) }

// Services lists every service the records name with its figures, by name;
// the last line, Service "", is the whole portfolio.
func (s *Records) Services() ([]ServiceFigures, error) {
	s.mu.Lock()
	sums, today, err := s.summaries()
	s.mu.Unlock()
	if err != nil {
		return nil, err
	}
	groups, names := groupByService(sums)
	out := make([]ServiceFigures, 0, len(names)+1)
	all := make([]readiness.Delivery, 0, len(sums))
	for _, k := range names {
		ds := make([]readiness.Delivery, len(groups[k].sums))
		for i, sum := range groups[k].sums {
			ds[i] = sum.Delivery
		}
		all = append(all, ds...)
		out = append(out, ServiceFigures{Service: groups[k].name, Figures: readiness.FiguresOf(ds, today)})
	}
	return append(out, ServiceFigures{Figures: readiness.FiguresOf(all, today)}), nil
}

type serviceGroup struct {
	name string
	sums []readiness.Summary
}

// groupByService groups summaries by service key; names are the keys in
// the order of their display names.
func groupByService(sums []readiness.Summary) (map[string]*serviceGroup, []string) {
	groups := map[string]*serviceGroup{}
	spellings := map[string]map[string]int{}
	for _, sum := range sums {
		k := serviceKey(sum.Service)
		if k == "" {
			continue
		}
		g := groups[k]
		if g == nil {
			g = &serviceGroup{}
			groups[k], spellings[k] = g, map[string]int{}
		}
		g.sums = append(g.sums, sum)
		spellings[k][strings.TrimSpace(sum.Service)]++
	}
	keys := make([]string, 0, len(groups))
	for k, g := range groups {
		best := ""
		for name, n := range spellings[k] {
			if n > spellings[k][best] || (n == spellings[k][best] && name < best) {
				best = name
			}
		}
		g.name = best
		keys = append(keys, k)
	}
	slices.SortFunc(keys, func(a, b string) int { return cmp.Or(cmp.Compare(groups[a].name, groups[b].name), cmp.Compare(a, b)) })
	return groups, keys
}

// Service is one service's page; ErrNotFound when no record names it.
func (s *Records) Service(name string) (ServicePage, error) {
	s.mu.Lock()
	sums, today, err := s.summaries()
	s.mu.Unlock()
	if err != nil {
		return ServicePage{}, err
	}
	groups, _ := groupByService(sums)
	g := groups[serviceKey(name)]
	if g == nil {
		return ServicePage{}, fmt.Errorf("service %q: %w", name, readiness.ErrNotFound)
	}
	p := ServicePage{Service: g.name, Releases: make([]readiness.Release, len(g.sums))}
	ds := make([]readiness.Delivery, len(g.sums))
	for i := range g.sums {
		p.Releases[i], ds[i] = readiness.ReleaseOf(&g.sums[i]), g.sums[i].Delivery
	}
	slices.SortStableFunc(p.Releases, func(a, b readiness.Release) int {
		ad, bd := a.Delivery.WentLive, b.Delivery.WentLive
		if ad.IsZero() != bd.IsZero() {
			if ad.IsZero() {
				return -1
			}
			return 1
		}
		return cmp.Or(cmp.Compare(bd, ad), cmp.Compare(b.GoLive, a.GoLive), cmp.Compare(a.ID, b.ID))
	})
	p.Figures, p.Advice = readiness.FiguresOf(ds, today), readiness.Advise(g.name, p.Releases)
	return p, nil
}

// Advice is what a service's track record says about its next release's
// tier ("" advice, with no reason, for a service with no release yet).
func (s *Records) Advice(service string) (readiness.Advice, error) {
	p, err := s.Service(service)
	if err != nil {
		if errors.Is(err, readiness.ErrNotFound) {
			return readiness.Advice{Evidence: []readiness.RecordID{}}, nil
		}
		return readiness.Advice{}, err
	}
	return p.Advice, nil
}

// Collisions lists every clash of go-lives, freezes and hypercare windows
// among the records not yet handed over (readiness.Collisions).
func (s *Records) Collisions() ([]readiness.Collision, error) {
	freezes, err := s.Freezes()
	if err != nil {
		return nil, err
	}
	s.mu.Lock()
	sums, today, err := s.summaries()
	s.mu.Unlock()
	if err != nil {
		return nil, err
	}
	return readiness.Collisions(sums, freezes, today), nil
}

// People is the people directory: every name the records hold, spellings
// of one person merged (readiness.Directory).
func (s *Records) People() ([]readiness.PersonEntry, error) {
	s.mu.Lock()
	sums, _, err := s.summaries()
	s.mu.Unlock()
	if err != nil {
		return nil, err
	}
	var uses []readiness.Named
	for _, sum := range sums {
		for _, n := range sum.People {
			n.Record = sum.ID
			uses = append(uses, n)
		}
	}
	return readiness.Directory(uses), nil
}

// MaxFreezes bounds the freeze periods a device keeps.
const MaxFreezes = 100

// Freezes are the change freezes set on this device, by start.
func (s *Records) Freezes() ([]readiness.Freeze, error) {
	v, err := s.db.Setting(store.SettingFreezes)
	if err != nil || v == "" {
		return []readiness.Freeze{}, err
	}
	var fs []readiness.Freeze
	if err := json.Unmarshal([]byte(v), &fs); err != nil {
		return nil, fmt.Errorf("%w: the freeze periods setting does not read (%v); set them again", ErrInput, err)
	}
	return fs, nil
}

// SetFreezes checks and stores the freeze periods; a problem names the
// entry ("freezes.2.to") and nothing is stored then.
func (s *Records) SetFreezes(fs []readiness.Freeze) ([]readiness.Freeze, error) {
	if len(fs) > MaxFreezes {
		return nil, &readiness.ValidationError{Fields: []readiness.FieldError{{Field: "freezes", Rule: "max",
			Message: fmt.Sprintf("Keep at most %d freeze periods", MaxFreezes)}}}
	}
	out := make([]readiness.Freeze, len(fs))
	var fields []readiness.FieldError
	for i, f := range fs {
		f.Name = strings.TrimSpace(f.Name)
		var ve *readiness.ValidationError
		if err := readiness.Struct(&f); errors.As(err, &ve) {
			for _, fe := range ve.Fields {
				fe.Field = fmt.Sprintf("freezes.%d.%s", i, fe.Field)
				fields = append(fields, fe)
			}
		} else if err != nil {
			return nil, err
		} else if f.To.Before(f.From) {
			fields = append(fields, readiness.FieldError{Field: fmt.Sprintf("freezes.%d.to", i), Rule: "order",
				Message: fmt.Sprintf("The freeze %q ends (%s) before it starts (%s)", f.Name, f.To.Words(), f.From.Words())})
		}
		out[i] = f
	}
	if len(fields) > 0 {
		return nil, &readiness.ValidationError{Fields: fields}
	}
	slices.SortStableFunc(out, func(a, b readiness.Freeze) int { return cmp.Compare(a.From, b.From) })
	b, err := json.Marshal(out)
	if err != nil {
		return nil, err
	}
	return out, s.db.SetSetting(store.SettingFreezes, string(b))
}
