import { api, toApiError } from "../api";
import { toasts } from "./toasts.svelte";

// One export at a time, with its progress shown on the button that started it.
class Exports {
  busy = $state("");

  async run(key: string, fn: () => Promise<string>) {
    this.busy = key;
    try {
      const path = await fn();
      if (path) {
        const open = (folder: boolean) => api.openExport(path, folder).catch((e) => toasts.error(toApiError(e).message));
        toasts.show(`Saved ${path}`, "info", 12000, [
          { label: "Open", run: () => open(false) },
          { label: "Show folder", run: () => open(true) },
        ]);
      }
    } catch (e) {
      toasts.error(`Export failed: ${toApiError(e).message}`);
    } finally {
      this.busy = "";
    }
  }
}

export const exports = new Exports();
