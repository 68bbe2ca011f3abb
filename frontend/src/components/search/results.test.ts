import { describe, expect, it } from "vitest";
import { groupByRecord, ownLabel, sectionFor } from "./results";

const r = (recordId: string, kind: string, ref = "", label = "") => ({ recordId, recordTitle: `T${recordId}`, service: `S${recordId}`, kind, ref, label });

describe("search results", () => {
  it("opens each kind at its section", () => {
    expect(sectionFor({ kind: "item", ref: "sec#SEC-01" })).toBe("sec");
    expect(sectionFor({ kind: "section", ref: "rollback" })).toBe("rollback");
    expect(sectionFor({ kind: "ceremony", ref: "c1" })).toBe("ceremonies");
    expect(sectionFor({ kind: "action", ref: "a1" })).toBe("actions");
    expect(sectionFor({ kind: "risk", ref: "r1" })).toBe("risks");
    expect(sectionFor({ kind: "contact", ref: "p1" })).toBe("contacts");
    expect(sectionFor({ kind: "record", ref: "" })).toBeUndefined();
  });
  it("groups by record in first-seen order and numbers the results in display order", () => {
    const g = groupByRecord([r("a", "record"), r("b", "item"), r("a", "risk"), r("b", "action")]);
    expect(g.map((x) => x.recordId)).toEqual(["a", "b"]);
    expect(g.map((x) => x.hits.map((h) => [h.r.kind, h.index]))).toEqual([
      [["record", 0], ["risk", 1]],
      [["item", 2], ["action", 3]],
    ]);
  });
  it("drops labels that only repeat the kind or the title", () => {
    expect(ownLabel({ kind: "risk", label: "Risk", recordTitle: "x" })).toBe("");
    expect(ownLabel({ kind: "record", label: "Card", recordTitle: "Card" })).toBe("");
    expect(ownLabel({ kind: "item", label: "SEC-01", recordTitle: "x" })).toBe("SEC-01");
  });
});
