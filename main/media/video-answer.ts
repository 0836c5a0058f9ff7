/**
 * What to answer a request for a game's video, whatever carries it (the browser host's HTTP
 * server, or the Electron shell's `filmroom://` protocol): the bytes to send with their headers,
 * or why not in words that say what to do. Only videos of games in the library are served: the
 * game id is looked up, never a path from the request.
 */
import fs from 'node:fs';
import path from 'node:path';
import { parseByteRange } from './byte-range.js';

/** `/media/game/<id>`, the same address in both front doors. */
export const MEDIA_ROUTE = /^\/media\/game\/(\d{1,12})$/;

const MEDIA_TYPES: Readonly<Record<string, string>> = {
  '.mp4': 'video/mp4', '.m4v': 'video/mp4', '.mov': 'video/quicktime', '.webm': 'video/webm', '.mkv': 'video/x-matroska',
  '.ogv': 'video/ogg', '.3gp': 'video/3gpp', '.ts': 'video/mp2t', '.m2ts': 'video/mp2t', '.mts': 'video/mp2t',
};

/**
 * The video file of a game in the library, or undefined for an unknown id. The Electron shell asks
 * the services host across processes, hence the promise.
 */
export type VideoLookup = (gameId: number) => string | undefined | Promise<string | undefined>;

export type VideoAnswer =
  | { kind: 'refused'; status: 404 | 405 | 416; message: string; headers: Record<string, string> }
  /** Bytes start…end (inclusive) of `file`; none at all when the file is empty. */
  | { kind: 'bytes'; status: 200 | 206; file: string; start: number; end: number; size: number; headers: Record<string, string> };

/** Videos are only ever read: any other method is refused, saying which are allowed. */
export const VIDEO_METHODS = 'GET, HEAD';

export function videoMethodRefusal(method: string | undefined): VideoAnswer | undefined {
  if (method === 'GET' || method === 'HEAD') return undefined;
  return { kind: 'refused', status: 405, message: 'Videos are read with GET or HEAD only.', headers: { Allow: VIDEO_METHODS } };
}

/** What to say when a looked-up file cannot be served: its owner in words (a game, an export). */
export interface FileWords {
  /** The lookup found nothing (an unknown id). */
  unknown: string;
  /** The file the lookup named is not on disk. */
  missing: (fileName: string) => string;
}

export async function answerVideoRequest(gameId: number, rangeHeader: string | undefined, lookup: VideoLookup, method = 'GET'): Promise<VideoAnswer> {
  return answerFileRequest(() => lookup(gameId), rangeHeader, method, {
    unknown: `No game ${gameId} in this library.`,
    missing: (name) => `The video of game ${gameId} is missing (${name}): move it back or import the game again.`,
  });
}

/** A file found by `lookup` (never from a path in the request), whole or by range, or why not in `words`. */
export async function answerFileRequest(
  lookup: () => string | undefined | Promise<string | undefined>, rangeHeader: string | undefined, method: string, words: FileWords,
): Promise<VideoAnswer> {
  const wrongMethod = videoMethodRefusal(method);
  if (wrongMethod) return wrongMethod;
  const file = await lookup();
  if (!file) return { kind: 'refused', status: 404, message: words.unknown, headers: {} };
  let size: number;
  try {
    size = (await fs.promises.stat(file)).size;
  } catch {
    return { kind: 'refused', status: 404, headers: {}, message: words.missing(path.basename(file)) };
  }
  const base = { 'Accept-Ranges': 'bytes', 'Content-Type': MEDIA_TYPES[path.extname(file).toLowerCase()] ?? 'application/octet-stream', 'Cache-Control': 'no-store' };
  const range = parseByteRange(rangeHeader, size);
  if (range.kind === 'unsatisfiable') {
    return { kind: 'refused', status: 416, message: 'That byte range is outside the file.', headers: { 'Content-Range': `bytes */${size}` } };
  }
  const [start, end, status] = range.kind === 'part' ? [range.start, range.end, 206 as const] : [0, size - 1, 200 as const];
  return {
    kind: 'bytes', status, file, start, end, size,
    headers: { ...base, 'Content-Length': String(size === 0 ? 0 : end - start + 1), ...(status === 206 ? { 'Content-Range': `bytes ${start}-${end}/${size}` } : {}) },
  };
}
