// Whole-window figures for issue 13's speed criteria: Debian's Chromium
// against the dev build on seeded data directories. Not a test (the runner
// loads only *.e2e.js): build/scripts/bench-ui.sh compiles and runs it, and
// `make bench` runs that.
//
// For each round, each size and each build (in turns, the order reversed
// every other round, so that a noisy machine weighs on every build alike),
// it starts the app on the seeded data and times, in the page:
//
//   first search      typing a query, one input event, until the results are
//                     listed, as the first search of the process (and the
//                     Search call alone, timed around window.go)
//   home reload       a reload until the home's rows are painted, from the
//                     navigation's start (performance.now() of the new page)
//   record → home     the record's "All records" button until the home's rows
//                     are painted
//   portfolio open    the Portfolio button until the table's rows are painted
//   filter            the Tier filter Gold, then All, until the count changes
//   filter RAG        the RAG chip Red on, then off, until the count changes
//   sort              the Go-live header: ascending, descending, back to the
//                     default order, each until the header says so (and the
//                     rows are painted); a build without sorting has none
//   show all          "Show all N records" until the button has gone and the
//                     rows are painted
//   filter, all shown the Tier filter again with every row shown
//   sort, all shown   the Go-live header again with every row shown
//
// "Painted" is the first animation frame after the condition held, plus a
// task (the frame's layout and paint are done by then). Medians, with the
// smallest and largest, are printed as a table and written to
// build/out/bench/ui.txt (and every sample to ui.json).
//
// Environment (set by bench-ui.sh):
//   BENCH_DATA     "1000=/dir,5000=/dir": seeded data directories by size
//   BENCH_BUILDS   "name=binary:uidir,...": the builds to compare, in order
//   BENCH_ROUNDS   app starts per size and build (default 5)
//   BENCH_REPEAT   samples of each figure but the first search per start (default 2)

import { mkdirSync, readdirSync, writeFileSync, existsSync } from "node:fs";
import { join } from "node:path";
import type { Browser, Locator, Page } from "playwright-core";
import { App, launchBrowser, outDir, sleep } from "./harness";

interface Build {
  name: string;
  binary: string;
  assets: string;
}

/** What must hold in the page for a step to be done; every given part must. */
interface Cond {
  /** An element matching this selector exists. */
  sel?: string;
  /** No element matches this selector. */
  noSel?: string;
  /** No button's text starts with this. */
  noButton?: string;
  /** [selector, attribute, value]: the element's attribute has this value ... */
  attr?: [string, string, string];
  /** ... or, with notEqual, any other value. */
  notEqual?: boolean;
}

const HOME_ROWS = "table.records tbody tr";
const PORTFOLIO_ROWS = "tr[data-row]";
const QUERY = "rollback";

function parsePairs(s: string): [string, string][] {
  return s
    .split(",")
    .map((p) => p.trim())
    .filter(Boolean)
    .map((p) => {
      const i = p.indexOf("=");
      if (i < 0) throw new Error(`expected name=value, got ${p}`);
      return [p.slice(0, i), p.slice(i + 1)];
    });
}

const data = parsePairs(process.env.BENCH_DATA ?? "").map(([n, dir]) => ({ records: Number(n), dir }));
const builds: Build[] = parsePairs(process.env.BENCH_BUILDS ?? "").map(([name, v]) => {
  const i = v.lastIndexOf(":");
  return { name, binary: v.slice(0, i), assets: v.slice(i + 1) };
});
const rounds = Number(process.env.BENCH_ROUNDS ?? 5);
const repeat = Number(process.env.BENCH_REPEAT ?? 2);

/** Samples by size, build and figure. */
const samples = new Map<string, number[]>();
function add(records: number, build: string, figure: string, ms: number): void {
  const k = `${records}\t${build}\t${figure}`;
  samples.set(k, [...(samples.get(k) ?? []), ms]);
}

/** Clicks el in the page and returns the milliseconds until cond holds and the next frame is painted. */
async function timeClick(loc: Locator, cond: Cond, timeoutMs = 180_000): Promise<number> {
  return loc.evaluate(
    async (el, [c, limit]) => {
      const holds = (): boolean => {
        if (c.sel && !document.querySelector(c.sel)) return false;
        if (c.noSel && document.querySelector(c.noSel)) return false;
        if (c.noButton && [...document.querySelectorAll("button")].some((b) => (b.textContent ?? "").trim().startsWith(c.noButton!))) return false;
        if (c.attr) {
          const v = document.querySelector(c.attr[0])?.getAttribute(c.attr[1]);
          if (v === null || v === undefined) return false;
          if (c.notEqual ? v === c.attr[2] : v !== c.attr[2]) return false;
        }
        return true;
      };
      const t0 = performance.now();
      (el as HTMLElement).click();
      while (!holds()) {
        if (performance.now() - t0 > limit) throw new Error(`not done after ${limit} ms: ${JSON.stringify(c)}`);
        await new Promise((r) => setTimeout(r, 1));
      }
      await new Promise((r) => requestAnimationFrame(() => setTimeout(r, 0)));
      return performance.now() - t0;
    },
    [cond, timeoutMs] as const,
  );
}

/** Reloads the page; milliseconds from the navigation's start until the home's rows are painted. */
async function timeReload(page: Page): Promise<number> {
  await page.reload({ waitUntil: "commit" });
  const h = await page.waitForFunction(
    (sel) => {
      const w = window as unknown as { __seen?: number };
      if (w.__seen === undefined) {
        if (document.querySelector(sel)) w.__seen = performance.now();
        return false;
      }
      return performance.now(); // the frame after the one that showed them
    },
    HOME_ROWS,
    { polling: "raf", timeout: 180_000 },
  );
  return (await h.jsonValue()) as number;
}

/** The first search of the process: typed until listed, and the Search call itself. */
async function timeFirstSearch(page: Page): Promise<{ listed: number; call: number }> {
  return page.evaluate(async (q) => {
    type Bound = Record<string, (...a: unknown[]) => Promise<unknown>>;
    const w = window as unknown as { go: { app: { App: Bound; RecordService?: Bound } } };
    // Search is RecordService's; a build from before the bound services had it on App.
    const bound = w.go.app.RecordService ?? w.go.app.App;
    const search = bound.Search;
    let call = -1;
    bound.Search = async (...a: unknown[]) => {
      const t = performance.now();
      try {
        return await search(...a);
      } finally {
        if (call < 0) call = performance.now() - t;
      }
    };
    const box = document.querySelector<HTMLInputElement>("input[role=combobox]");
    if (!box) throw new Error("no search box");
    box.focus();
    const t0 = performance.now();
    box.value = q;
    box.dispatchEvent(new Event("input", { bubbles: true }));
    const listed = () => document.querySelector("[role=listbox] [role=option]") || document.querySelector(".line.none[role=status]");
    while (!listed()) {
      if (performance.now() - t0 > 60_000) throw new Error("no search results after 60 s");
      await new Promise((r) => setTimeout(r, 1));
    }
    await new Promise((r) => requestAnimationFrame(() => setTimeout(r, 0)));
    const done = performance.now() - t0;
    bound.Search = search;
    return { listed: done, call };
  }, QUERY);
}

/** The Go-live header ascending, descending and back to the default order, as figure (when the build sorts). */
async function timeSort(page: Page, records: number, build: string, figure: string): Promise<void> {
  const th = "th[data-sort-key=goLive]";
  if (!(await page.locator(th).count())) return;
  const button = page.locator(`${th} button`);
  add(records, build, figure, await timeClick(button, { attr: [th, "aria-sort", "ascending"] }));
  add(records, build, figure, await timeClick(button, { attr: [th, "aria-sort", "descending"] }));
  add(records, build, figure, await timeClick(button, { noSel: `${th}[aria-sort]`, sel: PORTFOLIO_ROWS }));
}

async function measure(page: Page, records: number, build: string): Promise<void> {
  const nav = page.locator("nav[aria-label=Main]");
  await page.locator(HOME_ROWS).first().waitFor({ timeout: 180_000 });

  const s = await timeFirstSearch(page);
  add(records, build, "first search: typed → listed", s.listed);
  add(records, build, "first search: the call", s.call);
  await page.keyboard.press("Escape");
  await page.locator("input[role=combobox]").evaluate((el) => (el as HTMLElement).blur());

  for (let i = 0; i < repeat; i++) add(records, build, "home reload", await timeReload(page));

  for (let i = 0; i < repeat; i++) {
    const link = page.locator(`${HOME_ROWS} a`).nth(i);
    await link.click();
    await page.locator("button.back").waitFor({ timeout: 60_000 });
    await page.locator(".rec-head h1").waitFor({ timeout: 60_000 });
    add(records, build, "record → home", await timeClick(page.locator("button.back"), { sel: HOME_ROWS }));
  }

  for (let i = 0; i < repeat; i++) {
    add(records, build, "portfolio open", await timeClick(nav.getByRole("button", { name: "Portfolio" }), { sel: PORTFOLIO_ROWS }));
    const tier = page.getByRole("group", { name: "Tier" });
    const count = "[data-count]";
    add(records, build, "filter", await timeClick(tier.getByText("Gold", { exact: true }), { attr: [count, "data-count", String(records)], notEqual: true }));
    add(records, build, "filter", await timeClick(tier.getByText("All", { exact: true }), { attr: [count, "data-count", String(records)] }));
    const red = page.locator("[data-filter=rag] label.chip", { hasText: "Red" });
    if (await red.count()) {
      add(records, build, "filter RAG", await timeClick(red, { attr: [count, "data-count", String(records)], notEqual: true }));
      add(records, build, "filter RAG", await timeClick(red, { attr: [count, "data-count", String(records)] }));
    }
    await timeSort(page, records, build, "sort");
    const showAll = page.getByRole("button", { name: `Show all ${records} records` });
    if (await showAll.count()) {
      add(records, build, "show all", await timeClick(showAll, { noButton: `Show all ${records} records`, sel: PORTFOLIO_ROWS }));
      add(records, build, "filter, all shown", await timeClick(tier.getByText("Gold", { exact: true }), { attr: [count, "data-count", String(records)], notEqual: true }));
      add(records, build, "filter, all shown", await timeClick(tier.getByText("All", { exact: true }), { attr: [count, "data-count", String(records)] }));
      await timeSort(page, records, build, "sort, all shown");
    }
    await timeClick(nav.getByRole("button", { name: "Home" }), { sel: HOME_ROWS });
  }
}

/**
 * Takes the data directory's daily automatic backup once (the app takes it
 * 30 s after start when the last is a day old), so that it never runs while
 * figures are taken.
 */
async function prepare(dir: string, build: Build, browser: Browser): Promise<void> {
  const backups = join(dir, "backups");
  const has = () => existsSync(backups) && readdirSync(backups).some((f) => f.endsWith(".db"));
  if (has()) return;
  process.stdout.write(`bench-ui: ${dir}: taking the daily backup first (about 30 s)\n`);
  const app = await App.start({ name: "bench-prepare", dataDir: dir, binary: build.binary, assets: build.assets, browser });
  try {
    const deadline = Date.now() + 180_000;
    while (!has() && Date.now() < deadline) await sleep(1000);
    await sleep(2000); // the setting that dates it
  } finally {
    await app.close();
  }
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
}

function table(): string {
  const figures = [...new Set([...samples.keys()].map((k) => k.split("\t")[2]))];
  const cols = data.flatMap((d) => builds.map((b) => ({ records: d.records, build: b.name })));
  const head = ["figure (ms: median, min–max, n)", ...cols.map((c) => `${c.records} · ${c.build}`)];
  const rows = figures.map((f) => [
    f,
    ...cols.map((c) => {
      const xs = samples.get(`${c.records}\t${c.build}\t${f}`) ?? [];
      if (!xs.length) return "—";
      return `${Math.round(median(xs))} (${Math.round(Math.min(...xs))}–${Math.round(Math.max(...xs))}, ${xs.length})`;
    }),
  ]);
  const widths = head.map((_, i) => Math.max(...[head, ...rows].map((r) => r[i].length)));
  const line = (r: string[]) => r.map((v, i) => v.padEnd(widths[i])).join("  ").trimEnd();
  return [line(head), line(widths.map((w) => "-".repeat(w))), ...rows.map(line)].join("\n");
}

let failures = 0;

async function main(): Promise<void> {
  if (!data.length || !builds.length) throw new Error("BENCH_DATA and BENCH_BUILDS must name at least one data directory and one build");
  const browser = await launchBrowser();
  try {
    for (const d of data) await prepare(d.dir, builds[0], browser);
    for (let r = 0; r < rounds; r++) {
      for (const d of data) {
        const order = r % 2 ? [...builds].reverse() : builds;
        for (const b of order) {
          process.stdout.write(`bench-ui: round ${r + 1} of ${rounds}, ${d.records} records, ${b.name}\n`);
          const app = await App.start({ name: `bench-${b.name}-${d.records}`, dataDir: d.dir, binary: b.binary, assets: b.assets, browser });
          // The old builds take many seconds to show 5,000 rows: wait for them.
          app.context.setDefaultTimeout(180_000);
          try {
            await measure(app.page, d.records, b.name);
          } catch (e) {
            failures++;
            process.stdout.write(`bench-ui: this run stopped short (its figures so far are kept): ${e instanceof Error ? e.message.split("\n")[0] : String(e)}\n`);
          } finally {
            await app.close();
          }
        }
      }
    }
  } finally {
    await browser.close();
  }
  const out = join(outDir, "..", "bench");
  mkdirSync(out, { recursive: true });
  const text = `${table()}\n\n${new Date().toISOString()}, ${rounds} rounds, ${failures} runs stopped short, builds: ${builds.map((b) => `${b.name} = ${b.binary} + ${b.assets}`).join("; ")}\n`;
  writeFileSync(join(out, "ui.txt"), text);
  writeFileSync(join(out, "ui.json"), JSON.stringify(Object.fromEntries(samples), null, 1));
  process.stdout.write(`\n${text}`);
  if (failures) process.exitCode = 1;
}

main().catch((e) => {
  process.stderr.write(`bench-ui: ${e instanceof Error ? e.stack ?? e.message : String(e)}\n`);
  process.exit(1);
});
