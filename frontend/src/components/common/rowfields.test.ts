import { describe, expect, it } from "vitest";
import { aboutTheList, bracketed, dotted, rowField, shownFields } from "./rowfields";

describe("a list setting's refusals", () => {
  const freezes = dotted("freezes");
  it("name the row shown, not the place in the list sent", () => {
    // Rows 0 and 2 were blank, so the list sent was rows 1 and 3.
    const got = shownFields(
      [
        { field: "freezes.0.name", rule: "required", message: "Name is required" },
        { field: "freezes.1.to", rule: "order", message: "ends before it starts" },
        { field: "freezes", rule: "max", message: "Keep at most 100 freeze periods" },
      ],
      [true, false, true, false],
      freezes,
    );
    expect(got).toEqual([
      { field: "freezes.1.name", message: "Name is required" },
      { field: "freezes.3.to", message: "ends before it starts" },
      { field: "freezes", message: "Keep at most 100 freeze periods" },
    ]);
    expect(rowField(got, freezes, 3, "to")).toBe("ends before it starts");
    expect(rowField(got, freezes, 1, "to")).toBe("");
    expect(aboutTheList(got, freezes)).toBe(true);
    expect(aboutTheList(got.slice(0, 2), freezes)).toBe(false);
  });
  it("joins two messages of one field", () => {
    const fields = [
      { field: "freezes.0.from", message: "From is required" },
      { field: "freezes.0.from", message: "From must be a date" },
    ];
    expect(rowField(fields, freezes, 0, "from")).toBe("From is required From must be a date");
  });
  it("reads bracketed names too", () => {
    const patterns = bracketed("patterns");
    const got = shownFields([{ field: "patterns[0].url", rule: "key", message: "The address needs {key} where the key goes" }], [true, false], patterns);
    expect(rowField(got, patterns, 1, "url")).toContain("{key}");
    expect(rowField(got, patterns, 0, "url")).toBe("");
    expect(rowField(got, patterns, 1, "project")).toBe("");
    expect(patterns.parse("patterns.1.url")).toBeNull();
    expect(dotted("freezes").parse("freezes[1].to")).toBeNull();
    expect(dotted("freezes").parse("freezesX1.to")).toBeNull();
  });
});
