import { api, ApiError, toApiError, type RecordView } from "../api";
import { toasts } from "./toasts.svelte";

// The open record. Every edit is saved at once (autosave) and answers with
// the record as it now stands; the store keeps that and a save indicator.
class RecordStore {
  view = $state<RecordView | null>(null);
  loading = $state(false);
  error = $state("");
  pending = $state(0);
  savedAt = $state<Date | null>(null);
  /**
   * The last save that failed for a reason no field shows (a full disk, a
   * locked file), until a save succeeds. A refusal of a form's fields is not
   * here: the form shows it beside the field and keeps what was typed.
   */
  lastError = $state("");

  get id(): string {
    return this.view?.record.id ?? "";
  }

  async open(id: string) {
    if (this.view?.record.id !== id) {
      this.view = null;
      this.lastError = "";
    }
    this.loading = true;
    try {
      this.view = await api.getRecord(id);
      this.error = "";
    } catch (e) {
      this.error = toApiError(e).message;
    } finally {
      this.loading = false;
    }
  }

  /** Reloads the open record after a change made elsewhere. */
  async refresh() {
    if (!this.view) return;
    try {
      this.view = await api.getRecord(this.view.record.id);
    } catch {
      // keep what is shown; the next edit reports any problem
    }
  }

  /**
   * Runs one save. Validation errors are thrown back to the caller so the
   * field can show them; anything else is also shown as a toast.
   */
  async save(fn: (id: string) => Promise<RecordView>): Promise<RecordView> {
    const id = this.id;
    this.pending++;
    try {
      const v = await fn(id);
      if (this.view?.record.id === id) this.view = v;
      this.savedAt = new Date();
      this.lastError = "";
      return v;
    } catch (e) {
      const err = toApiError(e);
      if (err.fields.length === 0) {
        this.lastError = err.message;
        toasts.error(`Not saved: ${err.message}`);
      }
      throw err;
    } finally {
      this.pending--;
    }
  }

  async undo() {
    if (!this.view?.undoLabel) return;
    const label = this.view.undoLabel;
    try {
      await this.save((id) => api.undo(id));
      toasts.show(`Undone: ${label}`);
    } catch (e) {
      if (e instanceof ApiError && e.fields.length) toasts.error(e.message);
    }
  }
}

export const record = new RecordStore();
