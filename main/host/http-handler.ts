import type { IncomingMessage, ServerResponse } from 'node:http';
import { checkRequest, parseTarget, type HostIdentity } from './request-guard.js';
import { MEDIA_ROUTE, serveGameVideo, type VideoLookup } from './media-route.js';
import { sendText } from './responses.js';
import { RPC_PATH } from './rpc-socket.js';
import { serveStatic } from './static-route.js';
import { tokenCookie } from './token.js';

export interface HttpHandlerOptions {
  readonly identity: HostIdentity;
  readonly rendererDir: string;
  /** Finds a game's video for /media/game/<id>; without it that route answers 404. */
  readonly videoOf?: VideoLookup | undefined;
}

/**
 * Every plain HTTP request: checked (Host, Origin, token) before anything is looked up, then routed.
 * Routes, in order:
 *   /rpc       the WebSocket; a plain GET there is told to upgrade
 *   /media/game/<id>  a game's video, with range requests (media-route.ts)
 *   /…         the built renderer
 */
export function createHttpHandler(options: HttpHandlerOptions): (request: IncomingMessage, response: ServerResponse) => void {
  return (request, response) => {
    handle(request, response, options).catch((error: unknown) => {
      console.error('Film Room host: a request failed', error);
      if (!response.headersSent) sendText(response, 500, 'Film Room could not answer this request.');
      else response.destroy();
    });
  };
}

async function handle(request: IncomingMessage, response: ServerResponse, options: HttpHandlerOptions): Promise<void> {
  const target = parseTarget(request.url);
  if (!target) {
    sendText(response, 400, 'Bad request target.');
    return;
  }
  const verdict = checkRequest(request, target.url, options.identity, { requireOrigin: false });
  if (!verdict.ok) {
    const challenge = verdict.status === 401 ? { 'WWW-Authenticate': 'Bearer realm="Film Room"' } : {};
    sendText(response, verdict.status, verdict.message, challenge);
    return;
  }
  if (target.rawPath === RPC_PATH) {
    sendText(response, 426, 'This address is Film Room’s WebSocket: connect with a WebSocket client.', {
      Upgrade: 'websocket',
      Connection: 'Upgrade',
    });
    return;
  }
  const media = MEDIA_ROUTE.exec(target.rawPath);
  if (media) {
    await serveGameVideo(request, response, Number(media[1]), options.videoOf ?? (() => undefined));
    return;
  }
  // A page opened from the printed link gets the cookie, so its own script, style and asset
  // requests (and reloads, once the page has taken the token out of the address bar) authenticate.
  const cookie = verdict.via === 'query' ? { 'Set-Cookie': tokenCookie(options.identity.port, options.identity.token) } : {};
  await serveStatic(request, response, options.rendererDir, target.rawPath, cookie);
}
