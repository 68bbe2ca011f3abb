// Proves the harness: the real UI loads from the dev build, and the real Go
// bindings answer from the page.
import { assert, test } from "./harness";

test("the page loads, shows Ready Room, and Info() answers with a version", async (app) => {
  assert((await app.page.title()).includes("Ready Room"), `page title is "${await app.page.title()}", want "Ready Room"`);
  await app.page.getByText("Ready Room", { exact: true }).first().waitFor({ state: "visible" });

  const info = await app.call<{ version?: unknown }>("app.App.Info");
  assert(typeof info?.version === "string" && info.version !== "", `Info().version is ${JSON.stringify(info?.version)}, want a non-empty string`);

  await app.screenshot("smoke");
});
