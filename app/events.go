package app

// Events the application sends to the window. The frontend's list is
// frontend/src/events.ts; keep the two the same.
const (
	// EventRecordsChanged is sent once for every committed batch of changes
	// (an edit here, a page pulled from a peer, an import); data: the ids of
	// the records it touched.
	EventRecordsChanged = "records:changed"
	// EventPeersChanged is sent when devices are seen or lost, or sync state changes.
	EventPeersChanged = "peers:changed"
	// EventTeamsChanged is sent when teams, members, invites or sharing change.
	EventTeamsChanged = "teams:changed"
	// EventOpen is sent when a reminder's notification is clicked; data: the
	// record's id ("" for the home screen) and the section to open.
	EventOpen = "open"
)
