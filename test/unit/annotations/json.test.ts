import { describe, expect, it } from 'vitest';
import { readJsonAnnotations, writeAnnotationsJson, type AnnotationRecord } from '../../../main/annotations/index.js';
import { KNOWN, resolve } from './resolve.js';

const FILE = '/season/annotations.json';
const read = (value: unknown) => readJsonAnnotations(FILE, typeof value === 'string' ? value : JSON.stringify(value), resolve);
const errorsOf = (value: unknown) => read(value).errors.map((e) => `${e.line}: ${e.reason}`);

describe('reading JSON annotations', () => {
  it('reads an array of plays with the CSV keys, camelCase too, times as numbers or strings', () => {
    const result = read([
      { game: 'G', video: 'v.mp4', start: 1.5, end: '0:02.5', play_type: 'Spot-Up', id: 17, period: '2', tags: ['Player:Hawks #7'] },
      { Game: 'G', Video: 'v.mp4', Start: '1:00', End: 61, playType: 'Hand Off', clock: '5:00', team: 'Owls', player: 'O #1', notes: 'ignored' },
    ]);
    expect(result.errors).toEqual([]);
    expect(result.rows).toEqual([
      { file: FILE, line: 1, game: 'G', video: 'v.mp4', startS: 1.5, endS: 2.5, playType: 'Spotup', id: '17', team: null, period: 2, clock: null, player: null, tags: ['Player:Hawks #7'] },
      { file: FILE, line: 2, game: 'G', video: 'v.mp4', startS: 60, endS: 61, playType: 'Handoff', id: null, team: 'Owls', period: null, clock: '5:00', player: 'O #1', tags: [] },
    ]);
  });

  it('reads { "plays": [...] } and a BOM', () => {
    const result = read(`\uFEFF${JSON.stringify({ season: '2025-26', plays: [{ game: 'G', video: 'v.mp4', start: 0, end: 1, play_type: 'Iso' }] })}`);
    expect(result.errors).toEqual([]);
    expect(result.rows).toMatchObject([{ line: 1, playType: 'Isolation', startS: 0 }]);
  });

  it('refuses malformed JSON with the parse message, and JSON of the wrong shape', () => {
    const malformed = read('[{"game": "G",]');
    expect(malformed.rows).toEqual([]);
    expect(malformed.errors).toHaveLength(1);
    expect(malformed.errors[0]).toMatchObject({ file: FILE, line: null });
    expect(malformed.errors[0]!.reason).toMatch(/^not valid JSON: .*(Unexpected|Expected)/);
    expect(errorsOf('')).toEqual([expect.stringMatching(/^null: not valid JSON: /)]);
    const shape = 'null: expected an array of plays, or an object with a "plays" array';
    expect(errorsOf({ plays: 'none' })).toEqual([shape]);
    expect(errorsOf(42)).toEqual([shape]);
    expect(errorsOf(null)).toEqual([shape]);
  });

  it('reports each bad play with its 1-based position, and reads the rest', () => {
    const ok = { game: 'G', video: 'v.mp4', start: 1, end: 2, play_type: 'Cut' };
    const plays = [
      ok, // 1
      'a string', // 2
      { ...ok, game: '  ' }, // 3
      { ...ok, start: 'soon' }, // 4
      { ...ok, start: 5, end: 4 }, // 5
      { ...ok, start: -0.5 }, // 6
      { ...ok, play_type: 'Alley-oop' }, // 7
      { ...ok, period: 1.5 }, // 8
      { ...ok, team: { name: 'Hawks' } }, // 9
      { ...ok, tags: 'Team:Hawks' }, // 10
      { game: 'G', video: 'v.mp4', play_type: 'Cut' }, // 11
      { ...ok, start: true }, // 12
      [ok], // 13
      { ...ok, id: 'last' }, // 14
    ];
    const result = read(plays);
    expect(result.rows.map((r) => r.line)).toEqual([1, 14]);
    expect(errorsOf(plays)).toEqual([
      '2: a play must be an object, got "a string"',
      '3: empty game: every play names the game it belongs to',
      '4: bad start time "soon" (write seconds like 12.5, or m:ss.s like 1:02.5)',
      '5: the play ends (4 s) at or before it starts (5 s)',
      '6: negative start time (-0.5 s)',
      `7: unknown play type "Alley-oop" (known: ${KNOWN})`,
      '8: bad period 1.5 (a whole number: 1 to 4, 5 and up for overtime)',
      '9: team must be text, got an object',
      '10: tags must be a list of strings, got "Team:Hawks"',
      '11: missing start time; missing end time',
      '12: bad start time true (write seconds like 12.5, or m:ss.s like 1:02.5)',
      '13: a play must be an object, got a list',
    ]);
  });

  it('does not let a "__proto__" key change anything', () => {
    const result = read('[{"__proto__": {"game": "evil"}, "game": "G", "video": "v.mp4", "start": 1, "end": 2, "play_type": "Cut"}]');
    expect(result.rows).toMatchObject([{ game: 'G' }]);
  });
});

describe('writing JSON annotations', () => {
  const records: AnnotationRecord[] = [
    { game: 'Hawks @ Owls', video: 'g1.mp4', startS: 1.23456, endS: 3, playType: 'Cut', id: 'p1', team: 'Hawks', period: 2, clock: '1:00', player: 'H #7', tags: ['Team:Hawks', 'quoted "x"'] },
    { game: 'G', video: 'g2.mp4', startS: 0, endS: 0.5, playType: 'Misc' },
  ];

  it('writes a pretty-printed array with the CSV keys, optional fields left out', () => {
    const text = writeAnnotationsJson(records);
    expect(text.startsWith('[\n  {\n    "game": "Hawks @ Owls",')).toBe(true);
    expect(text.endsWith(']\n')).toBe(true);
    expect(JSON.parse(text)).toEqual([
      { game: 'Hawks @ Owls', video: 'g1.mp4', start: 1.235, end: 3, play_type: 'Cut', id: 'p1', team: 'Hawks', period: 2, clock: '1:00', player: 'H #7', tags: ['Team:Hawks', 'quoted "x"'] },
      { game: 'G', video: 'g2.mp4', start: 0, end: 0.5, play_type: 'Misc' },
    ]);
  });

  it('is read back unchanged', () => {
    const result = read(writeAnnotationsJson(records));
    expect(result.errors).toEqual([]);
    expect(result.rows).toEqual([
      { file: FILE, line: 1, game: 'Hawks @ Owls', video: 'g1.mp4', startS: 1.235, endS: 3, playType: 'Cut', id: 'p1', team: 'Hawks', period: 2, clock: '1:00', player: 'H #7', tags: ['Team:Hawks', 'quoted "x"'] },
      { file: FILE, line: 2, game: 'G', video: 'g2.mp4', startS: 0, endS: 0.5, playType: 'Misc', id: null, team: null, period: null, clock: null, player: null, tags: [] },
    ]);
  });
});
