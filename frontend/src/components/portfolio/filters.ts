import { overlaps } from "./timeline";

// The portfolio's filters as plain data, and the predicate that applies them.
// Go's app.PortfolioFilter filters the same way (the CSV and calendar
// exports): TestPortfolioFilterAsTheScreen runs the cases of filters.test.ts.

export const STATES = ["draft", "preparing", "ready", "live", "handed-over", "closed"] as const;
export const RAGS = ["red", "amber", "green"] as const;
/** What a record may be filtered for having (any of those chosen). */
export const HAS = ["blocked", "overdue", "conflicts", "needs"] as const;
export type Has = (typeof HAS)[number];

export interface Filters {
  tier: "" | "gold" | "silver";
  /** Any of these states; none selected means every state. */
  states: string[];
  /** Any of these RAGs; none means every one. */
  rags: string[];
  squad: string;
  service: string;
  sdm: string;
  /** A person's key (the people directory's): someone owning an item, risk or action of the record. */
  owner: string;
  /** Records with any of these; none means every record. */
  has: string[];
  /** ISO dates; either may be empty (open-ended). */
  from: string;
  to: string;
  /** The dates look at the go-live day alone, not the hypercare window. */
  goLiveOnly: boolean;
}

/** The fields of a record the filters look at. */
export interface FilterableRecord {
  tier: string;
  state: string;
  rag: string;
  squad: string;
  service: string;
  sdm: string;
  /** Keys of the people owning something in the record. */
  owners: string[];
  blocked: number;
  overdue: number;
  conflicts: number;
  needs: number;
  goLive: string;
  hypercareStart: string;
  hypercareEnd: string;
}

export function emptyFilters(): Filters {
  return { tier: "", states: [], rags: [], squad: "", service: "", sdm: "", owner: "", has: [], from: "", to: "", goLiveOnly: false };
}

/** Whether the filters leave anything out (go-live-only alone does not). */
export function filtersActive(f: Filters): boolean {
  return !!(f.tier || f.states.length || f.rags.length || f.squad || f.service || f.sdm || f.owner || f.has.length || f.from || f.to);
}

/** "From" is after "To": no record can match. */
export function rangeReversed(f: Pick<Filters, "from" | "to">): boolean {
  return !!f.from && !!f.to && f.from > f.to;
}

/** Whether a record has one of HAS. */
export function recordHas(r: FilterableRecord, what: string): boolean {
  switch (what) {
    case "blocked":
      return r.blocked > 0;
    case "overdue":
      return r.overdue > 0;
    case "conflicts":
      return r.conflicts > 0;
    case "needs":
      return r.needs > 0;
  }
  return false;
}

/**
 * Whether a record passes every filter. A record is in the date range when
 * its go-live day or (unless goLiveOnly) its hypercare window overlaps the
 * range; a record with neither date is outside any range.
 */
export function matchesFilters(r: FilterableRecord, f: Filters): boolean {
  if (f.tier && r.tier !== f.tier) return false;
  if (f.states.length && !f.states.includes(r.state)) return false;
  if (f.rags.length && !f.rags.includes(r.rag)) return false;
  if (f.squad && r.squad !== f.squad) return false;
  if (f.service && r.service !== f.service) return false;
  if (f.sdm && r.sdm !== f.sdm) return false;
  if (f.owner && !r.owners.includes(f.owner)) return false;
  if (f.has.length && !f.has.some((h) => recordHas(r, h))) return false;
  if (f.from || f.to) {
    if (rangeReversed(f)) return false;
    const goLive = !!r.goLive && overlaps(r.goLive, r.goLive, f.from, f.to);
    const hypercare = !f.goLiveOnly && !!r.hypercareStart && overlaps(r.hypercareStart, r.hypercareEnd, f.from, f.to);
    if (!goLive && !hypercare) return false;
  }
  return true;
}

/** The distinct non-empty values, sorted for a select. */
export function distinct(values: string[]): string[] {
  return [...new Set(values.filter(Boolean))].sort((a, b) => a.localeCompare(b));
}

/**
 * Filters as read back from somewhere that may hold anything (a saved view
 * in localStorage): every field of the right type, or its empty value.
 */
export function coerceFilters(v: unknown): Filters {
  const e = emptyFilters();
  if (!v || typeof v !== "object") return e;
  const o = v as Record<string, unknown>;
  const str = (k: string) => (typeof o[k] === "string" ? (o[k] as string) : "");
  const list = (k: string, allowed: readonly string[]) =>
    Array.isArray(o[k]) ? [...new Set((o[k] as unknown[]).filter((x): x is string => typeof x === "string" && allowed.includes(x)))] : [];
  const tier = str("tier");
  return {
    tier: tier === "gold" || tier === "silver" ? tier : "",
    states: list("states", STATES),
    rags: list("rags", RAGS),
    squad: str("squad"),
    service: str("service"),
    sdm: str("sdm"),
    owner: str("owner"),
    has: list("has", HAS),
    from: /^\d{4}-\d{2}-\d{2}$/.test(str("from")) ? str("from") : "",
    to: /^\d{4}-\d{2}-\d{2}$/.test(str("to")) ? str("to") : "",
    goLiveOnly: o.goLiveOnly === true,
  };
}
