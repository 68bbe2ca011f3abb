// The draft helper every form uses: what is typed is kept until it is saved
// or discarded, comes back after the form goes away (a section switch, Esc,
// leaving the record, a reload), and a field's message goes when the field
// is changed.
import { flushSync } from "svelte";
import { afterEach, describe, expect, it } from "vitest";
import { ApiError } from "../api/errors";
import { DraftStore, changedPaths, useDraft, type FormDraft } from "./drafts.svelte";
import { toasts } from "./toasts.svelte";

/** A Storage in memory, as localStorage would hold it. */
function memoryStorage() {
  const m = new Map<string, string>();
  return {
    m,
    getItem: (k: string) => m.get(k) ?? null,
    setItem: (k: string, v: string) => void m.set(k, v),
    removeItem: (k: string) => void m.delete(k),
  };
}

type Risk = { id: string; description: string; owner: string };
type Cer = { reason: string; conditions: { text: string; owner: string }[] };

const roots: (() => void)[] = [];
/** useDraft as a component's setup runs it: the cleanup stands for the component going away. */
function mountDraft<T>(key: string, store: DraftStore, opts: Partial<Parameters<typeof useDraft<T>>[1]> = {}): FormDraft<T> {
  let d!: FormDraft<T>;
  roots.push($effect.root(() => {
    d = useDraft<T>(key, { label: "risk", store, ...opts });
  }));
  flushSync();
  return d;
}
afterEach(() => {
  for (const r of roots.splice(0)) r();
  toasts.list = [];
});

describe("useDraft", () => {
  it("keeps a half-typed form when the form goes away, and offers it back", () => {
    const storage = memoryStorage();
    const store = new DraftStore(storage);
    const d = mountDraft<Risk>("R1/risk", store);
    d.start({ id: "", description: "", owner: "" });
    flushSync();
    expect(store.get("R1/risk")).toBeUndefined(); // an untouched form is no draft
    d.value!.description = "Supplier misses the cut-over";
    flushSync();
    roots.pop()!(); // the section is switched: the component goes

    const again = mountDraft<Risk>("R1/risk", store);
    expect(again.open).toBe(true);
    expect(again.restored).toBe(true);
    expect(again.value?.description).toBe("Supplier misses the cut-over");

    // A reload: a new store reads the window's storage.
    const reloaded = mountDraft<Risk>("R1/risk", new DraftStore(storage));
    expect(reloaded.value?.description).toBe("Supplier misses the cut-over");
    // Another record's form starts empty.
    expect(mountDraft<Risk>("R2/risk", store).value).toBeNull();
  });

  it("Esc sets the form aside with its draft; a clean form just closes", () => {
    const store = new DraftStore(memoryStorage());
    const d = mountDraft<Risk>("R1/risk", store);
    d.start({ id: "", description: "", owner: "" });
    d.value!.owner = "Ana";
    flushSync();
    const esc = new KeyboardEvent("keydown", { key: "Escape", cancelable: true });
    d.onkeydown(esc);
    flushSync();
    expect(esc.defaultPrevented).toBe(true); // the record's Esc (home) does not run
    expect(d.open).toBe(false);
    expect(d.value?.owner).toBe("Ana");
    expect(store.get("R1/risk")?.open).toBe(false);
    d.start({ id: "", description: "", owner: "" }); // Add risk again: the draft comes back
    expect(d.value?.owner).toBe("Ana");

    const clean = mountDraft<Risk>("R1/contact", store);
    clean.start({ id: "", description: "", owner: "" });
    clean.close();
    flushSync();
    expect(clean.value).toBeNull();
    expect(store.get("R1/contact")).toBeUndefined();
  });

  it("discarding on purpose offers the draft back; starting another entry does too", () => {
    const store = new DraftStore(memoryStorage());
    const d = mountDraft<Risk>("R1/risk", store);
    d.start({ id: "", description: "Half a thought", owner: "" });
    d.value!.owner = "Ben";
    flushSync();
    d.discard();
    flushSync();
    expect(d.value).toBeNull();
    expect(store.get("R1/risk")).toBeUndefined();
    const t = toasts.list.at(-1)!;
    expect(t.text).toBe("The risk draft was discarded.");
    t.actions![0].run();
    flushSync();
    expect(d.value?.owner).toBe("Ben");
    expect(store.get("R1/risk")).toBeDefined();

    // Editing another risk while this draft is kept replaces it, with an Undo.
    d.start({ id: "K9", description: "Another", owner: "" }, (kept) => kept.id === "K9");
    expect(d.value?.id).toBe("K9");
    expect(toasts.list.length).toBe(2);
  });

  it("a save clears the draft; a form always shown starts blank again", () => {
    const store = new DraftStore(memoryStorage());
    const d = mountDraft<{ summary: string }>("R1/checkin", store, { label: "check-in", blank: () => ({ summary: "" }) });
    expect(d.open).toBe(true);
    d.value!.summary = "Quiet day";
    flushSync();
    expect(store.labels("R1/")).toEqual(["check-in"]);
    d.saved(false);
    flushSync();
    expect(d.value).toEqual({ summary: "" });
    expect(store.labels("R1/")).toEqual([]);
  });

  it("a field's message goes when that field changes, and only then", () => {
    const d = mountDraft<Cer>("R1/go-no-go", new DraftStore(memoryStorage()), { aliases: { reason: ["decisions"] } });
    d.start({ reason: "", conditions: [{ text: "Comms signed off", owner: "" }, { text: "b", owner: "" }] });
    flushSync();
    d.fail(
      new ApiError("invalid", [
        { field: "decisions[0].reason", rule: "required", message: "Say why" },
        { field: "conditions[0].owner", rule: "required", message: "Condition 1 needs an owner" },
        { field: "conditions[1].owner", rule: "required", message: "Condition 2 needs an owner" },
      ]),
      (f) => f !== "nowhere",
    );
    flushSync();
    d.value!.conditions[0].owner = "Priya";
    flushSync();
    expect(Object.keys(d.errors)).toEqual(["decisions[0].reason", "conditions[1].owner"]);
    d.value!.reason = "Every blocker has a plan";
    flushSync();
    expect(Object.keys(d.errors)).toEqual(["conditions[1].owner"]);
  });

  it("drafts untouched for a month are dropped when the window starts", () => {
    const storage = memoryStorage();
    const old = Date.now() - 31 * 24 * 60 * 60 * 1000;
    storage.setItem(
      "readyroom.drafts.v1",
      JSON.stringify({
        "R1/risk": { value: '{"id":""}', pristine: "null", open: true, label: "risk", at: old },
        "R1/contact": { value: '{"id":""}', pristine: "null", open: true, label: "contact", at: Date.now() },
      }),
    );
    const store = new DraftStore(storage);
    expect(store.get("R1/risk")).toBeUndefined();
    expect(store.labels("R1/")).toEqual(["contact"]);
  });
});

describe("changedPaths", () => {
  it("names the leaves that differ", () => {
    expect(changedPaths({ a: 1, b: { c: [1, 2] } }, { a: 1, b: { c: [1, 3] } })).toEqual(["b.c.1"]);
    expect(changedPaths({ a: [1] }, { a: [] })).toEqual(["a.0"]);
    expect(changedPaths(null, { a: 1 })).toEqual([""]);
  });
});
