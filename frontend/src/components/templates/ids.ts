// Ids the template editor suggests for what an author adds. The Go side
// checks every id when the draft is saved; these only spare the author
// from inventing one that is already taken.

/** Every id a template uses: sections, items, exit criteria, handover items (one namespace). */
export function takenIds(t: {
  sections: { id: string; items?: { id: string }[] }[];
  exitCriteria?: { id: string }[];
  handoverItems?: { id: string }[];
}): Set<string> {
  const out = new Set<string>();
  for (const s of t.sections) {
    out.add(s.id);
    for (const it of s.items ?? []) out.add(it.id);
  }
  for (const c of t.exitCriteria ?? []) out.add(c.id);
  for (const h of t.handoverItems ?? []) out.add(h.id);
  return out;
}

const NUMBERED = /^(.*?)(\d+)$/;

/**
 * The id after the last numbered one in a list ("COM-05" → "COM-06", keeping
 * the zero padding), or fallback-01 when none is numbered; never one in taken.
 */
export function nextId(ids: readonly string[], taken: ReadonlySet<string>, fallback: string): string {
  let prefix = `${fallback}-`;
  let n = 0;
  let width = 2;
  for (let i = ids.length - 1; i >= 0; i--) {
    const m = NUMBERED.exec(ids[i]);
    if (m) {
      prefix = m[1];
      n = Number(m[2]);
      width = m[2].length;
      break;
    }
  }
  for (let k = n + 1; ; k++) {
    const id = `${prefix}${String(k).padStart(width, "0")}`;
    if (!taken.has(id)) return id;
  }
}

/** A lowercase id made from a name ("Payments Gold!" → "payments-gold"), at most 40 characters. */
export function slugId(name: string): string {
  const s = name
    .normalize("NFKD")
    .replace(/[\u0300-\u036f]/g, "")
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, "-")
    .replace(/^-+|-+$/g, "")
    .slice(0, 40)
    .replace(/-+$/, "");
  return /^[a-z]/.test(s) ? s : s ? `t-${s}`.slice(0, 40) : "";
}

/** A section id not in taken: base, then base-2, base-3… */
export function uniqueId(base: string, taken: ReadonlySet<string>): string {
  if (!taken.has(base)) return base;
  for (let k = 2; ; k++) {
    const id = `${base}-${k}`;
    if (!taken.has(id)) return id;
  }
}

/** The list with element i moved by dir (-1 up, 1 down); the same list when it cannot move. */
export function moved<T>(list: readonly T[], i: number, dir: -1 | 1): T[] {
  const j = i + dir;
  if (i < 0 || i >= list.length || j < 0 || j >= list.length) return [...list];
  const out = [...list];
  [out[i], out[j]] = [out[j], out[i]];
  return out;
}
