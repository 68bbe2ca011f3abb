import type { FieldError } from "../../api/errors";

// A list setting's refusals (freeze periods, link patterns): Go names a
// field by the place of its row in the list sent ("freezes.2.to",
// "patterns[2].url"); the editor sends its rows without the wholly blank
// ones, so each place is mapped back to the row shown.

/** How Go names field `name` of row `row` of one list. */
export interface RowFieldNames {
  parse(field: string): { row: number; name: string } | null;
  name(row: number, name: string): string;
}

/** Fields named "list.2.name". */
export const dotted = (list: string): RowFieldNames => rowNames(list, ".", "");

/** Fields named "list[2].name". */
export const bracketed = (list: string): RowFieldNames => rowNames(list, "[", "]");

/** Fields named list, open, the row, close, ".", the name. */
function rowNames(list: string, open: string, close: string): RowFieldNames {
  const lit = (s: string) => s.replace(/[.[\]]/g, "\\$&");
  const re = new RegExp(`^${lit(list + open)}(\\d+)${lit(close)}\\.(.+)$`);
  return {
    parse: (f) => {
      const m = re.exec(f);
      return m ? { row: Number(m[1]), name: m[2] } : null;
    },
    name: (row, name) => `${list}${open}${row}${close}.${name}`,
  };
}

export type ShownField = { field: string; message: string };

/**
 * The refusal's fields with each place turned into the row shown: blank[i]
 * says whether row i was left out of what was sent. Fields that name no
 * row ("freezes", too many) stay as they are.
 */
export function shownFields(fields: FieldError[], blank: boolean[], names: RowFieldNames): ShownField[] {
  const sent = blank.map((b, i) => (b ? -1 : i)).filter((i) => i >= 0);
  return fields.map((f) => {
    const at = names.parse(f.field);
    const row = at ? sent[at.row] : undefined;
    return at && row !== undefined ? { field: names.name(row, at.name), message: f.message } : { field: f.field, message: f.message };
  });
}

/** The message for field `name` of row i (two messages of one field joined). */
export function rowField(fields: ShownField[], names: RowFieldNames, i: number, name: string): string {
  const want = names.name(i, name);
  return fields
    .filter((f) => f.field === want)
    .map((f) => f.message)
    .join(" ");
}

/** Whether some field names no row: the refusal is about the list. */
export function aboutTheList(fields: ShownField[], names: RowFieldNames): boolean {
  return fields.some((f) => names.parse(f.field) === null);
}
