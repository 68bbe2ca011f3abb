import type { SearchResult } from "../../api";

// Pure helpers for the search box: where a result opens, and results
// grouped under their record in the order the Go side returned them.

/** The section of the record view a result opens at (undefined: the record's top). */
export function sectionFor(r: Pick<SearchResult, "kind" | "ref">): string | undefined {
  switch (r.kind) {
    case "item":
      return r.ref.split("#")[0] || undefined;
    case "section":
      return r.ref || undefined;
    case "ceremony":
      return "ceremonies";
    case "action":
      return "actions";
    case "risk":
      return "risks";
    case "contact":
      return "contacts";
    default:
      return undefined;
  }
}

export const KIND_LABELS: Record<string, string> = {
  record: "Record",
  section: "Section",
  item: "Item",
  risk: "Risk",
  contact: "Contact",
  ceremony: "Ceremony",
  action: "Action",
};

export interface Group<T> {
  recordId: string;
  recordTitle: string;
  service: string;
  /** The results, each with its index in the flat list (for the keyboard selection). */
  hits: { r: T; index: number }[];
}

/** Groups results by record, keeping the first-seen order of records and of results within each. */
export function groupByRecord<T extends Pick<SearchResult, "recordId" | "recordTitle" | "service">>(results: T[]): Group<T>[] {
  const groups = new Map<string, Group<T>>();
  for (const r of results) {
    let g = groups.get(r.recordId);
    if (!g) {
      g = { recordId: r.recordId, recordTitle: r.recordTitle, service: r.service, hits: [] };
      groups.set(r.recordId, g);
    }
    g.hits.push({ r, index: -1 });
  }
  let i = 0;
  const out = [...groups.values()];
  for (const g of out) for (const h of g.hits) h.index = i++;
  return out;
}

/** A result's own label, or "" when it only repeats its kind ("Risk", "Action") or the record's title. */
export function ownLabel(r: Pick<SearchResult, "kind" | "label" | "recordTitle">): string {
  const l = r.label.trim();
  if (!l) return "";
  if (l.toLowerCase() === (KIND_LABELS[r.kind] ?? r.kind).toLowerCase()) return "";
  if (r.kind === "record" && l === r.recordTitle) return "";
  return l;
}
