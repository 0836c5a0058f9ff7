/**
 * Plays from a Sportscode edit list (XML), as Sportscode, StudioCode and NacSport write them:
 * `file/ALL_INSTANCES/instance` with ID, start, end (seconds, often 10–13 decimals), code and
 * labels (`group` + `text`, or `text` alone); `file/ROWS/row` with each code's colour in 16-bit
 * channels. `SESSION_INFO`, `ROWS`, `free_text`, NacSport's `pos_x`, `pos_y`, `click_time`,
 * `sort_order` and any other element may be there or not. Sportscode does not escape "&" in
 * codes and labels ("P&G"): such a bare "&" is read as text, with one warning for the file.
 *
 * Every instance ends up in exactly one place: a row, a row error (its line is the instance ID,
 * or its position when it has none), or the count of its code among the non-play codes ("Team",
 * "Possession", "1st Half"…), which edit lists are full of. The game is the file's base name.
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
  const bareAmpersandLines: number[] = [];
  try {
    root = parseXml(text, { onBareAmpersand: (line) => bareAmpersandLines.push(line) });
  } catch (error) {
    if (error instanceof XmlError) return fileError(`refused as XML: ${error.message}`);
    throw error;
  }
  // The root is <file> in every tool's export; another root holding ALL_INSTANCES is read too.
  const instances = root.children.find((c) => c.name === 'ALL_INSTANCES');
  if (!instances) {
    return fileError(root.name === 'file' ? 'not a Sportscode edit list: <file> has no <ALL_INSTANCES>' : `not a Sportscode edit list: the root element is <${root.name}>, not <file>`);
  }

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
    const playType = resolveCode(code, resolve);
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
  const warnings: AnnotationError[] = bareAmpersandLines.length
    ? [{
        file, line: null,
        reason: `${bareAmpersandLines.length} bare "&" (first on line ${bareAmpersandLines[0]}) read as text: Sportscode writes "&" unescaped, so this is expected from its exports`,
      }]
    : [];
  return { rows, errors, warnings, skipped: Object.fromEntries(skipped), rowColors: rowColorsOf(root) };
}

/**
 * The play type of a code. Codes are typed by hand and often carry stray spaces or punctuation
 * around the name (" Transition", "*Isolation", "Cut."): when the code as written is not a play
 * type, the name without leading and trailing punctuation is tried. Inside a name ("P&R") it stays.
 */
export function resolveCode(code: string, resolve: PlayTypeResolver): string | undefined {
  const direct = resolve(code);
  if (direct !== undefined) return direct;
  const stripped = code.replace(/^[\s\p{P}\p{S}]+|[\s\p{P}\p{S}]+$/gu, '');
  return stripped && stripped !== code ? resolve(stripped) : undefined;
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
