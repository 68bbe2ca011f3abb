// Two Ready Rooms on one machine, paired through the real UI over loopback
// (the scripts set READYROOM_IFACE=off and READYROOM_LISTEN=127.0.0.1:0, so
// nothing is announced or reachable beyond this machine): A creates a team
// and invites; B joins by typing A's address and the code (a wrong code is
// refused first); A shares a record from the record view; it reaches B; an
// edit on either side shows up on the other. A peer's name full of markup is
// shown as text.
import type { Page } from "playwright-core";
import { assert, assertEqual, test, waitFor } from "./harness";

const REFUSED = "Invite code not accepted — it may be wrong, used, expired or revoked";
/** How long a change may take to travel between the two apps. */
const SYNC_MS = 45_000;

async function setName(page: Page, name: string): Promise<void> {
  await page.getByTitle("Your name is written into every change you make").click();
  await page.locator("#author-name").fill(name);
  await page.locator("#author-name").press("Enter");
  await page.locator("#author-name").waitFor({ state: "detached" });
}

async function peersScreen(page: Page): Promise<void> {
  await page.getByRole("button", { name: /Team & peers/ }).click();
  await page.getByRole("heading", { name: "Team & peers", level: 1 }).waitFor();
}

async function openFromHome(page: Page, title: string, timeoutMs = 10_000): Promise<void> {
  await page.getByRole("button", { name: "Home", exact: true }).click();
  const link = page.getByRole("link", { name: new RegExp(title) });
  await link.waitFor({ timeout: timeoutMs });
  await link.click();
  await page.getByRole("heading", { name: title, level: 1 }).waitFor();
}

async function setTitle(page: Page, title: string): Promise<void> {
  const field = page.getByLabel("Release title", { exact: true });
  await field.fill(title);
  await field.press("Enter");
  await page.getByRole("heading", { name: title, level: 1 }).waitFor();
}

test(
  "two devices pair with an invite code, share a record and see each other's edits",
  async (a, ctx) => {
    const b = await ctx.start({ name: "peers-B" });
    const pa = a.page;
    const pb = b.page;
    const hostile = 'Bob <img src=x onerror="window.__pwned=1">';
    await setName(pa, "Alice");
    await setName(pb, hostile);

    // A: no teams yet, then a team, then an invite code.
    await peersScreen(pa);
    await pa.getByRole("heading", { name: "No teams yet" }).waitFor();
    await pa.locator("[data-discovery=off]").waitFor();
    await a.screenshot("peers-A-empty");
    await pa.getByRole("button", { name: "Create team" }).first().click();
    await pa.getByLabel("Team name").fill("Payments squad");
    await pa.getByRole("dialog").getByRole("button", { name: "Create team" }).click();
    await pa.getByRole("heading", { name: "Payments squad", level: 3 }).waitFor();
    const listening = (await pa.locator("[data-listening]").textContent())?.trim() ?? "";
    assert(/^127\.0\.0\.1:\d+$/.test(listening), `A listens on loopback, shown as host:port; got "${listening}"`);
    const status = await a.call<{ listening: string }>("app.NetworkService.NetworkStatus");
    assertEqual(listening, status.listening, "the address on screen");

    await pa.getByRole("button", { name: "Invite a teammate to Payments squad" }).click();
    const codeEl = pa.locator("[data-invite-code]");
    await codeEl.waitFor();
    const code = ((await codeEl.textContent()) ?? "").trim();
    assert(/^[0-9A-Z]{4}(-[0-9A-Z]{4}){3}$/.test(code), `the invite code reads as four groups of four; got "${code}"`);
    const expires = ((await pa.locator("[data-expires]").textContent()) ?? "").trim();
    assert(/^Expires in (10:00|9:[0-5]\d)$/.test(expires), `the code counts down from ten minutes; got "${expires}"`);
    await a.screenshot("peers-A-invite");
    await pa.getByRole("button", { name: "Done" }).click();
    await pa.locator(`[data-invite="${code}"]`).waitFor();

    // B: a wrong code (the right invite — its first six characters —, the
    // wrong secret) is refused in words.
    await peersScreen(pb);
    await pb.getByRole("button", { name: "Join a team" }).first().click();
    const join = pb.getByRole("dialog", { name: "Join a team" });
    await join.getByLabel("Address (host:port)").fill(listening);
    const wrong = code.slice(0, 15) + (code.slice(15) === "AAAA" ? "BBBB" : "AAAA");
    await join.getByLabel("Invite code").fill(wrong.replace(/-/g, "").toLowerCase());
    assertEqual(await join.getByLabel("Invite code").inputValue(), wrong, "the typed code, tidied");
    await join.getByRole("button", { name: "Join team" }).click();
    const refusal = join.locator("[data-join-error]");
    await refusal.waitFor();
    assertEqual((await refusal.textContent())?.trim(), REFUSED, "the refusal");
    await b.screenshot("peers-B-join-refused");
    // A sees the wrong try against its invite, live.
    await pa.locator(`[data-invite="${code}"]`).getByText("1 wrong try").waitFor();

    // B: the right code joins.
    await join.getByLabel("Invite code").fill(code);
    await join.getByRole("button", { name: "Join team" }).click();
    await join.waitFor({ state: "detached" });
    await pb.getByRole("heading", { name: "Payments squad", level: 3 }).waitFor();
    await pb.locator(".team [data-member]").filter({ hasText: "Alice" }).waitFor();

    // A: Bob appears as a member and a paired peer, his name as text.
    const bobRow = pa.locator(".team [data-member]").filter({ hasText: "Bob <img" });
    await bobRow.waitFor();
    assertEqual(await pa.locator(".team img, .peer-list img").count(), 0, "images made from a peer's name");
    assert(!(await pa.evaluate(() => (window as unknown as { __pwned?: number }).__pwned)), "a peer's name ran script");
    await pa.locator(`[data-invite="${code}"]`).waitFor({ state: "detached" });
    const peer = pa.locator(".peer-list [data-paired=true]");
    await peer.filter({ hasText: hostile }).waitFor();
    await waitFor(async () => /Last synced|Syncing/.test((await peer.locator("[data-sync]").textContent()) ?? "") || false, "A to have synced with B", SYNC_MS);

    // A shares a record from the record view.
    await pa.getByRole("button", { name: "Home", exact: true }).click();
    await pa.getByRole("button", { name: "Load example records" }).click();
    await openFromHome(pa, "Card tokenisation v3");
    const sharing = pa.locator("[data-sharing]");
    assertEqual(await sharing.getAttribute("data-sharing"), "private", "a record starts private");
    await sharing.focus();
    await pa.keyboard.press("Enter");
    const box = pa.getByRole("checkbox", { name: /Share with Payments squad/ });
    await box.waitFor();
    await box.press("Space");
    await waitFor(async () => (await sharing.getAttribute("data-sharing")) === "shared", "the record to show as shared");
    assert(((await sharing.textContent()) ?? "").includes("Shared with Payments squad"), "the Sharing button names the team");
    await a.screenshot("peers-A-sharing");
    await pa.keyboard.press("Escape");
    await box.waitFor({ state: "detached" });

    // B: the record arrives on the home screen; B edits the title; A sees it.
    await openFromHome(pb, "Card tokenisation v3", SYNC_MS);
    assertEqual(await pb.locator("[data-sharing]").getAttribute("data-sharing"), "shared", "on B the record shows as shared");
    await setTitle(pb, "Card tokenisation v3.1");
    await pa.getByRole("heading", { name: "Card tokenisation v3.1", level: 1 }).waitFor({ timeout: SYNC_MS });

    // A edits; B sees it.
    await setTitle(pa, "Card tokenisation v3.2 (from Alice)");
    await pb.getByRole("heading", { name: "Card tokenisation v3.2 (from Alice)", level: 1 }).waitFor({ timeout: SYNC_MS });

    // Records that were not shared stayed on A.
    await pb.getByRole("button", { name: "Home", exact: true }).click();
    await pb.getByRole("link", { name: /Card tokenisation v3\.2/ }).waitFor();
    await pb.locator("tr", { hasText: "Card tokenisation v3.2" }).locator("[data-shared]").getByText("Shared with Payments squad").waitFor();
    assertEqual(await pb.getByRole("link", { name: /Passwordless sign-in/ }).count(), 0, "unshared records on B");

    // Both screens, for a person to look at.
    await peersScreen(pa);
    await pa.getByRole("link", { name: "Card tokenisation v3.2 (from Alice)" }).waitFor();
    await peersScreen(pb);
    await pb.getByRole("link", { name: "Card tokenisation v3.2 (from Alice)" }).waitFor();
    await waitFor(async () => /Last synced/.test((await pb.locator(".peer-list [data-sync]").first().textContent()) ?? ""), "B's sync state", SYNC_MS);
    await a.screenshot("peers-A");
    await b.screenshot("peers-B");

    // A removes Bob, from the keyboard, after confirming; Bob's device hears of it.
    await pa.getByRole("button", { name: `Remove ${hostile} from Payments squad` }).press("Enter");
    const confirm = pa.getByRole("dialog", { name: `Remove ${hostile} from Payments squad?` });
    await confirm.waitFor();
    await a.screenshot("peers-A-remove");
    await confirm.getByRole("button", { name: "Remove from team" }).press("Enter");
    await confirm.waitFor({ state: "detached" });
    await pa.locator(".team [data-removed=true]").filter({ hasText: "Bob <img" }).waitFor();
    assertEqual(await pa.locator(".peer-list [data-paired=true]").count(), 0, "paired peers on A after removing Bob");
    await waitFor(
      async () =>
        (await pb.getByText("This device was removed from the team").count()) > 0 ||
        (await pb.locator(".peer-list").getByText(/no longer lists this device/).count()) > 0,
      "B to learn it was removed",
      SYNC_MS,
    );
    await b.screenshot("peers-B-removed");
  },
  { timeoutMs: 240_000 },
);

test(
  "an edit that crosses a teammate's edit of the same field shows as a conflict on both, and keeping one settles it for both",
  async (a, ctx) => {
    const b = await ctx.start({ name: "peers-conflict-B" });
    await a.call("app.App.SetAuthorName", "Alice");
    await b.call("app.App.SetAuthorName", "Bob");
    // Pair and share through the bound methods (the first test does it through the screens).
    const team = await a.call<{ id: string }>("app.NetworkService.CreateTeam", "Ops");
    const inv = await a.call<{ code: string }>("app.NetworkService.InviteToTeam", team.id);
    const st = await a.call<{ listening: string }>("app.NetworkService.NetworkStatus");
    await b.call("app.NetworkService.JoinTeam", "", st.listening, inv.code);
    await a.call("app.RecordService.LoadExamples");
    const home = await a.call<{ records: { id: string; title: string }[] }>("app.RecordService.Home");
    const rec = home.records.find((r) => r.title === "Passwordless sign-in");
    assert(rec, "the example record to share");
    await a.call("app.NetworkService.ShareRecord", rec.id, team.id, true);

    await openFromHome(a.page, "Passwordless sign-in");
    await openFromHome(b.page, "Passwordless sign-in", SYNC_MS);

    // Both edit the title at once: neither has the other's edit when making its own.
    const banner = (p: Page) => p.getByRole("region", { name: "Conflicting edits" });
    let crossed = false;
    for (let attempt = 1; attempt <= 3 && !crossed; attempt++) {
      await Promise.all([
        a.call("app.RecordService.SetField", rec.id, "title", `Title from Alice ${attempt}`),
        b.call("app.RecordService.SetField", rec.id, "title", `Title from Bob ${attempt}`),
      ]);
      // Wait until both have both edits: a conflict on each, or one title on both.
      crossed = await waitFor(
        async () => {
          const [ca, cb] = [await banner(a.page).count(), await banner(b.page).count()];
          if (ca && cb) return "conflict";
          const [ta, tb] = [await a.page.locator("h1").textContent(), await b.page.locator("h1").textContent()];
          return !ca && !cb && ta === tb && ta?.includes(` ${attempt}`) ? "settled" : "";
        },
        "both apps to have both edits",
        SYNC_MS,
      ).then((r) => r === "conflict");
    }
    assert(crossed, "two crossing edits of the title became a conflict");
    for (const p of [a.page, b.page]) {
      const c = banner(p);
      await c.getByText("Release title").waitFor();
      await c.getByText(/Title from Alice \d/).waitFor();
      await c.getByText(/Title from Bob \d/).waitFor();
    }
    await a.screenshot("peers-conflict-A");

    // Alice keeps Bob's title; both settle on it.
    const bobs = banner(a.page).locator("li", { hasText: /Title from Bob \d/ });
    const kept = ((await bobs.locator(".val").textContent()) ?? "").trim();
    await bobs.getByRole("button", { name: "Keep this" }).click();
    await banner(a.page).waitFor({ state: "detached" });
    await a.page.getByRole("heading", { name: kept, level: 1 }).waitFor();
    await banner(b.page).waitFor({ state: "detached", timeout: SYNC_MS });
    await b.page.getByRole("heading", { name: kept, level: 1 }).waitFor();
  },
  { timeoutMs: 240_000 },
);
