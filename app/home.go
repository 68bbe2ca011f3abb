package app

import (
	"slices"
	"strings"

	"readyroom/readiness"
)

// RecordRow is a record in the home screen's list.
type RecordRow struct {
	ID              readiness.RecordID `json:"id"`
	Title           string             `json:"title"`
	Service         string             `json:"service"`
	Squad           string             `json:"squad"`
	SDM             string             `json:"sdm"`
	MaintenanceTeam string             `json:"maintenanceTeam"`
	Tier            readiness.Tier     `json:"tier"`
	State           readiness.State    `json:"state"`
	GoLive          readiness.Date     `json:"goLive"`
	Applicable      int                `json:"applicable"`
	Done            int                `json:"done"`
	Percent         int                `json:"percent"`
	Conflicts       int                `json:"conflicts"`
	Overdue         int                `json:"overdue"`
	Blocked         int                `json:"blocked"`
	// RAG and GoLive follow the one rule (readiness.RowStanding): GoLive is
	// the actual go-live once there is one, the planned one before.
	RAG         readiness.RAG         `json:"rag"`
	RAGWhy      string                `json:"ragWhy"`
	GoLiveDates readiness.GoLiveDates `json:"goLiveDates"`
	Decision    string                `json:"decision"`
	// Hypercare is the window's phase today (readiness.HypercarePhase).
	Hypercare string `json:"hypercare"`
	// Lifecycle facts for the portfolio and its timeline.
	HypercareState   readiness.HypercareState `json:"hypercareState"`
	HypercareStart   readiness.Date           `json:"hypercareStart"`
	HypercareEnd     readiness.Date           `json:"hypercareEnd"`
	ExitedOn         readiness.Date           `json:"exitedOn"`
	HandoverAccepted readiness.Date           `json:"handoverAccepted"`
	GoNoGo           readiness.Outcome        `json:"goNoGo"`
	OpenActions      int                      `json:"openActions"`
	Ceremonies       int                      `json:"ceremonies"`
	// Owners are the people owning an item, risk or action of the record, as
	// keys of the people directory (readiness.PersonKey), sorted, each once.
	Owners []string `json:"owners"`
	// Needs counts what of the record needs someone now (the home's needs).
	Needs int `json:"needs"`
}

// AttentionRow is an item that needs someone now, with its record.
type AttentionRow struct {
	readiness.AttentionItem
	RecordID    readiness.RecordID `json:"recordId"`
	RecordTitle string             `json:"recordTitle"`
	Service     string             `json:"service"`
	Overdue     bool               `json:"overdue"`
}

// What the home screen lists: its first HomeRows records, the MaxAttention
// most urgent overdue and blocked items and the MaxNeeds most urgent needs;
// the counts cover all of them. What it sends grows with what it shows, not
// with the number of records: Rows has every record's row.
const (
	HomeRows     = 50
	MaxAttention = 40
	MaxNeeds     = 12
	// SoonDays is how far ahead the home counts go-lives: today and the next 14 days.
	SoonDays = 14
)

// Home is what the home screen shows: the first records (soonest go-live
// first, as Rows lists them all), the most urgent blocked and overdue items
// across them (overdue first), and the most urgent needs.
type Home struct {
	Author  string         `json:"author"`
	Today   readiness.Date `json:"today"`
	Records []RecordRow    `json:"records"`
	// RecordCount is how many records there are, listed or not.
	RecordCount int `json:"recordCount"`
	// GoLivesSoon counts the records whose go-live (the actual one once
	// live) is today or in the next SoonDays days.
	GoLivesSoon int            `json:"goLivesSoon"`
	Attention   []AttentionRow `json:"attention"`
	// Overdue and Blocked count every such item, listed or not.
	Overdue int `json:"overdue"`
	Blocked int `json:"blocked"`
	// AttentionTotal is how many items are overdue or blocked (or both).
	AttentionTotal int `json:"attentionTotal"`
	// Needs are the other things that need someone now: ceremonies due,
	// hypercare windows ending or overdue, handovers waiting, open actions.
	Needs []readiness.Need `json:"needs"`
	// NeedsTotal is how many needs there are, listed or not.
	NeedsTotal int `json:"needsTotal"`
}

// Rows is every record as the portfolio lists them, in the home screen's order.
type Rows struct {
	Today   readiness.Date `json:"today"`
	Records []RecordRow    `json:"records"`
}

// compareRows orders the home screen's rows: soonest go-live first, those
// without one after, then the records handed over to their maintenance
// team, closed records last; newest first on the same day. (Go-lives past
// come first: a record live in hypercare, or one whose go-live has passed
// without it, needs someone now; a release handed over a year ago does
// not.)
func compareRows(x, y *RecordRow) int {
	if rx, ry := settled(x.State), settled(y.State); rx != ry {
		return rx - ry
	}
	if x.GoLive != y.GoLive {
		switch {
		case x.GoLive == "":
			return 1
		case y.GoLive == "":
			return -1
		}
		return strings.Compare(string(x.GoLive), string(y.GoLive))
	}
	return strings.Compare(string(y.ID), string(x.ID))
}

// settled ranks a state for compareRows: 0 while readiness or hypercare
// goes on, 1 handed over, 2 closed.
func settled(st readiness.State) int {
	switch st {
	case readiness.HandedOver:
		return 1
	case readiness.Closed:
		return 2
	}
	return 0
}

// boolFirst orders two different booleans: -1 when the first is true.
func boolFirst(first bool) int {
	if first {
		return -1
	}
	return 1
}

// homeCache is the home screen as worked out for one day, record by record,
// kept between calls (the window asks for the home after every change): Home
// works out again only the records changed since, or all of them on a new
// day. Records keeps it, under its lock; nil until first needed.
type homeCache struct {
	today readiness.Date
	// ids are the records in id (creation) order, as the store lists them:
	// the order items are gathered in before sorting, so that ties keep it.
	ids   []readiness.RecordID
	parts map[readiness.RecordID]*homePart
	// stale are the records changed since their part was worked out.
	stale map[readiness.RecordID]struct{}
}

// homePart is one record's share of the home screen.
type homePart struct {
	row       RecordRow
	needs     []readiness.Need
	attention []AttentionRow // overdue or blocked items
	blocked   int
	// held are the record's ceremonies, for `readyroom list`.
	held []readiness.CeremonyRef
	// sum is the summary the part was made of: the service figures,
	// collisions and people directory add summaries up.
	sum *readiness.Summary
}

// touch notes that a record changed (or may have): its part is worked out again.
func (c *homeCache) touch(id readiness.RecordID) { c.stale[id] = struct{}{} }

// partOf works out one record's share of the home screen.
func partOf(sum *readiness.Summary, attention []readiness.AttentionItem, today readiness.Date) *homePart {
	p := &homePart{row: RecordRow{
		ID: sum.ID, Title: sum.Title, Service: sum.Service, Squad: sum.Squad, SDM: sum.SDM, MaintenanceTeam: sum.MaintenanceTeam,
		Tier: sum.Tier, State: sum.State, GoLive: sum.GoLive, Applicable: sum.Applicable, Done: sum.Done,
		Percent: sum.Percent, Conflicts: sum.Conflicts, RAG: readiness.Green,
		HypercareState: sum.HypercareState, HypercareStart: sum.HypercareStart, HypercareEnd: sum.HypercareEnd,
		ExitedOn: sum.ExitedOn, HandoverAccepted: sum.HandoverAccepted, GoNoGo: sum.GoNoGo,
		OpenActions: sum.OpenActions, Ceremonies: sum.Ceremonies, Decision: sum.Decision,
	}, held: sum.Held, sum: sum}
	row := &p.row
	p.needs = readiness.NeedsOf(sum, today)
	for _, a := range attention {
		if a.Kind == "action" {
			if n, ok := readiness.ActionNeed(sum, a, today); ok {
				p.needs = append(p.needs, n)
			}
			continue
		}
		overdue := a.Overdue(today)
		if overdue {
			row.Overdue++
		}
		if a.Status == readiness.Blocked {
			p.blocked++
		}
		if overdue || a.Status == readiness.Blocked {
			p.attention = append(p.attention, AttentionRow{AttentionItem: a, RecordID: sum.ID, RecordTitle: sum.Title, Service: sum.Service, Overdue: overdue})
		}
	}
	// Blocked as the home counts it (Attention leaves retired sections out),
	// so a stat card's figure is the sum of the rows it opens.
	row.Blocked, row.Needs, row.Owners = p.blocked, len(p.needs), ownersOf(sum)
	st := readiness.RowStanding(sum, row.Overdue, today)
	row.RAG, row.RAGWhy, row.GoLiveDates, row.Hypercare = st.RAG, st.Why, st.GoLive, st.Hypercare
	row.GoLive = row.GoLiveDates.Shown
	return p
}

// ownersOf lists the people owning something in a record, by key.
func ownersOf(sum *readiness.Summary) []string {
	out := []string{}
	for _, n := range sum.People {
		if k := readiness.PersonKey(n.Name); n.Role == "owner" && k != "" && !slices.Contains(out, k) {
			out = append(out, k)
		}
	}
	slices.Sort(out)
	return out
}

// homeParts brings the home cache up to date for today: every record on a
// new day or the first call, else only those the store said changed since
// (see fresh). Called with s.mu held.
func (s *Records) homeParts(today readiness.Date) (*homeCache, error) {
	s.fresh()
	if s.attention == nil {
		att, err := s.db.Attention()
		if err != nil {
			return nil, err
		}
		s.attention, s.home = att, nil
	}
	if c := s.home; c != nil && c.today == today {
		if len(c.stale) == 0 {
			return c, nil
		}
		ids := make([]readiness.RecordID, 0, len(c.stale))
		for id := range c.stale {
			ids = append(ids, id)
		}
		sums, err := s.db.SummariesOf(ids)
		if err != nil {
			return nil, err
		}
		for _, id := range ids {
			sum, ok := sums[id]
			if !ok {
				continue // not created yet: edits that came before their record
			}
			if _, had := c.parts[id]; !had {
				i, _ := slices.BinarySearch(c.ids, id)
				c.ids = slices.Insert(c.ids, i, id)
			}
			c.parts[id] = partOf(&sum, s.attention[id], today)
		}
		clear(c.stale)
		return c, nil
	}
	sums, err := s.db.Summaries()
	if err != nil {
		return nil, err
	}
	c := &homeCache{today: today, ids: make([]readiness.RecordID, len(sums)),
		parts: make(map[readiness.RecordID]*homePart, len(sums)), stale: map[readiness.RecordID]struct{}{}}
	for i := range sums {
		c.ids[i] = sums[i].ID
		c.parts[sums[i].ID] = partOf(&sums[i], s.attention[sums[i].ID], today)
	}
	s.home = c
	return c, nil
}

// sortedParts is every record's part of the home screen, in the order the
// rows are listed. Called with s.mu held.
func (s *Records) sortedParts(today readiness.Date) ([]*homePart, error) {
	c, err := s.homeParts(today)
	if err != nil {
		return nil, err
	}
	// Sorted by pointer: the rows are a few hundred bytes each.
	parts := make([]*homePart, 0, len(c.ids))
	for _, id := range c.ids {
		parts = append(parts, c.parts[id])
	}
	slices.SortFunc(parts, func(x, y *homePart) int { return compareRows(&x.row, &y.row) })
	return parts, nil
}

// Home builds the home screen from the record summaries; see homeCache.
func (s *Records) Home() (Home, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	today := readiness.DateOf(s.now())
	parts, err := s.sortedParts(today)
	if err != nil {
		return Home{}, err
	}
	h := Home{Author: s.maker.Author, Today: today, RecordCount: len(parts), Records: make([]RecordRow, 0, min(len(parts), HomeRows)),
		Attention: []AttentionRow{}, Needs: []readiness.Need{}}
	// Items that tie keep record (id) order, as the store lists records.
	var needs []*readiness.Need
	var attention []*AttentionRow
	for _, id := range s.home.ids {
		p := s.home.parts[id]
		for i := range p.needs {
			needs = append(needs, &p.needs[i])
		}
		for i := range p.attention {
			attention = append(attention, &p.attention[i])
		}
		h.Overdue += p.row.Overdue
		h.Blocked += p.blocked
		if g := p.row.GoLive; g != "" {
			if d := g.DaysUntil(today); d >= 0 && d <= SoonDays {
				h.GoLivesSoon++
			}
		}
	}
	for _, p := range parts[:min(len(parts), HomeRows)] {
		h.Records = append(h.Records, p.row)
	}
	slices.SortStableFunc(attention, func(a, b *AttentionRow) int {
		if a.Overdue != b.Overdue {
			return boolFirst(a.Overdue)
		}
		return strings.Compare(string(a.Due), string(b.Due))
	})
	slices.SortStableFunc(needs, func(a, b *readiness.Need) int {
		if a.Urgent != b.Urgent {
			return boolFirst(a.Urgent)
		}
		return strings.Compare(string(a.Due), string(b.Due))
	})
	h.AttentionTotal, h.NeedsTotal = len(attention), len(needs)
	for _, a := range attention[:min(len(attention), MaxAttention)] {
		h.Attention = append(h.Attention, *a)
	}
	for _, n := range needs[:min(len(needs), MaxNeeds)] {
		h.Needs = append(h.Needs, *n)
	}
	return h, nil
}

// Rows lists every record, as the home screen orders them.
func (s *Records) Rows() (Rows, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	today := readiness.DateOf(s.now())
	parts, err := s.sortedParts(today)
	if err != nil {
		return Rows{}, err
	}
	r := Rows{Today: today, Records: make([]RecordRow, len(parts))}
	for i, p := range parts {
		r.Records[i] = p.row
	}
	return r, nil
}
