import { describe, expect, it } from 'vitest';
import { writeAnnotationsCsv, type AnnotationRecord } from '../../../main/annotations/index.js';

const records: AnnotationRecord[] = [
  { game: 'Hawks @ Owls', video: 'g1.mp4', startS: 12.34567, endS: 20, playType: 'PRBallHandler', id: 'p1', team: 'Hawks', period: 2, clock: '11:32', player: 'Hawks #7', tags: ['not in CSV'] },
  { game: 'Hawks, Owls', video: 'say "hi".mp4', startS: 0.1 + 0.2, endS: 1, playType: 'Cut', player: 'two\nlines' },
  { game: 'G;H', video: 'v.mp4', startS: 3, endS: 4, playType: 'Misc', clock: 'cr\r' },
];

describe('writing CSV annotations', () => {
  it('writes the documented header, quotes only where needed, CRLF, times with at most 3 decimals', () => {
    expect(writeAnnotationsCsv(records)).toBe([
      'game,video,start,end,play_type,id,team,period,clock,player',
      'Hawks @ Owls,g1.mp4,12.346,20,PRBallHandler,p1,Hawks,2,11:32,Hawks #7',
      '"Hawks, Owls","say ""hi"".mp4",0.3,1,Cut,,,,,"two\nlines"',
      'G;H,v.mp4,3,4,Misc,,,,"cr\r",',
      '',
    ].join('\r\n'));
  });

  it('quotes for the delimiter in use, and can start with a BOM', () => {
    expect(writeAnnotationsCsv(records.slice(1), { delimiter: ';', bom: true })).toBe([
      '\uFEFFgame;video;start;end;play_type;id;team;period;clock;player',
      'Hawks, Owls;"say ""hi"".mp4";0.3;1;Cut;;;;;"two\nlines"',
      '"G;H";v.mp4;3;4;Misc;;;;"cr\r";',
      '',
    ].join('\r\n'));
  });

  it('writes just the header for no records, and refuses a time that is not a number', () => {
    expect(writeAnnotationsCsv([])).toBe('game,video,start,end,play_type,id,team,period,clock,player\r\n');
    expect(() => writeAnnotationsCsv([{ ...records[0]!, endS: Number.NaN }])).toThrow(/finite/);
  });
});
