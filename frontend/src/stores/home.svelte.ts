import { api, toApiError, type Home, type Info } from "../api";
import { toasts } from "./toasts.svelte";

// The home screen's data: every record and what needs attention.
class HomeStore {
  data = $state<Home | null>(null);
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
    if (this.data) this.data.author = this.info.author;
  }
}

export const home = new HomeStore();
