import fs from 'node:fs';
import path from 'node:path';
import { ANNOTATION_EXTENSIONS, VIDEO_EXTENSIONS } from '../../shared/media-files.js';

/** Files the importer writes or keeps for itself, never annotations of a season. */
const IGNORED_FILES = new Set(['season.json', 'package.json']);

export interface SeasonFiles {
  /** The folder the season is named after. */
  root: string;
  videos: string[];
  annotations: string[];
  /** Set when the user named one video: rows for other videos are left alone, not reported. */
  onlyVideo: string | null;
  /** The user named one annotation file: only the videos it describes are imported. */
  onlyAnnotated: boolean;
}

/**
 * The videos and annotation files of a season: a folder (searched to a few levels; hidden folders
 * and the library's own clip caches skipped), or a single annotation or video file with its folder.
 */
export function discoverSeason(target: string, maxDepth = 4): SeasonFiles {
  const resolved = path.resolve(target);
  const stat = fs.statSync(resolved); // throws ENOENT with the path: the caller reports it
  const files: string[] = [];
  if (stat.isDirectory()) walk(resolved, maxDepth, files);
  else files.push(resolved);
  const root = stat.isDirectory() ? resolved : path.dirname(resolved);
  const videos = files.filter((f) => VIDEO_EXTENSIONS.has(path.extname(f).toLowerCase()));
  const annotations = files.filter((f) => ANNOTATION_EXTENSIONS.has(path.extname(f).toLowerCase()) && !IGNORED_FILES.has(path.basename(f)));
  // A single annotation file brings the videos it names; a single video brings annotations beside it.
  const onlyVideo = !stat.isDirectory() && videos.length === 1 ? resolved : null;
  if (!stat.isDirectory()) {
    const siblings: string[] = [];
    walk(root, 0, siblings);
    if (onlyVideo) annotations.push(...siblings.filter((f) => ANNOTATION_EXTENSIONS.has(path.extname(f).toLowerCase()) && !IGNORED_FILES.has(path.basename(f))));
    else videos.push(...siblings.filter((f) => VIDEO_EXTENSIONS.has(path.extname(f).toLowerCase())));
  }
  const onlyAnnotated = !stat.isDirectory() && !onlyVideo;
  return { root, videos: [...new Set(videos)].sort(), annotations: [...new Set(annotations)].sort(), onlyVideo, onlyAnnotated };
}

function walk(dir: string, depth: number, out: string[]): void {
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    if (entry.name.startsWith('.') || entry.name.endsWith('.clips')) continue;
    const full = path.join(dir, entry.name);
    if (entry.isDirectory() && depth > 0) walk(full, depth - 1, out);
    else if (entry.isFile()) out.push(full);
  }
}
