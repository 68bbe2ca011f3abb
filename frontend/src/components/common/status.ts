import type { Status } from "../../api";

// The status key as the UI shows it. The Go side owns the rules; this is
// only words and order.
export const STATUSES: { value: Status; label: string; short: string }[] = [
  { value: "not-started", label: "Not started", short: "Not started" },
  { value: "in-progress", label: "In progress", short: "In progress" },
  { value: "done", label: "Done", short: "Done" },
  { value: "na", label: "N/A", short: "N/A" },
  { value: "blocked", label: "Blocked", short: "Blocked" },
];

export function statusLabel(s: string): string {
  return STATUSES.find((x) => x.value === s)?.label ?? s;
}

export function needsReason(s: string): boolean {
  return s === "na" || s === "blocked";
}

const STATE_LABELS: Record<string, string> = {
  draft: "Draft",
  preparing: "Preparing",
  ready: "Ready",
  live: "Live (hypercare)",
  "handed-over": "Handed over",
  closed: "Closed",
};

export function stateLabel(s: string): string {
  return STATE_LABELS[s] ?? s;
}

// Formatters made once: toLocaleDateString builds one on every call, which
// costs about a millisecond each in Chromium, and in WebKit the garbage of a
// few hundred (the home screen's dates) held the web process megabytes
// heavier for seconds; tables call it per row.
// Each is made on first use (ICU's calendar data is loaded with it).
let dayTimeFormat: Intl.DateTimeFormat | undefined;
let dateTimeFormat: Intl.DateTimeFormat | undefined;

const WEEKDAYS = ["Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"];
const MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];

/**
 * Formats an ISO date (2026-12-01) as "Tue 1 Dec 2026", word for word as the
 * Go side's Date.Words says it (Intl's en-GB puts a comma after the weekday
 * in some ICU versions and not in others); the text itself when it is not a
 * date.
 */
export function formatDate(iso: string): string {
  if (!iso) return "";
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(iso);
  if (!m) return iso;
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const t = new Date(Date.UTC(y, mo - 1, d));
  if (t.getUTCMonth() !== mo - 1 || t.getUTCDate() !== d) return iso;
  return `${WEEKDAYS[t.getUTCDay()]} ${d} ${MONTHS[mo - 1]} ${y}`;
}

/** Days from today (ISO) to date (ISO); negative when past. */
export function daysBetween(today: string, date: string): number {
  const a = Date.parse(today + "T00:00:00Z");
  const b = Date.parse(date + "T00:00:00Z");
  return Math.round((b - a) / 86_400_000);
}

/** "in 7 days", "tomorrow", "today", "2 days ago". */
export function relativeDays(today: string, date: string): string {
  if (!today || !date) return "";
  const n = daysBetween(today, date);
  if (n === 0) return "today";
  if (n === 1) return "tomorrow";
  if (n === -1) return "yesterday";
  return n > 0 ? `in ${n} days` : `${-n} days ago`;
}

/** "5 minutes ago" style time for history entries. */
export function timeAgo(iso: string, now = Date.now()): string {
  const t = Date.parse(iso);
  if (Number.isNaN(t)) return "";
  const s = Math.max(0, Math.round((now - t) / 1000));
  if (s < 45) return "just now";
  const m = Math.round(s / 60);
  if (m < 60) return `${m} min ago`;
  const h = Math.round(m / 60);
  if (h < 24) return `${h} h ago`;
  dayTimeFormat ??= new Intl.DateTimeFormat("en-GB", { day: "numeric", month: "short", hour: "2-digit", minute: "2-digit" });
  return dayTimeFormat.format(t);
}

/** A date and time in words, "6 Dec 2026, 15:30"; the text itself when it is not a time. */
export function formatDateTime(iso: string): string {
  const t = Date.parse(iso);
  if (Number.isNaN(t)) return iso;
  dateTimeFormat ??= new Intl.DateTimeFormat("en-GB", { day: "numeric", month: "short", year: "numeric", hour: "2-digit", minute: "2-digit" });
  return dateTimeFormat.format(t);
}

/** A file size in words: "812 KB", "86.2 MB". */
export function formatBytes(n: number): string {
  if (n < 1024) return `${n} bytes`;
  if (n < 1024 * 1024) return `${Math.round(n / 1024)} KB`;
  if (n < 1024 * 1024 * 1024) return `${(n / (1024 * 1024)).toFixed(1)} MB`;
  return `${(n / (1024 * 1024 * 1024)).toFixed(1)} GB`;
}

/** Today's date on this computer, YYYY-MM-DD (what the Go side calls today). */
export function localToday(now = new Date()): string {
  const p = (n: number) => String(n).padStart(2, "0");
  return `${now.getFullYear()}-${p(now.getMonth() + 1)}-${p(now.getDate())}`;
}

/** A tier as people read it: gold → Gold, "platinum-plus" → "Platinum plus" (as the Go side's TierLabel). */
export function tierLabel(tier: string): string {
  if (!tier) return "";
  return tier.charAt(0).toUpperCase() + tier.slice(1).replace(/-/g, " ");
}
