// Errors from the Go side, as the UI handles them. Kept apart from the
// bindings so it can be unit-tested without a window.

export interface FieldError {
  field: string;
  rule: string;
  message: string;
}

/** An error from the Go side: a message, and per-field messages for validation. */
export class ApiError extends Error {
  fields: FieldError[];
  constructor(message: string, fields: FieldError[] = []) {
    super(message);
    this.name = "ApiError";
    this.fields = fields;
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
    const parsed = JSON.parse(raw) as { message?: string; fields?: FieldError[] };
    if (parsed && typeof parsed.message === "string") {
      return new ApiError(parsed.message, parsed.fields ?? []);
    }
  } catch {
    // not JSON: a plain message
  }
  return new ApiError(raw);
}
