import type { Collision } from "../../api";

// The portfolio's list of collisions: those of the records shown, in their
// order, each clash once (Go lists a clash of two records under each).

export interface Clash {
  kind: string;
  words: string;
  /** The records it involves: one for a freeze, two otherwise, the one shown first first. */
  records: string[];
}

/** The clashes of the records ids (in that order), each once. */
export function clashesOf(ids: string[], of: (id: string) => Collision[]): Clash[] {
  const seen = new Set<string>();
  const out: Clash[] = [];
  for (const id of ids) {
    for (const c of of(id)) {
      const pair = c.with ? [c.record, c.with].sort().join(" ") : c.record;
      const key = `${c.kind} ${pair} ${c.words}`;
      if (seen.has(key)) continue;
      seen.add(key);
      out.push({ kind: c.kind, words: c.words, records: c.with ? [c.record, c.with] : [c.record] });
    }
  }
  return out;
}
