// How the template library says where a template came from, which tier it
// is for and which versions it has, in words.

import type { Origin, TemplateEntry } from "../../api";
export { tierLabel } from "../common/status";

const FORMATS: Record<string, string> = {
  readyroom: "Ready Room template",
  "aws-lens": "AWS lens",
  markdown: "Markdown checklist",
};

/** An import format as people read it. */
export function formatLabel(format: string): string {
  return FORMATS[format] ?? format;
}

/**
 * Where a template came from: "Shipped with Ready Room", "Derived from Gold
 * v1", "Imported from AWS lens orr.json", "Written here".
 */
export function originLabel(origin: Origin | null | undefined, shipped: boolean): string {
  if (shipped) return "Shipped with Ready Room";
  if (!origin) return "Written here";
  switch (origin.kind) {
    case "derived":
      return origin.from ? `Derived from ${origin.from}` : "Derived from another template";
    case "imported": {
      const what = origin.format ? formatLabel(origin.format) : "a file";
      const from = origin.from ? ` ${origin.from}` : "";
      return `Imported from ${what}${from}`;
    }
    default:
      return "Written here";
  }
}

/** "v1", "v1–v3" or "v1, v2": the versions a template has, or "not published yet". */
export function versionsLabel(e: Pick<TemplateEntry, "versions">): string {
  const vs = e.versions.map((v) => v.version);
  if (vs.length === 0) return "not published yet";
  if (vs.length === 1) return `v${vs[0]}`;
  return `v${vs[0]}–v${vs[vs.length - 1]}`;
}

/** "1 record", "3 records", "no records". */
export function recordsLabel(n: number): string {
  if (n === 0) return "no records";
  return n === 1 ? "1 record" : `${n} records`;
}

/** "1 item", "12 items". */
export function itemsLabel(n: number): string {
  return n === 1 ? "1 item" : `${n} items`;
}

/** The name TemplateVersion and ExportTemplate take: "gold", "payments-gold@2". */
export function versionName(id: string, version?: number): string {
  return version ? `${id}@${version}` : id;
}
