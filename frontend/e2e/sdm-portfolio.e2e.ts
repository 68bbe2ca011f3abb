// The service delivery manager's portfolio at 1,000 records (issue 17,
// criteria 1, 5 and 10): `readyroom seed --records 1000` makes a year of
// history; the home's stat cards and "and N more" open the portfolio
// filtered, and the figures match; sorting and filters work from the
// keyboard alone; a saved view survives a reload; a freeze period set in its
// dialog and two go-lives on one day show as collisions on the portfolio and
// in the go/no-go form, each naming the other record.
import type { Page } from "playwright-core";
import { App, assert, assertEqual, inWords, test, waitFor } from "./harness";

const SEED = 1000;
const LONG = 420_000; // seeding once per run, then a window on 1,000 records on a loaded machine

interface Row {
  id: string;
  title: string;
  service: string;
  squad: string;
  tier: string;
  state: string;
  rag: string;
  goLive: string;
  percent: number;
  owners: string[] | null;
  blocked: number;
  overdue: number;
  needs: number;
}

async function rowsOf(app: App): Promise<{ today: string; records: Row[] }> {
  return app.call("app.RecordService.Rows");
}

/** Presses Tab (bounded) until the focused element matches the selector (and holds the text, when given). */
async function tabTo(page: Page, selector: string, text = "", max = 400): Promise<void> {
  for (let i = 0; i < max; i++) {
    const there = await page.evaluate(
      ([s, t]) => {
        const el = document.activeElement;
        return !!el?.matches(s) && (el.textContent ?? "").includes(t);
      },
      [selector, text] as const,
    );
    if (there) return;
    await page.keyboard.press("Tab");
  }
  throw new Error(`Tab never reached ${selector} ${text} in ${max} presses`);
}

async function openPortfolioByKeyboard(page: Page): Promise<void> {
  await tabTo(page, "nav[aria-label=Main] button", "Portfolio");
  await page.keyboard.press("Enter");
  await page.getByRole("heading", { name: "Portfolio", exact: true }).waitFor();
  await page.locator("tr[data-row]").first().waitFor({ timeout: 60_000 });
}

const count = async (page: Page) => Number(await page.locator("[data-count]").getAttribute("data-count"));
const fact = async (page: Page, name: string) => Number(await page.locator(`[data-fact=${name}] strong`).textContent());
const stat = async (page: Page, name: string) => Number(await page.locator(`[data-stat=${name}] strong`).textContent());
const shownIds = async (page: Page) => page.locator("tr[data-row]").evaluateAll((trs) => trs.map((tr) => tr.getAttribute("data-row") ?? ""));

async function home(page: Page): Promise<void> {
  await page.locator("nav[aria-label=Main]").getByRole("button", { name: "Home" }).click();
  await page.locator("[data-stat=records]").waitFor();
}

test(
  "1,000 records: each stat card and \"and N more\" opens the portfolio filtered, and the figures match",
  async (app) => {
    const page = app.page;
    await page.locator("[data-stat=records]").waitFor({ timeout: 60_000 });
    const { records, today } = await rowsOf(app);
    assertEqual(records.length, SEED, "seeded records");
    assertEqual(await stat(page, "records"), SEED, "the records card");
    await app.screenshot("sdm-home-1000");

    // Items overdue: the card from the keyboard; the portfolio lists the records
    // with any, and their overdue items add up to the card.
    const overdue = await stat(page, "overdue");
    assert(overdue > 0, "the seeded records have overdue items");
    await page.locator("[data-stat=overdue]").focus();
    await page.keyboard.press("Enter");
    await page.getByRole("heading", { name: "Portfolio", exact: true }).waitFor();
    await waitFor(async () => (await count(page)) === records.filter((r) => r.overdue > 0).length, "the records with overdue items");
    assertEqual(await fact(page, "overdue"), overdue, "overdue items in the records listed");
    assert(await page.locator("input[name=pf-has][value=overdue]").isChecked(), "the Overdue items filter is on");
    await app.screenshot("sdm-portfolio-overdue");

    await home(page);
    const blocked = await stat(page, "blocked");
    await page.locator("[data-stat=blocked]").click();
    await waitFor(async () => (await count(page)) === records.filter((r) => r.blocked > 0).length, "the records with blocked items");
    assertEqual(await fact(page, "blocked"), blocked, "blocked items in the records listed");
    assert(!(await page.locator("input[name=pf-has][value=overdue]").isChecked()), "the card's filter replaces the last one");

    // Go-lives in the next 14 days: that many records, by their go-live alone.
    await home(page);
    const soon = await stat(page, "soon");
    await page.locator("[data-stat=soon]").click();
    const end = new Date(Date.parse(today) + 14 * 86_400_000).toISOString().slice(0, 10);
    await waitFor(async () => (await count(page)) === soon, `${soon} go-lives in the next 14 days`);
    assertEqual(await page.locator("#pf-from").inputValue(), today, "from today");
    assertEqual(await page.locator("#pf-to").inputValue(), end, "to 14 days on");
    assert(await page.getByLabel("The go-live alone").isChecked(), "the go-live alone");

    // Needs: "and N more" opens the records they are in; their needs add up to all of them.
    await home(page);
    const needsShown = await page.locator("[data-need]").count();
    const more = page.locator("[data-more=needs]");
    const n = Number(/and (\d+) more/.exec((await more.textContent()) ?? "")?.[1]);
    assert(n > 0, "the home lists some of the needs");
    await more.click();
    await waitFor(async () => (await count(page)) === records.filter((r) => r.needs > 0).length, "the records with needs");
    assertEqual(await fact(page, "needs"), needsShown + n, "needs in the records listed");

    // The overdue and blocked list's "most urgent of N": records with either.
    await home(page);
    await page.locator("[data-more=attention]").click();
    await waitFor(async () => (await count(page)) === records.filter((r) => r.overdue + r.blocked > 0).length, "the records with overdue or blocked items");

    // And the records card: every record, no filter.
    await home(page);
    await page.locator("[data-stat=records]").click();
    await waitFor(async () => (await count(page)) === SEED, "every record");
    assert((await page.locator("[data-count]").textContent())?.trim().startsWith(String(SEED)), "no filter: the count alone");

    // The home lists its first rows; the rest are in the portfolio, whose
    // table holds only the rows in view (not a home table of them all), in
    // the home's order whatever order the portfolio was last left in.
    await page.locator("th[data-sort-key=squad] button").click();
    await page.locator("[data-order]").getByText("squad", { exact: false }).waitFor();
    await home(page);
    const homeRows = await page.locator("section[aria-labelledby=records-h] tbody tr").count();
    assert(homeRows > 0 && homeRows < SEED, `the home lists ${homeRows} of ${SEED} records`);
    await page.locator("[data-more=records]").getByText(`All ${SEED} records, in the portfolio`).click();
    await page.getByRole("heading", { name: "Portfolio", exact: true }).waitFor();
    await waitFor(async () => (await count(page)) === SEED, "every record, from the home's list");
    await page.locator("[data-order]").getByText("soonest go-live first, handed over and closed last", { exact: false }).waitFor();
  },
  { seed: SEED, timeoutMs: LONG },
);

test(
  "1,000 records: sorting and filters from the keyboard alone",
  async (app) => {
    const page = app.page;
    await page.locator("[data-stat=records]").waitFor({ timeout: 60_000 });
    const { records } = await rowsOf(app);
    await openPortfolioByKeyboard(page);
    const defaultOrder = records.map((r) => r.id);
    assertEqual(await page.locator("th[aria-sort]").count(), 0, "no column sorted at first");

    // Go-live: Enter on its header sorts ascending (records without one last),
    // again descending, a third time back to the default order.
    const byGoLive = (desc: boolean) =>
      [...records]
        .sort((a, b) => (!a.goLive !== !b.goLive ? (a.goLive ? -1 : 1) : !a.goLive ? 0 : (desc ? -1 : 1) * (a.goLive < b.goLive ? -1 : a.goLive > b.goLive ? 1 : 0)))
        .map((r) => r.id);
    await tabTo(page, "th[data-sort-key=goLive] button");
    await page.keyboard.press("Enter");
    await waitFor(async () => (await page.locator("th[data-sort-key=goLive]").getAttribute("aria-sort")) === "ascending", "aria-sort ascending");
    let shown = await shownIds(page);
    assert(shown.length >= 20, `rows rendered: ${shown.length}`);
    assertEqual(shown.join(), byGoLive(false).slice(0, shown.length).join(), "the rows by go-live, earliest first");
    await page.getByText("earliest go-live first").waitFor();
    await page.keyboard.press("Enter");
    await waitFor(async () => (await page.locator("th[data-sort-key=goLive]").getAttribute("aria-sort")) === "descending", "aria-sort descending");
    shown = await shownIds(page);
    assertEqual(shown.join(), byGoLive(true).slice(0, shown.length).join(), "the rows by go-live, latest first (ties in the default order)");
    await app.screenshot("sdm-sorted-golive-desc");
    await page.keyboard.press("Enter");
    await waitFor(async () => (await page.locator("th[aria-sort]").count()) === 0, "back to the default order");
    shown = await shownIds(page);
    assertEqual(shown.join(), defaultOrder.slice(0, shown.length).join(), "the default order again");

    // Readiness with Space: least ready first; ties keep the default order.
    await tabTo(page, "th[data-sort-key=readiness] button");
    await page.keyboard.press("Space");
    await waitFor(async () => (await page.locator("th[data-sort-key=readiness]").getAttribute("aria-sort")) === "ascending", "readiness ascending");
    shown = await shownIds(page);
    const byPercent = [...records].sort((a, b) => a.percent - b.percent).map((r) => r.id);
    assertEqual(shown.join(), byPercent.slice(0, shown.length).join(), "least ready first, stable");

    // RAG red with Space on its chip; then an owner by arrow key; then "has blocked".
    await tabTo(page, "input[name=pf-rag][value=red]");
    await page.keyboard.press("Space");
    let want = records.filter((r) => r.rag === "red");
    await waitFor(async () => (await count(page)) === want.length, `${want.length} red records`);
    const pills = await page.locator("tr[data-row] [data-rag]").evaluateAll((els) => els.map((e) => e.getAttribute("data-rag")));
    assert(pills.length > 0 && pills.every((r) => r === "red"), `every row shown is red: ${pills}`);

    await tabTo(page, "#pf-owner");
    await page.keyboard.press("ArrowDown");
    const owner = await page.locator("#pf-owner").inputValue();
    assert(owner !== "", "an owner chosen with the arrow key");
    want = want.filter((r) => (r.owners ?? []).includes(owner));
    await waitFor(async () => (await count(page)) === want.length, `${want.length} red records ${owner} owns something in`);

    await tabTo(page, "input[name=pf-has][value=blocked]");
    await page.keyboard.press("Space");
    want = want.filter((r) => r.blocked > 0);
    await waitFor(
      async () => (want.length ? (await count(page)) === want.length : await page.getByText("No record matches these filters").isVisible()),
      `${want.length} of them with blocked items`,
    );
    await app.screenshot("sdm-filtered-keyboard");

    // Clear filters from the keyboard: every record, still least ready first.
    await tabTo(page, "button:not([disabled])", "Clear filters");
    await page.keyboard.press("Enter");
    await waitFor(async () => (await count(page)) === SEED, "filters cleared");
    assertEqual(await page.locator("th[data-sort-key=readiness]").getAttribute("aria-sort"), "ascending", "the order stays");
  },
  { seed: SEED, timeoutMs: LONG },
);

test(
  "1,000 records: a saved view keeps its filters and order across a reload, and is deleted",
  async (app) => {
    const page = app.page;
    await page.locator("[data-stat=records]").waitFor({ timeout: 60_000 });
    const { records } = await rowsOf(app);
    await openPortfolioByKeyboard(page);

    await page.getByRole("group", { name: "Tier" }).getByText("Gold", { exact: true }).click();
    await page.locator("[data-filter=rag] label.chip", { hasText: "Amber" }).click();
    await page.locator("[data-filter=rag] label.chip", { hasText: "Red" }).click();
    await page.locator("th[data-sort-key=readiness] button").click();
    await page.locator("th[data-sort-key=readiness] button").click();
    const want = records.filter((r) => r.tier === "gold" && (r.rag === "amber" || r.rag === "red")).length;
    await waitFor(async () => (await count(page)) === want, `${want} Gold amber or red records`);
    const n = await count(page);
    const first = (await shownIds(page)).slice(0, 10).join();

    await page.getByRole("button", { name: "Save this view" }).click();
    const dialog = page.getByRole("dialog", { name: "Save this view" });
    await dialog.getByRole("button", { name: "Save view" }).click();
    await dialog.getByText("Name the view.").waitFor();
    await dialog.getByLabel("Name").fill("Gold at risk");
    await page.keyboard.press("Enter");
    await dialog.waitFor({ state: "hidden" });
    await page.locator("[data-view='Gold at risk']").waitFor();

    // Forget everything shown, reload the window, and apply the view.
    await page.getByRole("button", { name: "Clear filters" }).click();
    await waitFor(async () => (await count(page)) === SEED, "filters cleared");
    await page.reload();
    await page.locator("[data-stat=records]").waitFor({ timeout: 60_000 });
    await openPortfolioByKeyboard(page);
    assertEqual(await count(page), SEED, "a new window starts unfiltered");
    await tabTo(page, "[data-view='Gold at risk'] button.apply");
    await page.keyboard.press("Enter");
    await waitFor(async () => (await count(page)) === n, `the view's ${n} records`);
    assertEqual(await page.locator("th[data-sort-key=readiness]").getAttribute("aria-sort"), "descending", "the view's order");
    assertEqual((await shownIds(page)).slice(0, 10).join(), first, "the same rows first");
    assert(await page.locator("input[name=pf-rag][value=red]").isChecked(), "the view's RAG filter");
    await app.screenshot("sdm-saved-view");

    // Saving under the same name (another case) replaces it; deleting asks first.
    await page.getByRole("button", { name: "Save this view" }).click();
    await dialog.getByLabel("Name").fill("gold AT risk");
    await dialog.getByText("A view of this name exists: saving replaces it.").waitFor();
    await dialog.getByRole("button", { name: "Save view" }).click();
    await dialog.waitFor({ state: "hidden" });
    assertEqual(await page.locator("[data-view]").count(), 1, "one view");
    await page.getByRole("button", { name: "Delete the view gold AT risk" }).click();
    await page.getByRole("dialog").getByRole("button", { name: "Delete view" }).click();
    await waitFor(async () => (await page.locator("[data-view]").count()) === 0, "the view deleted");
    await page.reload();
    await page.locator("[data-stat=records]").waitFor({ timeout: 60_000 });
    await openPortfolioByKeyboard(page);
    assertEqual(await page.locator("[data-view]").count(), 0, "still deleted after a reload");
  },
  { seed: SEED, timeoutMs: LONG },
);

test(
  "1,000 records: a freeze period and a same-day go-live show as collisions on the portfolio and in the go/no-go form",
  async (app) => {
    const page = app.page;
    await page.locator("[data-stat=records]").waitFor({ timeout: 60_000 });
    const { records, today } = await rowsOf(app);
    // A record still to go live, with a squad, weeks ahead.
    const rec = records.find((r) => ["preparing", "ready"].includes(r.state) && r.goLive > today && r.squad);
    assert(rec, "a record still to go live");
    // A second release of its service on the same day.
    const other = await app.call<{ record: { id: string; title: string } }>("app.RecordService.CreateRecord", {
      service: rec.service, title: "Clash release", squad: "Squad Collide", sdm: "Dana Whitfield", maintenanceTeam: "Run",
      goLive: rec.goLive, tier: "silver", tierReason: "a small change", answers: {},
    });
    await openPortfolioByKeyboard(page);
    // The service's releases going live that day.
    await page.locator("#pf-service").selectOption(rec.service);
    await page.locator("#pf-from").fill(rec.goLive);
    await page.locator("#pf-to").fill(rec.goLive);
    await page.getByLabel("The go-live alone").check();
    await page.locator(`tr[data-row="${other.record.id}"]`).waitFor();

    // A freeze around its go-live, first with its end before its start: refused beside the field.
    const day = (d: string, n: number) => new Date(Date.parse(d) + n * 86_400_000).toISOString().slice(0, 10);
    await page.getByRole("button", { name: /Freeze periods/ }).click();
    const dialog = page.getByRole("dialog", { name: "Freeze periods" });
    await dialog.getByLabel("Name").fill("Peak week");
    await dialog.getByLabel("From").fill(day(rec.goLive, 1));
    await dialog.getByLabel("To").fill(day(rec.goLive, -1));
    await dialog.getByRole("button", { name: "Save" }).click();
    await dialog.locator("#fz-to-0-err").getByText("ends", { exact: false }).waitFor();
    assertEqual((await app.call<unknown[]>("app.DeskService.Freezes")).length, 0, "nothing stored after a refusal");
    await app.screenshot("sdm-freeze-refused");
    await dialog.getByLabel("From").fill(day(rec.goLive, -1));
    await dialog.getByLabel("To").fill(day(rec.goLive, 1));
    await dialog.getByRole("button", { name: "Save" }).click();
    await dialog.waitFor({ state: "hidden" });
    await page.getByRole("button", { name: "Freeze periods (1)" }).waitFor();

    // On the portfolio: the freeze, and the same-day go-live naming both records.
    const card = page.locator("section[aria-labelledby=pf-clash-h]");
    await card.locator("[data-clash=freeze]", { hasText: `inside the Peak week freeze` }).first().waitFor({ timeout: 30_000 });
    const clash = card.locator("[data-clash=go-live]", { hasText: `${rec.title} and Clash release both go live on ${inWords(rec.goLive)}` });
    await clash.first().waitFor();
    await clash.first().getByRole("link", { name: /Clash release/ }).waitFor();
    await page.locator(`tr[data-row="${rec.id}"] [data-collides]`).waitFor();
    await app.screenshot("sdm-portfolio-collisions");

    // In the go/no-go form of the record: the same, with a link to the other record that opens it.
    await page.locator(`tr[data-row="${rec.id}"] a.rec`).click();
    await page.locator(`nav[aria-label=Sections] button[title="Ceremonies"]`).click();
    await page.locator(".ceremonies .start").getByRole("button", { name: "Go/no-go" }).click();
    const form = page.getByRole("form", { name: "Record a ceremony" });
    const box = form.locator("[data-golive-collisions]");
    await box.getByText("inside the Peak week freeze", { exact: false }).waitFor();
    await box.getByText(`both go live on ${inWords(rec.goLive)}`, { exact: false }).first().waitFor();
    await app.screenshot("sdm-gonogo-collisions");
    await box.getByRole("link", { name: "Open Clash release" }).first().click();
    await page.getByRole("heading", { name: "Clash release" }).first().waitFor();
    assert(other.record.id !== rec.id, "two records");
  },
  { seed: SEED, timeoutMs: LONG },
);
