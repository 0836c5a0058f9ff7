/**
 * `/media/game/<id>`: a game's video for the player, with range requests so it can seek without
 * downloading the whole file. Only videos of games in the library are served: the id is looked up,
 * never a path from the request.
 */
import fs from 'node:fs';
import path from 'node:path';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { parseByteRange } from '../media/byte-range.js';
import { sendText, writeHead } from './responses.js';

export const MEDIA_ROUTE = /^\/media\/game\/(\d{1,12})$/;

const MEDIA_TYPES: Readonly<Record<string, string>> = {
  '.mp4': 'video/mp4', '.m4v': 'video/mp4', '.mov': 'video/quicktime', '.webm': 'video/webm', '.mkv': 'video/x-matroska',
};

/** The video file of a game in the library, or undefined for an unknown id. */
export type VideoLookup = (gameId: number) => string | undefined;

export async function serveGameVideo(request: IncomingMessage, response: ServerResponse, gameId: number, lookup: VideoLookup): Promise<void> {
  const file = lookup(gameId);
  if (!file) {
    sendText(response, 404, `No game ${gameId} in this library.`);
    return;
  }
  let size: number;
  try {
    size = (await fs.promises.stat(file)).size;
  } catch {
    sendText(response, 404, `The video of game ${gameId} is missing (${path.basename(file)}): move it back or import the game again.`);
    return;
  }
  const base = { 'Accept-Ranges': 'bytes', 'Content-Type': MEDIA_TYPES[path.extname(file).toLowerCase()] ?? 'application/octet-stream', 'Cache-Control': 'no-store' };
  const range = parseByteRange(request.headers.range, size);
  if (range.kind === 'unsatisfiable') {
    sendText(response, 416, 'That byte range is outside the video.', { 'Content-Range': `bytes */${size}` });
    return;
  }
  const [start, end, status] = range.kind === 'part' ? [range.start, range.end, 206] : [0, size - 1, 200];
  writeHead(response, status, { ...base, 'Content-Length': size === 0 ? 0 : end - start + 1, ...(status === 206 ? { 'Content-Range': `bytes ${start}-${end}/${size}` } : {}) });
  if (request.method === 'HEAD' || size === 0) {
    response.end();
    return;
  }
  const stream = fs.createReadStream(file, { start, end });
  stream.on('error', () => response.destroy());
  stream.pipe(response);
}
