import { api, toApiError, type DraftView, type FieldError, type TemplateDef, type TemplateDiff } from "../api";

/** How long the editor waits after the last keystroke before saving. */
export const AUTOSAVE_MS = 700;

// The draft open in the template editor. The editor changes `draft` in
// place and calls changed(); the draft is saved whole after a pause
// (SaveTemplateDraft keeps it even when publishing would refuse it, and
// answers with the problems field by field). What is typed is never
// replaced by what a save returns, so typing during a save is not lost; a
// refused save keeps the typing and says why, and the next change retries.
class DraftEditor {
  id = $state("");
  draft = $state<TemplateDef | null>(null);
  problems = $state<FieldError[]>([]);
  /** The version publishing would make. */
  next = $state(1);
  diff = $state<TemplateDiff | null>(null);
  /** The difference to the newest version, in words ("1 item added, 1 changed"). */
  words = $state("");
  loading = $state(false);
  loadError = $state("");
  saving = $state(false);
  /** Changed since the last save that succeeded. */
  dirty = $state(false);
  savedAt = $state<Date | null>(null);
  /** Why the last save was refused ("" when it was saved). */
  saveError = $state("");

  private timer: ReturnType<typeof setTimeout> | undefined;
  private running: Promise<boolean> | null = null;

  /** Opens a template's draft (starting the next version's when there is none). */
  async open(id: string) {
    // Coming back to a draft whose last edits are still being saved: keep them.
    if (this.id === id && this.draft && (this.dirty || this.running)) return;
    this.reset();
    this.id = id;
    this.loading = true;
    try {
      this.take(await api.editTemplate(id), true);
      this.loadError = "";
    } catch (e) {
      this.loadError = toApiError(e).message;
    } finally {
      this.loading = false;
    }
  }

  private take(v: DraftView, whole: boolean) {
    if (whole) this.draft = normalise(v.draft);
    this.problems = v.problems ?? [];
    this.next = v.next;
    this.diff = v.diff ?? null;
    this.words = v.words;
  }

  /** Notes an edit; saves after a pause, or at once (structural edits: add, remove, move). */
  changed(now = false) {
    this.dirty = true;
    clearTimeout(this.timer);
    if (now) void this.flush();
    else this.timer = setTimeout(() => void this.flush(), AUTOSAVE_MS);
  }

  /** Saves what is unsaved, now; true when everything is saved. */
  flush(): Promise<boolean> {
    clearTimeout(this.timer);
    if (!this.running) {
      this.running = this.loop().finally(() => (this.running = null));
    }
    return this.running;
  }

  private async loop(): Promise<boolean> {
    while (this.dirty && this.draft) {
      const sent = $state.snapshot(this.draft) as TemplateDef;
      const id = this.id;
      this.dirty = false;
      this.saving = true;
      try {
        const v = await api.saveTemplateDraft(sent);
        if (this.id !== id) return true; // another draft was opened meanwhile
        this.take(v, false);
        this.saveError = "";
        this.savedAt = new Date();
      } catch (e) {
        if (this.id !== id) return false;
        this.dirty = true;
        this.saveError = toApiError(e).message;
        return false;
      } finally {
        this.saving = false;
      }
    }
    return !this.saveError;
  }

  /** Forgets the draft (after publishing or discarding), dropping a pending save. */
  close() {
    this.reset();
  }

  private reset() {
    clearTimeout(this.timer);
    this.id = "";
    this.draft = null;
    this.problems = [];
    this.next = 1;
    this.diff = null;
    this.words = "";
    this.dirty = false;
    this.saving = false;
    this.savedAt = null;
    this.saveError = "";
    this.loadError = "";
  }
}

/** Lists the JSON leaves out (omitempty) become empty lists, so the editor can add to them. */
function normalise(t: TemplateDef): TemplateDef {
  return {
    ...t,
    sections: (t.sections ?? []).map((s) => ({
      ...s,
      number: s.number ?? "",
      prompt: s.prompt ?? "",
      guidance: s.guidance ?? "",
      items: (s.items ?? []).map((it) => ({ ...it, refs: it.refs ?? [], risk: it.risk ?? "", why: it.why ?? "", evidence: it.evidence ?? "" })),
    })),
    exitCriteria: (t.exitCriteria ?? []).map((c) => ({ ...c, guidance: c.guidance ?? "" })),
    handoverItems: (t.handoverItems ?? []).map((h) => ({ ...h, kind: h.kind ?? "", guidance: h.guidance ?? "" })),
  };
}

export const draftEditor = new DraftEditor();
