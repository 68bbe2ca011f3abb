package app

// Events the application sends to the window. The frontend's list is
// frontend/src/events.ts; keep the two the same.
const (
	// EventRecordsChanged is sent after any record changes; data: the record id, if one.
	EventRecordsChanged = "records:changed"
	// EventPeersChanged is sent when devices are seen or lost, or sync state changes.
	EventPeersChanged = "peers:changed"
	// EventTeamsChanged is sent when teams, members, invites or sharing change.
	EventTeamsChanged = "teams:changed"
)
