// The glyphs: GlyphSprite draws every Lucide icon once, reads it back into
// one style sheet of mask images and takes the drawings out of the page;
// Glyph is then a span that names its icon.
import { flushSync, mount, unmount } from "svelte";
import { afterEach, describe, expect, it } from "vitest";
import GlyphSprite from "./GlyphSprite.svelte";
import Glyph from "./Glyph.svelte";
import { GLYPHS, glyphRules } from "./glyphs";

let mounted: Record<string, unknown>[] = [];
afterEach(() => {
  for (const m of mounted) unmount(m);
  mounted = [];
  document.body.innerHTML = "";
});
function render(c: unknown, props: Record<string, unknown> = {}) {
  const target = document.createElement("div");
  document.body.appendChild(target);
  mounted.push(mount(c as never, { target, props }));
  flushSync();
  return target;
}

describe("glyphs", () => {
  it("puts every icon's shape in one style sheet and leaves no drawing in the page", () => {
    const target = render(GlyphSprite);
    expect(target.querySelector("svg")).toBeNull();
    const sheet = document.head.querySelector("style[data-glyphs]");
    expect(sheet).not.toBeNull();
    const rules = (sheet?.textContent ?? "").split("\n");
    expect(rules).toHaveLength(Object.keys(GLYPHS).length);
    const parser = new DOMParser();
    for (const name of Object.keys(GLYPHS)) {
      const rule = rules.find((r) => r.startsWith(`.glyph[data-glyph="${name}"]{`));
      expect(rule, name).toBeDefined();
      const uri = /url\("data:image\/svg\+xml,([^"]*)"\)/.exec(rule ?? "")?.[1] ?? "";
      const doc = parser.parseFromString(decodeURIComponent(uri), "image/svg+xml");
      expect(doc.querySelector("parsererror"), name).toBeNull();
      expect(doc.documentElement.namespaceURI).toBe("http://www.w3.org/2000/svg");
      expect(doc.documentElement.querySelectorAll("path, circle, rect, line, polyline").length, name).toBeGreaterThan(0);
    }
  });

  it("leaves out what is not an icon of the set", () => {
    expect(glyphRules({ nope: "<svg></svg>", medal: "<div></div>" })).toBe("");
    expect(glyphRules({ medal: '<svg viewBox="0 0 24 24"><path d="M1 1"/></svg>' })).toContain(encodeURIComponent('xmlns="http://www.w3.org/2000/svg"'));
  });

  it("draws a glyph as a sized span hidden from screen readers", () => {
    const target = render(Glyph, { name: "clock", size: 12, class: "chev" });
    const g = target.querySelector("span.glyph.chev");
    expect(g?.getAttribute("data-glyph")).toBe("clock");
    expect(g?.getAttribute("aria-hidden")).toBe("true");
    expect((g as HTMLElement).style.width).toBe("12px");
  });
});
