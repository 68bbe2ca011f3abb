import { afterEach, describe, expect, it, vi } from "vitest";

const real = { Collator: Intl.Collator, DateTimeFormat: Intl.DateTimeFormat };

// counted replaces Intl[name] with a constructor that counts its calls.
function counted<K extends keyof typeof real>(name: K): { made: number } {
  const count = { made: 0 };
  const Real = real[name] as unknown as new (...args: unknown[]) => object;
  (Intl as unknown as Record<string, unknown>)[name] = function (...args: unknown[]) {
    count.made++;
    return new Real(...args);
  };
  return count;
}

// The window's first screen needs no collator and no date formatter: each
// loads ICU data into the web process (about 4 MB in WebKit), so they are
// made when first used, once.
describe("Intl formatters are made on first use, once", () => {
  afterEach(() => Object.assign(Intl, real));

  it("status and sort make none as they load, then one of each as they are used", async () => {
    vi.resetModules();
    const collators = counted("Collator");
    const formats = counted("DateTimeFormat");
    const status = await import("./status");
    const sort = await import("../portfolio/sort");
    expect(collators.made).toBe(0);
    expect(formats.made).toBe(0);

    // What the formatters say, made here without the counting (in the
    // machine's time zone, as the app's are).
    const dayTime = new real.DateTimeFormat("en-GB", { day: "numeric", month: "short", hour: "2-digit", minute: "2-digit" });
    const dateTime = new real.DateTimeFormat("en-GB", { day: "numeric", month: "short", year: "numeric", hour: "2-digit", minute: "2-digit" });
    const now = Date.parse("2026-11-22T12:00:00Z");
    for (const at of ["2026-11-20T09:05:00Z", "2026-11-19T09:05:00Z"]) {
      expect(status.timeAgo(at, now)).toBe(dayTime.format(Date.parse(at)));
      expect(status.formatDateTime(at)).toBe(dateTime.format(Date.parse(at)));
    }
    expect(formats.made).toBe(2);

    const row = (service: string) => ({ service, title: "", squad: "", tier: "gold", state: "draft", percent: 0, goLive: "", hypercareStart: "", handoverAccepted: "" });
    const byRecord = { key: "record" as const, desc: false };
    expect(sort.sortRows([row("b"), row("A"), row("c")], byRecord).map((r) => r.service)).toEqual(["A", "b", "c"]);
    expect(sort.sortRows([row("item 10"), row("item 9")], byRecord).map((r) => r.service)).toEqual(["item 9", "item 10"]);
    expect(collators.made).toBe(1);
  });
});
