// Forms that never lose work and a keyboard that does what it says
// (issue 16, items 2 and 3), through the real UI: where focus is after each
// new-record step and after the record is created; the status control's
// arrows writing one change (counted in the record's history through the
// app's API); a half-typed go/no-go surviving Esc and a section switch, and
// a half-typed risk surviving leaving the record, coming back and a restart.
import type { Page } from "playwright-core";
import { assert, assertEqual, test, waitFor, type App } from "./harness";

/** Where focus is: the focused element's tag, id, role and text (BODY when it has dropped). */
async function focused(page: Page): Promise<{ tag: string; id: string; role: string; text: string; checked: string; value: string }> {
  return page.evaluate(() => {
    const el = document.activeElement as HTMLElement | null;
    return {
      tag: el?.tagName ?? "",
      id: el?.id ?? "",
      role: el?.getAttribute("role") ?? "",
      text: (el?.textContent ?? "").trim(),
      checked: el?.getAttribute("aria-checked") ?? "",
      value: el?.getAttribute("data-value") ?? "",
    };
  });
}

/** Waits until want(focus) holds, and fails saying where focus is. */
async function focusIs(page: Page, what: string, want: (f: Awaited<ReturnType<typeof focused>>) => boolean): Promise<void> {
  let last = await focused(page);
  try {
    await waitFor(async () => want((last = await focused(page))), what, 3000);
  } catch {
    throw new Error(`focus should be on ${what}, but is on ${JSON.stringify(last)}`);
  }
}

type History = { path: string; summary: string }[];

async function history(app: App, id: string): Promise<History> {
  return app.call<History>("app.RecordService.History", id);
}

/** A Gold record made through the app's API; its id and its first checklist section's items. */
async function goldRecord(app: App, title: string): Promise<{ id: string; items: string[]; section: string; heading: string }> {
  const v = await app.call<{ record: { id: string; sections: { title: string; number: string; kind: string; items?: { id: string; naAllowed: boolean }[] | null }[] } }>(
    "app.RecordService.CreateRecord",
    { service: "Payments", title, squad: "Falcon", sdm: "Priya Raman", maintenanceTeam: "Run", goLive: "2026-12-20", tier: "gold", tierReason: "a big change", answers: {} },
  );
  const sec = v.record.sections.find((s) => s.kind === "checklist" && (s.items ?? []).filter((i) => i.naAllowed).length >= 3)!;
  return { id: v.record.id, items: (sec.items ?? []).filter((i) => i.naAllowed).map((i) => i.id), section: sec.title, heading: `${sec.number} ${sec.title}` };
}

async function openRecord(page: Page, title: string): Promise<void> {
  await page.getByRole("button", { name: "Home", exact: true }).click();
  await page.getByRole("link", { name: new RegExp(title) }).click();
  await page.getByRole("heading", { name: title, level: 1 }).waitFor();
}

async function section(page: Page, name: string, heading = name): Promise<void> {
  await page.locator(`nav[aria-label=Sections] button[title="${name}"]`).click();
  await page.getByRole("heading", { name: heading, level: 2 }).waitFor();
}

test("focus lands on each new-record step, on a refused field, and on the record once created", async (app) => {
  const page = app.page;
  await page.getByRole("button", { name: "New readiness record" }).first().click();
  await focusIs(page, "the service field", (f) => f.id === "nr-service");

  // Next with nothing filled: focus goes to the first field refused.
  await page.keyboard.press("Enter");
  await page.getByText("Service is required").waitFor();
  await focusIs(page, "the first refused field", (f) => f.id === "nr-service");

  await page.keyboard.type("Payments Gateway");
  await page.locator("#nr-title").fill("Card tokenisation v3");
  await page.locator("#nr-squad").fill("Squad Falcon");
  await page.locator("#nr-sdm").fill("Priya Raman");
  await page.locator("#nr-maintenanceTeam").fill("Payments Run Team");
  await page.locator("#nr-goLive").fill("2026-12-15");
  await page.locator("#nr-goLive").press("Enter");
  await focusIs(page, "the questionnaire's heading", (f) => f.id === "nr-step" && f.text === "How big is the change?");

  await page.keyboard.press("Tab");
  await page.keyboard.press("Space"); // the first question, by keyboard
  await page.getByRole("button", { name: "Next" }).focus();
  await page.keyboard.press("Enter");
  await focusIs(page, "the tier step's heading", (f) => f.id === "nr-step" && f.text === "Confirm the tier");

  await page.getByRole("button", { name: "Previous" }).focus();
  await page.keyboard.press("Enter");
  await focusIs(page, "the questionnaire's heading again", (f) => f.id === "nr-step" && f.text === "How big is the change?");
  await page.getByRole("button", { name: "Next" }).click();
  await focusIs(page, "the tier step's heading again", (f) => f.id === "nr-step" && f.text === "Confirm the tier");

  await page.getByRole("button", { name: "Create record" }).focus();
  await page.keyboard.press("Enter");
  await page.getByRole("heading", { name: "Card tokenisation v3", level: 1 }).waitFor();
  await focusIs(page, "the new record's title", (f) => f.id === "record-title" && f.text === "Card tokenisation v3");
});

test("a half-typed new record is kept when the flow is left, and offered back", async (app) => {
  const page = app.page;
  await page.getByRole("button", { name: "New readiness record" }).first().click();
  await page.locator("#nr-service").fill("Payments Gateway");
  await page.locator("#nr-title").fill("Half a thought");
  await page.getByRole("button", { name: "Portfolio", exact: true }).click();
  await page.getByRole("button", { name: /New record/ }).click();
  await page.getByText("Draft kept from earlier").waitFor();
  assertEqual(await page.locator("#nr-title").inputValue(), "Half a thought", "the title typed before");
  await page.getByRole("button", { name: "Discard draft" }).click();
  assertEqual(await page.locator("#nr-title").inputValue(), "", "the title once discarded");
  await page.getByRole("button", { name: "Undo" }).click(); // the toast offers it back
  await waitFor(async () => (await page.locator("#nr-title").inputValue()) === "Half a thought", "the discarded draft back");
});

test("arrow keys on the status control write once; a reason is asked for once the choice is final", async (app) => {
  const page = app.page;
  const rec = await goldRecord(app, "Arrow keys");
  const [first, second, third] = rec.items;
  await openRecord(page, "Arrow keys");
  await section(page, rec.section, rec.heading);
  const statusWrites = async (item: string) => (await history(app, rec.id)).filter((h) => h.path === `items/${item}/status`);

  // Not started → → Done, then Enter: one change, "done"; nothing for "in progress".
  const group = (item: string) => page.getByRole("radiogroup", { name: `Status of ${item}`, exact: true });
  await group(first).getByRole("radio", { name: "Not started" }).focus();
  await page.keyboard.press("ArrowRight");
  await page.keyboard.press("ArrowRight");
  await focusIs(page, `${first}'s Done`, (f) => f.role === "radio" && f.value === "done" && f.checked === "true");
  await page.waitForTimeout(1500); // a pause writes nothing either
  assertEqual((await statusWrites(first)).length, 0, `status writes for ${first} while the arrows move`);
  await page.keyboard.press("Enter");
  await waitFor(async () => (await page.locator(`li[data-item="${first}"]`).getAttribute("data-status")) === "done", `${first} done`);
  const writes = await statusWrites(first);
  assertEqual(writes.length, 1, `status writes for ${first}: ${JSON.stringify(writes)}`);
  assert(/done/i.test(writes[0].summary), `the one write says done: ${writes[0].summary}`);
  await focusIs(page, `${first}'s Done, still`, (f) => f.role === "radio" && f.value === "done");

  // Three → presses pass In progress and Done to N/A: no write and no
  // prompt until Enter, then the prompt; Enter saves the reason, once, and
  // focus goes back to the status.
  await group(second).getByRole("radio", { name: "Not started" }).focus();
  for (let i = 0; i < 3; i++) await page.keyboard.press("ArrowRight");
  await focusIs(page, `${second}'s N/A`, (f) => f.value === "na");
  assertEqual(await page.locator(`#reason-${second}`).count(), 0, "no reason prompt before the choice is final");
  assertEqual(await page.locator(`li[data-item="${second}"]`).getAttribute("data-status"), "not-started", `${second} unchanged`);
  await page.keyboard.press("Enter");
  await focusIs(page, `${second}'s reason`, (f) => f.id === `reason-${second}`);
  await page.keyboard.type("No customer-facing change");
  await page.keyboard.press("Enter");
  await waitFor(async () => (await page.locator(`li[data-item="${second}"]`).getAttribute("data-status")) === "na", `${second} n/a`);
  await focusIs(page, `${second}'s status after the reason is saved`, (f) => f.role === "radio" && f.value === "na" && f.checked === "true");
  assertEqual((await statusWrites(second)).length, 1, `status writes for ${second}`);

  // Blocked by keyboard, a reason half typed, Esc: the prompt is set aside
  // (the record stays open), focus is back on the status, nothing written;
  // choosing Blocked again brings the reason back.
  await group(third).getByRole("radio", { name: "Not started" }).focus();
  await page.keyboard.press("End");
  await page.keyboard.press("Space");
  await focusIs(page, `${third}'s reason`, (f) => f.id === `reason-${third}`);
  await page.keyboard.type("Waiting for the supp");
  await page.keyboard.press("Escape");
  await focusIs(page, `${third}'s status after Esc`, (f) => f.role === "radio" && f.value === "not-started" && f.checked === "true");
  assertEqual(await page.locator(`#reason-${third}`).count(), 0, "the prompt set aside");
  await page.getByRole("heading", { name: "Arrow keys", level: 1 }).waitFor();
  assertEqual((await statusWrites(third)).length, 0, `status writes for ${third}`);
  await page.keyboard.press("End");
  await page.keyboard.press("Enter");
  await focusIs(page, `${third}'s reason again`, (f) => f.id === `reason-${third}`);
  assertEqual(await page.locator(`#reason-${third}`).inputValue(), "Waiting for the supp", "the reason kept");
});

test("a half-typed go/no-go survives Esc and a section switch; nothing is written until it is recorded", async (app) => {
  const page = app.page;
  const rec = await goldRecord(app, "Go or not");
  await openRecord(page, "Go or not");
  await section(page, "Ceremonies");
  const start = page.locator(".ceremonies .start").getByRole("button", { name: "Go/no-go" });
  await start.click();
  const form = page.getByRole("form", { name: "Record a ceremony" });
  await focusIs(page, "the ceremony's first field", (f) => f.id === "cer-kind");
  await form.getByLabel("Attendee 1 name").fill("Priya Raman");
  await form.getByLabel("Reasons").fill("Risks underst");

  // Esc on a button of the form (not a text field): the record stays, the
  // form is set aside with its draft, focus back on the button that opened it.
  await form.getByRole("button", { name: "Attendee", exact: true }).focus();
  await page.keyboard.press("Escape");
  await form.waitFor({ state: "detached" });
  await page.getByRole("heading", { name: "Go or not", level: 1 }).waitFor();
  await focusIs(page, "the Go/no-go button that opened the form", (f) => f.tag === "BUTTON" && f.text.includes("Go/no-go"));
  await page.getByText("A go/no-go draft is kept.").waitFor();

  // Esc again, now with nothing of a form around it, leaves for home; the
  // draft stays and a toast says so.
  await page.keyboard.press("Escape");
  await page.getByText("Kept as drafts in Go or not: ceremony").waitFor();
  await openRecord(page, "Go or not");
  await section(page, "Ceremonies");
  await page.getByRole("button", { name: "Resume the go/no-go" }).click();
  assertEqual(await form.getByLabel("Attendee 1 name").inputValue(), "Priya Raman", "attendee after Esc");
  assertEqual(await form.getByLabel("Reasons").inputValue(), "Risks underst", "reasons after Esc");

  // Typing on, then switching section with the form open: it reopens with
  // the draft and says so.
  await form.getByLabel("Reasons").fill("Risks understood and accepted");
  await page.keyboard.press("Alt+ArrowDown");
  await page.getByRole("heading", { name: "Hypercare window", level: 2 }).waitFor();
  await section(page, "Ceremonies");
  await form.getByText("Draft kept from earlier").waitFor();
  assertEqual(await form.getByLabel("Reasons").inputValue(), "Risks understood and accepted", "reasons after a section switch");
  assertEqual((await history(app, rec.id)).filter((h) => h.path.startsWith("ceremonies")).length, 0, "ceremonies written while a draft");

  // Esc in the text field sets it aside too; the record stays.
  await form.getByLabel("Reasons").press("Escape");
  await form.waitFor({ state: "detached" });
  await page.getByRole("heading", { name: "Go or not", level: 1 }).waitFor();
  await start.click(); // the same kind again: the draft, not a blank form
  assertEqual(await form.getByLabel("Reasons").inputValue(), "Risks understood and accepted", "reasons when the form opens again");
  await form.getByRole("button", { name: "Record go/no-go" }).click();
  await form.waitFor({ state: "detached" });
  await page.locator("[data-ceremony=go-no-go]").waitFor();
  assertEqual(await page.getByText("A go/no-go draft is kept.").count(), 0, "no draft once recorded");
  await start.click();
  assertEqual(await form.getByLabel("Reasons").inputValue(), "", "a new go/no-go starts blank");
});

test("a half-typed risk survives leaving the record, coming back and a restart; a refused field's message goes once fixed", async (app) => {
  const page = app.page;
  const rec = await goldRecord(app, "Risky");
  await openRecord(page, "Risky");
  await section(page, "Risks");
  await page.getByRole("button", { name: "Add risk" }).click();
  await page.locator("#risk-description").fill("Supplier misses the cut-over window");
  await page.locator("#risk-o").fill("Ana");
  await page.getByRole("button", { name: "All records" }).click();
  await page.getByText("Kept as drafts in Risky: risk").waitFor();

  await openRecord(page, "Risky");
  await section(page, "Risks");
  await page.getByText("Draft kept from earlier").waitFor();
  assertEqual(await page.locator("#risk-description").inputValue(), "Supplier misses the cut-over window", "the risk after leaving the record");

  await app.restart();
  await openRecord(page, "Risky");
  await section(page, "Risks");
  assertEqual(await page.locator("#risk-o").inputValue(), "Ana", "the risk's owner after a restart");
  assertEqual((await history(app, rec.id)).filter((h) => h.path.startsWith("risks")).length, 0, "risks written while a draft");

  // A refused save: the message shows by the field, the header does not
  // say "Not saved" (the form holds it), and the message goes once the
  // field is changed.
  await page.locator("#risk-description").fill("");
  await page.getByRole("button", { name: "Save risk" }).click();
  const msg = page.locator(".risks form .error").first();
  await msg.waitFor();
  assertEqual(await page.locator(".save .err").count(), 0, "'Not saved' in the header for a form's refusal");
  await page.locator("#risk-description").fill("Supplier misses the cut-over window");
  await waitFor(async () => (await page.locator(".risks form .error").count()) === 0, "the message gone once the field is fixed");
  await page.getByRole("button", { name: "Save risk" }).click();
  await page.locator("article.risk", { hasText: "Supplier misses the cut-over window" }).waitFor();
  await focusIs(page, "Add risk after the save", (f) => f.id === "add-risk");
  assertEqual(await page.getByText("Draft kept").count(), 0, "no draft once saved");
  // Deleting it: its card and the button pressed go, focus does not drop.
  await page.locator("article.risk", { hasText: "Supplier misses" }).getByRole("button", { name: "Delete risk" }).click();
  await page.locator("article.risk").waitFor({ state: "detached" });
  await focusIs(page, "Add risk after a delete", (f) => f.id === "add-risk");
});

test("'Not saved' names an autosaved field that was refused, and goes once it is fixed", async (app) => {
  const page = app.page;
  const rec = await goldRecord(app, "Autosave");
  await openRecord(page, "Autosave");
  const owner = page.getByLabel("Service delivery manager");
  await owner.fill("x".repeat(500));
  await owner.press("Enter");
  await page.locator(".save .err").getByText("Not saved: Service delivery manager").waitFor();
  await owner.fill("Priya Raman-Okafor");
  await owner.press("Enter");
  await waitFor(async () => (await page.locator(".save .err").count()) === 0, "'Not saved' gone once the field saved");
  await page.locator(".save").getByText("Saved").waitFor();
  assert((await history(app, rec.id)).some((h) => h.path === "sdm"), "the fixed value written");
});
