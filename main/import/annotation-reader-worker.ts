/**
 * The worker thread behind readAnnotationFileOffThread: reads one annotation file with the usual
 * readers, applies the caps, keeps only rows for the season's videos (matchAnnotations, as the
 * import does, so the reports read the same), and posts the rows back in chunks, then the rest.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { readAnnotationFile } from '../annotations/read-file.js';
import { createAnnotationResolver } from '../annotations/resolver.js';
import type { AnnotationError, ReadResult } from '../annotations/types.js';
import { matchAnnotations } from './match.js';
import { capErrorsPerFile, capReadResult, ROWS_PER_CHUNK, type ReadMessage, type ReadRequest } from './read-off-thread.js';

const request = workerData as ReadRequest;
const port = parentPort!;
const read = capReadResult(request.file, await readAnnotationFile(request.file, createAnnotationResolver(request.playTypes)), request.maxRows, request.maxErrors);
let result: ReadResult = read;
let matchErrors: AnnotationError[] = [];
if (request.videos) {
  const matched = matchAnnotations([{ file: request.file, result: read }], request.videos, request.onlyVideo, request.notVideos ?? undefined);
  result = { ...read, rows: matched.work.flatMap((work) => work.rows) };
  matchErrors = capErrorsPerFile(matched.errors, request.maxErrors);
}
const { rows, errors, skipped, ...extra } = result;
// One chunk at a time, each after the caller asks for it: queued messages would all be taken in
// one go on the other side, which is the stall this worker exists to avoid.
const next = () => new Promise<void>((resolve) => port.once('message', () => resolve()));
for (let start = 0; start < rows.length; start += ROWS_PER_CHUNK) {
  port.postMessage({ kind: 'rows', rows: rows.slice(start, start + ROWS_PER_CHUNK) } satisfies ReadMessage);
  await next();
}
port.postMessage({ kind: 'done', errors, matchErrors, skipped: { ...skipped }, extra } satisfies ReadMessage);
