import { api, type Rows } from "../api";
import { ShownData } from "./shown.svelte";

// Every record's row, for the portfolio:
// read when first shown, and again after a change while shown; a change
// while nothing shows them only marks them stale (at 5,000 records they are
// a few megabytes, and the home screen does not need them).
class RowsStore extends ShownData {
  /** Replaced whole on every read: raw, like the home's data. */
  data = $state.raw<Rows | null>(null);

  protected async read() {
    this.data = await api.rows();
  }
}

export const rows = new RowsStore();
