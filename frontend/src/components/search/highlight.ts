/** Splits text into parts, marking those that match any of the words (case-insensitive). */
export function highlight(text: string, query: string): { text: string; hit: boolean }[] {
  const words = query
    .toLowerCase()
    .split(/\s+/)
    .filter(Boolean)
    .map((w) => w.replace(/[.*+?^${}()|[\]\\]/g, "\\$&"));
  if (words.length === 0) return [{ text, hit: false }];
  const re = new RegExp(`(${words.join("|")})`, "gi");
  return text
    .split(re)
    .filter((p) => p !== "")
    .map((p) => ({ text: p, hit: words.some((w) => new RegExp(`^${w}$`, "i").test(p)) }));
}
