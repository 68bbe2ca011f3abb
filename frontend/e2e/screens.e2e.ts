// Every screen, light and dark, through axe-core (a11y.ts): nothing critical
// or serious, one main landmark, unique named landmarks, headings in order;
// and each main screen at 200 % zoom (640 × 400) and at 1024 × 640 without
// sideways scrolling. Walks an empty app, the new-record flow, then the four
// example records (Card tokenisation v3 before go-live, Passwordless sign-in
// in hypercare, Email digest redesign closed), the portfolio, search, team &
// peers, templates, backups and the link patterns dialog.
import type { Page } from "playwright-core";
import { Audit, a11yFindings, rawValuesShown, reflowFindings } from "./a11y";
import { assert, test } from "./harness";

async function section(page: Page, name: string): Promise<void> {
  await page.locator(`nav[aria-label=Sections] button[title="${name}"]`).click();
  await page.getByRole("heading", { name, level: 2 }).waitFor();
}

async function openRecord(page: Page, title: string): Promise<void> {
  await page.getByRole("button", { name: "Home", exact: true }).click();
  await page.getByRole("link", { name: new RegExp(title) }).first().click();
  await page.getByRole("heading", { name: title, level: 1 }).waitFor();
}

test(
  "every screen passes axe-core in both themes and reflows at 200 % zoom and 1024 × 640",
  async (app) => {
    const page = app.page;
    const audit = new Audit();

    // An empty app.
    await page.getByRole("heading", { name: "No readiness records yet" }).waitFor();
    await audit.screen(page, "home, empty");

    // The new-record flow, with its messages showing.
    await page.getByRole("button", { name: "New readiness record" }).first().click();
    await page.getByRole("heading", { name: "Which release is this?" }).waitFor();
    await audit.screen(page, "new record, details");
    await page.getByRole("button", { name: "Next" }).click();
    await page.getByText("Service is required").waitFor();
    await audit.a11y(page, "new record, details with errors");
    await page.locator("#nr-service").fill("Payments Gateway");
    await page.locator("#nr-title").fill("Card vault");
    await page.locator("#nr-squad").fill("Squad Falcon");
    await page.locator("#nr-sdm").fill("Priya Raman");
    await page.locator("#nr-maintenanceTeam").fill("Payments Run Team");
    await page.locator("#nr-goLive").fill(new Date(Date.now() + 20 * 86_400_000).toISOString().slice(0, 10));
    await page.getByRole("button", { name: "Next" }).click();
    await page.getByRole("heading", { name: "How big is the change?" }).waitFor();
    await page.locator('[data-question="sensitiveData"]').check();
    await audit.screen(page, "new record, questionnaire");
    await page.getByRole("button", { name: "Next" }).click();
    await page.getByRole("heading", { name: "Confirm the tier" }).waitFor();
    await page.locator(".tier-card.silver").click();
    await audit.screen(page, "new record, tier");
    await page.locator(".tier-card.gold").click();
    await page.getByRole("button", { name: "Create record" }).click();
    await page.getByRole("heading", { name: "Card vault", level: 1 }).waitFor();
    await audit.screen(page, "record, new, details");

    // The example records.
    await app.call("app.RecordService.LoadExamples");
    await page.getByRole("button", { name: "Home", exact: true }).click();
    await page.getByRole("link", { name: /Passwordless sign-in/ }).first().waitFor();
    await page.getByRole("heading", { name: "Needs you now", exact: true }).waitFor();
    await audit.screen(page, "home");

    await openRecord(page, "Card tokenisation v3");
    await audit.screen(page, "record, details");
    await page.locator("nav[aria-label=Sections] button.sec", { hasText: /^\s*1\.0 / }).click();
    await page.getByRole("heading", { name: /^1\.0 /, level: 2 }).waitFor();
    await audit.screen(page, "record, checklist");
    await page.locator("li.item button.toggle").first().click();
    await page.locator("li.item .fields").first().waitFor();
    await audit.screen(page, "record, checklist item open");
    const naItem = page.locator("li.item:has([role=radio].seg.na:not(.locked))").first();
    await naItem.locator("[role=radio].seg.na").click();
    await naItem.locator(".reason-box").waitFor();
    await audit.a11y(page, "record, n/a reason asked");
    await naItem.locator(".reason-box").getByRole("button", { name: "Save" }).click();
    await page.getByText(/Say why .* is n\/a/).waitFor();
    await audit.a11y(page, "record, n/a reason refused");
    await naItem.locator(".reason-box").getByRole("button", { name: "Cancel" }).click();

    for (const name of ["Risks", "Contacts", "Ceremonies", "Hypercare window", "Handover", "Actions", "Acknowledgements"]) {
      const button = page.locator(`nav[aria-label=Sections] button[title="${name}"]`);
      if ((await button.count()) === 0) continue;
      await section(page, name);
      await audit.screen(page, `record, ${name.toLowerCase()}`);
    }
    await section(page, "Ceremonies");
    await page.locator(".ceremonies .start button").first().click();
    await page.getByRole("form", { name: "Record a ceremony" }).waitFor();
    await audit.screen(page, "record, ceremony form");

    await page.getByRole("button", { name: "History" }).click();
    await page.getByRole("dialog").waitFor();
    await audit.a11y(page, "record, history");
    await page.keyboard.press("Escape");
    await page.getByRole("dialog").waitFor({ state: "detached" });

    await openRecord(page, "Passwordless sign-in");
    await section(page, "Hypercare window");
    await audit.screen(page, "record in hypercare, window");
    await section(page, "Ceremonies");
    await audit.screen(page, "record in hypercare, ceremonies");

    await openRecord(page, "Email digest redesign");
    await audit.screen(page, "closed record, details");
    await section(page, "Handover");
    await audit.screen(page, "closed record, handover");
    await section(page, "Actions");
    await audit.a11y(page, "closed record, actions");

    // Portfolio and search.
    await page.getByRole("button", { name: "Portfolio", exact: true }).click();
    await page.getByRole("heading", { name: "Portfolio", exact: true }).waitFor();
    await page.locator("tr[data-row]").first().waitFor();
    await audit.screen(page, "portfolio");

    const box = page.getByRole("combobox", { name: "Search records" });
    await box.fill("payments");
    await page.getByRole("listbox", { name: "Search results" }).waitFor();
    await audit.screen(page, "search results");
    await box.press("Escape");

    // Team & peers.
    await page.getByRole("button", { name: "Team & peers" }).click();
    await page.getByRole("heading", { name: "Team & peers", level: 1 }).waitFor();
    await audit.screen(page, "team & peers");

    // Templates: the library, a draft derived from Gold, its preview, a published version.
    await page.getByRole("button", { name: "Templates", exact: true }).click();
    await page.getByRole("heading", { name: "Templates", level: 1 }).waitFor();
    await audit.screen(page, "templates");
    await page.getByRole("button", { name: /^View .* v1$/ }).first().click();
    await page.getByRole("heading", { level: 1 }).waitFor();
    await audit.screen(page, "template version");
    await page.getByRole("button", { name: "Templates", exact: true }).click();
    await page.getByRole("button", { name: /^Derive a template from/ }).first().click();
    await page.getByRole("dialog").waitFor();
    await audit.a11y(page, "new template dialog");
    await page.getByRole("dialog").getByRole("button", { name: "Create draft" }).click();
    await page.getByText("Name is required").waitFor();
    await audit.a11y(page, "new template dialog with errors");
    await page.getByRole("dialog").getByLabel("Name").fill("Payments Gold");
    await page.getByRole("dialog").getByLabel("Id").fill("payments-gold");
    await page.getByRole("dialog").getByRole("button", { name: "Create draft" }).click();
    await page.getByRole("dialog").waitFor({ state: "detached" });
    await page.getByRole("button", { name: /Preview/ }).first().waitFor();
    await audit.screen(page, "template draft");
    await page.getByRole("button", { name: /Preview/ }).first().click();
    await page.getByRole("navigation", { name: "Sections of the preview" }).waitFor();
    await audit.screen(page, "template draft preview");

    // Backups and the link patterns.
    await page.getByRole("button", { name: "Backups", exact: true }).click();
    await page.getByRole("heading", { name: "Backups", level: 1 }).waitFor();
    await audit.screen(page, "backups");
    await page.getByRole("button", { name: "Link patterns" }).click();
    await page.getByRole("dialog").waitFor();
    await audit.screen(page, "link patterns");
    await page.keyboard.press("Escape");

    audit.assertClean();
  },
  { timeoutMs: 600_000 },
);

// The checks themselves: planted faults are found, so a clean walk means
// something.
test("the accessibility and reflow checks find planted faults", async (app) => {
  const page = app.page;
  await page.getByRole("heading", { name: "No readiness records yet" }).waitFor();
  await page.evaluate(() => {
    const main = document.querySelector("main")!;
    const add = (html: string) => main.insertAdjacentHTML("afterbegin", html);
    add('<p id="plant-contrast" style="color:#bbb;background:#fff">Faint words</p>');
    add('<div id="plant-wide" style="width:900px;height:4px"></div>');
    add('<div style="overflow:hidden;width:200px"><span id="plant-cut" style="display:inline-block;width:400px">cut</span></div>');
    add('<div id="plant-scrolls" style="overflow-x:auto;width:200px"><div style="width:400px">scrolls</div></div>');
    add("<p>Due 2026-12-01, status not-started</p>");
    add('<label for="plant-labelled">Seen name</label><input id="plant-labelled"><input id="plant-unlabelled" aria-label="Hidden name" placeholder="Only a placeholder">');
  });
  const axe = await a11yFindings(page, "planted", ["light"]);
  assert(axe.some((f) => f.rule === "color-contrast" && f.targets.some((t) => t.includes("#plant-contrast"))), `axe finds the faint text: ${JSON.stringify(axe)}`);
  const reflow = (await reflowFindings(page, "planted")).filter((f) => f.size?.startsWith("200%"));
  const found = (rule: string, id: string) => reflow.some((f) => f.rule === rule && f.targets.some((t) => t.includes(id)));
  assert(found("reflow-wide", "plant-wide"), `an element wider than the window: ${JSON.stringify(reflow)}`);
  assert(found("reflow-cut", "plant-cut"), `an element cut off by its box: ${JSON.stringify(reflow)}`);
  assert(found("reflow-scrolls", "plant-scrolls"), `a box that scrolls sideways: ${JSON.stringify(reflow)}`);
  assert(axe.some((f) => f.rule === "visible-label" && f.targets.some((t) => t.startsWith("#plant-unlabelled"))), `a field with only a hidden name: ${JSON.stringify(axe)}`);
  assert(!axe.some((f) => f.targets.some((t) => t.startsWith("#plant-labelled "))), `a labelled field passes: ${JSON.stringify(axe)}`);
  assert(axe.some((f) => f.rule === "dates-in-words" && f.targets.some((t) => t.startsWith("2026-12-01"))), `an ISO date fails: ${JSON.stringify(axe)}`);
  const raw = await rawValuesShown(page);
  assert(raw.some((r) => r.startsWith("2026-12-01")) && raw.some((r) => r.startsWith("not-started")), `raw values found: ${raw}`);
});
