// Date-axis maths for the portfolio timeline. Dates are ISO days
// (2026-12-01) and are treated as UTC days, so no time zone can shift them.

const DAY = 86_400_000;

/** Days since 1970-01-01 for an ISO day; NaN if it is not one. */
export function toDay(iso: string): number {
  return Math.floor(Date.parse(iso + "T00:00:00Z") / DAY);
}

export function fromDay(day: number): string {
  return new Date(day * DAY).toISOString().slice(0, 10);
}

export function addDays(iso: string, n: number): string {
  return fromDay(toDay(iso) + n);
}

/** Whole days from a to b (negative when b is earlier). */
export function daysFrom(a: string, b: string): number {
  return toDay(b) - toDay(a);
}

export interface Scale {
  from: string;
  to: string;
  width: number;
  /** Pixels per day. */
  perDay: number;
  /** The x of the start of a day (may fall outside [0, width]). */
  x: (iso: string) => number;
}

/** A linear scale from the days [from, to] (to included) onto [0, width]. */
export function scale(fromIso: string, toIso: string, width: number): Scale {
  const from = toDay(fromIso);
  const days = Math.max(1, toDay(toIso) - from + 1);
  const perDay = width / days;
  return { from: fromIso, to: toIso, width, perDay, x: (iso: string) => (toDay(iso) - from) * perDay };
}

export interface Tick {
  iso: string;
  kind: "month" | "week";
  /** "Dec 2026" for months, the day of the month for weeks; "" when there is no room. */
  label: string;
}

const MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];

/**
 * Month starts and Mondays inside [from, to], thinned for the width: weeks
 * are dropped when they would sit closer than 12 px, and their labels when
 * closer than 26 px; month labels lose the year (except January) below 60 px.
 */
export function ticks(fromIso: string, toIso: string, width: number): Tick[] {
  const sc = scale(fromIso, toIso, width);
  const weekPx = sc.perDay * 7;
  const monthPx = sc.perDay * 30;
  const out: Tick[] = [];
  const from = toDay(fromIso);
  const to = toDay(toIso);
  for (let d = from; d <= to; d++) {
    const date = new Date(d * DAY);
    const iso = fromDay(d);
    if (date.getUTCDate() === 1) {
      const m = date.getUTCMonth();
      const label = monthPx >= 60 || m === 0 ? `${MONTHS[m]} ${date.getUTCFullYear()}` : MONTHS[m];
      out.push({ iso, kind: "month", label });
    } else if (date.getUTCDay() === 1 && weekPx >= 12) {
      out.push({ iso, kind: "week", label: weekPx >= 26 ? String(date.getUTCDate()) : "" });
    }
  }
  return out;
}

/** Whether the window [start, end] (either may be empty: a single day) overlaps [from, to] (either may be open). */
export function overlaps(start: string, end: string, from: string, to: string): boolean {
  const s = start || end;
  const e = end || start;
  if (!s) return false;
  return (!to || s <= to) && (!from || e >= from);
}

/** The zoom steps of the timeline, in days shown. */
export const SPANS = [30, 60, 90, 180, 365];
export const DEFAULT_SPAN = 90;

/** The next zoom step in (dir -1) or out (dir 1) from span. */
export function zoomStep(span: number, dir: -1 | 1): number {
  if (dir < 0) return [...SPANS].reverse().find((s) => s < span) ?? SPANS[0];
  return SPANS.find((s) => s > span) ?? SPANS[SPANS.length - 1];
}

export interface Window {
  from: string;
  to: string;
  /** The date filter fixes the window: panning does nothing. */
  fixed: boolean;
}

/**
 * The dates the timeline shows. The date filter wins: both ends set show
 * exactly that range; one end set shows span days from (or up to) it.
 * Otherwise the view: span days from start, or by default with today a
 * third of the way in (30 days before today to 60 after, at 90 days).
 */
export function timelineWindow(today: string, filterFrom: string, filterTo: string, start: string, span: number): Window {
  if (filterFrom && filterTo) {
    const [a, b] = filterFrom <= filterTo ? [filterFrom, filterTo] : [filterTo, filterFrom];
    return { from: a, to: b, fixed: true };
  }
  if (filterFrom) return { from: filterFrom, to: addDays(filterFrom, span), fixed: true };
  if (filterTo) return { from: addDays(filterTo, -span), to: filterTo, fixed: true };
  const from = start || addDays(today, -Math.round(span / 3));
  return { from, to: addDays(from, span), fixed: false };
}

/** The part of the timeline a row needs: its dates and hypercare state. */
export interface TimelineRecord {
  title: string;
  goLive: string;
  /** The window's phase today, as the Go side words it (readiness.HypercarePhase). */
  hypercare: string;
  hypercareState: string;
  hypercareStart: string;
  hypercareEnd: string;
  exitedOn: string;
  handoverAccepted: string;
}

export type HypercareKind = "" | "planned" | "open" | "overdue" | "exited";

/**
 * How a record's hypercare window is drawn: exited (green), past its end
 * and not exited (red, "overdue"), not started yet (outlined, "planned"),
 * or open, active or extended (blue). "" when it has no window.
 */
export function hypercareKind(r: TimelineRecord, _today?: string): HypercareKind {
  return r.hypercare as HypercareKind;
}

/** Words for a hypercare kind, as the legend, table and tooltip say them. */
export const HYPERCARE_WORDS: Record<Exclude<HypercareKind, "">, string> = {
  planned: "planned",
  open: "in hypercare",
  overdue: "past its end",
  exited: "exited",
};

export interface RowLayout {
  /** x of the go-live day's centre, if inside the window. */
  goLive: number | null;
  /** The hypercare bar clipped to the window, if it overlaps it. */
  bar: { x1: number; x2: number; kind: Exclude<HypercareKind, "">; clipStart: boolean; clipEnd: boolean } | null;
  /** x of the handover day's centre, if inside the window. */
  handover: number | null;
  /** Nothing is inside the window: where the nearest event is. */
  outside: "" | "before" | "after";
  /** The event nearest the window when outside, e.g. "go-live 2026-10-23". */
  nearest: { what: string; iso: string } | null;
}

function inside(iso: string, sc: Scale): boolean {
  return !!iso && iso >= sc.from && iso <= sc.to;
}

/** Where a record's go-live, hypercare window and handover fall on the scale. */
export function layoutRow(r: TimelineRecord, sc: Scale, today: string): RowLayout {
  const mid = (iso: string) => sc.x(iso) + sc.perDay / 2;
  const kind = hypercareKind(r, today);
  let bar: RowLayout["bar"] = null;
  // The bar ends when hypercare exited, if earlier than planned.
  const end = r.hypercareState === "exited" && r.exitedOn && r.exitedOn < r.hypercareEnd ? r.exitedOn : r.hypercareEnd || r.hypercareStart;
  if (kind && overlaps(r.hypercareStart, end, sc.from, sc.to)) {
    const x1 = sc.x(r.hypercareStart);
    const x2 = sc.x(end) + sc.perDay;
    bar = {
      x1: Math.max(0, x1),
      x2: Math.min(sc.width, x2),
      kind,
      clipStart: x1 < 0,
      clipEnd: x2 > sc.width,
    };
  }
  const goLive = inside(r.goLive, sc) ? mid(r.goLive) : null;
  const handover = inside(r.handoverAccepted, sc) ? mid(r.handoverAccepted) : null;
  let outside: RowLayout["outside"] = "";
  let nearest: RowLayout["nearest"] = null;
  if (goLive === null && handover === null && bar === null) {
    const events = [
      { what: "go-live", iso: r.goLive },
      { what: "hypercare from", iso: r.hypercareStart },
      { what: "hypercare until", iso: end },
      { what: "handover", iso: r.handoverAccepted },
    ].filter((e) => e.iso);
    const before = events.filter((e) => e.iso < sc.from).sort((a, b) => (a.iso < b.iso ? 1 : -1));
    const after = events.filter((e) => e.iso > sc.to).sort((a, b) => (a.iso < b.iso ? -1 : 1));
    if (after.length && (!before.length || daysFrom(sc.to, after[0].iso) <= daysFrom(before[0].iso, sc.from))) {
      outside = "after";
      nearest = after[0];
    } else if (before.length) {
      outside = "before";
      nearest = before[0];
    }
  }
  return { goLive, bar, handover, outside, nearest };
}

const SHORT_MONTHS = MONTHS;

/** "16 Nov", or "16 Nov 2026" with the year. */
export function shortDate(iso: string, withYear = false): string {
  const d = toDay(iso);
  if (Number.isNaN(d)) return iso;
  const date = new Date(d * DAY);
  const s = `${date.getUTCDate()} ${SHORT_MONTHS[date.getUTCMonth()]}`;
  return withYear ? `${s} ${date.getUTCFullYear()}` : s;
}

/** "16 Nov – 30 Nov 2026", or "20 Dec 2026 – 3 Jan 2027" across years. */
export function dateRange(from: string, to: string): string {
  if (!from) return "";
  if (!to || to === from) return shortDate(from, true);
  if (from.slice(0, 4) === to.slice(0, 4)) return `${shortDate(from)} – ${shortDate(to, true)}`;
  return `${shortDate(from, true)} – ${shortDate(to, true)}`;
}

/** One line per date of a record, for the tooltip and screen readers. */
export function describeDates(r: TimelineRecord, today: string): { what: string; text: string }[] {
  const out: { what: string; text: string }[] = [];
  const rel = (iso: string) => {
    const n = daysFrom(today, iso);
    return n === 0 ? "today" : n === 1 ? "tomorrow" : n === -1 ? "yesterday" : n > 0 ? `in ${n} days` : `${-n} days ago`;
  };
  out.push({ what: "Go-live", text: r.goLive ? `${shortDate(r.goLive, true)} (${rel(r.goLive)})` : "not set" });
  const kind = hypercareKind(r, today);
  if (kind) {
    let text = `${dateRange(r.hypercareStart, r.hypercareEnd)}, ${HYPERCARE_WORDS[kind]}`;
    if (kind === "exited" && r.exitedOn) text += ` on ${shortDate(r.exitedOn, true)}`;
    else if (kind === "open" && r.hypercareEnd) text += `, ends ${rel(r.hypercareEnd)}`;
    else if (kind === "overdue") text += ` (ended ${rel(r.hypercareEnd)}), not exited`;
    else if (kind === "planned") text += `, starts ${rel(r.hypercareStart)}`;
    out.push({ what: "Hypercare", text });
  } else {
    out.push({ what: "Hypercare", text: "no window yet" });
  }
  out.push({ what: "Handover", text: r.handoverAccepted ? `accepted ${shortDate(r.handoverAccepted, true)}` : "not accepted yet" });
  return out;
}
