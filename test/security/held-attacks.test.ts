import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { WebSocket } from 'ws';
import { readAnnotationFileOffThread } from '../../main/import/read-off-thread.js';
import { startHost, type RunningHost } from '../../main/host/index.js';
import { RpcDispatcher } from '../../main/rpc/dispatcher.js';
import { MAX_MESSAGE_BYTES } from '../../shared/rpc/protocol.js';
import { TaxonomySchema } from '../../shared/taxonomy.js';
import defaultTaxonomy from '../../resources/taxonomy.json' with { type: 'json' };
import { suiteTempDir } from '../helpers/temp.js';
import { connectClient, fakeFilmRoom, rawRequest, rpcUrl, writeRenderer } from '../integration/host/fixtures.js';

// The attacks that held in the review, kept here so they stay held: traversal out of the renderer,
// hostile byte ranges, oversized, binary and malformed WebSocket messages, and hostile XML
// (billion laughs, external entities, any DTD) read through the import's worker thread.

describe('attacks that held', () => {
  const root = suiteTempDir('filmroom-security-held-');
  const { rendererDir, secretFile } = writeRenderer(root);
  const video = path.join(root, 'game-7.mp4');
  const bytes = Buffer.from(Array.from({ length: 1000 }, (_, i) => 65 + (i % 26)));
  fs.writeFileSync(video, bytes);
  let host: RunningHost;
  beforeAll(async () => {
    host = await startHost({ dispatcher: new RpcDispatcher(fakeFilmRoom().api), rendererDir, videoOf: (id) => (id === 7 ? video : undefined) });
  });
  afterAll(() => host.close());

  it('no way out of the renderer folder', async () => {
    fs.symlinkSync(secretFile, path.join(rendererDir, 'assets', 'link-out.txt'));
    for (const attempt of ['/../secret.txt', '/%2e%2e/secret.txt', '/%2E%2E%2Fsecret.txt', '/assets/%2e%2e/%2e%2e/secret.txt', '/..%5csecret.txt', `/${'%2e%2e/'.repeat(8)}${secretFile.slice(1)}`, `/${encodeURIComponent(secretFile)}`, '/index.html%00.js', '/assets/link-out.txt', '//etc/passwd', '/media/game/..%2F..%2Fsecret.txt']) {
      const response = await rawRequest(host.port, attempt);
      expect([400, 403, 404], attempt).toContain(response.status);
      expect(response.body, attempt).not.toContain('TOP SECRET');
    }
  });

  it('hostile byte ranges: never a byte outside the file, never a crash', async () => {
    const url = host.mediaUrl(7);
    const get = (range: string) => rawRequest(host.port, url, { Range: range });
    expect((await get('bytes=5000-')).status).toBe(416);
    expect((await get('bytes=-0')).status).toBe(416);
    const part = await get('bytes=990-5000');
    expect(part.status).toBe(206);
    expect(part.headers['content-range']).toBe('bytes 990-999/1000');
    for (const range of ['bytes=abc', 'bytes=5-2', 'bytes=0-1,5-9', 'items=0-5', `bytes=${'9'.repeat(400)}-`, 'bytes=-99999999999999999999']) {
      const response = await get(range);
      expect([200, 206, 416], range).toContain(response.status);
      expect(Buffer.byteLength(response.body, 'latin1'), range).toBeLessThanOrEqual(1000);
    }
    // The service is still up.
    expect((await get('bytes=0-9')).body).toBe(bytes.subarray(0, 10).toString('latin1'));
  });

  it('oversized, binary and malformed WebSocket messages', async () => {
    const closeCode = (socket: WebSocket) => new Promise<number>((resolve) => socket.once('close', (code) => resolve(code)));
    const big = (await connectClient(rpcUrl(host.port), host.origin, host.token)).socket;
    const bigClosed = closeCode(big);
    big.send('x'.repeat(MAX_MESSAGE_BYTES + 1));
    expect(await bigClosed).toBe(1009);
    const binary = (await connectClient(rpcUrl(host.port), host.origin, host.token)).socket;
    const binaryClosed = closeCode(binary);
    binary.send(Buffer.from('{"kind":"call"}'), { binary: true });
    expect(await binaryClosed).toBe(1003);

    const { socket, received, api } = await connectClient(rpcUrl(host.port), host.origin, host.token);
    const answers = received.length;
    for (const text of ['{', 'null', '[]', '{"kind":"call","id":1,"service":"__proto__","method":"x"}', '{"kind":"call","id":2,"service":"app","method":"constructor"}', '{"kind":"call","id":3,"service":"reports","method":"export","args":{"kind":"plays","out":"x","extra":1}}']) {
      socket.send(text);
    }
    await expect.poll(() => received.length).toBeGreaterThanOrEqual(answers + 6);
    for (const message of received.slice(answers)) expect(message).toMatchObject({ kind: 'result', ok: false });
    // The connection is still good for a real call.
    expect((await api.app.info({})).name).toBe('Film Room');
    socket.close();
  });

  describe('hostile XML through the import’s reader thread', () => {
    const playTypes = TaxonomySchema.parse(defaultTaxonomy).playTypes;
    const instance = (code: string) => `<file><ALL_INSTANCES><instance><ID>1</ID><start>0</start><end>1</end><code>${code}</code></instance></ALL_INSTANCES></file>`;
    const cases: [string, string][] = [
      ['billion laughs', ['<?xml version="1.0"?>', '<!DOCTYPE lolz [', '<!ENTITY lol "lol">', ...Array.from({ length: 8 }, (_, i) => `<!ENTITY lol${i + 2} "${`&lol${i === 0 ? '' : i + 1};`.repeat(10)}">`), ']>', instance('&lol9;')].join('\n')],
      ['an external entity', `<?xml version="1.0"?>\n<!DOCTYPE x [<!ENTITY e SYSTEM "file://${secretFile}">]>\n${instance('&e;')}`],
      ['an external DTD', `<?xml version="1.0"?>\n<!DOCTYPE x SYSTEM "file://${secretFile}">\n${instance('Cut')}`],
      ['a parameter entity', '<!DOCTYPE x [<!ENTITY % p "x"> %p;]><file/>'],
    ];
    for (const [name, xml] of cases) {
      it(`refuses ${name}, naming the file, reading nothing else`, async () => {
        const file = path.join(root, `${name.replaceAll(' ', '-')}.xml`);
        fs.writeFileSync(file, xml);
        const result = await readAnnotationFileOffThread(file, playTypes);
        expect(result.rows).toEqual([]);
        expect(result.errors).toHaveLength(1);
        expect(result.errors[0]).toMatchObject({ file, line: null });
        expect(result.errors[0]!.reason).toMatch(/DOCTYPE declaration is refused/);
        expect(JSON.stringify(result)).not.toContain('TOP SECRET');
      });
    }
  });
});
