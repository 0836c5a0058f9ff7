import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { WebSocket } from 'ws';
import { startHost, tokenCookieName, type RunningHost } from '../../../main/host/index.js';
import { RpcDispatcher } from '../../../main/rpc/dispatcher.js';
import { suiteTempDir } from '../../helpers/temp.js';
import { connectClient, fakeFilmRoom, rawRequest, refusedUpgrade, rpcUrl, writeRenderer } from './fixtures.js';

const OPEN_THE_LINK = /Open the link printed by `filmroom serve`/;
const WRONG = 'wrong-token-of-a-plausible-length-000000000';

describe('who the host lets in', () => {
  const { rendererDir } = writeRenderer(suiteTempDir('filmroom-host-access-'));
  let host: RunningHost;
  beforeAll(async () => {
    host = await startHost({ dispatcher: new RpcDispatcher(fakeFilmRoom().api), rendererDir });
  });
  afterAll(() => host.close());

  const page = (query = '') => `${host.origin}/${query}`;
  const bearer = () => ({ Authorization: `Bearer ${host.token}` });

  describe('over HTTP', () => {
    it('refuses a request without a token: 401, saying where the link is', async () => {
      const response = await fetch(page());
      expect(response.status).toBe(401);
      expect(response.headers.get('www-authenticate')).toMatch(/^Bearer/);
      expect(response.headers.get('content-type')).toMatch(/^text\/plain/);
      expect(response.headers.get('set-cookie')).toBeNull();
      const body = await response.text();
      expect(body).toMatch(/needs its access token/);
      expect(body).toMatch(OPEN_THE_LINK);
    });

    it('refuses a wrong token, whether in the query, a bearer header or the cookie: 403', async () => {
      for (const [url, headers] of [
        [page(`?token=${WRONG}`), {}],
        [page(), { Authorization: `Bearer ${WRONG}` }],
        [page(), { Cookie: `${tokenCookieName(host.port)}=${WRONG}` }],
        // A token one character short must fail too (the comparison hashes, so lengths may differ).
        [page(`?token=${host.token.slice(0, -1)}`), {}],
      ] as const) {
        const response = await fetch(url, { headers });
        expect(response.status, url).toBe(403);
        expect(await response.text()).toMatch(OPEN_THE_LINK);
      }
    });

    it('refuses a foreign Origin even with the right token: 403', async () => {
      const response = await fetch(page(), { headers: { ...bearer(), Origin: 'http://evil.example' } });
      expect(response.status).toBe(403);
      expect(await response.text()).toMatch(/other sites/);
      // Its own origin, under either name, is fine.
      expect((await fetch(page(), { headers: { ...bearer(), Origin: host.origin } })).status).toBe(200);
      expect((await fetch(page(), { headers: { ...bearer(), Origin: `http://localhost:${host.port}` } })).status).toBe(200);
      expect((await fetch(page(), { headers: { ...bearer(), Origin: 'null' } })).status).toBe(403);
    });

    it('refuses a Host header naming anything but 127.0.0.1:PORT or localhost:PORT: 421 (DNS rebinding)', async () => {
      for (const name of [`evil.example:${host.port}`, `127.0.0.1:${host.port + 1}`, '127.0.0.1', `0.0.0.0:${host.port}`]) {
        const response = await rawRequest(host.port, '/', { Host: name, ...bearer() });
        expect(response.status, name).toBe(421);
        expect(response.body).toMatch(/answers only at/);
      }
      expect((await rawRequest(host.port, '/', { Host: `localhost:${host.port}`, ...bearer() })).status).toBe(200);
    });

    it('accepts the token in the query and sets the HttpOnly, SameSite=Strict cookie', async () => {
      const response = await fetch(page(`?token=${host.token}`));
      expect(response.status).toBe(200);
      expect(await response.text()).toContain('Film Room test page');
      const cookies = response.headers.getSetCookie();
      expect(cookies).toHaveLength(1);
      const [pair, ...attributes] = cookies[0]!.split(';').map((part) => part.trim());
      expect(pair).toBe(`${tokenCookieName(host.port)}=${host.token}`);
      expect(attributes).toEqual(expect.arrayContaining(['HttpOnly', 'SameSite=Strict', 'Path=/']));

      // The page's own asset requests then authenticate with that cookie alone.
      const asset = await fetch(`${host.origin}/assets/app.js`, { headers: { Cookie: pair! } });
      expect(asset.status).toBe(200);
      expect(await asset.text()).toContain('film room test script');
      const reload = await fetch(page(), { headers: { Cookie: `other=1; ${pair!}` } });
      expect(reload.status).toBe(200);
      expect(reload.headers.get('set-cookie')).toBeNull();
    });

    it('accepts the token as a bearer header', async () => {
      const response = await fetch(`${host.origin}/assets/app.css`, { headers: bearer() });
      expect(response.status).toBe(200);
      expect(await response.text()).toBe('body { color: red; }');
      expect((await fetch(`${host.origin}/assets/app.css`, { headers: { Authorization: 'Basic abc' } })).status).toBe(401);
    });
  });

  describe('over the WebSocket', () => {
    it('refuses an upgrade without a token (401) or with a wrong one (403)', async () => {
      const missing = await refusedUpgrade(`ws://127.0.0.1:${host.port}/rpc`, { origin: host.origin });
      expect(missing.status).toBe(401);
      expect(missing.body).toMatch(OPEN_THE_LINK);
      const wrong = await refusedUpgrade(rpcUrl(host.port, WRONG), { origin: host.origin });
      expect(wrong.status).toBe(403);
      expect(wrong.body).toMatch(OPEN_THE_LINK);
    });

    it('refuses a foreign Origin, and a missing one, even with the right token: 403', async () => {
      const foreign = await refusedUpgrade(rpcUrl(host.port, host.token), { origin: 'http://evil.example' });
      expect(foreign.status).toBe(403);
      expect(foreign.body).toMatch(/other sites/);
      const none = await refusedUpgrade(rpcUrl(host.port, host.token), {});
      expect(none.status).toBe(403);
      expect(none.body).toMatch(/without an Origin/);
    });

    it('refuses a wrong Host header (421) and any path but /rpc (404)', async () => {
      const rebound = await refusedUpgrade(rpcUrl(host.port, host.token), { origin: host.origin, headers: { Host: `evil.example:${host.port}` } });
      expect(rebound.status).toBe(421);
      const elsewhere = await refusedUpgrade(`ws://127.0.0.1:${host.port}/other?token=${host.token}`, { origin: host.origin });
      expect(elsewhere.status).toBe(404);
    });

    it('accepts the token in the query, or the cookie alone, with its own Origin', async () => {
      const byQuery = await connectClient(rpcUrl(host.port, host.token), host.origin);
      expect((await byQuery.api.library.listSeasons({}))[0]?.name).toBe('2025-26');
      byQuery.socket.close();

      const byCookie = new WebSocket(`ws://127.0.0.1:${host.port}/rpc`, {
        origin: `http://localhost:${host.port}`,
        headers: { Cookie: `${tokenCookieName(host.port)}=${host.token}` },
      });
      await new Promise<void>((resolve, reject) => {
        byCookie.once('open', () => resolve());
        byCookie.once('error', reject);
      });
      byCookie.close();
    });

    it('tells a plain GET of /rpc to upgrade (426)', async () => {
      const response = await fetch(`${host.origin}/rpc`, { headers: bearer() });
      expect(response.status).toBe(426);
      expect(response.headers.get('upgrade')).toBe('websocket');
    });
  });
});
