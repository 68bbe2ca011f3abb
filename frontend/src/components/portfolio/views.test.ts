import { describe, expect, it } from "vitest";
import { emptyFilters } from "./filters";
import { DEFAULT_SORT } from "./sort";
import { MAX_VIEWS, hasView, readViews, viewNameProblem, withView, withoutView, type SavedView } from "./views";

const view = (name: string, over: Partial<SavedView> = {}): SavedView => ({ name, filters: emptyFilters(), sort: DEFAULT_SORT, ...over });

describe("saved views", () => {
  it("round-trip through JSON, by name", () => {
    let list = withView([], view("Red Gold", { filters: { ...emptyFilters(), tier: "gold", rags: ["red"] }, sort: { key: "goLive", desc: true } }));
    list = withView(list, view("Blocked", { filters: { ...emptyFilters(), has: ["blocked"] } }));
    const back = readViews(JSON.stringify(list));
    expect(back).toEqual(list);
    expect(back.map((v) => v.name)).toEqual(["Blocked", "Red Gold"]);
    expect(back[1].filters.rags).toEqual(["red"]);
    expect(back[1].sort).toEqual({ key: "goLive", desc: true });
  });
  it("replaces a view saved again under its name, in any case", () => {
    let list = withView([], view("Mine"));
    list = withView(list, view(" mine ", { sort: { key: "tier", desc: false } }));
    expect(list).toHaveLength(1);
    expect(list[0]).toMatchObject({ name: "mine", sort: { key: "tier" } });
    expect(hasView(list, "MINE")).toBe(true);
    expect(withoutView(list, "Mine")).toEqual([]);
  });
  it("copies the filters it keeps", () => {
    const filters = { ...emptyFilters(), states: ["live"] };
    const list = withView([], view("Live", { filters }));
    filters.states.push("closed");
    expect(list[0].filters.states).toEqual(["live"]);
  });
  it("reads what it can of a damaged list", () => {
    expect(readViews(null)).toEqual([]);
    expect(readViews("{not json")).toEqual([]);
    expect(readViews('{"name":"x"}')).toEqual([]);
    const back = readViews(JSON.stringify([{ name: "" }, 3, { name: "A", filters: { tier: "gold", has: ["risks"] }, sort: { key: "nope" } }, { name: "a" }]));
    expect(back).toEqual([view("A", { filters: { ...emptyFilters(), tier: "gold" } })]);
  });
  it("says what is wrong with a name", () => {
    expect(viewNameProblem("  ", [])).toBe("Name the view.");
    expect(viewNameProblem("x".repeat(61), [])).toMatch(/60 characters/);
    const full = Array.from({ length: MAX_VIEWS }, (_, i) => view(`v${i}`));
    expect(viewNameProblem("another", full)).toMatch(/at most 50/);
    expect(viewNameProblem("V3", full)).toBe(""); // replaces one
    expect(viewNameProblem("Mine", [])).toBe("");
  });
});
