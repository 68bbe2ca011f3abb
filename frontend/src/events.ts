// Events the Go side sends; keep in step with app/events.go.
export const Events = {
  recordsChanged: "records:changed",
} as const;
