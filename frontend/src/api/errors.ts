// Errors from the Go side, as the UI handles them. Kept apart from the
// bindings so it can be unit-tested without a window.

export interface FieldError {
  field: string;
  rule: string;
  message: string;
}

/**
 * The kinds of failure the Go side names (app/errcodes.go): act on these,
 * never on the wording of a message.
 */
export type ErrorCode =
  | "validation"
  | "not-found"
  | "locked"
  | "corrupt"
  | "not-database"
  | "schema-too-new"
  | "disk-full"
  | "not-writable"
  | "nothing-to-undo"
  | "invite-refused"
  | "invite-format"
  | "unreachable"
  | "pin-mismatch"
  | "removed"
  | "not-member"
  | "identity"
  | "unsafe-output"
  | "no-network"
  | "invalid-input"
  | "unknown-template"
  | "template-file"
  | "unavailable"
  | "";

/** An error from the Go side: a message, its kind, and per-field messages for validation. */
export class ApiError extends Error {
  fields: FieldError[];
  code: ErrorCode;
  constructor(message: string, fields: FieldError[] = [], code: ErrorCode = "") {
    super(message);
    this.name = "ApiError";
    this.fields = fields;
    this.code = code;
  }
  /** The message for one field, if validation named it. */
  field(name: string): string | undefined {
    return this.fields.find((f) => f.field === name)?.message;
  }
}

/** Turns whatever a binding rejected with into an ApiError. */
export function toApiError(e: unknown): ApiError {
  if (e instanceof ApiError) return e;
  const raw = e instanceof Error ? e.message : String(e);
  try {
    const parsed = JSON.parse(raw) as { message?: string; code?: ErrorCode; fields?: FieldError[] };
    if (parsed && typeof parsed.message === "string") {
      return new ApiError(parsed.message, parsed.fields ?? [], parsed.code ?? "");
    }
  } catch {
    // not JSON: a plain message
  }
  return new ApiError(raw);
}

/**
 * What a form shows of an error: the message of each field it has a place
 * for (`shows(field)`), and, in `other`, every message it has no place for
 * (or the error's own message when it names no field), so nothing is lost.
 */
export function formErrors(e: unknown, shows: (field: string) => boolean): { fields: Record<string, string>; other: string } {
  const err = toApiError(e);
  const fields: Record<string, string> = {};
  const other: string[] = [];
  for (const f of err.fields) {
    if (shows(f.field)) fields[f.field] ??= f.message;
    else other.push(f.message);
  }
  if (err.fields.length === 0) other.push(err.message);
  return { fields, other: other.join("; ") };
}

/** The one line to show for an error: its first field's message, or its own. */
export function errorMessage(e: unknown): string {
  const err = toApiError(e);
  return err.fields[0]?.message ?? err.message;
}

/** Every field's message by field, for a form that shows them in place. */
export function fieldMessages(e: unknown): Record<string, string> {
  return formErrors(e, () => true).fields;
}
