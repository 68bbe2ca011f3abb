import { describe, expect, it } from "vitest";
import { highlight } from "./highlight";

describe("highlight", () => {
  it("marks every word, ignoring case", () => {
    expect(highlight("Supplier contract with Vaultline", "supplier vault")).toEqual([
      { text: "Supplier", hit: true },
      { text: " contract with ", hit: false },
      { text: "Vault", hit: true },
      { text: "line", hit: false },
    ]);
  });
  it("treats regular-expression characters as text", () => {
    expect(highlight("a (b) c", "(b)")).toEqual([
      { text: "a ", hit: false },
      { text: "(b)", hit: true },
      { text: " c", hit: false },
    ]);
  });
  it("returns the text whole for an empty query", () => {
    expect(highlight("<script>", "")).toEqual([{ text: "<script>", hit: false }]);
  });
});
