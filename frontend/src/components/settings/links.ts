import type { Evidence } from "../../api";
import type { LinkPattern } from "../../api/links";

// Where evidence links to, as Go's readiness.LinkPatterns.Href says (the
// rule lives there; this mirrors it to draw links without a round trip):
// the stored address, else the address of the ticket key the label starts
// with, through the patterns.

const keyShape = /^([A-Z][A-Z0-9_]*)-[1-9][0-9]{0,9}$/;

/** The ticket key an evidence label starts with ("JIRA-123" of "JIRA-123 load test"), or "". */
export function evidenceKey(label: string): string {
  const first = label.trim().split(" ")[0].replace(/:+$/, "");
  const m = keyShape.exec(first);
  return m && m[1].length <= 30 ? first : "";
}

/** The address of a ticket key, or "" when no pattern names its project. */
export function resolveKey(key: string, patterns: LinkPattern[]): string {
  const m = keyShape.exec(key);
  if (!m) return "";
  const p = patterns.find((p) => p.project === m[1]);
  return p ? p.url.split("{key}").join(encodeURIComponent(key)) : "";
}

/** Where an evidence entry links to, or "". */
export function evidenceHref(ev: Evidence, patterns: LinkPattern[]): string {
  return ev.url || resolveKey(evidenceKey(ev.label), patterns);
}
