/**
 * Plays as a Sportscode edit list: one instance per record (code = play type, labels = tags),
 * and one row per code with its colour. readSportscodeXml reads it back with the same play types,
 * times (to 3 decimals), ids, team and tags; game, video, period, clock and player have no place
 * in the format (the game is the file's name).
 */
import { formatSeconds } from './time.js';
import type { AnnotationRecord } from './types.js';

export interface SportscodeWriteOptions {
  /** Row colours by code, as #rrggbb; codes without one are grey. */
  rowColors?: Record<string, string>;
  /**
   * When the session (the game's recording) started, written as Sportscode writes it in
   * `SESSION_INFO/start_time` ("2025-11-28 19:30:00 +0000"). Left out when unknown, as Sportscode does.
   */
  sessionStart?: Date;
}

const DEFAULT_COLOR = '#808080';
/** What XML 1.0 can hold at all, even escaped: no NUL, no other C0 controls but tab and line ends. */
const NOT_XML = /[^\t\n\r\u0020-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]/u;

export function writeSportscodeXml(records: readonly AnnotationRecord[], options: SportscodeWriteOptions = {}): string {
  // Sportscode's layout: SESSION_INFO (optional), ALL_INSTANCES, ROWS, in that order.
  const out = ['<?xml version="1.0" encoding="utf-8"?>', '<file>'];
  if (options.sessionStart) out.push('  <SESSION_INFO>', `    <start_time>${sessionTime(options.sessionStart)}</start_time>`, '  </SESSION_INFO>');
  out.push('  <ALL_INSTANCES>');
  const codes: string[] = [];
  for (const [index, r] of records.entries()) {
    if (!codes.includes(r.playType)) codes.push(r.playType);
    out.push(
      '    <instance>',
      `      <ID>${escape(r.id ?? String(index + 1))}</ID>`,
      `      <start>${formatSeconds(r.startS)}</start>`,
      `      <end>${formatSeconds(r.endS)}</end>`,
      `      <code>${escape(r.playType)}</code>`,
      ...labelsOf(r).map(({ group, text }) => `      <label>${group === undefined ? '' : `<group>${escape(group)}</group>`}<text>${escape(text)}</text></label>`),
      '    </instance>',
    );
  }
  out.push('  </ALL_INSTANCES>', '  <ROWS>');
  for (const code of codes) {
    const color = options.rowColors && Object.hasOwn(options.rowColors, code) ? options.rowColors[code]! : DEFAULT_COLOR;
    const [red, green, blue] = channels16(color, code);
    out.push(`    <row><code>${escape(code)}</code><R>${red}</R><G>${green}</G><B>${blue}</B></row>`);
  }
  out.push('  </ROWS>', '</file>');
  return `${out.join('\n')}\n`;
}

/**
 * Tags as labels ("group:text" splits at the first colon). The reader takes the team from the
 * first "Team" label, so the team goes first unless the tags already start with it — the
 * synthetic seasons tag `Team:<team>` themselves, and it must not be written twice.
 */
function labelsOf(r: AnnotationRecord): { group?: string; text: string }[] {
  const labels = (r.tags ?? []).map((tag) => {
    const colon = tag.indexOf(':');
    return colon > 0 ? { group: tag.slice(0, colon), text: tag.slice(colon + 1) } : { text: tag };
  });
  const firstTeam = labels.find((l) => l.group?.trim().toLowerCase() === 'team' && l.text.trim());
  if (r.team && firstTeam?.text.trim() !== r.team.trim()) labels.unshift({ group: 'Team', text: r.team });
  return labels;
}

function escape(text: string): string {
  const bad = NOT_XML.exec(text);
  if (bad) throw new RangeError(`XML cannot hold the character U+${bad[0].codePointAt(0)!.toString(16).toUpperCase().padStart(4, '0')} (in ${JSON.stringify(text)})`);
  // "\r" is escaped because XML turns a raw one into "\n".
  return text.replace(/[&<>\r]/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '\r': '&#13;' })[c]!);
}

/** #rrggbb → Sportscode's 16-bit channels (0xff → 65535: each byte repeated, i.e. × 257). */
function channels16(color: string, code: string): number[] {
  if (!/^#[0-9a-fA-F]{6}$/.test(color)) throw new RangeError(`the colour of ${JSON.stringify(code)} must be #rrggbb, got ${JSON.stringify(color)}`);
  return [1, 3, 5].map((i) => parseInt(color.slice(i, i + 2), 16) * 257);
}

/** "2025-11-28 19:30:00 +0000": Sportscode's start_time, in UTC. */
function sessionTime(date: Date): string {
  if (Number.isNaN(date.getTime())) throw new RangeError('the session start is not a valid date');
  return `${date.toISOString().slice(0, 19).replace('T', ' ')} +0000`;
}
