// Backups you can see and restore: the Backups page lists what the data
// folder holds (when, size, records, checked), takes one now, checks one
// whole, refuses bad settings next to their fields, and restores a backup
// by restarting on it, the current database kept as a backup.
import { spawnSync } from "node:child_process";
import { mkdtempSync, readdirSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { assert, assertEqual, devBinary, sleep, test, waitFor } from "./harness";

function backupList(dataDir: string): { name: string; checked: boolean; records: number }[] {
  const r = spawnSync(devBinary, ["backup", "list", "--json", "--data", dataDir], { timeout: 30_000, encoding: "utf8" });
  if (r.status !== 0) throw new Error(`readyroom backup list: ${r.status} ${r.stderr}`);
  return JSON.parse(String(r.stdout));
}

test(
  "the Backups page backs up, verifies, checks its settings and restores a backup keeping the current database",
  async (app) => {
    const page = app.page;
    await app.call("app.App.SetAuthorName", "Before the backup");
    // Reached from the header, by keyboard too.
    const open = page.getByRole("button", { name: "Backups" });
    await open.focus();
    await page.keyboard.press("Enter");
    const heading = page.getByRole("heading", { name: "Backups", level: 1 });
    await heading.waitFor();
    await page.getByText("No backups yet").waitFor();
    await page.locator("[data-last-daily]").getByText(/^(No daily backup yet: .*|Last daily backup: .*)$/).waitFor();

    // Back up now: the row appears, checked, with the example records.
    await page.getByRole("button", { name: "Back up now" }).click();
    await page.getByRole("status").getByText(/Backed up: readyroom-\d{8}-\d{6}-manual\.db, 4 records, checked\./).waitFor();
    const row = page.locator("tr[data-backup$='-manual.db']");
    await row.getByText("Checked", { exact: true }).waitFor();
    assertEqual((await row.locator("td.num").nth(1).textContent())?.trim(), "4", "records in the list");
    assert(/KB|MB/.test((await row.locator("td.num").first().textContent()) ?? ""), "the size in the list");
    await row.getByText("taken by hand").waitFor();
    // Listed by the command line through the window's control socket.
    const listed = backupList(app.dataDir);
    assertEqual(listed.length, 1, "backups the command line lists");
    assert(listed[0].checked && listed[0].records === 4, "the command line sees it checked with 4 records");

    // Verify checks it whole.
    await row.getByRole("button", { name: /^Verify the backup from/ }).click();
    await row.getByText(/Verified: 4 records refolded from \d+ changes and matched/).waitFor();

    // Settings: refusals next to their fields, focus on the first.
    const keep = page.getByLabel("Daily backups to keep");
    const folder = page.getByLabel("Also copy each daily backup to");
    assertEqual(await keep.inputValue(), "7", "seven daily backups kept by default");
    await keep.fill("0");
    await folder.fill("relative/folder");
    await page.getByRole("button", { name: "Save settings" }).click();
    await page.locator("#backup-keep-err").getByText("Keep between 1 and 365 daily backups").waitFor();
    await page.locator("#backup-folder-err").getByText(/Give the folder's full path/).waitFor();
    assertEqual(await keep.getAttribute("aria-invalid"), "true", "the keep field is marked invalid");
    assertEqual(await folder.getAttribute("aria-describedby"), "backup-folder-err", "the folder field names its message");
    await waitFor(() => page.evaluate(() => document.activeElement?.id === "backup-keep"), "focus on the first refused field");
    await app.screenshot("backups-settings-refused");
    await keep.fill("14");
    await folder.fill(app.dataDir + "/copies");
    await page.getByRole("button", { name: "Save settings" }).click();
    await page.locator("#backup-folder-err").getByText(/There is no folder|outside the data directory/).waitFor();
    const share = mkdtempSync(join(tmpdir(), "readyroom-e2e-share-"));
    await folder.fill(share);
    await page.getByRole("button", { name: "Save settings" }).click();
    await page.getByText(`Saved: 14 daily backups are kept here and in ${share}.`).waitFor();
    assertEqual(await page.locator("#backup-folder-err").count(), 0, "no message left next to the folder");
    await app.screenshot("backups-page");

    // An edit after the backup, then the restore.
    await app.call("app.App.SetAuthorName", "After the backup");
    await row.getByRole("button", { name: /^Restore the backup from/ }).click();
    const dialog = page.getByRole("dialog", { name: "Restore this backup?" });
    await dialog.getByText("The current database is kept as a backup").waitFor();
    await dialog.getByText("(4 records)").waitFor();
    // The safe choice first: Cancel leaves everything as it was.
    await dialog.getByRole("button", { name: "Cancel" }).click();
    await dialog.waitFor({ state: "detached" });
    await row.getByRole("button", { name: /^Restore the backup from/ }).click();
    await dialog.getByText("The current database is kept as a backup").waitFor();
    await app.screenshot("backups-restore-confirm");
    app.allowError(/WebSocket|websocket|ERR_CONNECTION_REFUSED|net::ERR_|Failed to fetch|disconnected/i);
    await dialog.getByRole("button", { name: "Restore and restart" }).click();

    // Ready Room closes, swaps the backup in, and starts again on it.
    await waitFor(
      async () => {
        const kept = readdirSync(join(app.dataDir, "backups")).filter((n) => n.endsWith("-replaced.db"));
        return kept.length === 1;
      },
      "the current database kept as a backup",
      30_000,
    );
    await waitFor(
      async () => {
        try {
          await page.goto(app.url, { waitUntil: "load", timeout: 5_000 });
          return true;
        } catch {
          await sleep(250);
          return false;
        }
      },
      "Ready Room to start again on the backup",
      30_000,
    );
    // The restarted window says how the restore went, once.
    await page.getByText(/^Restored the backup from .* The database it replaced is kept as readyroom-\d{8}-\d{6}-replaced\.db\.$/).waitFor();
    const info = await app.call<{ author: string }>("app.App.Info");
    assertEqual(info.author, "Before the backup", "the restored database is the one the backup held");
    await page.getByRole("button", { name: "Backups" }).click();
    const replaced = page.locator("tr[data-backup$='-replaced.db']");
    await replaced.getByText("replaced by a restore").waitFor();
    await replaced.getByText("Checked", { exact: true }).waitFor();
    await app.screenshot("backups-after-restore");
    app.expectNoErrors();
  },
  { demo: true },
);
