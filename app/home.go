package app

import (
	"sort"

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
}

// AttentionRow is an item that needs someone now, with its record.
type AttentionRow struct {
	readiness.AttentionItem
	RecordID    readiness.RecordID `json:"recordId"`
	RecordTitle string             `json:"recordTitle"`
	Service     string             `json:"service"`
	Overdue     bool               `json:"overdue"`
}

// MaxAttention is how many overdue and blocked items the home screen lists;
// the counts cover all of them.
const MaxAttention = 40

// Home is what the home screen shows: every record, and the most urgent
// blocked and overdue items across them (at most MaxAttention, overdue first).
type Home struct {
	Author    string         `json:"author"`
	Today     readiness.Date `json:"today"`
	Records   []RecordRow    `json:"records"`
	Attention []AttentionRow `json:"attention"`
	// Overdue and Blocked count every such item, listed or not.
	Overdue int `json:"overdue"`
	Blocked int `json:"blocked"`
	// AttentionTotal is how many items are overdue or blocked (or both).
	AttentionTotal int `json:"attentionTotal"`
	// Needs are the other things that need someone now: ceremonies due,
	// hypercare windows ending or overdue, handovers waiting, open actions.
	Needs []readiness.Need `json:"needs"`
}

// Home builds the home screen from the record summaries.
func (s *Records) Home() (Home, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	sums, err := s.db.Summaries()
	if err != nil {
		return Home{}, err
	}
	if s.attention == nil {
		if s.attention, err = s.db.Attention(); err != nil {
			return Home{}, err
		}
	}
	attention := s.attention
	today := readiness.DateOf(s.now())
	h := Home{Author: s.maker.Author, Today: today, Records: make([]RecordRow, 0, len(sums)), Attention: []AttentionRow{}, Needs: []readiness.Need{}}
	for _, sum := range sums {
		row := RecordRow{
			ID: sum.ID, Title: sum.Title, Service: sum.Service, Squad: sum.Squad, SDM: sum.SDM, MaintenanceTeam: sum.MaintenanceTeam,
			Tier: sum.Tier, State: sum.State, GoLive: sum.GoLive, Applicable: sum.Applicable, Done: sum.Done,
			Percent: sum.Percent, Conflicts: sum.Conflicts, Blocked: sum.Blocked, RAG: readiness.Green,
			HypercareState: sum.HypercareState, HypercareStart: sum.HypercareStart, HypercareEnd: sum.HypercareEnd,
			ExitedOn: sum.ExitedOn, HandoverAccepted: sum.HandoverAccepted, GoNoGo: sum.GoNoGo,
			OpenActions: sum.OpenActions, Ceremonies: sum.Ceremonies, Decision: sum.Decision,
		}
		h.Needs = append(h.Needs, readiness.NeedsOf(&sum, today)...)
		for _, a := range attention[sum.ID] {
			if a.Kind == "action" {
				if n, ok := readiness.ActionNeed(&sum, a, today); ok {
					h.Needs = append(h.Needs, n)
				}
				continue
			}
			overdue := a.Overdue(today)
			if overdue {
				row.Overdue++
			}
			if overdue {
				h.Overdue++
			}
			if a.Status == readiness.Blocked {
				h.Blocked++
			}
			if overdue || a.Status == readiness.Blocked {
				h.Attention = append(h.Attention, AttentionRow{AttentionItem: a, RecordID: sum.ID, RecordTitle: sum.Title, Service: sum.Service, Overdue: overdue})
			}
		}
		st := readiness.RowStanding(&sum, row.Overdue, today)
		row.RAG, row.RAGWhy, row.GoLiveDates, row.Hypercare = st.RAG, st.Why, st.GoLive, st.Hypercare
		row.GoLive = row.GoLiveDates.Shown
		h.Records = append(h.Records, row)
	}
	sort.SliceStable(h.Records, func(i, j int) bool {
		if ci, cj := h.Records[i].State == readiness.Closed, h.Records[j].State == readiness.Closed; ci != cj {
			return cj // closed records last
		}
		a, b := h.Records[i].GoLive, h.Records[j].GoLive
		if a == b {
			return h.Records[i].ID > h.Records[j].ID
		}
		return a != "" && (b == "" || a < b)
	})
	sort.SliceStable(h.Attention, func(i, j int) bool {
		a, b := h.Attention[i], h.Attention[j]
		if a.Overdue != b.Overdue {
			return a.Overdue
		}
		return a.Due < b.Due
	})
	sort.SliceStable(h.Needs, func(i, j int) bool {
		a, b := h.Needs[i], h.Needs[j]
		if a.Urgent != b.Urgent {
			return a.Urgent
		}
		return a.Due < b.Due
	})
	h.AttentionTotal = len(h.Attention)
	if len(h.Attention) > MaxAttention {
		h.Attention = h.Attention[:MaxAttention]
	}
	return h, nil
}
