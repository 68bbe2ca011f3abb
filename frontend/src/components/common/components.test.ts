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
  record: { id: "01JD0000000000000000000000", save: async (fn: (id: string) => Promise<unknown>) => fn("01JD0000000000000000000000") },
}));

import AutosaveField from "./AutosaveField.svelte";
import ConfirmDialog from "./ConfirmDialog.svelte";
import ChecklistItem from "../checklist/ChecklistItem.svelte";
import StatusRadioGroup from "../checklist/StatusRadioGroup.svelte";
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

describe("AutosaveField with a draft key", () => {
  it("counts a refused value as not saved, keeps it when the field goes, and forgets it once fixed", async () => {
    const { drafts } = await import("../../stores/drafts.svelte");
    const refuse = (v: string) => v.length > 3;
    const onsave = vi.fn(async (v: string) => {
      if (refuse(v)) throw new ApiError("Owner is too long", [{ field: "owner", rule: "max", message: "Owner is too long" }]);
    });
    const props = { label: "Owner", value: "Ana", onsave, field: "owner", debounce: 10_000, draftKey: "R9/item/COM-01/owner", what: "Owner of COM-01" };
    let t = render(AutosaveField, props);
    type(t.querySelector("input")!, "Annabel");
    t.querySelector("input")!.dispatchEvent(new Event("blur"));
    await settle();
    expect(drafts.unsaved("R9/")).toEqual(["Owner of COM-01"]);
    for (const m of mounted) unmount(m); // the section is switched
    mounted = [];
    t = render(AutosaveField, props);
    await new Promise((r) => setTimeout(r, 10));
    await settle();
    expect(t.querySelector("input")!.value).toBe("Annabel"); // the typing is back, and tried again
    expect(onsave).toHaveBeenLastCalledWith("Annabel");
    expect(t.textContent).toContain("Owner is too long");
    type(t.querySelector("input")!, "Ana"); // typed back to what is saved
    t.querySelector("input")!.dispatchEvent(new Event("blur"));
    await settle();
    expect(t.textContent).not.toContain("Owner is too long");
    expect(drafts.unsaved("R9/")).toEqual([]);
    expect(drafts.get("R9/item/COM-01/owner")).toBeUndefined();
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

const key = (el: Element, k: string) => {
  const e = new KeyboardEvent("keydown", { key: k, bubbles: true, cancelable: true });
  el.dispatchEvent(e);
  flushSync();
  return e;
};

describe("StatusRadioGroup", () => {
  const options = [
    { value: "not-started", label: "Not started" },
    { value: "in-progress", label: "In progress" },
    { value: "done", label: "Done" },
    { value: "na", label: "N/A", disabled: true },
    { value: "blocked", label: "Blocked" },
  ];
  const radios = (t: Element) => [...t.querySelectorAll<HTMLElement>('[role="radio"]')];
  const checked = (t: Element) => radios(t).find((r) => r.getAttribute("aria-checked") === "true")?.dataset.value;

  it("is one tab stop; arrows move the choice and write nothing until Enter, then once", async () => {
    const onchoose = vi.fn();
    const t = render(StatusRadioGroup, { options, value: "not-started", label: "Status of COM-01", onchoose });
    expect(t.querySelector('[role="radiogroup"]')?.getAttribute("aria-label")).toBe("Status of COM-01");
    expect(radios(t).map((r) => r.tabIndex)).toEqual([0, -1, -1, -1, -1]);
    radios(t)[0].focus();
    key(document.activeElement!, "ArrowRight");
    await settle();
    key(document.activeElement!, "ArrowRight");
    await settle();
    expect(onchoose).not.toHaveBeenCalled();
    expect(checked(t)).toBe("done");
    expect(document.activeElement?.getAttribute("data-value")).toBe("done");
    expect(radios(t).map((r) => r.tabIndex)).toEqual([-1, -1, 0, -1, -1]);
    // The disabled N/A is passed over.
    key(document.activeElement!, "ArrowRight");
    await settle();
    expect(checked(t)).toBe("blocked");
    key(document.activeElement!, "ArrowLeft");
    await settle();
    expect(key(document.activeElement!, "Enter").defaultPrevented).toBe(true);
    expect(onchoose.mock.calls).toEqual([["done"]]);
  });

  it("a choice is final when focus leaves the group, or at once on a click", async () => {
    const onchoose = vi.fn();
    const t = render(StatusRadioGroup, { options, value: "not-started", label: "Status", onchoose });
    const outside = document.createElement("button");
    document.body.appendChild(outside);
    radios(t)[0].focus();
    key(document.activeElement!, "End");
    await settle();
    expect(onchoose).not.toHaveBeenCalled();
    outside.focus();
    await settle();
    expect(onchoose.mock.calls).toEqual([["blocked"]]);
    radios(t)[1].click();
    expect(onchoose.mock.calls).toEqual([["blocked"], ["in-progress"]]);
    radios(t)[3].click(); // disabled
    expect(onchoose).toHaveBeenCalledTimes(2);
  });

  it("a choice left pending when the group goes away is made final once", async () => {
    const onchoose = vi.fn();
    const t = render(StatusRadioGroup, { options, value: "in-progress", label: "Status", onchoose });
    radios(t)[1].focus();
    key(document.activeElement!, "ArrowLeft");
    await settle();
    for (const m of mounted) unmount(m);
    mounted = [];
    expect(onchoose.mock.calls).toEqual([["not-started"]]);
  });
});

describe("ChecklistItem", () => {
  const item = {
    id: "COM-01", text: "Affected customers are identified", why: "w", guidance: "g", naAllowed: true,
    status: "not-started", reason: "", owner: "", due: "", evidence: [], notes: "", changedBy: "", changedAt: "",
  };
  const radio = (t: Element, v: string) => t.querySelector<HTMLElement>(`[role=radio][data-value="${v}"]`)!;

  it("saves a status that needs no reason at once, and asks for the reason of one that does", async () => {
    const t = render(ChecklistItem, { item, today: "2026-12-06" });
    expect(t.querySelector('[role="radiogroup"]')?.getAttribute("aria-label")).toBe("Status of COM-01");
    radio(t, "done").click();
    await settle();
    expect(saves).toEqual([{ id: "01JD0000000000000000000000", status: "done", reason: "" }]);
    radio(t, "blocked").click();
    await settle();
    expect(saves.length).toBe(1); // nothing saved until the reason is given
    const reason = t.querySelector<HTMLInputElement>("#reason-COM-01")!;
    expect(t.querySelector('label[for="reason-COM-01"]')?.textContent).toContain("Why is COM-01 blocked?");
    key(reason, "Enter"); // refused without a reason: the message shows until the reason is changed
    await settle();
    expect(t.querySelector('[role="alert"]')?.textContent).toBe("Say why COM-01 is blocked");
    type(reason, "W");
    expect(t.querySelector('[role="alert"]')).toBeNull();
    type(reason, "Waiting for the supplier");
    reason.dispatchEvent(new KeyboardEvent("keydown", { key: "Enter", bubbles: true }));
    await settle();
    expect(saves.slice(1)).toEqual([
      { id: "01JD0000000000000000000000", status: "blocked", reason: "" },
      { id: "01JD0000000000000000000000", status: "blocked", reason: "Waiting for the supplier" },
    ]);
  });

  it("arrows pass N/A without asking; the prompt opens once the choice is final, and Esc sets it aside keeping the reason", async () => {
    const t = render(ChecklistItem, { item: { ...item, id: "COM-02" }, today: "2026-12-06" });
    radio(t, "not-started").focus();
    for (let i = 0; i < 3; i++) {
      key(document.activeElement!, "ArrowRight");
      await settle();
    }
    expect(document.activeElement).toBe(radio(t, "na"));
    expect(t.querySelector("#reason-COM-02")).toBeNull(); // not final yet
    expect(saves).toEqual([]);
    key(document.activeElement!, "Enter");
    await settle();
    const reason = t.querySelector<HTMLInputElement>("#reason-COM-02")!;
    expect(document.activeElement).toBe(reason);
    type(reason, "No customer-facing");
    key(reason, "Escape");
    await settle();
    expect(t.querySelector("#reason-COM-02")).toBeNull();
    expect(document.activeElement).toBe(radio(t, "not-started")); // back on the status, as saved
    expect(saves).toEqual([]);
    radio(t, "na").click(); // N/A again: the reason typed is back
    await settle();
    expect(t.querySelector<HTMLInputElement>("#reason-COM-02")!.value).toBe("No customer-facing");
    key(t.querySelector<HTMLInputElement>("#reason-COM-02")!, "Enter");
    await settle();
    expect(saves).toEqual([{ id: "01JD0000000000000000000000", status: "na", reason: "No customer-facing" }]);
  });
});
