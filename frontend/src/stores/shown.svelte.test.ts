// ShownData: read while shown, marked stale otherwise, reads coalesced.
import { describe, expect, it } from "vitest";
import { ShownData } from "./shown.svelte";

class Counted extends ShownData {
  reads = 0;
  fail = false;
  pending: (() => void)[] = [];
  protected read(): Promise<void> {
    this.reads++;
    const fail = this.fail;
    return new Promise((resolve, reject) => this.pending.push(() => (fail ? reject(new Error("locked")) : resolve())));
  }
  settle() {
    const p = this.pending;
    this.pending = [];
    for (const f of p) f();
  }
}
const flush = () => new Promise((r) => setTimeout(r, 0));

describe("ShownData", () => {
  it("reads when first shown, not again while fresh, and only marks a change while nothing shows it", async () => {
    const d = new Counted();
    d.changed();
    expect(d.reads).toBe(0);
    const stop = d.use();
    expect(d.reads).toBe(1);
    d.settle();
    await flush();
    stop();
    d.use();
    expect(d.reads).toBe(1);
  });

  it("coalesces the changes heard during a read into one more read", async () => {
    const d = new Counted();
    d.use();
    d.changed();
    d.changed();
    d.changed();
    expect(d.reads).toBe(1);
    d.settle();
    await flush();
    expect(d.reads).toBe(2);
    d.settle();
    await flush();
    expect(d.reads).toBe(2);
  });

  it("says why a read failed, and reads again when next shown", async () => {
    const d = new Counted();
    d.fail = true;
    const stop = d.use();
    d.settle();
    await flush();
    expect(d.error).toBe("locked");
    stop();
    d.fail = false;
    d.use();
    expect(d.reads).toBe(2);
    d.settle();
    await flush();
    expect(d.error).toBe("");
  });
});
