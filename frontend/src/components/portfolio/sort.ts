import { STATES } from "./filters";

// The portfolio table's order: by a column, ascending or descending, or the
// default (soonest go-live first, handed over and closed last: the order the rows arrive
// in). Stable: rows that tie keep the default order, either way round. A
// row without the value (no squad, no date) comes last either way round.

export const SORT_KEYS = ["record", "squad", "tier", "state", "readiness", "goLive", "hypercare", "handover"] as const;
export type SortKey = (typeof SORT_KEYS)[number];

export interface Sort {
  /** "" is the default order. */
  key: SortKey | "";
  desc: boolean;
}

export const DEFAULT_SORT: Sort = { key: "", desc: false };

/** The fields of a record the columns sort by. */
export interface SortableRecord {
  service: string;
  title: string;
  squad: string;
  tier: string;
  state: string;
  percent: number;
  goLive: string;
  hypercareStart: string;
  handoverAccepted: string;
}

// Made on first use: a collator loads ICU's collation tables into the web
// process, and a window that never sorts by a name need not hold them.
let collator: Intl.Collator | undefined;
const text = (a: string, b: string) => (collator ??= new Intl.Collator(undefined, { sensitivity: "base", numeric: true })).compare(a, b);
const num = (a: number, b: number) => a - b;
const str = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0); // ISO dates
const TIER_ORDER = ["gold", "silver"];

interface Column {
  /** The header's words. */
  label: string;
  /** The order in words, ascending then descending. */
  words: [string, string];
  /** The row has no value to sort by: last either way round. */
  missing?: (r: SortableRecord) => boolean;
  compare: (a: SortableRecord, b: SortableRecord) => number;
}

export const COLUMNS: Record<SortKey, Column> = {
  record: {
    label: "Service and release",
    words: ["service A to Z", "service Z to A"],
    compare: (a, b) => text(a.service, b.service) || text(a.title, b.title),
  },
  squad: { label: "Squad", words: ["squad A to Z", "squad Z to A"], missing: (r) => !r.squad, compare: (a, b) => text(a.squad, b.squad) },
  tier: { label: "Tier", words: ["Gold first", "Silver first"], compare: (a, b) => TIER_ORDER.indexOf(a.tier) - TIER_ORDER.indexOf(b.tier) },
  state: {
    label: "State",
    words: ["draft to closed", "closed to draft"],
    compare: (a, b) => STATES.indexOf(a.state as (typeof STATES)[number]) - STATES.indexOf(b.state as (typeof STATES)[number]),
  },
  readiness: { label: "Readiness", words: ["least ready first", "most ready first"], compare: (a, b) => num(a.percent, b.percent) },
  goLive: { label: "Go-live", words: ["earliest go-live first", "latest go-live first"], missing: (r) => !r.goLive, compare: (a, b) => str(a.goLive, b.goLive) },
  hypercare: {
    label: "Hypercare",
    words: ["earliest hypercare first", "latest hypercare first"],
    missing: (r) => !r.hypercareStart,
    compare: (a, b) => str(a.hypercareStart, b.hypercareStart),
  },
  handover: {
    label: "Handover accepted",
    words: ["earliest handover first", "latest handover first"],
    missing: (r) => !r.handoverAccepted,
    compare: (a, b) => str(a.handoverAccepted, b.handoverAccepted),
  },
};

/** The rows in the order asked for: a new array, or the same one for the default order. */
export function sortRows<T extends SortableRecord>(rows: T[], s: Sort): T[] {
  if (!s.key) return rows;
  const c = COLUMNS[s.key];
  const sign = s.desc ? -1 : 1;
  const missing = c.missing;
  // Array.prototype.sort is stable: ties keep the default order.
  return [...rows].sort((a, b) => {
    if (missing) {
      const ma = missing(a);
      const mb = missing(b);
      if (ma !== mb) return ma ? 1 : -1;
      if (ma) return 0;
    }
    return sign * c.compare(a, b);
  });
}

/** What a header's click or Enter does: another column sorts ascending; the same one turns descending, then back to the default. */
export function nextSort(s: Sort, key: SortKey): Sort {
  if (s.key !== key) return { key, desc: false };
  return s.desc ? DEFAULT_SORT : { key, desc: true };
}

/** The header's aria-sort: set on the one column sorted by, and on none in the default order. */
export function ariaSort(s: Sort, key: SortKey): "ascending" | "descending" | undefined {
  return s.key !== key ? undefined : s.desc ? "descending" : "ascending";
}

/** The order in words, for the table's caption. */
export function sortWords(s: Sort): string {
  return s.key ? `${COLUMNS[s.key].words[s.desc ? 1 : 0]}` : "soonest go-live first, handed over and closed last";
}

/** A sort read back from storage: a known column, or the default. */
export function coerceSort(v: unknown): Sort {
  if (!v || typeof v !== "object") return DEFAULT_SORT;
  const o = v as Record<string, unknown>;
  const key = SORT_KEYS.find((k) => k === o.key);
  return key ? { key, desc: o.desc === true } : DEFAULT_SORT;
}
