import { tick } from "svelte";

// A long list (a table's body) that renders only the rows in view and a few
// either side, inside the screen's own scrolling container: spacers above
// and below keep the full height, so the scroll bar, the page and the
// keyboard behave as if every row were there. What it costs to show grows
// with the window, not with the list.

/** Rows [first, last) of a list. */
export interface Range {
  first: number;
  last: number;
}

/**
 * The rows to render: those between viewTop and viewBottom and overscan more
 * on each side, for count rows pitch pixels apart from listTop (all in the
 * same coordinates); and at least `least` rows, the nearest to the view, so
 * that a list not yet scrolled to (below the view) has its first rows ready.
 */
export function rowsInView(count: number, pitch: number, listTop: number, viewTop: number, viewBottom: number, overscan: number, least = 0): Range {
  if (count <= 0 || !(pitch > 0)) return { first: 0, last: 0 };
  let first = clamp(Math.floor((viewTop - listTop) / pitch) - overscan, 0, count);
  let last = clamp(Math.ceil((viewBottom - listTop) / pitch) + overscan, first, count);
  if (last - first < least) {
    if (first === 0) last = Math.min(count, least);
    else first = Math.max(0, last - least);
  }
  return { first, last };
}

/** The range widened to hold row i and margin rows either side. */
export function widen(r: Range, i: number, margin: number, count: number): Range {
  return { first: clamp(Math.min(r.first, i - margin), 0, count), last: clamp(Math.max(r.last, i + margin + 1), 0, count) };
}

/** The row a key moves to from row i, or -1 for a key that does not move. */
export function rowFor(key: string, i: number, count: number, page: number): number {
  const to =
    key === "ArrowDown" ? i + 1
    : key === "ArrowUp" ? i - 1
    : key === "PageDown" ? i + page
    : key === "PageUp" ? i - page
    : key === "Home" ? 0
    : key === "End" ? count - 1
    : null;
  return to === null || count === 0 ? -1 : clamp(to, 0, count - 1);
}

function clamp(n: number, lo: number, hi: number): number {
  return Math.max(lo, Math.min(hi, n));
}

/** The nearest ancestor that scrolls vertically, or the document's scrolling element. */
function scrollerOf(el: HTMLElement): HTMLElement {
  for (let p = el.parentElement; p; p = p.parentElement) {
    const y = getComputedStyle(p).overflowY;
    if (y === "auto" || y === "scroll") return p;
  }
  return (document.scrollingElement as HTMLElement | null) ?? document.documentElement;
}

/**
 * Which rows of a list to render. The list's body carries the attachment;
 * its rendered rows carry data-index (their place in the whole list), and
 * spacers of first × pitch and (count − last) × pitch pixels stand for the
 * rest. The pitch (the distance from one row to the next) is measured from
 * the rows rendered, so it follows the fonts and the zoom.
 */
export class VirtualRows {
  first = $state(0);
  last = $state(0);
  pitch = $state(0);

  private readonly count: () => number;
  private readonly overscan: number;
  private readonly least: number;
  private body: HTMLElement | null = null;
  private scroller: HTMLElement | null = null;

  /**
   * count: how many rows the list has now; pitch: the expected distance
   * between rows in pixels, until measured; overscan: rows rendered beyond
   * each edge of the view; least: rows rendered at least (the first ones
   * while the list is below the view).
   */
  constructor(count: () => number, opts: { pitch: number; overscan?: number; least?: number }) {
    this.count = count;
    this.pitch = opts.pitch;
    this.overscan = opts.overscan ?? 8;
    this.least = opts.least ?? 30;
    this.last = this.least;
  }

  /** Spacer heights in pixels: above the first row rendered, and below the last. */
  get above(): number {
    return Math.min(this.first, this.count()) * this.pitch;
  }
  get below(): number {
    return Math.max(0, this.count() - this.last) * this.pitch;
  }

  /** An attachment ({@attach}) for the list's body. */
  readonly attach = (body: HTMLElement) => {
    const scroller = scrollerOf(body);
    this.body = body;
    this.scroller = scroller;
    const update = () => this.measure();
    scroller.addEventListener("scroll", update, { passive: true });
    window.addEventListener("resize", update);
    const ro = new ResizeObserver(update);
    ro.observe(scroller);
    this.measure();
    return () => {
      scroller.removeEventListener("scroll", update);
      window.removeEventListener("resize", update);
      ro.disconnect();
      this.body = this.scroller = null;
    };
  };

  /** The scroller's visible box, in viewport coordinates. */
  private view(): { top: number; bottom: number } {
    const s = this.scroller!;
    if (s === document.scrollingElement || s === document.documentElement) return { top: 0, bottom: window.innerHeight };
    const r = s.getBoundingClientRect();
    return { top: r.top, bottom: r.top + s.clientHeight };
  }

  /** Works out the rows in view again: after a scroll, a resize, or a change of the rows or of what is above them. */
  measure(): void {
    if (!this.body || !this.scroller) return;
    const rows = this.body.querySelectorAll<HTMLElement>("[data-index]");
    if (rows.length >= 2) {
      const a = rows[0];
      const b = rows[rows.length - 1];
      const n = Number(b.dataset.index) - Number(a.dataset.index);
      const p = n > 0 ? (b.getBoundingClientRect().top - a.getBoundingClientRect().top) / n : 0;
      if (p > 0 && Math.abs(p - this.pitch) > 0.01) this.pitch = p;
    }
    const v = this.view();
    const r = rowsInView(this.count(), this.pitch, this.body.getBoundingClientRect().top, v.top, v.bottom, this.overscan, this.least);
    this.set(r);
  }

  /** Keeps row i and a few either side rendered: the row holding the keyboard's focus, so Tab finds the next. */
  keep(i: number): void {
    this.set(widen({ first: this.first, last: this.last }, i, this.overscan, this.count()));
  }

  /** How many rows fit in the view (for Page Up and Page Down). */
  get page(): number {
    if (!this.scroller) return 10;
    const v = this.view();
    return Math.max(1, Math.floor((v.bottom - v.top) / this.pitch) - 1);
  }

  /** Scrolls row i into view, renders it, and focuses the first element matching target in it. */
  async focus(i: number, target: string): Promise<void> {
    if (!this.body || !this.scroller) return;
    const top = this.body.getBoundingClientRect().top + i * this.pitch;
    const v = this.view();
    if (top < v.top) this.scroller.scrollTop -= v.top - top;
    else if (top + this.pitch > v.bottom) this.scroller.scrollTop += top + this.pitch - v.bottom;
    this.measure(); // the scroll event comes a frame later
    this.keep(i);
    await tick();
    this.body?.querySelector<HTMLElement>(`[data-index="${i}"] ${target}`)?.focus();
  }

  private set(r: Range): void {
    if (r.first !== this.first) this.first = r.first;
    if (r.last !== this.last) this.last = r.last;
  }
}
