import { describe, expect, it } from "vitest";
import { itemsLabel, originLabel, recordsLabel, tierLabel, versionName, versionsLabel } from "./labels";

describe("originLabel", () => {
  it.each([
    [null, true, "Shipped with Ready Room"],
    [null, false, "Written here"],
    [{ kind: "authored" }, false, "Written here"],
    [{ kind: "derived", from: "Gold v1" }, false, "Derived from Gold v1"],
    [{ kind: "derived" }, false, "Derived from another template"],
    [{ kind: "imported", from: "orr-lens.json", format: "aws-lens" }, false, "Imported from AWS lens orr-lens.json"],
    [{ kind: "imported", from: "prr.md", format: "markdown" }, false, "Imported from Markdown checklist prr.md"],
    [{ kind: "imported" }, false, "Imported from a file"],
  ])("%j shipped=%s → %s", (origin, shipped, want) => {
    expect(originLabel(origin, shipped)).toBe(want);
  });
});

describe("labels", () => {
  it("names tiers as the Go side does", () => {
    expect(tierLabel("gold")).toBe("Gold");
    expect(tierLabel("platinum-plus")).toBe("Platinum plus");
    expect(tierLabel("")).toBe("");
  });

  it("names versions, records and items", () => {
    const v = (n: number) => ({ version: n, digest: "", publishedAt: "", publishedBy: "", items: 0, records: 0 });
    expect(versionsLabel({ versions: [] })).toBe("not published yet");
    expect(versionsLabel({ versions: [v(1)] })).toBe("v1");
    expect(versionsLabel({ versions: [v(1), v(2), v(3)] })).toBe("v1–v3");
    expect(recordsLabel(0)).toBe("no records");
    expect(recordsLabel(1)).toBe("1 record");
    expect(recordsLabel(4)).toBe("4 records");
    expect(itemsLabel(1)).toBe("1 item");
    expect(itemsLabel(63)).toBe("63 items");
    expect(versionName("payments-gold", 2)).toBe("payments-gold@2");
    expect(versionName("gold")).toBe("gold");
  });
});
