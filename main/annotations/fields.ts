/**
 * The fields of a play as CSV and JSON files give them, and the checks that turn them into an
 * AnnotationRow or into the reason the row is refused. Both formats share this, so the same bad
 * value gets the same message whichever file it came from.
 */
import { unknownPlayTypeReason } from './resolver.js';
import { parseTime } from './time.js';
import type { AnnotationRow, PlayTypeResolver, SourceLine } from './types.js';

export const COLUMNS = ['game', 'video', 'start', 'end', 'play_type', 'id', 'team', 'period', 'clock', 'player'] as const;
export type Column = (typeof COLUMNS)[number];
export const REQUIRED_COLUMNS: readonly Column[] = ['game', 'video', 'start', 'end', 'play_type'];

/** Overtime periods go on (5, 6, …); anything past this is a typo, not a game. */
const MAX_PERIOD = 20;

const byKey = new Map<string, Column>(COLUMNS.map((c) => [fieldKey(c), c]));

/** Case, spaces, "_" and "-" do not matter in names: "Play Type" = "play_type" = "playType". */
export function fieldKey(name: string): string {
  return name.trim().toLowerCase().replace(/[\s_-]+/g, '');
}

export function columnOf(name: string): Column | undefined {
  return byKey.get(fieldKey(name));
}

export type RawFields = Partial<Record<Column, unknown>>;

/** The row, or why it cannot be one (every problem of the row, so one fix round is enough). */
export function buildRow(file: string, line: SourceLine, raw: RawFields, tags: readonly string[], resolve: PlayTypeResolver): AnnotationRow | string {
  const problems: string[] = [];
  const text = (column: Column) => {
    const value = textOf(raw[column]);
    if (value === undefined) problems.push(`${column} must be text, got ${show(raw[column])}`);
    return value ?? null;
  };
  const game = text('game');
  if (game === null && textOf(raw.game) === null) problems.push('empty game: every play names the game it belongs to');
  const video = text('video');
  const startS = timeOf(raw.start, 'start', problems);
  const endS = timeOf(raw.end, 'end', problems);
  if (startS !== null && startS < 0) problems.push(`negative start time (${startS} s)`);
  else if (startS !== null && endS !== null && !(endS > startS)) problems.push(`the play ends (${endS} s) at or before it starts (${startS} s)`);
  const playType = playTypeOf(raw.play_type, resolve, problems);
  const period = periodOf(raw.period, problems);
  const row = {
    file, line, game: game ?? '', video, startS: startS ?? 0, endS: endS ?? 0, playType: playType ?? '',
    id: text('id'), team: text('team'), period, clock: text('clock'), player: text('player'), tags,
  };
  return problems.length ? problems.join('; ') : row;
}

/** Trimmed text, null when empty or absent, undefined when the value is not text at all. */
function textOf(value: unknown): string | null | undefined {
  if (value === undefined || value === null) return null;
  // JSON files write ids and periods as numbers as often as strings.
  if (typeof value === 'number' && Number.isFinite(value)) return String(value);
  if (typeof value !== 'string') return undefined;
  return value.trim() || null;
}

function timeOf(value: unknown, column: 'start' | 'end', problems: string[]): number | null {
  if (value === undefined || value === null || (typeof value === 'string' && value.trim() === '')) {
    problems.push(`missing ${column} time`);
    return null;
  }
  const seconds = typeof value === 'string' || typeof value === 'number' ? parseTime(value) : null;
  if (seconds === null) problems.push(`bad ${column} time ${show(value)} (write seconds like 12.5, or m:ss.s like 1:02.5)`);
  return seconds;
}

function playTypeOf(value: unknown, resolve: PlayTypeResolver, problems: string[]): string | null {
  const name = textOf(value);
  if (!name) {
    problems.push(name === null ? 'empty play type' : `play_type must be text, got ${show(value)}`);
    return null;
  }
  const id = resolve(name);
  if (id === undefined) problems.push(unknownPlayTypeReason(name, resolve));
  return id ?? null;
}

function periodOf(value: unknown, problems: string[]): number | null {
  const text = textOf(value);
  if (text === null) return null;
  const period = text !== undefined && /^\d+$/.test(text) ? Number(text) : NaN;
  if (period >= 1 && period <= MAX_PERIOD) return period;
  problems.push(`bad period ${show(value)} (a whole number: 1 to 4, 5 and up for overtime)`);
  return null;
}

/** A value as it appears in a message: quoted, escaped, and short. */
export function show(value: unknown): string {
  if (typeof value === 'string') return JSON.stringify(value.length > 40 ? `${value.slice(0, 40)}…` : value);
  if (Array.isArray(value)) return 'a list';
  return typeof value === 'object' && value !== null ? 'an object' : String(value);
}
