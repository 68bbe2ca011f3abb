// The portfolio (filters, table, timeline) and search as you type, on the
// example records.
import { assert, assertEqual, test, waitFor } from "./harness";

test("the portfolio filters records and draws the timeline", async (app) => {
  const page = app.page;
  await page.getByRole("button", { name: "Load example records" }).click();
  await page.getByText("Added 4 example records").waitFor();
  await page.getByRole("button", { name: "Portfolio", exact: true }).click();
  await page.getByRole("heading", { name: "Portfolio", exact: true }).waitFor();
  const rows = page.locator("tr[data-row]");
  await waitFor(async () => (await rows.count()) === 4, "four records");

  await page.locator("#pf-tier").selectOption("gold");
  await waitFor(async () => (await rows.count()) === 2, "two Gold records");
  await page.locator("#pf-tier").selectOption("");
  await page.locator("label.chip", { hasText: "Live (hypercare)" }).click();
  await waitFor(async () => (await rows.count()) === 1, "one live record");
  assert(((await rows.first().textContent()) ?? "").includes("Passwordless sign-in"), "the live record is Passwordless sign-in");
  await page.getByRole("button", { name: "Clear filters" }).click();
  await waitFor(async () => (await rows.count()) === 4, "filters cleared");

  // Timeline: an open hypercare bar for the live record, an exited one for the closed.
  assertEqual(await page.locator("rect[data-hc=open]").count(), 1, "open hypercare bars");
  assert((await page.locator("rect[data-hc=exited]").count()) >= 0, "exited bar drawn when in range");
  await page.locator("#pf-from").fill(new Date(Date.now() - 40 * 86_400_000).toISOString().slice(0, 10));
  await waitFor(async () => (await page.locator("rect[data-hc=exited]").count()) === 1, "the closed record's exited window");
  await page.getByRole("button", { name: "Clear filters" }).click();
  await app.screenshot("10-portfolio-timeline");

  await rows.filter({ hasText: "Card tokenisation v3" }).getByRole("link").click();
  await page.getByRole("heading", { name: "Card tokenisation v3" }).waitFor();
  app.expectNoErrors();
});

test("search finds text across records as you type", async (app) => {
  const page = app.page;
  await page.getByRole("button", { name: "Load example records" }).click();
  await page.getByText("Added 4 example records").waitFor();
  const box = page.getByRole("combobox", { name: "Search records" });
  await page.keyboard.press("Control+k");
  await waitFor(async () => await box.evaluate((el) => el === document.activeElement), "Ctrl+K focuses search");
  await box.fill("passkey");
  const results = page.getByRole("listbox", { name: "Search results" });
  await results.getByRole("option").first().waitFor();
  assert(((await results.textContent()) ?? "").includes("Passwordless sign-in"), "results name the record");
  await results.locator("mark").first().waitFor();
  await app.screenshot("11-search");
  await box.press("Enter");
  await page.getByRole("heading", { name: "Passwordless sign-in" }).waitFor();

  await box.fill("vaultline penetration");
  await results.getByText("SEC-01").waitFor();
  await box.press("Enter");
  await page.getByRole("heading", { name: /Information security/ }).waitFor();

  await box.fill("zzqx nothing like this");
  await results.getByText("Nothing matches").waitFor();
  await box.press("Escape");
  await results.waitFor({ state: "detached" });
  app.expectNoErrors();
});
