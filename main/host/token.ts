import { createHash, createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import type { IncomingMessage } from 'node:http';

/**
 * How the page proves it holds this start's token, without a cookie: browsers send cookies for
 * 127.0.0.1 to every port on it, so a cookie would hand the token to any other local server the
 * user's browser talks to. The page keeps the token in sessionStorage and offers it as a WebSocket
 * subprotocol (`filmroom.token.<token>` beside `filmroom`), which only its own socket carries, and
 * which no proxy or access log records as it would a query string. Scripts and tools may send
 * `Authorization: Bearer <token>` instead.
 */
export type TokenSource = 'subprotocol' | 'bearer';

/** The subprotocol the host answers with; the page offers it beside its token. */
export const RPC_SUBPROTOCOL = 'filmroom';
/** `filmroom.token.<token>`: the token as a subprotocol (base64url characters are valid there). */
export const TOKEN_SUBPROTOCOL_PREFIX = 'filmroom.token.';

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

/** The subprotocols a WebSocket handshake offers, in order. */
export function offeredSubprotocols(request: IncomingMessage): string[] {
  return (request.headers['sec-websocket-protocol'] ?? '').split(',').map((p) => p.trim()).filter(Boolean);
}

/** Every token a request presents, in the order they are tried. Query strings and cookies are not read. */
export function presentedTokens(request: IncomingMessage): { source: TokenSource; token: string }[] {
  const found: { source: TokenSource; token: string }[] = [];
  for (const protocol of offeredSubprotocols(request)) {
    if (protocol.startsWith(TOKEN_SUBPROTOCOL_PREFIX) && protocol.length > TOKEN_SUBPROTOCOL_PREFIX.length) {
      found.push({ source: 'subprotocol', token: protocol.slice(TOKEN_SUBPROTOCOL_PREFIX.length) });
    }
  }
  const bearer = /^Bearer\s+(\S+)\s*$/i.exec(request.headers.authorization ?? '')?.[1];
  if (bearer) found.push({ source: 'bearer', token: bearer });
  return found;
}

/**
 * Short-lived, per-game signatures for video addresses (`/media/game/7?sig=<expiry>.<mac>`): a
 * `<video>` element cannot send a header, and the token itself must not appear in an address
 * that history, logs or a copied link keep. The key is derived from this start's token, so a
 * signature dies with the host; each one opens one game's video, and only until it expires.
 */
export class MediaSigner {
  private readonly key: Buffer;

  constructor(
    token: string,
    private readonly lifetimeMs: number = MEDIA_SIGNATURE_LIFETIME_MS,
    private readonly now: () => number = Date.now,
  ) {
    this.key = createHmac('sha256', token).update('filmroom media signing key').digest();
  }

  /** `<expiry seconds>.<base64url HMAC of "game:<id>:<expiry>">` */
  sign(gameId: number): string {
    return this.signSubject(`game:${gameId}`);
  }

  /** True for an unexpired signature made by this host for this game. */
  verify(gameId: number, signature: string | null): boolean {
    return this.verifySubject(`game:${gameId}`, signature);
  }

  /** A signature for one named thing (`game:7`, `export:clips-3:0`): it opens that and nothing else. */
  signSubject(subject: string): string {
    const expires = Math.ceil((this.now() + this.lifetimeMs) / 1000);
    return `${expires}.${this.mac(subject, expires)}`;
  }

  verifySubject(subject: string, signature: string | null): boolean {
    const match = /^(\d{1,12})\.([A-Za-z0-9_-]{43})$/.exec(signature ?? '');
    if (!match) return false;
    const expires = Number(match[1]);
    const expected = Buffer.from(this.mac(subject, expires), 'utf8');
    const presented = Buffer.from(match[2]!, 'utf8');
    return timingSafeEqual(expected, presented) && expires * 1000 > this.now();
  }

  private mac(subject: string, expires: number): string {
    return createHmac('sha256', this.key).update(`${subject}:${expires}`).digest('base64url');
  }
}

/** Long enough to watch a game; the page asks for a fresh address when one stops working. */
export const MEDIA_SIGNATURE_LIFETIME_MS = 30 * 60 * 1000;
