import path from 'node:path';
import type { Database } from 'better-sqlite3';
import { CancelledError } from '../../shared/errors.js';
import type { AnnotationRow, ReadResult } from '../annotations/types.js';
import { capErrorsPerFile, MAX_ERRORS_PER_FILE, readAnnotationFileOffThread } from './read-off-thread.js';
import { listPlayTypes } from '../library/repositories/taxonomy.js';
import { readSettings } from '../library/repositories/settings.js';
import type { ClipCache } from '../media/clip-cache.js';
import { selectGames, type GameSelection } from '../library/game-selection.js';
import { discoverSeason } from './discover.js';
import { importGame } from './import-game.js';
import { matchAnnotations } from './match.js';
import { emptyReport, type ImportReport } from './report.js';

export interface ImportProgress {
  done: number;
  total: number;
  label: string;
}

export interface ImportOptions {
  target: string;
  clipCache: ClipCache;
  /** The season the games belong to; default: the season folder's name. */
  season?: string;
  /** Videos decoded at once (ffmpeg processes). */
  concurrency?: number;
  signal?: AbortSignal;
  onProgress?: (progress: ImportProgress) => void;
  /** Only these of the season's videos (ordered by file name): one unit of a split import. */
  games?: GameSelection;
}

/**
 * Imports a season folder (or one file): reads every annotation file, pairs rows with videos, and
 * imports each game — probe, hash, rows, clips — reporting each bad file or row and going on.
 * Safe to run again: what is already there is counted, not added; what an interrupted run left
 * unfinished is completed.
 */
export async function importSeason(db: Database, options: ImportOptions): Promise<ImportReport> {
  const started = performance.now();
  const report = emptyReport();
  let season;
  try {
    season = await discoverSeason(options.target, undefined, options.signal);
  } catch (error) {
    report.errors.push({ file: path.resolve(options.target), line: null, reason: `cannot read it: ${(error as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file or folder' : (error as Error).message}` });
    return report;
  }
  const playTypes = listPlayTypes(db);
  const reads = [];
  for (const file of season.annotations) {
    // Parsed on a worker thread, at most 200,000 rows a file, and only rows for the season's videos
    // come back: a huge file never stalls this thread.
    const result = await readAnnotationFileOffThread(file, playTypes, { videos: season.videos, onlyVideo: season.onlyVideo, notVideos: season.notVideos });
    // Notes saved as .txt beside the film are not edit lists: only a .txt the user named is reported.
    if (isStrayText(file, result) && file !== path.resolve(options.target)) continue;
    for (const error of result.errors) report.errors.push(error);
    reads.push({ file, result });
  }
  const matched = matchAnnotations(reads, season.videos, season.onlyVideo, season.notVideos);
  const annotated = season.onlyAnnotated ? matched.work.filter((w) => w.rows.length > 0) : matched.work;
  const byName = [...annotated].sort((a, b) => compareNames(path.basename(a.video), path.basename(b.video)) || compareNames(a.video, b.video));
  const work = selectGames(byName, options.games ?? { kind: 'all' });
  // The rows naming no video were reported on the reader thread: their errors come first, file by file, as matching has them.
  const errors = [...reads.flatMap(({ result }) => result.matchErrors), ...matched.errors];
  // One at a time: a spread of 200,000 errors overflows the call stack.
  for (const error of errors) report.errors.push(error);
  report.annotationsSetAside = [...new Set(work.flatMap((w) => w.setAside))];
  // Codes skipped (and warnings) in a file that was set aside were never part of this import.
  for (const { file, result } of reads) {
    if (report.annotationsSetAside.includes(file)) continue;
    report.warnings.push(...(result.warnings ?? []));
    for (const [code, count] of Object.entries(result.skipped)) addSkippedCode(report, code, count);
  }

  const settings = readSettings(db);
  const seasonName = options.season ?? path.basename(season.root);
  const total = work.reduce((sum, w) => sum + w.rows.length + 1, 0);
  let done = 0;
  options.onProgress?.({ done, total, label: `${work.length} videos, ${total - work.length} plays to import` });

  for (const item of work) {
    if (options.signal?.aborted) throw new CancelledError('The import was cancelled; run it again to finish it.');
    const label = path.basename(item.video);
    const doneBefore = done;
    const outcome = await importGame(db, {
      video: item.video,
      rows: item.rows as AnnotationRow[],
      seasonName,
      clipCache: options.clipCache,
      frames: settings.clipFrames,
      size: settings.frameSize,
      concurrency: options.concurrency ?? 2,
      signal: options.signal,
      onAdvance: (count) => options.onProgress?.({ done: (done += count), total, label }),
    });
    // Rows refused before decoding count as handled too: the bar ends where the game does.
    done = doneBefore + item.rows.length + 1;
    options.onProgress?.({ done, total, label });
    mergeOutcome(report, outcome);
  }
  report.timings.totalS = (performance.now() - started) / 1000;
  // Reading and matching each list at most 1,000 row errors a file already; this bounds the rest.
  const capped = capErrorsPerFile(report.errors, 3 * MAX_ERRORS_PER_FILE);
  report.errors.length = 0;
  for (const error of capped) report.errors.push(error);
  return report;
}

function mergeOutcome(report: ImportReport, outcome: Awaited<ReturnType<typeof importGame>>): void {
  report.gamesAdded += outcome.gameAdded ? 1 : 0;
  report.gamesAlreadyPresent += outcome.gameAlreadyPresent ? 1 : 0;
  report.playsAdded += outcome.playsAdded;
  report.playsSkipped += outcome.playsSkipped;
  report.clipsAdded += outcome.clipsAdded;
  for (const error of outcome.errors) report.errors.push(error);
  for (const key of ['probeS', 'hashS', 'decodeS', 'writeS'] as const) report.timings[key] += outcome.timings[key];
}

/** Code-point order: the same on every machine and locale, so split imports agree on positions. */
function compareNames(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

function addSkippedCode(report: ImportReport, code: string, count: number): void {
  const entry = report.skippedCodes.find((e) => e.code === code);
  if (entry) entry.count += count;
  else report.skippedCodes.push({ code, count });
}

function isStrayText(file: string, result: ReadResult): boolean {
  return path.extname(file).toLowerCase() === '.txt' && result.rows.length === 0 && Object.keys(result.skipped).length === 0
    && result.errors.length === 1 && result.errors[0]!.line === null && result.errors[0]!.reason.startsWith('not a Sportscode text edit list');
}
