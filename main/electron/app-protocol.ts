import fs from 'node:fs';
import { Readable } from 'node:stream';
import { answerExportRequest, EXPORT_ROUTE, type ExportedFileLookup } from '../media/export-download.js';
import { answerVideoRequest, MEDIA_ROUTE, type VideoAnswer, type VideoLookup } from '../media/video-answer.js';
import { resolveStaticFile } from '../system/static-files.js';
import { APP_HOST, CONTENT_SECURITY_POLICY } from './security.js';

export interface AppProtocolOptions {
  /** The built renderer's folder. */
  rendererRoot: string;
  /** A game's video file by library id, for `filmroom://app/media/game/<id>`. */
  videoOf: VideoLookup;
  /** A finished clip export's file by job and index, for `filmroom://app/media/export/<job>/<n>`. */
  exportOf?: ExportedFileLookup | undefined;
}

const SECURITY_HEADERS = { 'Content-Security-Policy': CONTENT_SECURITY_POLICY, 'X-Content-Type-Options': 'nosniff', 'X-Frame-Options': 'DENY' };

/**
 * Answers `filmroom://app/...`: the built renderer, and game videos with range requests (the player
 * seeks without reading the whole file, and no `file://` address ever reaches the page). The app's
 * CSP is on every response.
 */
export async function serveAppRequest(options: AppProtocolOptions, request: Request): Promise<Response> {
  const { host, pathname } = new URL(request.url);
  // `filmroom://app/` is the app; any other host under the scheme is nobody's, and answers nothing.
  if (host !== APP_HOST) return new Response('Not found', { status: 404, headers: SECURITY_HEADERS });
  const media = MEDIA_ROUTE.exec(pathname);
  const range = request.headers.get('range') ?? undefined;
  if (media) return fileResponse(request, await answerVideoRequest(Number(media[1]), range, options.videoOf, request.method));
  const exported = EXPORT_ROUTE.exec(pathname);
  if (exported) return fileResponse(request, await answerExportRequest(exported[1]!, Number(exported[2]), range, options.exportOf ?? (() => undefined), request.method));
  if (request.method !== 'GET' && request.method !== 'HEAD') return new Response('Method not allowed', { status: 405, headers: { ...SECURITY_HEADERS, Allow: 'GET, HEAD' } });
  const file = resolveStaticFile(options.rendererRoot, pathname);
  if (!file) return new Response('Not found', { status: 404, headers: SECURITY_HEADERS });
  try {
    const body = await fs.promises.readFile(file.path);
    return new Response(request.method === 'HEAD' ? null : body, { status: 200, headers: { ...SECURITY_HEADERS, 'Content-Type': file.contentType } });
  } catch {
    return new Response('Not found', { status: 404, headers: SECURITY_HEADERS });
  }
}

/** A file answer (a video, an export's download) as the protocol's response: its bytes streamed, or its refusal as text. */
function fileResponse(request: Request, answer: VideoAnswer): Response {
  if (answer.kind === 'refused') {
    return new Response(`${answer.message}\n`, { status: answer.status, headers: { ...SECURITY_HEADERS, ...answer.headers, 'Content-Type': 'text/plain; charset=utf-8' } });
  }
  const headers = { ...SECURITY_HEADERS, ...answer.headers };
  if (request.method === 'HEAD' || answer.size === 0) return new Response(null, { status: answer.status, headers });
  const stream = fs.createReadStream(answer.file, { start: answer.start, end: answer.end });
  return new Response(Readable.toWeb(stream) as ReadableStream<Uint8Array>, { status: answer.status, headers });
}
