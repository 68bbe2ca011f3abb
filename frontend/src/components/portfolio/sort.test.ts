import { describe, expect, it } from "vitest";
import { COLUMNS, DEFAULT_SORT, SORT_KEYS, ariaSort, coerceSort, nextSort, sortRows, sortWords, type SortableRecord } from "./sort";

const row = (over: Partial<SortableRecord> & { id: string }): SortableRecord & { id: string } => ({
  service: "Payments",
  title: "v1",
  squad: "Falcon",
  tier: "gold",
  state: "preparing",
  percent: 50,
  goLive: "2026-12-01",
  hypercareStart: "",
  handoverAccepted: "",
  ...over,
});
// In the default order (as the rows arrive).
const rows = [
  row({ id: "a", service: "payments", title: "v10", squad: "Heron", percent: 80, goLive: "2026-11-20", state: "ready" }),
  row({ id: "b", service: "Identity", squad: "", tier: "silver", percent: 80, goLive: "2026-11-25", hypercareStart: "2026-11-25" }),
  row({ id: "c", service: "Payments", title: "v9", percent: 10, goLive: "", state: "draft" }),
  row({ id: "d", service: "Billing", squad: "falcon", tier: "silver", percent: 100, goLive: "2026-10-01", state: "closed", hypercareStart: "2026-10-01", handoverAccepted: "2026-10-20" }),
];
const ids = (key: (typeof SORT_KEYS)[number], desc = false) => sortRows(rows, { key, desc }).map((r) => r.id);

describe("portfolio sort", () => {
  it("keeps the default order when no column is chosen", () => {
    expect(sortRows(rows, DEFAULT_SORT)).toBe(rows);
  });
  it("sorts by service then release, ignoring case and reading numbers as numbers", () => {
    expect(ids("record")).toEqual(["d", "b", "c", "a"]); // Billing, Identity, Payments v9, payments v10
    expect(ids("record", true)).toEqual(["a", "c", "b", "d"]);
  });
  it("puts rows without the value last either way round", () => {
    expect(ids("squad")).toEqual(["c", "d", "a", "b"]); // Falcon and falcon tie: default order
    expect(ids("squad", true)).toEqual(["a", "c", "d", "b"]);
    expect(ids("goLive")).toEqual(["d", "a", "b", "c"]);
    expect(ids("goLive", true)).toEqual(["b", "a", "d", "c"]);
    expect(ids("hypercare")).toEqual(["d", "b", "a", "c"]);
    expect(ids("handover", true)).toEqual(["d", "a", "b", "c"]);
  });
  it("is stable: ties keep the default order in both directions", () => {
    expect(ids("readiness")).toEqual(["c", "a", "b", "d"]);
    expect(ids("readiness", true)).toEqual(["d", "a", "b", "c"]);
    expect(ids("tier")).toEqual(["a", "c", "b", "d"]);
    expect(ids("tier", true)).toEqual(["b", "d", "a", "c"]);
  });
  it("sorts states in lifecycle order", () => {
    expect(ids("state")).toEqual(["c", "b", "a", "d"]);
    expect(ids("state", true)).toEqual(["d", "a", "b", "c"]);
  });
  it("does not change the rows it sorts", () => {
    const before = rows.map((r) => r.id);
    sortRows(rows, { key: "goLive", desc: true });
    expect(rows.map((r) => r.id)).toEqual(before);
  });
  it("turns a header ascending, then descending, then back to the default", () => {
    let s = nextSort(DEFAULT_SORT, "goLive");
    expect(s).toEqual({ key: "goLive", desc: false });
    expect(ariaSort(s, "goLive")).toBe("ascending");
    expect(ariaSort(s, "tier")).toBeUndefined();
    expect(ariaSort(DEFAULT_SORT, "goLive")).toBeUndefined();
    s = nextSort(s, "goLive");
    expect(ariaSort(s, "goLive")).toBe("descending");
    expect(sortWords(s)).toBe("latest go-live first");
    expect(nextSort(s, "goLive")).toEqual(DEFAULT_SORT);
    expect(nextSort(s, "tier")).toEqual({ key: "tier", desc: false });
    expect(sortWords(DEFAULT_SORT)).toBe("soonest go-live first, handed over and closed last");
  });
  it("names every column and reads back only known ones", () => {
    for (const k of SORT_KEYS) expect(COLUMNS[k].label).not.toBe("");
    expect(coerceSort({ key: "squad", desc: true })).toEqual({ key: "squad", desc: true });
    expect(coerceSort({ key: "colour", desc: true })).toEqual(DEFAULT_SORT);
    expect(coerceSort("goLive")).toEqual(DEFAULT_SORT);
  });
  it("sorts a thousand rows the same every time", () => {
    const many = Array.from({ length: 1000 }, (_, i) => row({ id: String(i), percent: i % 7, squad: i % 5 ? `Squad ${i % 13}` : "" }));
    const a = sortRows(many, { key: "squad", desc: true }).map((r) => r.id);
    const b = sortRows([...many], { key: "squad", desc: true }).map((r) => r.id);
    expect(a).toEqual(b);
    const s = sortRows(many, { key: "readiness", desc: false });
    for (let i = 1; i < s.length; i++) {
      expect(s[i - 1].percent <= s[i].percent).toBe(true);
      if (s[i - 1].percent === s[i].percent) expect(Number(s[i - 1].id) < Number(s[i].id)).toBe(true);
    }
  });
});
