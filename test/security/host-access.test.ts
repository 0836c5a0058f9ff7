import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startHost, type RunningHost } from '../../main/host/index.js';
import { RpcDispatcher } from '../../main/rpc/dispatcher.js';
import { suiteTempDir } from '../helpers/temp.js';
import { connectClient, fakeFilmRoom, rawRequest, refusedUpgrade, rpcUrl, tokenProtocols, writeRenderer } from '../integration/host/fixtures.js';

// Who browser mode's host lets in, attacked from outside with plain HTTP and WebSocket clients:
// the checks that held in the review (Host, Origin, token on the socket) and the new ones (no
// cookie, no token in addresses, signed video addresses, GET/HEAD only for videos).

const OPEN_THE_LINK = /Open the link printed by `filmroom serve`/;
const WRONG = 'wrong-token-of-a-plausible-length-000000000';

describe('who the host lets in', () => {
  const root = suiteTempDir('filmroom-security-access-');
  const { rendererDir } = writeRenderer(root);
  const video = path.join(root, 'game-7.mp4');
  fs.writeFileSync(video, 'x'.repeat(1000));
  let host: RunningHost;
  beforeAll(async () => {
    host = await startHost({ dispatcher: new RpcDispatcher(fakeFilmRoom().api), rendererDir, videoOf: (id) => (id === 7 ? video : undefined) });
  });
  afterAll(() => host.close());

  const page = (query = '') => `${host.origin}/${query}`;

  describe('over HTTP', () => {
    it('serves the public page and assets without any secret, and never sets a cookie (failed before: 401 without the token, cookie set with it)', async () => {
      for (const url of [page(), page(`?token=${host.token}`), `${host.origin}/assets/app.js`]) {
        const response = await fetch(url);
        expect(response.status, url).toBe(200);
        expect(response.headers.get('set-cookie'), url).toBeNull();
      }
      expect(await (await fetch(page())).text()).toContain('Film Room test page');
    });

    it('sends X-Frame-Options: DENY beside frame-ancestors (failed before: absent)', async () => {
      const response = await fetch(page());
      expect(response.headers.get('x-frame-options')).toBe('DENY');
      expect(response.headers.get('content-security-policy')).toContain("frame-ancestors 'none'");
    });

    it('refuses a foreign Origin: 403', async () => {
      const response = await fetch(page(), { headers: { Origin: 'http://evil.example' } });
      expect(response.status).toBe(403);
      expect(await response.text()).toMatch(/other sites/);
      expect((await fetch(page(), { headers: { Origin: host.origin } })).status).toBe(200);
      expect((await fetch(page(), { headers: { Origin: `http://localhost:${host.port}` } })).status).toBe(200);
      for (const origin of ['null', `http://127.0.0.1:${host.port + 1}`, `https://127.0.0.1:${host.port}`]) {
        expect((await fetch(page(), { headers: { Origin: origin } })).status, origin).toBe(403);
      }
    });

    it('refuses a Host header naming anything but 127.0.0.1:PORT or localhost:PORT: 421 (DNS rebinding)', async () => {
      for (const name of [`evil.example:${host.port}`, `127.0.0.1:${host.port + 1}`, '127.0.0.1', `0.0.0.0:${host.port}`, `127.0.0.1:${host.port}.evil.example`]) {
        const response = await rawRequest(host.port, '/', { Host: name });
        expect(response.status, name).toBe(421);
        expect(response.body).toMatch(/answers only at/);
      }
      expect((await rawRequest(host.port, '/', { Host: `localhost:${host.port}` })).status).toBe(200);
      // A rebound name cannot fetch a video either, signature or not.
      expect((await rawRequest(host.port, host.mediaUrl(7), { Host: `evil.example:${host.port}` })).status).toBe(421);
    });

    it('serves a video only to its signed address or the bearer token (failed before: the cookie or ?token= opened it)', async () => {
      expect((await rawRequest(host.port, host.mediaUrl(7))).status).toBe(200);
      expect((await rawRequest(host.port, '/media/game/7', { Authorization: `Bearer ${host.token}` })).status).toBe(200);
      for (const [target, headers] of [
        ['/media/game/7', {}],
        [`/media/game/7?token=${host.token}`, {}],
        ['/media/game/7', { Cookie: `filmroom_token_${host.port}=${host.token}` }],
        ['/media/game/7', { Authorization: `Bearer ${WRONG}` }],
        ['/media/game/7?sig=9999999999.AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA', {}],
      ] as const) {
        const response = await rawRequest(host.port, target, headers);
        expect(response.status, `${target} ${JSON.stringify(headers)}`).toBe(403);
        expect(response.body).not.toContain('xxxx');
      }
    });

    it('answers other methods than GET and HEAD on a video with 405 and Allow (failed before: POST, PUT, DELETE got 200)', async () => {
      for (const method of ['POST', 'PUT', 'DELETE', 'PATCH', 'OPTIONS']) {
        const response = await rawRequest(host.port, host.mediaUrl(7), {}, method);
        expect(response.status, method).toBe(405);
        expect(response.headers.allow, method).toBe('GET, HEAD');
      }
      const head = await rawRequest(host.port, host.mediaUrl(7), {}, 'HEAD');
      expect(head.status).toBe(200);
      expect(head.body).toBe('');
    });

    it('tells a plain GET of /rpc to upgrade (426)', async () => {
      const response = await fetch(`${host.origin}/rpc`);
      expect(response.status).toBe(426);
      expect(response.headers.get('upgrade')).toBe('websocket');
    });
  });

  describe('over the WebSocket', () => {
    it('refuses an upgrade without a token (401) or with a wrong one (403)', async () => {
      const missing = await refusedUpgrade(rpcUrl(host.port), { origin: host.origin });
      expect(missing.status).toBe(401);
      expect(missing.body).toMatch(OPEN_THE_LINK);
      const wrong = await refusedUpgrade(rpcUrl(host.port), { origin: host.origin, protocols: tokenProtocols(WRONG) });
      expect(wrong.status).toBe(403);
      expect(wrong.body).toMatch(OPEN_THE_LINK);
      const short = await refusedUpgrade(rpcUrl(host.port), { origin: host.origin, protocols: tokenProtocols(host.token.slice(0, -1)) });
      expect(short.status).toBe(403);
    });

    it('no longer takes the token from the address or a cookie (failed before: both opened /rpc)', async () => {
      const byQuery = await refusedUpgrade(`${rpcUrl(host.port)}?token=${host.token}`, { origin: host.origin });
      expect(byQuery.status).toBe(401);
      const byCookie = await refusedUpgrade(rpcUrl(host.port), { origin: host.origin, headers: { Cookie: `filmroom_token_${host.port}=${host.token}` } });
      expect(byCookie.status).toBe(401);
    });

    it('refuses a foreign Origin, and a missing one, even with the right token: 403', async () => {
      const foreign = await refusedUpgrade(rpcUrl(host.port), { origin: 'http://evil.example', protocols: tokenProtocols(host.token) });
      expect(foreign.status).toBe(403);
      expect(foreign.body).toMatch(/other sites/);
      const none = await refusedUpgrade(rpcUrl(host.port), { protocols: tokenProtocols(host.token) });
      expect(none.status).toBe(403);
      expect(none.body).toMatch(/without an Origin/);
    });

    it('refuses a wrong Host header (421) and any path but /rpc (404)', async () => {
      const rebound = await refusedUpgrade(rpcUrl(host.port), { origin: host.origin, protocols: tokenProtocols(host.token), headers: { Host: `evil.example:${host.port}` } });
      expect(rebound.status).toBe(421);
      const elsewhere = await refusedUpgrade(`ws://127.0.0.1:${host.port}/other`, { origin: host.origin, protocols: tokenProtocols(host.token) });
      expect(elsewhere.status).toBe(404);
    });

    it('accepts the token as a subprotocol and answers `filmroom`, never echoing the token', async () => {
      const client = await connectClient(rpcUrl(host.port), host.origin, host.token);
      expect(client.socket.protocol).toBe('filmroom');
      expect((await client.api.library.listSeasons({}))[0]?.name).toBe('2025-26');
      client.socket.close();
    });
  });
});
