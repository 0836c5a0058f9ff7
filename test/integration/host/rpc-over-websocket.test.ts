import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { WebSocket } from 'ws';
import { startHost, type RunningHost } from '../../../main/host/index.js';
import { RpcDispatcher } from '../../../main/rpc/dispatcher.js';
import type { LibraryChange } from '../../../shared/api/index.js';
import { DisconnectedError, NotFoundError, UnknownMethodError, ValidationError } from '../../../shared/errors.js';
import { MAX_MESSAGE_BYTES } from '../../../shared/rpc/protocol.js';
import { suiteTempDir } from '../../helpers/temp.js';
import { connectClient, fakeFilmRoom, rpcUrl, writeRenderer } from './fixtures.js';

describe('the API over the host’s WebSocket', () => {
  const { rendererDir } = writeRenderer(suiteTempDir('filmroom-host-rpc-'));
  let host: RunningHost;
  let fake: ReturnType<typeof fakeFilmRoom>;

  beforeEach(async () => {
    fake = fakeFilmRoom();
    host = await startHost({ dispatcher: new RpcDispatcher(fake.api), rendererDir, port: 0 });
  });
  afterEach(() => host.close());

  const connect = () => connectClient(rpcUrl(host.port), host.origin, host.token);

  /** Resolves with the next raw message the socket receives. */
  const nextMessage = (socket: WebSocket) =>
    new Promise<unknown>((resolve) => socket.once('message', (data) => resolve(JSON.parse(data.toString()))));

  it('carries a call and its value', async () => {
    const { api } = await connect();
    expect(await api.library.listSeasons({})).toEqual([{ id: 1, name: '2025-26', gameCount: 3, playCount: 4 }]);
    const info = await api.app.info({});
    expect(info.version).toBe('9.9.9-test');
    expect(info.frontDoor).toBe('browser');
  });

  it('answers a method that returns nothing with null, so the caller’s promise settles', async () => {
    const { api, received } = await connect();
    await expect(api.library.setReviewPosition({ gameId: 1, playId: null })).resolves.toBeNull();
    expect(received.at(-1)).toMatchObject({ kind: 'result', ok: true, value: null });
  });

  it('forwards an event fired on the service to a listener, and stops after the socket closes', async () => {
    const { api, socket } = await connect();
    const seen: LibraryChange[] = [];
    const arrived = new Promise<void>((resolve) =>
      api.library.onDidChange((change) => {
        seen.push(change);
        resolve();
      }),
    );
    // One subscription per connection (the one for onDidChange), registered when the socket opened.
    expect(fake.onDidChange.listenerCount).toBe(1);
    fake.onDidChange.fire({ kind: 'plays' });
    await arrived;
    expect(seen).toEqual([{ kind: 'plays' }]);

    await new Promise<void>((resolve) => {
      socket.once('close', () => resolve());
      socket.close();
    });
    await expect.poll(() => fake.onDidChange.listenerCount).toBe(0);
  });

  it('re-creates a NotFoundError thrown by the service, with its message', async () => {
    const { api } = await connect();
    const failure = api.library.listGames({ seasonId: 404 });
    await expect(failure).rejects.toBeInstanceOf(NotFoundError);
    await expect(failure).rejects.toThrow('No season 404 in this library.');
  });

  it('refuses an invalid request with a ValidationError that names the field', async () => {
    const { api } = await connect();
    const failure = api.library.listGames({ seasonId: -1 });
    await expect(failure).rejects.toBeInstanceOf(ValidationError);
    await expect(failure).rejects.toThrow(/library\.listGames: seasonId: must be a positive id/);
  });

  it('refuses an unknown method with an UnknownMethodError', async () => {
    const { transport } = await connect();
    await expect(transport.call('library', 'dropEverything', {})).rejects.toBeInstanceOf(UnknownMethodError);
    await expect(transport.call('fs', 'readFile', {})).rejects.toThrow(/no service "fs"/);
  });

  it('answers malformed JSON, and a well-formed non-call, with ValidationError results', async () => {
    const { socket } = await connect();
    let reply = nextMessage(socket);
    socket.send('{"kind": "call", "id": 3,');
    expect(await reply).toMatchObject({ kind: 'result', id: -1, ok: false, error: { name: 'ValidationError', message: expect.stringMatching(/^Malformed message: not JSON/) } });

    reply = nextMessage(socket);
    socket.send(JSON.stringify({ kind: 'call', id: 5, service: 'library' }));
    expect(await reply).toMatchObject({ kind: 'result', id: 5, ok: false, error: { name: 'ValidationError', message: expect.stringMatching(/method/) } });

    // The connection survives both: the next call still works.
    reply = nextMessage(socket);
    socket.send(JSON.stringify({ kind: 'call', id: 6, service: 'library', method: 'listSeasons', args: {} }));
    expect(await reply).toMatchObject({ kind: 'result', id: 6, ok: true });
  });

  it('closes the connection on a binary message (1003) and on one over MAX_MESSAGE_BYTES (1009)', async () => {
    const closeCode = (socket: WebSocket) => new Promise<number>((resolve) => socket.once('close', (code) => resolve(code)));
    const binary = (await connect()).socket;
    const binaryClosed = closeCode(binary);
    binary.send(Buffer.from('{"kind":"call"}'), { binary: true });
    expect(await binaryClosed).toBe(1003);

    const big = (await connect()).socket;
    const bigClosed = closeCode(big);
    big.send('x'.repeat(MAX_MESSAGE_BYTES + 1));
    expect(await bigClosed).toBe(1009);
  });

  it('close() ends open connections, so waiting clients fail instead of hanging', async () => {
    const { api, socket } = await connect();
    const closed = new Promise<number>((resolve) => socket.once('close', (code) => resolve(code)));
    await host.close();
    expect(await closed).toBe(1001);
    await expect(api.library.info({})).rejects.toBeInstanceOf(DisconnectedError);
    expect(fake.onDidChange.listenerCount).toBe(0);
  });
});
