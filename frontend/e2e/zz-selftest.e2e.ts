import { assert, assertEqual, test, sleep } from "./harness";
import { existsSync } from "node:fs";

test("restart keeps the data dir and port", async (app) => {
  const pid1 = app.pid, dir = app.dataDir;
  await app.restart();
  assert(app.pid !== pid1 && app.pid > 0, `new pid ${app.pid} vs ${pid1}`);
  assertEqual(app.dataDir, dir, "dataDir");
  assert(existsSync(dir + "/db"), "db file kept");
  const info = await app.call<{ version: string }>("app.App.Info");
  assertEqual(info.version, "mock-1.0", "version");
});
test("EXPECTED FAIL: assertion", async () => { assert(false, "deliberate"); });
test("EXPECTED FAIL: console error", async (app) => { await app.page.evaluate(() => console.error("boom")); await sleep(200); });
test("allowed console error", async (app) => { await app.page.evaluate(() => console.error("boom-ok")); await sleep(200); }, { allowErrors: [/boom-ok/] });
test("EXPECTED FAIL: page error", async (app) => { await app.page.evaluate(() => setTimeout(() => { throw new Error("kaboom"); }, 0)); await sleep(300); });
test("EXPECTED FAIL: timeout", async (app) => { await app.page.waitForTimeout(60_000); }, { timeoutMs: 2000 });
test("EXPECTED FAIL: unknown binding", async (app) => { await app.call("app.App.Nope"); });
test("second app via ctx.start", async (app, ctx) => {
  const b = await ctx.start();
  assert(b.port !== app.port, "different port");
  assertEqual((await b.call<{ version: string }>("app.App.Info")).version, "mock-1.0", "b version");
});
test("long one", async (app) => { await app.page.waitForTimeout(50_000); }, { timeoutMs: 60_000 });
