// The record tells the truth: a go at low readiness is taken with what was
// open and says so; blocked items become conditions or accepted risks; an
// action from a condition is edited and closed; a ceremony is amended and
// its report (read back with pdftotext) says so.
import { spawnSync } from "node:child_process";
import { join } from "node:path";
import { assert, assertEqual, devBinary, test, waitFor } from "./harness";

function cli(dataDir: string, ...args: string[]): string {
  const r = spawnSync(devBinary, [...args, "--data", dataDir], { timeout: 30_000, encoding: "utf8" });
  if (r.status !== 0) throw new Error(`readyroom ${args.join(" ")}: ${r.status} ${r.stderr}`);
  return String(r.stdout);
}

function pdfText(file: string): string {
  const r = spawnSync("pdftotext", ["-layout", file, "-"], { timeout: 30_000, encoding: "utf8" });
  if (r.status !== 0) throw new Error(`pdftotext ${file}: ${r.stderr}`);
  return String(r.stdout);
}

test(
  "a go at low readiness shows what is open, records it, and an amended ceremony's report says so",
  async (app) => {
    const page = app.page;
    const title = "Card tokenisation v3";
    await page.getByRole("link", { name: new RegExp(title) }).click();
    await page.getByRole("heading", { name: title }).waitFor();
    await page.locator(`nav[aria-label=Sections] button[title="Ceremonies"]`).click();
    await page.locator(".ceremonies .start").getByRole("button", { name: "Go/no-go" }).click();
    const form = page.getByRole("form", { name: "Record a ceremony" });

    // Before the decision: what is open, from the Go side.
    const open = form.locator(".open-now");
    await open.getByText(/\d+% ready/).waitFor();
    await open.getByText("3 items blocked").waitFor();
    await open.getByText("Rollback rehearsal in staging failed on the batch job; fix in review.").waitFor();
    await open.getByText(/high risks? open|Not done, by section/).first().waitFor();
    await app.screenshot("15-go-no-go-open-items");

    await form.getByLabel("Attendee 1 name").fill("Priya Raman");
    await form.locator("label.outcome.go-with-conditions").click();
    await form.getByLabel("What was decided", { exact: true }).fill("Go on the planned date");
    await form.getByLabel("Reasons").fill("Business deadline; the blocked items are owned");
    await form.getByRole("button", { name: "Condition", exact: true }).click();
    await form.getByLabel("Condition 1", { exact: true }).fill("War room booked for go-live night");
    // Each blocked item: two conditions (owner and due pre-filled), one accepted risk.
    const blocked = form.locator("[data-blocked]");
    assertEqual(await blocked.count(), 3, "every blocked item asks what becomes of it");
    await blocked.nth(0).getByLabel("An accepted risk").check();
    await form.getByRole("button", { name: "Record go/no-go" }).click();
    await form.getByText(/Say why the release may go with .* blocked/).waitFor(); // the risk needs its reason
    await blocked.nth(0).getByLabel("Why the release may go with it blocked (required)").fill("Pen test report promised Friday; our own test passed");
    await form.getByRole("button", { name: "Record go/no-go" }).click();
    await form.waitFor({ state: "detached" });

    // The record says what it went with, everywhere.
    await page.locator(".rec-head .state").getByText("Ready — go with 3 conditions, 1 blocked item accepted as a risk").waitFor();
    const card = page.locator("[data-ceremony=go-no-go]");
    await card.getByText("Go with 3 conditions, 1 blocked item accepted as a risk").waitFor();
    await card.getByText(/Open when it was held: \d+% ready .* 3 blocked/).waitFor();
    await card.getByText(/accepted as a risk: Pen test report promised Friday/).waitFor();
    await page.locator(`nav[aria-label=Sections] button[title="Risks"]`).click();
    await page.locator(".risk", { hasText: "blocked at go/no-go" }).getByText("accepted").first().waitFor();

    // Amend the go/no-go: an attendee left off, with the reason.
    await page.locator(`nav[aria-label=Sections] button[title="Ceremonies"]`).click();
    await card.getByRole("button", { name: /^Amend the go\/no-go/ }).click();
    const amend = card.getByRole("form", { name: "Amend this ceremony" });
    await amend.getByRole("button", { name: "Save the amendment" }).click();
    await amend.getByText("Say why the ceremony is amended").waitFor();
    await amend.getByRole("button", { name: "Attendee", exact: true }).click();
    await amend.getByLabel("Attendee 2 name").fill("Dana Fox");
    await amend.getByLabel("Attendee 2 role").fill("Payments Run Team");
    await amend.getByLabel("Why it is amended (required)").fill("Dana Fox attended and was left off");
    await amend.getByRole("button", { name: "Save the amendment" }).click();
    await amend.waitFor({ state: "detached" });
    await card.getByText(/Amended on .* because Dana Fox attended and was left off \(changed: attendees\)/).waitFor();
    await app.screenshot("16-amended-ceremony");

    // Its report says so (exported through the running app, read back).
    const listing = JSON.parse(cli(app.dataDir, "list", "--json")) as { title: string; ceremonies: { id: string; kind: string }[] }[];
    const rec = listing.find((l) => l.title === title);
    const gng = rec?.ceremonies.find((c) => c.kind === "go-no-go");
    assert(gng, "the go/no-go is listed");
    const pdf = join(app.dataDir, "..", "go-no-go.pdf");
    cli(app.dataDir, "export", "ceremony", "--ceremony", gng.id, "--out", pdf);
    const text = pdfText(pdf);
    assert(/Amended on .* because Dana Fox attended and was left off/s.test(text.replace(/\s+/g, " ")), `the report says it was amended:\n${text.slice(0, 2000)}`);

    // An action from a condition: edited (reassigned) and closed with a note.
    await page.locator(`nav[aria-label=Sections] button[title="Actions"]`).click();
    const actId = await page.locator("[data-action]", { hasText: "Unblock" }).first().getAttribute("data-action");
    const act = page.locator(`[data-action="${actId}"]`); // the list re-sorts as actions close
    await act.getByRole("button", { name: /^Edit/ }).click();
    await act.getByLabel("Owner").fill("Jo Whitfield");
    await act.getByRole("button", { name: "Save" }).click();
    await act.getByText("Jo Whitfield").waitFor();
    await act.getByRole("button", { name: /^Close .* as done/ }).click();
    await act.getByLabel("Closing note (optional)").fill("Escalation tree tested on Tuesday");
    await act.getByRole("button", { name: "Close as done" }).click();
    await waitFor(async () => (await act.getAttribute("class"))?.includes("st-done") ?? false, "the action is done");
    await act.getByText(/Note: Escalation tree tested on Tuesday/).waitFor();

    // The home row says it too.
    await page.getByRole("button", { name: "Home", exact: true }).click();
    await page.locator("tr", { hasText: title }).getByText("Go with 3 conditions, 1 blocked item accepted as a risk").waitFor();
    app.expectNoErrors();
  },
  { demo: true },
);
