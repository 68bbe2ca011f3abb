import { api, toApiError, type Home, type Info } from "../api";
import { toasts } from "./toasts.svelte";

// The home screen's data: the first records and what needs attention, with
// counts over all of them (every record's row is the rows store's).
class HomeStore {
  /**
   * Replaced whole on every load, never changed in place: raw, so that
   * thousands of rows are plain objects rather than reactive proxies (reading
   * through proxies is most of what a long list costs to show).
   */
  data = $state.raw<Home | null>(null);
  info = $state<Info | null>(null);
  loading = $state(false);
  error = $state("");
  loadingExamples = $state(false);
  private running: Promise<void> | null = null;
  private again = false;

  /**
   * Reads the home screen. Calls during a read (a burst of changes from a
   * peer) coalesce into one more read, which they all wait for.
   */
  load(): Promise<void> {
    if (this.running) {
      this.again = true;
      return this.running;
    }
    this.loading = true;
    this.running = (async () => {
      try {
        do {
          this.again = false;
          try {
            const [home, info] = await Promise.all([api.home(), api.info()]);
            this.data = home;
            this.info = info;
            this.error = "";
          } catch (e) {
            this.error = toApiError(e).message;
          }
        } while (this.again);
      } finally {
        this.loading = false;
        this.running = null;
      }
    })();
    return this.running;
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
    if (this.data) void this.load(); // the home carries the name too
  }
}

export const home = new HomeStore();
