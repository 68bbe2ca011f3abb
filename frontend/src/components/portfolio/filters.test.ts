import { describe, expect, it } from "vitest";
import { coerceFilters, distinct, emptyFilters, filtersActive, matchesFilters, rangeReversed, type FilterableRecord, type Filters } from "./filters";

// The same records and cases as Go's TestPortfolioFilterAsTheScreen
// (app/portfolio_test.go): the CSV and calendar exports filter as the screen.
const base = { blocked: 0, overdue: 0, conflicts: 0, needs: 0, hypercareStart: "", hypercareEnd: "" };
const card: FilterableRecord = {
  ...base,
  tier: "gold",
  state: "preparing",
  squad: "Squad Falcon",
  service: "Payments Gateway",
  goLive: "2026-11-29",
  rag: "red",
  sdm: "Dana Whitfield",
  owners: ["marco bianchi", "priya raman"],
  blocked: 2,
  overdue: 1,
};
const passwordless: FilterableRecord = {
  ...base,
  tier: "gold",
  state: "live",
  squad: "Squad Heron",
  service: "Identity",
  goLive: "2026-11-16",
  hypercareStart: "2026-11-16",
  hypercareEnd: "2026-11-30",
  rag: "amber",
  sdm: "Dana Whitfield",
  owners: ["priya raman"],
  needs: 3,
};
const digest: FilterableRecord = {
  ...base,
  tier: "silver",
  state: "closed",
  squad: "Squad Otter",
  service: "Customer Notifications",
  goLive: "2026-10-23",
  hypercareStart: "2026-10-23",
  hypercareEnd: "2026-10-30",
  rag: "green",
  sdm: "Sam Okafor",
  owners: [],
  conflicts: 1,
};
const all = [card, passwordless, digest];
const f = (over: Partial<Filters>): Filters => ({ ...emptyFilters(), ...over });
const pick = (over: Partial<Filters>) => all.filter((r) => matchesFilters(r, f(over))).map((r) => r.service);

describe("portfolio filters", () => {
  it("lets everything through when empty", () => {
    expect(pick({})).toHaveLength(3);
    expect(filtersActive(emptyFilters())).toBe(false);
    expect(filtersActive(f({ states: ["live"] }))).toBe(true);
    for (const over of [{ rags: ["red"] }, { sdm: "x" }, { owner: "x" }, { has: ["needs"] }]) expect(filtersActive(f(over))).toBe(true);
    expect(filtersActive(f({ goLiveOnly: true }))).toBe(false); // leaves nothing out on its own
  });
  it("filters by tier, any of the states, squad and service", () => {
    expect(pick({ tier: "gold" })).toEqual(["Payments Gateway", "Identity"]);
    expect(pick({ states: ["live"] })).toEqual(["Identity"]);
    expect(pick({ states: ["live", "closed"] })).toEqual(["Identity", "Customer Notifications"]);
    expect(pick({ squad: "Squad Otter" })).toEqual(["Customer Notifications"]);
    expect(pick({ service: "Payments Gateway", tier: "silver" })).toEqual([]);
  });
  it("keeps a record whose go-live or hypercare window overlaps the dates", () => {
    // Only the hypercare window of Passwordless reaches past 20 Nov; Card goes live on the 29th.
    expect(pick({ from: "2026-11-20", to: "2026-11-25" })).toEqual(["Identity"]);
    expect(pick({ from: "2026-11-20" })).toEqual(["Payments Gateway", "Identity"]);
    expect(pick({ to: "2026-10-31" })).toEqual(["Customer Notifications"]);
    expect(pick({ from: "2026-10-30", to: "2026-10-30" })).toEqual(["Customer Notifications"]);
    expect(pick({ from: "2026-12-01" })).toEqual([]);
  });
  it("looks at the go-live day alone when asked", () => {
    expect(pick({ from: "2026-11-20", goLiveOnly: true })).toEqual(["Payments Gateway"]);
    expect(pick({ from: "2026-11-16", to: "2026-11-16", goLiveOnly: true })).toEqual(["Identity"]);
    expect(pick({ goLiveOnly: true })).toHaveLength(3);
  });
  it("filters by any of the RAGs, the SDM exactly and an owner's key", () => {
    expect(pick({ rags: ["red"] })).toEqual(["Payments Gateway"]);
    expect(pick({ rags: ["amber", "green"] })).toEqual(["Identity", "Customer Notifications"]);
    expect(pick({ sdm: "Dana Whitfield" })).toEqual(["Payments Gateway", "Identity"]);
    expect(pick({ sdm: "dana whitfield" })).toEqual([]);
    expect(pick({ owner: "priya raman" })).toEqual(["Payments Gateway", "Identity"]);
    expect(pick({ owner: "marco bianchi", tier: "gold" })).toEqual(["Payments Gateway"]);
    expect(pick({ owner: "nobody here" })).toEqual([]);
  });
  it("keeps records that have any of the things asked for", () => {
    expect(pick({ has: ["blocked"] })).toEqual(["Payments Gateway"]);
    expect(pick({ has: ["overdue"] })).toEqual(["Payments Gateway"]);
    expect(pick({ has: ["conflicts"] })).toEqual(["Customer Notifications"]);
    expect(pick({ has: ["needs"] })).toEqual(["Identity"]);
    expect(pick({ has: ["blocked", "needs"] })).toEqual(["Payments Gateway", "Identity"]);
    expect(pick({ has: ["conflicts"], rags: ["red"] })).toEqual([]);
  });
  it("matches nothing when From is after To", () => {
    expect(rangeReversed({ from: "2026-11-30", to: "2026-11-01" })).toBe(true);
    expect(pick({ from: "2026-11-30", to: "2026-11-01" })).toEqual([]);
  });
  it("leaves out a record without dates once a range is set", () => {
    const undated = { ...card, goLive: "" };
    expect(matchesFilters(undated, f({}))).toBe(true);
    expect(matchesFilters(undated, f({ from: "2026-01-01" }))).toBe(false);
  });
  it("lists distinct values for the selects", () => {
    expect(distinct(["Squad Otter", "Squad Falcon", "Squad Otter", ""])).toEqual(["Squad Falcon", "Squad Otter"]);
  });
  it("reads back filters from storage, dropping what is not one", () => {
    expect(coerceFilters(null)).toEqual(emptyFilters());
    expect(coerceFilters({ tier: "platinum", states: ["live", "gone", "live", 3], rags: ["red", "Red"], has: ["needs", "risks"], from: "tomorrow", to: "2026-11-01", goLiveOnly: "yes", owner: "priya raman" })).toEqual(
      f({ states: ["live"], rags: ["red"], has: ["needs"], to: "2026-11-01", owner: "priya raman" }),
    );
  });
});
