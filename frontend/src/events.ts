// Events the Go side sends; keep in step with app/events.go.
export const Events = {
  /** A batch of changes was committed (an edit here, a pull from a peer, an import); data: the ids of the records it touched. */
  recordsChanged: "records:changed",
  /** Devices were seen or lost, or a peer's sync state changed. */
  peersChanged: "peers:changed",
  /** Teams, members, invites or sharing changed. */
  teamsChanged: "teams:changed",
  /** A reminder's notification was clicked; data: the record's id ("" for home) and the section to open. */
  open: "open",
} as const;
