/**
 * Plays from a JSON file: an array of objects, or `{ "plays": [...] }`, with the CSV's fields as
 * keys (`play_type` or `playType`), times as numbers or time strings, and optional `tags`.
 * A play's `line` is its 1-based position in the array.
 */
import { buildRow, columnOf, fieldKey, show, type RawFields } from './fields.js';
import type { AnnotationError, AnnotationRow, PlayTypeResolver, ReadResult } from './types.js';

export function readJsonAnnotations(file: string, text: string, resolve: PlayTypeResolver): ReadResult {
  const fileError = (reason: string): ReadResult => ({ rows: [], errors: [{ file, line: null, reason }], skipped: {} });
  let data: unknown;
  try {
    data = JSON.parse(text.startsWith('\uFEFF') ? text.slice(1) : text);
  } catch (error) {
    return fileError(`not valid JSON: ${(error as Error).message}`);
  }
  const plays = Array.isArray(data) ? data : isObject(data) && Array.isArray(data.plays) ? data.plays : null;
  if (!plays) return fileError('expected an array of plays, or an object with a "plays" array');

  const rows: AnnotationRow[] = [];
  const errors: AnnotationError[] = [];
  for (const [index, play] of (plays as unknown[]).entries()) {
    const line = index + 1;
    if (!isObject(play)) {
      errors.push({ file, line, reason: `a play must be an object, got ${show(play)}` });
      continue;
    }
    const { raw, tags } = fieldsOf(play);
    const built = typeof tags === 'string' ? tags : buildRow(file, line, raw, tags, resolve);
    if (typeof built === 'string') errors.push({ file, line, reason: built });
    else rows.push(built);
  }
  return { rows, errors, skipped: {} };
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** The known keys (any spelling of a column; the first spelling present wins), and the tags. */
function fieldsOf(play: Record<string, unknown>): { raw: RawFields; tags: string[] | string } {
  const raw: RawFields = {};
  let tags: string[] | string = [];
  for (const [key, value] of Object.entries(play)) {
    if (fieldKey(key) === 'tags') tags = tagsOf(value);
    const column = columnOf(key);
    if (column && !(column in raw)) raw[column] = value;
  }
  return { raw, tags };
}

function tagsOf(value: unknown): string[] | string {
  if (value === undefined || value === null) return [];
  if (!Array.isArray(value) || !value.every((t) => typeof t === 'string')) return `tags must be a list of strings, got ${show(value)}`;
  return value.map((t: string) => t.trim()).filter((t) => t !== '');
}
