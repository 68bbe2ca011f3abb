// The release lifecycle through the real UI: a Silver record from draft to
// closed — readiness review, go/no-go with conditions, go-live, hypercare with
// check-ins, an incident and an extension, exit with a waived criterion,
// handover accepted with a condition — with the home screen checked along
// the way, and everything still there after a restart.
import { spawnSync } from "node:child_process";
import { join } from "node:path";
import type { Page } from "playwright-core";
import { assert, assertEqual, devBinary, test, waitFor } from "./harness";

const today = new Date().toISOString().slice(0, 10);
const inDays = (n: number) => new Date(Date.now() + n * 86_400_000).toISOString().slice(0, 10);

async function createSilver(page: Page, title: string): Promise<void> {
  await page.getByRole("button", { name: "New readiness record" }).first().click();
  await page.locator("#nr-service").fill("Customer Notifications");
  await page.locator("#nr-title").fill(title);
  await page.locator("#nr-squad").fill("Squad Otter");
  await page.locator("#nr-sdm").fill("Priya Raman");
  await page.locator("#nr-maintenanceTeam").fill("Digital Support");
  await page.locator("#nr-goLive").fill(inDays(10));
  await page.getByRole("button", { name: "Next" }).click();
  await page.getByRole("heading", { name: "How big is the change?" }).waitFor();
  await page.getByRole("button", { name: "Next" }).click();
  await page.getByRole("button", { name: "Create record" }).click();
  await page.getByRole("heading", { name: title }).waitFor();
}

async function state(page: Page): Promise<string> {
  return (await page.locator('.lifecycle li[aria-current="step"]').getAttribute("data-state")) ?? "";
}

async function section(page: Page, name: string): Promise<void> {
  await page.locator(`nav[aria-label=Sections] button[title="${name}"]`).click();
  await page.getByRole("heading", { name, level: 2 }).waitFor();
}

async function ceremony(page: Page, start: string, opts: { outcome?: string; decision: string; reason: string; conditions?: string }): Promise<void> {
  await section(page, "Ceremonies");
  await page.locator(".ceremonies .start").getByRole("button", { name: start }).click();
  const form = page.getByRole("form", { name: "Record a ceremony" });
  await form.getByLabel("Attendee 1 name").fill("Priya Raman");
  await form.getByLabel("Attendee 1 role").fill("Service delivery manager");
  if (opts.outcome) await form.locator(`label.outcome.${opts.outcome}`).click();
  await form.getByLabel("What was decided", { exact: true }).fill(opts.decision);
  await form.getByLabel("Reasons").fill(opts.reason);
  if (opts.conditions) {
    await form.getByRole("button", { name: "Condition", exact: true }).click();
    await form.getByLabel("Condition 1", { exact: true }).fill(opts.conditions);
  }
  await form.getByRole("button", { name: /^Record / }).click();
  await form.waitFor({ state: "detached" });
}

/**
 * The kinds of need the home screen lists, once they are as expected: the
 * home screen reloads shortly after a change (reloads are coalesced), so
 * the test waits for it rather than reading the first paint.
 */
async function homeNeeds(page: Page, expect: (needs: string[]) => boolean): Promise<string[]> {
  await page.getByRole("button", { name: "Home", exact: true }).click();
  await page.getByRole("heading", { name: "Needs you now", exact: true }).waitFor();
  const read = () => page.locator("[data-need]").evaluateAll((els) => els.map((e) => e.getAttribute("data-need") ?? ""));
  let needs: string[] = [];
  try {
    await waitFor(async () => expect((needs = await read())), "the home screen's needs");
  } catch {
    // the caller's assertion says what was listed
  }
  return needs;
}

/** The record's portfolio row, once it says everything in want (reloads are coalesced). */
async function portfolioRow(page: Page, title: string, ...want: string[]): Promise<string> {
  await page.getByRole("button", { name: "Portfolio", exact: true }).click();
  const row = page.locator("tr[data-row]", { hasText: title });
  await row.waitFor();
  let text = "";
  try {
    await waitFor(async () => {
      text = (await row.textContent()) ?? "";
      return want.every((w) => text.includes(w));
    }, "the portfolio row");
  } catch {
    // the caller's assertion says what the row held
  }
  return text || ((await row.textContent()) ?? "");
}

async function searchFinds(page: Page, q: string, want: string): Promise<void> {
  const box = page.getByRole("combobox", { name: "Search records" });
  await box.fill(q);
  await page.getByRole("listbox", { name: "Search results" }).getByText(want).first().waitFor();
  await box.press("Escape");
}

async function openRecord(page: Page, title: string): Promise<void> {
  await page.getByRole("button", { name: "Home", exact: true }).click();
  await page.getByRole("link", { name: new RegExp(title) }).click();
  await page.getByRole("heading", { name: title }).waitFor();
}

test("a Silver release from draft through hypercare and handover to closed", async (app) => {
  const page = app.page;
  const title = "Email digest v2";
  await createSilver(page, title);
  assertEqual(await state(page), "draft", "a new record is a draft");

  await page.getByTestId("lifecycle-next").click(); // Start preparing
  await waitFor(async () => (await state(page)) === "preparing", "preparing");
  await page.locator(".blockers").getByText("go/no-go not recorded").waitFor();
  let needs = await homeNeeds(page, (n) => n.includes("review") && n.includes("go-no-go"));
  assert(needs.includes("review") && needs.includes("go-no-go"), `home needs before the ceremonies: ${needs}`);

  // Plan the go/no-go; the home screen lists it when it is near.
  await openRecord(page, title);
  await section(page, "Ceremonies");
  await page.getByLabel("Ceremony to plan").selectOption("go-no-go");
  await page.getByLabel("Planned date").fill(inDays(1));
  await page.getByRole("button", { name: "Plan", exact: true }).click();
  await page.locator("[data-plan=go-no-go]").waitFor();
  needs = await homeNeeds(page, (n) => n.includes("ceremony"));
  assert(needs.includes("ceremony"), `home lists the planned go/no-go: ${needs}`);

  // Readiness review, then go/no-go with a condition.
  await openRecord(page, title);
  await ceremony(page, "Readiness review", { decision: "Ready for go/no-go", reason: "Essentials done or owned" });
  await ceremony(page, "Go/no-go", { outcome: "go-with-conditions", decision: "Go on the planned date", reason: "Risks understood", conditions: "Support FAQ published before go-live" });
  await waitFor(async () => (await state(page)) === "ready", "ready after go with conditions");
  await page.locator("[data-ceremony=go-no-go]").getByText("Go with 1 condition").waitFor();
  await page.locator("[data-ceremony=go-no-go]").getByText("At the time: Preparing").waitFor();
  await page.locator("[data-ceremony=go-no-go]").getByText(/Open when it was held: \d+% ready/).waitFor();
  assertEqual(await page.locator("[data-plan=go-no-go]").count(), 0, "the plan is cleared once the go/no-go is held");
  needs = await homeNeeds(page, (n) => !n.includes("review") && !n.includes("go-no-go"));
  assert(!needs.includes("review") && !needs.includes("go-no-go"), `home needs after the ceremonies: ${needs}`);
  assert((await portfolioRow(page, title, "Ready")).includes("Ready"), "portfolio shows the record ready");
  await searchFinds(page, "risks understood", "Go/no-go");
  await openRecord(page, title);
  await section(page, "Actions");
  await page.getByText("Condition: Support FAQ published before go-live").waitFor();

  // Go live, ten days before the planned date: it asks why, records the
  // actual date beside the planned one, and the window opens from it.
  await page.getByTestId("lifecycle-next").click();
  const goLive = page.getByRole("form", { name: "Go live" });
  assertEqual(await goLive.getByLabel("Went live on").inputValue(), today, "going live defaults to today");
  await goLive.getByRole("button", { name: "Go live" }).click();
  await goLive.getByText(/Going live 10 days before the planned date/).waitFor();
  await goLive.getByLabel("Why").fill("Brought forward for the marketing launch");
  await goLive.getByRole("button", { name: "Confirm and go live" }).click();
  await waitFor(async () => (await state(page)) === "live", "live");
  const header = (await page.getByTestId("golive").textContent()) ?? "";
  assert(header.startsWith("Went live") && header.includes("planned"), `the header shows the actual and planned go-live: ${header}`);
  await page.locator(".flags").getByText(/Went live .*10 days before the planned .*: Brought forward for the marketing launch/).waitFor();
  // The readiness pack, exported through the running app and read back,
  // shows both dates and leads with hypercare.
  const listed = spawnSync(devBinary, ["list", "--json", "--data", app.dataDir], { timeout: 30_000, encoding: "utf8" });
  const id = (JSON.parse(String(listed.stdout)) as { id: string; title: string }[]).find((l) => l.title === title)?.id ?? "";
  const pack = join(app.dataDir, "..", "pack.pdf");
  const exp = spawnSync(devBinary, ["export", "pack", "--record", id, "--out", pack, "--data", app.dataDir], { timeout: 30_000, encoding: "utf8" });
  assertEqual(exp.status, 0, `export pack: ${exp.stderr}`);
  const text = String(spawnSync("pdftotext", [pack, "-"], { timeout: 30_000, encoding: "utf8" }).stdout).replace(/\s+/g, " ");
  assert(text.includes(`Went live ${today}`) && text.includes(`planned ${inDays(10)}`), `the pack shows the actual and planned go-live: ${text.slice(0, 600)}`);
  assert(/Day 1 .{0,20}of \d+ in hypercare/.test(text), `the pack leads with hypercare: ${text.slice(0, 600)}`);
  needs = await homeNeeds(page, (n) => n.includes("checkin"));
  assert(needs.includes("checkin"), `home asks for today's check-in: ${needs}`);
  const liveRow = await portfolioRow(page, title, "Live (hypercare)", "Went live", "planned");
  assert(liveRow.includes("Live (hypercare)") && liveRow.includes("Went live") && liveRow.includes("planned"), `portfolio shows the record live, with both dates: ${liveRow}`);
  await page.locator("rect[data-hc=open]").first().waitFor();
  await openRecord(page, title);
  await section(page, "Hypercare window");
  await page.locator("[data-hc-state=active]").waitFor();

  // Two check-ins and an incident.
  for (const summary of ["Smooth go-live, open rate as forecast", "One P2 fixed, otherwise quiet"]) {
    await page.getByLabel("Check-in summary").fill(summary);
    await page.getByRole("button", { name: "Add", exact: true }).click();
    await page.getByText(summary).waitFor();
  }
  await page.getByLabel("Incident reference").fill("INC-5001");
  await page.getByLabel("Severity").selectOption("P2");
  await page.getByLabel("Opened").fill(`${today}T09:00`);
  await page.getByLabel("Resolved", { exact: true }).fill(`${today}T10:30`);
  await page.getByLabel("Incident summary").fill("Digest links broken for one segment");
  await page.getByLabel("Resolved by rolling back the change").check();
  await page.getByRole("button", { name: "Add incident" }).click();
  await page.getByText("INC-5001").waitFor();
  await page.locator("tr", { hasText: "INC-5001" }).getByText("Rolled back").waitFor();
  await page.locator(".fig").filter({ hasText: "mean time to restore" }).getByText("1h 30m").waitFor();

  // An extension, with its reason.
  await page.getByLabel("Why extend").fill("Second send of the digest next week");
  await page.getByLabel("Because the service is not yet stable").check();
  await page.getByRole("button", { name: "Extend window" }).click();
  await page.locator("[data-hc-state=extended]").waitFor();
  await page.getByText("For stability").waitFor();
  await app.screenshot("12-hypercare");

  // Exit: every criterion met, one waived with a reason.
  const exit = page.getByRole("button", { name: "Record hypercare exit…" });
  assert(await exit.isDisabled(), "exit is not offered while criteria are open");
  const criteria = page.locator("[data-criterion]");
  const n = await criteria.count();
  assert(n >= 3, `${n} exit criteria`);
  await criteria.nth(0).getByRole("button", { name: "Waive…" }).click();
  await criteria.nth(0).getByRole("button", { name: "Waive", exact: true }).click();
  await criteria.nth(0).getByText("Say why the criterion is waived").waitFor();
  await criteria.nth(0).getByRole("textbox").fill("Agreed with Digital Support: covered by their weekly review");
  await criteria.nth(0).getByRole("button", { name: "Waive", exact: true }).click();
  await waitFor(async () => (await criteria.nth(0).getAttribute("data-status")) === "waived", "criterion waived");
  for (let i = 1; i < n; i++) {
    await criteria.nth(i).getByRole("button", { name: "Met", exact: true }).click();
    await waitFor(async () => (await criteria.nth(i).getAttribute("data-status")) === "met", `criterion ${i} met`);
  }
  await exit.click();
  const form = page.getByRole("form", { name: "Record a ceremony" });
  assertEqual(await form.locator("#cer-kind").inputValue(), "hypercare-exit", "exit opens the exit ceremony");
  await form.getByLabel("Attendee 1 name").fill("Jo Park");
  await form.getByLabel("What was decided", { exact: true }).fill("Exit hypercare");
  await form.getByLabel("Reasons").fill("Every criterion met or waived");
  await form.getByRole("button", { name: /^Record / }).click();
  await form.waitFor({ state: "detached" });
  await page.locator("[data-ceremony=hypercare-exit]").waitFor();
  needs = await homeNeeds(page, (n) => n.includes("handover"));
  assert(needs.includes("handover"), `home shows the handover waiting: ${needs}`);

  // Handover accepted with a condition, then handed over and closed.
  await openRecord(page, title);
  await section(page, "Handover");
  await page.getByRole("button", { name: "Record acceptance" }).click();
  await page.getByText("Name is required").waitFor();
  await page.locator("#acc-name").fill("Jo Park");
  await page.locator("#acc-role").fill("Digital Support lead");
  // Every handover item not done is a condition or n/a before acceptance.
  const unfinished = page.locator("[data-unfinished]");
  const nu = await unfinished.count();
  assert(nu > 1, `${nu} handover items not done are listed`);
  for (let i = 1; i < nu; i++) {
    await unfinished.nth(i).getByLabel("Does not apply (n/a)").check();
    await unfinished.nth(i).getByLabel("Why it does not apply (required)").fill("Covered by the team's standing runbook");
  }
  await page.getByRole("button", { name: "Other condition", exact: true }).click();
  await page.getByLabel("Other condition 1", { exact: true }).fill("Runbook for failed sends reviewed");
  await page.getByRole("button", { name: "Record acceptance" }).click();
  await page.getByText("accepted the handover on").waitFor();
  await app.screenshot("13-handover");
  await page.getByTestId("lifecycle-next").click(); // Hand over
  await waitFor(async () => (await state(page)) === "handed-over", "handed over");
  // Closing with actions open asks what becomes of each.
  await page.getByTestId("lifecycle-next").click();
  const closing = page.getByRole("form", { name: "Close the record" });
  const open = closing.locator("select");
  const no = await open.count();
  assert(no >= 2, `${no} open actions to settle`);
  await open.nth(0).selectOption("transferred");
  await open.nth(1).selectOption("cancelled");
  await closing.getByRole("button", { name: "Close the record" }).click();
  await closing.getByText("Say why the action is cancelled").waitFor();
  await closing.getByLabel("Why it is cancelled (required)").fill("Superseded by the support FAQ");
  await closing.getByRole("button", { name: "Close the record" }).click();
  await waitFor(async () => (await state(page)) === "closed", "closed");
  needs = await homeNeeds(page, (n) => !n.includes("handover") && !n.includes("checkin"));
  assert(!needs.includes("handover") && !needs.includes("checkin"), `nothing left for a closed record: ${needs}`);
  const row = await portfolioRow(page, title, "Closed", "exited");
  assert(row.includes("Closed") && row.includes("exited"), `portfolio shows the record closed with hypercare exited: ${row}`);
  await searchFinds(page, "failed sends", "Action");

  // A restart keeps it all.
  await app.restart();
  await openRecord(page, title);
  await waitFor(async () => (await state(page)) === "closed", "closed after restart");
  await section(page, "Ceremonies");
  assertEqual(await page.locator("[data-ceremony]").count(), 3, "ceremonies after restart");
  await section(page, "Hypercare window");
  await page.getByText("INC-5001").waitFor();
  await page.getByText("One P2 fixed, otherwise quiet").waitFor();
  await section(page, "Actions");
  await page.getByText(/Handover condition: .*Runbook for failed sends reviewed/).first().waitFor();
  await page.locator(".st-transferred").first().waitFor();
  assert((await portfolioRow(page, title, "Closed")).includes("Closed"), "portfolio after restart");
  await openRecord(page, title);
  await section(page, "Ceremonies");
  await app.screenshot("14-ceremonies-closed");
  app.expectNoErrors();
});

test("moving back needs a reason and is recorded", async (app) => {
  const page = app.page;
  await createSilver(page, "Rollback drill");
  await page.getByTestId("lifecycle-next").click();
  await waitFor(async () => (await state(page)) === "preparing", "preparing");
  await page.getByRole("button", { name: "Move back…" }).click();
  await page.locator("#back-state").selectOption("draft");
  await page.getByRole("button", { name: "Move back", exact: true }).click();
  await page.getByText("Say why the record moves back from Preparing to Draft").waitFor();
  await page.locator("#back-reason").fill("Go-live postponed by the supplier");
  await page.getByRole("button", { name: "Move back", exact: true }).click();
  await waitFor(async () => (await state(page)) === "draft", "back to draft");
  await page.getByText("Last move: Go-live postponed by the supplier").waitFor();
  app.expectNoErrors();
});
