/**
 * A finished clip export's files as downloads, whatever carries them (the browser host's HTTP
 * server, or the Electron shell's `filmroom://` protocol): found by job and index in the jobs
 * service, never from a path in the request.
 */
import path from 'node:path';
import { answerFileRequest, type VideoAnswer } from './video-answer.js';

/** `/media/export/<job>/<n>`, the same address in both front doors. */
export const EXPORT_ROUTE = /^\/media\/export\/(clips-\d{1,12})\/(\d{1,6})$/;

/** A finished export's file by job id and index; undefined when there is none (running, failed, moved). */
export type ExportedFileLookup = (jobId: string, file: number) => string | undefined | Promise<string | undefined>;

/** Saves as the file's own name: a plain ASCII one for every browser, the exact one (RFC 5987) for those that read it. */
export function attachmentDisposition(file: string): string {
  const name = path.basename(file);
  const ascii = name.replace(/[^\x20-\x7e]|["\\]/g, '_');
  return `attachment; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(name)}`;
}

/** What to send for `/media/export/<job>/<n>`: the file as a download, or why not, naming the export. */
export async function answerExportRequest(jobId: string, index: number, rangeHeader: string | undefined, lookup: ExportedFileLookup, method = 'GET'): Promise<VideoAnswer> {
  const answer = await answerFileRequest(() => lookup(jobId, index), rangeHeader, method, {
    unknown: `Job ${jobId} has no finished file ${index + 1} to download: it may still be running, have failed, or its file was moved. Export again.`,
    missing: (name) => `The exported file ${name} is no longer where the export wrote it (moved or deleted): export again.`,
  });
  if (answer.kind === 'bytes') answer.headers['Content-Disposition'] = attachmentDisposition(answer.file);
  return answer;
}
