import { describe, expect, it } from "vitest";
import type { DayReadiness } from "../../api";
import { bandPosition, dayMonth, duration, monthBars, monthBarsLabel, monthName, readinessCurve, readinessCurveLabel, tenths } from "./charts";

describe("words for figures", () => {
  it("says durations as the command line does", () => {
    expect(duration(45)).toBe("45 min");
    expect(duration(120)).toBe("2 h");
    expect(duration(200)).toBe("3 h 20 min");
    expect(duration(3000)).toBe("2 d 2 h");
    expect(duration(2 * 24 * 60)).toBe("2 d");
  });
  it("says tenths and months", () => {
    expect(tenths(12)).toBe("1.2");
    expect(tenths(5)).toBe("0.5");
    expect(monthName("2026-03")).toBe("Mar 2026");
    expect(monthName("2026-12", true)).toBe("Dec");
  });
});

describe("band scales", () => {
  it("places a figure in its DORA band, best on the left", () => {
    // Four equal segments: elite [0, .25), high, medium, low [.75, 1].
    expect(bandPosition("failure", 0)).toBe(0);
    expect(bandPosition("failure", 3)).toBeCloseTo(0.15);
    expect(bandPosition("failure", 12)).toBeGreaterThan(0.5);
    expect(bandPosition("failure", 12)).toBeLessThan(0.75);
    expect(bandPosition("failure", 25)).toBeGreaterThan(0.75);
    expect(bandPosition("failure", 90)).toBe(1);
    expect(bandPosition("restore", 30)).toBeLessThan(0.25); // half an hour: elite
    expect(bandPosition("restore", 200)).toBeGreaterThan(0.25); // over an hour: high
    expect(bandPosition("restore", 200)).toBeLessThan(0.5);
    expect(bandPosition("lead", 23)).toBeGreaterThan(0.5); // a week to a month: medium
    expect(bandPosition("lead", 23)).toBeLessThan(0.75);
  });
  it("reads release frequency the other way round: more is better", () => {
    expect(bandPosition("frequency", 2000)).toBe(0); // 200 a month
    expect(bandPosition("frequency", 50)).toBeGreaterThan(0.25); // 5 a month: high
    expect(bandPosition("frequency", 50)).toBeLessThan(0.5);
    expect(bandPosition("frequency", 12)).toBeGreaterThan(0.5); // 1.2 a month: medium
    expect(bandPosition("frequency", 12)).toBeLessThan(0.75);
    expect(bandPosition("frequency", 3)).toBeGreaterThan(0.75); // rarer than monthly: low
  });
});

describe("go-lives per month", () => {
  const months = [
    { month: "2026-01", count: 2 },
    { month: "2026-02", count: 0 },
    { month: "2026-03", count: 4 },
  ];
  it("scales the tallest month to the box and leaves empty months flat", () => {
    const bars = monthBars(months, 120, 40);
    expect(bars.map((b) => b.h)).toEqual([20, 0, 40]);
    expect(bars.map((b) => b.y)).toEqual([20, 40, 0]);
    expect(bars.map((b) => b.x)).toEqual([1, 41, 81]);
    expect(bars[2].w).toBe(38);
  });
  it("says every month's count", () => {
    expect(monthBarsLabel(months)).toBe("Go-lives per month, Jan 2026 to Mar 2026: Jan 2, Feb 0, Mar 4; 6 in all");
  });
});

describe("readiness over time", () => {
  const day = (d: string, percent: number): DayReadiness => ({ day: d, percent, done: 0, of: 0 });
  const days = [day("2026-03-01", 0), day("2026-03-03", 40), day("2026-03-11", 90), day("2026-03-21", 80)];
  it("draws a step line over the days, each level held until the next change", () => {
    const c = readinessCurve(days, [{ kind: "go-no-go", date: "2026-03-11" }], 200, 100);
    expect(c.days).toBe(20);
    expect(c.points).toBe("0,100 20,100 20,60 100,60 100,10 200,10 200,20");
    expect(c.dots.map((d) => [d.x, d.y])).toEqual([[0, 100], [20, 60], [100, 10], [200, 20]]);
    expect(c.marks).toEqual([{ x: 100, kind: "go-no-go", date: "2026-03-11", label: "Go/no-go" }]);
  });
  it("holds a single day across the box", () => {
    expect(readinessCurve([day("2026-03-01", 10)], [], 200, 100).points).toBe("0,90 200,90");
  });
  it("says the numbers and the ceremonies", () => {
    expect(readinessCurveLabel(days, [{ kind: "go-no-go", date: "2026-03-11" }], "2026-03-21")).toBe(
      "Readiness 0% on Sun 1 Mar 2026, up to 90% on Wed 11 Mar 2026, 80% on Sat 21 Mar 2026 (went live); 4 days with changes; ceremonies: Go/no-go Wed 11 Mar 2026",
    );
    expect(readinessCurveLabel([], [], "")).toBe("No readiness history");
  });
  it("names axis days without the year", () => {
    expect(dayMonth("2026-03-01")).toBe("1 Mar");
    expect(dayMonth("2026-12-31")).toBe("31 Dec");
    expect(dayMonth("soon")).toBe("soon");
  });
});
