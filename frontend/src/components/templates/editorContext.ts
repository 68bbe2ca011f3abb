// What the template editor's fields share: the problems of the draft as
// last saved, by field path, and how to say that something changed.
import { getContext, setContext } from "svelte";

export interface EditorContext {
  /** The problem of a field path, if the last save named one. */
  problem(path: string): string | undefined;
  /** Notes an edit: saved after a pause, or at once (structure: add, remove, move). */
  changed(now?: boolean): void;
}

const KEY = Symbol("template-editor");

export function setEditorContext(ctx: EditorContext): void {
  setContext(KEY, ctx);
}

export function editorContext(): EditorContext {
  const ctx = getContext<EditorContext | undefined>(KEY);
  if (!ctx) throw new Error("a template editor field outside the template editor");
  return ctx;
}
