import { describe, expect, it } from "vitest";
import { addDays, overlaps, scale, ticks } from "./timeline";

describe("timeline scale", () => {
  it("maps the range onto the width", () => {
    const s = scale("2026-11-01", "2026-11-11", 100);
    expect(s.x("2026-11-01")).toBe(0);
    expect(s.x("2026-11-06")).toBe(50);
    expect(s.x("2026-11-11")).toBe(100);
    expect(s.x("2026-10-31")).toBeLessThan(0);
  });
  it("labels month starts and marks Mondays", () => {
    const t = ticks("2026-11-25", "2026-12-10");
    expect(t.filter((x) => x.major).map((x) => x.iso)).toEqual(["2026-12-01"]);
    expect(t.find((x) => x.major)?.label).toContain("Dec");
    expect(t.filter((x) => !x.major).map((x) => x.iso)).toEqual(["2026-11-30", "2026-12-07"]);
  });
  it("adds days across month ends", () => {
    expect(addDays("2026-11-29", 7)).toBe("2026-12-06");
  });
});

describe("overlaps", () => {
  it("checks a window against a range, with open ends", () => {
    expect(overlaps("2026-11-10", "2026-11-20", "2026-11-15", "2026-11-30")).toBe(true);
    expect(overlaps("2026-11-10", "2026-11-20", "2026-11-21", "")).toBe(false);
    expect(overlaps("2026-11-10", "", "", "2026-11-09")).toBe(false);
    expect(overlaps("", "", "", "")).toBe(false);
  });
});
