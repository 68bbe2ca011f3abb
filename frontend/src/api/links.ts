// The link patterns' bound service (app.LinkService). Kept beside index.ts
// so that the other modules keep their one import of the bindings here.
import * as LinkService from "../../wailsjs/go/app/LinkService";
import { readiness } from "../../wailsjs/go/models";
import { toApiError } from "./errors";
import type { Evidence } from "./index";

/** A project's ticket keys (JIRA of JIRA-123) and the address they link to, with {key}. */
export type LinkPattern = { project: string; url: string };

async function call<T>(p: Promise<T>): Promise<T> {
  try {
    return await p;
  } catch (e) {
    throw toApiError(e);
  }
}

export const linksApi = {
  patterns: () => call(LinkService.LinkPatterns()) as Promise<LinkPattern[]>,
  /** Checks and stores the list; a refusal names fields such as "patterns[1].url". */
  save: (ps: LinkPattern[]) =>
    call(LinkService.SetLinkPatterns(ps.map((p) => new readiness.LinkPattern(p)))) as Promise<LinkPattern[]>,
  /** Evidence from a web address or a ticket key and a label, the key resolved with the patterns. */
  newEvidence: (target: string, label: string) => call(LinkService.NewEvidence(target, label)) as Promise<Evidence>,
};
