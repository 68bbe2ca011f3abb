// The template editor mounted in jsdom against a fake template service:
// problems from the Go side land next to their fields (aria-invalid,
// aria-describedby) and in a summary whose links open and focus the field;
// the draft saves itself after a pause, and typing during a save is saved
// next, never replaced by what the save returned.
import { flushSync, mount, tick, unmount } from "svelte";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import type { DraftView, FieldError, TemplateDef } from "../../api";

const saves: TemplateDef[] = [];
let problemsFor: (t: TemplateDef) => FieldError[] = () => [];
let release: (() => void) | null = null;
let holdSaves = false;

function view(t: TemplateDef): DraftView {
  return { draft: structuredClone(t), problems: problemsFor(t), next: 1, diff: null, words: "" };
}

const draft: TemplateDef = {
  id: "payments-gold",
  version: 0,
  name: "Payments Gold",
  tier: "gold",
  summary: "",
  hypercareDays: 14,
  sections: [
    {
      id: "comms",
      number: "1.0",
      title: "Communications",
      kind: "checklist",
      guidance: "",
      items: [
        { id: "COM-01", text: "Customers are identified", why: "", evidence: "", naAllowed: true },
        { id: "COM-02", text: "", why: "", evidence: "", naAllowed: true },
      ],
    },
  ],
  exitCriteria: [{ id: "EXIT-01", text: "No P1 incidents for a week", guidance: "" }],
  handoverItems: [],
  origin: { kind: "derived", from: "Gold v1" },
};

vi.mock("../../api", async (orig) => {
  const real = await orig<typeof import("../../api")>();
  return {
    ...real,
    api: {
      ...real.api,
      editTemplate: vi.fn(async () => view(draft)),
      saveTemplateDraft: vi.fn(async (t: TemplateDef) => {
        saves.push(structuredClone(t));
        if (holdSaves) await new Promise<void>((r) => (release = r));
        return view(t);
      }),
    },
  };
});

import TemplateEditor from "./TemplateEditor.svelte";
import { draftEditor } from "../../stores/templateDraft.svelte";

let mounted: Record<string, unknown>[] = [];
function render(props: Record<string, unknown>) {
  const target = document.createElement("div");
  document.body.appendChild(target);
  mounted.push(mount(TemplateEditor as never, { target, props }));
  flushSync();
  return target;
}
const settle = async () => {
  for (let i = 0; i < 8; i++) {
    await tick();
    await Promise.resolve();
  }
  flushSync();
};
function type(el: HTMLInputElement | HTMLTextAreaElement, v: string) {
  el.value = v;
  el.dispatchEvent(new Event("input", { bubbles: true }));
  flushSync();
}
const byId = <T extends HTMLElement>(id: string) => document.getElementById(id) as T | null;

beforeEach(() => {
  Element.prototype.scrollIntoView ??= () => {}; // jsdom lays nothing out
  saves.length = 0;
  holdSaves = false;
  release = null;
  problemsFor = (t) => {
    const out: FieldError[] = [];
    t.sections.forEach((s, i) =>
      (s.items ?? []).forEach((it, j) => {
        if (!it.text.trim()) out.push({ field: `sections[${i}].items[${j}].text`, rule: "required", message: "Item text is required" });
      }),
    );
    if (!t.name.trim()) out.push({ field: "name", rule: "required", message: "Name is required" });
    return out;
  };
  draftEditor.close();
});
afterEach(() => {
  for (const m of mounted) unmount(m);
  mounted = [];
  document.body.innerHTML = "";
  vi.useRealTimers();
});

describe("TemplateEditor", () => {
  it("shows each problem next to its field and in a summary that links to it", async () => {
    const t = render({ id: "payments-gold" });
    await settle();
    // One section: it opens whole.
    const text = byId<HTMLInputElement>("tf-sections-0-items-1-text")!;
    expect(text).not.toBeNull();
    expect(text.getAttribute("aria-invalid")).toBe("true");
    const described = text.getAttribute("aria-describedby")!;
    expect(byId(described)?.textContent).toBe("Item text is required");
    expect(byId<HTMLInputElement>("tf-sections-0-items-0-text")?.getAttribute("aria-invalid")).toBeNull();

    const summary = t.querySelector('section[aria-labelledby="problems-title"]')!;
    expect(summary.textContent).toContain("1 problem to fix before publishing");
    const link = summary.querySelector("a")!;
    expect(link.textContent).toBe("Section 1 (Communications), item 2 (COM-02): Item text is required");
    expect(link.getAttribute("href")).toBe("#tf-sections-0-items-1-text");

    const publish = [...t.querySelectorAll("button")].find((b) => b.textContent?.includes("Publish v1"))!;
    expect(publish.disabled).toBe(true);

    // Folded, the field is gone; the link opens the section and focuses it.
    openAll(t, false);
    expect(byId("tf-sections-0-items-1-text")).toBeNull();
    link.click();
    await settle();
    expect(document.activeElement?.id).toBe("tf-sections-0-items-1-text");
  });

  it("saves after a pause, and clears a problem once the field is fixed", async () => {
    const t = render({ id: "payments-gold" });
    await settle();
    vi.useFakeTimers();
    type(byId<HTMLInputElement>("tf-sections-0-items-1-text")!, "A communications plan exists");
    expect(saves.length).toBe(0);
    await vi.advanceTimersByTimeAsync(800);
    vi.useRealTimers();
    await settle();
    expect(saves.length).toBe(1);
    expect(saves[0].sections[0].items?.[1].text).toBe("A communications plan exists");
    expect(byId("tf-sections-0-items-1-text")?.getAttribute("aria-invalid")).toBeNull();
    expect(t.querySelector('section[aria-labelledby="problems-title"]')).toBeNull();
    expect(t.querySelector('[aria-label="Save status"]')?.textContent?.trim()).toBe("Saved");
  });

  it("keeps what is typed during a save and saves it next", async () => {
    render({ id: "payments-gold" });
    await settle();
    holdSaves = true;
    const name = byId<HTMLInputElement>("tf-name")!;
    type(name, "Payments Gold 2");
    const first = draftEditor.flush();
    await settle();
    expect(saves.map((s) => s.name)).toEqual(["Payments Gold 2"]);
    type(name, "Payments Platinum"); // while the first save is out
    release?.();
    holdSaves = false;
    await first;
    await settle();
    expect(name.value).toBe("Payments Platinum");
    await draftEditor.flush();
    expect(saves.map((s) => s.name)).toEqual(["Payments Gold 2", "Payments Platinum"]);
    expect(name.value).toBe("Payments Platinum");
  });

  it("adds, moves and removes items with buttons", async () => {
    const t = render({ id: "payments-gold" });
    await settle();
    const button = (label: string) => [...t.querySelectorAll("button")].find((b) => (b.getAttribute("aria-label") ?? b.textContent?.trim()) === label)!;
    button("Add item to Communications").click();
    await settle();
    expect(byId<HTMLInputElement>("tf-sections-0-items-2-id")?.value).toBe("COM-03");
    expect(document.activeElement?.id).toBe("tf-sections-0-items-2-text");
    button("Move COM-03 up").click();
    await settle();
    expect(byId<HTMLInputElement>("tf-sections-0-items-1-id")?.value).toBe("COM-03");
    button("Remove COM-01").click();
    await settle();
    const ids = draftEditor.draft?.sections[0].items?.map((i) => i.id);
    expect(ids).toEqual(["COM-03", "COM-02"]);
    await draftEditor.flush();
    expect(saves.at(-1)?.sections[0].items?.map((i) => i.id)).toEqual(["COM-03", "COM-02"]);
  });
});

function openAll(t: HTMLElement, open: boolean) {
  const b = [...t.querySelectorAll("button")].find((x) => x.textContent?.trim() === (open ? "Open all" : "Fold all"))!;
  b.click();
  flushSync();
}
