import { api, errorMessage, type BackupInfo } from "../api";
import { backupsApi, type BackupCheck, type BackupSettings, type BackupStatus } from "../api/backups";
import { formatDateTime } from "../components/common/status";
import { toasts } from "./toasts.svelte";

// The Backups page: the backups (newest first, each checked), what "Verify"
// found for each, the two settings, and a backup being taken.
class BackupsStore {
  list = $state<BackupInfo[]>([]);
  loaded = $state(false);
  error = $state("");
  /** A backup is being taken. */
  backingUp = $state(false);
  /** The backup just taken, to point at in the list. */
  latest = $state("");
  /** What Verify found, by file name ("" while it runs). */
  checks = $state<Record<string, BackupCheck | "">>({});
  settings = $state<BackupSettings | null>(null);
  status = $state<BackupStatus | null>(null);

  async load() {
    try {
      const [list, settings, status] = await Promise.all([backupsApi.list(), backupsApi.settings(), backupsApi.status()]);
      this.list = list;
      this.settings = settings;
      this.status = status;
      this.error = "";
    } catch (e) {
      this.error = errorMessage(e);
    } finally {
      this.loaded = true;
    }
  }

  /** Takes a checked backup now; throws with the reason when it fails. */
  async backUpNow(): Promise<BackupInfo> {
    this.backingUp = true;
    try {
      const b = await backupsApi.backUpNow();
      this.latest = b.name;
      this.list = await backupsApi.list();
      return b;
    } finally {
      this.backingUp = false;
    }
  }

  async verify(name: string): Promise<BackupCheck> {
    this.checks[name] = "";
    try {
      const c = await backupsApi.verify(name);
      this.checks[name] = c;
      return c;
    } catch (e) {
      delete this.checks[name];
      throw e;
    }
  }

  /** Stores the settings; a refusal throws with its fields. */
  async saveSettings(s: BackupSettings) {
    this.settings = await backupsApi.saveSettings(s);
    return this.settings;
  }

  /** Says, once after the restart, whether the restore the window closed for was done. */
  async announceRestore() {
    const n = await backupsApi.restoreNote().catch(() => null);
    if (!n) return;
    const when = n.taken && !n.taken.startsWith("0001") ? `from ${formatDateTime(n.taken)}` : n.backup;
    if (n.problem) {
      toasts.error(`The backup ${when} was not restored: ${n.problem}`);
    } else {
      const kept = n.kept ? ` The database it replaced is kept as ${n.kept.split("/").pop()}.` : "";
      toasts.show(`Restored the backup ${when}.${kept}`, "info", 12000);
    }
  }

  /** Restores a backup: checked, then Ready Room closes and starts again on it. */
  async restore(name: string) {
    await backupsApi.restoreOnRestart(name);
    await api.restart();
  }
}

export const backups = new BackupsStore();
