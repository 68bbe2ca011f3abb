// The SDM's desk on a year of seeded history (1,000 records): a service's
// page shows the figures `readyroom services NAME --json` prints for the
// same data, a record shows its readiness over time, "My work" lists what
// a chosen person owns under any spelling of the name, and the new-record
// questionnaire says what the seeded service Identity's clean run means.
import { spawnSync } from "node:child_process";
import type { Page } from "playwright-core";
import { assert, assertEqual, devBinary, inWords, seededData, test, waitFor } from "./harness";

function rr(dataDir: string, ...args: string[]): string {
  const r = spawnSync(devBinary, [...args, "--data", dataDir], { timeout: 180_000, encoding: "utf8" });
  assertEqual(r.status, 0, `readyroom ${args.join(" ")}: ${r.stderr}`);
  return String(r.stdout).trim();
}

type Figures = {
  releases: number;
  inFlight: number;
  perMonth: { month: string; count: number }[];
  releasesPerMonthTenths: number;
  leadTimeDays: number;
  readyAtGo: number;
  goCount: number;
  failed: number;
  failureRate: number;
  restores: number;
  restoreMedian: number;
  restoreMean: number;
  hypercareExited: number;
  hypercarePlanned: number;
  hypercareActual: number;
  hypercareLonger: number;
};
type Page_ = { service: string; figures: Figures; releases: { id: string; title: string; failures: string[] }[] };

// Minutes in words as the page says them (and the command line and the pack).
function duration(m: number): string {
  if (m < 60) return `${m} min`;
  if (m < 24 * 60) return m % 60 === 0 ? `${m / 60} h` : `${Math.floor(m / 60)} h ${m % 60} min`;
  const d = Math.floor(m / 1440);
  const h = Math.floor((m % 1440) / 60);
  return h === 0 ? `${d} d` : `${d} d ${h} h`;
}

async function text(page: Page, testid: string): Promise<string> {
  return ((await page.getByTestId(testid).textContent()) ?? "").trim();
}

test("a service page shows the figures `readyroom services NAME --json` prints", async (app) => {
  // The app runs on a copy of the seeded database: the command line reads the original.
  const want = JSON.parse(rr(seededData(1000), "services", "Checkout", "--json")) as Page_;
  const f = want.figures;
  assert(f.releases > 10 && f.failed > 0 && f.restores > 0 && f.goCount > 0 && f.hypercareExited > 0, `seeded Checkout has every figure: ${JSON.stringify(f)}`);
  const page = app.page;

  // Portfolio header → Services → Checkout, by keyboard-reachable links.
  await page.getByRole("navigation", { name: "Main" }).getByRole("button", { name: "Portfolio" }).click();
  await page.getByTestId("delivery-strip").waitFor();
  await page.getByRole("navigation", { name: "Desk" }).getByRole("link", { name: "Services" }).click();
  await page.getByRole("heading", { name: "Services", level: 1 }).waitFor();
  const row = page.locator('tr[data-service="Checkout"]');
  assertEqual((await row.locator('[data-col="failure"]').textContent())?.replace(/\s+/g, " ").trim().startsWith(`${f.failureRate}% (${f.failed} of ${f.releases})`), true,
    "the services table's change failure rate");
  await row.getByRole("link", { name: "Checkout" }).click();
  await page.getByRole("heading", { name: "Checkout", level: 1 }).waitFor();
  await page.getByTestId("failure-rate").waitFor();

  assertEqual(await text(page, "service-counts"), `${f.releases} releases live, ${f.inFlight} in flight.`, "releases");
  assertEqual(await text(page, "per-month"), `${Math.floor(f.releasesPerMonthTenths / 10)}.${f.releasesPerMonthTenths % 10}`, "releases a month");
  assertEqual(await text(page, "lead-time"), String(f.leadTimeDays), "lead time");
  assertEqual(await text(page, "ready-at-go"), String(f.readyAtGo), "readiness at go/no-go");
  assertEqual(await text(page, "failure-rate"), String(f.failureRate), "change failure rate");
  assertEqual(await text(page, "failed"), String(f.failed), "failed releases");
  assertEqual(await text(page, "restore-median"), duration(f.restoreMedian), "time to restore, median");
  assertEqual(await text(page, "restore-mean"), duration(f.restoreMean), "time to restore, mean");
  assertEqual(await text(page, "hypercare-actual"), String(f.hypercareActual), "hypercare taken");
  assertEqual(await text(page, "hypercare-longer"), String(f.hypercareLonger), "hypercare longer than planned");
  // The failed releases, each with why.
  const failed = want.releases.filter((r) => r.failures.length > 0);
  const items = page.getByTestId("failed-releases").locator("li");
  assertEqual(await items.count(), failed.length, "failed releases listed");
  const first = ((await items.first().textContent()) ?? "").replace(/\s+/g, " ");
  assert(first.includes(failed[0].title) && first.includes(failed[0].failures[0]), `first failed release with why: ${first}`);
  // The charts say their numbers: every month's go-lives, and the bands as a reference.
  const bars = (await page.locator('[data-figure="releases"] svg[role="img"]').first().getAttribute("aria-label")) ?? "";
  const total = f.perMonth.reduce((n, m) => n + m.count, 0);
  assert(bars.endsWith(`; ${total} in all`), `month bars say the go-lives: ${bars}`);
  const scale = (await page.locator('[data-figure="failure"] svg[role="img"]').getAttribute("aria-label")) ?? "";
  assert(scale.startsWith(`Change failure rate: ${f.failureRate}%, in the DORA `) && scale.endsWith("bands for reference"), `band scale: ${scale}`);
  assert((await page.getByText("are shown for reference").count()) === 1, "the page says the bands are for reference");

  await app.screenshot("desk-service-page");
  // A release opens; its sidebar shows readiness over time, as the record's log gives it.
  await items.first().getByRole("link").click();
  await page.getByRole("heading", { name: failed[0].title, level: 1 }).waitFor();
  const chart = page.getByTestId("readiness-over-time").locator('svg[role="img"]');
  await chart.waitFor();
  const curve = await app.call<{ days: { day: string; percent: number }[]; wentLive: string; ceremonies: unknown[] }>(
    "app.RecordService.ReadinessOverTime", failed[0].id);
  assert(curve.days.length > 1 && curve.wentLive !== "", `a seeded release has a history up to go-live: ${JSON.stringify(curve)}`);
  const label = (await chart.getAttribute("aria-label")) ?? "";
  const last = curve.days[curve.days.length - 1];
  assert(label.startsWith(`Readiness ${curve.days[0].percent}% on ${inWords(curve.days[0].day)}`) && label.includes(`${last.percent}% on ${inWords(last.day)} (went live)`),
    `the chart says the numbers: ${label}`);
  assertEqual(await page.getByTestId("readiness-over-time").locator("line.mark").count(), curve.ceremonies.length, "ceremonies marked");
  await page.getByTestId("readiness-over-time").scrollIntoViewIfNeeded();
  await app.screenshot("desk-readiness-over-time");
}, { seed: 1000, timeoutMs: 300_000 });

test("My work lists what a chosen person owns, under any spelling, soonest first", async (app) => {
  const page = app.page;
  await page.getByRole("navigation", { name: "Main" }).getByRole("button", { name: "Portfolio" }).click();
  const rows = await app.call<{ records: { id: string; title: string; state: string }[] }>("app.RecordService.Rows");
  const open = rows.records.filter((r) => r.state === "preparing" || r.state === "draft");
  assert(open.length >= 2, "seeded records in preparation");
  const [a, b] = open;
  const itemsOf = async (id: string) => {
    const v = await app.call<{ record: { sections: { id: string; retired?: boolean; items: { id: string; status: string }[] | null }[] } }>(
      "app.RecordService.GetRecord", id);
    // Items still to do: a done or n/a item is nobody's work.
    return v.record.sections.filter((s) => !s.retired).flatMap((s) =>
      (s.items ?? []).filter((it) => it.status !== "done" && it.status !== "na").map((it) => ({ section: s.id, id: it.id })));
  };
  const [ia, ib] = [await itemsOf(a.id), await itemsOf(b.id)];
  const soon = new Date(Date.now() + 3 * 86_400_000).toISOString().slice(0, 10);
  const later = new Date(Date.now() + 9 * 86_400_000).toISOString().slice(0, 10);
  // Three spellings of one new name: an owner with no due date, one due soon, an action due later.
  await app.call("app.RecordService.SetItemField", a.id, ia[0].id, "owner", "Zoë Quill");
  await app.call("app.RecordService.SetItemField", b.id, ib[1].id, "owner", "Quill, Zoe");
  await app.call("app.RecordService.SetItemField", b.id, ib[1].id, "due", soon);
  await app.call("app.LifecycleService.SaveAction", a.id, { id: "", text: "Book the load test", owner: "zoe quill", due: later, done: false, source: "" });

  await page.getByRole("navigation", { name: "Desk" }).getByRole("link", { name: "My work" }).click();
  await page.getByRole("heading", { name: "My work", level: 1 }).waitFor();
  // The name field suggests the people directory, the new name among them.
  assertEqual(await page.locator("#mywork-person").getAttribute("list"), "people-names", "the person field suggests people");
  // One entry for the three spellings (shown as whichever the records use most).
  await waitFor(async () => (await page.locator("#people-names option").evaluateAll((os) =>
    os.filter((o) => /quill/i.test((o as HTMLOptionElement).value)).length)) === 1, "Zoë Quill in the suggestions, once");
  await page.locator("#mywork-person").fill("QUILL, Zoë");
  await page.getByRole("button", { name: "Show" }).click();
  await waitFor(async () => (await text(page, "mywork-count")).startsWith("3 things for QUILL, Zoë"), "three things listed")
    .catch(async (e) => {
      await app.screenshot("desk-mywork-listed");
      throw new Error(`${e}: the page says ${await text(page, "mywork-count").catch(() => "nothing")}`);
    });
  const got = await page.locator("[data-testid=mywork-table] tbody tr").evaluateAll((trs) =>
    trs.map((tr) => [tr.getAttribute("data-kind"), tr.getAttribute("data-record")]));
  assertEqual(JSON.stringify(got), JSON.stringify([["item", b.id], ["action", a.id], ["item", a.id]]), "soonest first, undated last");
  assert((await text(page, "mywork-count")).includes("also spelt"), "the other spellings are said");

  // Each opens the right place: the item's section of its record.
  await page.locator("[data-testid=mywork-table] tbody tr").first().getByRole("link").click();
  await page.getByRole("heading", { name: b.title, level: 1 }).waitFor();
  const item = page.locator(`li.item[data-item="${ib[1].id}"]`);
  await item.waitFor();
  // The owner field there picks from the same directory.
  await item.getByTitle("Show guidance and details").click();
  assertEqual(await item.getByLabel("Owner").getAttribute("list"), "people-names", "the owner field suggests people");

  // The people directory shows the merged spellings.
  await page.getByRole("navigation", { name: "Main" }).getByRole("button", { name: "Portfolio" }).click();
  await page.getByRole("navigation", { name: "Desk" }).getByRole("link", { name: "People" }).click();
  const zoe = page.locator('tr[data-person="Zoë Quill"], tr[data-person="Quill, Zoe"], tr[data-person="zoe quill"]');
  await zoe.waitFor();
  const also = ((await zoe.locator(".also").textContent()) ?? "").trim();
  assertEqual(also.split(" · ").length, 2, `two more spellings: ${also}`);
}, { seed: 1000, timeoutMs: 300_000 });

test("the questionnaire gives Identity's clean run as a reason", async (app) => {
  const page = app.page;
  await page.getByRole("button", { name: "New record" }).first().click();
  await page.locator("#nr-service").fill("Identity");
  await page.locator("#nr-title").fill("Passkeys for staff");
  await page.locator("#nr-squad").fill("Squad Lynx");
  await page.locator("#nr-sdm").fill("Priya Raman");
  await page.locator("#nr-maintenanceTeam").fill("Identity Run");
  await page.locator("#nr-goLive").fill(new Date(Date.now() + 30 * 86_400_000).toISOString().slice(0, 10));
  await page.getByRole("button", { name: "Next" }).click();
  const reason = page.getByTestId("tier-history");
  await reason.waitFor();
  const t = ((await reason.textContent()) ?? "").replace(/\s+/g, " ");
  assert(/went live with no P1\/P2 in hypercare and no rollback/.test(t) && t.includes("Silver"), `the track record's reason: ${t}`);
}, { seed: 1000, timeoutMs: 300_000 });
