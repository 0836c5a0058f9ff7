import fs from 'node:fs';
import http from 'node:http';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { HostListenError, NOT_BUILT_MESSAGE, startHost, type RunningHost } from '../../../main/host/index.js';
import { listenOnLoopback } from '../../../main/host/listen.js';
import { RpcDispatcher } from '../../../main/rpc/dispatcher.js';
import { suiteTempDir } from '../../helpers/temp.js';
import { fakeFilmRoom, rawRequest, writeRenderer } from './fixtures.js';

const CSP =
  "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data: blob:; media-src 'self' blob:; " +
  "connect-src 'self'; font-src 'self'; object-src 'none'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";

const dispatcher = () => new RpcDispatcher(fakeFilmRoom().api);

describe('the built renderer, as static files', () => {
  const root = suiteTempDir('filmroom-host-static-');
  const { rendererDir, secretFile } = writeRenderer(root);
  fs.symlinkSync(secretFile, path.join(rendererDir, 'assets', 'link-out.txt'));
  let host: RunningHost;
  beforeAll(async () => {
    host = await startHost({ dispatcher: dispatcher(), rendererDir });
  });
  afterAll(() => host.close());

  const get = (rawPath: string, method = 'GET') => rawRequest(host.port, rawPath, { Authorization: `Bearer ${host.token}` }, method);

  it('serves index.html for / with the security headers and no-store', async () => {
    const response = await get('/');
    expect(response.status).toBe(200);
    expect(response.body).toContain('Film Room test page');
    expect(response.headers['content-type']).toBe('text/html; charset=utf-8');
    expect(response.headers['cache-control']).toBe('no-store');
    expect(response.headers['content-security-policy']).toBe(CSP);
    expect(response.headers['x-content-type-options']).toBe('nosniff');
    expect(response.headers['referrer-policy']).toBe('no-referrer');
    expect(response.headers['x-frame-options']).toBe('DENY');
  });

  it('serves assets with their content types, and the security headers on refusals too', async () => {
    expect((await get('/assets/app.js')).headers['content-type']).toBe('text/javascript; charset=utf-8');
    expect((await get('/assets/app.css')).headers['content-type']).toBe('text/css; charset=utf-8');
    const refused = await rawRequest(host.port, '/assets/app.js', { Host: `evil.example:${host.port}` });
    expect(refused.status).toBe(421);
    expect(refused.headers['content-security-policy']).toBe(CSP);
    expect(refused.headers['x-content-type-options']).toBe('nosniff');
  });

  it('answers HEAD without a body, refuses other methods with 405, and unknown files with 404', async () => {
    const head = await get('/assets/app.js', 'HEAD');
    expect(head.status).toBe(200);
    expect(head.body).toBe('');
    expect(Number(head.headers['content-length'])).toBe(fs.statSync(path.join(rendererDir, 'assets', 'app.js')).size);
    for (const method of ['POST', 'PUT', 'DELETE']) {
      const response = await get('/index.html', method);
      expect(response.status, method).toBe(405);
      expect(response.headers.allow).toBe('GET, HEAD');
    }
    expect((await get('/nothing-here.js')).status).toBe(404);
    expect((await get('/assets/')).status).toBe(404);
  });

  it('refuses every way out of the renderer folder', async () => {
    const attempts = [
      '/../secret.txt',
      '/assets/../../secret.txt',
      '/%2e%2e/secret.txt',
      '/%2E%2E%2Fsecret.txt',
      '/assets/%2e%2e/%2e%2e/secret.txt',
      '/..%2fsecret.txt',
      '/..%5csecret.txt',
      `/${'%2e%2e/'.repeat(8)}${secretFile.slice(1)}`,
      `/${encodeURIComponent(secretFile)}`,
      '/index.html%00.js',
      '/assets/link-out.txt',
    ];
    for (const attempt of attempts) {
      const response = await get(attempt);
      expect(response.status, attempt).toBe(404);
      expect(response.body, attempt).not.toContain('TOP SECRET');
    }
    expect((await get('/assets/%61pp.js')).status).toBe(200); // encoding itself is fine
  });

  it('answers 503 with the build command while the renderer is not built', async () => {
    const empty = path.join(root, 'not-built');
    fs.mkdirSync(empty);
    const unbuilt = await startHost({ dispatcher: dispatcher(), rendererDir: empty });
    try {
      const response = await fetch(`${unbuilt.url}`);
      expect(response.status).toBe(503);
      expect(await response.text()).toBe(`${NOT_BUILT_MESSAGE}\n`);
      expect(NOT_BUILT_MESSAGE).toContain('npm run build');
    } finally {
      await unbuilt.close();
    }
  });
});

describe('the host on the network', () => {
  const { rendererDir } = writeRenderer(suiteTempDir('filmroom-host-net-'));

  it('prints a 127.0.0.1 link with a fresh 32-byte token each start', async () => {
    const [a, b] = [await startHost({ dispatcher: dispatcher(), rendererDir }), await startHost({ dispatcher: dispatcher(), rendererDir })];
    try {
      expect(a.url).toBe(`http://127.0.0.1:${a.port}/?token=${a.token}`);
      expect(a.origin).toBe(`http://127.0.0.1:${a.port}`);
      expect(a.token).toMatch(/^[A-Za-z0-9_-]{43}$/);
      expect(Buffer.from(a.token, 'base64url')).toHaveLength(32);
      expect(b.token).not.toBe(a.token);
      expect(b.port).not.toBe(a.port);
      expect((await fetch(a.url)).status).toBe(200);
    } finally {
      await Promise.all([a.close(), b.close()]);
    }
  });

  it('binds 127.0.0.1 only', async () => {
    const server = http.createServer();
    const port = await listenOnLoopback(server, 0);
    expect(server.address()).toEqual({ address: '127.0.0.1', family: 'IPv4', port });
    server.close();

    const host = await startHost({ dispatcher: dispatcher(), rendererDir });
    try {
      const external = Object.values(os.networkInterfaces())
        .flat()
        .filter((info) => info && !info.internal && info.family === 'IPv4')
        .map((info) => info!.address);
      for (const address of ['::1', ...external]) {
        await expect(connectTo(address, host.port), address).rejects.toThrow(/ECONNREFUSED|EADDRNOTAVAIL|ENETUNREACH|EAFNOSUPPORT/);
      }
      await expect(connectTo('127.0.0.1', host.port)).resolves.toBeUndefined();
    } finally {
      await host.close();
    }
  });

  it('says which port is taken and how to choose another', async () => {
    const first = await startHost({ dispatcher: dispatcher(), rendererDir });
    try {
      const second = startHost({ dispatcher: dispatcher(), rendererDir, port: first.port });
      await expect(second).rejects.toBeInstanceOf(HostListenError);
      await expect(second).rejects.toThrow(`Port ${first.port} is in use: choose another with --port`);
    } finally {
      await first.close();
    }
  });

  it('refuses a port or token it cannot use', async () => {
    await expect(startHost({ dispatcher: dispatcher(), rendererDir, port: 70000 })).rejects.toThrow(/0 to 65535/);
    await expect(startHost({ dispatcher: dispatcher(), rendererDir, token: 'short' })).rejects.toThrow(/at least 16/);
  });

  it('stops answering after close(), and close() may be called twice', async () => {
    const host = await startHost({ dispatcher: dispatcher(), rendererDir, token: 'a-fixed-token-for-this-test' });
    expect((await fetch(host.url, { headers: { Connection: 'keep-alive' } })).status).toBe(200);
    await host.close();
    await host.close();
    await expect(connectTo('127.0.0.1', host.port)).rejects.toThrow(/ECONNREFUSED/);
  });
});

function connectTo(address: string, port: number): Promise<void> {
  return new Promise((resolve, reject) => {
    const socket = net.connect({ host: address, port });
    socket.once('connect', () => {
      socket.destroy();
      resolve();
    });
    socket.once('error', reject);
  });
}
