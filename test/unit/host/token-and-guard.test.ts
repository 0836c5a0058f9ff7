import type { IncomingMessage } from 'node:http';
import { describe, expect, it } from 'vitest';
import { checkRequest, parseTarget } from '../../../main/host/request-guard.js';
import { generateToken, presentedTokens, tokenCookie, tokensEqual } from '../../../main/host/token.js';

const PORT = 41234;
const TOKEN = 'the-right-token-0123456789abcdef';
const identity = { port: PORT, token: TOKEN };

function request(headers: Record<string, string>): IncomingMessage {
  return { headers } as unknown as IncomingMessage;
}

function verdict(path: string, headers: Record<string, string>, requireOrigin = false) {
  const target = parseTarget(path);
  if (!target) throw new Error(`unparsable ${path}`);
  return checkRequest(request({ host: `127.0.0.1:${PORT}`, ...headers }), target.url, identity, { requireOrigin });
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

  it('are read from the query, a bearer header and this port’s cookie, and nowhere else', () => {
    const url = new URL(`http://127.0.0.1/?token=q`);
    const found = presentedTokens(
      request({ authorization: 'bearer b', cookie: `filmroom_token_${PORT + 1}=other; filmroom_token_${PORT}=c; x=y` }),
      url,
      PORT,
    );
    expect(found).toEqual([
      { source: 'query', token: 'q' },
      { source: 'bearer', token: 'b' },
      { source: 'cookie', token: 'c' },
    ]);
    expect(presentedTokens(request({ authorization: `Basic ${TOKEN}`, cookie: `token=${TOKEN}` }), new URL('http://x/'), PORT)).toEqual([]);
  });

  it('travel in an HttpOnly, SameSite=Strict cookie for the whole site', () => {
    expect(tokenCookie(PORT, TOKEN)).toBe(`filmroom_token_${PORT}=${TOKEN}; HttpOnly; SameSite=Strict; Path=/`);
  });
});

describe('the request checks', () => {
  it('let in the right token from any source', () => {
    expect(verdict(`/?token=${TOKEN}`, {})).toEqual({ ok: true, via: 'query' });
    expect(verdict('/', { authorization: `Bearer ${TOKEN}` })).toEqual({ ok: true, via: 'bearer' });
    expect(verdict('/', { cookie: `filmroom_token_${PORT}=${TOKEN}` })).toEqual({ ok: true, via: 'cookie' });
    // A stale link's token does not lock out a page whose cookie is current.
    expect(verdict('/?token=stale', { cookie: `filmroom_token_${PORT}=${TOKEN}` })).toEqual({ ok: true, via: 'cookie' });
  });

  it('answer 401 without a token and 403 with a wrong one', () => {
    expect(verdict('/', {})).toMatchObject({ ok: false, status: 401 });
    expect(verdict('/?token=nope', {})).toMatchObject({ ok: false, status: 403 });
    expect(verdict('/', { cookie: `filmroom_token_${PORT + 1}=${TOKEN}` })).toMatchObject({ ok: false, status: 401 });
  });

  it('check the Host header before the token', () => {
    const target = parseTarget(`/?token=${TOKEN}`)!;
    const withHost = (host: string | undefined) =>
      checkRequest(request(host === undefined ? {} : { host }), target.url, identity, { requireOrigin: false });
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
