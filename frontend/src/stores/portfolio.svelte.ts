import type { RecordRow } from "../api";
import { distinct, emptyFilters, filtersActive, matchesFilters, rangeReversed, type Filters } from "../components/portfolio/filters";
import { DEFAULT_SPAN, addDays, layoutRow, scale, timelineWindow, zoomStep, type RowLayout } from "../components/portfolio/timeline";
import { home } from "./home.svelte";
import { rows } from "./rows.svelte";

/** How many rows the table renders until asked for all, and the timeline at most (rendering is what costs). */
export const TABLE_PAGE = 100;
export const TIMELINE_MAX = 40;

function localToday(): string {
  const d = new Date();
  return `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, "0")}-${String(d.getDate()).padStart(2, "0")}`;
}

// The portfolio screen: filters over every record's row (soonest go-live
// first), the rows they leave, and the timeline's window and
// layout. Kept for the session, so the filters survive a visit to a record.
class PortfolioStore {
  tier = $state<Filters["tier"]>("");
  states = $state<string[]>([]);
  squad = $state("");
  service = $state("");
  from = $state("");
  to = $state("");

  /** The timeline's own window when no date filter is set: "" = around today. */
  viewStart = $state("");
  span = $state(DEFAULT_SPAN);
  /** Width in pixels of the timeline's plot, measured by the component. */
  plotWidth = $state(900);

  readonly today = $derived(rows.data?.today || home.data?.today || localToday());
  readonly all: RecordRow[] = $derived(rows.data?.records ?? []);
  readonly filters: Filters = $derived({
    tier: this.tier,
    states: this.states,
    squad: this.squad,
    service: this.service,
    from: this.from,
    to: this.to,
  });
  readonly active = $derived(filtersActive(this.filters));
  readonly reversed = $derived(rangeReversed(this.filters));
  readonly rows: RecordRow[] = $derived(this.all.filter((r) => matchesFilters(r, this.filters)));
  readonly squads = $derived(distinct(this.all.map((r) => r.squad)));
  readonly services = $derived(distinct(this.all.map((r) => r.service)));

  readonly window = $derived(timelineWindow(this.today, this.from, this.to, this.viewStart, this.span));
  readonly scale = $derived(scale(this.window.from, this.window.to, Math.max(100, this.plotWidth)));
  readonly timeline: { row: RecordRow; layout: RowLayout }[] = $derived(
    this.rows.slice(0, TIMELINE_MAX).map((row) => ({ row, layout: layoutRow(row, this.scale, this.today) })),
  );

  toggleState(s: string) {
    this.states = this.states.includes(s) ? this.states.filter((x) => x !== s) : [...this.states, s];
  }

  clear() {
    const e = emptyFilters();
    this.tier = e.tier;
    this.states = e.states;
    this.squad = e.squad;
    this.service = e.service;
    this.from = e.from;
    this.to = e.to;
  }

  /** Zooms in (-1) or out (1), keeping the middle of the window where it is. */
  zoom(dir: -1 | 1) {
    const next = zoomStep(this.span, dir);
    if (next === this.span) return;
    if (this.viewStart) {
      const mid = addDays(this.window.from, Math.round(this.span / 2));
      this.viewStart = addDays(mid, -Math.round(next / 2));
    }
    this.span = next;
  }

  /** Moves the window a third of its width earlier (-1) or later (1). */
  pan(dir: -1 | 1) {
    this.viewStart = addDays(this.window.from, dir * Math.round(this.span / 3));
  }

  /** Back to the default window around today. */
  resetView() {
    this.viewStart = "";
    this.span = DEFAULT_SPAN;
  }
}

export const portfolio = new PortfolioStore();
