import fs from 'node:fs';
import path from 'node:path';
import { ANNOTATION_EXTENSIONS, VIDEO_EXTENSIONS } from '../../shared/media-files.js';
import { probeVideo } from '../media/probe.js';

/** Files the importer writes or keeps for itself, never annotations of a season. */
const IGNORED_FILES = new Set(['season.json', 'package.json']);
/**
 * Files not worth asking ffprobe about: documents, pictures, archives and the library's own files,
 * which are never game film. Anything else without a known video extension is probed.
 */
const NEVER_VIDEO = new Set([
  '.pdf', '.doc', '.docx', '.xls', '.xlsx', '.ppt', '.pptx', '.key', '.numbers', '.pages', '.rtf', '.md', '.html', '.htm',
  '.jpg', '.jpeg', '.png', '.gif', '.bmp', '.tif', '.tiff', '.heic', '.webp', '.svg',
  '.zip', '.gz', '.tar', '.7z', '.rar', '.db', '.db-wal', '.db-shm', '.sqlite', '.rgb', '.h5', '.onnx', '.bin',
  '.js', '.ts.map', '.sh', '.exe', '.dll', '.dmg', '.ds_store', '.ini', '.log', '.yml', '.yaml', '.sportscode', '.srt', '.vtt',
]);
/** ffprobe processes at once while looking at files of unknown kind. */
const PROBES_AT_ONCE = 4;

export interface SeasonFiles {
  /** The folder the season is named after. */
  root: string;
  videos: string[];
  annotations: string[];
  /** Set when the user named one video: rows for other videos are left alone, not reported. */
  onlyVideo: string | null;
  /** The user named one annotation file: only the videos it describes are imported. */
  onlyAnnotated: boolean;
  /** Files ffprobe was asked about and found no video in, with why: a row naming one says so. */
  notVideos: Map<string, string>;
}

/**
 * The videos and annotation files of a season: a folder (searched to a few levels; hidden folders
 * and the library's own clip caches skipped), or a single annotation or video file with its folder.
 * A file is a video when it has a video extension, or when ffprobe finds a moving picture in it
 * whatever it is called (`.ogv`, `.m2ts`, `.mxf`, a camera's own extension, none at all).
 */
export async function discoverSeason(target: string, maxDepth = 4, signal?: AbortSignal): Promise<SeasonFiles> {
  const resolved = path.resolve(target);
  const stat = fs.statSync(resolved); // throws ENOENT with the path: the caller reports it
  const files: string[] = [];
  if (stat.isDirectory()) walk(resolved, maxDepth, files);
  else files.push(resolved);
  const root = stat.isDirectory() ? resolved : path.dirname(resolved);
  const siblings: string[] = [];
  if (!stat.isDirectory()) walk(root, 0, siblings);
  const notVideos = new Map<string, string>();
  const kinds = await classify([...new Set([...files, ...siblings])], notVideos, signal);

  const videos = files.filter((f) => kinds.get(f) === 'video');
  const annotations = files.filter((f) => kinds.get(f) === 'annotation');
  // A single annotation file brings the videos it names; a single video brings annotations beside it.
  const onlyVideo = !stat.isDirectory() && videos.length === 1 ? resolved : null;
  if (!stat.isDirectory()) {
    if (onlyVideo) annotations.push(...siblings.filter((f) => kinds.get(f) === 'annotation'));
    else videos.push(...siblings.filter((f) => kinds.get(f) === 'video'));
  }
  const onlyAnnotated = !stat.isDirectory() && !onlyVideo;
  return { root, videos: [...new Set(videos)].sort(), annotations: [...new Set(annotations)].sort(), onlyVideo, onlyAnnotated, notVideos };
}

type Kind = 'video' | 'annotation' | 'other';

async function classify(files: readonly string[], notVideos: Map<string, string>, signal?: AbortSignal): Promise<Map<string, Kind>> {
  const kinds = new Map<string, Kind>();
  const unknown: string[] = [];
  for (const file of files) {
    const extension = path.extname(file).toLowerCase();
    if (VIDEO_EXTENSIONS.has(extension)) kinds.set(file, 'video');
    else if (ANNOTATION_EXTENSIONS.has(extension)) kinds.set(file, IGNORED_FILES.has(path.basename(file)) ? 'other' : 'annotation');
    else if (NEVER_VIDEO.has(extension) || path.basename(file).endsWith('.partial')) kinds.set(file, 'other');
    else unknown.push(file);
  }
  let next = 0;
  const worker = async () => {
    while (next < unknown.length) {
      const file = unknown[next++]!;
      const refused = await probeVideo(file, signal).then(() => null, (error: Error) => error.message);
      kinds.set(file, refused === null ? 'video' : 'other');
      if (refused !== null) notVideos.set(file, refused);
    }
  };
  await Promise.all(Array.from({ length: Math.min(PROBES_AT_ONCE, unknown.length) }, worker));
  return kinds;
}

function walk(dir: string, depth: number, out: string[]): void {
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    if (entry.name.startsWith('.') || entry.name.endsWith('.clips')) continue;
    const full = path.join(dir, entry.name);
    if (entry.isDirectory() && depth > 0) walk(full, depth - 1, out);
    else if (entry.isFile()) out.push(full);
  }
}
