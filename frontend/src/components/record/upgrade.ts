// Words for what an upgrade changes about an item (the Go side names them:
// text, why, evidence, n/a, risk, section).

const WORDS: Record<string, string> = {
  text: "text",
  why: "why it matters",
  evidence: "good evidence",
  "n/a": "whether n/a is allowed",
  risk: "risk",
  section: "section",
};

/** ["text", "why"] → "text and why it matters"; ["a", "b", "c"] → "a, b and c". */
export function changedWords(changed: readonly string[]): string {
  const w = changed.map((c) => WORDS[c] ?? c);
  if (w.length === 0) return "nothing";
  if (w.length === 1) return w[0];
  return `${w.slice(0, -1).join(", ")} and ${w[w.length - 1]}`;
}
