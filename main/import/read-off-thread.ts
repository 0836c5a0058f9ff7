/**
 * Reading and parsing an annotation file on a worker thread, so that a huge or hostile file never
 * stalls the thread that called it (browser mode's host answering the page, Electron's services,
 * the CLI's progress). The reader functions are the same (read-file.ts); only the thread differs.
 *
 * A file may hold at most `MAX_ANNOTATION_ROWS` plays: a season of a whole league is about 250,000
 * plays across many files, and a million-row file is a mistake or an attack. Rows past the cap are
 * left out and the file is reported; so are errors past `MAX_ERRORS_PER_FILE` (counted, not listed).
 * Rows that name no video of the season are reported there too, so a file of a million rows for
 * videos that are not there sends nothing back but its first errors.
 * The rows come back in chunks, each asked for in turn, so the calling thread takes them in short
 * steps between other work instead of one long deserialisation.
 */
import fs from 'node:fs';
import path from 'node:path';
import { Worker } from 'node:worker_threads';
import type { PlayType } from '../../shared/taxonomy.js';
import { packageRoot } from '../system/package-paths.js';
import type { AnnotationError, AnnotationRow, ReadResult } from '../annotations/types.js';

export const MAX_ANNOTATION_ROWS = 200_000;
export const MAX_ERRORS_PER_FILE = 1_000;
/** Rows per message from the worker. */
export const ROWS_PER_CHUNK = 5_000;
/** A worker that needs more than this for one file is stopped and the file reported. */
const WORKER_HEAP_MB = 1_536;

export interface OffThreadOptions {
  maxRows?: number;
  maxErrors?: number;
  /**
   * The season's videos: rows naming none of them are reported (at most `maxErrors`) on the
   * worker and never cross to the calling thread. Without it, every row comes back.
   */
  videos?: readonly string[];
  /** With `videos`: only rows of this video are kept (the user named one video). */
  onlyVideo?: string | null;
  /** With `videos`: files that are there but hold no video, with why (from discovery). */
  notVideos?: ReadonlyMap<string, string>;
}

/** What the worker is given: plain data (a resolver function cannot cross threads; its taxonomy can). */
export interface ReadRequest {
  file: string;
  playTypes: readonly PlayType[];
  maxRows: number;
  maxErrors: number;
  videos: readonly string[] | null;
  onlyVideo: string | null;
  notVideos: ReadonlyMap<string, string> | null;
}

/** Worker → caller messages. */
export type ReadMessage =
  | { kind: 'rows'; rows: AnnotationRow[] }
  | { kind: 'done'; errors: AnnotationError[]; matchErrors: AnnotationError[]; skipped: Record<string, number>; extra: Record<string, unknown> };

/** The reader's result; with `videos`, the rows naming none of them are in `matchErrors`, apart. */
export type OffThreadReadResult = ReadResult & { readonly matchErrors: AnnotationError[] };

/** The built worker script (`npm run build` writes it beside the CLI). */
export function readerWorkerPath(): string {
  return path.join(packageRoot(), 'dist', 'main', 'annotation-reader.js');
}

/**
 * `readAnnotationFile`'s answer for `file`, computed on a worker thread, with the caps applied.
 * Never throws for a bad file: a worker that fails is reported as the file's error.
 */
export function readAnnotationFileOffThread(file: string, playTypes: readonly PlayType[], options: OffThreadOptions = {}): Promise<OffThreadReadResult> {
  const fileError = (reason: string): OffThreadReadResult => ({ rows: [], errors: [{ file, line: null, reason }], skipped: {}, matchErrors: [] });
  const entry = readerWorkerPath();
  if (!fs.existsSync(entry)) {
    return Promise.resolve(fileError(`cannot read it: Film Room is not built (no ${path.basename(entry)}); run \`npm run build\` and import again`));
  }
  const request: ReadRequest = {
    file, playTypes, maxRows: options.maxRows ?? MAX_ANNOTATION_ROWS, maxErrors: options.maxErrors ?? MAX_ERRORS_PER_FILE,
    videos: options.videos ?? null, onlyVideo: options.onlyVideo ?? null, notVideos: options.notVideos ?? null,
  };
  return new Promise((resolve) => {
    const rows: AnnotationRow[] = [];
    let settled = false;
    const settle = (result: OffThreadReadResult) => {
      if (settled) return;
      settled = true;
      resolve(result);
    };
    const worker = new Worker(entry, { workerData: request, resourceLimits: { maxOldGenerationSizeMb: WORKER_HEAP_MB }, stdout: false, stderr: false });
    worker.on('message', (message: ReadMessage) => {
      if (message.kind === 'rows') {
        for (const row of message.rows) rows.push(row);
        // The next chunk only after other work waiting on this thread has had its turn.
        setImmediate(() => worker.postMessage('next'));
        return;
      }
      settle({ ...message.extra, rows, errors: message.errors, skipped: message.skipped, matchErrors: message.matchErrors } as OffThreadReadResult);
    });
    worker.on('error', (error: Error & { code?: string }) => {
      const reason = error.code === 'ERR_WORKER_OUT_OF_MEMORY' ? `too large to read: it needed more than ${WORKER_HEAP_MB} MB` : `could not be read: ${error.message}`;
      settle(fileError(reason));
    });
    worker.on('exit', (code) => settle(fileError(`could not be read: its reader stopped (exit code ${code})`)));
  });
}

/** The caps, applied to a reader's result (in the worker). */
export function capReadResult(file: string, result: ReadResult, maxRows: number, maxErrors: number): ReadResult {
  let { rows, errors } = result;
  const notes: AnnotationError[] = [];
  if (rows.length > maxRows) {
    const first = rows[maxRows]!;
    notes.push({
      file,
      line: first.line,
      reason: `holds ${rows.length.toLocaleString('en-US')} plays, more than the ${maxRows.toLocaleString('en-US')} one file may hold: the plays from this row on were left out; split the file and import the rest`,
    });
    rows = rows.slice(0, maxRows);
  }
  if (errors.length > maxErrors) {
    notes.push({ file, line: null, reason: `${(errors.length - maxErrors).toLocaleString('en-US')} more rows with errors are not listed (the first ${maxErrors.toLocaleString('en-US')} are)` });
    errors = errors.slice(0, maxErrors);
  }
  return notes.length === 0 ? result : { ...result, rows, errors: [...errors, ...notes] };
}

/**
 * At most `max` row errors per file, then one line saying how many more there were: a report of a
 * million bad rows helps no one, and carrying it to a page would stall the host sending it.
 */
export function capErrorsPerFile(errors: readonly AnnotationError[], max: number = MAX_ERRORS_PER_FILE): AnnotationError[] {
  const kept: AnnotationError[] = [];
  const counts = new Map<string, number>();
  for (const error of errors) {
    // File-level notes (no line: "too large", "N more rows…") are always kept; rows are counted.
    if (error.line === null) {
      kept.push(error);
      continue;
    }
    const count = (counts.get(error.file) ?? 0) + 1;
    counts.set(error.file, count);
    if (count <= max) kept.push(error);
  }
  for (const [file, count] of counts) {
    if (count > max) kept.push({ file, line: null, reason: `${(count - max).toLocaleString('en-US')} more rows with errors in this file are not listed (the first ${max.toLocaleString('en-US')} are)` });
  }
  return kept;
}
