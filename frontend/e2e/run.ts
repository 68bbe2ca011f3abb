// The end-to-end runner: loads every *.e2e.ts test file (compiled next to this
// one), runs each test with a fresh app, prints a PASS or FAIL line per test and
// finally "N passed, N failed"; exits 1 if anything failed.
//
//   build/scripts/e2e.sh [FILTER...]   runs the tests whose "file › name" contains a FILTER

import { readdirSync } from "node:fs";
import { join } from "node:path";
import {
  App,
  AssertionError,
  errorText,
  killEverythingNow,
  launchBrowser,
  outDir,
  registry,
  seededData,
  setCurrentFile,
  timeouts,
  withTimeout,
  type StartOptions,
} from "./harness";
import type { Browser } from "playwright-core";

function out(line: string): void {
  process.stdout.write(line + "\n");
}

function indent(text: string): string {
  return text
    .split("\n")
    .map((l) => "    " + l)
    .join("\n");
}

/** An assertion's message; for anything else, the message and where it came from. */
function describe(e: unknown): string {
  if (e instanceof AssertionError || !(e instanceof Error) || !e.stack) return errorText(e);
  return e.stack.replace(/\x1b\[[0-9;]*m/g, "").split("\n").slice(0, 8).join("\n");
}

let passed = 0;
let failed = 0;
/** Unhandled promise rejections while the current test ran. */
const strayRejections: string[] = [];

async function main(): Promise<number> {
  const filters = process.argv.slice(2).filter((a) => a !== "");
  const files = readdirSync(__dirname)
    .filter((f) => f.endsWith(".e2e.js"))
    .sort();
  for (const f of files) {
    const name = f.replace(/\.e2e\.js$/, "");
    setCurrentFile(name);
    try {
      require(join(__dirname, f));
    } catch (e) {
      failed++;
      out(`FAIL ${name} (loading the file)\n${indent(describe(e))}`);
    }
  }
  const tests = registry.filter((t) => filters.length === 0 || filters.some((f) => `${t.file} › ${t.name}`.includes(f)));
  if (tests.length === 0) {
    out(`no tests found${filters.length ? ` matching ${filters.join(", ")}` : ""} in ${__dirname}`);
    out(`0 passed, ${Math.max(failed, 1)} failed`);
    return 1;
  }

  let browser: Browser | undefined;
  try {
    browser = await launchBrowser();
    for (const t of tests) {
      const title = `${t.file} › ${t.name}`;
      const started = Date.now();
      const apps: App[] = [];
      const start = async (opts: StartOptions = {}): Promise<App> => {
        const app = await withTimeout(
          App.start({ browser, ...opts, name: opts.name ?? `${t.file}-${t.name}-${apps.length + 1}` }),
          timeouts.appStart + timeouts.navigation + 5_000,
          "starting the app",
        );
        apps.push(app);
        return app;
      };
      let failure = "";
      try {
        if (t.opts.seed) seededData(t.opts.seed); // once per run, before the app's time to start runs
        const app = await start({ name: `${t.file}-${t.name}`, demo: t.opts.demo, seed: t.opts.seed, allowErrors: t.opts.allowErrors });
        strayRejections.length = 0;
        await withTimeout(t.fn(app, { start }), t.opts.timeoutMs ?? timeouts.test, "the test");
        await new Promise((r) => setTimeout(r, 0)); // let a stray rejection surface
        if (strayRejections.length) {
          throw new AssertionError(`a promise was rejected and never awaited (a missing await?):\n  ${strayRejections.join("\n  ")}`);
        }
        for (const a of apps) a.expectNoErrors();
      } catch (e) {
        failure = describe(e);
        if (!failure.startsWith("unexpected errors in the page")) {
          for (const a of apps) {
            if (a.errors.length) failure += `\nalso, unexpected errors in the page:\n  ${a.errors.join("\n  ")}`;
          }
        }
        const shot = apps[0];
        if (shot?.page) {
          const p = await withTimeout(shot.screenshot(`FAIL-${t.file}-${t.name}`, shot.page, { a11y: false }), 10_000, "screenshot").catch(() => "");
          if (p) failure += `\nscreenshot: ${p}`;
        }
        if (shot) failure += `\napp log: ${shot.logPath}`;
      } finally {
        for (const a of apps) await a.close().catch(() => {});
      }
      const took = ((Date.now() - started) / 1000).toFixed(1);
      if (failure) {
        failed++;
        out(`FAIL ${title} (${took} s)\n${indent(failure)}`);
      } else {
        passed++;
        out(`PASS ${title} (${took} s)`);
      }
    }
  } catch (e) {
    out(`FAIL the runner: ${errorText(e)}`);
    failed++;
  } finally {
    if (browser) await withTimeout(browser.close(), 10_000, "closing the browser").catch(() => {});
  }
  out(`screenshots and app logs: ${outDir}`);
  out(`${passed} passed, ${failed} failed`);
  return failed === 0 ? 0 : 1;
}

for (const sig of ["SIGINT", "SIGTERM", "SIGHUP"] as const) {
  process.on(sig, () => {
    out(`interrupted (${sig}): stopping the apps`);
    killEverythingNow();
    out(`${passed} passed, ${failed + 1} failed`);
    process.exit(130);
  });
}
process.on("unhandledRejection", (reason) => {
  // A test that timed out can leave a Playwright call pending; it rejects once
  // its page is closed. That is not a new failure. Anything else (a promise a
  // test forgot to await) fails the test that is running.
  const text = errorText(reason);
  if (/has been closed|Target closed|browser has disconnected/i.test(text)) return;
  strayRejections.push(text);
});

main().then(
  (code) => process.exit(code),
  (e) => {
    out(`FAIL the runner: ${errorText(e)}`);
    out("0 passed, 1 failed");
    process.exit(1);
  },
);
