// The organisation's own templates through the real window: derive one from
// Gold, remove an item and add one (a problem shown next to its field on the
// way), publish v1, make a record on it through the new-record flow and
// answer items, publish v2 with a changed item and a removed answered one,
// then upgrade the record after reviewing the difference: every answer
// kept, the removed item's answer under Retired items, the upgrade in
// History, and Undo reverting it.
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { Locator, Page } from "playwright-core";
import { assert, assertEqual, test, waitFor } from "./harness";

const NAME = "Payments Gold";
const TITLE = "Card tokenisation v4";
const COM02_V1 = "A communications plan names channels, templates, approvers and update cadence";
const COM02_V2 = "A communications plan names channels, approvers, timings and the fallback if the status page is down";
const ADDED = "Support macros are updated for the new payment flow";

/** The main navigation's button. */
function navButton(page: Page, name: string): Locator {
  return page.getByRole("navigation", { name: "Main" }).getByRole("button", { name: new RegExp(`^${name}`) });
}

/** Waits for the template editor's save status to say Saved, with nothing pending. */
async function saved(page: Page, what: string): Promise<void> {
  const status = page.getByRole("status", { name: "Save status" });
  await waitFor(async () => ((await status.textContent()) ?? "").trim() === "Saved", what);
}

/** A checklist item of the open record: the list item holding its status group. */
function recordItem(page: Page, id: string): Locator {
  return page.getByRole("listitem").filter({ has: page.getByRole("radiogroup", { name: `Status of ${id}`, exact: true }) });
}

async function statusOf(page: Page, id: string): Promise<string> {
  const group = page.getByRole("radiogroup", { name: `Status of ${id}`, exact: true });
  for (const s of ["Not started", "In progress", "Done", "N/A", "Blocked"]) {
    if (await group.getByRole("radio", { name: s, exact: true }).isChecked()) return s;
  }
  return "";
}

async function setStatus(page: Page, id: string, status: "In progress" | "Done"): Promise<void> {
  await page.getByRole("radiogroup", { name: `Status of ${id}`, exact: true }).getByText(status, { exact: true }).click();
  await waitFor(async () => (await statusOf(page, id)) === status, `${id} ${status}`);
}

async function setOwner(page: Page, id: string, owner: string): Promise<void> {
  const item = recordItem(page, id);
  const details = item.getByRole("button", { name: `Details of ${id}` });
  if ((await details.getAttribute("aria-expanded")) !== "true") await details.click();
  const field = item.getByLabel("Owner", { exact: true });
  await field.fill(owner);
  await field.press("Enter");
  await item.getByText(owner, { exact: true }).first().waitFor();
}

async function overall(page: Page): Promise<number> {
  return Number(await page.getByRole("progressbar", { name: "Overall readiness" }).getAttribute("aria-valuenow"));
}

async function openSection(page: Page, title: RegExp): Promise<void> {
  await page.getByRole("navigation", { name: "Sections" }).getByRole("button", { name: title }).click();
}

test("derive a template from Gold, publish two versions, and upgrade a record keeping every answer", async (app) => {
  const page = app.page;

  // ---- The library: Gold and Silver shipped, and an empty state that explains.
  await page.keyboard.press("Control+t");
  await page.getByRole("heading", { name: "Templates", level: 1 }).waitFor();
  await page.getByRole("heading", { name: "No templates of your own yet" }).waitFor();
  await page.getByRole("article", { name: "Gold" }).waitFor();
  await page.getByRole("article", { name: "Silver" }).waitFor();
  await app.screenshot("templates-01-library-empty");

  // ---- Derive from Gold; the dialog traps focus and starts at the name.
  await page.getByRole("button", { name: "Derive from Gold" }).click();
  const dialog = page.getByRole("dialog", { name: "New template" });
  await dialog.waitFor();
  await waitFor(async () => (await page.evaluate(() => document.activeElement?.id)) === "nt-name", "focus on the name");
  await dialog.getByRole("button", { name: "Create draft" }).click();
  await dialog.getByText("Name is required").waitFor();
  await dialog.getByLabel("Name", { exact: true }).fill(NAME);
  assertEqual(await dialog.getByLabel("Id", { exact: true }).inputValue(), "payments-gold", "id made from the name");
  await dialog.getByRole("button", { name: "Create draft" }).click();

  // ---- The editor.
  await page.getByRole("heading", { name: NAME, level: 1 }).waitFor();
  await page.getByText("Draft of v1").waitFor();
  await page.getByText("Derived from Gold v1").first().waitFor();
  const publishV1 = page.getByRole("button", { name: "Publish v1" });
  assert(await publishV1.isEnabled(), "a copy of Gold can be published as it is");

  const comms = page.getByRole("region", { name: /^1\.0 Communications/ });
  await comms.getByRole("button", { name: /^1\.0 Communications/ }).click();
  await comms.getByRole("group", { name: /COM-05$/ }).waitFor();
  await comms.getByRole("button", { name: "Remove COM-05", exact: true }).click();
  await page.getByText("Removed item COM-05").waitFor();
  assertEqual(await comms.getByRole("group", { name: /COM-05$/ }).count(), 0, "COM-05 removed");

  await comms.getByRole("button", { name: "Add item to Communications" }).click();
  const added = comms.getByRole("group", { name: /COM-10$/ });
  await added.waitFor();
  const addedText = added.getByLabel("Item text", { exact: true });
  await waitFor(async () => (await addedText.evaluate((el) => el === document.activeElement)) === true, "focus in the new item's text");

  // An item without text: the draft is saved, and the problem shows next to the field and in the summary.
  await saved(page, "the draft with an empty item saved");
  await waitFor(async () => (await addedText.getAttribute("aria-invalid")) === "true", "the empty item's text marked invalid");
  const described = (await addedText.getAttribute("aria-describedby")) ?? "";
  assert(described !== "", "the invalid field names its message");
  const message = (await page.locator(`#${described.split(" ")[0]}`).textContent()) ?? "";
  assert(message.includes("Item text is required"), `the message next to the field: ${message}`);
  const summary = page.getByRole("region", { name: /1 problem to fix before publishing/ });
  await summary.waitFor();
  assert(await publishV1.isDisabled(), "Publish waits while there is a problem");
  await summary.scrollIntoViewIfNeeded();
  await app.screenshot("templates-02a-editor-problem-summary");
  await addedText.scrollIntoViewIfNeeded();
  await app.screenshot("templates-02b-editor-problem-field");

  // The summary's link moves to the field.
  await addedText.blur();
  await summary.getByRole("link", { name: /Item text is required/ }).click();
  await waitFor(async () => (await addedText.evaluate((el) => el === document.activeElement)) === true, "the summary link focuses the field");
  await addedText.fill(ADDED);
  await saved(page, "the new item saved");
  await waitFor(async () => (await addedText.getAttribute("aria-invalid")) === null, "the problem cleared");
  await summary.waitFor({ state: "detached" });

  // ---- Publish v1.
  await publishV1.click();
  const confirm1 = page.getByRole("dialog", { name: `Publish v1 of ${NAME}?` });
  await confirm1.getByText("Publishing freezes v1").waitFor();
  await confirm1.getByRole("button", { name: "Publish v1" }).click();
  await page.getByText(`Published ${NAME} v1`).waitFor();
  const card = page.getByRole("article", { name: NAME });
  await card.waitFor();
  await card.getByText("Derived from Gold v1").waitFor();
  await card.getByRole("rowheader", { name: "v1" }).waitFor();
  await card.scrollIntoViewIfNeeded();
  await app.screenshot("templates-05-library-own");
  // Its sharing: private until a team exists to share it with.
  await card.getByRole("button", { name: /^Sharing payments-gold/ }).click();
  await page.getByRole("dialog", { name: "Sharing" }).getByText("This template is private").waitFor();
  await page.keyboard.press("Escape");

  // ---- A record on it through the new-record flow.
  await navButton(page, "New record").click();
  await page.getByRole("heading", { name: "Which release is this?" }).waitFor();
  await page.getByLabel("Service", { exact: true }).fill("Payments Gateway");
  await page.getByLabel("Release title").fill(TITLE);
  await page.getByLabel("Squad", { exact: true }).fill("Squad Falcon");
  await page.getByLabel("Service delivery manager").fill("Priya Raman");
  await page.getByLabel("Maintenance team").fill("Payments Run Team");
  await page.getByLabel("Go-live date").fill("2027-03-15");
  await page.getByRole("button", { name: "Next" }).click();
  await page.getByRole("heading", { name: "How big is the change?" }).waitFor();
  await page.getByRole("checkbox", { name: /payments or personal data/ }).check();
  await page.getByRole("button", { name: "Next" }).click();
  await page.getByRole("heading", { name: "Confirm the tier" }).waitFor();
  const tiers = page.getByRole("radiogroup", { name: "Tier and template" });
  await tiers.getByText(NAME, { exact: true }).click();
  assert(await tiers.getByRole("radio", { name: new RegExp(NAME) }).isChecked(), "the organisation's template chosen");
  await app.screenshot("templates-06-new-record-template");
  await page.getByRole("button", { name: "Create record" }).click();
  await page.getByRole("heading", { name: TITLE, level: 1 }).waitFor();
  await page.getByText(`${NAME} v1`, { exact: true }).waitFor();

  // ---- Answer items: statuses and owners.
  await openSection(page, /^1\.0 Communications/);
  await page.getByRole("heading", { name: "1.0 Communications", level: 2 }).waitFor();
  assertEqual(await recordItem(page, "COM-05").count(), 0, "the record has no COM-05");
  await recordItem(page, "COM-10").getByText(ADDED).waitFor();
  await setStatus(page, "COM-01", "Done");
  await setOwner(page, "COM-01", "Asha Patel");
  await setStatus(page, "COM-02", "In progress");
  await setOwner(page, "COM-02", "Ben Okafor");
  await setStatus(page, "COM-06", "Done");
  await setOwner(page, "COM-06", "Chen Wei");
  await setStatus(page, "COM-10", "Done");
  const before = await overall(page);
  assert(before > 0, `readiness rises with answers: ${before}%`);

  // ---- v2: COM-02 reworded, COM-06 (answered) removed.
  await navButton(page, "Templates").click();
  await card.getByRole("button", { name: `Edit (makes v2) ${NAME}` }).click();
  await page.getByText("Draft of v2").waitFor();
  await comms.getByRole("button", { name: /^1\.0 Communications/ }).click();
  const com02 = comms.getByRole("group", { name: /COM-02$/ }).getByLabel("Item text", { exact: true });
  assert((await com02.inputValue()).startsWith(COM02_V1), "COM-02 has its v1 text");
  await com02.fill(COM02_V2);
  await comms.getByRole("button", { name: "Remove COM-06", exact: true }).click();
  await saved(page, "the v2 draft saved");
  await page.getByText("1 removed, 1 changed compared with v1").waitFor();
  await page.getByRole("button", { name: "Publish v2" }).click();
  const confirm2 = page.getByRole("dialog", { name: `Publish v2 of ${NAME}?` });
  await confirm2.getByText("1 removed, 1 changed").waitFor();
  await confirm2.getByRole("button", { name: "Publish v2" }).click();
  await page.getByText(`Published ${NAME} v2`).waitFor();
  await card.getByRole("rowheader", { name: /^v2/ }).waitFor();

  // ---- The record says a newer version exists.
  await navButton(page, "Home").click();
  await page.getByRole("link", { name: new RegExp(TITLE) }).click();
  await page.getByRole("heading", { name: TITLE, level: 1 }).waitFor();
  const banner = page.getByRole("region", { name: `A newer version of ${NAME} (v2) exists: 1 removed, 1 changed.` });
  await banner.waitFor();
  await banner.getByRole("button", { name: "Review upgrade" }).click();

  // ---- The review: what changes, readiness before and after.
  const review = page.getByRole("dialog", { name: `Upgrade to ${NAME} v2?` });
  await review.getByRole("heading", { name: "Items changed (1)" }).waitFor();
  const changed = review.getByRole("region", { name: "Items changed (1)" });
  await changed.getByText("COM-02", { exact: true }).waitFor();
  await changed.getByText(COM02_V1, { exact: false }).waitFor();
  await changed.getByText(COM02_V2, { exact: true }).waitFor();
  const removed = review.getByRole("region", { name: "Items removed (1)" });
  await removed.getByText("COM-06", { exact: true }).waitFor();
  await removed.getByText("answered: goes to Retired items").waitFor();
  const readiness = review.getByRole("region", { name: "Readiness" });
  await readiness.getByText(`${before}%`, { exact: true }).first().waitFor();
  await readiness.getByText("3 answered items keep their answers.").waitFor();
  await readiness.getByText("1 answered item moves to Retired items, answers kept as given.").waitFor();
  const afterText = (await readiness.locator("strong").nth(1).textContent()) ?? "";
  await app.screenshot("templates-03-upgrade-review");
  await review.getByRole("button", { name: "Upgrade to v2" }).click();
  await review.waitFor({ state: "detached" });

  // ---- Every answer kept.
  await page.getByText(`${NAME} v2`, { exact: true }).waitFor();
  await banner.waitFor({ state: "detached" });
  assertEqual(`${await overall(page)}%`, afterText, "readiness after the upgrade is what the review said");
  await openSection(page, /^1\.0 Communications/);
  await page.getByRole("heading", { name: "1.0 Communications", level: 2 }).waitFor();
  assertEqual(await statusOf(page, "COM-01"), "Done", "COM-01 kept");
  await recordItem(page, "COM-01").getByText("Asha Patel").first().waitFor();
  assertEqual(await statusOf(page, "COM-02"), "In progress", "COM-02 kept");
  await recordItem(page, "COM-02").getByText("Ben Okafor").first().waitFor();
  await recordItem(page, "COM-02").getByText(COM02_V2).waitFor();
  assertEqual(await statusOf(page, "COM-10"), "Done", "COM-10 kept");
  assertEqual(await recordItem(page, "COM-06").count(), 0, "COM-06 is no longer in the checklist");

  await openSection(page, /^Retired items/);
  await page.getByRole("heading", { name: "Retired items", level: 2 }).waitFor();
  await page.getByText("Read-only: these answers stay as they were given").waitFor();
  const retired = page.getByRole("list", { name: "Retired items" }).getByRole("listitem").filter({ hasText: "COM-06" });
  await retired.getByText("Done", { exact: true }).waitFor();
  await retired.getByText("Chen Wei").waitFor();
  assertEqual(await page.getByRole("radiogroup", { name: "Status of COM-06" }).count(), 0, "a retired item cannot be answered");
  await app.screenshot("templates-04-retired-items");

  // ---- History lists the upgrade; Undo reverts it.
  await page.getByRole("button", { name: "History", exact: true }).click();
  const history = page.getByRole("dialog", { name: "History" });
  await history.getByText("Template version").first().waitFor();
  await page.keyboard.press("Escape");
  await history.waitFor({ state: "detached" });
  await page.getByRole("button", { name: "Undo: Template version" }).click();
  await page.getByText("Undone: Template version").waitFor();
  await page.getByText(`${NAME} v1`, { exact: true }).waitFor();
  await banner.waitFor();
  await openSection(page, /^1\.0 Communications/);
  assertEqual(await statusOf(page, "COM-06"), "Done", "COM-06 back as an item after undo");
  await recordItem(page, "COM-06").getByText("Chen Wei").first().waitFor();
  await recordItem(page, "COM-02").getByText(COM02_V1, { exact: false }).waitFor();
  assertEqual(await overall(page), before, "readiness back to what it was");
});

test("import a Markdown checklist, read what was taken, preview the draft as a record, and discard it", async (app) => {
  const page = app.page;
  const dir = mkdtempSync(join(tmpdir(), "readyroom-e2e-import-"));
  const file = join(dir, "payments-orr.md");
  writeFileSync(
    file,
    [
      "# Payments operational readiness",
      "",
      "## Observability",
      "",
      "- [ ] Dashboards show the golden signals for every payment route",
      "  Link the dashboard as evidence.",
      "- [ ] Alerts page the on-call engineer within five minutes",
      "",
      "## Rollback",
      "",
      "- [ ] Rollback is rehearsed in staging with production-like data",
      "",
    ].join("\n"),
  );

  await navButton(page, "Templates").click();
  await page.getByRole("heading", { name: "Templates", level: 1 }).waitFor();

  // A shipped version, read-only.
  await page.getByRole("button", { name: "View Gold v1" }).click();
  await page.getByRole("heading", { name: "Gold v1", level: 1 }).waitFor();
  await page.getByText("Shipped with Ready Room").waitFor();
  await page.getByText("1.0 Communications").click(); // a <details> summary
  await page.getByText("COM-01", { exact: true }).waitFor();
  await page.getByRole("button", { name: "All templates" }).click();

  // Import: the report says what was taken and what was left out.
  await page.getByRole("button", { name: "Import…" }).click();
  const dialog = page.getByRole("dialog", { name: "Import a template" });
  await dialog.getByLabel("Template file").setInputFiles(file);
  assertEqual(await dialog.getByLabel("Format").inputValue(), "", "the format is detected by default");
  await dialog.getByRole("button", { name: "Import", exact: true }).click();
  const report = page.getByRole("dialog", { name: "Template imported" });
  await report.getByRole("heading", { name: "What was taken" }).waitFor();
  await report.getByRole("heading", { name: "What was left out or changed" }).waitFor();
  await report.getByText(/A draft of v1 was made/).waitFor();
  const took = (await report.getByRole("list").first().textContent()) ?? "";
  assert(/3 items/.test(took), `the report counts the items taken: ${took}`);
  await app.screenshot("templates-07-import-report");
  await report.getByRole("button", { name: "Review the draft" }).click();

  // The draft in the editor, then as a record.
  await page.getByText("Draft of v1").waitFor();
  await page.getByText(/Imported from Markdown checklist payments-orr\.md/).first().waitFor();
  await page.getByRole("button", { name: "Preview as a record" }).click();
  await page.getByText("Preview of the draft: what a squad sees").waitFor();
  await page.getByRole("navigation", { name: "Sections of the preview" }).getByRole("button", { name: /^Observability/ }).click();
  await page.getByRole("heading", { name: "Observability", level: 2 }).waitFor();
  await page.getByText("Dashboards show the golden signals for every payment route").waitFor();
  assertEqual(await page.getByRole("radiogroup").count(), 0, "nothing in a preview can be answered");
  await app.screenshot("templates-08-draft-preview");
  await page.getByRole("button", { name: "Back to the editor" }).click();

  // Discarded, it leaves the library as it was.
  await page.getByRole("button", { name: "Discard draft" }).click();
  const confirm = page.getByRole("dialog", { name: "Discard the draft?" });
  await confirm.getByRole("button", { name: "Discard draft" }).click();
  await page.getByText("Discarded the draft").waitFor();
  await page.getByRole("heading", { name: "No templates of your own yet" }).waitFor();
});
