import type { FieldError } from "../../api/errors";

// The freeze periods editor's refusals: Go names a field by the place of the
// period in the list sent ("freezes.2.to"); the editor sends its rows without
// the wholly blank ones, so each place is mapped back to the row shown.

/**
 * The refusal's fields with each place turned into the row shown: blank[i]
 * says whether row i was left out of what was sent. Fields that name no
 * period ("freezes", too many) stay as they are.
 */
export function shownFields(fields: FieldError[], blank: boolean[]): { field: string; message: string }[] {
  const sent = blank.map((b, i) => (b ? -1 : i)).filter((i) => i >= 0);
  return fields.map((f) => {
    const m = /^freezes\.(\d+)\.(.+)$/.exec(f.field);
    const row = m ? sent[Number(m[1])] : undefined;
    return m && row !== undefined ? { field: `freezes.${row}.${m[2]}`, message: f.message } : { field: f.field, message: f.message };
  });
}

/** The message for one field ("name", "from" or "to") of row i. */
export function freezeField(fields: { field: string; message: string }[], i: number, name: "name" | "from" | "to"): string {
  return fields
    .filter((f) => f.field === `freezes.${i}.${name}`)
    .map((f) => f.message)
    .join(" ");
}
