// Splitting text around the words of a query, so the matches can be marked
// with <mark> elements while the text itself stays text (never HTML).

export interface Part {
  text: string;
  hit: boolean;
}

/** The words of a query: lower-cased, without repeats, longest first (so "passkey" wins over "pass"). */
export function queryWords(query: string): string[] {
  const words = [...new Set(query.toLowerCase().split(/\s+/).filter(Boolean))];
  return words.sort((a, b) => b.length - a.length);
}

const escape = (w: string) => w.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");

/** Splits text into parts, marking those that match any word of the query (case-insensitive). */
export function highlight(text: string, query: string): Part[] {
  const words = queryWords(query);
  if (!text) return [];
  if (words.length === 0) return [{ text, hit: false }];
  const re = new RegExp(words.map(escape).join("|"), "gi");
  const out: Part[] = [];
  let last = 0;
  for (const m of text.matchAll(re)) {
    const i = m.index ?? 0;
    if (m[0] === "") break;
    if (i > last) out.push({ text: text.slice(last, i), hit: false });
    out.push({ text: m[0], hit: true });
    last = i + m[0].length;
  }
  if (last < text.length) out.push({ text: text.slice(last), hit: false });
  return out;
}
