/**
 * `/media/game/<id>` in browser mode: a game's video for the player, with range requests so it can
 * seek without downloading the whole file (what to send is decided in media/video-answer.ts).
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { answerVideoRequest, type VideoLookup } from '../media/video-answer.js';
import { sendFileAnswer } from './responses.js';

export { MEDIA_ROUTE, videoMethodRefusal, type VideoLookup } from '../media/video-answer.js';

export async function serveGameVideo(request: IncomingMessage, response: ServerResponse, gameId: number, lookup: VideoLookup): Promise<void> {
  sendFileAnswer(request, response, await answerVideoRequest(gameId, request.headers.range, lookup, request.method));
}
