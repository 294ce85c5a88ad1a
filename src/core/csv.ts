// CSV as RFC 4180 writes it (decision 0027): fields separated by commas, records ended by CRLF, a
// field quoted when it holds a comma, a double quote, CR or LF, its quotes doubled. Pure: the
// exports (src/modules/*/…-export.ts) define their columns with `CsvColumn` and stream the text.

/**
 * How a column's value is written:
 * - `text`: words people typed (names, descriptions, subjects). A value starting with `=`, `+`,
 *   `-`, `@`, a tab or a carriage return gets a leading apostrophe, so a spreadsheet shows it as
 *   text instead of running it as a formula (CSV injection).
 * - `value`: what the server writes itself (ids, numbers, exact decimal amounts, ISO dates, codes):
 *   written exactly as it is, so it stays machine-readable (`-12.50` remains a number).
 */
export type CsvKind = 'text' | 'value';

/** One column of an export: its header name, how it is written, and how a row gives its value. */
export interface CsvColumn<R> {
  name: string;
  kind: CsvKind;
  value: (row: R) => string | number | boolean | null;
}

/** The UTF-8 byte order mark, which spreadsheet programs read as "this file is UTF-8". */
export const UTF8_BOM = '\uFEFF';

const NEEDS_QUOTES = /[",\r\n]/;
const FORMULA_START = /^[=+\-@\t\r]/;

/** csvField('a,b') === '"a,b"', csvField('say "hi"') === '"say ""hi"""', csvField('=1+1', 'text') === "'=1+1". */
export function csvField(value: string | number | boolean | null, kind: CsvKind = 'value'): string {
  if (value === null) return '';
  let s = String(value);
  if (kind === 'text' && FORMULA_START.test(s)) s = `'${s}`;
  return NEEDS_QUOTES.test(s) ? `"${s.replaceAll('"', '""')}"` : s;
}

/** One record, CRLF included: csvRecord(['a', 'b,c']) === 'a,"b,c"\r\n'. */
export function csvRecord(fields: string[]): string {
  return `${fields.join(',')}\r\n`;
}

/** The header record of these columns. */
export function csvHeader<R>(columns: readonly CsvColumn<R>[]): string {
  return csvRecord(columns.map((c) => csvField(c.name)));
}

/** The records of these rows, one per row, each column written by its kind. */
export function csvRows<R>(columns: readonly CsvColumn<R>[], rows: readonly R[]): string {
  let out = '';
  for (const row of rows) out += csvRecord(columns.map((c) => csvField(c.value(row), c.kind)));
  return out;
}
