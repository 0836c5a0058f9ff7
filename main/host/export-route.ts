/**
 * `/media/export/<job>/<n>` in browser mode: a finished clip export's n-th file, as a download.
 * The file is found by job and index in the jobs service, never from a path in the request.
 */
import fs from 'node:fs';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { attachmentDisposition, type ExportedFileLookup } from '../media/export-download.js';
import { answerVideoRequest } from '../media/video-answer.js';
import { sendText, writeHead } from './responses.js';

export { EXPORT_ROUTE, type ExportedFileLookup } from '../media/export-download.js';

export function exportSubject(jobId: string, file: number): string {
  return `export:${jobId}:${file}`;
}

export async function serveExportedFile(request: IncomingMessage, response: ServerResponse, jobId: string, index: number, lookup: ExportedFileLookup): Promise<void> {
  const file = await lookup(jobId, index);
  if (!file) {
    sendText(response, 404, `Job ${jobId} has no finished file to download there: export again.`);
    return;
  }
  const answer = await answerVideoRequest(0, request.headers.range, () => file, request.method);
  if (answer.kind === 'refused') {
    sendText(response, answer.status, answer.message, answer.headers);
    return;
  }
  writeHead(response, answer.status, { ...answer.headers, 'Content-Disposition': attachmentDisposition(file) });
  if (request.method === 'HEAD' || answer.size === 0) {
    response.end();
    return;
  }
  const stream = fs.createReadStream(answer.file, { start: answer.start, end: answer.end });
  stream.on('error', () => response.destroy());
  stream.pipe(response);
}
