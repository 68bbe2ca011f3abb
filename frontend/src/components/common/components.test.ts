// Component tests: the autosave field, the confirm dialog and a checklist
// item, mounted in jsdom with their real markup, driven as a user would.
import { flushSync, mount, tick, unmount } from "svelte";
import { afterEach, describe, expect, it, vi } from "vitest";

const saves: { id: string; status: string; reason: string }[] = [];
vi.mock("../../api", async (orig) => {
  const real = await orig<typeof import("../../api")>();
  return {
    ...real,
    api: {
      ...real.api,
      setItemStatus: vi.fn(async (id: string, _item: string, status: string, reason: string) => {
        saves.push({ id, status, reason });
        if (status === "blocked" && !reason) throw new Error(JSON.stringify({ message: "Say why COM-01 is blocked", fields: [{ field: "reason", rule: "required", message: "Say why COM-01 is blocked" }] }));
        return {};
      }),
    },
  };
});
vi.mock("../../stores/record.svelte", () => ({
  record: { save: async (fn: (id: string) => Promise<unknown>) => fn("01JD0000000000000000000000") },
}));

import AutosaveField from "./AutosaveField.svelte";
import ConfirmDialog from "./ConfirmDialog.svelte";
import ChecklistItem from "../checklist/ChecklistItem.svelte";
import { ApiError } from "../../api/errors";

let mounted: Record<string, unknown>[] = [];
function render<P extends Record<string, unknown>>(c: unknown, props: P) {
  const target = document.createElement("div");
  document.body.appendChild(target);
  const inst = mount(c as never, { target, props });
  mounted.push(inst);
  flushSync();
  return target;
}
afterEach(() => {
  for (const m of mounted) unmount(m);
  mounted = [];
  document.body.innerHTML = "";
  saves.length = 0;
});
const settle = async () => {
  for (let i = 0; i < 5; i++) {
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

describe("AutosaveField", () => {
  it("saves once on blur, with what was typed", async () => {
    const onsave = vi.fn(async () => {});
    const t = render(AutosaveField, { label: "Owner", value: "Ana", onsave, debounce: 10_000 });
    const input = t.querySelector("input")!;
    expect(t.querySelector("label")?.textContent).toContain("Owner");
    type(input, "Ben");
    input.dispatchEvent(new Event("blur"));
    input.dispatchEvent(new FocusEvent("focusout", { bubbles: true }));
    await settle();
    expect(onsave).toHaveBeenCalledTimes(1);
    expect(onsave).toHaveBeenCalledWith("Ben");
  });
  it("keeps what was typed and shows the Go side's message when the save is refused", async () => {
    const onsave = vi.fn(async () => {
      throw new ApiError("Owner must be at most 120 characters", [{ field: "owner", rule: "max", message: "Owner must be at most 120 characters" }]);
    });
    const t = render(AutosaveField, { label: "Owner", value: "Ana", onsave, field: "owner", debounce: 10_000 });
    const input = t.querySelector("input")!;
    type(input, "x".repeat(121));
    input.dispatchEvent(new KeyboardEvent("keydown", { key: "Enter", bubbles: true }));
    input.dispatchEvent(new Event("blur"));
    await settle();
    expect(t.textContent).toContain("Owner must be at most 120 characters");
    expect(input.value).toBe("x".repeat(121));
  });
});

describe("ConfirmDialog", () => {
  it("runs the confirmed action once and closes; a failure stays in the dialog", async () => {
    let fail = true;
    const onconfirm = vi.fn(async () => {
      if (fail) throw new Error("the peer cannot be reached");
    });
    render(ConfirmDialog, { open: true, title: "Remove Ben from Payments?", confirmLabel: "Remove from team", onconfirm, children: (() => {}) as never });
    await settle();
    const dialog = document.querySelector('[role="dialog"]');
    expect(dialog?.textContent).toContain("Remove Ben from Payments?");
    const confirm = [...document.querySelectorAll("button")].find((b) => b.textContent?.includes("Remove from team"))!;
    confirm.click();
    await settle();
    expect(onconfirm).toHaveBeenCalledTimes(1);
    expect(document.querySelector('[role="alert"]')?.textContent).toContain("the peer cannot be reached");
    fail = false;
    confirm.click();
    await settle();
    expect(onconfirm).toHaveBeenCalledTimes(2);
    const after = document.querySelector('[role="dialog"]');
    expect(after === null || after.getAttribute("data-state") === "closed").toBe(true);
  });
});

describe("ChecklistItem", () => {
  const item = {
    id: "COM-01", text: "Affected customers are identified", why: "w", guidance: "g", naAllowed: true,
    status: "not-started", reason: "", owner: "", due: "", evidence: [], notes: "", changedBy: "", changedAt: "",
  };
  it("saves a status that needs no reason at once, and asks for the reason of one that does", async () => {
    const t = render(ChecklistItem, { item, today: "2026-12-06" });
    const radio = (v: string) => t.querySelector<HTMLInputElement>(`input[type=radio][value="${v}"]`)!;
    expect(t.querySelector('[role="radiogroup"]')?.getAttribute("aria-label")).toBe("Status of COM-01");
    radio("done").click();
    await settle();
    expect(saves).toEqual([{ id: "01JD0000000000000000000000", status: "done", reason: "" }]);
    radio("blocked").click();
    await settle();
    expect(saves.length).toBe(1); // nothing saved until the reason is given
    const reason = t.querySelector<HTMLInputElement>("#reason-COM-01")!;
    expect(t.querySelector('label[for="reason-COM-01"]')?.textContent).toContain("Why is COM-01 blocked?");
    type(reason, "Waiting for the supplier");
    reason.dispatchEvent(new KeyboardEvent("keydown", { key: "Enter", bubbles: true }));
    await settle();
    expect(saves[1]).toEqual({ id: "01JD0000000000000000000000", status: "blocked", reason: "Waiting for the supplier" });
  });
});
