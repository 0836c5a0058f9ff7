/**
 * Plays from a Sportscode edit list (XML): `file/ALL_INSTANCES/instance` with ID, start, end (s),
 * code and labels; `file/ROWS/row` with each code's colour. Codes that are not play types ("Team",
 * "Possession", "Shot"…) are counted, not reported: edit lists are full of them. The game is the
 * file's base name (the video beside it has the same name), and `line` is the instance ID.
 */
import path from 'node:path';
import { buildRow } from './fields.js';
import type { AnnotationError, AnnotationRow, PlayTypeResolver, ReadResult } from './types.js';
import { parseXml, XmlError, type XmlElement } from './xml.js';

export interface SportscodeReadResult extends ReadResult {
  /** Each row's colour as #rrggbb, by code as written (Sportscode stores 0–65535 per channel). */
  readonly rowColors: Readonly<Record<string, string>>;
}

export function readSportscodeXml(file: string, text: string, resolve: PlayTypeResolver): SportscodeReadResult {
  const fileError = (reason: string): SportscodeReadResult => ({ rows: [], errors: [{ file, line: null, reason }], skipped: {}, rowColors: {} });
  let root: XmlElement;
  try {
    root = parseXml(text);
  } catch (error) {
    if (error instanceof XmlError) return fileError(`refused as XML: ${error.message}`);
    throw error;
  }
  if (root.name !== 'file') return fileError(`not a Sportscode edit list: the root element is <${root.name}>, not <file>`);
  const instances = root.children.find((c) => c.name === 'ALL_INSTANCES');
  if (!instances) return fileError('not a Sportscode edit list: <file> has no <ALL_INSTANCES>');

  const game = path.basename(file, path.extname(file));
  const rows: AnnotationRow[] = [];
  const errors: AnnotationError[] = [];
  // A Map, so that a code such as "__proto__" is counted like any other.
  const skipped = new Map<string, number>();
  for (const [index, instance] of childrenNamed(instances, 'instance').entries()) {
    const id = childText(instance, 'ID') || null;
    const line = id ?? index + 1; // no ID: its position among the instances
    const code = childText(instance, 'code');
    if (!code) {
      errors.push({ file, line, reason: 'an instance without a code' });
      continue;
    }
    const playType = resolve(code);
    if (playType === undefined) {
      skipped.set(code, (skipped.get(code) ?? 0) + 1);
      continue;
    }
    const labels = childrenNamed(instance, 'label').map((l) => ({ group: childText(l, 'group') ?? '', text: childText(l, 'text') ?? '' }));
    const team = labels.find((l) => l.group.toLowerCase() === 'team' && l.text)?.text;
    const tags = labels.filter((l) => l.group || l.text).map((l) => (l.group ? `${l.group}:${l.text}` : l.text));
    const raw = { game, start: childText(instance, 'start'), end: childText(instance, 'end'), play_type: playType, id, team };
    const built = buildRow(file, line, raw, tags, resolve);
    if (typeof built === 'string') errors.push({ file, line, reason: built });
    else rows.push(built);
  }
  return { rows, errors, skipped: Object.fromEntries(skipped), rowColors: rowColorsOf(root) };
}

function childrenNamed(element: XmlElement, name: string): XmlElement[] {
  return element.children.filter((c) => c.name === name);
}

/** The trimmed text of the first child with that name (edit lists are often pretty-printed). */
function childText(element: XmlElement, name: string): string | undefined {
  return element.children.find((c) => c.name === name)?.text.trim();
}

/** Colours are cosmetic: a row with a missing or out-of-range channel is left out, not reported. */
function rowColorsOf(root: XmlElement): Record<string, string> {
  const colors = new Map<string, string>();
  const rows = root.children.find((c) => c.name === 'ROWS');
  for (const row of rows ? childrenNamed(rows, 'row') : []) {
    const code = childText(row, 'code');
    const channels = ['R', 'G', 'B'].map((c) => childText(row, c) ?? '');
    if (!code || colors.has(code) || !channels.every((c) => /^\d{1,5}$/.test(c) && Number(c) <= 65535)) continue;
    colors.set(code, `#${channels.map((c) => Math.round(Number(c) / 257).toString(16).padStart(2, '0')).join('')}`);
  }
  return Object.fromEntries(colors);
}
