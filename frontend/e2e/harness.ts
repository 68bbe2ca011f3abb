// End-to-end harness: starts the dev-tagged Ready Room binary (real Go
// bindings and the built UI served on loopback) and drives Debian's Chromium
// against it with playwright-core.
//
// A test file is frontend/e2e/NAME.e2e.ts:
//
//   import { test, assert } from "./harness";
//
//   test("shows the title", async (app) => {
//     await app.page.getByRole("heading", { name: "Ready Room" }).waitFor();
//     const info = await app.call<{ version: string }>("app.App.Info");
//     assert(info.version !== "", "Info() gives a version");
//   });
//
// Each test gets a fresh app (its own data directory, port and browser page).
// A test fails if it throws, takes longer than its timeout, or if the page
// logged a console error or threw an uncaught error it did not allow
// (test(name, fn, { allowErrors: [/pattern/] })). build/scripts/e2e.sh compiles
// and runs them all; `make e2e` builds the dev binary first.
//
// Environment (set by e2e.sh): DISPLAY (Xvfb), READYROOM_ROOT (repo root),
// READYROOM_DEVBIN and READYROOM_ASSETDIR to override the binary and the UI.

import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import {
  closeSync,
  copyFileSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  openSync,
  readdirSync,
  readFileSync,
  rmSync,
  writeFileSync,
  appendFileSync,
} from "node:fs";
import { get } from "node:http";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { chromium, type Browser, type BrowserContext, type Page } from "playwright-core";
import { checkA11y } from "./a11y";

export const root = resolve(process.env.READYROOM_ROOT ?? process.cwd());
export const outDir = join(root, "build", "out", "e2e");
export const devBinary = resolve(process.env.READYROOM_DEVBIN ?? join(root, "build", "bin", "readyroom-dev"));
export const assetDir = resolve(process.env.READYROOM_ASSETDIR ?? join(root, "frontend", "dist"));

/** How long the harness waits for things, in milliseconds. */
export const timeouts = {
  appStart: 30_000, // process start until http://127.0.0.1:PORT/ answers
  appStop: 10_000, // SIGTERM until exit (then SIGKILL)
  action: 10_000, // Playwright's default for clicks, waits, locators
  navigation: 30_000,
  test: 120_000, // one test, start to finish
  browserLaunch: 30_000,
};

export const chromiumPath = process.env.READYROOM_CHROMIUM ?? "/usr/bin/chromium";
export const chromiumArgs = [
  "--no-sandbox",
  "--disable-gpu",
  "--disable-quic",
  "--no-first-run",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
];

/**
 * Console and page errors that come from the Wails dev server itself, not from
 * Ready Room, and are allowed in every test:
 * - Wails v2.16's dev overlay (/wails/ipc.js, injected only when a browser
 *   opens the dev server) mounts a Svelte component the Svelte 4 way and
 *   throws on DOMContentLoaded; the websocket bindings still work (reported
 *   upstream for v2.15 as wailsapp/wails#6061).
 * - Chromium asks for /favicon.ico, which a desktop app has no reason to serve.
 */
export const wailsDevNoise: RegExp[] = [
  /Cannot read properties of null \(reading 'nodes'\)[\s\S]*\/wails\/ipc\.js/,
  /Failed to load resource: the server responded with a status of 404 \(Not Found\) \(http:\/\/127\.0\.0\.1:\d+\/favicon\.ico/,
];

// ---- assertions ---------------------------------------------------------------

export class AssertionError extends Error {}

/** Fails the test with message unless cond holds. */
export function assert(cond: unknown, message: string): asserts cond {
  if (!cond) throw new AssertionError(message);
}

/** Fails the test unless actual and expected are deeply equal (compared as JSON). */
export function assertEqual<T>(actual: T, expected: T, what = "value"): void {
  const a = JSON.stringify(actual);
  const e = JSON.stringify(expected);
  if (a !== e) throw new AssertionError(`${what}: got ${a}, want ${e}`);
}

/** Polls fn until it returns a truthy value (returned), or fails after timeoutMs. */
export async function waitFor<T>(fn: () => T | Promise<T>, what: string, timeoutMs = timeouts.action): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let last: unknown;
  for (;;) {
    try {
      const v = await fn();
      if (v) return v;
    } catch (e) {
      last = e;
    }
    if (Date.now() > deadline) {
      throw new AssertionError(`timed out after ${timeoutMs} ms waiting for ${what}${last ? `: ${errorText(last)}` : ""}`);
    }
    await sleep(100);
  }
}

/** An ISO date as the app says it, "Tue 1 Dec 2026" (worked out here, not by the app's code). */
export function inWords(iso: string): string {
  const [y, m, d] = iso.split("-").map(Number);
  const day = new Date(Date.UTC(y, m - 1, d)).getUTCDay();
  const DAYS = ["Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"];
  const MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];
  return `${DAYS[day]} ${d} ${MONTHS[m - 1]} ${y}`;
}

export function sleep(ms: number): Promise<void> {
  return new Promise((r) => setTimeout(r, ms));
}

/** Rejects with a clear message if p does not settle within ms. */
export function withTimeout<T>(p: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const t = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new AssertionError(`${what} took longer than ${ms} ms`)), ms);
  });
  return Promise.race([p, t]).finally(() => clearTimeout(timer));
}

/** The message of an error, without terminal colour codes. */
export function errorText(e: unknown): string {
  return (e instanceof Error ? e.message : String(e)).replace(/\x1b\[[0-9;]*m/g, "");
}

// ---- tests -------------------------------------------------------------------------

export interface TestOptions {
  /** Console or page errors this test expects (matched against the message). */
  allowErrors?: RegExp[];
  /** Seed the data directory with `readyroom demo` before the app starts. */
  demo?: boolean;
  /** Start on this many generated records (`readyroom seed`; see App.start's seed). */
  seed?: number;
  /** Whole-test time limit in ms (default timeouts.test). */
  timeoutMs?: number;
}

export interface TestContext {
  /** Starts another app (closed after the test). */
  start(opts?: StartOptions): Promise<App>;
}

export type TestFn = (app: App, ctx: TestContext) => Promise<void>;

export interface RegisteredTest {
  name: string;
  file: string;
  fn: TestFn;
  opts: TestOptions;
}

/** Every test registered by the *.e2e.ts files loaded so far, in order. */
export const registry: RegisteredTest[] = [];
let currentFile = "";
/** Used by the runner: which file the next test() calls come from. */
export function setCurrentFile(name: string): void {
  currentFile = name;
}

/** Registers a test; run.ts runs it with a fresh app. */
export function test(name: string, fn: TestFn, opts: TestOptions = {}): void {
  registry.push({ name, file: currentFile, fn, opts });
}

// ---- processes -------------------------------------------------------------------

/** Pids of app processes started here and not yet stopped: killed on exit. */
const livePids = new Set<number>();
/** Temporary directories still to remove on exit. */
const liveDirs = new Set<string>();

/** Synchronous last-resort cleanup (process exit, signals): kills by pid only. */
export function killEverythingNow(): void {
  for (const pid of livePids) {
    try {
      process.kill(pid, "SIGKILL");
    } catch {
      /* already gone */
    }
  }
  livePids.clear();
  for (const d of liveDirs) {
    try {
      rmSync(d, { recursive: true, force: true });
    } catch {
      /* best effort */
    }
  }
  liveDirs.clear();
}
process.on("exit", killEverythingNow);

/** Pids of every process whose parent chain leads to pid (from /proc/N/stat). */
export function descendants(pid: number): number[] {
  const parent = new Map<number, number>();
  for (const name of readdirSync("/proc")) {
    if (!/^\d+$/.test(name)) continue;
    try {
      const stat = readFileSync(`/proc/${name}/stat`, "utf8");
      // "pid (comm) state ppid ...": comm may contain spaces and parentheses.
      const rest = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
      parent.set(Number(name), Number(rest[1]));
    } catch {
      /* exited meanwhile */
    }
  }
  const out: number[] = [];
  for (const [p] of parent) {
    let q = parent.get(p);
    for (let n = 0; q !== undefined && q > 1 && n < 64; n++) {
      if (q === pid) {
        out.push(p);
        break;
      }
      q = parent.get(q);
    }
  }
  return out;
}

function isAlive(pid: number): boolean {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
    return stat.slice(stat.lastIndexOf(")") + 2)[0] !== "Z";
  } catch {
    return false;
  }
}

/** A free TCP port on 127.0.0.1 (bind port 0, read it, release it). */
export function freePort(): Promise<number> {
  return new Promise((resolvePort, reject) => {
    const srv = createServer();
    srv.on("error", reject);
    srv.listen(0, "127.0.0.1", () => {
      const addr = srv.address();
      const port = typeof addr === "object" && addr ? addr.port : 0;
      srv.close(() => (port ? resolvePort(port) : reject(new Error("no port from the OS"))));
    });
  });
}

/** HTTP status of GET url, or 0 if nothing answers within 2 s. */
function httpStatus(url: string): Promise<number> {
  return new Promise((res) => {
    const req = get(url, (r) => {
      r.resume();
      res(r.statusCode ?? 0);
    });
    req.on("error", () => res(0));
    req.setTimeout(2000, () => {
      req.destroy();
      res(0);
    });
  });
}

/** Launches Debian's Chromium headless (never a downloaded browser). */
export async function launchBrowser(): Promise<Browser> {
  if (!existsSync(chromiumPath)) throw new Error(`${chromiumPath} not found: apt-get install chromium`);
  return chromium.launch({
    executablePath: chromiumPath,
    headless: true,
    args: chromiumArgs,
    timeout: timeouts.browserLaunch,
  });
}

function slug(s: string): string {
  return s.replace(/[^A-Za-z0-9._-]+/g, "-").replace(/^-+|-+$/g, "").slice(0, 100) || "unnamed";
}

function tail(path: string, lines: number): string {
  try {
    return readFileSync(path, "utf8").trimEnd().split("\n").slice(-lines).join("\n");
  } catch {
    return "";
  }
}

// ---- the app -----------------------------------------------------------------------

export interface StartOptions {
  /** Names the log file build/out/e2e/logs/NAME.log (and the temp dir). */
  name?: string;
  /** Seed the data directory with `readyroom demo` before starting. */
  demo?: boolean;
  /**
   * Start on this many generated records: `readyroom seed --records N` into a
   * directory seeded once per run (a year of history takes a minute or so),
   * whose database is copied into this app's data directory.
   */
  seed?: number;
  /** Extra command-line arguments after --data DIR. */
  args?: string[];
  /** Extra environment for the app process. */
  env?: Record<string, string>;
  /** Console or page errors that are expected. */
  allowErrors?: RegExp[];
  /** A browser to open the page in (the runner shares one); else one is launched and closed with the app. */
  browser?: Browser;
  /** An existing data directory to use as it is, kept after close (the UI benchmarks reuse seeded ones). */
  dataDir?: string;
  /** Another dev binary and UI directory than devBinary and assetDir (the UI benchmarks compare builds). */
  binary?: string;
  assets?: string;
}

export class App {
  readonly port: number;
  readonly url: string;
  /** The app's data directory (--data), kept across restart(). */
  readonly dataDir: string;
  /** Log of the app's stdout and stderr, across restarts. */
  readonly logPath: string;
  /** The dev binary and the UI directory this app runs. */
  readonly binary: string;
  readonly assets: string;
  browser!: Browser;
  context!: BrowserContext;
  page!: Page;

  private readonly tmp: string;
  private readonly opts: StartOptions;
  private readonly allowed: RegExp[];
  private readonly unexpected: string[] = [];
  private ownsBrowser = false;
  private child: ChildProcess | undefined;
  private exited: Promise<void> = Promise.resolve();
  private ignoreErrors = false;
  private closed = false;
  private stopping = false;
  private crash = "";

  private constructor(port: number, tmp: string, opts: StartOptions) {
    this.port = port;
    this.url = `http://127.0.0.1:${port}/`;
    this.tmp = tmp;
    this.dataDir = opts.dataDir ? resolve(opts.dataDir) : join(tmp, "data");
    this.binary = opts.binary ? resolve(opts.binary) : devBinary;
    this.assets = opts.assets ? resolve(opts.assets) : assetDir;
    this.opts = opts;
    this.allowed = [...wailsDevNoise, ...(opts.allowErrors ?? [])];
    mkdirSync(join(outDir, "logs"), { recursive: true });
    this.logPath = join(outDir, "logs", `${slug(opts.name ?? "app")}.log`);
  }

  /** Starts the dev binary on a free port with a fresh data directory and opens the page. */
  static async start(opts: StartOptions = {}): Promise<App> {
    const binary = opts.binary ?? devBinary;
    const assets = opts.assets ?? assetDir;
    if (!existsSync(binary)) throw new Error(`${binary} not found: run 'make devbuild'`);
    if (!existsSync(join(assets, "index.html"))) throw new Error(`${assets}/index.html not found: run 'make frontend'`);
    if (!process.env.DISPLAY) throw new Error("DISPLAY is not set: run the tests with build/scripts/e2e.sh (it starts Xvfb)");
    const tmp = mkdtempSync(join(tmpdir(), `readyroom-e2e-${slug(opts.name ?? "app").slice(0, 30)}-`));
    liveDirs.add(tmp);
    const app = new App(await freePort(), tmp, opts);
    try {
      rmSync(app.logPath, { force: true });
      mkdirSync(app.dataDir, { recursive: true });
      if (opts.demo) app.seedDemo();
      if (opts.seed) app.seedRecords(opts.seed);
      await app.startProcess();
      if (opts.browser) {
        app.browser = opts.browser;
      } else {
        app.browser = await launchBrowser();
        app.ownsBrowser = true;
      }
      app.context = await app.browser.newContext({ viewport: { width: 1280, height: 800 } });
      app.context.setDefaultTimeout(timeouts.action);
      app.context.setDefaultNavigationTimeout(timeouts.navigation);
      app.page = await app.context.newPage();
      app.watch(app.page);
      await app.page.goto(app.url, { waitUntil: "load" });
      return app;
    } catch (e) {
      await app.close();
      throw e;
    }
  }

  /** The pid of the running app process (0 if none). */
  get pid(): number {
    return this.child?.pid ?? 0;
  }

  /** Runs `readyroom-dev demo --data DIR` (bounded to 30 s). */
  seedDemo(): void {
    const r = spawnSync(this.binary, ["demo", "--data", this.dataDir], {
      env: this.appEnv(),
      encoding: "utf8",
      timeout: 30_000,
    });
    if (r.status !== 0) throw new Error(`readyroom demo failed (${r.status ?? r.signal}): ${r.stderr || r.error?.message}`);
  }

  /** Copies the database of n generated records (seededData) into the data directory. */
  seedRecords(n: number): void {
    copyFileSync(join(seededData(n, this.binary), "readyroom.db"), join(this.dataDir, "readyroom.db"));
  }

  private appEnv(): Record<string, string | undefined> {
    const xdg = join(this.tmp, "xdg");
    for (const d of ["config", "cache", "share", "runtime"]) mkdirSync(join(xdg, d), { recursive: true, mode: 0o700 });
    return {
      ...process.env,
      // Wails dev builds read these: serve the UI from assetdir and the
      // bindings over a websocket on devserver.
      devserver: `127.0.0.1:${this.port}`,
      assetdir: this.assets,
      // WebKit's caches and storage stay inside this app's temp dir.
      XDG_CONFIG_HOME: join(xdg, "config"),
      XDG_CACHE_HOME: join(xdg, "cache"),
      XDG_DATA_HOME: join(xdg, "share"),
      XDG_RUNTIME_DIR: join(xdg, "runtime"),
      NO_AT_BRIDGE: "1",
      ...this.opts.env,
    };
  }

  private async startProcess(): Promise<void> {
    appendFileSync(this.logPath, `--- start ${new Date().toISOString()} port ${this.port} data ${this.dataDir}\n`);
    const fd = openSync(this.logPath, "a");
    let child: ChildProcess;
    try {
      child = spawn(this.binary, ["--data", this.dataDir, ...(this.opts.args ?? [])], {
        env: this.appEnv(),
        stdio: ["ignore", fd, fd],
      });
    } finally {
      closeSync(fd);
    }
    this.child = child;
    let exitInfo = "";
    this.exited = new Promise<void>((res) => {
      child.once("exit", (code, signal) => {
        exitInfo = signal ? `signal ${signal}` : `code ${code}`;
        if (!this.stopping && !this.crash) this.crash = `the app exited by itself (${exitInfo}) while the test ran; log: ${this.logPath}`;
        if (child.pid) livePids.delete(child.pid);
        res();
      });
      child.on("error", (err) => {
        exitInfo = err.message;
        res();
      });
    });
    if (child.pid) livePids.add(child.pid);

    const deadline = Date.now() + timeouts.appStart;
    for (;;) {
      if (exitInfo) {
        throw new Error(`the app exited (${exitInfo}) before serving ${this.url}:\n${tail(this.logPath, 15)}`);
      }
      const status = await httpStatus(this.url);
      if (status >= 200 && status < 500) return;
      if (Date.now() > deadline) {
        throw new Error(`the app did not serve ${this.url} within ${timeouts.appStart} ms (last status ${status}):\n${tail(this.logPath, 15)}`);
      }
      await sleep(100);
    }
  }

  /** Stops the app process (its pid only: SIGTERM, then SIGKILL), and any of its helpers left 5 s later. */
  private async stopProcess(): Promise<void> {
    const child = this.child;
    this.child = undefined;
    if (!child?.pid) return;
    const pid = child.pid;
    if (child.exitCode !== null || child.signalCode !== null) return;
    const helpers = descendants(pid);
    this.stopping = true;
    child.kill("SIGTERM");
    const stopped = await Promise.race([this.exited.then(() => true), sleep(timeouts.appStop).then(() => false)]);
    if (!stopped) {
      child.kill("SIGKILL");
      await Promise.race([this.exited, sleep(5000)]);
    }
    livePids.delete(pid);
    this.stopping = false;
    const deadline = Date.now() + 5000;
    while (helpers.some(isAlive) && Date.now() < deadline) await sleep(50);
    for (const h of helpers.filter(isAlive)) {
      try {
        process.kill(h, "SIGKILL");
      } catch {
        /* gone */
      }
    }
  }

  /**
   * Kills the app (by its pid) and starts it again on the same data directory
   * and port, then reloads the page: for "a restart keeps everything" tests.
   * Errors the page logs while the app is down are ignored.
   */
  async restart(): Promise<void> {
    this.ignoreErrors = true;
    try {
      await this.stopProcess();
      await this.startProcess();
      await this.page.goto(this.url, { waitUntil: "load" });
    } finally {
      this.ignoreErrors = false;
    }
  }

  /** Opens another page (tab) on the app, with the same error checks. */
  async newPage(): Promise<Page> {
    const p = await this.context.newPage();
    this.watch(p);
    await p.goto(this.url, { waitUntil: "load" });
    return p;
  }

  /**
   * Calls a bound Go method in the page, e.g. call("app.App.Info") or
   * call("app.App.SetAuthorName", "Sam"). A Go error rejects with its message.
   */
  async call<T = unknown>(method: string, ...args: unknown[]): Promise<T> {
    return this.page.evaluate(
      async ([m, a]) => {
        const [pkg, struct, fn] = (m as string).split(".");
        const f = window.go?.[pkg]?.[struct]?.[fn];
        if (typeof f !== "function") throw new Error(`window.go.${m} is not a bound method`);
        return f(...(a as unknown[]));
      },
      [method, args] as const,
    ) as Promise<T>;
  }

  /**
   * Saves a screenshot of the page to build/out/e2e/NAME.png and returns the
   * path. Every state a test takes a picture of is also scanned by axe-core in
   * the light and the dark theme (a11y.ts), and the test fails on a critical or
   * serious violation; { a11y: false } skips the scan (the runner's picture of
   * a failure).
   */
  async screenshot(name: string, page: Page = this.page, opts: { a11y?: boolean } = {}): Promise<string> {
    if (opts.a11y !== false) await checkA11y(page, name);
    mkdirSync(outDir, { recursive: true });
    const path = join(outDir, `${slug(name)}.png`);
    await page.screenshot({ path, fullPage: false });
    return path;
  }

  /** Allows console or page errors matching re from now on. */
  allowError(re: RegExp): void {
    this.allowed.push(re);
  }

  /** Unexpected console errors and page errors so far. */
  get errors(): readonly string[] {
    return this.unexpected;
  }

  /** Returns the unexpected errors so far and forgets them (for tests that provoke one on purpose). */
  takeErrors(): string[] {
    return this.unexpected.splice(0);
  }

  /** Fails if the app process exited on its own, or the page logged an unexpected console error or page error. */
  expectNoErrors(): void {
    if (this.crash) throw new AssertionError(this.crash);
    if (this.unexpected.length) {
      throw new AssertionError(`unexpected errors in the page:\n  ${this.unexpected.join("\n  ")}`);
    }
  }

  private record(kind: string, text: string): void {
    if (this.ignoreErrors || this.closed) return;
    if (this.allowed.some((re) => re.test(text))) return;
    this.unexpected.push(`${kind}: ${text}`);
  }

  private watch(page: Page): void {
    page.on("console", (msg) => {
      if (msg.type() !== "error") return;
      const loc = msg.location();
      this.record("console.error", `${msg.text()}${loc.url ? ` (${loc.url}:${loc.lineNumber})` : ""}`);
    });
    page.on("pageerror", (err) => this.record("page error", err.stack || err.message));
    page.on("crash", () => this.record("crash", "the page crashed"));
  }

  /** Closes the page, the browser if the app launched it, stops the app and removes its temp dir. Safe to call twice. */
  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    try {
      if (this.context) await withTimeout(this.context.close(), 10_000, "closing the browser context").catch(() => {});
      if (this.ownsBrowser && this.browser) await withTimeout(this.browser.close(), 10_000, "closing the browser").catch(() => {});
    } finally {
      await this.stopProcess();
      rmSync(this.tmp, { recursive: true, force: true });
      liveDirs.delete(this.tmp);
    }
  }
}

/**
 * A data directory of n generated records (`readyroom seed --records n`, a
 * year of history), seeded once per run (bounded to 5 minutes) and removed
 * at exit. The runner calls it before a test's app starts, outside the
 * start's time limit.
 */
export function seededData(n: number, binary = devBinary): string {
  const dir = join(tmpdir(), `readyroom-e2e-seed-${process.pid}-${n}`);
  if (!existsSync(join(dir, ".seeded"))) {
    liveDirs.add(dir);
    rmSync(dir, { recursive: true, force: true });
    const env: Record<string, string | undefined> = { ...process.env };
    delete env.DISPLAY;
    const r = spawnSync(binary, ["seed", "--records", String(n), "--data", dir], { env, encoding: "utf8", timeout: 300_000 });
    if (r.status !== 0) throw new Error(`readyroom seed --records ${n} failed (${r.status ?? r.signal}): ${r.stderr || r.error?.message}`);
    writeFileSync(join(dir, ".seeded"), "");
  }
  return dir;
}

/** Starts an app (see App.start). */
export function startApp(opts: StartOptions = {}): Promise<App> {
  return App.start(opts);
}

/** Runs fn with a fresh app and always closes it, for scripts outside the runner. */
export async function withApp<T>(fn: (app: App) => Promise<T>, opts: StartOptions = {}): Promise<T> {
  const app = await App.start(opts);
  try {
    return await fn(app);
  } finally {
    await app.close();
  }
}
