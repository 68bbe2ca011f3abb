// The command line writes through the running window (its control socket):
// a pipeline makes a record and sets an item with evidence, and the window
// shows them — the item within a second of the command's return, authored
// as the pipeline said, in the record's history.
import { spawnSync } from "node:child_process";
import { assert, assertEqual, devBinary, test, waitFor } from "./harness";

function rr(dataDir: string, ...args: string[]): string {
  const r = spawnSync(devBinary, [...args, "--data", dataDir], { timeout: 30_000, encoding: "utf8" });
  assertEqual(r.status, 0, `readyroom ${args.join(" ")}: ${r.stderr}`);
  return String(r.stdout).trim();
}

test("a pipeline's writes from the command line show in the window", async (app) => {
  const page = app.page;
  const title = "Tokenisation v5";
  const id = rr(app.dataDir, "record", "create", "--service", "Payments Gateway", "--release", title, "--squad", "Squad Falcon",
    "--sdm", "Priya Raman", "--maintenance-team", "Payments Run Team", "--go-live", "2027-02-01", "--tier", "silver", "--author", "Release bot");
  assert(/^[0-9A-Z]{26}$/.test(id), `record create printed an id: ${id}`);

  // The home screen hears of the new record without a reload.
  await page.getByRole("link", { name: new RegExp(title) }).click();
  await page.getByRole("heading", { name: title }).waitFor();
  await page.locator(`nav[aria-label=Sections] button[title="Communications"]`).click();
  const item = page.locator(`li[data-item="COM-01"]`);
  await item.waitFor();
  assertEqual(await item.getAttribute("data-status"), "not-started", "COM-01 before");

  rr(app.dataDir, "item", "set", id, "COM-01", "--status", "done", "--evidence", "https://ci.example.com/job/42=load test", "--author", "CI pipeline");
  const returned = Date.now();
  await waitFor(async () => (await item.getAttribute("data-status")) === "done", "COM-01 done in the window", 1000);
  const shown = Date.now() - returned;
  assert(shown <= 1000, `the window showed the item ${shown} ms after the command returned`);
  await item.locator("button.toggle").click();
  await item.getByText("load test").waitFor();

  await page.getByRole("button", { name: "History", exact: true }).click();
  await page.getByRole("dialog").getByText("CI pipeline").first().waitFor();
  await app.screenshot("cli-item-set-shown");
});
