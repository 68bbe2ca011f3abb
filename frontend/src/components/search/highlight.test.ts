import { describe, expect, it } from "vitest";
import { highlight, queryWords } from "./highlight";

describe("highlight", () => {
  it("marks every word, ignoring case", () => {
    expect(highlight("Supplier contract with Vaultline", "supplier vault")).toEqual([
      { text: "Supplier", hit: true },
      { text: " contract with ", hit: false },
      { text: "Vault", hit: true },
      { text: "line", hit: false },
    ]);
  });
  it("marks every occurrence and keeps the text's own case", () => {
    expect(highlight("Passkey, passkeys", "PASSKEY")).toEqual([
      { text: "Passkey", hit: true },
      { text: ", ", hit: false },
      { text: "passkey", hit: true },
      { text: "s", hit: false },
    ]);
  });
  it("prefers the longer word when one contains another", () => {
    expect(queryWords("pass  passkey pass")).toEqual(["passkey", "pass"]);
    expect(highlight("passkey", "pass passkey")).toEqual([{ text: "passkey", hit: true }]);
  });
  it("treats regular-expression characters as text", () => {
    expect(highlight("a (b) c.*", "(b) .*")).toEqual([
      { text: "a ", hit: false },
      { text: "(b)", hit: true },
      { text: " c", hit: false },
      { text: ".*", hit: true },
    ]);
  });
  it("keeps markup as plain text", () => {
    const parts = highlight("<img src=x onerror=alert(1)> passkey", "passkey");
    expect(parts[0]).toEqual({ text: "<img src=x onerror=alert(1)> ", hit: false });
    expect(parts.map((p) => p.text).join("")).toBe("<img src=x onerror=alert(1)> passkey");
  });
  it("returns the text whole for an empty query, and nothing for empty text", () => {
    expect(highlight("<script>", "  ")).toEqual([{ text: "<script>", hit: false }]);
    expect(highlight("", "x")).toEqual([]);
  });
});
