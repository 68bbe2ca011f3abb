import { describe, expect, it } from "vitest";
import { daysBetween, formatBytes, formatDate, formatDateTime, needsReason, relativeDays, statusLabel, timeAgo } from "./status";

describe("status words", () => {
  it("labels every status and only n/a and blocked need a reason", () => {
    expect(statusLabel("na")).toBe("N/A");
    expect(statusLabel("in-progress")).toBe("In progress");
    expect(needsReason("na")).toBe(true);
    expect(needsReason("blocked")).toBe(true);
    expect(needsReason("done")).toBe(false);
  });
});

describe("dates", () => {
  it("counts days across month ends", () => {
    expect(daysBetween("2026-11-29", "2026-12-06")).toBe(7);
    expect(daysBetween("2026-12-06", "2026-11-29")).toBe(-7);
  });
  it("says relative days in words", () => {
    expect(relativeDays("2026-11-22", "2026-11-22")).toBe("today");
    expect(relativeDays("2026-11-22", "2026-11-23")).toBe("tomorrow");
    expect(relativeDays("2026-11-22", "2026-11-20")).toBe("2 days ago");
    expect(relativeDays("2026-11-22", "")).toBe("");
  });
  it("formats an ISO date for people and leaves junk alone", () => {
    expect(formatDate("2026-12-01")).toContain("Dec 2026");
    expect(formatDate("2026-12-01")).toBe("Tue 1 Dec 2026");
    expect(formatDate("2027-01-02")).toBe("Sat 2 Jan 2027");
    expect(formatDate("2028-02-29")).toBe("Tue 29 Feb 2028");
    expect(formatDate("2026-02-30")).toBe("2026-02-30");
    expect(formatDate("soon")).toBe("soon");
  });
  it("describes how long ago a change was made", () => {
    const now = Date.parse("2026-11-22T12:00:00Z");
    expect(timeAgo("2026-11-22T11:59:50Z", now)).toBe("just now");
    expect(timeAgo("2026-11-22T11:30:00Z", now)).toBe("30 min ago");
    expect(timeAgo("2026-11-22T09:00:00Z", now)).toBe("3 h ago");
  });
});

describe("formatDateTime and formatBytes", () => {
  it("says a time and a size in words", () => {
    expect(formatDateTime("2026-12-01T09:00:00Z")).toMatch(/1 Dec 2026/);
    expect(formatDateTime("soon")).toBe("soon");
    expect(formatBytes(900)).toBe("900 bytes");
    expect(formatBytes(16 * 1024 * 1024)).toBe("16.0 MB");
    expect(formatBytes(2048)).toBe("2 KB");
  });
});
