import { api, type RecordRow } from "../api";
import { distinct, emptyFilters, filtersActive, matchesFilters, rangeReversed, type Filters } from "../components/portfolio/filters";
import { DEFAULT_SORT, nextSort, sortRows, type Sort, type SortKey } from "../components/portfolio/sort";
import { DEFAULT_SPAN, addDays, layoutRow, scale, timelineWindow, zoomStep, type RowLayout } from "../components/portfolio/timeline";
import { VIEWS_KEY, readViews, withView, withoutView, type SavedView } from "../components/portfolio/views";
import { home } from "./home.svelte";
import { nav } from "./nav.svelte";
import { rows } from "./rows.svelte";

/** How many rows the table renders until asked for all, and the timeline at most (rendering is what costs). */
export const TABLE_PAGE = 100;
export const TIMELINE_MAX = 40;

function localToday(): string {
  const d = new Date();
  return `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, "0")}-${String(d.getDate()).padStart(2, "0")}`;
}

function storage(): Storage | null {
  try {
    return globalThis.localStorage ?? null;
  } catch {
    return null; // storage refused (a locked-down profile)
  }
}

// The portfolio screen: filters over every record's row (soonest go-live
// first), the rows they leave in the order asked for, saved views, and the
// timeline's window and layout. Kept for the session, so the filters survive
// a visit to a record.
class PortfolioStore {
  tier = $state<Filters["tier"]>("");
  states = $state<string[]>([]);
  rags = $state<string[]>([]);
  squad = $state("");
  service = $state("");
  sdm = $state("");
  owner = $state("");
  has = $state<string[]>([]);
  from = $state("");
  to = $state("");
  goLiveOnly = $state(false);
  sort = $state<Sort>(DEFAULT_SORT);

  /** Named filter and sort sets, kept on this device. */
  views = $state<SavedView[]>(readViews(storage()?.getItem(VIEWS_KEY) ?? null));
  /** Owners' names by person key, from the people directory (read when the portfolio shows). */
  ownerNames = $state.raw<Map<string, string>>(new Map());

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
    rags: this.rags,
    squad: this.squad,
    service: this.service,
    sdm: this.sdm,
    owner: this.owner,
    has: this.has,
    from: this.from,
    to: this.to,
    goLiveOnly: this.goLiveOnly,
  });
  readonly active = $derived(filtersActive(this.filters));
  readonly reversed = $derived(rangeReversed(this.filters));
  /** The rows the filters leave, in the order asked for. */
  readonly matching: RecordRow[] = $derived(this.all.filter((r) => matchesFilters(r, this.filters)));
  readonly rows: RecordRow[] = $derived(sortRows(this.matching, this.sort));
  readonly squads = $derived(distinct(this.all.map((r) => r.squad)));
  readonly services = $derived(distinct(this.all.map((r) => r.service)));
  readonly sdms = $derived(distinct(this.all.map((r) => r.sdm)));
  /** Every owner the rows name, by the name the directory shows (their key until it is read). */
  readonly owners: { key: string; name: string }[] = $derived.by(() => {
    const keys = new Set<string>();
    for (const r of this.all) for (const k of r.owners ?? []) keys.add(k);
    return [...keys].map((key) => ({ key, name: this.ownerNames.get(key) ?? key })).sort((a, b) => a.name.localeCompare(b.name));
  });

  readonly window = $derived(timelineWindow(this.today, this.from, this.to, this.viewStart, this.span));
  readonly scale = $derived(scale(this.window.from, this.window.to, Math.max(100, this.plotWidth)));
  readonly timeline: { row: RecordRow; layout: RowLayout }[] = $derived(
    this.rows.slice(0, TIMELINE_MAX).map((row) => ({ row, layout: layoutRow(row, this.scale, this.today) })),
  );

  toggleState(s: string) {
    this.states = toggled(this.states, s);
  }
  toggleRag(r: string) {
    this.rags = toggled(this.rags, r);
  }
  toggleHas(h: string) {
    this.has = toggled(this.has, h);
  }

  /** A header's click or Enter: that column ascending, then descending, then the default order. */
  sortBy(key: SortKey) {
    this.sort = nextSort(this.sort, key);
  }

  clear() {
    this.apply(emptyFilters());
  }

  /** Sets every filter (and, when given, the order): a stat card's, a saved view's. */
  apply(f: Filters, sort?: Sort) {
    this.tier = f.tier;
    this.states = [...f.states];
    this.rags = [...f.rags];
    this.squad = f.squad;
    this.service = f.service;
    this.sdm = f.sdm;
    this.owner = f.owner;
    this.has = [...f.has];
    this.from = f.from;
    this.to = f.to;
    this.goLiveOnly = f.goLiveOnly;
    if (sort) this.sort = { ...sort };
  }

  /** Opens the portfolio showing what these filters leave (the rest cleared): a stat card, a list's "and N more". */
  show(f: Partial<Filters>) {
    this.apply({ ...emptyFilters(), ...f });
    nav.portfolio();
  }

  /** Opens the portfolio on every record in the default order: the home's list, whole. */
  showAll() {
    this.apply(emptyFilters(), DEFAULT_SORT);
    nav.portfolio();
  }

  /** Saves the filters and order shown under a name (replacing a view of that name). */
  saveView(name: string) {
    this.storeViews(withView(this.views, { name, filters: this.filters, sort: this.sort }));
  }
  deleteView(name: string) {
    this.storeViews(withoutView(this.views, name));
  }
  applyView(v: SavedView) {
    this.apply(v.filters, v.sort);
  }
  /** Stores the list; throws when storage refuses it (full, or not allowed), and keeps the list shown as it was. */
  private storeViews(list: SavedView[]) {
    const st = storage();
    if (!st) throw new Error("This window cannot keep saved views (its storage is turned off).");
    st.setItem(VIEWS_KEY, JSON.stringify(list));
    this.views = list;
  }

  /** Reads the owners' names from the people directory. */
  async loadOwnerNames() {
    try {
      const people = await api.people();
      this.ownerNames = new Map(people.map((p) => [p.key, p.name]));
    } catch {
      // the keys stand in for the names
    }
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

function toggled(list: string[], v: string): string[] {
  return list.includes(v) ? list.filter((x) => x !== v) : [...list, v];
}

export const portfolio = new PortfolioStore();
