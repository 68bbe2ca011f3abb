// The template editor's field paths. The Go side names each problem of a
// draft by the path of its field, as the editor names its inputs:
// "name", "sections[2].title", "sections[2].items[0].id",
// "sections[2].items[0].refs[1]", "exitCriteria[1].text". These helpers turn
// a path into the id of the element that shows it, say which section and
// item must be open for that element to exist, and group problems by path.

import type { FieldError } from "../../api/errors";

/** A field path taken apart. Indices are positions in the draft as saved. */
export interface FieldPath {
  /** The section's index, for a path under sections[i]. */
  section?: number;
  /** The item's index in its section, for a path under sections[i].items[j]. */
  item?: number;
  /** The reference's index, for sections[i].items[j].refs[k]. */
  ref?: number;
  /** exitCriteria or handoverItems, for a path under one of those lists. */
  list?: "exitCriteria" | "handoverItems";
  /** The entry's index in that list. */
  entry?: number;
  /** What is left: the field's name ("title", "id"), or "" for the thing itself. */
  field: string;
}

const SECTION = /^sections\[(\d+)\](?:\.(.*))?$/;
const ITEM = /^items\[(\d+)\](?:\.(.*))?$/;
const REF = /^refs\[(\d+)\]$/;
const ENTRY = /^(exitCriteria|handoverItems)\[(\d+)\](?:\.(.*))?$/;

/** Takes a path apart; a path the editor does not know keeps its text as field. */
export function parseFieldPath(path: string): FieldPath {
  const s = SECTION.exec(path);
  if (s) {
    const section = Number(s[1]);
    const rest = s[2] ?? "";
    const it = ITEM.exec(rest);
    if (!it) return { section, field: rest };
    const item = Number(it[1]);
    const inner = it[2] ?? "";
    const r = REF.exec(inner);
    if (r) return { section, item, ref: Number(r[1]), field: "refs" };
    return { section, item, field: inner };
  }
  const e = ENTRY.exec(path);
  if (e) return { list: e[1] as FieldPath["list"], entry: Number(e[2]), field: e[3] ?? "" };
  return { field: path };
}

/** The DOM id of the element that shows a path: "sections[2].items[0].id" → "tf-sections-2-items-0-id". */
export function fieldDomId(path: string): string {
  const slug = path
    .replace(/[^A-Za-z0-9]+/g, "-")
    .replace(/^-+|-+$/g, "");
  return slug ? `tf-${slug}` : "tf-template";
}

/** The id of the element holding a path's message (aria-describedby). */
export function problemDomId(path: string): string {
  return `${fieldDomId(path)}-problem`;
}

// Fields the editor has an input (or, for a list, an Add button) for.
const TOP = new Set(["name", "tier", "hypercareDays", "summary", "sections", "exitCriteria", "handoverItems"]);
const SECTION_FIELDS = new Set(["id", "number", "title", "kind", "prompt", "guidance", "items"]);
const ITEM_FIELDS = new Set(["id", "text", "why", "evidence", "naAllowed", "risk", "refs"]);
const ENTRY_FIELDS: Record<string, Set<string>> = {
  exitCriteria: new Set(["id", "text", "guidance"]),
  handoverItems: new Set(["id", "kind", "text", "guidance"]),
};

/**
 * Whether the editor shows a path in place. Some problems have no field of
 * their own (the template's id, its origin, a problem of the whole draft):
 * those are shown in the summary only.
 */
export function hasPlace(path: string): boolean {
  const p = parseFieldPath(path);
  if (p.list !== undefined) return ENTRY_FIELDS[p.list].has(p.field);
  if (p.item !== undefined) return ITEM_FIELDS.has(p.field);
  if (p.section !== undefined) return SECTION_FIELDS.has(p.field);
  return TOP.has(p.field);
}

/** What must be open for a path's element to be on screen. */
export function containerOf(path: string): { section: number | null; item: number | null } {
  const p = parseFieldPath(path);
  return { section: p.section ?? null, item: p.item ?? null };
}

/** Every problem's message by path (two messages for one field are joined). */
export function problemsByPath(problems: readonly FieldError[]): Record<string, string> {
  const out: Record<string, string> = {};
  for (const f of problems) {
    out[f.field] = out[f.field] ? `${out[f.field]} ${f.message}` : f.message;
  }
  return out;
}

/** How many problems lie inside section i (its fields, its items and theirs). */
export function problemsInSection(problems: readonly FieldError[], i: number): number {
  return problems.filter((f) => parseFieldPath(f.field).section === i).length;
}

/** How many problems lie inside item j of section i. */
export function problemsInItem(problems: readonly FieldError[], i: number, j: number): number {
  return problems.filter((f) => {
    const p = parseFieldPath(f.field);
    return p.section === i && p.item === j;
  }).length;
}

/** Where a problem is, in words, for the summary: "Section 3 (Rollback), item 2 (RB-02): ". */
export function placeOf(path: string, names: { section?: (i: number) => string; item?: (i: number, j: number) => string } = {}): string {
  const p = parseFieldPath(path);
  if (p.list !== undefined) {
    const what = p.list === "exitCriteria" ? "Exit criterion" : "Handover item";
    return `${what} ${(p.entry ?? 0) + 1}`;
  }
  if (p.section === undefined) return "";
  const sn = names.section?.(p.section);
  let out = `Section ${p.section + 1}${sn ? ` (${sn})` : ""}`;
  if (p.item !== undefined) {
    const itn = names.item?.(p.section, p.item);
    out += `, item ${p.item + 1}${itn ? ` (${itn})` : ""}`;
  }
  return out;
}
