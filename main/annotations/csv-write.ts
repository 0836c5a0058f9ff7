/**
 * Plays as CSV: the documented header, RFC 4180 quoting only where a field needs it, CRLF line
 * ends, times in seconds with at most three decimals. readCsvAnnotations reads it back unchanged.
 */
import type { Delimiter } from './csv-records.js';
import { COLUMNS } from './fields.js';
import { formatSeconds } from './time.js';
import type { AnnotationRecord } from './types.js';

export interface CsvWriteOptions {
  /** `;` for spreadsheets in locales that use a decimal comma. Default `,`. */
  delimiter?: Delimiter;
  /** Start with a byte order mark, which Excel needs to open UTF-8 as UTF-8. Default false. */
  bom?: boolean;
}

export function writeAnnotationsCsv(records: readonly AnnotationRecord[], options: CsvWriteOptions = {}): string {
  const delimiter = options.delimiter ?? ',';
  const line = (fields: readonly (string | undefined)[]) => `${fields.map((f) => quote(f ?? '', delimiter)).join(delimiter)}\r\n`;
  let out = (options.bom ? '\uFEFF' : '') + line(COLUMNS);
  for (const r of records) {
    out += line([r.game, r.video, formatSeconds(r.startS), formatSeconds(r.endS), r.playType, r.id, r.team, r.period?.toString(), r.clock, r.player]);
  }
  return out;
}

function quote(field: string, delimiter: Delimiter): string {
  return field.includes(delimiter) || /["\r\n]/.test(field) ? `"${field.replaceAll('"', '""')}"` : field;
}
