/**
 * The Sportscode export has Sportscode's own layout, checked element by element against an edit
 * list in the shape Sportscode writes (root `file`; `SESSION_INFO` optional; `ALL_INSTANCES` of
 * `instance` with ID, start, end, code, then labels of group and text; `ROWS` of `row` with code
 * and 16-bit R, G, B), and reads back as the same plays.
 */
import { describe, expect, it } from 'vitest';
import { readSportscodeXml, writeSportscodeXml, type AnnotationRecord } from '../../../main/annotations/index.js';
import { parseXml, type XmlElement } from '../../../main/annotations/xml.js';
import { resolve } from './resolve.js';

/** Shaped as Sportscode writes an edit list (element names, order and nesting; values made up). */
const SPORTSCODE_SHAPED = `<file>
<SESSION_INFO>
<start_time>2018-03-10 14:02:11 +1100</start_time>
</SESSION_INFO>
<ALL_INSTANCES>
<instance>
<ID>1</ID>
<start>352.83620000000002</start>
<end>370.83620000000002</end>
<code>Team-B</code>
<label>
<group>Outcome</group>
<text>Turnover</text>
</label>
<label>
<text>Q1</text>
</label>
</instance>
</ALL_INSTANCES>
<ROWS>
<row>
<code>Team-B</code>
<R>65535</R>
<G>0</G>
<B>13107</B>
</row>
</ROWS>
</file>`;

/** Every element's path from the root, and, per path, the order its children's names come in. */
function layout(root: XmlElement): { paths: Set<string>; order: Map<string, string[]> } {
  const paths = new Set<string>();
  const order = new Map<string, string[]>();
  const walk = (element: XmlElement, at: string) => {
    paths.add(at);
    const names = element.children.map((c) => c.name).filter((name, i, all) => all.indexOf(name) === i);
    if (names.length) order.set(at, names);
    for (const child of element.children) walk(child, `${at}/${child.name}`);
  };
  walk(root, root.name);
  return { paths, order };
}

const records: AnnotationRecord[] = [
  { game: 'G', video: 'g.mp4', startS: 12.48, endS: 20.04, playType: 'Transition', id: '7', team: 'Hawks', tags: ['Player:Hawks #7', 'And-one'] },
  { game: 'G', video: 'g.mp4', startS: 31, endS: 38.5, playType: 'PRBallHandler', id: '8', tags: [] },
];

describe('the Sportscode export’s layout', () => {
  const reference = layout(parseXml(SPORTSCODE_SHAPED));

  it('uses only elements Sportscode writes, in the order it writes them, with or without SESSION_INFO', () => {
    for (const options of [{}, { sessionStart: new Date('2025-11-28T19:30:00Z') }]) {
      const xml = writeSportscodeXml(records, { ...options, rowColors: { Transition: '#ff0033', PRBallHandler: '#00a0ff' } });
      const ours = layout(parseXml(xml));
      expect([...ours.paths].filter((p) => !reference.paths.has(p))).toEqual([]);
      for (const [at, names] of ours.order) {
        const theirs = reference.order.get(at)!;
        // Each element's children come in Sportscode's order (a subset of it: labels without a group have none).
        expect(names, at).toEqual(theirs.filter((n) => names.includes(n)));
      }
      expect(ours.order.get('file')).toEqual('sessionStart' in options ? ['SESSION_INFO', 'ALL_INSTANCES', 'ROWS'] : ['ALL_INSTANCES', 'ROWS']);
    }
  });

  it('writes SESSION_INFO’s start time as Sportscode does, and each code’s colour in 16-bit channels', () => {
    const xml = writeSportscodeXml(records, { sessionStart: new Date('2025-11-28T19:30:00Z'), rowColors: { Transition: '#ff0033', PRBallHandler: '#00a0ff' } });
    expect(xml).toContain('<start_time>2025-11-28 19:30:00 +0000</start_time>');
    const rows = parseXml(xml).children.find((c) => c.name === 'ROWS')!.children;
    const channels = rows.map((row) => ['code', 'R', 'G', 'B'].map((n) => row.children.find((c) => c.name === n)!.text));
    // 0xff → 65535, 0x33 → 13107, 0xa0 → 41120: each byte times 257, as Sportscode stores 0–65535.
    expect(channels).toEqual([['Transition', '65535', '0', '13107'], ['PRBallHandler', '0', '41120', '65535']]);
  });

  it('reads back as the same plays, colours and all', () => {
    const colors = { Transition: '#ff0033', PRBallHandler: '#00a0ff' };
    const back = readSportscodeXml('/s/g.xml', writeSportscodeXml(records, { rowColors: colors, sessionStart: new Date(0) }), resolve);
    expect(back.errors).toEqual([]);
    expect(back.rows.map((r) => [r.id, r.playType, r.startS, r.endS, r.team, r.tags])).toEqual([
      ['7', 'Transition', 12.48, 20.04, 'Hawks', ['Team:Hawks', 'Player:Hawks #7', 'And-one']],
      ['8', 'PRBallHandler', 31, 38.5, null, []],
    ]);
    expect(back.rowColors).toEqual(colors);
  });
});
