// Events the Go side sends; keep in step with app/events.go.
export const Events = {
  /** A record changed (here or from a peer); data: the record id, if one. */
  recordsChanged: "records:changed",
  /** Devices were seen or lost, or a peer's sync state changed. */
  peersChanged: "peers:changed",
  /** Teams, members, invites or sharing changed. */
  teamsChanged: "teams:changed",
} as const;
