import { describe, expect, it } from "vitest";
import { changedWords } from "./upgrade";

describe("changedWords", () => {
  it("says what changed about an item, in the order the Go side names it", () => {
    expect(changedWords(["text"])).toBe("text");
    expect(changedWords(["text", "why"])).toBe("text and why it matters");
    expect(changedWords(["evidence", "n/a", "risk"])).toBe("good evidence, whether n/a is allowed and risk");
    expect(changedWords(["section"])).toBe("section");
    expect(changedWords([])).toBe("nothing");
  });
});
