import type { IncomingMessage, ServerResponse } from 'node:http';
import { checkRequest, parseTarget, type HostIdentity } from './request-guard.js';
import { EXPORT_ROUTE, exportSubject, serveExportedFile, type ExportedFileLookup } from './export-route.js';
import { MEDIA_ROUTE, serveGameVideo, videoMethodRefusal, type VideoLookup } from './media-route.js';
import { sendText } from './responses.js';
import { RPC_PATH } from './rpc-socket.js';
import { serveStatic } from './static-route.js';
import type { MediaSigner } from './token.js';

export interface HttpHandlerOptions {
  readonly identity: HostIdentity;
  readonly rendererDir: string;
  /** Checks the `?sig=` of a video address. */
  readonly signer: MediaSigner;
  /** Finds a game's video for /media/game/<id>; without it that route answers 404. */
  readonly videoOf?: VideoLookup | undefined;
  /** Finds a finished clip export's file for /media/export/<job>/<n>; without it that route answers 404. */
  readonly exportOf?: ExportedFileLookup | undefined;
}

/**
 * Every plain HTTP request: Host and Origin are checked before anything is looked up, then routed.
 * Routes, in order:
 *   /rpc       the WebSocket; a plain GET there is told to upgrade
 *   /media/game/<id>?sig=…  a game's video, with range requests (media-route.ts); GET and HEAD
 *              only, with a signature the page got over the authenticated socket (or a bearer token)
 *   /media/export/<job>/<n>?sig=…  a finished clip export's file as a download (export-route.ts), signed the same way
 *   /…         the built renderer: public files, no secret needed or set
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
  const verdict = checkRequest(request, options.identity, { requireOrigin: false, needsToken: false });
  if (!verdict.ok) {
    sendText(response, verdict.status, verdict.message);
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
    const gameId = Number(media[1]);
    const wrongMethod = videoMethodRefusal(request.method);
    if (wrongMethod?.kind === 'refused') {
      sendText(response, wrongMethod.status, wrongMethod.message, wrongMethod.headers);
      return;
    }
    if (!options.signer.verify(gameId, target.url.searchParams.get('sig')) && !checkRequest(request, options.identity, { requireOrigin: false, needsToken: true }).ok) {
      sendText(response, 403, 'This video address has expired or is not Film Room’s: reopen the game in Review.');
      return;
    }
    await serveGameVideo(request, response, gameId, options.videoOf ?? (() => undefined));
    return;
  }
  const exported = EXPORT_ROUTE.exec(target.rawPath);
  if (exported) {
    const [jobId, index] = [exported[1]!, Number(exported[2])];
    const wrongMethod = videoMethodRefusal(request.method);
    if (wrongMethod?.kind === 'refused') {
      sendText(response, wrongMethod.status, wrongMethod.message, wrongMethod.headers);
      return;
    }
    if (!options.signer.verifySubject(exportSubject(jobId, index), target.url.searchParams.get('sig')) && !checkRequest(request, options.identity, { requireOrigin: false, needsToken: true }).ok) {
      sendText(response, 403, 'This download address has expired or is not Film Room’s: open the export’s result again.');
      return;
    }
    await serveExportedFile(request, response, jobId, index, options.exportOf ?? (() => undefined));
    return;
  }
  await serveStatic(request, response, options.rendererDir, target.rawPath);
}
