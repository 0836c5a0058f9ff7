/**
 * `/media/game/<id>` in browser mode: a game's video for the player, with range requests so it can
 * seek without downloading the whole file (what to send is decided in media/video-answer.ts).
 */
import fs from 'node:fs';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { answerVideoRequest, type VideoLookup } from '../media/video-answer.js';
import { sendText, writeHead } from './responses.js';

export { MEDIA_ROUTE, videoMethodRefusal, type VideoLookup } from '../media/video-answer.js';

export async function serveGameVideo(request: IncomingMessage, response: ServerResponse, gameId: number, lookup: VideoLookup): Promise<void> {
  const answer = await answerVideoRequest(gameId, request.headers.range, lookup, request.method);
  if (answer.kind === 'refused') {
    sendText(response, answer.status, answer.message, answer.headers);
    return;
  }
  writeHead(response, answer.status, answer.headers);
  if (request.method === 'HEAD' || answer.size === 0) {
    response.end();
    return;
  }
  const stream = fs.createReadStream(answer.file, { start: answer.start, end: answer.end });
  stream.on('error', () => response.destroy());
  stream.pipe(response);
}
