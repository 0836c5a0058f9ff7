/**
 * Plays from a CSV file: a header naming the columns (any order, any case), then one play per
 * record. A bad header refuses the file; a bad record is reported with its row and the rest goes on.
 */
import { detectDelimiter, parseCsvRecords, type CsvRecord } from './csv-records.js';
import { buildRow, columnOf, REQUIRED_COLUMNS, type Column, type RawFields } from './fields.js';
import type { AnnotationError, AnnotationRow, PlayTypeResolver, ReadResult } from './types.js';

const HEADER_HELP = `the header must name ${REQUIRED_COLUMNS.join(', ')} (and may name id, team, period, clock, player)`;

export function readCsvAnnotations(file: string, text: string, resolve: PlayTypeResolver): ReadResult {
  const body = text.startsWith('\uFEFF') ? text.slice(1) : text;
  const records = parseCsvRecords(body, detectDelimiter(body));
  const rows: AnnotationRow[] = [];
  const errors: AnnotationError[] = [];
  const fileError = (reason: string): ReadResult => ({ rows, errors: [{ file, line: null, reason }], skipped: {} });

  const headerAt = records.findIndex((r) => !isBlank(r));
  const header = records[headerAt];
  if (!header) return fileError(`no header row: ${HEADER_HELP}`);
  if (header.problem) return fileError(`the header (row ${header.row}) is malformed: ${header.problem}`);
  const columns = mapColumns(header.fields);
  if (typeof columns === 'string') return fileError(columns);

  for (const record of records.slice(headerAt + 1)) {
    if (isBlank(record)) continue;
    const reason = recordProblem(record, header.fields.length);
    const built = reason ?? buildRow(file, record.row, fieldsOf(record, columns), [], resolve);
    if (typeof built === 'string') errors.push({ file, line: record.row, reason: built });
    else rows.push(built);
  }
  return { rows, errors, skipped: {} };
}

/** Blank lines, and rows of empty cells that spreadsheets leave at the end (";;;;"), are skipped. */
function isBlank(record: CsvRecord): boolean {
  return !record.problem && record.fields.every((f) => f.trim() === '');
}

function recordProblem(record: CsvRecord, width: number): string | null {
  if (record.problem) return record.problem;
  if (record.fields.length !== width) return `wrong number of fields: ${record.fields.length}, the header has ${width}`;
  return null;
}

/** Column name → field index; unknown columns are ignored (files carry notes, scores, links…). */
function mapColumns(names: readonly string[]): Map<Column, number> | string {
  const columns = new Map<Column, number>();
  for (const [index, name] of names.entries()) {
    const column = columnOf(name);
    if (!column) continue;
    const before = columns.get(column);
    if (before !== undefined) return `the header names ${column} twice (columns ${before + 1} and ${index + 1})`;
    columns.set(column, index);
  }
  const missing = REQUIRED_COLUMNS.filter((c) => !columns.has(c));
  if (missing.length) return `missing column${missing.length > 1 ? 's' : ''} ${missing.join(', ')}: ${HEADER_HELP}`;
  return columns;
}

function fieldsOf(record: CsvRecord, columns: ReadonlyMap<Column, number>): RawFields {
  const raw: RawFields = {};
  for (const [column, index] of columns) raw[column] = record.fields[index];
  return raw;
}
