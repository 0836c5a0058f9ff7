import type { IncomingMessage } from 'node:http';
import { presentedTokens, tokensEqual, type TokenSource } from './token.js';

/** What a request is checked against: this start's port and token. */
export interface HostIdentity {
  readonly port: number;
  readonly token: string;
}

export type Verdict = { ok: true; via: TokenSource | null } | { ok: false; status: number; message: string };

const OPEN_THE_LINK = 'Open the link printed by `filmroom serve`: it carries this session’s access token.';

/** The request's target, parsed; `undefined` for anything but a plain `/path?query` (proxy forms, `*`). */
export function parseTarget(rawUrl: string | undefined): { url: URL; rawPath: string } | undefined {
  if (!rawUrl || !rawUrl.startsWith('/') || rawUrl.startsWith('//')) return undefined;
  try {
    const url = new URL(rawUrl, 'http://127.0.0.1');
    // The path exactly as sent (before the URL parser folds `..` and `%2e%2e`): the static route
    // judges it itself, so a traversal attempt is refused rather than quietly normalised.
    const rawPath = rawUrl.split(/[?#]/, 1)[0] ?? '/';
    return { url, rawPath };
  } catch {
    return undefined;
  }
}

/**
 * The checks every HTTP request and WebSocket upgrade passes, in order: the Host header (a page on
 * a rebound DNS name still says its own name), the Origin (no other site's page), then, where
 * `needsToken`, the token (a WebSocket subprotocol or a bearer header; never a cookie, which other
 * ports of 127.0.0.1 would receive too). The built renderer's files are public and need no token:
 * the page takes its token from the link it was opened with.
 * WebSocket upgrades must carry an Origin: browsers always send one, and cross-site WebSockets
 * are not covered by the same-origin policy.
 */
export function checkRequest(request: IncomingMessage, host: HostIdentity, options: { requireOrigin: boolean; needsToken: boolean }): Verdict {
  const allowedHosts = [`127.0.0.1:${host.port}`, `localhost:${host.port}`];
  if (!allowedHosts.includes((request.headers.host ?? '').toLowerCase())) {
    return { ok: false, status: 421, message: `Film Room answers only at http://127.0.0.1:${host.port}. ${OPEN_THE_LINK}` };
  }

  const origin = request.headers.origin;
  if (origin === undefined && options.requireOrigin) {
    return { ok: false, status: 403, message: `Refused: a connection without an Origin header. ${OPEN_THE_LINK}` };
  }
  if (origin !== undefined && !allowedHosts.some((allowed) => origin.toLowerCase() === `http://${allowed}`)) {
    return { ok: false, status: 403, message: `Refused: requests from other sites may not use Film Room. ${OPEN_THE_LINK}` };
  }
  if (!options.needsToken) return { ok: true, via: null };

  const presented = presentedTokens(request);
  if (presented.length === 0) {
    return { ok: false, status: 401, message: `Film Room needs its access token. ${OPEN_THE_LINK}` };
  }
  // Any one valid credential will do. Every candidate is compared, valid or not.
  let via: TokenSource | undefined;
  for (const candidate of presented) {
    if (tokensEqual(candidate.token, host.token) && via === undefined) via = candidate.source;
  }
  if (via === undefined) {
    return { ok: false, status: 403, message: `This access token is wrong or from an earlier session. ${OPEN_THE_LINK}` };
  }
  return { ok: true, via };
}
