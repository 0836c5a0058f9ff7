/**
 * The worker thread behind readAnnotationFileOffThread: reads one annotation file with the usual
 * readers, applies the caps, and posts the rows back in chunks, then the rest.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { readAnnotationFile } from './read-file.js';
import { capReadResult, ROWS_PER_CHUNK, type ReadMessage, type ReadRequest } from './read-off-thread.js';
import { createAnnotationResolver } from './resolver.js';

const request = workerData as ReadRequest;
const port = parentPort!;
const result = capReadResult(request.file, await readAnnotationFile(request.file, createAnnotationResolver(request.playTypes)), request.maxRows, request.maxErrors);
const { rows, errors, skipped, ...extra } = result;
// One chunk at a time, each after the caller asks for it: queued messages would all be taken in
// one go on the other side, which is the stall this worker exists to avoid.
const next = () => new Promise<void>((resolve) => port.once('message', () => resolve()));
for (let start = 0; start < rows.length; start += ROWS_PER_CHUNK) {
  port.postMessage({ kind: 'rows', rows: rows.slice(start, start + ROWS_PER_CHUNK) } satisfies ReadMessage);
  await next();
}
port.postMessage({ kind: 'done', errors, skipped: { ...skipped }, extra } satisfies ReadMessage);
