import { api, toApiError, type Collision, type Freeze } from "../api";

// Go-live collisions (readiness.Collisions: the same service or squad on one
// day, a freeze, overlapping hypercare windows) and the freeze periods they
// are checked against, for the portfolio and the go/no-go form. Read while
// something shows them, again after a change of records or freezes; a
// change while nothing shows them only marks them stale.
class CollisionsStore {
  /** Every collision, each clash once per record it involves. */
  list = $state.raw<Collision[] | null>(null);
  freezes = $state.raw<Freeze[]>([]);
  error = $state("");
  readonly byRecord: Map<string, Collision[]> = $derived.by(() => {
    const m = new Map<string, Collision[]>();
    for (const c of this.list ?? []) {
      const l = m.get(c.record);
      if (l) l.push(c);
      else m.set(c.record, [c]);
    }
    return m;
  });
  private users = 0;
  private stale = true;
  private running: Promise<void> | null = null;
  private again = false;

  /** Something shows them: reads them if stale. Returns what to call when it no longer does. */
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

  /** The collisions of one record. */
  of(id: string): Collision[] {
    return this.byRecord.get(id) ?? [];
  }

  /** Reads collisions and freezes; calls during a read coalesce into one more. */
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
            const [list, freezes] = await Promise.all([api.collisions(), api.freezes()]);
            this.list = list;
            this.freezes = freezes;
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

  /** Stores the freeze periods (throws the refusal, naming fields "freezes.N.field"), then reads the collisions again. */
  async saveFreezes(fs: Freeze[]): Promise<Freeze[]> {
    this.freezes = await api.setFreezes(fs);
    this.stale = true;
    void this.load();
    return this.freezes;
  }
}

export const collisions = new CollisionsStore();
