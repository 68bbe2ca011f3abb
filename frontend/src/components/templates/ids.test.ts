import { describe, expect, it } from "vitest";
import { moved, nextId, slugId, takenIds, uniqueId } from "./ids";

describe("nextId", () => {
  it("continues the numbering of the list, keeping its padding", () => {
    expect(nextId(["COM-01", "COM-02", "COM-05"], new Set(), "ITEM")).toBe("COM-06");
    expect(nextId(["EXIT-7"], new Set(), "EXIT")).toBe("EXIT-8");
    expect(nextId(["A-009"], new Set(), "ITEM")).toBe("A-010");
  });

  it("skips ids taken anywhere in the template", () => {
    expect(nextId(["COM-01"], new Set(["COM-02", "COM-03"]), "ITEM")).toBe("COM-04");
  });

  it("starts at fallback-01 when no id is numbered", () => {
    expect(nextId([], new Set(), "ITEM")).toBe("ITEM-01");
    expect(nextId(["intro"], new Set(["ITEM-01"]), "ITEM")).toBe("ITEM-02");
  });
});

describe("slugId", () => {
  it.each([
    ["Payments Gold", "payments-gold"],
    ["  Payments — Gold!  ", "payments-gold"],
    ["Éclair Release", "eclair-release"],
    ["2025 release", "t-2025-release"],
    ["", ""],
    ["!!!", ""],
  ])("%s → %s", (name, want) => {
    expect(slugId(name)).toBe(want);
  });

  it("keeps to 40 characters without a trailing dash", () => {
    const s = slugId("a very long template name that goes on and on and on");
    expect(s.length).toBeLessThanOrEqual(40);
    expect(s.endsWith("-")).toBe(false);
  });
});

describe("uniqueId and takenIds", () => {
  it("numbers a taken id", () => {
    const taken = takenIds({
      sections: [{ id: "new-section", items: [{ id: "COM-01" }] }, { id: "new-section-2" }],
      exitCriteria: [{ id: "EXIT-01" }],
      handoverItems: [{ id: "HO-01" }],
    });
    expect([...taken].sort()).toEqual(["COM-01", "EXIT-01", "HO-01", "new-section", "new-section-2"]);
    expect(uniqueId("new-section", taken)).toBe("new-section-3");
    expect(uniqueId("rollback", taken)).toBe("rollback");
  });
});

describe("moved", () => {
  it("swaps with the neighbour, and leaves the ends alone", () => {
    expect(moved(["a", "b", "c"], 1, -1)).toEqual(["b", "a", "c"]);
    expect(moved(["a", "b", "c"], 1, 1)).toEqual(["a", "c", "b"]);
    expect(moved(["a", "b", "c"], 0, -1)).toEqual(["a", "b", "c"]);
    expect(moved(["a", "b", "c"], 2, 1)).toEqual(["a", "b", "c"]);
  });

  it("returns a new list", () => {
    const list = ["a", "b"];
    expect(moved(list, 0, 1)).not.toBe(list);
    expect(list).toEqual(["a", "b"]);
  });
});
