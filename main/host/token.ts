import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import type { IncomingMessage } from 'node:http';

/** Where a request's token came from; only a `?token=` page load earns the cookie. */
export type TokenSource = 'query' | 'bearer' | 'cookie';

/** A fresh access token for one start of the host: 32 random bytes, base64url. */
export function generateToken(): string {
  return randomBytes(32).toString('base64url');
}

/**
 * Constant-time comparison. Both sides are hashed first so `timingSafeEqual` always sees two
 * buffers of equal length, and the time taken says nothing about where, or whether, they differ.
 */
export function tokensEqual(presented: string, expected: string): boolean {
  const a = createHash('sha256').update(presented, 'utf8').digest();
  const b = createHash('sha256').update(expected, 'utf8').digest();
  return timingSafeEqual(a, b);
}

/**
 * The cookie's name carries the port: browsers share cookies between all ports of 127.0.0.1, so
 * two hosts running at once (two libraries) would otherwise overwrite each other's token.
 */
export function tokenCookieName(port: number): string {
  return `filmroom_token_${port}`;
}

/** The `Set-Cookie` value that lets a page's own script, style and asset requests authenticate. */
export function tokenCookie(port: number, token: string): string {
  return `${tokenCookieName(port)}=${token}; HttpOnly; SameSite=Strict; Path=/`;
}

/** Every token a request presents, in the order they are tried. */
export function presentedTokens(request: IncomingMessage, url: URL, port: number): { source: TokenSource; token: string }[] {
  const found: { source: TokenSource; token: string }[] = [];
  const query = url.searchParams.get('token');
  if (query) found.push({ source: 'query', token: query });
  const bearer = /^Bearer\s+(\S+)\s*$/i.exec(request.headers.authorization ?? '')?.[1];
  if (bearer) found.push({ source: 'bearer', token: bearer });
  const cookie = readCookie(request.headers.cookie, tokenCookieName(port));
  if (cookie) found.push({ source: 'cookie', token: cookie });
  return found;
}

function readCookie(header: string | undefined, name: string): string | undefined {
  if (!header) return undefined;
  for (const pair of header.split(';')) {
    const eq = pair.indexOf('=');
    if (eq > 0 && pair.slice(0, eq).trim() === name) return pair.slice(eq + 1).trim() || undefined;
  }
  return undefined;
}
