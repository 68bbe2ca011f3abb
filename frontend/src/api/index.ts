// The only module that talks to the generated Wails bindings. Everything
// else imports from here, so the rest of the UI sees plain typed functions
// and ApiError values.
// One module per bound Go service (app.Services).
import * as App from "../../wailsjs/go/app/App";
import * as DeskService from "../../wailsjs/go/app/DeskService";
import * as ExportService from "../../wailsjs/go/app/ExportService";
import * as LifecycleService from "../../wailsjs/go/app/LifecycleService";
import * as NetworkService from "../../wailsjs/go/app/NetworkService";
import * as RecordService from "../../wailsjs/go/app/RecordService";
import * as TemplateService from "../../wailsjs/go/app/TemplateService";
import { app, lan, readiness, store } from "../../wailsjs/go/models";
import { BrowserOpenURL, ClipboardSetText, EventsOn } from "../../wailsjs/runtime/runtime";

export type RecordView = app.RecordView;
export type Home = app.Home;
export type Rows = app.Rows;
export type RecordRow = app.RecordRow;
export type AttentionRow = app.AttentionRow;
export type Info = app.Info;
export type TemplateInfo = app.TemplateInfo;
export type Record = readiness.Record;
export type Section = readiness.Section;
export type Item = readiness.Item;
export type Risk = Plain<readiness.Risk>;
export type Contact = Plain<readiness.Contact>;
export type Evidence = Plain<readiness.Evidence>;
export type Answers = Plain<readiness.Answers>;
export type Question = readiness.Question;
export type Recommendation = readiness.Recommendation;
/** A plain object shaped like the Go type (the generated classes add methods). */
type Plain<T> = {
  [K in keyof T as T[K] extends Function ? never : K]: T[K] extends (infer U)[]
    ? U extends object
      ? Plain<U>[]
      : U[]
    : T[K] extends object
      ? Plain<T[K]>
      : T[K];
};
export type NewRecord = Plain<readiness.NewRecord>;
export type HistoryEntry = readiness.HistoryEntry;
export type Conflict = readiness.Conflict;
export type SectionProgress = readiness.SectionProgress;
export type Ceremony = Plain<readiness.Ceremony>;
export type CeremonyInput = Plain<readiness.CeremonyInput>;
export type Criterion = Plain<readiness.Criterion>;
export type CheckIn = Plain<readiness.CheckIn>;
export type Incident = Plain<readiness.Incident>;
export type Action = Plain<readiness.Action>;
export type Ack = Plain<readiness.Ack>;
export type Person = Plain<readiness.Person>;
export type Acceptance = Plain<readiness.Acceptance>;
export type HandoverItemValue = Plain<readiness.HandoverItemValue>;
export type Step = readiness.Step;
export type Need = readiness.Need;
export type Standing = readiness.Standing;
export type Outstanding = readiness.Outstanding;
export type OpenItem = readiness.OpenItem;
export type RankedRisk = readiness.RankedRisk;
export type GoLiveDates = readiness.GoLiveDates;
export type Condition = Plain<readiness.Condition>;
export type BlockedChoice = Plain<readiness.BlockedChoice>;
export type HandoverChoice = Plain<readiness.HandoverChoice>;
export type Freeze = Plain<readiness.Freeze>;
export type ReminderSettings = Plain<app.ReminderSettings>;
export type Reminder = readiness.Reminder;
export type Collision = readiness.Collision;
export type PersonEntry = readiness.PersonEntry;
export type ServiceFigures = app.ServiceFigures;
export type ServicePage = app.ServicePage;
export type DeliveryFigures = readiness.DeliveryFigures;
export type Release = readiness.Release;
export type MonthCount = readiness.MonthCount;
export type MyWork = app.MyWork;
export type Work = readiness.Work;
export type ReadinessCurve = readiness.ReadinessCurve;
export type DayReadiness = readiness.DayReadiness;
export type CeremonyRef = readiness.CeremonyRef;
export type ActionOutcome = Plain<readiness.ActionOutcome>;
export type ActionStatus = "open" | "done" | "cancelled" | "transferred";
/** A lifecycle move: back with a reason, live on a date (why, when away from the plan), closed with what becomes of each open action. */
export type Move = { to: State; reason?: string; on?: string; dateReason?: string; actions?: ActionOutcome[] };
export type AcceptInput = { acceptance: Acceptance; conditions: Condition[]; unfinished: HandoverChoice[] };
export type CeremonyAmendment = {
  ceremony: string;
  attendees?: Person[] | null;
  agenda?: string | null;
  notes?: string | null;
  decisions?: Plain<readiness.Decision>[] | null;
  actions?: Condition[];
  reason: string;
};
export type SearchResults = app.SearchResults;
export type SearchResult = app.SearchResult;
// Teams and peers on the LAN. Times arrive as RFC 3339 strings (or null).
export type NetworkStatus = Omit<Plain<app.NetworkStatus>, "peers"> & { peers: PeerView[] };
/** JSON sends null for "never"; Wails types a *time.Time as optional. */
export type PeerView = Omit<Plain<lan.PeerView>, "lastSeen" | "lastSync"> & { lastSeen?: string | null; lastSync?: string | null };
export type TeamView = Omit<Plain<app.TeamView>, "invites"> & { invites: InviteView[] };
export type MemberView = Plain<lan.MemberView>;
export type SharedRecord = Plain<app.SharedRecord>;
export type InviteView = Omit<Plain<app.InviteView>, "expires"> & { expires: string };
export type RecordTeam = Plain<app.RecordTeam>;
export type BackupInfo = Omit<Plain<store.BackupInfo>, "taken"> & { taken: string };
export type State = "draft" | "preparing" | "ready" | "live" | "handed-over" | "closed";

// The template library: published versions, drafts, upgrades.
export type TemplateEntry = Omit<Plain<app.TemplateEntry>, "versions" | "origin" | "draft"> & {
  versions: TemplateVersionInfo[];
  origin?: Origin | null;
  draft?: Plain<app.TemplateDraftInfo> | null;
};
/** publishedAt arrives as an RFC 3339 string (zero time for a shipped version). */
export type TemplateVersionInfo = Omit<Plain<app.TemplateVersionInfo>, "publishedAt"> & { publishedAt: string };
export type Origin = Plain<readiness.Origin>;
/** A template as the editor holds it: plain objects, saved whole. */
export type TemplateDef = Omit<Plain<readiness.Template>, "published" | "origin"> & {
  origin?: Origin | null;
  published?: { at: string; by: string } | null;
};
export type SectionDef = Plain<readiness.SectionDef>;
export type ItemDef = Plain<readiness.ItemDef>;
export type CriterionDef = Plain<readiness.CriterionDef>;
export type HandoverDef = Plain<readiness.HandoverDef>;
export type TemplateDiff = Plain<readiness.TemplateDiff>;
export type DiffItem = Plain<readiness.DiffItem>;
export type DraftView = { draft: TemplateDef; problems: FieldError[]; next: number; diff?: TemplateDiff | null; words: string };
export type TemplateView = { template: TemplateDef; digest: string; shipped: boolean; newest: number };
export type UpgradeView = Plain<app.UpgradeView>;
export type TemplateStatus = Plain<app.TemplateStatus>;
export type NewDraftInput = Plain<app.NewDraftInput>;
/** What importing a template file did: a published version added as it is, or a draft made to review. */
export type TemplateImport = Plain<app.TemplateImport>;
export type PortfolioFilter = Plain<app.PortfolioFilter>;
/** The formats ImportTemplate reads ("" detects). */
export type TemplateFormat = "" | "readyroom" | "aws-lens" | "markdown";

export type Status = "not-started" | "in-progress" | "done" | "na" | "blocked";
export type RAG = "green" | "amber" | "red";
export type Tier = "gold" | "silver";

import { ApiError, errorMessage, fieldMessages, formErrors, toApiError, type ErrorCode, type FieldError } from "./errors";
export { ApiError, errorMessage, fieldMessages, formErrors, toApiError, type ErrorCode, type FieldError };

async function call<T>(p: Promise<T>): Promise<T> {
  try {
    return await p;
  } catch (e) {
    throw toApiError(e);
  }
}

export const api = {
  startupProblem: () => call(App.StartupProblem()),
  canRestore: () => call(App.CanRestore()),
  backups: () => call(App.Backups()) as Promise<BackupInfo[]>,
  restoreBackup: (name: string) => call(App.RestoreBackup(name)),
  restart: () => call(App.Restart()),
  info: () => call(App.Info()),
  setAuthorName: (name: string) => call(App.SetAuthorName(name)),
  templates: () => call(App.Templates()),
  tierQuestions: () => call(App.TierQuestions()),
  /** The questionnaire's tier, then what the service's track record says (service "" for none). */
  recommendTier: (a: Answers, service = "") => call(App.RecommendTier(a as readiness.Answers, service)),
  home: () => call(RecordService.Home()),
  services: () => call(DeskService.Services()),
  service: (name: string) => call(DeskService.Service(name)),
  collisions: () => call(DeskService.Collisions()),
  people: () => call(DeskService.People()),
  /** What one person has to do across every record, soonest first. */
  myWork: (person: string) => call(DeskService.MyWork(person)),
  freezes: () => call(DeskService.Freezes()),
  setFreezes: (fs: Freeze[]) => call(DeskService.SetFreezes(fs as readiness.Freeze[])),
  reminderKinds: () => call(DeskService.ReminderKinds()),
  reminderSettings: () => call(DeskService.ReminderSettings()),
  setReminderSettings: (s: ReminderSettings) => call(DeskService.SetReminderSettings(s as app.ReminderSettings)),
  reminders: () => call(DeskService.Reminders()),
  rows: () => call(RecordService.Rows()),
  checkRecordDetails: (n: NewRecord) => call(RecordService.CheckRecordDetails(n as readiness.NewRecord)),
  createRecord: (n: NewRecord) => call(RecordService.CreateRecord(n as readiness.NewRecord)),
  getRecord: (id: string) => call(RecordService.GetRecord(id)),
  setField: (id: string, field: string, value: string) => call(RecordService.SetField(id, field, value)),
  setTier: (id: string, tier: Tier, reason: string) => call(RecordService.SetTier(id, tier, reason)),
  setSectionText: (id: string, section: string, text: string) => call(RecordService.SetSectionText(id, section, text)),
  setItemStatus: (id: string, item: string, status: Status, reason: string) =>
    call(RecordService.SetItemStatus(id, item, status, reason)),
  setItemField: (id: string, item: string, field: "owner" | "due" | "notes", value: string) =>
    call(RecordService.SetItemField(id, item, field, value)),
  setItemEvidence: (id: string, item: string, evidence: Evidence[]) => call(RecordService.SetItemEvidence(id, item, evidence as readiness.Evidence[])),
  saveRisk: (id: string, risk: Risk) => call(RecordService.SaveRisk(id, risk as readiness.Risk)),
  deleteRisk: (id: string, riskId: string) => call(RecordService.DeleteRisk(id, riskId)),
  saveContact: (id: string, contact: Contact) => call(RecordService.SaveContact(id, contact as readiness.Contact)),
  deleteContact: (id: string, contactId: string) => call(RecordService.DeleteContact(id, contactId)),
  undo: (id: string) => call(RecordService.Undo(id)),
  resolveConflict: (id: string, path: string, changeId: string) => call(RecordService.ResolveConflict(id, path, changeId)),
  history: (id: string) => call(RecordService.History(id)),
  /** The record's readiness at the end of each day with a change, from creation to go-live. */
  readinessOverTime: (id: string) => call(RecordService.ReadinessOverTime(id)),
  loadExamples: () => call(RecordService.LoadExamples()),
  moveRecord: (id: string, m: Move) =>
    call(LifecycleService.MoveRecord(id, { reason: "", on: "", dateReason: "", actions: [], ...m } as unknown as readiness.Move)),
  amendCeremony: (id: string, a: CeremonyAmendment) => call(LifecycleService.AmendCeremony(id, a as unknown as readiness.CeremonyAmendment)),
  recordCeremony: (id: string, input: CeremonyInput) => call(LifecycleService.RecordCeremony(id, input as unknown as readiness.CeremonyInput)),
  setCriterion: (id: string, c: Criterion) => call(LifecycleService.SetCriterion(id, c as readiness.Criterion)),
  saveCheckIn: (id: string, c: CheckIn) => call(LifecycleService.SaveCheckIn(id, c as readiness.CheckIn)),
  saveIncident: (id: string, i: Incident) => call(LifecycleService.SaveIncident(id, i as readiness.Incident)),
  deleteEntry: (id: string, list: "hypercare/checkins" | "hypercare/incidents" | "actions" | "acks" | "plans", entryId: string) =>
    call(LifecycleService.DeleteEntry(id, list, entryId)),
  extendHypercare: (id: string, days: number, reason: string, stability = false) =>
    call(LifecycleService.ExtendHypercare(id, days, reason, stability)),
  planCeremony: (id: string, kind: string, date: string, note: string) => call(LifecycleService.PlanCeremony(id, kind as never, date, note)),
  setHypercareDays: (id: string, days: number) => call(LifecycleService.SetHypercareDays(id, days)),
  setHandoverTeam: (id: string, team: string) => call(LifecycleService.SetHandoverTeam(id, team)),
  setHandoverItem: (id: string, item: string, v: HandoverItemValue) =>
    call(LifecycleService.SetHandoverItem(id, item, v as readiness.HandoverItemValue)),
  acceptHandover: (id: string, a: AcceptInput) => call(LifecycleService.AcceptHandover(id, a as unknown as readiness.AcceptInput)),
  saveAction: (id: string, a: Action) => call(LifecycleService.SaveAction(id, a as readiness.Action)),
  settleAction: (id: string, o: ActionOutcome) => call(LifecycleService.SettleAction(id, o as readiness.ActionOutcome)),
  acknowledge: (id: string, p: Person, section: string, comment: string) =>
    call(LifecycleService.Acknowledge(id, p as readiness.Person, section, comment)),
  search: (q: string) => call(RecordService.Search(q)),
  exportMarkdown: (id: string) => call(ExportService.ExportMarkdown(id)),
  /** An archive of one record's whole history ("": every record), through a save dialog. */
  exportArchive: (id: string) => call(ExportService.ExportArchive(id)),
  /** Merges an archive chosen in an open dialog; path "" when cancelled. */
  importArchive: () => call(ExportService.ImportArchive()),
  exportPack: (id: string, paper: "a4" | "letter") => call(ExportService.ExportPack(id, paper)),
  exportHandover: (id: string) => call(ExportService.ExportHandover(id)),
  exportCeremony: (id: string, ceremonyId: string) => call(ExportService.ExportCeremony(id, ceremonyId)),
  /** A record's go-live, planned ceremonies and hypercare window as an .ics file, through a save dialog. */
  exportCalendar: (id: string) => call(ExportService.ExportCalendar(id)),
  /** The calendar, or the CSV, of the records the portfolio's filters leave. */
  exportPortfolioCalendar: (f: PortfolioFilter) => call(ExportService.ExportPortfolioCalendar(f as app.PortfolioFilter)),
  exportPortfolioCSV: (f: PortfolioFilter) => call(ExportService.ExportPortfolioCSV(f as app.PortfolioFilter)),
  openExport: (path: string, folder: boolean) => call(ExportService.OpenExport(path, folder)),
  networkStatus: () => call(NetworkService.NetworkStatus()) as Promise<NetworkStatus>,
  teams: () => call(NetworkService.Teams()) as Promise<TeamView[]>,
  createTeam: (name: string) => call(NetworkService.CreateTeam(name)) as Promise<TeamView>,
  inviteToTeam: (team: string) => call(NetworkService.InviteToTeam(team)) as Promise<InviteView>,
  /** Joins through the inviter: a device id (or short id) seen on the network, or an address typed as host:port. */
  joinTeam: (target: { device?: string; addr?: string }, code: string) =>
    call(NetworkService.JoinTeam(target.device ?? "", target.addr ?? "", code)) as Promise<TeamView>,
  removeTeamMember: (team: string, device: string) => call(NetworkService.RemoveTeamMember(team, device)) as Promise<TeamView>,
  shareRecord: (record: string, team: string, shared: boolean) => call(NetworkService.ShareRecord(record, team, shared)) as Promise<TeamView>,
  recordTeams: (record: string) => call(NetworkService.RecordTeams(record)),
  templateTeams: (template: string) => call(NetworkService.TemplateTeams(template)),
  shareTemplate: (template: string, team: string, shared: boolean) => call(NetworkService.ShareTemplate(template, team, shared)) as Promise<void>,
  syncNow: () => call(NetworkService.SyncNow()),
  templateLibrary: () => call(TemplateService.TemplateLibrary()) as Promise<TemplateEntry[]>,
  /** One published version: "gold", "payments-gold@2". */
  templateVersion: (name: string) => call(TemplateService.TemplateVersion(name)) as unknown as Promise<TemplateView>,
  newTemplateDraft: (input: NewDraftInput) => call(TemplateService.NewTemplateDraft(input as app.NewDraftInput)) as unknown as Promise<DraftView>,
  editTemplate: (id: string) => call(TemplateService.EditTemplate(id)) as unknown as Promise<DraftView>,
  saveTemplateDraft: (t: TemplateDef) => call(TemplateService.SaveTemplateDraft(t as unknown as readiness.Template)) as unknown as Promise<DraftView>,
  discardTemplateDraft: (id: string) => call(TemplateService.DiscardTemplateDraft(id)),
  previewTemplateDraft: (id: string) => call(TemplateService.PreviewTemplateDraft(id)),
  /** Designates a template for standard changes ("" for none). */
  setStandardChange: (id: string) => call(TemplateService.SetStandardChange(id)),
  publishTemplate: (id: string) => call(TemplateService.PublishTemplate(id)) as unknown as Promise<TemplateView>,
  /** What moving a record to a version (0: the newest) would do; nothing is stored. */
  previewUpgrade: (id: string, version = 0) => call(TemplateService.PreviewUpgrade(id, version)) as Promise<UpgradeView>,
  upgradeRecord: (id: string, version = 0) => call(TemplateService.UpgradeRecord(id, version)),
  /** Reads a template file's text ("" format: detect); the report says what was taken and what was left out. */
  importTemplate: (fileName: string, content: string, format: TemplateFormat, as: string) =>
    call(TemplateService.ImportTemplate(fileName, content, format, as)) as Promise<TemplateImport>,
  /** Asks where to save a version as a template file: the path, or "" if cancelled. */
  exportTemplate: (name: string) => call(TemplateService.ExportTemplate(name)),
};

/** Puts text on the clipboard; false if neither the window nor the browser would take it. */
export async function copyText(text: string): Promise<boolean> {
  try {
    if (await ClipboardSetText(text)) return true;
  } catch {
    // not in a Wails window (or its clipboard refused): try the browser's
  }
  try {
    await navigator.clipboard.writeText(text);
    return true;
  } catch {
    return false;
  }
}

/** Opens a web address in the system browser (never inside the app window). */
export function openExternal(url: string): void {
  if (/^https?:\/\//i.test(url)) BrowserOpenURL(url);
}

/** Subscribes to an event from the Go side; returns the unsubscribe function. */
export function onEvent(name: string, fn: (...data: unknown[]) => void): () => void {
  return EventsOn(name, fn);
}
