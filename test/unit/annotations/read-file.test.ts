import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { readAnnotationFile, writeAnnotationsCsv, writeAnnotationsJson, writeSportscodeXml, type AnnotationRecord } from '../../../main/annotations/index.js';
import { suiteTempDir } from '../../helpers/temp.js';
import { resolve } from './resolve.js';

const records: AnnotationRecord[] = [{ game: 'Hawks @ Owls', video: 'game-1.mp4', startS: 1, endS: 2.5, playType: 'Cut', id: 'p1', team: 'Hawks', tags: ['Team:Hawks'] }];

describe('reading an annotation file from disk', () => {
  const dir = suiteTempDir();
  const write = (name: string, content: string | Uint8Array) => {
    const file = path.join(dir, name);
    fs.writeFileSync(file, content);
    return file;
  };
  const fileErrorOf = async (file: string) => {
    const result = await readAnnotationFile(file, resolve);
    expect(result.rows).toEqual([]);
    expect(result.errors).toHaveLength(1);
    expect(result.errors[0]).toMatchObject({ file, line: null });
    return result.errors[0]!.reason;
  };

  it('picks the reader by extension, in any case', async () => {
    const csv = await readAnnotationFile(write('season.CSV', writeAnnotationsCsv(records)), resolve);
    const json = await readAnnotationFile(write('season.json', writeAnnotationsJson(records)), resolve);
    const xml = await readAnnotationFile(write('game-1.Xml', writeSportscodeXml(records)), resolve);
    for (const result of [csv, json, xml]) {
      expect(result.errors).toEqual([]);
      expect(result.rows).toMatchObject([{ startS: 1, endS: 2.5, playType: 'Cut', id: 'p1', team: 'Hawks' }]);
    }
    expect([csv.rows[0]!.line, json.rows[0]!.line, xml.rows[0]!.line]).toEqual([2, 1, 'p1']);
    expect([csv.rows[0]!.game, xml.rows[0]!.game, xml.rows[0]!.video]).toEqual(['Hawks @ Owls', 'game-1', null]);
  });

  it('reads UTF-8 with a BOM', async () => {
    const bom = new Uint8Array([0xef, 0xbb, 0xbf]);
    const file = write('bom.csv', Buffer.concat([bom, Buffer.from('game,video,start,end,play_type\nGäme,v.mp4,1,2,Cut\n')]));
    expect((await readAnnotationFile(file, resolve)).rows).toMatchObject([{ game: 'Gäme', line: 2 }]);
  });

  it('reports a CSV that is not UTF-8 or UTF-16 (Latin-1) instead of garbling it', async () => {
    const latin1 = write('latin1.csv', Buffer.from('game,video,start,end,play_type\nG\xe4me,v.mp4,1,2,Cut\n', 'latin1'));
    expect(await fileErrorOf(latin1)).toBe('not UTF-8 text: save it as UTF-8 or UTF-16 (with a byte order mark) and import it again');
  });

  it('reads UTF-16 with a BOM, and without one when its NULs give it away', async () => {
    const text = 'game,video,start,end,play_type\nGäme,v.mp4,1,2,Cut\n';
    const utf16 = write('utf16.csv', Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(text, 'utf16le')]));
    expect((await readAnnotationFile(utf16, resolve)).rows).toMatchObject([{ game: 'Gäme', line: 2 }]);
    const utf16NoBom = write('utf16-no-bom.csv', Buffer.from(text, 'utf16le'));
    expect((await readAnnotationFile(utf16NoBom, resolve)).rows).toMatchObject([{ game: 'Gäme', line: 2 }]);
  });

  it('reports a missing file, a folder and an unknown extension instead of throwing', async () => {
    expect(await fileErrorOf(path.join(dir, 'nowhere.csv'))).toBe('cannot read it: no such file');
    fs.mkdirSync(path.join(dir, 'folder.json'));
    expect(await fileErrorOf(path.join(dir, 'folder.json'))).toBe('cannot read it: not a file');
    expect(await fileErrorOf(write('notes.txt', 'hello'))).toMatch(/^not a Sportscode text edit list: no line holds a start and an end time/);
    expect(await fileErrorOf(write('README', 'hello'))).toBe('not an annotation file: expected .csv, .json, .xml (Sportscode edit list) or .txt (Sportscode text edit list), got "no extension"');
    expect(await fileErrorOf(write('plays.xlsx', 'hello'))).toMatch(/got "\.xlsx"$/);
  });
});
