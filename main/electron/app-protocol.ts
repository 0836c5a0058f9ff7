import fs from 'node:fs/promises';
import { resolveStaticFile } from '../system/static-files.js';
import { CONTENT_SECURITY_POLICY } from './security.js';

/** Answers `filmroom://app/...` from the built renderer, with the app's CSP on every response. */
export async function serveAppRequest(rendererRoot: string, request: Request): Promise<Response> {
  const headers = { 'Content-Security-Policy': CONTENT_SECURITY_POLICY, 'X-Content-Type-Options': 'nosniff' };
  if (request.method !== 'GET' && request.method !== 'HEAD') return new Response('Method not allowed', { status: 405, headers });
  const file = resolveStaticFile(rendererRoot, new URL(request.url).pathname);
  if (!file) return new Response('Not found', { status: 404, headers });
  try {
    const body = await fs.readFile(file.path);
    return new Response(request.method === 'HEAD' ? null : body, { status: 200, headers: { ...headers, 'Content-Type': file.contentType } });
  } catch {
    return new Response('Not found', { status: 404, headers });
  }
}
