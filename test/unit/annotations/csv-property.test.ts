import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { decodeUtf8, readCsvAnnotations, writeAnnotationsCsv, type AnnotationRecord } from '../../../main/annotations/index.js';
import { playTypes, resolve } from './resolve.js';

// Characters that break naive CSV code, mixed with any Unicode: the writer must quote, the reader unquote.
const tricky = fc.constantFrom(',', ';', '"', '""', '\n', '\r', '\r\n', ' ', '\t', 'a', 'Z', '7', 'é', 'ß', '漢', '🏀', '\u00A0', '\uFEFF', '#', "'", '=');
const anyText = fc.oneof(
  fc.string({ unit: tricky, maxLength: 12 }),
  fc.string({ unit: 'binary', maxLength: 12 }),
  fc.string({ unit: fc.oneof(tricky, fc.string({ unit: 'grapheme', minLength: 1, maxLength: 1 })), maxLength: 12 }),
);
// The reader trims cells (spreadsheets pad them), so the property holds for trimmed, non-empty text.
const cell = anyText.map((s) => s.trim()).filter((s) => s !== '');
const optionalCell = fc.option(cell, { nil: undefined });
// Any accepted spelling of a play type; the row must come back with its id.
const spelling = fc.constantFrom(...playTypes.flatMap((t) => [t.id, t.name, ...t.aliases].map((s) => ({ s, id: t.id }))));

const record = fc
  .record({
    game: cell,
    video: cell,
    startMs: fc.integer({ min: 0, max: 4 * 3600 * 1000 }),
    lengthMs: fc.integer({ min: 1, max: 60_000 }),
    type: spelling,
    id: optionalCell,
    team: optionalCell,
    period: fc.option(fc.integer({ min: 1, max: 8 }), { nil: undefined }),
    clock: optionalCell,
    player: optionalCell,
  })
  .map(({ startMs, lengthMs, type, ...r }): { record: AnnotationRecord; id: string } => ({
    record: { ...r, startS: startMs / 1000, endS: (startMs + lengthMs) / 1000, playType: type.s },
    id: type.id,
  }));

describe('CSV write → read (property)', () => {
  it('gives back the same records, whatever the text, delimiter and BOM', () => {
    fc.assert(
      fc.property(fc.array(record, { maxLength: 12 }), fc.constantFrom<',' | ';'>(',', ';'), fc.boolean(), (records, delimiter, bom) => {
        const text = writeAnnotationsCsv(records.map((r) => r.record), { delimiter, bom });
        // Through bytes and back, as a file on disk goes.
        const decoded = decodeUtf8(new TextEncoder().encode(text));
        expect(decoded).not.toBeNull();
        const result = readCsvAnnotations('x.csv', decoded!, resolve);
        expect(result.errors).toEqual([]);
        expect(result.rows).toEqual(
          records.map(({ record: r, id }, i) => ({
            file: 'x.csv', line: i + 2, game: r.game, video: r.video, startS: r.startS, endS: r.endS, playType: id,
            id: r.id ?? null, team: r.team ?? null, period: r.period ?? null, clock: r.clock ?? null, player: r.player ?? null, tags: [],
          })),
        );
      }),
      { numRuns: 300 },
    );
  });

  it('keeps times to three decimals', () => {
    fc.assert(
      fc.property(fc.double({ min: 0, max: 20_000, noNaN: true }), (start) => {
        const csv = writeAnnotationsCsv([{ game: 'G', video: 'v.mp4', startS: start, endS: start + 1, playType: 'Cut' }]);
        const [row] = readCsvAnnotations('x.csv', csv, resolve).rows;
        expect(row!.startS).toBe(Number(start.toFixed(3)));
      }),
    );
  });
});

describe('CSV reader on garbage (property)', () => {
  const check = (text: string) => {
    const result = readCsvAnnotations('g.csv', text, resolve);
    expect(Array.isArray(result.rows) && Array.isArray(result.errors)).toBe(true);
    for (const e of result.errors) {
      expect(e.file).toBe('g.csv');
      expect(e.line === null || (Number.isInteger(e.line) && (e.line as number) >= 2)).toBe(true);
      expect(e.reason.length).toBeGreaterThan(0);
    }
    for (const r of result.rows) expect(r.endS).toBeGreaterThan(r.startS);
  };

  it('never throws on any text, and always answers rows and errors', () => {
    fc.assert(fc.property(fc.string({ unit: fc.oneof(tricky, fc.string({ unit: 'binary', maxLength: 1 })), maxLength: 200 }), check), { numRuns: 500 });
  });

  it('never throws on text that starts with a valid header', () => {
    const body = fc.string({ unit: fc.constantFrom(',', ';', '"', '\n', '\r', '1', ':', '.', '-', 'Cut', 'x', ' ', ''), maxLength: 200 });
    fc.assert(fc.property(fc.constantFrom('game,video,start,end,play_type\n', 'game;video;start;end;play_type;period\r\n'), body, (header, rest) => check(header + rest)), { numRuns: 500 });
  });

  it('never throws on arbitrary bytes decoded as a file would be', () => {
    fc.assert(fc.property(fc.uint8Array({ maxLength: 300 }), (bytes) => {
      const text = decodeUtf8(bytes);
      if (text !== null) check(text);
    }));
  });
});
