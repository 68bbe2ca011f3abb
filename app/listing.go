package app

import "readyroom/readiness"

// Listing is one record as `readyroom list --json` prints it.
type Listing struct {
	ID      readiness.RecordID `json:"id"`
	Service string             `json:"service"`
	Title   string             `json:"title"`
	Tier    readiness.Tier     `json:"tier"`
	State   readiness.State    `json:"state"`
	// GoLive is the actual go-live once there is one, the planned one
	// before; both are given too.
	GoLive        readiness.Date    `json:"goLive"`
	GoLivePlanned readiness.Date    `json:"goLivePlanned"`
	WentLive      readiness.Date    `json:"wentLive,omitempty"`
	RAG           readiness.RAG     `json:"rag"`
	Decision      string            `json:"decision,omitempty"`
	Ceremonies    []CeremonyListing `json:"ceremonies"`
}

// CeremonyListing is one ceremony of a listed record.
type CeremonyListing struct {
	ID    readiness.EntityID     `json:"id"`
	Kind  readiness.CeremonyKind `json:"kind"`
	Date  readiness.Date         `json:"date"`
	Title string                 `json:"title"`
}

// Listing lists every record with its ceremonies, in the home screen's
// order, from the home screen's rows (worked out from the stored summaries
// and the attention entries the RAG needs, and kept; see homeCache): no
// record is read whole, so the cost grows with what is listed.
func (s *Records) Listing() ([]Listing, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	parts, err := s.sortedParts(readiness.DateOf(s.now()))
	if err != nil {
		return nil, err
	}
	out := make([]Listing, len(parts))
	for i, p := range parts {
		row := &p.row
		l := Listing{ID: row.ID, Service: row.Service, Title: row.Title, Tier: row.Tier, State: row.State, GoLive: row.GoLive,
			GoLivePlanned: row.GoLiveDates.Planned, WentLive: row.GoLiveDates.Actual, RAG: row.RAG, Decision: row.Decision,
			Ceremonies: make([]CeremonyListing, len(p.held))}
		for j, c := range p.held {
			l.Ceremonies[j] = CeremonyListing{ID: c.ID, Kind: c.Kind, Date: c.Date, Title: c.Title()}
		}
		out[i] = l
	}
	return out, nil
}
