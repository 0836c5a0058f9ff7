import type { Database } from 'better-sqlite3';
import { exportClips, type ClipExportRequest, type ClipExportResult } from '../export/clip-export.js';
import type { JobContext } from './job-context.js';

/**
 * Plays as MP4 (`filmroom clips export`, the app's export job): the request names absolute output
 * paths, already checked by whichever front door took them. Progress counts plays; a cancel stops
 * ffmpeg and removes what the export had written.
 */
export function runClipExport(db: Database, request: ClipExportRequest, context: JobContext = {}): Promise<ClipExportResult> {
  return exportClips(db, request, {
    ...(context.signal ? { signal: context.signal } : {}),
    onProgress: (p) => context.onProgress?.({ done: p.done, total: p.total, label: p.message }),
  });
}
