import { describe, expect, it } from "vitest";
import type { Collision } from "../../api";
import { clashesOf } from "./collide";

const c = (kind: string, record: string, w: string, words: string): Collision => ({ kind, record, with: w, withTitle: w.toUpperCase(), words });
const all = [
  c("go-live", "a", "b", "A and B both go live on Tue 1 Dec 2026 (same service, Pay)"),
  c("go-live", "b", "a", "A and B both go live on Tue 1 Dec 2026 (same service, Pay)"),
  c("freeze", "b", "", "Goes live on Thu 24 Dec 2026, inside the Year end freeze (Sun 20 Dec 2026 to Sat 2 Jan 2027)"),
  c("hypercare", "c", "a", "Hypercare of C overlaps that of A"),
  c("hypercare", "a", "c", "Hypercare of C overlaps that of A"),
];
const of = (id: string) => all.filter((x) => x.record === id);

describe("the portfolio's collisions", () => {
  it("lists each clash once, in the order of the records shown, the one shown first first", () => {
    expect(clashesOf(["b", "a"], of)).toEqual([
      { kind: "go-live", words: all[0].words, records: ["b", "a"] },
      { kind: "freeze", words: all[2].words, records: ["b"] },
      { kind: "hypercare", words: all[3].words, records: ["a", "c"] },
    ]);
  });
  it("keeps a clash with a record not shown", () => {
    expect(clashesOf(["c"], of)).toEqual([{ kind: "hypercare", words: all[3].words, records: ["c", "a"] }]);
    expect(clashesOf([], of)).toEqual([]);
  });
});
