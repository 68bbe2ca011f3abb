import { overlaps } from "./timeline";

// The portfolio's filters as plain data, and the predicate that applies them.

export const STATES = ["draft", "preparing", "ready", "live", "handed-over", "closed"] as const;

export interface Filters {
  tier: "" | "gold" | "silver";
  /** Any of these states; none selected means every state. */
  states: string[];
  squad: string;
  service: string;
  /** ISO dates; either may be empty (open-ended). */
  from: string;
  to: string;
}

/** The fields of a record the filters look at. */
export interface FilterableRecord {
  tier: string;
  state: string;
  squad: string;
  service: string;
  goLive: string;
  hypercareStart: string;
  hypercareEnd: string;
}

export function emptyFilters(): Filters {
  return { tier: "", states: [], squad: "", service: "", from: "", to: "" };
}

export function filtersActive(f: Filters): boolean {
  return !!(f.tier || f.states.length || f.squad || f.service || f.from || f.to);
}

/** "From" is after "To": no record can match. */
export function rangeReversed(f: Pick<Filters, "from" | "to">): boolean {
  return !!f.from && !!f.to && f.from > f.to;
}

/**
 * Whether a record passes every filter. A record is in the date range when
 * its go-live day or its hypercare window overlaps the range; a record with
 * neither date is outside any range.
 */
export function matchesFilters(r: FilterableRecord, f: Filters): boolean {
  if (f.tier && r.tier !== f.tier) return false;
  if (f.states.length && !f.states.includes(r.state)) return false;
  if (f.squad && r.squad !== f.squad) return false;
  if (f.service && r.service !== f.service) return false;
  if (f.from || f.to) {
    if (rangeReversed(f)) return false;
    const goLive = !!r.goLive && overlaps(r.goLive, r.goLive, f.from, f.to);
    const hypercare = !!r.hypercareStart && overlaps(r.hypercareStart, r.hypercareEnd, f.from, f.to);
    if (!goLive && !hypercare) return false;
  }
  return true;
}

/** The distinct non-empty values, sorted for a select. */
export function distinct(values: string[]): string[] {
  return [...new Set(values.filter(Boolean))].sort((a, b) => a.localeCompare(b));
}
