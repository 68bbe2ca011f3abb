// Links that go somewhere: link patterns set from the header's dialog,
// refused field by field, and evidence entered as a ticket key shown as a
// link to the key's address; a key of the wrong shape is refused in words.
import { assertEqual, test, waitFor } from "./harness";

test("link patterns from the header; a ticket key as evidence links to its address", async (app) => {
  const page = app.page;
  const v = await app.call<{ record: { id: string; sections: { items?: { id: string }[] | null }[] } }>("app.RecordService.CreateRecord", {
    service: "Payments", title: "Tokenisation v3", squad: "Falcon", sdm: "Priya", maintenanceTeam: "Run",
    goLive: "2026-12-01", tier: "silver", tierReason: "a small change", answers: {},
  });
  const item = v.record.sections.flatMap((s) => s.items ?? [])[0].id;

  // A pattern without {key}, and a project of the wrong shape: each
  // refused beside its field, nothing stored.
  await page.getByRole("button", { name: "Link patterns" }).click();
  const dialog = page.getByRole("dialog", { name: "Link patterns" });
  await dialog.getByLabel("Project").first().fill("JIRA 2");
  await dialog.getByLabel("Address, with {key}").first().fill("https://jira.example.com/browse/");
  await dialog.getByRole("button", { name: "Save" }).click();
  await dialog.locator("#lp-url-0-err").getByText("The address needs {key} where the key goes").waitFor();
  await dialog.locator("#lp-project-0-err").getByText('"JIRA 2" is not a project key', { exact: false }).waitFor();
  await app.screenshot("links-dialog-refused");
  assertEqual((await app.call<unknown[]>("app.LinkService.LinkPatterns")).length, 0, "patterns stored after a refusal");
  await dialog.getByLabel("Project").first().fill("jira");
  await dialog.getByLabel("Address, with {key}").first().fill("https://jira.example.com/browse/{key}");
  await dialog.getByRole("button", { name: "Save" }).click();
  await dialog.waitFor({ state: "hidden" });
  await waitFor(async () => (await app.call<{ project: string }[]>("app.LinkService.LinkPatterns"))[0]?.project === "JIRA", "the pattern stored");

  // A ticket key as evidence: a link to the key's address.
  await page.getByRole("button", { name: "Home", exact: true }).click();
  await page.getByRole("link", { name: /Tokenisation v3/ }).click();
  await page.getByRole("button", { name: /^1\.0 Communications/ }).click();
  const li = page.locator(`li[data-item="${item}"]`);
  await li.locator("button.toggle").click();
  const target = li.getByLabel(`Evidence link or ticket key for ${item}`);
  await target.fill("JIRA123");
  await li.getByRole("button", { name: "Add" }).click();
  await li.getByRole("alert").getByText('"JIRA123" is neither a web address (https://…) nor a ticket key such as JIRA-123').waitFor();
  await li.getByPlaceholder("Label or note").fill("load test");
  await target.fill("JIRA-123");
  await li.getByRole("button", { name: "Add" }).click();
  const link = li.locator(".evidence").getByRole("button", { name: "JIRA-123 load test", exact: true });
  await link.waitFor();
  assertEqual(await link.getAttribute("title"), "https://jira.example.com/browse/JIRA-123", "the key's link");
  await app.screenshot("links-evidence");
});
