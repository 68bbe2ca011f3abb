import { describe, expect, it } from "vitest";
import {
  containerOf,
  fieldDomId,
  hasPlace,
  parseFieldPath,
  placeOf,
  problemDomId,
  problemsByPath,
  problemsInItem,
  problemsInSection,
} from "./fieldpaths";

const problem = (field: string, message = `${field} is wrong`) => ({ field, rule: "x", message });

describe("parseFieldPath", () => {
  it.each([
    ["name", { field: "name" }],
    ["hypercareDays", { field: "hypercareDays" }],
    ["sections", { field: "sections" }],
    ["sections[2].title", { section: 2, field: "title" }],
    ["sections[2].items", { section: 2, field: "items" }],
    ["sections[2]", { section: 2, field: "" }],
    ["sections[2].items[0].id", { section: 2, item: 0, field: "id" }],
    ["sections[12].items[10].why", { section: 12, item: 10, field: "why" }],
    ["sections[1].items[3].refs", { section: 1, item: 3, field: "refs" }],
    ["sections[1].items[3].refs[4]", { section: 1, item: 3, ref: 4, field: "refs" }],
    ["exitCriteria[1].text", { list: "exitCriteria", entry: 1, field: "text" }],
    ["handoverItems[0].kind", { list: "handoverItems", entry: 0, field: "kind" }],
    ["exitCriteria", { field: "exitCriteria" }],
    ["origin.from", { field: "origin.from" }],
    ["", { field: "" }],
  ])("%s", (path, want) => {
    expect(parseFieldPath(path)).toEqual(want);
  });
});

describe("fieldDomId", () => {
  it("maps each path to the id of its element", () => {
    expect(fieldDomId("sections[2].items[0].id")).toBe("tf-sections-2-items-0-id");
    expect(fieldDomId("sections[1].items[0].refs[2]")).toBe("tf-sections-1-items-0-refs-2");
    expect(fieldDomId("exitCriteria[1].text")).toBe("tf-exitCriteria-1-text");
    expect(fieldDomId("name")).toBe("tf-name");
    expect(fieldDomId("")).toBe("tf-template");
    expect(problemDomId("sections[2].title")).toBe("tf-sections-2-title-problem");
  });

  it("gives different fields different ids", () => {
    const paths = ["sections", "sections[1].items", "sections[1].items[0].refs", "sections[1].items[0].refs[0]", "sections[11].id", "sections[1].id", "sections[1].items[1].id"];
    expect(new Set(paths.map(fieldDomId)).size).toBe(paths.length);
  });

  it("gives ids a selector and aria-describedby can use", () => {
    for (const p of ["sections[2].items[0].id", "handoverItems[3].guidance", "hypercareDays"]) {
      expect(fieldDomId(p)).toMatch(/^[A-Za-z][A-Za-z0-9-]*$/);
    }
  });
});

describe("hasPlace", () => {
  it.each([
    ["name", true],
    ["tier", true],
    ["hypercareDays", true],
    ["summary", true],
    ["sections", true],
    ["sections[0].title", true],
    ["sections[0].items", true],
    ["sections[0].items[1].text", true],
    ["sections[0].items[1].refs[0]", true],
    ["sections[0].items[1].refs", true],
    ["exitCriteria[0].guidance", true],
    ["handoverItems[0].kind", true],
    ["exitCriteria[0].kind", false],
    ["id", false],
    ["base", false],
    ["origin.from", false],
    ["", false],
  ])("%s → %s", (path, want) => {
    expect(hasPlace(path)).toBe(want);
  });
});

describe("containerOf", () => {
  it("names the section and item to open", () => {
    expect(containerOf("sections[3].items[1].evidence")).toEqual({ section: 3, item: 1 });
    expect(containerOf("sections[3].guidance")).toEqual({ section: 3, item: null });
    expect(containerOf("exitCriteria[0].text")).toEqual({ section: null, item: null });
    expect(containerOf("name")).toEqual({ section: null, item: null });
  });
});

describe("problems", () => {
  const ps = [
    problem("name", "Name is required"),
    problem("sections[1].title"),
    problem("sections[1].items[0].id", "COM-01 is already the id of item COM-01"),
    problem("sections[1].items[0].id", "and again"),
    problem("sections[1].items[2].text"),
    problem("sections[10].items[0].text"),
    problem("exitCriteria[1].text"),
  ];

  it("groups messages by path, joining two for one field", () => {
    const m = problemsByPath(ps);
    expect(m.name).toBe("Name is required");
    expect(m["sections[1].items[0].id"]).toBe("COM-01 is already the id of item COM-01 and again");
    expect(m["sections[2].title"]).toBeUndefined();
  });

  it("counts a section's problems and an item's, without mixing section 1 and 10", () => {
    expect(problemsInSection(ps, 1)).toBe(4);
    expect(problemsInSection(ps, 10)).toBe(1);
    expect(problemsInSection(ps, 0)).toBe(0);
    expect(problemsInItem(ps, 1, 0)).toBe(2);
    expect(problemsInItem(ps, 1, 2)).toBe(1);
    expect(problemsInItem(ps, 1, 1)).toBe(0);
  });

  it("says where a problem is in words", () => {
    const names = { section: (i: number) => ["Intro", "Communications"][i] ?? "", item: (i: number, j: number) => (i === 1 ? ["COM-01", "COM-02"][j] : "") };
    expect(placeOf("sections[1].items[0].id", names)).toBe("Section 2 (Communications), item 1 (COM-01)");
    expect(placeOf("sections[0].title", names)).toBe("Section 1 (Intro)");
    expect(placeOf("sections[4].title")).toBe("Section 5");
    expect(placeOf("exitCriteria[1].text")).toBe("Exit criterion 2");
    expect(placeOf("handoverItems[0].id")).toBe("Handover item 1");
    expect(placeOf("name")).toBe("");
  });
});
