import { api, onEvent, toApiError, type InviteView, type NetworkStatus, type RecordTeam, type TeamView } from "../api";
import { Events } from "../events";

// This device on the LAN: its status, every peer seen or paired, and its
// teams with their members, shared records and open invites. Kept fresh from
// the Go side's peers:changed and teams:changed events while anyone watches.
class PeersStore {
  status = $state<NetworkStatus | null>(null);
  teams = $state<TeamView[]>([]);
  /** Both lists have been read at least once. */
  loaded = $state(false);
  error = $state("");
  /** The time, ticking once a second while a countdown or "2 min ago" is on screen. */
  now = $state(Date.now());

  private watchers = 0;
  private offs: (() => void)[] = [];
  private clocks = 0;
  private timer: ReturnType<typeof setInterval> | undefined;
  private inflight = { status: false, teams: false };
  private again = { status: false, teams: false };

  /** Reads status and teams. */
  async load() {
    await Promise.all([this.loadStatus(), this.loadTeams()]);
    this.loaded = true;
  }

  /** Re-reads the network status; calls during a read coalesce into one more. */
  async loadStatus() {
    await this.coalesce("status", async () => {
      this.status = await api.networkStatus();
    });
  }

  /** Re-reads the teams; calls during a read coalesce into one more. */
  async loadTeams() {
    await this.coalesce("teams", async () => {
      this.teams = await api.teams();
    });
  }

  private async coalesce(kind: "status" | "teams", read: () => Promise<void>) {
    if (this.inflight[kind]) {
      this.again[kind] = true;
      return;
    }
    this.inflight[kind] = true;
    try {
      do {
        this.again[kind] = false;
        try {
          await read();
          this.error = "";
        } catch (e) {
          this.error = toApiError(e).message;
        }
      } while (this.again[kind]);
    } finally {
      this.inflight[kind] = false;
    }
  }

  /**
   * Keeps the store up to date from the Go side's events until the returned
   * function is called (reference counted: the last one out unsubscribes).
   * With clock, `now` ticks every second meanwhile.
   */
  watch({ clock = false } = {}): () => void {
    if (this.watchers++ === 0) {
      this.offs = [
        onEvent(Events.peersChanged, () => this.loadStatus()),
        onEvent(Events.teamsChanged, () => {
          this.loadTeams();
          this.loadStatus(); // names and teams of peers come from the teams
        }),
      ];
    }
    if (clock && this.clocks++ === 0) {
      this.now = Date.now();
      this.timer = setInterval(() => (this.now = Date.now()), 1000);
    }
    let done = false;
    return () => {
      if (done) return;
      done = true;
      if (clock && --this.clocks === 0) {
        clearInterval(this.timer);
        this.timer = undefined;
      }
      if (--this.watchers === 0) {
        for (const off of this.offs) off();
        this.offs = [];
      }
    };
  }

  async createTeam(name: string): Promise<TeamView> {
    const t = await api.createTeam(name);
    await this.loadTeams();
    return t;
  }

  async invite(team: string): Promise<InviteView> {
    const inv = await api.inviteToTeam(team);
    this.now = Date.now(); // the countdown starts from now, not the last tick
    await this.loadTeams();
    return inv;
  }

  async join(target: { device?: string; addr?: string }, code: string): Promise<TeamView> {
    const t = await api.joinTeam(target, code);
    await this.load();
    return t;
  }

  async removeMember(team: string, device: string): Promise<TeamView> {
    const t = await api.removeTeamMember(team, device);
    await this.load();
    return t;
  }

  async syncNow() {
    await api.syncNow();
    await this.loadStatus();
  }

  /** The teams a record could be shared with, and whether it is. */
  recordTeams(record: string): Promise<RecordTeam[]> {
    return api.recordTeams(record);
  }

  /** Shares a record with a team, or keeps it from the team from now on. */
  async share(record: string, team: string, shared: boolean) {
    await api.shareRecord(record, team, shared);
    await this.loadTeams();
  }

  /** The teams a template could be shared with, and whether it is. */
  templateTeams(template: string): Promise<RecordTeam[]> {
    return api.templateTeams(template);
  }

  /** Shares every version of a template with a team (its members' new
   * records can use it), or stops. */
  async shareTemplate(template: string, team: string, shared: boolean) {
    await api.shareTemplate(template, team, shared);
  }

  /** Names of the teams a record is shared with, from the teams already read. */
  sharedWith(record: string): string[] {
    return this.sharing.get(record) ?? [];
  }

  /** The teams this device is in that each record is shared with, worked out once per change of the teams. */
  private readonly sharing: Map<string, string[]> = $derived.by(() => {
    const m = new Map<string, string[]>();
    for (const t of this.teams) {
      if (!t.member) continue;
      for (const r of t.records) m.set(r.id, [...(m.get(r.id) ?? []), t.name]);
    }
    return m;
  });
}

export const peers = new PeersStore();
