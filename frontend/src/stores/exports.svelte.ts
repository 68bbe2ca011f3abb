import { toApiError } from "../api";
import { toasts } from "./toasts.svelte";

// One export at a time, with its progress shown on the button that started it.
class Exports {
  busy = $state("");

  async run(key: string, fn: () => Promise<string>) {
    this.busy = key;
    try {
      const path = await fn();
      if (path) toasts.show(`Saved ${path}`, "info", 8000);
    } catch (e) {
      toasts.error(`Export failed: ${toApiError(e).message}`);
    } finally {
      this.busy = "";
    }
  }
}

export const exports = new Exports();
