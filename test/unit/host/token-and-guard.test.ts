import type { IncomingMessage } from 'node:http';
import { describe, expect, it } from 'vitest';
import { checkRequest, parseTarget } from '../../../main/host/request-guard.js';
import { generateToken, MediaSigner, presentedTokens, tokensEqual } from '../../../main/host/token.js';

const PORT = 41234;
const TOKEN = 'the-right-token-0123456789abcdef';
const identity = { port: PORT, token: TOKEN };

function request(headers: Record<string, string>): IncomingMessage {
  return { headers } as unknown as IncomingMessage;
}

function verdict(path: string, headers: Record<string, string>, requireOrigin = false) {
  const target = parseTarget(path);
  if (!target) throw new Error(`unparsable ${path}`);
  return checkRequest(request({ host: `127.0.0.1:${PORT}`, ...headers }), identity, { requireOrigin, needsToken: true });
}

describe('tokens', () => {
  it('are 32 random bytes in base64url, different every time', () => {
    const tokens = new Set(Array.from({ length: 50 }, generateToken));
    expect(tokens.size).toBe(50);
    for (const token of tokens) expect(Buffer.from(token, 'base64url')).toHaveLength(32);
  });

  it('compare equal only when identical, whatever the lengths', () => {
    expect(tokensEqual(TOKEN, TOKEN)).toBe(true);
    expect(tokensEqual(`${TOKEN}x`, TOKEN)).toBe(false);
    expect(tokensEqual(TOKEN.slice(1), TOKEN)).toBe(false);
    expect(tokensEqual('', TOKEN)).toBe(false);
    expect(tokensEqual(TOKEN.toUpperCase(), TOKEN)).toBe(false);
  });

  it('are read from a token subprotocol and a bearer header, never from the query or a cookie', () => {
    const found = presentedTokens(
      request({ 'sec-websocket-protocol': 'filmroom, filmroom.token.s', authorization: 'bearer b', cookie: `filmroom_token_${PORT}=c; token=c` }),
    );
    expect(found).toEqual([
      { source: 'subprotocol', token: 's' },
      { source: 'bearer', token: 'b' },
    ]);
    expect(presentedTokens(request({ authorization: `Basic ${TOKEN}`, cookie: `filmroom_token_${PORT}=${TOKEN}`, 'sec-websocket-protocol': 'filmroom, filmroom.token.' }))).toEqual([]);
  });
});

describe('video signatures', () => {
  it('open one game until they expire, and only with this start’s token', () => {
    let now = 1_000_000_000_000;
    const signer = new MediaSigner(TOKEN, 60_000, () => now);
    const signature = signer.sign(7);
    expect(signature).toMatch(/^\d+\.[A-Za-z0-9_-]{43}$/);
    expect(signer.verify(7, signature)).toBe(true);
    expect(signer.verify(8, signature)).toBe(false);
    expect(new MediaSigner(`${TOKEN}x`, 60_000, () => now).verify(7, signature)).toBe(false);
    // A later expiry with the same MAC is a forgery.
    const [expiry, mac] = signature.split('.') as [string, string];
    expect(signer.verify(7, `${Number(expiry) + 3600}.${mac}`)).toBe(false);
    expect(signer.verify(7, null)).toBe(false);
    expect(signer.verify(7, `${expiry}.`)).toBe(false);
    now += 59_000;
    expect(signer.verify(7, signature)).toBe(true);
    now += 2_000;
    expect(signer.verify(7, signature)).toBe(false);
  });
});

describe('the request checks', () => {
  it('let in the right token from a subprotocol or a bearer header', () => {
    expect(verdict('/', { 'sec-websocket-protocol': `filmroom, filmroom.token.${TOKEN}` })).toEqual({ ok: true, via: 'subprotocol' });
    expect(verdict('/', { authorization: `Bearer ${TOKEN}` })).toEqual({ ok: true, via: 'bearer' });
    // A stale token beside the right one does not lock the page out.
    expect(verdict('/', { 'sec-websocket-protocol': 'filmroom.token.stale-token-000000', authorization: `Bearer ${TOKEN}` })).toEqual({ ok: true, via: 'bearer' });
  });

  it('answer 401 without a token and 403 with a wrong one; the query and cookies are not credentials', () => {
    expect(verdict('/', {})).toMatchObject({ ok: false, status: 401 });
    expect(verdict(`/?token=${TOKEN}`, {})).toMatchObject({ ok: false, status: 401 });
    expect(verdict('/', { cookie: `filmroom_token_${PORT}=${TOKEN}` })).toMatchObject({ ok: false, status: 401 });
    expect(verdict('/', { authorization: 'Bearer nope' })).toMatchObject({ ok: false, status: 403 });
  });

  it('need no token for the public files, but still check Host and Origin', () => {
    const check = (headers: Record<string, string>) => checkRequest(request(headers), identity, { requireOrigin: false, needsToken: false });
    expect(check({ host: `127.0.0.1:${PORT}` })).toEqual({ ok: true, via: null });
    expect(check({ host: `evil.example:${PORT}` })).toMatchObject({ ok: false, status: 421 });
    expect(check({ host: `127.0.0.1:${PORT}`, origin: 'http://evil.example' })).toMatchObject({ ok: false, status: 403 });
  });

  it('check the Host header before the token', () => {
    const withHost = (host: string | undefined) =>
      checkRequest(request(host === undefined ? { authorization: `Bearer ${TOKEN}` } : { host, authorization: `Bearer ${TOKEN}` }), identity, { requireOrigin: false, needsToken: true });
    expect(withHost(`localhost:${PORT}`)).toMatchObject({ ok: true });
    expect(withHost(`LOCALHOST:${PORT}`)).toMatchObject({ ok: true });
    for (const bad of [undefined, '', 'localhost', `evil.example:${PORT}`, `127.0.0.1:${PORT}.evil.example`, `[::1]:${PORT}`]) {
      expect(withHost(bad), String(bad)).toMatchObject({ ok: false, status: 421 });
    }
  });

  it('check the Origin when present, and require it when asked (WebSocket upgrades)', () => {
    const auth = { authorization: `Bearer ${TOKEN}` };
    expect(verdict('/', { ...auth, origin: `http://127.0.0.1:${PORT}` }, true)).toMatchObject({ ok: true });
    expect(verdict('/', { ...auth, origin: `http://localhost:${PORT}` }, true)).toMatchObject({ ok: true });
    expect(verdict('/', auth, true)).toMatchObject({ ok: false, status: 403 });
    expect(verdict('/', auth, false)).toMatchObject({ ok: true });
    for (const origin of ['http://evil.example', `https://127.0.0.1:${PORT}`, `http://127.0.0.1:${PORT + 1}`, 'null', `http://127.0.0.1:${PORT}.evil.example`]) {
      expect(verdict('/', { ...auth, origin }), origin).toMatchObject({ ok: false, status: 403 });
    }
  });

  it('parse only origin-form targets, keeping the raw path', () => {
    expect(parseTarget('/a/%2e%2e/b?token=x')).toMatchObject({ rawPath: '/a/%2e%2e/b' });
    expect(parseTarget('/a/%2e%2e/b?token=x')?.url.searchParams.get('token')).toBe('x');
    expect(parseTarget('http://evil.example/')).toBeUndefined();
    expect(parseTarget('//evil.example/')).toBeUndefined();
    expect(parseTarget('*')).toBeUndefined();
    expect(parseTarget(undefined)).toBeUndefined();
  });
});
