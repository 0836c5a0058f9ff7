import type { JobProgress } from '../../../shared/api/app.js';
import type { ImportIssue, ImportSummary, JobInfo } from '../../../shared/api/jobs.js';
import { ANNOTATION_EXTENSIONS, VIDEO_EXTENSIONS } from '../../../shared/media-files.js';
import { formatEta, formatNumber, plural } from './format.js';

/**
 * What the Import view says about an import job, as plain functions of the job: no DOM, no state,
 * so they are tested on their own.
 */

/** The last part of a path, whichever slashes it uses: "/film/2025-26/annotations.csv" → "annotations.csv". */
export function fileName(path: string): string {
  return path.split(/[\\/]+/).filter(Boolean).at(-1) ?? path;
}

function extensionOf(name: string): string {
  const dot = name.lastIndexOf('.');
  return dot > 0 ? name.slice(dot).toLowerCase() : '';
}

/** Whether a path names a file the importer reads (an annotation file or a video) rather than a folder. */
export function isImportableFile(path: string): boolean {
  const extension = extensionOf(fileName(path));
  return ANNOTATION_EXTENSIONS.has(extension) || VIDEO_EXTENSIONS.has(extension);
}

/**
 * The season name an import of this path gets when none is given: the folder's name, or for a single
 * file the name of the folder it is in (as the importer decides it). Empty when the path does not say.
 */
export function defaultSeasonName(path: string): string {
  const parts = path.trim().split(/[\\/]+/).filter(Boolean);
  const name = (isImportableFile(path.trim()) ? parts.at(-2) : parts.at(-1)) ?? '';
  return name === '.' || name === '..' || name === '~' || /^[a-z]:$/i.test(name) ? '' : name;
}

/** Whole percent, never 100 before the last step is done (a bar at 100% that is still running looks stuck). */
export function percentDone(done: number, total: number): number {
  if (total <= 0) return 0;
  if (done >= total) return 100;
  return Math.max(0, Math.min(99, Math.floor((100 * done) / total)));
}

/** "12 of 86 · 13% · 2 min left", or what is happening while the size of the work is not known yet. */
export function progressLine(job: Pick<JobInfo, 'done' | 'total' | 'etaS'>): string {
  if (job.total <= 0) return 'Reading the annotation files and looking for videos…';
  return `${formatNumber(job.done)} of ${formatNumber(job.total)} · ${percentDone(job.done, job.total)}% · ${formatEta(job.etaS)}`;
}

/** A progress event folded into the job it belongs to (the event has no outcome: that is read once the job ends). */
export function applyProgress<J extends JobInfo>(job: J, progress: JobProgress): J {
  if (progress.jobId !== job.jobId) return job;
  return {
    ...job,
    label: progress.label,
    done: progress.done,
    total: progress.total,
    etaS: progress.etaS,
    state: progress.state,
    error: progress.message ?? job.error,
  };
}

const JOB_HEADINGS: Readonly<Record<JobInfo['state'], string>> = {
  running: 'Importing',
  finished: 'Import finished',
  cancelled: 'Import cancelled',
  failed: 'Import failed',
};

export function importHeading(state: JobInfo['state']): string {
  return JOB_HEADINGS[state];
}

/** Why a job that did not finish stopped, and what to do about it, in plain words. */
export function stoppedText(job: Pick<JobInfo, 'state' | 'error'>): { title: string; advice: string } | null {
  if (job.state === 'cancelled') {
    return {
      title: 'You cancelled the import.',
      advice:
        'Games finished before that are in the library. Run the same import again and it resumes where it stopped: nothing is imported twice.',
    };
  }
  if (job.state === 'failed') {
    const reason = (job.error ?? '').trim().replace(/\.+$/, '') || 'an unexpected error';
    return { title: `The import stopped: ${reason}.`, advice: `${failureCause(reason)} ${RUN_AGAIN}` };
  }
  return null;
}

const RUN_AGAIN = 'What was imported before the problem is kept; the same import run again resumes where it stopped.';

/** What to check for the failures a user can do something about; the general advice otherwise. */
function failureCause(reason: string): string {
  if (/database is locked|SQLITE_BUSY/i.test(reason)) {
    return 'Another program is writing to the library (a filmroom command in a terminal, or another Film Room window): let it finish, then try again.';
  }
  if (/nothing could be imported/i.test(reason)) return 'Fix the files and rows listed below, then run the import again.';
  if (/ENOSPC|no space left/i.test(reason)) return 'The disk is full: free some space, then try again.';
  if (/EACCES|EPERM|permission denied|read-only/i.test(reason)) {
    return 'Film Room may not read the season folder or write beside the library: check the permissions, then try again.';
  }
  return 'Check that the folder is still there and readable and that the disk has free space, then try again.';
}

/** The one-sentence answer to "what did that import do?". */
export function outcomeHeadline(result: ImportSummary): string {
  const { gamesAdded, playsAdded } = result;
  if (gamesAdded > 0) return `Added ${plural(gamesAdded, 'game')} with ${plural(playsAdded, 'play')}.`;
  if (playsAdded > 0) return `Added ${plural(playsAdded, 'play')} to games already in the library.`;
  const problems = result.errors.length;
  if (result.gamesAlreadyPresent + result.playsSkipped > 0) {
    // Problems lead: "Nothing new" alone would hide that some files or rows were left out.
    if (problems > 0) return `${plural(problems, 'problem')} kept ${problems === 1 ? 'a file or row' : 'files or rows'} out; everything else was already in the library.`;
    return 'Nothing new: every game and play found was already in the library.';
  }
  if (problems > 0) return 'Nothing was imported.';
  return 'Nothing to import: no game videos or annotations were found there.';
}

/** What the problems meant for the rest of the import (the count is shown beside it); null when there were none. */
export function problemsNote(result: ImportSummary): string | null {
  const count = result.errors.length;
  if (count === 0) return null;
  if (result.gamesAdded + result.playsAdded > 0) return 'Only the files and rows listed here were skipped; the rest of the season was imported.';
  if (result.gamesAlreadyPresent + result.playsSkipped > 0) return 'Only the files and rows listed here were skipped; the rest was already in the library.';
  return count === 1
    ? 'Nothing could be imported because of this problem. Fix it and run the import again.'
    : 'Nothing could be imported because of these problems. Fix them and run the import again.';
}

/** Whether the import touched anything at all (otherwise a row of zeros says less than the headline). */
export function hasCounts(result: ImportSummary): boolean {
  return result.gamesAdded + result.gamesAlreadyPresent + result.playsAdded + result.playsSkipped + result.clipsAdded > 0 || result.skippedCodes.length > 0;
}

/** Codes that are not play types ("Team", "Shot"…), most frequent first: "Team ×40, Shot ×22". */
export function skippedCodesText(codes: readonly { code: string; count: number }[]): string {
  return [...codes]
    .sort((a, b) => b.count - a.count || a.code.localeCompare(b.code))
    .map((entry) => `${entry.code} ×${formatNumber(entry.count)}`)
    .join(', ');
}

export function skippedCodesTotal(codes: readonly { count: number }[]): number {
  return codes.reduce((sum, entry) => sum + entry.count, 0);
}

export type IssueSortKey = 'file' | 'line' | 'reason';
export interface IssueSort {
  key: IssueSortKey;
  descending: boolean;
}
export const DEFAULT_ISSUE_SORT: IssueSort = { key: 'file', descending: false };

const collator = new Intl.Collator('en', { numeric: true, sensitivity: 'base' });

/** Lines in reading order: whole-file problems (no line) first, then row 2 before row 10, XML instance ids by number too. */
export function compareLines(a: ImportIssue['line'], b: ImportIssue['line']): number {
  if (a === b) return 0;
  if (a === null) return -1;
  if (b === null) return 1;
  if (typeof a === 'number' && typeof b === 'number') return a - b;
  return collator.compare(String(a), String(b));
}

type Compare = (a: ImportIssue, b: ImportIssue) => number;
const byFile: Compare = (a, b) => collator.compare(fileName(a.file), fileName(b.file)) || collator.compare(a.file, b.file);
const byLine: Compare = (a, b) => compareLines(a.line, b.line);
const byReason: Compare = (a, b) => collator.compare(a.reason, b.reason);
const SORT_ORDERS: Readonly<Record<IssueSortKey, readonly [Compare, ...Compare[]]>> = {
  file: [byFile, byLine, byReason],
  line: [byLine, byFile, byReason],
  reason: [byReason, byFile, byLine],
};

/** The error report in the asked order; ties fall back to file, then line, so a file's rows stay together. */
export function sortIssues(issues: readonly ImportIssue[], sort: IssueSort): ImportIssue[] {
  const [first, ...rest] = SORT_ORDERS[sort.key];
  const sign = sort.descending ? -1 : 1;
  return [...issues].sort((a, b) => {
    const primary = sign * first(a, b);
    if (primary !== 0) return primary;
    for (const compare of rest) {
      const result = compare(a, b);
      if (result !== 0) return result;
    }
    return 0;
  });
}

/** A click on a column heading: the same column again flips the order, another starts ascending. */
export function nextSort(current: IssueSort, key: IssueSortKey): IssueSort {
  return current.key === key ? { key, descending: !current.descending } : { key, descending: false };
}

export interface FileProblemCount {
  file: string;
  name: string;
  count: number;
}

/** How many problems each file has, most first: where to start fixing. */
export function countByFile(issues: readonly ImportIssue[]): FileProblemCount[] {
  const counts = new Map<string, number>();
  for (const issue of issues) counts.set(issue.file, (counts.get(issue.file) ?? 0) + 1);
  return [...counts]
    .map(([file, count]) => ({ file, name: fileName(file), count }))
    .sort((a, b) => b.count - a.count || collator.compare(a.name, b.name) || collator.compare(a.file, b.file));
}

/** Where in its file a problem is: a row number, a Sportscode instance ID, or the whole file. */
export function lineText(line: ImportIssue['line']): string {
  if (line === null) return 'whole file';
  return typeof line === 'number' ? formatNumber(line) : `ID ${line}`;
}

/** A season folder's path as the user's system spells it, for the field's example. */
export function examplePath(platform: string | undefined): string {
  if (platform === 'win32') return 'C:\\Users\\you\\film\\2025-26';
  if (platform === 'darwin') return '/Users/you/film/2025-26';
  return '/home/you/film/2025-26';
}

/** Escape alone, while an import runs, takes the keyboard to its Cancel button (Enter then confirms). */
export function isImportCancelKey(press: { key: string; altKey?: boolean; ctrlKey?: boolean; metaKey?: boolean; shiftKey?: boolean }): boolean {
  return press.key === 'Escape' && !press.altKey && !press.ctrlKey && !press.metaKey && !press.shiftKey;
}

/** Import's key in words, for the shortcut sheet (a unit test checks it against isImportCancelKey). */
export const IMPORT_KEY_HELP: readonly { keys: readonly string[]; does: string }[] = [{ keys: ['Esc'], does: 'while an import runs: to its Cancel button (Enter confirms)' }];
