import { api, toApiError, type Home, type Info, type RecordRow } from "../api";
import { toasts } from "./toasts.svelte";

// The home screen's data: the first records and what needs attention, with
// counts over all of them; every record's row (`all`) only once the
// portfolio or "show all" asks. Raw, not deeply reactive: both are replaced
// whole on every load.
class HomeStore {
  data = $state.raw<Home | null>(null);
  all = $state.raw<RecordRow[] | null>(null);
  info = $state<Info | null>(null);
  loading = $state(false);
  error = $state("");
  loadingExamples = $state(false);

  async load() {
    this.loading = true;
    try {
      const [home, info] = await Promise.all([api.home(), api.info()]);
      this.data = home;
      this.info = info;
      this.error = "";
    } catch (e) {
      this.error = toApiError(e).message;
    } finally {
      this.loading = false;
    }
  }

  /** Loads every record's row; again after a change while they are shown. */
  async loadAll() {
    try {
      this.all = await api.recordRows();
    } catch (e) {
      this.error = toApiError(e).message;
    }
  }

  async loadExamples() {
    this.loadingExamples = true;
    try {
      const n = await api.loadExamples();
      toasts.show(`Added ${n} example records`);
      await this.load();
    } catch (e) {
      toasts.error(toApiError(e).message);
    } finally {
      this.loadingExamples = false;
    }
  }

  async setAuthor(name: string) {
    this.info = await api.setAuthorName(name);
    if (this.data) this.data = { ...this.data, author: this.info.author } as Home; // plain JSON, as Go sent it
  }
}

export const home = new HomeStore();
