/**
 * Edit lists as Sportscode, StudioCode and NacSport write them, made here in every encoding and
 * line-end style they come in: UTF-16 little-endian with a BOM and classic Mac CR line ends (the
 * usual Sportscode export), UTF-16 big-endian, UTF-16 without a BOM, UTF-8 with and without BOM,
 * an XML declaration naming another encoding. Each must give the same plays, and account for
 * every instance: a play, a row error with its ID, or a skipped non-play code.
 */
import { describe, expect, it } from 'vitest';
import { readAnnotationBytes, readSportscodeXml } from '../../../main/annotations/index.js';
import { decodeAnnotationText, sniffUtf16 } from '../../../main/annotations/decode-text.js';
import { resolve } from './resolve.js';

/** Shaped like a real export: no declaration, no indenting, Sportscode's element order and extras. */
function sportscodeEditList(eol: string): string {
  const instance = (inner: string) => `<instance>${eol}${inner}${eol}</instance>`;
  return [
    '<file>',
    '<SESSION_INFO>', '<start_time>2018-03-10 14:02:11.123 +1100</start_time>', '</SESSION_INFO>',
    '<ALL_INSTANCES>',
    // A whole period, a non-play code: counted, not reported.
    instance('<ID>1</ID>\n<start>0</start>\n<end>2712.4800000000000</end>\n<code>1st Half</code>'.replaceAll('\n', eol)),
    // 13 decimals, team label, label with only text, free text.
    instance([
      '<ID>2</ID>', '<start>12.4800000000001</start>', '<end>20.0399999999999</end>', '<code>Transition</code>',
      '<label>', '<group>Team</group>', '<text>Hawks</text>', '</label>',
      '<label>', '<text>Fast break</text>', '</label>',
      '<free_text>Great outlet — see 2nd angle</free_text>',
    ].join(eol)),
    // NacSport's extras, a code with a leading space and punctuation, a non-numeric ID.
    instance([
      '<ID>NS-0003</ID>', '<start>31.5</start>', '<end>38.25</end>', '<code> *Isolation.</code>',
      '<sort_order>3</sort_order>', '<pos_x>0.4</pos_x>', '<pos_y>0.66</pos_y>', '<click_time>31.9</click_time>',
      '<label><group>Player</group><text>Owls #23 Müller</text></label>',
    ].join(eol)),
    // A row error: it ends before it starts.
    instance('<ID>4</ID><start>45</start><end>44</end><code>Cut</code>'),
    // A non-play code again, and one more play.
    instance('<ID>5</ID><start>50</start><end>51</end><code>Team A</code>'),
    instance('<ID>6</ID><start>1107.06</start><end>1113.2</end><code>PRBallHandler</code>'),
    '</ALL_INSTANCES>',
    '<ROWS>',
    '<row><code>Transition</code><R>65535</R><G>0</G><B>0</B></row>',
    '<row><sort_order>2</sort_order><code>1st Half</code><R>0</R><G>0</G><B>65535</B></row>',
    '</ROWS>',
    '</file>',
  ].join(eol);
}

const utf16be = (text: string) => {
  const le = Buffer.from(text, 'utf16le');
  for (let i = 0; i < le.length; i += 2) [le[i], le[i + 1]] = [le[i + 1]!, le[i]!];
  return le;
};
const withBom = (bom: number[], body: Buffer) => Buffer.concat([Buffer.from(bom), body]);

function expectTheSamePlays(bytes: Uint8Array, label: string) {
  const result = readAnnotationBytes('/season/game-7.xml', bytes, resolve);
  expect(result.errors, label).toEqual([{ file: '/season/game-7.xml', line: '4', reason: 'the play ends (44 s) at or before it starts (45 s)' }]);
  expect(result.rows.map((r) => [r.line, r.playType, r.startS, r.endS, r.team]), label).toEqual([
    ['2', 'Transition', 12.4800000000001, 20.0399999999999, 'Hawks'],
    ['NS-0003', 'Isolation', 31.5, 38.25, null],
    ['6', 'PRBallHandler', 1107.06, 1113.2, null],
  ]);
  expect(result.rows[0]!.tags, label).toEqual(['Team:Hawks', 'Fast break']);
  expect(result.rows[1]!.tags, label).toEqual(['Player:Owls #23 Müller']);
  expect(result.skipped, label).toEqual({ '1st Half': 1, 'Team A': 1 });
  // Every instance accounted for: 3 plays + 1 row error + 2 skipped = the 6 instances.
  const skipped = Object.values(result.skipped).reduce((a, b) => a + b, 0);
  expect(result.rows.length + result.errors.length + skipped, label).toBe(6);
  expect(result.warnings ?? [], label).toEqual([]);
}

describe('edit lists in every encoding and line-end style the tools write', () => {
  it('reads UTF-16 LE with a BOM and CR line ends, no XML declaration (Sportscode, StudioCode)', () => {
    const bytes = withBom([0xff, 0xfe], Buffer.from(sportscodeEditList('\r'), 'utf16le'));
    expect(bytes.subarray(0, 4)).toEqual(Buffer.from([0xff, 0xfe, 0x3c, 0x00])); // FF FE "<" NUL
    expectTheSamePlays(bytes, 'UTF-16 LE + BOM + CR');
  });

  it('reads UTF-16 BE with a BOM, and UTF-16 of either order without one (told by its NULs)', () => {
    expectTheSamePlays(withBom([0xfe, 0xff], utf16be(sportscodeEditList('\r\n'))), 'UTF-16 BE + BOM + CRLF');
    expectTheSamePlays(Buffer.from(sportscodeEditList('\n'), 'utf16le'), 'UTF-16 LE, no BOM');
    expectTheSamePlays(utf16be(sportscodeEditList('\r')), 'UTF-16 BE, no BOM');
  });

  it('reads UTF-8 with and without a BOM, with LF, CRLF or CR, with or without a declaration', () => {
    expectTheSamePlays(Buffer.from(`\uFEFF${sportscodeEditList('\r\n')}`, 'utf8'), 'UTF-8 + BOM + CRLF');
    expectTheSamePlays(Buffer.from(`<?xml version="1.0" encoding="UTF-8"?>\n${sportscodeEditList('\n')}`, 'utf8'), 'UTF-8 + declaration + LF');
    expectTheSamePlays(Buffer.from(sportscodeEditList('\r'), 'utf8'), 'UTF-8 + CR');
  });

  it('honours a declared encoding: ISO-8859-1 bytes read as ISO-8859-1, a UTF-16 declaration with its BOM', () => {
    const latin1 = Buffer.from(`<?xml version="1.0" encoding="ISO-8859-1"?>\r${sportscodeEditList('\r')}`, 'latin1');
    expect(latin1.includes(Buffer.from('M\xfcller', 'latin1'))).toBe(true); // ü is one byte, 0xFC: not UTF-8
    expectTheSamePlays(latin1, 'ISO-8859-1 declared');
    const declared16 = withBom([0xff, 0xfe], Buffer.from(`<?xml version="1.0" encoding="UTF-16"?>\r${sportscodeEditList('\r')}`, 'utf16le'));
    expectTheSamePlays(declared16, 'UTF-16 declared');
  });

  it('says what is wrong with bytes that are not text in any of these encodings', () => {
    const bad = readAnnotationBytes('/s/g.xml', Buffer.from([0x3c, 0x66, 0xff, 0xfe, 0x00, 0x41, 0xc3]), resolve);
    expect(bad.errors[0]!.reason).toMatch(/^not UTF-8 text: save it as UTF-8 or UTF-16/);
    const odd = readAnnotationBytes('/s/g.xml', Buffer.from([0xff, 0xfe, 0x3c, 0x00, 0x66]), resolve);
    expect(odd.errors[0]!.reason).toMatch(/odd number of bytes/);
    const unknown = readAnnotationBytes('/s/g.xml', Buffer.from('<?xml version="1.0" encoding="x-klingon"?><file/>'), resolve);
    expect(unknown.errors[0]!.reason).toMatch(/declared encoding "x-klingon" is not one Film Room reads/);
  });

  it('tells UTF-16 without a BOM from UTF-8 only on a clear NUL pattern', () => {
    expect(sniffUtf16(Buffer.from('<file><ALL_INSTANCES>', 'utf16le'))).toBe('utf-16le');
    expect(sniffUtf16(utf16be('<file><ALL_INSTANCES>'))).toBe('utf-16be');
    expect(sniffUtf16(Buffer.from('<file><ALL_INSTANCES>', 'utf8'))).toBeNull();
    expect(sniffUtf16(Buffer.from('ab', 'utf16le'))).toBeNull(); // too short to tell
    // Mostly non-Latin text in UTF-16 has few NULs: no guess, it is read as UTF-8 and refused.
    expect(sniffUtf16(Buffer.from('日本語のコードと説明', 'utf16le'))).toBeNull();
    expect(decodeAnnotationText(Buffer.from('日本語のコードと説明', 'utf16le')).ok).toBe(false);
  });
});

describe('Sportscode’s unescaped "&"', () => {
  const list = (code: string, labels: string) => `<file><ALL_INSTANCES>
<instance><ID>1</ID><start>1</start><end>2</end><code>${code}</code>${labels}</instance>
<instance><ID>2</ID><start>3</start><end>4</end><code>Cut</code><label><group>Sponsor</group><text>P&G</text></label></instance>
<instance><ID>3</ID><start>5</start><end>6</end><code>Q&A</code></instance>
</ALL_INSTANCES></file>`;

  it('keeps every instance and reports one warning for the file, not one error per instance', () => {
    const result = readSportscodeXml('/s/g.xml', list('P&R Ball Handler', '<label><text>Hawks & Owls</text></label>'), resolve);
    expect(result.errors).toEqual([]);
    expect(result.rows.map((r) => [r.line, r.playType, r.tags])).toEqual([
      ['1', 'PRBallHandler', ['Hawks & Owls']],
      ['2', 'Cut', ['Sponsor:P&G']],
    ]);
    expect(result.skipped).toEqual({ 'Q&A': 1 });
    expect(result.warnings).toHaveLength(1);
    expect(result.warnings![0]).toMatchObject({ file: '/s/g.xml', line: null });
    expect(result.warnings![0]!.reason).toMatch(/^4 bare "&" \(first on line 2\) read as text/);
  });

  it('decodes escapes once: &amp;amp; is "&amp;", &amp; is "&", with no warning', () => {
    const result = readSportscodeXml('/s/g.xml', '<file><ALL_INSTANCES><instance><ID>1</ID><start>1</start><end>2</end><code>P&amp;R Ball Handler</code><label><text>A &amp;amp; B</text></label></instance></ALL_INSTANCES></file>', resolve);
    expect(result.rows.map((r) => [r.playType, r.tags])).toEqual([['PRBallHandler', ['A &amp; B']]]);
    expect(result.warnings).toEqual([]);
  });

  it('still refuses DTDs and entities, in UTF-16 as in UTF-8', () => {
    const dtd = '<?xml version="1.0"?><!DOCTYPE file [<!ENTITY x "boom">]><file><ALL_INSTANCES/></file>';
    const read = readAnnotationBytes('/s/g.xml', withBom([0xff, 0xfe], Buffer.from(dtd, 'utf16le')), resolve);
    expect(read.errors[0]!.reason).toMatch(/DOCTYPE declaration is refused/);
    const entity = readSportscodeXml('/s/g.xml', '<file><ALL_INSTANCES><instance><ID>1</ID><start>1</start><end>2</end><code>&x;</code></instance></ALL_INSTANCES></file>', resolve);
    expect(entity.errors[0]!.reason).toMatch(/unknown entity &x;/);
  });
});

describe('Sportscode text edit lists', () => {
  const tab = (...fields: string[]) => fields.join('\t');
  const textList = (eol: string) => [
    tab('Instance', 'Code', 'Start', 'End', 'Team', 'Result'),
    tab('1', 'Transition', '00:00:12:48', '00:00:20:04', 'Hawks', 'Made'),
    tab('2', '1st Half', '00:00:00:00', '00:45:12:48'),
    tab('3', 'Post-Up', '00:18:27:06', '00:18:33:20', 'Owls'),
    tab('4', ' Isolation ', '01:02:03:04', '01:02:09:99', 'Hawks', 'Missed', 'And-one'),
    tab('5', 'Cut', '00:01:00:00'),
    tab('6', 'Cut', '00:02:00:00', '00:01:59:00'),
    '',
  ].join(eol);

  it('reads hh:mm:ss:hh (hundredths), any number of descriptors, in UTF-16 LE with CR line ends', () => {
    const bytes = withBom([0xff, 0xfe], Buffer.from(textList('\r'), 'utf16le'));
    const result = readAnnotationBytes('/season/game-3.txt', bytes, resolve);
    expect(result.rows.map((r) => [r.line, r.id, r.game, r.playType, r.startS, r.endS, r.team, r.tags])).toEqual([
      [2, '1', 'game-3', 'Transition', 12.48, 20.04, 'Hawks', ['Team:Hawks', 'Result:Made']],
      [4, '3', 'game-3', 'Postup', 1107.06, 1113.2, 'Owls', ['Team:Owls']],
      [5, '4', 'game-3', 'Isolation', 3723.04, 3729.99, 'Hawks', ['Team:Hawks', 'Result:Missed', 'And-one']],
    ]);
    expect(result.skipped).toEqual({ '1st Half': 1 });
    expect(result.errors).toEqual([
      { file: '/season/game-3.txt', line: 6, reason: expect.stringMatching(/^not an instance: expected tab-separated fields/) as unknown as string },
      { file: '/season/game-3.txt', line: 7, reason: 'the play ends (119 s) at or before it starts (120 s)' },
    ]);
  });

  it('refuses a text file that holds no instance at all, in one message', () => {
    const result = readAnnotationBytes('/season/notes.txt', Buffer.from('Bring the scouting report.\n'), resolve);
    expect(result.errors).toEqual([{ file: '/season/notes.txt', line: null, reason: expect.stringMatching(/^not a Sportscode text edit list/) as unknown as string }]);
  });
});

describe('CSV from a decimal-comma locale', () => {
  it('reads ;-separated fields with times like 1107,06', () => {
    const csv = 'game;video;start;end;play_type\r\nG;g.mp4;1107,06;1113,2;Cut\r\nG;g.mp4;12,5;14;Post-Up\r\n';
    const result = readAnnotationBytes('/s/plays.csv', Buffer.from(`\uFEFF${csv}`, 'utf16le').subarray(0), resolve);
    expect(result.errors).toEqual([]);
    expect(result.rows.map((r) => [r.startS, r.endS, r.playType])).toEqual([[1107.06, 1113.2, 'Cut'], [12.5, 14, 'Postup']]);
  });
});
