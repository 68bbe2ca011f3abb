import { describe, expect, it } from "vitest";
import { freezeField, shownFields } from "./freezes";

describe("freeze period refusals", () => {
  it("name the row shown, not the place in the list sent", () => {
    // Rows 0 and 2 were blank, so the list sent was rows 1 and 3.
    const got = shownFields(
      [
        { field: "freezes.0.name", rule: "required", message: "Name is required" },
        { field: "freezes.1.to", rule: "order", message: "ends before it starts" },
        { field: "freezes", rule: "max", message: "Keep at most 100 freeze periods" },
      ],
      [true, false, true, false],
    );
    expect(got).toEqual([
      { field: "freezes.1.name", message: "Name is required" },
      { field: "freezes.3.to", message: "ends before it starts" },
      { field: "freezes", message: "Keep at most 100 freeze periods" },
    ]);
    expect(freezeField(got, 3, "to")).toBe("ends before it starts");
    expect(freezeField(got, 1, "to")).toBe("");
  });
  it("joins two messages of one field", () => {
    const fields = [
      { field: "freezes.0.from", message: "From is required" },
      { field: "freezes.0.from", message: "From must be a date" },
    ];
    expect(freezeField(fields, 0, "from")).toBe("From is required From must be a date");
  });
});
