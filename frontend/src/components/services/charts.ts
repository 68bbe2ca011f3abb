// The small charts of the service pages, the portfolio's strip and a
// record's readiness over time, worked out as plain numbers and words: the
// components draw SVG from them, and each chart's aria-label (the same
// numbers in words) comes from here too.
import type { DayReadiness, MonthCount } from "../../api";
import { formatDate } from "../common/status";

const MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];

/** "2026-03" → "Mar 2026" (short: "Mar"). */
export function monthName(month: string, short = false): string {
  const [y, m] = month.split("-");
  const name = MONTHS[Number(m) - 1] ?? month;
  return short ? name : `${name} ${y}`;
}

/** "2026-03-01" → "1 Mar" (an axis label: the year is in the chart's name). */
export function dayMonth(iso: string): string {
  const [, m, d] = iso.split("-");
  const name = MONTHS[Number(m) - 1];
  return name && d ? `${Number(d)} ${name}` : iso;
}

/** Tenths as a decimal: 12 → "1.2". */
export function tenths(n: number): string {
  return `${Math.floor(n / 10)}.${n % 10}`;
}

/** Minutes in words, as the command line and the pack say them: 45 min, 3 h 20 min, 2 d 4 h. */
export function duration(m: number): string {
  if (m < 60) return `${m} min`;
  if (m < 24 * 60) return m % 60 === 0 ? `${m / 60} h` : `${Math.floor(m / 60)} h ${m % 60} min`;
  const d = Math.floor(m / (24 * 60));
  const h = Math.floor((m % (24 * 60)) / 60);
  return h === 0 ? `${d} d` : `${d} d ${h} h`;
}

export function plural(n: number, one: string, many = one + "s"): string {
  return `${n} ${n === 1 ? one : many}`;
}

export type Band = "elite" | "high" | "medium" | "low" | "";
export const BAND_WORDS: Record<Band, string> = { elite: "Elite", high: "High", medium: "Medium", low: "Low", "": "No figure" };

/** What a DORA band stands for, per figure (the 2023 report's thresholds, as readiness/history.go places them). */
export type BandKind = "frequency" | "lead" | "failure" | "restore";
type Scale = { bands: [Band, string][]; limits: number[] };
/**
 * Each scale lists the bands best first with their range in words, and the
 * limits between them (in the figure's unit: releases a month in tenths,
 * days, percent, minutes), then a far end for the last band.
 */
export const SCALES: Record<BandKind, Scale> = {
  frequency: {
    // Best is most: the limits fall, from on demand down to rarely.
    bands: [["elite", "≈ twice a day or more"], ["high", "weekly or more"], ["medium", "monthly or more"], ["low", "less than monthly"]],
    limits: [1200, 600, 40, 10, 0],
  },
  lead: { bands: [["elite", "under a day"], ["high", "a day to a week"], ["medium", "a week to a month"], ["low", "over a month"]], limits: [0, 1, 7, 31, 90] },
  failure: { bands: [["elite", "0–5 %"], ["high", "6–10 %"], ["medium", "11–15 %"], ["low", "over 15 %"]], limits: [0, 5, 10, 15, 40] },
  restore: {
    bands: [["elite", "under an hour"], ["high", "under a day"], ["medium", "under a week"], ["low", "a week or more"]],
    limits: [0, 60, 24 * 60, 7 * 24 * 60, 30 * 24 * 60],
  },
};

/**
 * Where a value sits on a band scale drawn as four equal segments, best on
 * the left: 0 at the left edge, 1 at the right; within a segment in
 * proportion to its range, past the far end at the right edge.
 */
export function bandPosition(kind: BandKind, value: number): number {
  const l = SCALES[kind].limits;
  const rising = l[l.length - 1] > l[0];
  for (let i = 0; i < l.length - 1; i++) {
    const [a, b] = [l[i], l[i + 1]];
    const inside = rising ? value <= b : value >= b;
    if (inside) {
      const t = a === b ? 0 : (value - a) / (b - a);
      return (i + Math.min(1, Math.max(0, t))) / (l.length - 1);
    }
  }
  return 1;
}

export type Bar = { x: number; y: number; w: number; h: number; count: number; label: string };

/** Bars of go-lives per month in a box of width × height (a 1-unit gap between bars; the tallest fills it). */
export function monthBars(months: MonthCount[], width: number, height: number): Bar[] {
  const most = Math.max(1, ...months.map((m) => m.count));
  const slot = months.length ? width / months.length : 0;
  return months.map((m, i) => {
    const h = m.count === 0 ? 0 : Math.max(1, (m.count / most) * height);
    return { x: i * slot + 1, y: height - h, w: Math.max(1, slot - 2), h, count: m.count, label: monthName(m.month) };
  });
}

/** The bars in words: "Go-lives per month, Jan 2026 to Dec 2026: 1, 0, 2 …; 9 in all." */
export function monthBarsLabel(months: MonthCount[]): string {
  if (months.length === 0) return "No months to show";
  const total = months.reduce((n, m) => n + m.count, 0);
  const each = months.map((m) => `${monthName(m.month, true)} ${m.count}`).join(", ");
  return `Go-lives per month, ${monthName(months[0].month)} to ${monthName(months[months.length - 1].month)}: ${each}; ${total} in all`;
}

/** Days from a to b (dates as 2026-03-01). */
export function daysBetween(a: string, b: string): number {
  return Math.round((Date.parse(b + "T00:00:00Z") - Date.parse(a + "T00:00:00Z")) / 86_400_000);
}

export type Curve = {
  /** The step line's points ("x,y x,y …"): each day's readiness holds until the next change. */
  points: string;
  /** Each day with a change, placed. */
  dots: { x: number; y: number; day: DayReadiness }[];
  /** Each ceremony, placed on the time axis. */
  marks: { x: number; kind: string; date: string; label: string }[];
  days: number;
};

export const CEREMONY_WORDS: Record<string, string> = {
  "readiness-review": "Readiness review",
  "go-no-go": "Go/no-go",
  "hypercare-checkin": "Hypercare check-in",
  "hypercare-exit": "Hypercare exit",
  handover: "Handover",
};

/**
 * A record's readiness over time in a box of width × height: time runs
 * left to right from the first day to the last (at least a day), readiness
 * 0–100 % bottom to top.
 */
export function readinessCurve(days: DayReadiness[], ceremonies: { kind: string; date: string }[], width: number, height: number): Curve {
  if (days.length === 0) return { points: "", dots: [], marks: [], days: 0 };
  const first = days[0].day;
  const span = Math.max(1, daysBetween(first, days[days.length - 1].day));
  const x = (d: string) => Math.round((daysBetween(first, d) / span) * width * 10) / 10;
  const y = (p: number) => Math.round((height - (p / 100) * height) * 10) / 10;
  const pts: string[] = [];
  const dots = days.map((d, i) => {
    const px = x(d.day);
    if (i > 0) pts.push(`${px},${y(days[i - 1].percent)}`); // the level held until this day
    pts.push(`${px},${y(d.percent)}`);
    return { x: px, y: y(d.percent), day: d };
  });
  if (days.length === 1) pts.push(`${width},${y(days[0].percent)}`);
  const marks = ceremonies
    .filter((c) => daysBetween(first, c.date) >= 0)
    .map((c) => ({ x: x(c.date), kind: c.kind, date: c.date, label: CEREMONY_WORDS[c.kind] ?? c.kind }));
  return { points: pts.join(" "), dots, marks, days: span };
}

/** The curve in words: where it started, rose to, ended, and the ceremonies on the way. */
export function readinessCurveLabel(days: DayReadiness[], ceremonies: { kind: string; date: string }[], wentLive: string): string {
  if (days.length === 0) return "No readiness history";
  const a = days[0];
  const z = days[days.length - 1];
  const top = days.reduce((m, d) => (d.percent > m.percent ? d : m), a);
  let s = `Readiness ${a.percent}% on ${formatDate(a.day)}`;
  if (top !== z && top.percent > z.percent) s += `, up to ${top.percent}% on ${formatDate(top.day)}`;
  s += `, ${z.percent}% on ${formatDate(z.day)}${wentLive ? " (went live)" : " (last change)"}; ${plural(days.length, "day")} with changes`;
  if (ceremonies.length) s += `; ceremonies: ${ceremonies.map((c) => `${CEREMONY_WORDS[c.kind] ?? c.kind} ${formatDate(c.date)}`).join(", ")}`;
  return s;
}
