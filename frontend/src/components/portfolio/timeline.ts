// Date-axis maths for the portfolio timeline. Dates are ISO days (2026-12-01).

const DAY = 86_400_000;

export function toDay(iso: string): number {
  return Math.floor(Date.parse(iso + "T00:00:00Z") / DAY);
}

export function fromDay(day: number): string {
  return new Date(day * DAY).toISOString().slice(0, 10);
}

export interface Scale {
  from: number;
  to: number;
  width: number;
  x: (iso: string) => number;
}

/** A linear scale from the day range [from, to] onto [0, width]. */
export function scale(fromIso: string, toIso: string, width: number): Scale {
  const from = toDay(fromIso);
  const to = Math.max(from + 1, toDay(toIso));
  return { from, to, width, x: (iso: string) => ((toDay(iso) - from) / (to - from)) * width };
}

export interface Tick {
  iso: string;
  label: string;
  major: boolean;
}

/** Month starts (major, labelled) and Mondays (minor) inside the range. */
export function ticks(fromIso: string, toIso: string): Tick[] {
  const out: Tick[] = [];
  const from = toDay(fromIso);
  const to = toDay(toIso);
  for (let d = from; d <= to; d++) {
    const iso = fromDay(d);
    const date = new Date(d * DAY);
    if (date.getUTCDate() === 1) {
      out.push({ iso, label: date.toLocaleDateString("en-GB", { month: "short", year: "numeric", timeZone: "UTC" }), major: true });
    } else if (date.getUTCDay() === 1 && to - from <= 200) {
      out.push({ iso, label: String(date.getUTCDate()), major: false });
    }
  }
  return out;
}

/** Whether [start, end] (either may be empty) overlaps [from, to]. */
export function overlaps(start: string, end: string, from: string, to: string): boolean {
  const s = start || end;
  const e = end || start;
  if (!s) return false;
  return (!to || s <= to) && (!from || e >= from);
}

export function addDays(iso: string, n: number): string {
  return fromDay(toDay(iso) + n);
}
