/** RFC 4180 tables: CRLF line ends, a field quoted only when it holds a comma, a quote or a line end. */
export type Cell = string | number | null | undefined;

/**
 * Text a spreadsheet would run as a formula: a cell starting with `=`, `+`, `-` or `@`, or with a
 * tab or carriage return (which some spreadsheets strip before looking) — OWASP's CSV-injection rule.
 */
const FORMULA_START = /^[=+\-@\t\r]/;
/** A plain decimal number ("-3", "+0.25", "1e-3") is read as that number, never as a formula. */
const PLAIN_NUMBER = /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/;

/**
 * Text that could start a formula gets a leading apostrophe, which spreadsheets show as text (a
 * team named `=HYPERLINK(…)` stays a name). Numbers, also negative ones and numbers written as
 * text, stay numbers.
 */
export function neutraliseFormula(text: string): string {
  return FORMULA_START.test(text) && !PLAIN_NUMBER.test(text) ? `'${text}` : text;
}

function field(value: Cell): string {
  if (value === null || value === undefined) return '';
  const text = typeof value === 'number' ? formatNumber(value) : neutraliseFormula(value);
  return /[",\r\n]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}

/** Locale-independent: integers as they are, other numbers to 6 significant decimals, no exponent. */
export function formatNumber(value: number): string {
  if (!Number.isFinite(value)) return '';
  if (Number.isInteger(value)) return String(value);
  return value.toFixed(6).replace(/0+$/, '').replace(/\.$/, '');
}

export function toCsv(header: readonly string[], rows: readonly (readonly Cell[])[]): string {
  return [header, ...rows].map((row) => `${row.map(field).join(',')}\r\n`).join('');
}
