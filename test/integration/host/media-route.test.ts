import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startHost, type RunningHost } from '../../../main/host/index.js';
import { RpcDispatcher } from '../../../main/rpc/dispatcher.js';
import { suiteTempDir } from '../../helpers/temp.js';
import { fakeFilmRoom, rawRequest, writeRenderer } from './fixtures.js';

describe('/media/game/<id>: game video with range requests', () => {
  const root = suiteTempDir('filmroom-host-media-');
  const { rendererDir } = writeRenderer(root);
  const video = path.join(root, 'game-7.mp4');
  const bytes = Array.from({ length: 2000 }, (_, i) => String.fromCharCode(48 + (i % 43))).join(''); // ASCII, so bodies compare as text
  fs.writeFileSync(video, bytes, 'latin1');
  let host: RunningHost;
  beforeAll(async () => {
    host = await startHost({ dispatcher: new RpcDispatcher(fakeFilmRoom().api), rendererDir, videoOf: (id) => (id === 7 ? video : id === 8 ? path.join(root, 'gone.mp4') : undefined) });
  });
  afterAll(() => host.close());

  const get = (rawPath: string, headers: Record<string, string> = {}, method = 'GET') =>
    rawRequest(host.port, rawPath, { Authorization: `Bearer ${host.token}`, ...headers }, method);
  /** The page's way: a signed address, no header. */
  const signed = (gameId: number, headers: Record<string, string> = {}, method = 'GET') => rawRequest(host.port, host.mediaUrl(gameId), headers, method);

  it('sends the whole file, saying ranges are accepted, with the video media type', async () => {
    const response = await get('/media/game/7');
    expect(response.status).toBe(200);
    expect(response.body).toBe(bytes);
    expect(response.headers).toMatchObject({ 'accept-ranges': 'bytes', 'content-type': 'video/mp4', 'content-length': '2000' });
  });

  it('sends exactly the asked bytes with 206 and Content-Range', async () => {
    const response = await get('/media/game/7', { Range: 'bytes=100-199' });
    expect(response.status).toBe(206);
    expect(response.body).toBe(bytes.slice(100, 200));
    expect(response.headers['content-range']).toBe('bytes 100-199/2000');
    const tail = await get('/media/game/7', { Range: 'bytes=-10' });
    expect(tail.body).toBe(bytes.slice(1990));
    expect(tail.headers['content-range']).toBe('bytes 1990-1999/2000');
  });

  it('answers 416 past the end, 404 for a game not in the library or a missing file, and 401 without the token', async () => {
    const past = await get('/media/game/7', { Range: 'bytes=5000-' });
    expect(past.status).toBe(416);
    expect(past.headers['content-range']).toBe('bytes */2000');
    expect((await get('/media/game/9')).status).toBe(404);
    const gone = await get('/media/game/8');
    expect(gone.status).toBe(404);
    expect(gone.body).toMatch(/missing/);
    expect((await rawRequest(host.port, '/media/game/7', {})).status).toBe(403);
    // Only ids: a path in the route is just an unknown static file.
    expect((await get('/media/game/..%2F..%2Fsecret.txt')).status).toBe(404);
  });

  it('sends the video to a signed address without any header, ranges included', async () => {
    const whole = await signed(7);
    expect(whole.status).toBe(200);
    expect(whole.body).toBe(bytes);
    const part = await signed(7, { Range: 'bytes=10-19' });
    expect(part.status).toBe(206);
    expect(part.body).toBe(bytes.slice(10, 20));
    // Game 7's signature opens game 7 only.
    const other = await rawRequest(host.port, host.mediaUrl(7).replace('/7?', '/8?'), {});
    expect(other.status).toBe(403);
  });
});
