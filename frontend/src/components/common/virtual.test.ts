import { describe, expect, it } from "vitest";
import { rowFor, rowsInView, widen } from "./virtual.svelte";

describe("rowsInView", () => {
  // 1,000 rows 50 px apart; the view is 500 px tall.
  const rows = (listTop: number, overscan = 0, least = 0) => rowsInView(1000, 50, listTop, 0, 500, overscan, least);

  it("renders the rows in view and the overscan either side", () => {
    expect(rows(0)).toEqual({ first: 0, last: 10 });
    expect(rows(-1000)).toEqual({ first: 20, last: 30 });
    expect(rows(-1025)).toEqual({ first: 20, last: 31 }); // half a row at each edge
    expect(rows(-1000, 5)).toEqual({ first: 15, last: 35 });
  });
  it("stops at the ends of the list", () => {
    expect(rows(0, 5)).toEqual({ first: 0, last: 15 });
    expect(rows(-49_700, 5)).toEqual({ first: 989, last: 1000 });
    expect(rowsInView(3, 50, 0, 0, 500, 5)).toEqual({ first: 0, last: 3 });
    expect(rowsInView(0, 50, 0, 0, 500, 5)).toEqual({ first: 0, last: 0 });
  });
  it("keeps the first rows ready while the list is below the view, the last when above", () => {
    expect(rows(2000)).toEqual({ first: 0, last: 0 });
    expect(rows(2000, 5, 30)).toEqual({ first: 0, last: 30 });
    expect(rows(-60_000, 5, 30)).toEqual({ first: 970, last: 1000 });
    expect(rowsInView(12, 50, 2000, 0, 500, 5, 30)).toEqual({ first: 0, last: 12 });
  });
  it("renders nothing for a pitch not yet known", () => {
    expect(rowsInView(10, 0, 0, 0, 500, 5)).toEqual({ first: 0, last: 0 });
  });
});

describe("widen", () => {
  it("takes in a row and the rows around it, within the list", () => {
    expect(widen({ first: 10, last: 20 }, 25, 3, 100)).toEqual({ first: 10, last: 29 });
    expect(widen({ first: 10, last: 20 }, 12, 3, 100)).toEqual({ first: 9, last: 20 });
    expect(widen({ first: 90, last: 98 }, 99, 3, 100)).toEqual({ first: 90, last: 100 });
    expect(widen({ first: 0, last: 5 }, 1, 3, 100)).toEqual({ first: 0, last: 5 });
  });
});

describe("rowFor", () => {
  it("moves by one, by a page, and to either end", () => {
    expect(rowFor("ArrowDown", 4, 100, 10)).toBe(5);
    expect(rowFor("ArrowUp", 4, 100, 10)).toBe(3);
    expect(rowFor("PageDown", 4, 100, 10)).toBe(14);
    expect(rowFor("PageUp", 4, 100, 10)).toBe(0);
    expect(rowFor("Home", 40, 100, 10)).toBe(0);
    expect(rowFor("End", 4, 100, 10)).toBe(99);
  });
  it("stays inside the list and ignores other keys", () => {
    expect(rowFor("ArrowDown", 99, 100, 10)).toBe(99);
    expect(rowFor("ArrowUp", 0, 100, 10)).toBe(0);
    expect(rowFor("Enter", 4, 100, 10)).toBe(-1);
    expect(rowFor("ArrowDown", 0, 0, 10)).toBe(-1);
  });
});
