import { coerceFilters, type Filters } from "./filters";
import { coerceSort, type Sort } from "./sort";

// Saved views: named sets of the portfolio's filters and order, kept on this
// device (localStorage), listed by name, applied and deleted. One name is
// one view: saving under a name again (in any case) replaces it.

export interface SavedView {
  name: string;
  filters: Filters;
  sort: Sort;
}

export const VIEWS_KEY = "readyroom.portfolio.views";
export const MAX_VIEW_NAME = 60;
export const MAX_VIEWS = 50;

const sameName = (a: string, b: string) => a.trim().toLocaleLowerCase() === b.trim().toLocaleLowerCase();
const byName = (a: SavedView, b: SavedView) => a.name.localeCompare(b.name);

/** The views stored as JSON (raw may be null, or anything a hand or an older version left): those that read, by name. */
export function readViews(raw: string | null): SavedView[] {
  let v: unknown;
  try {
    v = JSON.parse(raw ?? "[]");
  } catch {
    return [];
  }
  if (!Array.isArray(v)) return [];
  const out: SavedView[] = [];
  for (const x of v) {
    if (!x || typeof x !== "object") continue;
    const o = x as Record<string, unknown>;
    const name = typeof o.name === "string" ? o.name.trim() : "";
    if (!name || out.some((w) => sameName(w.name, name))) continue;
    out.push({ name: name.slice(0, MAX_VIEW_NAME), filters: coerceFilters(o.filters), sort: coerceSort(o.sort) });
  }
  return out.sort(byName);
}

/** Why a name cannot be a view's, or "". */
export function viewNameProblem(name: string, list: SavedView[]): string {
  const n = name.trim();
  if (!n) return "Name the view.";
  if (n.length > MAX_VIEW_NAME) return `Keep the name to ${MAX_VIEW_NAME} characters.`;
  if (list.length >= MAX_VIEWS && !list.some((v) => sameName(v.name, n))) return `Keep at most ${MAX_VIEWS} views: delete one first.`;
  return "";
}

/** The list with the view added, or replacing the one of the same name. */
export function withView(list: SavedView[], v: SavedView): SavedView[] {
  const view = { name: v.name.trim(), filters: { ...v.filters, states: [...v.filters.states], rags: [...v.filters.rags], has: [...v.filters.has] }, sort: { ...v.sort } };
  return [...list.filter((w) => !sameName(w.name, view.name)), view].sort(byName);
}

/** The list without the view of that name. */
export function withoutView(list: SavedView[], name: string): SavedView[] {
  return list.filter((w) => !sameName(w.name, name));
}

/** Whether a view's name is taken (saving replaces it). */
export function hasView(list: SavedView[], name: string): boolean {
  return list.some((w) => sameName(w.name, name));
}
