import path from 'node:path';
import { MAX_ERRORS_PER_FILE } from './read-off-thread.js';
import type { AnnotationError, AnnotationRow, ReadResult } from '../annotations/types.js';

/** Annotation formats in the order they are trusted when several describe the same video. */
const FORMAT_PRIORITY = ['.csv', '.json', '.xml', '.txt'];

export interface VideoWork {
  video: string;
  rows: AnnotationRow[];
  /** Annotation files that also described this video but were set aside for a preferred one. */
  setAside: string[];
}

/**
 * Pairs annotation rows with videos: CSV and JSON rows name their video (relative to their own
 * file); a Sportscode edit list belongs to the video with its base name in its folder. When a video
 * is described by several files (a season exported as CSV, JSON and XML at once), one file is used,
 * CSV first, so the same plays are not counted three times.
 */
export function matchAnnotations(
  reads: readonly { file: string; result: ReadResult }[],
  videos: readonly string[],
  onlyVideo: string | null,
  /** Files that are there but hold no video, with why (from discovery). */
  notVideos: ReadonlyMap<string, string> = new Map(),
): { work: VideoWork[]; errors: AnnotationError[] } {
  const known = new Set(videos.map((v) => path.resolve(v)));
  const byBaseName = new Map(videos.map((v) => [path.join(path.dirname(v), path.parse(v).name), path.resolve(v)]));
  const candidates = new Map<string, Map<string, AnnotationRow[]>>(); // video → annotation file → rows
  const errors: AnnotationError[] = [];

  for (const { file, result } of reads) {
    // Worked out once per distinct name: a file of 200,000 rows names a few dozen videos, and
    // resolving each row's path again kept the importing thread busy for a second.
    const resolved = new Map<string | null, { video: string | undefined; missing: string }>();
    const videoOf = (named: string | null) => {
      let found = resolved.get(named);
      if (!found) {
        const video = named ? path.resolve(path.dirname(file), named) : byBaseName.get(path.join(path.dirname(file), path.parse(file).name));
        const shown = named ?? `${path.parse(file).name}.*`;
        found = { video, missing: `no video "${shown}" next to the annotations: put the video beside ${path.basename(file)} or fix its path` };
        resolved.set(named, found);
      }
      return found;
    };
    let listed = 0;
    let unlisted = 0;
    for (const row of result.rows) {
      const { video, missing } = videoOf(row.video);
      if (onlyVideo && video !== onlyVideo) continue;
      if (video && notVideos.has(video)) {
        errors.push({ file, line: row.line, reason: `"${row.video ?? path.basename(video)}" is not a video Film Room can read: ${notVideos.get(video)}` });
        continue;
      }
      if (!video || !known.has(video)) {
        // Listed up to the per-file limit, then counted: 200,000 error objects cost the thread more than the rows.
        if (listed++ < MAX_ERRORS_PER_FILE) errors.push({ file, line: row.line, reason: missing });
        else unlisted++;
        continue;
      }
      let files = candidates.get(video);
      if (!files) candidates.set(video, (files = new Map()));
      let rows = files.get(file);
      if (!rows) files.set(file, (rows = []));
      rows.push(row);
    }
    if (unlisted > 0) errors.push({ file, line: null, reason: `${unlisted.toLocaleString('en-US')} more rows name a video that is not there (not listed)` });
  }

  const work = videos
    .map((v) => path.resolve(v))
    .filter((video) => !onlyVideo || video === onlyVideo)
    .map((video) => {
      const files = [...(candidates.get(video)?.keys() ?? [])].sort(
        (a, b) => FORMAT_PRIORITY.indexOf(path.extname(a).toLowerCase()) - FORMAT_PRIORITY.indexOf(path.extname(b).toLowerCase()) || a.localeCompare(b),
      );
      const chosen = files[0];
      return { video, rows: chosen ? candidates.get(video)!.get(chosen)! : [], setAside: files.slice(1) };
    });
  return { work, errors };
}
