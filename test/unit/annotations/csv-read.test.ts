import { describe, expect, it } from 'vitest';
import { readCsvAnnotations } from '../../../main/annotations/index.js';
import { createPlayTypeResolver } from '../../../shared/taxonomy.js';
import { KNOWN, playTypes, resolve } from './resolve.js';

const FILE = '/season/annotations.csv';
const read = (text: string) => readCsvAnnotations(FILE, text, resolve);
/** Errors as "line: reason" so a failing assertion shows every error at once. */
const errorsOf = (text: string) => read(text).errors.map((e) => `${e.line}: ${e.reason}`);

describe('reading CSV annotations', () => {
  it('reads the documented columns into rows, with aliases resolved and empty optionals as null', () => {
    const result = read([
      'game,video,start,end,play_type,id,team,period,clock,player',
      'Hawks @ Owls,game-1.mp4,12.5,20,P&R Ball Handler,p1,Hawks,1,11:32,Hawks #7',
      'Hawks @ Owls,game-1.mp4,1:02.5,1:10,Putbacks,,,,,',
    ].join('\n'));
    expect(result.errors).toEqual([]);
    expect(result.skipped).toEqual({});
    expect(result.rows).toEqual([
      { file: FILE, line: 2, game: 'Hawks @ Owls', video: 'game-1.mp4', startS: 12.5, endS: 20, playType: 'PRBallHandler', id: 'p1', team: 'Hawks', period: 1, clock: '11:32', player: 'Hawks #7', tags: [] },
      { file: FILE, line: 3, game: 'Hawks @ Owls', video: 'game-1.mp4', startS: 62.5, endS: 70, playType: 'OffRebound', id: null, team: null, period: null, clock: null, player: null, tags: [] },
    ]);
  });

  it('takes header names in any case and order, trims them, and ignores unknown columns', () => {
    const result = read(' Play Type ;NOTES; END ;Start;Video;GAME\r\nCut;"a; b";4;3;v.mp4;G\r\n');
    expect(result.errors).toEqual([]);
    expect(result.rows).toMatchObject([{ line: 2, game: 'G', video: 'v.mp4', startS: 3, endS: 4, playType: 'Cut' }]);
  });

  it('reads RFC 4180 quoting and counts records, not physical lines, for row numbers', () => {
    const result = read([
      'game,video,start,end,play_type,player',
      '"Hawks, Owls",v.mp4,1,2,Cut,"say ""hi"""',
      '"two', 'lines",v.mp4,1,2,Cut,"three', '', 'lines"', // one record over five physical lines: row 3
      'G,v.mp4,5,4,Cut,x', // row 4
    ].join('\r\n'));
    expect(result.rows.map((r) => [r.line, r.game, r.player])).toEqual([
      [2, 'Hawks, Owls', 'say "hi"'],
      [3, 'two\r\nlines', 'three\r\n\r\nlines'],
    ]);
    expect(result.errors.map((e) => e.line)).toEqual([4]);
  });

  it('skips blank lines (still counting them, as an editor and a spreadsheet do) and rows of empty cells', () => {
    const result = read('\uFEFFgame,video,start,end,play_type\n\nG,v.mp4,1,2,Cut\n  \n,,,,\nG,v.mp4,3,2,Cut\n\n');
    expect(result.rows.map((r) => r.line)).toEqual([3]);
    expect(result.errors.map((e) => e.line)).toEqual([6]);
  });

  it('detects ";" from the header even when the data has commas, and reads a BOM', () => {
    const result = read('\uFEFFgame;video;start;end;play_type\nHawks, Owls;v.mp4;1,5;2,5;Iso\n');
    expect(result.errors).toEqual([]);
    expect(result.rows).toMatchObject([{ game: 'Hawks, Owls', startS: 1.5, endS: 2.5, playType: 'Isolation' }]);
  });

  it('refuses the file once, naming every missing column, when the header lacks required ones', () => {
    const result = read('game,video,begin,finish,play_type\nG,v.mp4,1,2,Cut\nG,v.mp4,1,2,Cut\n');
    expect(result.rows).toEqual([]);
    expect(result.errors).toHaveLength(1);
    expect(result.errors[0]).toMatchObject({ file: FILE, line: null });
    expect(result.errors[0]!.reason).toMatch(/^missing columns start, end: the header must name game, video, start, end, play_type/);
  });

  it('refuses an empty file, a header naming a column twice, and a malformed header', () => {
    expect(errorsOf('')).toEqual([expect.stringMatching(/^null: no header row/)]);
    expect(errorsOf('\n\n')).toEqual([expect.stringMatching(/^null: no header row/)]);
    expect(errorsOf('game,video,start,end,play_type,Start\n')).toEqual(['null: the header names start twice (columns 3 and 6)']);
    expect(errorsOf('game,video,start,end,"play_type\n')).toEqual([expect.stringMatching(/^null: the header \(row 1\) is malformed: a quoted field is never closed/)]);
  });

  it('reports each bad row with its row number, and reads the rest', () => {
    const header = 'game,video,start,end,play_type,period';
    const text = [
      header,
      'G,v.mp4,1,2,Cut,1', // 2: fine
      'G,v.mp4,1,2,Cut', // 3: wrong number of fields
      ' ,v.mp4,1,2,Cut,1', // 4: empty game
      'G,v.mp4,1:75,2,Cut,1', // 5: bad time
      'G,v.mp4,5,4,Cut,1', // 6: end before start
      'G,v.mp4,4,4,Cut,1', // 7: end at start
      'G,v.mp4,-1,4,Cut,1', // 8: negative start
      'G,v.mp4,1,2,Alley-oop,1', // 9: unknown play type
      'G,v.mp4,1,2,Cut,0', // 10: bad period
      'G,v.mp4,1,2,Cut,third', // 11: bad period
      'G,v.mp4,,2,,1', // 12: two problems, one error
      'G,v.mp4,1,2,Cut,1,extra', // 13: wrong number of fields
      '"G"x,v.mp4,1,2,Cut,1', // 14: text after a closing quote
      'G,v.mp4,3,4,Transition,2', // 15: fine
      'G,"v.mp4,1,2,Cut,1', // 16: never-closed quote swallows the rest
      'G,v.mp4,1,2,Cut,1',
    ].join('\n');
    const result = read(text);
    expect(result.rows.map((r) => r.line)).toEqual([2, 15]);
    expect(result.errors.every((e) => e.file === FILE)).toBe(true);
    expect(errorsOf(text)).toEqual([
      '3: wrong number of fields: 5, the header has 6',
      '4: empty game: every play names the game it belongs to',
      '5: bad start time "1:75" (write seconds like 12.5, or m:ss.s like 1:02.5)',
      '6: the play ends (4 s) at or before it starts (5 s)',
      '7: the play ends (4 s) at or before it starts (4 s)',
      '8: negative start time (-1 s)',
      `9: unknown play type "Alley-oop" (known: ${KNOWN})`,
      '10: bad period "0" (a whole number: 1 to 4, 5 and up for overtime)',
      '11: bad period "third" (a whole number: 1 to 4, 5 and up for overtime)',
      '12: missing start time; empty play type',
      '13: wrong number of fields: 7, the header has 6',
      '14: text after the closing quote of a quoted field',
      '16: a quoted field is never closed (its closing " is missing)',
    ]);
  });

  it('names the play type without the list when the resolver cannot list them', () => {
    const plain = createPlayTypeResolver(playTypes);
    const result = readCsvAnnotations(FILE, 'game,video,start,end,play_type\nG,v.mp4,1,2,Alley-oop\n', plain);
    expect(result.errors).toEqual([{ file: FILE, line: 2, reason: 'unknown play type "Alley-oop"' }]);
  });

  it('treats an empty video cell as "not said" (the video is then the one named like the file)', () => {
    expect(read('game,video,start,end,play_type\nG,,1,2,Cut\n').rows).toMatchObject([{ video: null }]);
  });
});
