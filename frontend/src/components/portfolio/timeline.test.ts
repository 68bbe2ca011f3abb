import { describe, expect, it } from "vitest";
import {
  addDays,
  dateRange,
  daysFrom,
  describeDates,
  hypercareKind,
  layoutRow,
  overlaps,
  scale,
  shortDate,
  ticks,
  timelineWindow,
  zoomStep,
  type TimelineRecord,
} from "./timeline";

const rec = (over: Partial<TimelineRecord> = {}): TimelineRecord => ({
  title: "Passwordless sign-in",
  goLive: "",
  hypercare: "",
  hypercareState: "",
  hypercareStart: "",
  hypercareEnd: "",
  exitedOn: "",
  handoverAccepted: "",
  ...over,
});

describe("day arithmetic", () => {
  it("adds days across month and year ends", () => {
    expect(addDays("2026-11-29", 7)).toBe("2026-12-06");
    expect(addDays("2026-12-31", 1)).toBe("2027-01-01");
    expect(addDays("2024-03-01", -1)).toBe("2024-02-29");
  });
  it("counts days between dates", () => {
    expect(daysFrom("2026-11-22", "2026-11-29")).toBe(7);
    expect(daysFrom("2026-11-22", "2026-10-23")).toBe(-30);
  });
});

describe("scale", () => {
  it("maps each day of the range, both ends included, onto the width", () => {
    const s = scale("2026-11-01", "2026-11-10", 100); // 10 days, 10 px each
    expect(s.perDay).toBe(10);
    expect(s.x("2026-11-01")).toBe(0);
    expect(s.x("2026-11-06")).toBe(50);
    expect(s.x("2026-11-10") + s.perDay).toBe(100);
    expect(s.x("2026-10-31")).toBe(-10);
  });
  it("never divides by zero", () => {
    const s = scale("2026-11-05", "2026-11-01", 100);
    expect(Number.isFinite(s.perDay)).toBe(true);
  });
});

describe("ticks", () => {
  it("labels month starts and Mondays when there is room", () => {
    const t = ticks("2026-11-25", "2026-12-10", 800);
    expect(t.filter((x) => x.kind === "month").map((x) => [x.iso, x.label])).toEqual([["2026-12-01", "Dec 2026"]]);
    expect(t.filter((x) => x.kind === "week").map((x) => [x.iso, x.label])).toEqual([
      ["2026-11-30", "30"],
      ["2026-12-07", "7"],
    ]);
  });
  it("drops week labels, then weeks, as the days get narrow", () => {
    // 90 days on 300 px: 23 px a week, lines but no labels.
    const mid = ticks("2026-10-23", "2027-01-20", 300);
    expect(mid.some((x) => x.kind === "week")).toBe(true);
    expect(mid.filter((x) => x.kind === "week").every((x) => x.label === "")).toBe(true);
    // A year on 300 px: no weeks at all, short month names, the year on January.
    const year = ticks("2026-06-01", "2027-05-31", 300);
    expect(year.every((x) => x.kind === "month")).toBe(true);
    expect(year.map((x) => x.label)).toContain("Jan 2027");
    expect(year.map((x) => x.label)).toContain("Jul");
  });
  it("never puts a week tick on a month start", () => {
    const t = ticks("2027-02-25", "2027-03-05", 800); // 1 Mar 2027 is a Monday
    expect(t.filter((x) => x.iso === "2027-03-01").map((x) => x.kind)).toEqual(["month"]);
  });
});

describe("overlaps", () => {
  it("checks a window against a range, with open ends", () => {
    expect(overlaps("2026-11-10", "2026-11-20", "2026-11-15", "2026-11-30")).toBe(true);
    expect(overlaps("2026-11-10", "2026-11-20", "2026-11-20", "")).toBe(true);
    expect(overlaps("2026-11-10", "2026-11-20", "2026-11-21", "")).toBe(false);
    expect(overlaps("2026-11-10", "", "", "2026-11-09")).toBe(false);
    expect(overlaps("2026-11-10", "", "", "")).toBe(true);
    expect(overlaps("", "", "", "")).toBe(false);
  });
});

describe("timeline window", () => {
  const today = "2026-11-22";
  it("defaults to 30 days before today to 60 after", () => {
    expect(timelineWindow(today, "", "", "", 90)).toEqual({ from: "2026-10-23", to: "2027-01-21", fixed: false });
  });
  it("follows a panned start", () => {
    expect(timelineWindow(today, "", "", "2026-12-01", 30)).toEqual({ from: "2026-12-01", to: "2026-12-31", fixed: false });
  });
  it("follows the date filter", () => {
    expect(timelineWindow(today, "2026-10-01", "2026-10-31", "", 90)).toEqual({ from: "2026-10-01", to: "2026-10-31", fixed: true });
    expect(timelineWindow(today, "2026-10-01", "", "", 30)).toEqual({ from: "2026-10-01", to: "2026-10-31", fixed: true });
    expect(timelineWindow(today, "", "2026-10-31", "", 30)).toEqual({ from: "2026-10-01", to: "2026-10-31", fixed: true });
    expect(timelineWindow(today, "2026-10-31", "2026-10-01", "", 30).from).toBe("2026-10-01");
  });
  it("zooms through the steps and stops at the ends", () => {
    expect(zoomStep(90, -1)).toBe(60);
    expect(zoomStep(90, 1)).toBe(180);
    expect(zoomStep(30, -1)).toBe(30);
    expect(zoomStep(365, 1)).toBe(365);
  });
});

describe("hypercare kind", () => {
  it("is the phase the Go side gives the row (readiness.HypercarePhase), not worked out here", () => {
    expect(hypercareKind(rec())).toBe("");
    for (const phase of ["exited", "overdue", "open", "planned"]) {
      expect(hypercareKind(rec({ hypercare: phase, hypercareStart: "2026-10-23", hypercareEnd: "2026-10-30", hypercareState: "active" }))).toBe(phase);
    }
  });
});

describe("row layout", () => {
  const today = "2026-11-22";
  const sc = scale("2026-11-01", "2026-11-30", 300); // 10 px a day
  it("places markers at the middle of their day and clips the bar", () => {
    const l = layoutRow(
      rec({ goLive: "2026-11-16", hypercare: "open", hypercareState: "active", hypercareStart: "2026-11-16", hypercareEnd: "2026-12-14" }),
      sc,
      today,
    );
    expect(l.goLive).toBe(155);
    expect(l.bar).toEqual({ x1: 150, x2: 300, kind: "open", clipStart: false, clipEnd: true });
    expect(l.handover).toBeNull();
    expect(l.outside).toBe("");
  });
  it("ends an exited bar on the exit day", () => {
    const l = layoutRow(
      rec({ hypercare: "exited", hypercareState: "exited", hypercareStart: "2026-11-02", hypercareEnd: "2026-11-20", exitedOn: "2026-11-10", handoverAccepted: "2026-11-11" }),
      sc,
      today,
    );
    expect(l.bar).toMatchObject({ x1: 10, x2: 100, kind: "exited" });
    expect(l.handover).toBe(105);
  });
  it("names the nearest event when nothing falls inside", () => {
    const after = layoutRow(rec({ goLive: "2026-12-16" }), sc, today);
    expect(after).toMatchObject({ goLive: null, bar: null, outside: "after", nearest: { what: "go-live", iso: "2026-12-16" } });
    const before = layoutRow(
      rec({ goLive: "2026-10-01", hypercare: "exited", hypercareState: "exited", hypercareStart: "2026-10-01", hypercareEnd: "2026-10-08", handoverAccepted: "2026-10-09" }),
      sc,
      today,
    );
    expect(before).toMatchObject({ outside: "before", nearest: { what: "handover", iso: "2026-10-09" } });
  });
});

describe("words for dates", () => {
  it("formats short dates and ranges", () => {
    expect(shortDate("2026-11-16")).toBe("16 Nov");
    expect(shortDate("2026-11-16", true)).toBe("16 Nov 2026");
    expect(dateRange("2026-11-16", "2026-11-30")).toBe("16 Nov – 30 Nov 2026");
    expect(dateRange("2026-12-20", "2027-01-03")).toBe("20 Dec 2026 – 3 Jan 2027");
    expect(dateRange("2026-12-20", "")).toBe("20 Dec 2026");
  });
  it("describes a record's dates relative to today", () => {
    const d = describeDates(
      rec({ goLive: "2026-11-16", hypercare: "open", hypercareState: "active", hypercareStart: "2026-11-16", hypercareEnd: "2026-11-30" }),
      "2026-11-22",
    );
    expect(d).toEqual([
      { what: "Go-live", text: "16 Nov 2026 (6 days ago)" },
      { what: "Hypercare", text: "16 Nov – 30 Nov 2026, in hypercare, ends in 8 days" },
      { what: "Handover", text: "not accepted yet" },
    ]);
  });
});
