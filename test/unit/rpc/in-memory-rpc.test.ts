import { afterEach, describe, expect, it } from 'vitest';
import { connectInMemory } from '../../../main/rpc/in-memory.js';
import { openFilmRoom, type FilmRoom } from '../../../main/services/index.js';
import { NotFoundError, UnknownMethodError, ValidationError } from '../../../shared/errors.js';
import type { LibraryChange } from '../../../shared/api/library.js';

describe('RPC between a client and the service object, through a message pipe', () => {
  let room: FilmRoom;
  afterEach(() => room.close());

  function connect() {
    room = openFilmRoom({ libraryPath: ':memory:', frontDoor: 'browser' });
    return connectInMemory(room.dispatcher);
  }

  it('carries calls and their results', async () => {
    const { api } = connect();
    const info = await api.library.info({});
    expect(info.schemaVersion).toBeGreaterThan(0);
    expect(info.counts.plays).toBe(0);
    expect((await api.library.taxonomy({})).map((t) => t.id)).toContain('PRBallHandler');
    expect((await api.app.info({})).frontDoor).toBe('browser');
  });

  it('carries events to subscribers until they stop listening', async () => {
    const { api } = connect();
    const seen: LibraryChange[] = [];
    const subscription = api.library.onDidChange((change) => seen.push(change));
    room.api.library.notifyChanged({ kind: 'plays' });
    await new Promise((resolve) => setTimeout(resolve, 0));
    subscription.dispose();
    room.api.library.notifyChanged({ kind: 'games' });
    await new Promise((resolve) => setTimeout(resolve, 0));
    expect(seen).toEqual([{ kind: 'plays' }]);
  });

  it('re-creates named errors on the client side', async () => {
    const { api } = connect();
    room.api.library.listGames = async () => {
      throw new NotFoundError('No game 42 in this library.');
    };
    const failure = api.library.listGames({ seasonId: 42 });
    await expect(failure).rejects.toBeInstanceOf(NotFoundError);
    await expect(failure).rejects.toThrow('No game 42 in this library.');
  });

  it('refuses requests that do not match their schema, naming the field', async () => {
    const { api } = connect();
    await expect(api.library.listGames({ seasonId: -1 })).rejects.toBeInstanceOf(ValidationError);
    await expect(api.library.listGames({ seasonId: -1 })).rejects.toThrow(/library\.listGames: seasonId: must be a positive id/);
    await expect(api.library.listPlays({ limit: 0 })).rejects.toThrow(/limit/);
    await expect(api.library.listPlays({ playType: 'no spaces allowed' })).rejects.toThrow(/playType/);
    // Extra fields are refused rather than ignored: a typo must not silently widen a query.
    await expect(api.library.listGames({ seasonID: 1 } as never)).rejects.toThrow(/seasonID/);
  });

  it('refuses unknown services and methods, even when a caller bypasses the typed proxy', async () => {
    const { transport } = connect();
    await expect(transport.call('library', 'dropEverything', {})).rejects.toBeInstanceOf(UnknownMethodError);
    await expect(transport.call('library', 'constructor', {})).rejects.toBeInstanceOf(UnknownMethodError);
    await expect(transport.call('library', 'onDidChange', {})).rejects.toBeInstanceOf(UnknownMethodError);
    await expect(transport.call('fs', 'readFile', {})).rejects.toThrow(/no service "fs"/);
  });

  it('answers a malformed message with a validation error instead of crashing', async () => {
    connect();
    const result = await room.dispatcher.handle({ kind: 'call', id: 7, service: 'library' });
    expect(result).toMatchObject({ id: 7, ok: false, error: { name: 'ValidationError' } });
    expect(await room.dispatcher.handle('not an object')).toMatchObject({ id: -1, ok: false });
  });

  it('fails waiting calls when the pipe closes', async () => {
    const { api, transport } = connect();
    transport.close('gone');
    await expect(api.library.info({})).rejects.toThrow('gone');
  });
});

describe('app.info', () => {
  it('names the engines this machine gives Film Room', async () => {
    const room = openFilmRoom({ libraryPath: ':memory:', frontDoor: 'browser' });
    try {
      const { api } = connectInMemory(room.dispatcher);
      const info = await api.app.info({});
      expect(info.engines.inference).toMatch(/^ONNX Runtime \d+\.\d+/);
      // tfjs-node-gpu cannot install here, so training falls back to the wasm backend.
      expect(info.engines.training).toMatch(/wasm/);
    } finally {
      await room.close();
    }
  });
});
