import { describe, expect, it } from "vitest";
import { evidenceHref, evidenceKey, resolveKey } from "./links";

const patterns = [
  { project: "JIRA", url: "https://jira.example.com/browse/{key}" },
  { project: "OPS", url: "https://ops.example.com/t?id={key}&x=1" },
];

describe("link patterns", () => {
  it("finds the key a label starts with, and nothing else", () => {
    expect(evidenceKey("JIRA-123")).toBe("JIRA-123");
    expect(evidenceKey("JIRA-123 load test")).toBe("JIRA-123");
    expect(evidenceKey("JIRA-123: load test")).toBe("JIRA-123");
    for (const s of ["load test JIRA-123", "jira-1", "JIRA-0", "JIRA123", "2FA-1", ""]) expect(evidenceKey(s)).toBe("");
  });
  it("resolves keys whose project has a pattern", () => {
    expect(resolveKey("JIRA-7", patterns)).toBe("https://jira.example.com/browse/JIRA-7");
    expect(resolveKey("OPS-9", patterns)).toBe("https://ops.example.com/t?id=OPS-9&x=1");
    expect(resolveKey("SEC-1", patterns)).toBe("");
    expect(resolveKey("JIRA", patterns)).toBe("");
  });
  it("links evidence to its address first, else its key's", () => {
    expect(evidenceHref({ label: "JIRA-5 smoke", url: "" }, patterns)).toBe("https://jira.example.com/browse/JIRA-5");
    expect(evidenceHref({ label: "JIRA-5", url: "https://old.example.com/5" }, patterns)).toBe("https://old.example.com/5");
    expect(evidenceHref({ label: "JIRA-5", url: "" }, [])).toBe("");
    expect(evidenceHref({ label: "Runbook", url: "" }, patterns)).toBe("");
  });
});
