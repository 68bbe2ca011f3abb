// The portfolio (filters, timeline, table) and search as you type, on the
// four example records: Card tokenisation v3 (gold, go-live in 7 days), SMS
// preference centre (silver, in 24 days), Passwordless sign-in (gold, live,
// in hypercare) and Email digest redesign (silver, closed, live 30 days ago).
import { assert, assertEqual, test, waitFor } from "./harness";

const isoDaysFromNow = (n: number) => new Date(Date.now() + n * 86_400_000).toISOString().slice(0, 10);

test("the portfolio filters records and draws the timeline", async (app) => {
  const page = app.page;
  await page.getByRole("button", { name: "Load example records" }).click();
  await page.getByText("Added 4 example records").waitFor();
  await page.getByRole("button", { name: "Portfolio", exact: true }).click();
  await page.getByRole("heading", { name: "Portfolio", exact: true }).waitFor();
  const rows = page.locator("tr[data-row]");
  const titles = async () => (await rows.allTextContents()).map((t) => t.replace(/\s+/g, " "));
  await waitFor(async () => (await rows.count()) === 4, "four records");

  // Tier.
  const tiers = page.getByRole("group", { name: "Tier" });
  await tiers.getByText("Gold", { exact: true }).click();
  await waitFor(async () => (await rows.count()) === 2, "two Gold records");
  const gold = await titles();
  assert(gold.some((t) => t.includes("Card tokenisation v3")) && gold.some((t) => t.includes("Passwordless sign-in")), `the Gold records: ${gold}`);
  assert((await page.locator("[data-count]").textContent())?.includes("2 of 4"), "the header counts the matches");
  await tiers.getByText("All", { exact: true }).click();

  // State.
  await page.locator("label.chip", { hasText: "Live (hypercare)" }).click();
  await waitFor(async () => (await rows.count()) === 1, "one live record");
  assert((await titles())[0].includes("Passwordless sign-in"), "the live record is Passwordless sign-in");
  await page.getByRole("button", { name: "Clear filters" }).click();
  await waitFor(async () => (await rows.count()) === 4, "filters cleared");

  // Dates: only the closed record went live 20 to 40 days ago; the timeline follows the filter.
  await page.locator("#pf-from").fill(isoDaysFromNow(-40));
  await page.locator("#pf-to").fill(isoDaysFromNow(-20));
  await waitFor(async () => (await rows.count()) === 1, "one record in the date range");
  assert((await titles())[0].includes("Email digest redesign"), "the record in range is Email digest redesign");
  await page.getByText("set by the date filter").waitFor();
  assertEqual(await page.locator("rect[data-hc=exited]").count(), 1, "the closed record's exited hypercare bar");
  await page.locator("#pf-from").fill(isoDaysFromNow(-10));
  await page.getByText("No record matches these filters").waitFor();
  await page.getByText("“From” is after “To”", { exact: false }).first().waitFor();
  await page.getByRole("button", { name: "Clear filters" }).first().click();
  await waitFor(async () => (await rows.count()) === 4, "filters cleared again");

  // Timeline on the default window (30 days back, 60 ahead): four go-lives,
  // an open hypercare bar for the live record, an exited one and a handover
  // for the closed record, and today's line.
  const labels = page.locator("button[data-timeline]");
  assertEqual(await labels.count(), 4, "timeline rows");
  assertEqual(await page.locator("path[data-golive]").count(), 4, "go-live diamonds");
  const live = await rows.filter({ hasText: "Passwordless sign-in" }).getAttribute("data-row");
  assertEqual(await page.locator(`[data-timeline-row="${live}"] rect[data-hc=open]`).count(), 1, "the live record's hypercare bar");
  assertEqual(await page.locator("rect[data-hc=open]").count(), 1, "open hypercare bars");
  assertEqual(await page.locator("rect[data-hc=exited]").count(), 1, "exited hypercare bars");
  assertEqual(await page.locator("path[data-handover]").count(), 1, "handover markers");
  await page.locator("svg text", { hasText: "Today" }).waitFor();

  // Zoom and pan change the window; Today puts it back.
  const range = page.locator(".timeline .range");
  const before = await range.textContent();
  await page.getByRole("button", { name: "Zoom out" }).click();
  await page.getByText("180 days").waitFor();
  await page.getByRole("button", { name: "Later" }).click();
  assert((await range.textContent()) !== before, "the window moved");
  await page.getByRole("button", { name: "Today", exact: true }).click();
  await waitFor(async () => (await range.textContent()) === before, "back to the default window");

  // Hovering the live record's bar shows its dates.
  await page.locator(`[data-timeline-row="${live}"] rect[data-hc=open]`).hover();
  const tip = page.locator(".timeline .tip");
  await tip.waitFor();
  const tipText = (await tip.textContent()) ?? "";
  assert(tipText.includes("Passwordless sign-in") && tipText.includes("in hypercare"), `tooltip: ${tipText}`);
  await app.screenshot("10-portfolio-timeline");

  // Keyboard: the row labels are buttons; arrows move between them, Enter opens.
  await page.mouse.move(5, 400);
  await labels.first().focus();
  await page.keyboard.press("ArrowDown");
  const second = await labels.nth(1).getAttribute("data-timeline");
  assert(await labels.nth(1).evaluate((el) => el === document.activeElement), "ArrowDown moves to the next row");
  await tip.waitFor();
  const secondTitle = (await labels.nth(1).locator(".t").textContent()) ?? "";
  assert(((await tip.textContent()) ?? "").includes(secondTitle), "the tooltip follows the focus");
  await page.keyboard.press("Enter");
  await page.getByRole("heading", { name: secondTitle }).waitFor();
  assert(second !== null, "the row names its record");

  // The table's links open records too.
  await page.getByRole("button", { name: "Portfolio", exact: true }).click();
  await rows.filter({ hasText: "Card tokenisation v3" }).getByRole("link").click();
  await page.getByRole("heading", { name: "Card tokenisation v3" }).waitFor();
  // Beside the record's exports: its calendar (the save dialog itself is
  // native, so Go's tests check what is saved).
  assert(await page.getByRole("button", { name: "Add to calendar (.ics)" }).isEnabled(), "the record's calendar export");
  await page.getByRole("button", { name: "Portfolio", exact: true }).click();
  for (const name of ["Calendar", "Export CSV"]) {
    assert(await page.getByRole("button", { name, exact: true }).isEnabled(), `the portfolio's ${name} button`);
  }
  app.expectNoErrors();
});

test("the portfolio explains itself when there are no records", async (app) => {
  const page = app.page;
  await page.getByRole("button", { name: "Portfolio", exact: true }).click();
  await page.getByRole("heading", { name: "No records yet" }).waitFor();
  assertEqual(await page.locator("tr[data-row]").count(), 0, "rows");
  app.expectNoErrors();
});

test("search finds text across records as you type", async (app) => {
  const page = app.page;
  await page.getByRole("button", { name: "Load example records" }).click();
  await page.getByText("Added 4 example records").waitFor();
  const box = page.getByRole("combobox", { name: "Search records" });
  const focused = () => box.evaluate((el) => el === document.activeElement);
  await page.keyboard.press("Control+k");
  await waitFor(focused, "Ctrl+K focuses search");

  await box.fill("passkey");
  const results = page.getByRole("listbox", { name: "Search results" });
  const options = results.getByRole("option");
  await options.first().waitFor();
  assert(((await results.textContent()) ?? "").includes("Passwordless sign-in"), "results name the record");
  assert(((await results.textContent()) ?? "").includes("Identity"), "results name the service");
  await results.locator("mark").first().waitFor();
  assertEqual(((await results.locator("mark").first().textContent()) ?? "").toLowerCase(), "passkey", "the match is marked");
  assertEqual(await options.first().getAttribute("aria-selected"), "true", "the first result is selected");
  if ((await options.count()) > 1) {
    await box.press("ArrowDown");
    assertEqual(await options.nth(1).getAttribute("aria-selected"), "true", "ArrowDown selects the next result");
    await box.press("ArrowUp");
  }
  await app.screenshot("11-search");
  await box.press("Enter");
  await page.getByRole("heading", { name: "Passwordless sign-in" }).waitFor();

  // "/" focuses the box when not typing elsewhere; an item result opens its section.
  await page.evaluate(() => (document.activeElement as HTMLElement | null)?.blur());
  await page.keyboard.press("/");
  await waitFor(focused, "/ focuses search");
  assertEqual(await box.inputValue(), "passkey", "the box keeps the last query");
  await box.fill("vaultline penetration");
  await results.getByText("SEC-01").waitFor();
  await box.press("Enter");
  await page.getByRole("heading", { name: /Information security/ }).waitFor();

  // Nothing found; a click outside closes the panel; Escape closes it too.
  await box.fill("zzqx nothing like this");
  await page.getByText("Nothing matches “zzqx nothing like this”").waitFor();
  await page.mouse.click(650, 26); // the top bar's empty middle
  await page.getByText("Nothing matches").waitFor({ state: "detached" });
  await box.fill("passkey");
  await options.first().waitFor();
  await box.press("Escape");
  await results.waitFor({ state: "detached" });
  app.expectNoErrors();
});

test("the portfolio stays quick with a thousand records", async (app) => {
  const page = app.page;
  for (let i = 0; i < 250; i++) await app.call("app.RecordService.LoadExamples");
  await page.reload();
  // The table lists its first 100 records until asked for all, and puts in
  // the page only the rows in view and a few either side; aria-rowcount
  // says how many it lists (with the header row).
  const rows = page.locator("tr[data-row]");
  const table = page.locator("table.grid[aria-rowcount]");
  const listed = async () => Number(await table.getAttribute("aria-rowcount")) - 1;
  let t = Date.now();
  await page.getByRole("button", { name: "Portfolio", exact: true }).click();
  await rows.first().waitFor();
  await waitFor(async () => (await listed()) === 100, "the table's first 100 records");
  const open = Date.now() - t;
  const inPage = await rows.count();
  assert(inPage > 0 && inPage < 100, `${inPage} rows in the page: only those in view and a few either side`);
  assertEqual(await page.locator("button[data-timeline]").count(), 40, "the timeline's rows");
  await page.getByText("The timeline shows the first 40 of 1000 records").waitFor();

  t = Date.now();
  await page.getByRole("group", { name: "Tier" }).getByText("Gold", { exact: true }).click();
  await page.locator("[data-count]").getByText("500 of 1000").waitFor();
  const filter = Date.now() - t;
  t = Date.now();
  await page.getByRole("button", { name: "Show all 500 records" }).click();
  await waitFor(async () => (await listed()) === 500, "all 500 records listed");
  const all = Date.now() - t;
  // The keyboard reaches the last row, which is then in the page; the page
  // still holds only a window of rows.
  await rows.first().locator("a").focus();
  await page.keyboard.press("End");
  await page.locator('tr[data-row][data-index="499"]').waitFor();
  assert((await rows.count()) < 100, `${await rows.count()} rows in the page after End`);
  // Generous bounds: a slow machine passes, a quadratic slip does not.
  assert(open < 3000 && filter < 1500 && all < 3000, `open ${open} ms, filter ${filter} ms, show all ${all} ms`);
  app.expectNoErrors();
}, { timeoutMs: 300_000 });
