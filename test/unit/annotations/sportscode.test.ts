import fs from 'node:fs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { readSportscodeXml, writeSportscodeXml, type AnnotationRecord } from '../../../main/annotations/index.js';
import { playTypes, resolve } from './resolve.js';

const FIXTURE = new URL('../../fixtures/annotations/hawks-owls.xml', import.meta.url);
const FILE = '/film/hawks-owls.xml';

describe('reading a Sportscode edit list', () => {
  const result = readSportscodeXml(FILE, fs.readFileSync(FIXTURE, 'utf8'), resolve);

  it('reads play instances: game from the file name, no video, line and id from the ID, labels as tags', () => {
    expect(result.rows).toEqual([
      {
        file: FILE, line: '2', game: 'hawks-owls', video: null, startS: 12.48, endS: 20.04, playType: 'PRBallHandler', id: '2',
        team: 'Hawks', period: null, clock: null, player: null, tags: ['Team:Hawks', 'Player:Hawks #7', 'And-one', 'Note:<late> & "loud"'],
      },
      { file: FILE, line: 'A-4', game: 'hawks-owls', video: null, startS: 31, endS: 38.5, playType: 'OffRebound', id: 'A-4', team: null, period: null, clock: null, player: null, tags: [] },
      // No ID: the line is the instance's position.
      { file: FILE, line: 10, game: 'hawks-owls', video: null, startS: 80, endS: 86, playType: 'Spotup', id: null, team: null, period: null, clock: null, player: null, tags: [] },
    ]);
  });

  it('counts codes that are not play types instead of reporting them', () => {
    expect(result.skipped).toEqual({ Team: 1, Possession: 1, Shot: 1 });
  });

  it('reports bad instances by ID', () => {
    expect(result.errors.map((e) => [e.file, e.line, e.reason])).toEqual([
      [FILE, '5', 'the play ends (44 s) at or before it starts (45 s)'],
      [FILE, '6', 'bad start time "soon" (write seconds like 12.5, or m:ss.s like 1:02.5)'],
      [FILE, '7', 'negative start time (-2 s)'],
      [FILE, '8', 'an instance without a code'],
      [FILE, '11', 'missing end time'],
    ]);
  });

  it('gives row colours as #rrggbb, leaving out rows with a bad or missing channel', () => {
    expect(result.rowColors).toEqual({ Team: '#7f7f7f', 'P&R Ball Handler': '#ffe119', Possession: '#0000ff' });
  });

  it('refuses a file that is not an edit list', () => {
    expect(readSportscodeXml(FILE, '<plays/>', resolve).errors).toEqual([{ file: FILE, line: null, reason: 'not a Sportscode edit list: the root element is <plays>, not <file>' }]);
    expect(readSportscodeXml(FILE, '<file><ROWS/></file>', resolve).errors).toEqual([{ file: FILE, line: null, reason: 'not a Sportscode edit list: <file> has no <ALL_INSTANCES>' }]);
    expect(readSportscodeXml(FILE, '<file><ALL_INSTANCES>', resolve).errors[0]!.reason).toMatch(/^refused as XML: line 1: <ALL_INSTANCES> is never closed/);
  });

  it('counts any code, "__proto__" included, without touching prototypes', () => {
    const xml = '<file><ALL_INSTANCES><instance><code>__proto__</code></instance><instance><code>constructor</code></instance></ALL_INSTANCES></file>';
    const { skipped } = readSportscodeXml(FILE, xml, resolve);
    expect(Object.entries(skipped)).toEqual([['__proto__', 1], ['constructor', 1]]);
  });
});

describe('writing a Sportscode edit list', () => {
  it('writes instances, labels and rows in the Sportscode layout, escaped', () => {
    const xml = writeSportscodeXml(
      [
        { game: 'G', video: 'g.mp4', startS: 1.23456, endS: 2, playType: 'Cut', id: 'p<1>', team: 'Hawks & Co', tags: ['Player:H #7', 'fast'] },
        { game: 'G', video: 'g.mp4', startS: 3, endS: 4.5, playType: 'Team', tags: ['Team:Owls'] },
      ],
      { rowColors: { Cut: '#FF8000' } },
    );
    expect(xml).toBe([
      '<?xml version="1.0" encoding="utf-8"?>',
      '<file>',
      '  <ALL_INSTANCES>',
      '    <instance>',
      '      <ID>p&lt;1&gt;</ID>',
      '      <start>1.235</start>',
      '      <end>2</end>',
      '      <code>Cut</code>',
      '      <label><group>Team</group><text>Hawks &amp; Co</text></label>',
      '      <label><group>Player</group><text>H #7</text></label>',
      '      <label><text>fast</text></label>',
      '    </instance>',
      '    <instance>',
      '      <ID>2</ID>',
      '      <start>3</start>',
      '      <end>4.5</end>',
      '      <code>Team</code>',
      '      <label><group>Team</group><text>Owls</text></label>',
      '    </instance>',
      '  </ALL_INSTANCES>',
      '  <ROWS>',
      '    <row><code>Cut</code><R>65535</R><G>32896</G><B>0</B></row>',
      '    <row><code>Team</code><R>32896</R><G>32896</G><B>32896</B></row>',
      '  </ROWS>',
      '</file>',
      '',
    ].join('\n'));
  });

  it('does not write the team twice when the tags already carry it (as synthetic seasons do)', () => {
    const record: AnnotationRecord = { game: 'G', video: 'g.mp4', startS: 1, endS: 2, playType: 'Cut', team: 'Hawks', tags: ['Team:Hawks', 'Player:Hawks #7'] };
    const xml = writeSportscodeXml([record]);
    expect(xml.match(/<group>Team<\/group>/g)).toHaveLength(1);
    expect(readSportscodeXml('g.xml', xml, resolve).rows[0]).toMatchObject({ team: 'Hawks', tags: ['Team:Hawks', 'Player:Hawks #7'] });
  });

  it('refuses characters XML cannot hold and colours that are not #rrggbb', () => {
    const record: AnnotationRecord = { game: 'G', video: 'g.mp4', startS: 1, endS: 2, playType: 'Cut', tags: ['bell\u0007'] };
    expect(() => writeSportscodeXml([record])).toThrow(/XML cannot hold the character U\+0007/);
    expect(() => writeSportscodeXml([{ ...record, tags: [] }], { rowColors: { Cut: 'red' } })).toThrow(/the colour of "Cut" must be #rrggbb/);
  });

  it('gives back its row colours', () => {
    const colors = { Cut: '#00ff7f', Team: '#7f7f7f' };
    const records: AnnotationRecord[] = [
      { game: 'G', video: 'g.mp4', startS: 1, endS: 2, playType: 'Cut' },
      { game: 'G', video: 'g.mp4', startS: 1, endS: 2, playType: 'Team' },
    ];
    expect(readSportscodeXml('g.xml', writeSportscodeXml(records, { rowColors: colors }), resolve).rowColors).toEqual(colors);
  });
});

describe('Sportscode write → read (property)', () => {
  // Text XML can hold, with the characters that need escaping; trimmed, as the reader trims.
  const unit = fc.oneof(fc.constantFrom('<', '>', '&', '"', "'", ']]>', '&amp;', '\r', '\n', '\t', ' ', 'é', '🏀', ':'), fc.string({ unit: 'grapheme', minLength: 1, maxLength: 1 }));
  const text = fc.string({ unit, minLength: 1, maxLength: 10 }).map((s) => s.replace(/[^\t\n\r\u0020-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]/gu, '').trim()).filter((s) => s !== '');
  const group = text.filter((s) => !s.includes(':') && s.toLowerCase() !== 'team');
  // A tag is "group:text" or plain text with no group before a colon; the team, when there is
  // one, is tagged "Team:<team>" as the synthetic seasons do.
  const tag = fc.oneof(fc.tuple(group, text).map(([g, t]) => `${g}:${t}`), text.filter((s) => !/^[^:]+:/.test(s)));
  const record = fc
    .record({
      startMs: fc.integer({ min: 0, max: 3 * 3600 * 1000 }),
      lengthMs: fc.integer({ min: 1, max: 60_000 }),
      playType: fc.constantFrom(...playTypes.map((t) => t.id)),
      id: fc.option(text, { nil: undefined }),
      team: fc.option(text, { nil: undefined }),
      tags: fc.array(tag, { maxLength: 4 }),
      teamTagAt: fc.nat(),
    })
    .map(({ startMs, lengthMs, team, tags, teamTagAt, ...r }): AnnotationRecord => {
      const all = [...tags];
      if (team !== undefined) all.splice(teamTagAt % (tags.length + 1), 0, `Team:${team}`);
      return { ...r, game: 'G', video: 'g.mp4', startS: startMs / 1000, endS: (startMs + lengthMs) / 1000, team, tags: all };
    });

  it('gives back the same play types, times, ids, team and tags', () => {
    fc.assert(
      fc.property(fc.array(record, { maxLength: 8 }), (records) => {
        const result = readSportscodeXml('/film/g.xml', writeSportscodeXml(records), resolve);
        expect(result.errors).toEqual([]);
        expect(result.skipped).toEqual({});
        expect(result.rows.map((r) => ({ playType: r.playType, startS: r.startS, endS: r.endS, id: r.id, line: r.line, team: r.team, tags: r.tags }))).toEqual(
          records.map((r, i) => ({ playType: r.playType, startS: r.startS, endS: r.endS, id: r.id ?? String(i + 1), line: r.id ?? String(i + 1), team: r.team ?? null, tags: r.tags })),
        );
      }),
      { numRuns: 300 },
    );
  });

  it('never throws on garbage, and always answers rows and errors', () => {
    const junk = fc.string({ unit: fc.constantFrom('<', '>', '/', '&', ';', '#', 'x', '"', '=', ' ', 'file', 'ALL_INSTANCES', 'instance', 'code', 'Cut', '<!--', '-->', '<![CDATA[', ']]>', '<?', '?>', 'amp', '1'), maxLength: 80 });
    fc.assert(fc.property(junk, (xml) => {
      const result = readSportscodeXml('j.xml', xml, resolve);
      expect(Array.isArray(result.rows) && Array.isArray(result.errors)).toBe(true);
    }), { numRuns: 1000 });
  });
});
