import { describe, expect, it } from 'vitest';
import type { JobProgress } from '../../../shared/api/app.js';
import type { ImportIssue, ImportSummary, JobInfoOf } from '../../../shared/api/jobs.js';
import {
  applyProgress,
  compareLines,
  countByFile,
  DEFAULT_ISSUE_SORT,
  defaultSeasonName,
  examplePath,
  fileName,
  hasCounts,
  importHeading,
  isImportableFile,
  lineText,
  nextSort,
  outcomeHeadline,
  percentDone,
  problemsNote,
  progressLine,
  skippedCodesText,
  skippedCodesTotal,
  sortIssues,
  stoppedText,
} from '../../../renderer/src/lib/import.js';

function summary(overrides: Partial<ImportSummary> = {}): ImportSummary {
  return { gamesAdded: 0, gamesAlreadyPresent: 0, playsAdded: 0, playsSkipped: 0, clipsAdded: 0, skippedCodes: [], errors: [], warnings: [], ...overrides };
}

function job(overrides: Partial<JobInfoOf<'import'>> = {}): JobInfoOf<'import'> {
  return {
    jobId: 'import-1',
    kind: 'import',
    label: 'Importing /film/2025-26',
    state: 'running',
    done: 0,
    total: 0,
    etaS: null,
    startedAt: '2026-11-28T16:00:00.000Z',
    error: null,
    request: { path: '/film/2025-26' },
    result: null,
    ...overrides,
  };
}

const issue = (file: string, line: ImportIssue['line'], reason = 'bad'): ImportIssue => ({ file, line, reason });

describe('paths', () => {
  it('takes the last part of a path, whichever slashes it uses', () => {
    expect(fileName('/film/2025-26/annotations.csv')).toBe('annotations.csv');
    expect(fileName('C:\\film\\2025-26\\game-001.xml')).toBe('game-001.xml');
    expect(fileName('/film/2025-26/')).toBe('2025-26');
    expect(fileName('annotations.csv')).toBe('annotations.csv');
    expect(fileName('/')).toBe('/');
  });

  it('tells annotation and video files from folders by extension, in any case', () => {
    expect(isImportableFile('/film/annotations.CSV')).toBe(true);
    expect(isImportableFile('/film/game.json')).toBe(true);
    expect(isImportableFile('/film/game-001.xml')).toBe(true);
    expect(isImportableFile('/film/game-001.mp4')).toBe(true);
    expect(isImportableFile('/film/game-001.MOV')).toBe(true);
    expect(isImportableFile('/film/2025-26')).toBe(false);
    expect(isImportableFile('/film/2025.26')).toBe(false);
    expect(isImportableFile('/film/.csv')).toBe(false);
  });

  it('names the season after the folder, or the folder a single file is in', () => {
    expect(defaultSeasonName('/home/you/film/2025-26')).toBe('2025-26');
    expect(defaultSeasonName('  /home/you/film/2025-26/  ')).toBe('2025-26');
    expect(defaultSeasonName('/home/you/film/2025-26/annotations.csv')).toBe('2025-26');
    expect(defaultSeasonName('C:\\film\\Playoffs 2025\\game-001.mp4')).toBe('Playoffs 2025');
    expect(defaultSeasonName('/film/2025.26')).toBe('2025.26');
  });

  it('says nothing when the path does not give a name', () => {
    expect(defaultSeasonName('')).toBe('');
    expect(defaultSeasonName('.')).toBe('');
    expect(defaultSeasonName('~')).toBe('');
    expect(defaultSeasonName('C:\\')).toBe('');
    expect(defaultSeasonName('annotations.csv')).toBe('');
  });

  it('gives an example path in the user’s system’s spelling', () => {
    expect(examplePath('linux')).toBe('/home/you/film/2025-26');
    expect(examplePath(undefined)).toBe('/home/you/film/2025-26');
    expect(examplePath('darwin')).toBe('/Users/you/film/2025-26');
    expect(examplePath('win32')).toBe('C:\\Users\\you\\film\\2025-26');
  });
});

describe('progress', () => {
  it('gives whole percents and keeps 100 for the very end', () => {
    expect(percentDone(0, 0)).toBe(0);
    expect(percentDone(0, 84)).toBe(0);
    expect(percentDone(19, 84)).toBe(22);
    expect(percentDone(83, 84)).toBe(98);
    expect(percentDone(999, 1000)).toBe(99);
    expect(percentDone(84, 84)).toBe(100);
    expect(percentDone(90, 84)).toBe(100);
  });

  it('writes done of total, percent and time left, or what happens before the size is known', () => {
    expect(progressLine({ done: 19, total: 84, etaS: 3 })).toBe('19 of 84 · 22% · 3 s left');
    expect(progressLine({ done: 1200, total: 4800, etaS: null })).toBe('1,200 of 4,800 · 25% · estimating time left…');
    expect(progressLine({ done: 0, total: 0, etaS: null })).toMatch(/^Reading the annotation files/);
  });

  it('folds a progress event into its job and leaves other jobs alone', () => {
    const running = job({ total: 84 });
    const event: JobProgress = { jobId: 'import-1', kind: 'import', label: 'Importing game-002.mp4', done: 30, total: 84, etaS: 12, state: 'running' };
    expect(applyProgress(running, event)).toEqual({ ...running, label: 'Importing game-002.mp4', done: 30, etaS: 12 });
    expect(applyProgress(running, { ...event, jobId: 'import-2' })).toBe(running);
  });

  it('takes the end state and its message from the last event, keeping the request', () => {
    const ended = applyProgress(job(), { jobId: 'import-1', kind: 'import', label: 'Importing game-002.mp4', done: 31, total: 84, etaS: null, state: 'failed', message: 'disk full' });
    expect(ended).toMatchObject({ state: 'failed', error: 'disk full', request: { path: '/film/2025-26' }, result: null });
  });
});

describe('what the view says about a job', () => {
  it('heads each state in words', () => {
    expect(importHeading('running')).toBe('Importing');
    expect(importHeading('finished')).toBe('Import finished');
    expect(importHeading('cancelled')).toBe('Import cancelled');
    expect(importHeading('failed')).toBe('Import failed');
  });

  it('says a cancelled import resumes when run again', () => {
    const text = stoppedText(job({ state: 'cancelled', error: 'The import was cancelled; run it again to finish it.' }));
    expect(text?.title).toBe('You cancelled the import.');
    expect(text?.advice).toMatch(/resumes where it stopped/);
  });

  it('gives a failure’s reason as one sentence, and what to do', () => {
    expect(stoppedText(job({ state: 'failed', error: 'ffmpeg exited with code 1.' }))?.title).toBe('The import stopped: ffmpeg exited with code 1.');
    expect(stoppedText(job({ state: 'failed', error: 'disk full' }))?.title).toBe('The import stopped: disk full.');
    expect(stoppedText(job({ state: 'failed', error: null }))?.title).toBe('The import stopped: an unexpected error.');
    expect(stoppedText(job({ state: 'failed', error: 'x' }))?.advice).toMatch(/resumes where it stopped/);
  });

  it('says what to check for the failures a user can fix', () => {
    const advice = (error: string) => stoppedText(job({ state: 'failed', error }))?.advice;
    expect(advice('database is locked')).toMatch(/^Another program is writing to the library/);
    expect(advice("ENOSPC: no space left on device, write '/film/library.clips/ab/x.rgb'")).toMatch(/^The disk is full/);
    expect(advice("EACCES: permission denied, open '/film/2025-26/game-001.mp4'")).toMatch(/check the permissions/);
    expect(advice('ffmpeg exited with code 1')).toMatch(/^Check that the folder is still there/);
  });

  it('has nothing to explain for a running or finished import', () => {
    expect(stoppedText(job())).toBeNull();
    expect(stoppedText(job({ state: 'finished' }))).toBeNull();
  });
});

describe('the outcome', () => {
  const badRow = issue('/film/annotations.csv', 8, 'unknown play type "Alley-oop"');

  it('sums up what was added', () => {
    expect(outcomeHeadline(summary({ gamesAdded: 2, playsAdded: 6 }))).toBe('Added 2 games with 6 plays.');
    expect(outcomeHeadline(summary({ gamesAdded: 1, playsAdded: 1 }))).toBe('Added 1 game with 1 play.');
    expect(outcomeHeadline(summary({ gamesAlreadyPresent: 2, playsAdded: 3, playsSkipped: 6 }))).toBe('Added 3 plays to games already in the library.');
  });

  it('says when there was nothing new, nothing importable, or nothing at all', () => {
    expect(outcomeHeadline(summary({ gamesAlreadyPresent: 2, playsSkipped: 6 }))).toMatch(/^Nothing new/);
    // Problems come first: "Nothing new" would hide that rows were left out.
    expect(outcomeHeadline(summary({ gamesAlreadyPresent: 2, playsSkipped: 6, errors: [badRow] }))).toBe(
      '1 problem kept a file or row out; everything else was already in the library.',
    );
    expect(outcomeHeadline(summary({ gamesAlreadyPresent: 2, errors: [badRow, badRow] }))).toMatch(/^2 problems kept files or rows out/);
    expect(outcomeHeadline(summary({ errors: [badRow] }))).toBe('Nothing was imported.');
    expect(outcomeHeadline(summary())).toMatch(/^Nothing to import/);
  });

  it('says the rest was imported when only some rows were bad', () => {
    expect(problemsNote(summary({ gamesAdded: 2, playsAdded: 6 }))).toBeNull();
    expect(problemsNote(summary({ gamesAdded: 2, playsAdded: 6, errors: [badRow] }))).toMatch(/the rest of the season was imported/);
    expect(problemsNote(summary({ gamesAlreadyPresent: 2, errors: [badRow] }))).toMatch(/the rest was already in the library/);
    expect(problemsNote(summary({ errors: [badRow] }))).toMatch(/^Nothing could be imported because of this problem\. Fix it/);
    expect(problemsNote(summary({ errors: [badRow, badRow] }))).toMatch(/these problems\. Fix them/);
  });

  it('shows counts only when the import touched something', () => {
    expect(hasCounts(summary())).toBe(false);
    expect(hasCounts(summary({ errors: [badRow] }))).toBe(false);
    expect(hasCounts(summary({ playsSkipped: 1 }))).toBe(true);
    expect(hasCounts(summary({ skippedCodes: [{ code: 'Team', count: 3 }] }))).toBe(true);
  });

  it('lists skipped non-play codes most frequent first, and totals them', () => {
    const codes = [
      { code: 'Shot', count: 22 },
      { code: 'Team', count: 1040 },
      { code: 'Bench', count: 22 },
    ];
    expect(skippedCodesText(codes)).toBe('Team ×1,040, Bench ×22, Shot ×22');
    expect(skippedCodesTotal(codes)).toBe(1084);
    expect(skippedCodesText([])).toBe('');
  });
});

describe('the error report', () => {
  const csv = '/film/2025-26/annotations.csv';
  const xml = '/film/2025-26/game-002.xml';
  const video = '/film/2025-26/game-003.mp4';
  const issues = [
    issue(xml, 'ID 12', 'an instance without a code'),
    issue(csv, 10, 'unknown play type "Alley-oop"'),
    issue(video, null, 'unreadable video: moov atom not found'),
    issue(csv, 2, 'the play ends (4 s) at or before it starts (5 s)'),
    issue(xml, '3', 'unknown play type "Press"'),
    issue(csv, null, 'missing column "end"'),
  ];

  it('writes where a problem is: a row, an instance ID or the whole file', () => {
    expect(lineText(8)).toBe('8');
    expect(lineText(12000)).toBe('12,000');
    expect(lineText('17')).toBe('ID 17');
    expect(lineText(null)).toBe('whole file');
  });

  it('orders lines as people read them: whole file first, then by number', () => {
    expect(compareLines(null, 1)).toBeLessThan(0);
    expect(compareLines(2, null)).toBeGreaterThan(0);
    expect(compareLines(2, 10)).toBeLessThan(0);
    expect(compareLines('2', '10')).toBeLessThan(0);
    expect(compareLines(7, 7)).toBe(0);
  });

  it('groups by file by default, each file’s rows in line order', () => {
    const sorted = sortIssues(issues, DEFAULT_ISSUE_SORT);
    expect(sorted.map((i) => [fileName(i.file), i.line])).toEqual([
      ['annotations.csv', null],
      ['annotations.csv', 2],
      ['annotations.csv', 10],
      ['game-002.xml', '3'],
      ['game-002.xml', 'ID 12'],
      ['game-003.mp4', null],
    ]);
    expect(issues[0]?.file).toBe(xml); // the report itself is left as it came
  });

  it('sorts descending on the chosen column, keeping ties in file and line order', () => {
    const byLineDown = sortIssues(issues, { key: 'line', descending: true });
    expect(byLineDown.map((i) => i.line)).toEqual(['ID 12', 10, '3', 2, null, null]);
    expect(byLineDown.slice(-2).map((i) => fileName(i.file))).toEqual(['annotations.csv', 'game-003.mp4']);
    const byReason = sortIssues(issues, { key: 'reason', descending: false });
    expect(byReason[0]?.reason).toBe('an instance without a code');
  });

  it('flips the order on a second click and starts another column ascending', () => {
    const once = nextSort(DEFAULT_ISSUE_SORT, 'file');
    expect(once).toEqual({ key: 'file', descending: true });
    expect(nextSort(once, 'file')).toEqual({ key: 'file', descending: false });
    expect(nextSort(once, 'line')).toEqual({ key: 'line', descending: false });
  });

  it('counts problems per file, most first', () => {
    expect(countByFile(issues)).toEqual([
      { file: csv, name: 'annotations.csv', count: 3 },
      { file: xml, name: 'game-002.xml', count: 2 },
      { file: video, name: 'game-003.mp4', count: 1 },
    ]);
    expect(countByFile([])).toEqual([]);
  });

  it('keeps two files of the same name in different folders apart', () => {
    const other = '/film/2024-25/annotations.csv';
    const counts = countByFile([issue(csv, 2), issue(other, 3), issue(other, 4)]);
    expect(counts).toEqual([
      { file: other, name: 'annotations.csv', count: 2 },
      { file: csv, name: 'annotations.csv', count: 1 },
    ]);
    expect(sortIssues([issue(csv, 2), issue(other, 3)], DEFAULT_ISSUE_SORT).map((i) => i.file)).toEqual([other, csv]);
  });
});
