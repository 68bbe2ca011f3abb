import { api, toApiError, type Rows } from "../api";

// Every record's row, for the portfolio and the home screen's "Show all":
// read when first shown, and again after a change while shown; a change
// while nothing shows them only marks them stale (at 5,000 records they are
// a few megabytes, and the home screen does not need them).
class RowsStore {
  /** Replaced whole on every read: raw, like the home's data. */
  data = $state.raw<Rows | null>(null);
  error = $state("");
  private users = 0;
  private stale = true;
  private running: Promise<void> | null = null;
  private again = false;

  /** Something shows the rows: reads them if stale. Returns what to call when it no longer does. */
  use(): () => void {
    this.users++;
    if (this.stale) void this.load();
    return () => {
      this.users--;
    };
  }

  /** Records changed: read again now if shown, else when next shown. */
  changed() {
    this.stale = true;
    if (this.users > 0) void this.load();
  }

  /** Reads the rows; calls during a read coalesce into one more, which they all wait for. */
  load(): Promise<void> {
    if (this.running) {
      this.again = true;
      return this.running;
    }
    this.running = (async () => {
      try {
        do {
          this.again = false;
          this.stale = false;
          try {
            this.data = await api.rows();
            this.error = "";
          } catch (e) {
            this.stale = true;
            this.error = toApiError(e).message;
          }
        } while (this.again);
      } finally {
        this.running = null;
      }
    })();
    return this.running;
  }
}

export const rows = new RowsStore();
