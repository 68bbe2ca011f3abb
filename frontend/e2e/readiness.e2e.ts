// The foundation flow through the real UI: a Gold record from the new-record
// flow, items done / n/a / blocked with their reasons, section RAG and
// readiness changing, bad input refused with a message next to the field,
// hostile text shown as text, undo, and everything still there after a restart.
import { spawnSync } from "node:child_process";
import { copyFileSync, mkdirSync, readdirSync, readFileSync, statSync, truncateSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import type { Page } from "playwright-core";
import { assert, assertEqual, devBinary, test, waitFor } from "./harness";

/** The text of a locator, trimmed. */
async function text(page: Page, selector: string): Promise<string> {
  return ((await page.locator(selector).first().textContent()) ?? "").trim();
}

async function overallPercent(page: Page): Promise<number> {
  return parseInt(await text(page, ".overall .big"), 10);
}

/** The readiness % and RAG word the sidebar shows for a section. */
async function sidebar(page: Page, title: RegExp): Promise<{ pct: number; rag: string }> {
  const row = page.getByRole("button", { name: title });
  return {
    pct: parseInt((await row.locator(".pct").textContent()) ?? "", 10),
    rag: ((await row.locator("[data-rag]").textContent()) ?? "").trim(),
  };
}

test("create a Gold record, work the checklist, and find it all after a restart", async (app) => {
  const page = app.page;
  let dialogs = 0;
  page.on("dialog", (d) => {
    dialogs++;
    d.dismiss();
  });

  // Home: an empty state that offers both ways in.
  await page.getByRole("heading", { name: "No readiness records yet" }).waitFor();
  await page.getByRole("button", { name: "Load example records" }).waitFor();
  await app.screenshot("01-home-empty");
  await page.getByRole("button", { name: "New readiness record" }).first().click();

  // Step 1: details. Next with nothing filled shows a message next to each field.
  await page.getByRole("heading", { name: "Which release is this?" }).waitFor();
  await page.getByRole("button", { name: "Next" }).click();
  await page.getByText("Service is required").waitFor();
  await page.getByText("Go-live date is required").waitFor();
  assertEqual(await page.locator("#nr-service").getAttribute("aria-invalid"), "true", "service field marked invalid");

  await page.locator("#nr-service").fill("Payments Gateway");
  await page.locator("#nr-title").fill("Card tokenisation v3");
  await page.locator("#nr-squad").fill("Squad Falcon");
  await page.locator("#nr-sdm").fill("Priya Raman");
  await page.locator("#nr-maintenanceTeam").fill("Payments Run Team");
  await page.locator("#nr-goLive").fill("2026-12-15");
  await app.screenshot("02-new-record-details");
  await page.getByRole("button", { name: "Next" }).click();

  // Step 2: the questionnaire recommends a tier and says why.
  await page.getByRole("heading", { name: "How big is the change?" }).waitFor();
  await waitFor(async () => (await text(page, ".rec-tier")).includes("Silver"), "Silver recommended with no answers");
  await page.locator('[data-question="sensitiveData"]').check();
  await waitFor(async () => (await text(page, ".rec-tier")).includes("Gold"), "Gold recommended for personal data");
  await page.getByText("payments or personal data are touched").waitFor();
  await app.screenshot("03-new-record-questionnaire");
  await page.getByRole("button", { name: "Next" }).click();

  // Step 3: overriding the recommendation needs a reason.
  await page.getByRole("heading", { name: "Confirm the tier" }).waitFor();
  await page.locator(".tier-card.silver").click();
  await page.getByRole("button", { name: "Create record" }).click();
  await page.getByText("Say why you chose Silver when the questionnaire recommends Gold").waitFor();
  await page.locator(".tier-card.gold").click();
  await app.screenshot("04-new-record-tier");
  await page.getByRole("button", { name: "Create record" }).click();

  // The record opens at its details, 0% ready.
  await page.getByRole("heading", { name: "Card tokenisation v3" }).waitFor();
  assertEqual(await overallPercent(page), 0, "readiness of a new record");

  // Checklist 1.0: done, n/a with reason, blocked with reason.
  await page.getByRole("button", { name: /^1\.0 Communications/ }).click();
  await page.getByRole("heading", { name: "1.0 Communications" }).waitFor();
  const items = page.locator("li.item");
  const first = (await items.nth(0).getAttribute("data-item"))!;
  const naItem = page.locator("li.item:has([role=radio].seg.na:not(.locked))").first();
  const na = (await naItem.getAttribute("data-item"))!;
  const ids = await items.evaluateAll((els) => els.map((e) => e.getAttribute("data-item") ?? ""));
  const blocked = ids.find((id) => id !== first && id !== na)!;
  assert(first && na && blocked && new Set([first, na, blocked]).size === 3, `distinct items ${first} ${na} ${blocked}`);

  const before = await sidebar(page, /^1\.0 Communications/);
  await page.locator(`li[data-item="${first}"] [role=radio].seg.done`).click();
  await waitFor(async () => (await page.locator(`li[data-item="${first}"]`).getAttribute("data-status")) === "done", `${first} done`);
  const afterDone = await sidebar(page, /^1\.0 Communications/);
  assert(afterDone.pct > before.pct, `section readiness rises when an item is done: ${before.pct}% → ${afterDone.pct}%`);
  assert((await overallPercent(page)) > 0, "overall readiness rises");

  // N/A: the reason is asked for, and refused when empty.
  await page.locator(`li[data-item="${na}"] [role=radio].seg.na`).click();
  const reason = page.locator(`#reason-${na}`);
  await reason.waitFor();
  await page.locator(`li[data-item="${na}"] .reason-box`).getByRole("button", { name: "Save" }).click();
  await page.getByText(`Say why ${na} is n/a`).waitFor();
  assertEqual(await page.locator(`li[data-item="${na}"]`).getAttribute("data-status"), "not-started", "status unchanged without a reason");
  await reason.fill("No customer-facing change in this release");
  await reason.press("Enter");
  await waitFor(async () => (await page.locator(`li[data-item="${na}"]`).getAttribute("data-status")) === "na", `${na} n/a`);

  // Blocked with a reason turns the section red.
  await page.locator(`li[data-item="${blocked}"] [role=radio].seg.blocked`).click();
  await page.locator(`#reason-${blocked}`).fill("Waiting for the supplier's pen test report");
  await page.locator(`#reason-${blocked}`).press("Enter");
  await waitFor(async () => (await sidebar(page, /^1\.0 Communications/)).rag === "Red", "section red when an item is blocked");
  await page.getByText("Waiting for the supplier's pen test report").first().waitFor();

  // Hostile text in an owner and an evidence label is shown as text.
  await page.locator(`li[data-item="${first}"] button.toggle`).click();
  const owner = page.locator(`li[data-item="${first}"] .fields input`).first();
  await owner.fill("<script>alert(1)</script>");
  await owner.press("Enter");
  await page.locator(`li[data-item="${first}"]`).getByPlaceholder("Label or note").fill('<img src=x onerror="alert(2)">');
  await page.locator(`li[data-item="${first}"]`).getByRole("button", { name: "Add" }).click();
  await page.locator(`li[data-item="${first}"] .meta`).getByText("<script>alert(1)</script>").waitFor();
  await page.locator(`li[data-item="${first}"] .evidence`).getByText('<img src=x onerror="alert(2)">').waitFor();
  assertEqual(await page.locator("li.item img").count(), 0, "no <img> element injected");
  await app.screenshot("05-record-checklist");

  // A megabyte pasted into a narrative is refused with the stated limit.
  await page.getByRole("button", { name: /^High-level description/ }).click();
  const narrative = page.getByRole("textbox", { name: "High-level description" });
  const saved = async (what: string) => {
    await waitFor(async () => (await text(page, ".save")).includes("Saved") && (await narrative.getAttribute("aria-invalid")) === null, what);
  };
  await narrative.fill("Moves card tokenisation to the new token service.");
  await narrative.blur();
  await saved("first narrative saved");
  await narrative.fill("x".repeat(1 << 20));
  await narrative.blur();
  await page.getByText("Text must be at most 20000 characters; this has 1048576").waitFor();
  await narrative.press("Escape"); // back to the stored text
  assertEqual(await narrative.inputValue(), "Moves card tokenisation to the new token service.", "Escape restores the stored text");

  // Undo reverts the newest change, and only that.
  await narrative.fill("A second draft that will be undone.");
  await narrative.blur();
  await waitFor(async () => (await page.getByRole("button", { name: /^Undo: / }).textContent())?.includes("High-level description") === true, "undo offered for the narrative");
  await page.getByRole("button", { name: /^Undo: / }).click();
  await waitFor(async () => (await narrative.inputValue()) === "Moves card tokenisation to the new token service.", "narrative back to the first text");
  await page.getByText("Undone: High-level description").waitFor();

  // History lists who changed what.
  await page.getByRole("button", { name: "History" }).click();
  await page.getByRole("dialog").getByText(`${blocked} status`).first().waitFor();
  await app.screenshot("06-record-history");
  await page.keyboard.press("Escape");

  // Restart on the same data: everything is still there.
  const pct = await overallPercent(page);
  await app.restart();
  await page.getByText("Card tokenisation v3").first().click();
  await page.getByRole("button", { name: /^1\.0 Communications/ }).click();
  await waitFor(async () => (await page.locator(`li[data-item="${blocked}"]`).getAttribute("data-status")) === "blocked", "blocked after restart");
  assertEqual(await page.locator(`li[data-item="${first}"]`).getAttribute("data-status"), "done", "done after restart");
  assertEqual(await page.locator(`li[data-item="${na}"]`).getAttribute("data-status"), "na", "n/a after restart");
  await page.getByText("No customer-facing change in this release").first().waitFor();
  assertEqual(await overallPercent(page), pct, "readiness after restart");
  await page.getByRole("button", { name: /^High-level description/ }).click();
  assertEqual(await page.getByRole("textbox", { name: "High-level description" }).inputValue(), "Moves card tokenisation to the new token service.", "narrative after restart");
  assertEqual(dialogs, 0, "no alert() ran");
  app.expectNoErrors();
});

test("example records show what needs attention on the home screen", async (app) => {
  const page = app.page;
  await page.getByRole("button", { name: "Load example records" }).click();
  await page.getByText("Added 4 example records").waitFor();
  await page.getByRole("link", { name: /Card tokenisation v3/ }).waitFor();
  await page.getByRole("link", { name: /SMS preference centre/ }).waitFor();
  await page.getByRole("link", { name: /Passwordless sign-in/ }).waitFor();
  await page.getByRole("link", { name: /Email digest redesign/ }).waitFor();
  await page.getByRole("heading", { name: "Overdue and blocked" }).waitFor();
  assert((await page.locator(".attention li").count()) >= 4, "blocked and overdue items listed");
  await app.screenshot("07-home-examples");

  // An attention row opens its record at the item's section.
  await page.locator(".attention li button").first().click();
  await page.getByRole("heading", { name: "Card tokenisation v3" }).waitFor();
  await page.locator("li.item").first().waitFor();
  await app.screenshot("08-record-view");
  app.expectNoErrors();
});

test("a damaged database is explained in the window and left untouched", async (app, ctx) => {
  const dir = join(app.dataDir, "..", "damaged");
  mkdirSync(dir, { recursive: true });
  const junk = "this is not a database ".repeat(2000);
  writeFileSync(join(dir, "readyroom.db"), junk);
  const broken = await ctx.start({ name: "damaged", args: ["--data", dir] });
  await broken.page.getByRole("heading", { name: "Ready Room could not open its data" }).waitFor();
  await broken.page.locator(".msg", { hasText: "database file is damaged" }).waitFor();
  await broken.page.getByText("There is no backup that passes its check").waitFor();
  await broken.screenshot("09-damaged-database");
  assertEqual(readFileSync(join(dir, "readyroom.db"), "utf8"), junk, "the damaged file is left as it was");
  broken.expectNoErrors();
});

test("a truncated database offers the newest good backup, and restoring it keeps the damaged file", async (app, ctx) => {
  const dir = join(app.dataDir, "..", "restorable");
  mkdirSync(join(dir, "backups"), { recursive: true });
  const demo = spawnSync(devBinary, ["demo", "--data", dir], { timeout: 30_000, encoding: "utf8" });
  assertEqual(demo.status, 0, "readyroom demo");
  const db = join(dir, "readyroom.db");
  const good = join(dir, "backups", "readyroom-20261201-090000-auto.db");
  copyFileSync(db, good); // a closed database is a sound backup
  writeFileSync(join(dir, "backups", "readyroom-20261202-090000-auto.db"), "not a database"); // newer, but fails its check
  truncateSync(db, 16384);
  const broken = await ctx.start({ name: "restorable", args: ["--data", dir] });
  const page = broken.page;
  await page.getByRole("heading", { name: "Restore a backup" }).waitFor();
  const restore = page.getByRole("button", { name: /^Restore the backup from 1 Dec 2026/ });
  await restore.waitFor();
  assertEqual(await page.getByRole("button", { name: /^Restore the backup from/ }).count(), 1, "only the backup that passes its check is offered");
  await broken.screenshot("09b-restore-offered");
  await restore.click();
  const dialog = page.getByRole("dialog");
  await dialog.getByText("It holds 4 records").waitFor();
  await dialog.getByRole("button", { name: "Restore this backup" }).click();
  await page.getByRole("heading", { name: "Backup restored" }).waitFor();
  await waitFor(
    () => page.evaluate(() => document.activeElement?.textContent?.includes("Start Ready Room again") ?? false),
    "focus on the restart button",
  );
  await broken.screenshot("09c-restored");
  const kept = readdirSync(join(dir, "backups")).filter((n) => n.endsWith("-replaced.db"));
  assertEqual(kept.length, 1, "the damaged database is kept in the backups folder");
  assertEqual(statSync(join(dir, "backups", kept[0])).size, 16384, "the kept file is the damaged one");
  const list = spawnSync(devBinary, ["list", "--json", "--data", dir], { timeout: 30_000, encoding: "utf8" });
  assertEqual(list.status, 0, `readyroom list on the restored database: ${list.stderr}`);
  assertEqual(JSON.parse(String(list.stdout)).length, 4, "records in the restored database");
  broken.expectNoErrors();
});
