import fs from 'node:fs';
import type { IncomingMessage, ServerResponse } from 'node:http';
import path from 'node:path';
import { pipeline } from 'node:stream/promises';
import { resolveStaticFile } from '../system/static-files.js';
import { sendText, writeHead } from './responses.js';

export const NOT_BUILT_MESSAGE =
  'Film Room’s interface has not been built yet: run `npm run build`, then reload this page.';

/**
 * Answers GET and HEAD from the built renderer: `/` is index.html, anything else must be a regular
 * file inside `rendererDir` (resolveStaticFile refuses `..`, `%2e%2e`, NUL bytes, backslashes and
 * symlinks that lead outside). Whole files only: video with range requests gets its own route.
 */
export async function serveStatic(
  request: IncomingMessage,
  response: ServerResponse,
  rendererDir: string,
  rawPath: string,
): Promise<void> {
  if (request.method !== 'GET' && request.method !== 'HEAD') {
    sendText(response, 405, 'Only GET and HEAD are allowed here.', { Allow: 'GET, HEAD' });
    return;
  }
  if (!fs.existsSync(path.join(rendererDir, 'index.html'))) {
    sendText(response, 503, NOT_BUILT_MESSAGE);
    return;
  }
  const file = resolveStaticFile(rendererDir, rawPath);
  if (!file) {
    sendText(response, 404, 'Not found.');
    return;
  }
  let size: number;
  try {
    size = (await fs.promises.stat(file.path)).size;
  } catch {
    sendText(response, 404, 'Not found.');
    return;
  }
  const isHtml = file.contentType.startsWith('text/html');
  writeHead(response, 200, {
    'Content-Type': file.contentType,
    'Content-Length': size,
    // The page is opened with the token in its address: never keep it. Assets are revalidated.
    'Cache-Control': isHtml ? 'no-store' : 'no-cache',
  });
  if (request.method === 'HEAD') {
    response.end();
    return;
  }
  try {
    await pipeline(fs.createReadStream(file.path), response);
  } catch {
    // The client went away, or the file vanished mid-read: the status is already sent.
    response.destroy();
  }
}
