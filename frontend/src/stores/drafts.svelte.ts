import { untrack } from "svelte";
import { formErrors } from "../api/errors";
import { toasts } from "./toasts.svelte";

// Forms that never lose work. What someone has typed into a form and not yet
// saved is a draft, kept per record and form ("<record id>/risk") until it is
// saved or discarded: switching section, pressing Esc or leaving the record
// keeps it, and the form offers it back. Drafts live in memory and in this
// window's localStorage, so a reload or a restart keeps them too; they are
// never written to the database, where they would read as saved.
//
// A form uses one FormDraft (useDraft in its component): its value is what
// the form binds to, its errors are the Go side's messages for it, and a
// message goes as soon as the field it names is changed.

const STORAGE_KEY = "readyroom.drafts.v1";
/** Drafts untouched for longer than this are dropped when the window starts. */
const MAX_AGE_MS = 30 * 24 * 60 * 60 * 1000;

/** One kept draft: the form's value and its untouched start, as JSON. */
export interface Kept {
  value: string;
  pristine: string;
  /** The form was open (not set aside with Esc). */
  open: boolean;
  /** What it is, for "drafts kept: risk, go/no-go". */
  label: string;
  at: number;
}

type Storage = Pick<globalThis.Storage, "getItem" | "setItem" | "removeItem">;

export class DraftStore {
  private kept = new Map<string, Kept>();
  /** Bumped on every change, so lists of drafts follow. */
  version = $state(0);
  /** Autosaved fields whose typing the Go side refused, by key: what each is. */
  failing = $state<Record<string, string>>({});

  constructor(
    private storage: Storage | null = typeof localStorage === "undefined" ? null : localStorage,
    now = Date.now(),
  ) {
    try {
      const raw = this.storage?.getItem(STORAGE_KEY);
      const all = raw ? (JSON.parse(raw) as Record<string, Kept>) : {};
      for (const [k, v] of Object.entries(all)) {
        if (v && typeof v.value === "string" && now - (v.at ?? 0) < MAX_AGE_MS) this.kept.set(k, v);
      }
    } catch {
      // unreadable storage: start empty (nothing typed in this window is lost)
    }
  }

  get(key: string): Kept | undefined {
    return this.kept.get(key);
  }

  put(key: string, k: Omit<Kept, "at">) {
    const old = this.kept.get(key);
    if (old && old.value === k.value && old.open === k.open && old.pristine === k.pristine) return;
    this.kept.set(key, { ...k, at: Date.now() });
    this.write();
  }

  delete(key: string) {
    if (!this.kept.delete(key)) return;
    this.write();
  }

  /** The labels of the drafts kept under a prefix ("<record id>/"). */
  labels(prefix: string): string[] {
    void this.version;
    return [...this.kept.entries()].filter(([k]) => k.startsWith(prefix)).map(([, v]) => v.label);
  }

  /** Marks an autosaved field's typing as refused (what: "Owner of COM-01"), or saved again (what ""). */
  fail(key: string, what: string) {
    if (what) this.failing = { ...this.failing, [key]: what };
    else if (key in this.failing) {
      const { [key]: _, ...rest } = this.failing;
      this.failing = rest;
    }
  }

  /** What is not saved under a prefix ("<record id>/"). */
  unsaved(prefix: string): string[] {
    return Object.entries(this.failing)
      .filter(([k]) => k.startsWith(prefix))
      .map(([, v]) => v);
  }

  private write() {
    this.version++;
    try {
      this.storage?.setItem(STORAGE_KEY, JSON.stringify(Object.fromEntries(this.kept)));
    } catch {
      // storage full or refused: the drafts stay in memory for this session
    }
  }
}

export const drafts = new DraftStore();

export interface DraftOptions<T> {
  /** What the form is, in words ("risk", "go/no-go"). */
  label: string;
  /** For a form that is always shown (a check-in, an action to add): its empty value. */
  blank?: () => T;
  /**
   * Form paths whose change also clears messages the Go side names
   * otherwise: { reason: ["decisions"] } clears "decisions…" when the
   * form's reason changes.
   */
  aliases?: Record<string, string[]> | ((path: string) => string[]);
  /** Where focus goes after a save or Esc when the opener has gone. */
  fallbackFocus?: () => HTMLElement | null;
  store?: DraftStore;
}

/**
 * One form's draft. `value` is what the form binds to (null: no form);
 * `open` says whether the form is shown; `restored` that the value was kept
 * from an earlier visit.
 */
export class FormDraft<T> {
  value = $state<T | null>(null);
  open = $state(false);
  restored = $state(false);
  /** The Go side's messages by field ("owner", "conditions[0].due"). */
  errors = $state<Record<string, string>>({});
  /** Messages that name no field of the form. */
  other = $state("");
  private pristine = "null";
  private returnTo: HTMLElement | null = null;
  private last = "null";
  private store: DraftStore;

  constructor(
    readonly key: string,
    private opts: DraftOptions<T>,
  ) {
    this.store = opts.store ?? drafts;
    const kept = this.store.get(key);
    if (kept) {
      try {
        this.value = JSON.parse(kept.value) as T;
        this.pristine = kept.pristine;
        this.open = kept.open || !!opts.blank;
        this.restored = true;
      } catch {
        this.store.delete(key);
      }
    }
    if (this.value === null && opts.blank) this.reset();
    this.last = JSON.stringify(this.value);
  }

  /** The form holds something other than what it started with. */
  get dirty(): boolean {
    return this.value !== null && JSON.stringify(this.value) !== this.pristine;
  }

  /**
   * Opens the form with initial, or, when a draft is kept and resume holds
   * (the same entry: resume(kept)), with the draft. Focus returns to the
   * element that opened it.
   */
  start(initial: T, resume: (kept: T) => boolean = () => true) {
    this.returnTo = activeElement();
    if (this.value !== null && this.dirty) {
      if (resume(this.value as T)) {
        this.open = true;
        return;
      }
      this.offerBack(); // another entry's draft: replaced, with an Undo
    }
    this.value = initial;
    this.pristine = JSON.stringify(initial);
    this.open = true;
    this.restored = false;
    this.errors = {};
    this.other = "";
  }

  /**
   * Closes the form (Esc): the draft is kept when there is one, and focus
   * goes back where the form was opened from.
   */
  close(focus = true) {
    if (!this.dirty && !this.opts.blank) {
      this.value = null;
      this.restored = false;
    }
    this.open = !!this.opts.blank;
    this.errors = {};
    this.other = "";
    if (focus) this.focusBack();
  }

  /** Throws the draft away on purpose (a Cancel or Discard button); a toast offers it back. */
  discard() {
    this.offerBack();
    if (this.opts.blank) this.reset();
    else {
      this.value = null;
      this.open = false;
    }
    this.restored = false;
    this.errors = {};
    this.other = "";
    if (!this.opts.blank) this.focusBack();
  }

  /** A toast that offers the draft as it is now back, when it holds anything. */
  private offerBack() {
    if (!this.dirty) return;
    const was = $state.snapshot(this.value) as T;
    const pristine = this.pristine;
    toasts.show(`The ${this.opts.label} draft was discarded.`, "info", 10_000, [
      {
        label: "Undo",
        run: () => {
          this.value = was;
          this.pristine = pristine;
          this.open = true;
        },
      },
    ]);
  }

  /** After a save: the draft goes, focus moves back to where the form was opened from. */
  saved(focus = true) {
    if (this.opts.blank) this.reset();
    else {
      this.value = null;
      this.open = false;
    }
    this.restored = false;
    this.errors = {};
    this.other = "";
    if (focus) this.focusBack();
  }

  /**
   * Runs fill, a change that belongs to the form's start (defaults for rows
   * that appeared since): a form untouched before it stays untouched.
   */
  settle(fill: () => void) {
    const clean = !this.dirty;
    fill();
    if (clean) this.pristine = JSON.stringify(this.value);
  }

  /** Shows a refused save: the messages the form has a place for (shows), the rest in other. */
  fail(e: unknown, shows: (field: string) => boolean = () => true) {
    const r = formErrors(e, shows);
    this.errors = r.fields;
    this.other = r.other;
  }

  /**
   * Esc in the form closes it and keeps its draft, and never reaches the
   * record (whose Esc goes home). A form always shown stays as it is.
   */
  onkeydown = (e: KeyboardEvent) => {
    if (e.key !== "Escape" || e.defaultPrevented) return;
    e.preventDefault();
    if (!this.opts.blank) this.close();
  };

  /** Follows the value: keeps or drops the stored draft, and clears the messages of changed fields. */
  sync() {
    const snap = JSON.stringify(this.value);
    const open = this.open;
    untrack(() => {
      if (snap !== this.last) {
        this.clearChanged(this.last, snap);
        this.last = snap;
      }
      if (this.value === null || snap === this.pristine) this.store.delete(this.key);
      else this.store.put(this.key, { value: snap, pristine: this.pristine, open, label: this.opts.label });
    });
  }

  private reset() {
    const b = this.opts.blank!();
    this.value = b;
    this.pristine = JSON.stringify(b);
    this.open = true;
  }

  private clearChanged(before: string, after: string) {
    if (Object.keys(this.errors).length === 0) return;
    const changed = changedPaths(JSON.parse(before), JSON.parse(after));
    if (changed.length === 0) return;
    const prefixes = new Set(changed);
    const aliases = this.opts.aliases;
    for (const p of changed) {
      if (typeof aliases === "function") aliases(p).forEach((t) => prefixes.add(dotted(t)));
      else {
        for (const [from, to] of Object.entries(aliases ?? {})) {
          if (p === from || p.startsWith(from + ".")) to.forEach((t) => prefixes.add(dotted(t)));
        }
      }
    }
    const keep: Record<string, string> = {};
    let dropped = false;
    for (const [field, msg] of Object.entries(this.errors)) {
      const f = dotted(field);
      const hit = [...prefixes].some((p) => p === f || f.startsWith(p + ".") || p.startsWith(f + "."));
      if (hit) dropped = true;
      else keep[field] = msg;
    }
    if (dropped) this.errors = keep;
  }

  private focusBack() {
    const back = this.returnTo;
    queueMicrotask(() => {
      const el = back?.isConnected ? back : this.opts.fallbackFocus?.();
      el?.focus();
    });
  }
}

/**
 * A form's draft for the component that calls it (during its setup): kept
 * in the draft store as the form changes.
 */
export function useDraft<T>(key: string, opts: DraftOptions<T>): FormDraft<T> {
  const d = new FormDraft<T>(key, opts);
  $effect(() => d.sync());
  return d;
}

/** "conditions[0].owner" → "conditions.0.owner". */
export function dotted(field: string): string {
  return field.replace(/\[(\d+)\]/g, ".$1");
}

/** The dotted paths of the leaves that differ between a and b. */
export function changedPaths(a: unknown, b: unknown, at = ""): string[] {
  if (a === b) return [];
  const objA = a !== null && typeof a === "object";
  const objB = b !== null && typeof b === "object";
  if (!objA || !objB) return [at];
  const out: string[] = [];
  const keys = new Set([...Object.keys(a as object), ...Object.keys(b as object)]);
  for (const k of keys) {
    out.push(...changedPaths((a as Record<string, unknown>)[k], (b as Record<string, unknown>)[k], at ? `${at}.${k}` : k));
  }
  return out;
}

function activeElement(): HTMLElement | null {
  const el = typeof document === "undefined" ? null : document.activeElement;
  return el instanceof HTMLElement && el !== document.body ? el : null;
}
