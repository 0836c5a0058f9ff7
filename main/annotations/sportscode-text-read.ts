/**
 * Plays from a Sportscode text edit list (`.txt`): one instance a line, fields separated by tabs,
 * the start and end as movie time `hh:mm:ss:hh` (the last field is hundredths of a second). Around
 * the two times: the code before them (with an instance number in front of it, in some exports),
 * and after them any number of descriptors, which become tags. Lines before the first instance
 * that hold no time are a header; where a header names a descriptor's column, the tag is
 * "column:descriptor", and a "Team" column gives the play's team.
 *
 * Like the XML reader: the game is the file's base name, every instance is a row, a row error
 * (by line) or a counted non-play code.
 */
import path from 'node:path';
import { buildRow } from './fields.js';
import { resolveCode } from './sportscode-read.js';
import { parseHundredthsTimecode } from './time.js';
import type { AnnotationError, AnnotationRow, PlayTypeResolver, ReadResult } from './types.js';

const LINE_HELP = 'expected tab-separated fields: a code, the start and end as hh:mm:ss:hh (hundredths), then descriptors';

export function readSportscodeText(file: string, text: string, resolve: PlayTypeResolver): ReadResult {
  const game = path.basename(file, path.extname(file));
  const rows: AnnotationRow[] = [];
  const errors: AnnotationError[] = [];
  const skipped = new Map<string, number>();
  let header: string[] | null = null;
  let instances = 0;

  for (const [index, lineText] of text.replace(/^\uFEFF/, '').split(/\r\n|\r|\n/).entries()) {
    const line = index + 1;
    const fields = lineText.split('\t').map((f) => f.trim());
    if (fields.every((f) => f === '')) continue;
    const times = fields.flatMap((f, i) => (parseHundredthsTimecode(f) === null ? [] : [i]));
    if (times.length < 2) {
      if (instances === 0 && times.length === 0) header = fields;
      else errors.push({ file, line, reason: `not an instance: ${LINE_HELP}` });
      continue;
    }
    instances++;
    const [startAt, endAt] = times as [number, number];
    const before = fields.slice(0, startAt).filter((f) => f !== '');
    const code = before.at(-1);
    if (!code) {
      errors.push({ file, line, reason: `an instance without a code: ${LINE_HELP}` });
      continue;
    }
    const playType = resolveCode(code, resolve);
    if (playType === undefined) {
      skipped.set(code, (skipped.get(code) ?? 0) + 1);
      continue;
    }
    const id = before.length > 1 ? before[0]! : null;
    const descriptors = fields.flatMap((value, i) => (i > endAt && value !== '' && !times.includes(i) ? [{ group: header?.[i] ?? '', value }] : []));
    const team = descriptors.find((d) => d.group.toLowerCase() === 'team')?.value;
    const tags = descriptors.map((d) => (d.group ? `${d.group}:${d.value}` : d.value));
    const raw = {
      game, play_type: playType, id, team,
      start: parseHundredthsTimecode(fields[startAt]!), end: parseHundredthsTimecode(fields[endAt]!),
    };
    const built = buildRow(file, line, raw, tags, resolve);
    if (typeof built === 'string') errors.push({ file, line, reason: built });
    else rows.push(built);
  }
  if (instances === 0 && errors.length === 0) {
    return { rows, errors: [{ file, line: null, reason: `not a Sportscode text edit list: no line holds a start and an end time (${LINE_HELP})` }], skipped: {} };
  }
  return { rows, errors, skipped: Object.fromEntries(skipped) };
}
