// The Backups page's bound service (app.BackupService). Kept beside index.ts
// so that the other modules keep their one import of the bindings here.
import * as BackupService from "../../wailsjs/go/app/BackupService";
import { app } from "../../wailsjs/go/models";
import { toApiError } from "./errors";
import type { BackupInfo } from "./index";

/** What checking a backup whole found (store.BackupCheck). */
export type BackupCheck = BackupInfo & {
  schema: number;
  changes: number;
  /** Every record folded again from its log and matched. */
  refolded: boolean;
  problems?: { record?: string; what: string }[] | null;
};
/** How a restore the window closed for went (app.RestoreNote); times as RFC 3339. */
export type RestoreNote = { backup: string; taken: string; kept: string; problem?: string; at: string };
/** When the last daily backup was taken (zero time: never) and why its copy to the extra folder failed. */
export type BackupStatus = { lastDaily: string; copyProblem?: string };
/** How many daily backups are kept, and the folder each is also copied to ("" for none). */
export type BackupSettings = { keep: number; folder: string };

async function call<T>(p: Promise<T>): Promise<T> {
  try {
    return await p;
  } catch (e) {
    throw toApiError(e);
  }
}

export const backupsApi = {
  list: () => call(BackupService.Backups()) as Promise<BackupInfo[]>,
  backUpNow: () => call(BackupService.BackupNow()) as Promise<BackupInfo>,
  verify: (name: string) => call(BackupService.VerifyBackup(name)) as Promise<BackupCheck>,
  status: () => call(BackupService.BackupStatus()) as Promise<BackupStatus>,
  settings: () => call(BackupService.BackupSettings()) as Promise<BackupSettings>,
  saveSettings: (s: BackupSettings) => call(BackupService.SetBackupSettings(s as app.BackupSettings)) as Promise<BackupSettings>,
  /** Checks a backup and marks it to be restored when the window closes (then App.Restart). */
  restoreOnRestart: (name: string) => call(BackupService.RestoreOnRestart(name)) as Promise<BackupInfo>,
  /** Once after a restart for a restore: how it went (null when there is nothing to say). */
  restoreNote: () => call(BackupService.RestoreNote()) as Promise<RestoreNote | null>,
};
