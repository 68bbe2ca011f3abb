// Accessibility checks for the end-to-end tests: axe-core (the maintained
// npm package, injected into the page) in the light and the dark theme, and
// reflow — no sideways scrolling and nothing wider than the window at 200 %
// zoom (640 × 400 CSS px) and at 1024 × 640.
//
//   await checkA11y(app.page, "record checklist");   // throws on a violation
//   await checkReflow(app.page, "record checklist");  // throws on overflow
//
// A walk over many states can collect instead of throwing at the first:
//
//   const audit = new Audit();
//   await audit.a11y(page, "home");  await audit.reflow(page, "home");
//   audit.assertClean();              // every finding, grouped by state
//
// Each scan adds a line to build/out/e2e/a11y.log (state, theme, violations by
// impact, rules axe could not decide), so a run's coverage can be read back.

import { appendFileSync, mkdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import type { Page } from "playwright-core";
import { AssertionError, outDir } from "./harness";

export type Theme = "light" | "dark";
export const themes: Theme[] = ["light", "dark"];

/** What the app's window is outside these checks (harness.ts opens pages at 1280 × 800). */
const defaultViewport = { width: 1280, height: 800 };

/** 200 % zoom of the default window, and a small laptop's. */
export const reflowSizes = [
  { width: 640, height: 400, name: "200% zoom (640×400)" },
  { width: 1024, height: 640, name: "1024×640" },
];

/**
 * Impacts that fail a scan. Criterion: WCAG 2.2 AA with nothing critical or
 * serious; the landmark and heading rules below are "moderate" in axe but are
 * part of what the screens promise (one main, unique named landmarks, heading
 * order), so they fail too.
 */
const failingImpacts = new Set(["critical", "serious"]);
const failingRules = new Set([
  "landmark-one-main",
  "landmark-no-duplicate-main",
  "landmark-no-duplicate-banner",
  "landmark-no-duplicate-contentinfo",
  "landmark-unique",
  "landmark-banner-is-top-level",
  "landmark-main-is-top-level",
  "landmark-complementary-is-top-level",
  "landmark-contentinfo-is-top-level",
  "heading-order",
  "page-has-heading-one",
  "region",
]);

export interface Finding {
  state: string;
  theme?: Theme;
  size?: string;
  rule: string;
  impact: string;
  help: string;
  targets: string[];
}

let axeSource = "";
function axeScript(): string {
  if (!axeSource) axeSource = readFileSync(require.resolve("axe-core/axe.min.js"), "utf8");
  return axeSource;
}

function logLine(line: string): void {
  mkdirSync(outDir, { recursive: true });
  appendFileSync(join(outDir, "a11y.log"), line + "\n");
}

/** Two animation frames: style and layout have caught up with a change. */
async function settle(page: Page): Promise<void> {
  await page.evaluate(() => new Promise<void>((r) => requestAnimationFrame(() => requestAnimationFrame(() => r()))));
}

/**
 * Waits until the page's colours stop changing after a theme switch: Chromium
 * repaints some var()-coloured boxes a frame or two after the media query
 * flips, and axe would measure light backgrounds under dark text.
 */
async function settleColours(page: Page): Promise<void> {
  await page.evaluate(async () => {
    const frame = () => new Promise<void>((r) => requestAnimationFrame(() => r()));
    const sample = () => {
      let s = "";
      const els = document.querySelectorAll("body, body *");
      for (let i = 0; i < els.length; i += Math.max(1, Math.floor(els.length / 400))) {
        const cs = getComputedStyle(els[i]);
        s += cs.backgroundColor + cs.color + cs.borderTopColor;
      }
      return s;
    };
    let last = "";
    for (let n = 0, stable = 0; n < 60 && stable < 5; n++) {
      await frame();
      const now = sample();
      stable = now === last ? stable + 1 : 0;
      last = now;
    }
  });
}

interface AxeNode {
  target: unknown[];
  /** For colour contrast: "3.2:1, #777 on #fff". */
  data?: string;
}
interface AxeResult {
  id: string;
  impact: string | null;
  help: string;
  nodes: AxeNode[];
}

/** Runs axe-core on the page as it is now, in one theme; every violation, failing or not. */
async function scan(page: Page, state: string, theme: Theme): Promise<{ failing: Finding[]; all: number }> {
  await page.emulateMedia({ colorScheme: theme, reducedMotion: "reduce" });
  await settleColours(page);
  if (!(await page.evaluate(() => "axe" in window))) await page.addScriptTag({ content: axeScript() });
  const res = (await page.evaluate(async () => {
    // @ts-expect-error axe is the global the injected script defines
    const r = await window.axe.run(document, { resultTypes: ["violations"] });
    type Check = { data?: { contrastRatio?: number; fgColor?: string; bgColor?: string } | null };
    type Raw = { id: string; impact: string | null; help: string; nodes: { target: unknown[]; any?: Check[] }[] };
    const contrast = (n: { any?: Check[] }) => {
      const d = n.any?.find((c) => c.data?.contrastRatio)?.data;
      return d ? `${d.contrastRatio}:1, ${d.fgColor} on ${d.bgColor}` : undefined;
    };
    const pick = (list: Raw[]) =>
      list.map((v) => ({ id: v.id, impact: v.impact, help: v.help, nodes: v.nodes.map((n) => ({ target: n.target, data: contrast(n) })) }));
    return { violations: pick(r.violations), incomplete: r.incomplete.map((v: AxeResult) => v.id) as string[] };
  })) as { violations: AxeResult[]; incomplete: string[] };
  const failing: Finding[] = [];
  const counts: Record<string, number> = {};
  for (const v of res.violations) {
    const impact = v.impact ?? "minor";
    counts[impact] = (counts[impact] ?? 0) + 1;
    if (!failingImpacts.has(impact) && !failingRules.has(v.id)) continue;
    failing.push({
      state,
      theme,
      rule: v.id,
      impact,
      help: v.help,
      targets: v.nodes.map((n) => n.target.map(String).join(" >> ") + (n.data ? ` (${n.data})` : "")),
    });
  }
  const by = Object.entries(counts)
    .map(([k, n]) => `${k} ${n}`)
    .join(", ");
  const rest = res.violations.filter((v) => !failing.some((f) => f.rule === v.id)).map((v) => `${v.id}(${v.impact})`);
  logLine(
    `axe\t${state}\t${theme}\tviolations: ${by || "none"}${rest.length ? ` [not failing: ${rest.join(" ")}]` : ""}` +
      `\tneeds review: ${res.incomplete.join(" ") || "none"}`,
  );
  return { failing, all: res.violations.length };
}

/** One finding as a line a person can act on. */
export function describeFinding(f: Finding): string {
  const where = [f.theme, f.size].filter(Boolean).join(", ");
  const targets = f.targets.slice(0, 6).join(" | ") + (f.targets.length > 6 ? ` | … ${f.targets.length - 6} more` : "");
  return `[${f.state}${where ? ` — ${where}` : ""}] ${f.rule} (${f.impact}): ${f.help}\n      ${targets}`;
}

function fail(findings: Finding[], what: string): never {
  throw new AssertionError(`${findings.length} ${what}:\n  ${findings.map(describeFinding).join("\n  ")}`);
}

/**
 * axe-core violations that fail (critical, serious, and the landmark/heading
 * rules) in each theme, fields without a visible label, and dates or values
 * shown as the data holds them rather than in words.
 */
export async function a11yFindings(page: Page, state: string, which: Theme[] = themes): Promise<Finding[]> {
  const out: Finding[] = [];
  try {
    for (const theme of which) out.push(...(await scan(page, state, theme)).failing);
  } finally {
    await page.emulateMedia({ colorScheme: "light", reducedMotion: "no-preference" });
    await settleColours(page); // a screenshot taken next shows the light theme whole
  }
  const unlabelled = await fieldsWithoutVisibleLabels(page);
  if (unlabelled.length)
    out.push({ state, rule: "visible-label", impact: "serious", help: "Every field has a visible label (WCAG 3.3.2); a placeholder or a hidden name is not one", targets: unlabelled });
  const raw = await rawValuesShown(page);
  if (raw.length) {
    logLine(`raw\t${state}\t${raw.join(" | ")}`);
    out.push({ state, rule: "dates-in-words", impact: "serious", help: "Dates and values are shown in words, not as the data holds them", targets: raw });
  }
  return out;
}

/**
 * The fields a person can see and type into, choose from or tick that have
 * no visible label: a <label> for it (or around it) with words, or an
 * aria-labelledby naming visible words. A placeholder, a title or an
 * aria-label alone is not seen once the field holds text (or ever, by some).
 * Fields inside an element marked data-labelled-above sit under visible
 * names shown once for all of them (a list's column names, a legend); each
 * still has its own name for assistive technology.
 */
export async function fieldsWithoutVisibleLabels(page: Page): Promise<string[]> {
  return page.evaluate(() => {
    const seen = (el: Element | null): el is HTMLElement => {
      if (!(el instanceof HTMLElement) || !el.isConnected) return false;
      if (el.closest("[hidden], [aria-hidden=true], .sr-only, .visually-hidden")) return false;
      const r = el.getBoundingClientRect();
      const cs = getComputedStyle(el);
      return r.width > 1 && r.height > 1 && cs.visibility !== "hidden" && cs.opacity !== "0" && el.innerText.trim() !== "";
    };
    const out: string[] = [];
    const fields = document.querySelectorAll<HTMLInputElement | HTMLSelectElement | HTMLTextAreaElement>(
      // The screen, dialogs and the header's forms (your name); not the
      // header's search box, which its magnifier glyph names.
      [":is(main, [role=dialog], [role=alertdialog], header form)"].flatMap((root) => ["input", "select", "textarea"].map((f) => `${root} ${f}`)).join(", "),
    );
    for (const f of fields) {
      if (f instanceof HTMLInputElement && ["hidden", "submit", "button", "reset", "image"].includes(f.type)) continue;
      const r = f.getBoundingClientRect();
      if (r.width < 2 || r.height < 2 || f.closest("[hidden], [aria-hidden=true]")) continue;
      if ([...(f.labels ?? [])].some(seen)) continue;
      const by = f.getAttribute("aria-labelledby");
      if (by && by.split(/\s+/).some((id) => seen(document.getElementById(id)))) continue;
      if (f.closest("[data-labelled-above]")) continue;
      const name = f.getAttribute("aria-label") ?? f.getAttribute("placeholder") ?? "";
      const where = f.id ? `#${f.id}` : `${f.tagName.toLowerCase()}${f.className ? "." + String(f.className).trim().split(/\s+/).join(".") : ""}`;
      out.push(`${where} "${name}"`);
    }
    return out;
  });
}

/** Fails with a readable list unless axe-core finds nothing critical or serious on the page, light and dark. */
export async function checkA11y(page: Page, state: string, which: Theme[] = themes): Promise<void> {
  const found = await a11yFindings(page, state, which);
  if (found.length) fail(found, `accessibility violation(s) (axe-core) in "${state}"`);
}

interface Overflow {
  kind: "document" | "wide" | "scrolls" | "cut";
  target: string;
  detail: string;
}

/**
 * What overflows sideways at the current window size: the document scrolling
 * sideways, an element reaching past the window's edges (cut off by an
 * ancestor or pushing the page), or a box that scrolls sideways (an SVG's
 * shapes count only through the SVG's own box, which clips them). Content
 * marked data-scroll-x (a timeline: two-dimensional by nature, WCAG 1.4.10's
 * exception) may scroll inside its box; the box itself must fit.
 */
async function overflowAt(page: Page): Promise<Overflow[]> {
  return page.evaluate(() => {
    const out: { kind: "document" | "wide" | "scrolls" | "cut"; target: string; detail: string }[] = [];
    const vw = document.documentElement.clientWidth;
    const path = (el: Element): string => {
      const parts: string[] = [];
      for (let e: Element | null = el; e && e !== document.body && parts.length < 4; e = e.parentElement) {
        let p = e.tagName.toLowerCase();
        if (e.id) p += `#${e.id}`;
        const cls = [...e.classList].filter((c) => !c.startsWith("svelte-")).slice(0, 2);
        if (cls.length) p += "." + cls.join(".");
        parts.unshift(p);
      }
      return parts.join(" > ");
    };
    const de = document.documentElement;
    if (de.scrollWidth > de.clientWidth) out.push({ kind: "document", target: "html", detail: `scrollWidth ${de.scrollWidth} > ${de.clientWidth}` });
    const hidden = (el: Element): boolean => {
      for (let e: Element | null = el; e; e = e.parentElement) {
        const s = getComputedStyle(e);
        if (s.display === "none" || s.visibility === "hidden") return true;
        // .sr-only and other clipped one-pixel boxes are for screen readers only.
        if (s.position === "absolute" && (s.clip !== "auto" || s.clipPath !== "none") && e.getBoundingClientRect().width <= 1) return true;
      }
      return false;
    };
    const reported = new Set<Element>();
    for (const el of document.body.querySelectorAll("*")) {
      if (el.closest("[data-scroll-x]") && !el.hasAttribute("data-scroll-x")) continue;
      // An SVG drawing clips what it holds to its own box; the box is checked.
      if (el instanceof SVGElement && !(el instanceof SVGSVGElement)) continue;
      const r = el.getBoundingClientRect();
      if (r.width === 0 && r.height === 0) continue;
      const s = getComputedStyle(el);
      const scrollsX = (s.overflowX === "auto" || s.overflowX === "scroll") && el.scrollWidth > el.clientWidth + 1;
      const wide = r.right > vw + 1 || r.left < -1;
      // Cut off: reaching past the side of an ancestor that hides what
      // overflows (not one that ends its text with an ellipsis on purpose).
      let cut: Element | null = null;
      if (!scrollsX && !wide && r.width > 0) {
        for (let a = el.parentElement; a && a !== document.body; a = a.parentElement) {
          const as = getComputedStyle(a);
          if (as.overflowX === "visible") continue;
          if (as.textOverflow === "ellipsis" || as.overflowX === "auto" || as.overflowX === "scroll") break;
          const ar = a.getBoundingClientRect();
          if (r.right > ar.right + 1 || r.left < ar.left - 1) cut = a;
          break;
        }
      }
      if (!scrollsX && !wide && !cut) continue;
      if (hidden(el)) continue;
      // Report the outermost element only: its descendants overflow with it.
      let inner = false;
      for (let a = el.parentElement; a; a = a.parentElement) if (reported.has(a)) inner = true;
      if (inner) continue;
      if (scrollsX && !el.hasAttribute("data-scroll-x")) {
        reported.add(el);
        out.push({ kind: "scrolls", target: path(el), detail: `scrolls sideways: content ${el.scrollWidth} px in ${el.clientWidth} px` });
      } else if (wide) {
        reported.add(el);
        out.push({ kind: "wide", target: path(el), detail: `spans ${Math.round(r.left)}–${Math.round(r.right)} px of a ${vw} px window` });
      } else if (cut) {
        reported.add(el);
        const cr = cut.getBoundingClientRect();
        out.push({ kind: "cut", target: path(el), detail: `cut off: spans ${Math.round(r.left)}–${Math.round(r.right)} px in a box of ${Math.round(cr.left)}–${Math.round(cr.right)} px (${path(cut)})` });
      }
    }
    return out;
  });
}

/** Horizontal overflow at 200 % zoom (640 × 400) and at 1024 × 640; screenshots of each. */
export async function reflowFindings(page: Page, state: string): Promise<Finding[]> {
  const out: Finding[] = [];
  const before = page.viewportSize() ?? defaultViewport;
  try {
    for (const size of reflowSizes) {
      await page.setViewportSize({ width: size.width, height: size.height });
      await settle(page);
      const found = await overflowAt(page);
      mkdirSync(outDir, { recursive: true });
      const slug = `reflow-${state}-${size.width}x${size.height}`.replace(/[^A-Za-z0-9._-]+/g, "-");
      await page.screenshot({ path: join(outDir, `${slug}.png`) });
      logLine(`reflow\t${state}\t${size.width}x${size.height}\t${found.length ? found.map((o) => `${o.target}: ${o.detail}`).join("; ") : "fits"}`);
      for (const o of found) {
        out.push({ state, size: size.name, rule: `reflow-${o.kind}`, impact: "serious", help: o.detail, targets: [o.target] });
      }
    }
  } finally {
    await page.setViewportSize(before);
    await settle(page);
  }
  return out;
}

/** Fails with a readable list if the page scrolls or is cut off sideways at 640 × 400 or 1024 × 640. */
export async function checkReflow(page: Page, state: string): Promise<void> {
  const found = await reflowFindings(page, state);
  if (found.length) fail(found, `reflow problem(s) in "${state}"`);
}

/**
 * Dates and values the page shows as the data holds them rather than in
 * words: ISO dates (2026-12-01, 2026-12-01T09:00) and the stored spellings of
 * statuses, states, outcomes and ceremony kinds. Reads the visible text of
 * the main landmark and any open dialog (not what is typed into fields).
 */
export async function rawValuesShown(page: Page): Promise<string[]> {
  return page.evaluate(() => {
    const raw = /\b\d{4}-\d{2}-\d{2}(?:T\d{2}:\d{2})?\b|\b(?:go-with-conditions|not-started|in-progress|handed-over|hypercare-exit|hypercare-checkin|readiness-review|go-no-go|accepted-risk)\b/g;
    const out = new Set<string>();
    for (const root of document.querySelectorAll<HTMLElement>("main, [role=dialog]")) {
      for (const line of root.innerText.split("\n")) {
        for (const m of line.matchAll(raw)) out.add(`${m[0]} in "${line.trim().slice(0, 90)}"`);
      }
    }
    return [...out];
  });
}

/** Collects findings over a walk through many states; assertClean fails with all of them. */
export class Audit {
  readonly findings: Finding[] = [];
  readonly states: string[] = [];

  async a11y(page: Page, state: string): Promise<void> {
    this.states.push(state);
    this.findings.push(...(await a11yFindings(page, state)));
  }

  async reflow(page: Page, state: string): Promise<void> {
    this.findings.push(...(await reflowFindings(page, state)));
  }

  /** Both checks. */
  async screen(page: Page, state: string): Promise<void> {
    await this.a11y(page, state);
    await this.reflow(page, state);
  }

  assertClean(): void {
    if (this.findings.length) fail(this.findings, `finding(s) over ${this.states.length} screen states`);
  }
}
