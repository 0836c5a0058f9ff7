/**
 * `/media/export/<job>/<n>` in browser mode: a finished clip export's n-th file, as a download.
 * The file is found by job and index in the jobs service, never from a path in the request.
 */
import fs from 'node:fs';
import path from 'node:path';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { answerVideoRequest } from '../media/video-answer.js';
import { sendText, writeHead } from './responses.js';

export const EXPORT_ROUTE = /^\/media\/export\/(clips-\d{1,12})\/(\d{1,6})$/;

/** A finished export's file by job id and index; undefined when there is none (running, failed, moved). */
export type ExportedFileLookup = (jobId: string, file: number) => string | undefined | Promise<string | undefined>;

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
  // A plain ASCII name for every browser, and the exact one in RFC 5987 form for those that read it.
  const name = path.basename(file);
  const ascii = name.replace(/[^\x20-\x7e]|["\\]/g, '_');
  writeHead(response, answer.status, { ...answer.headers, 'Content-Disposition': `attachment; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(name)}` });
  if (request.method === 'HEAD' || answer.size === 0) {
    response.end();
    return;
  }
  const stream = fs.createReadStream(answer.file, { start: answer.start, end: answer.end });
  stream.on('error', () => response.destroy());
  stream.pipe(response);
}
