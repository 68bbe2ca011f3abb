import { describe, expect, it } from "vitest";
import { distinct, emptyFilters, filtersActive, matchesFilters, rangeReversed, type FilterableRecord, type Filters } from "./filters";

const card: FilterableRecord = {
  tier: "gold",
  state: "preparing",
  squad: "Squad Falcon",
  service: "Payments Gateway",
  goLive: "2026-11-29",
  hypercareStart: "",
  hypercareEnd: "",
};
const passwordless: FilterableRecord = {
  tier: "gold",
  state: "live",
  squad: "Squad Heron",
  service: "Identity",
  goLive: "2026-11-16",
  hypercareStart: "2026-11-16",
  hypercareEnd: "2026-11-30",
};
const digest: FilterableRecord = {
  tier: "silver",
  state: "closed",
  squad: "Squad Otter",
  service: "Customer Notifications",
  goLive: "2026-10-23",
  hypercareStart: "2026-10-23",
  hypercareEnd: "2026-10-30",
};
const all = [card, passwordless, digest];
const f = (over: Partial<Filters>): Filters => ({ ...emptyFilters(), ...over });
const pick = (over: Partial<Filters>) => all.filter((r) => matchesFilters(r, f(over))).map((r) => r.service);

describe("portfolio filters", () => {
  it("lets everything through when empty", () => {
    expect(pick({})).toHaveLength(3);
    expect(filtersActive(emptyFilters())).toBe(false);
    expect(filtersActive(f({ states: ["live"] }))).toBe(true);
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
});
