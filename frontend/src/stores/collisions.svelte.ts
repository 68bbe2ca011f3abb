import { api, type Collision, type Freeze } from "../api";
import { ShownData } from "./shown.svelte";

// Go-live collisions (readiness.Collisions: the same service or squad on one
// day, a freeze, overlapping hypercare windows) and the freeze periods they
// are checked against, for the portfolio and the go/no-go form. Read while
// something shows them, again after a change of records or freezes; a
// change while nothing shows them only marks them stale.
class CollisionsStore extends ShownData {
  /** Every collision, each clash once per record it involves. */
  list = $state.raw<Collision[] | null>(null);
  freezes = $state.raw<Freeze[]>([]);
  readonly byRecord: Map<string, Collision[]> = $derived.by(() => {
    const m = new Map<string, Collision[]>();
    for (const c of this.list ?? []) {
      const l = m.get(c.record);
      if (l) l.push(c);
      else m.set(c.record, [c]);
    }
    return m;
  });

  /** The collisions of one record. */
  of(id: string): Collision[] {
    return this.byRecord.get(id) ?? [];
  }

  /** Reads collisions and freezes together. */
  protected async read() {
    const [list, freezes] = await Promise.all([api.collisions(), api.freezes()]);
    this.list = list;
    this.freezes = freezes;
  }

  /** Stores the freeze periods (throws the refusal, naming fields "freezes.N.field"), then reads the collisions again. */
  async saveFreezes(fs: Freeze[]): Promise<Freeze[]> {
    this.freezes = await api.setFreezes(fs);
    void this.load();
    return this.freezes;
  }
}

export const collisions = new CollisionsStore();
