/**
 * `/media/export/<job>/<n>` in browser mode: a finished clip export's n-th file, as a download.
 * The file is found by job and index in the jobs service, never from a path in the request.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { answerExportRequest, type ExportedFileLookup } from '../media/export-download.js';
import { sendFileAnswer } from './responses.js';

export { EXPORT_ROUTE, type ExportedFileLookup } from '../media/export-download.js';

export function exportSubject(jobId: string, file: number): string {
  return `export:${jobId}:${file}`;
}

export async function serveExportedFile(request: IncomingMessage, response: ServerResponse, jobId: string, index: number, lookup: ExportedFileLookup): Promise<void> {
  sendFileAnswer(request, response, await answerExportRequest(jobId, index, request.headers.range, lookup, request.method));
}
