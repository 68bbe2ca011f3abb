import {
  api,
  toApiError,
  type DraftView,
  type NewDraftInput,
  type TemplateEntry,
  type TemplateFormat,
  type TemplateImport,
  type TemplateView,
} from "../api";
import { exports } from "./exports.svelte";

// The template library: the shipped Gold and Silver, the organisation's own
// templates with their versions, and the drafts on this device. Read when
// the Templates screen opens and after anything here changes it.
class TemplatesStore {
  library = $state<TemplateEntry[] | null>(null);
  loading = $state(false);
  error = $state("");

  readonly shipped: TemplateEntry[] = $derived((this.library ?? []).filter((e) => e.shipped));
  readonly own: TemplateEntry[] = $derived((this.library ?? []).filter((e) => !e.shipped));

  async load() {
    this.loading = true;
    try {
      this.library = await api.templateLibrary();
      this.error = "";
    } catch (e) {
      this.error = toApiError(e).message;
    } finally {
      this.loading = false;
    }
  }

  /** Starts a template: from scratch (from "") or from a version ("gold", "payments-gold@2"). Field errors are thrown. */
  async newDraft(input: NewDraftInput): Promise<DraftView> {
    const v = await api.newTemplateDraft(input);
    await this.load();
    return v;
  }

  /** The draft of a template's next version, started from its newest version when there is none. */
  async edit(id: string): Promise<DraftView> {
    const v = await api.editTemplate(id);
    await this.load();
    return v;
  }

  async discard(id: string) {
    await api.discardTemplateDraft(id);
    await this.load();
  }

  /** Designates a template for standard changes, or none (""). */
  async setStandardChange(id: string) {
    await api.setStandardChange(id);
    await this.load();
  }

  async publish(id: string): Promise<TemplateView> {
    const v = await api.publishTemplate(id);
    await this.load();
    return v;
  }

  /** Imports a file's text; the report says what was taken and what was left out. */
  async import(fileName: string, content: string, format: TemplateFormat, as: string): Promise<TemplateImport> {
    const r = await api.importTemplate(fileName, content, format, as.trim());
    await this.load();
    return r;
  }

  /** Saves a version as a template file where the user chooses (progress and result as for every export). */
  export(name: string) {
    return exports.run(`template:${name}`, () => api.exportTemplate(name));
  }
}

export const templates = new TemplatesStore();
