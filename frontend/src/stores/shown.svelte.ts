import { toApiError } from "../api";

/**
 * Data read from Go while something shows it: read when first shown, and
 * again after a change while shown; a change while nothing shows it only
 * marks it stale. Reads asked for during a read coalesce into one more,
 * which they all wait for. A subclass says how to read (read) and keeps
 * what it read in its own state.
 */
export abstract class ShownData {
  error = $state("");
  private users = 0;
  private stale = true;
  private running: Promise<void> | null = null;
  private again = false;

  /** Reads the data into the subclass's state; throws what Go refused. */
  protected abstract read(): Promise<void>;

  /** Something shows the data: reads it if stale. Returns what to call when it no longer does. */
  use(): () => void {
    this.users++;
    if (this.stale) void this.load();
    return () => {
      this.users--;
    };
  }

  /** The data changed: read again now if shown, else when next shown. */
  changed() {
    this.stale = true;
    if (this.users > 0) void this.load();
  }

  /** Reads the data now (joining a read under way with one more after it). */
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
            await this.read();
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
