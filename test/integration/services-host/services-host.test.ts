import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { NotFoundError } from '../../../shared/errors.js';
import { createApiProxy, MessageTransport } from '../../../shared/rpc/client.js';
import type { EventMessage } from '../../../shared/rpc/protocol.js';
import { openLibrary } from '../../../main/library/index.js';
import { ServicesHostClient } from '../../../main/services-host/client.js';
import { forkProcess } from '../../helpers/fork-process.js';
import { REPO_ROOT } from '../../helpers/run-cli.js';
import { seedGame, seedPlay } from '../../helpers/seed.js';
import { tempDir } from '../../helpers/temp.js';

// The services host as Electron runs it, minus Electron: the built entry (dist/main/services-host.cjs,
// `npm run build`) forked with child_process, its IPC channel standing in for the utility process's
// parentPort; this test process plays Electron's main process, relaying like main/electron/main.ts.
const ENTRY = path.join(REPO_ROOT, 'dist', 'main', 'services-host.cjs');

function libraryWithPlays(dir: string): { file: string; playId: number; gameId: number } {
  const file = path.join(dir, 'library.filmroom.db');
  const db = openLibrary(file);
  const gameId = seedGame(db, { season: '2025-26', videoPath: path.join(dir, 'game-1.mp4') });
  const playId = seedPlay(db, gameId, 12, 'Isolation');
  for (let i = 1; i < 30; i++) seedPlay(db, gameId, 12 + i * 8, i % 2 ? 'Spotup' : 'Transition');
  db.close();
  return { file, playId, gameId };
}

/** Resolves once the locking process says it holds the lock; fails if it dies first. */
function lockTaken(locker: ChildProcess): Promise<void> {
  return new Promise((resolve, reject) => {
    locker.stdout!.once('data', () => resolve());
    locker.once('exit', (code) => reject(new Error(`the locking process exited (code ${code}) before taking the lock`)));
  });
}

const running: ServicesHostClient[] = [];
afterEach(async () => {
  await Promise.all(running.splice(0).map((client) => client.close()));
});

async function startHost(libraryPath: string, extra: { chooseFolder?: (title: string) => Promise<string | null> } = {}) {
  const events: EventMessage[] = [];
  const exits: string[] = [];
  const process = forkProcess(ENTRY, { env: { ...globalThis.process.env, FILMROOM_LIBRARY: '' } });
  const client = new ServicesHostClient(process, { onEvent: (m) => events.push(m), onUnexpectedExit: (_c, reason) => exits.push(reason), ...extra });
  running.push(client);
  await client.open({ libraryPath, frontDoor: 'electron', canChooseFolder: extra.chooseFolder !== undefined, workers: 'local', watchExternalChanges: false });
  // The renderer's side, as the preload builds it: a typed API over the relayed calls.
  const transport: MessageTransport = new MessageTransport((call) => void client.call(call).then((answer) => transport.receive(answer)));
  return { client, api: createApiProxy(transport), events, exits, process };
}

describe('the services host in its own process', () => {
  it('answers relayed calls, sends events back, and rejects with the service’s named error', async () => {
    const dir = tempDir();
    const { file, playId, gameId } = libraryWithPlays(dir);
    const host = await startHost(file, { chooseFolder: async (title) => (title === 'Season folder' ? '/chosen/folder' : null) });
    const info = await host.api.app.info({});
    expect(info).toMatchObject({ name: 'Film Room', frontDoor: 'electron', libraryPath: file, canChooseFolder: true });
    expect((await host.api.library.listPlays({ gameId, limit: 5 })).total).toBe(30);

    const change = await host.api.library.setPlayLabel({ playId, playType: 'Postup', labelSource: 'analyst' });
    expect(change.previous.playType).toBe('Isolation');
    expect(change.play.playType).toBe('Postup');
    await expect.poll(() => host.events.some((e) => e.service === 'library' && e.event === 'onDidChange')).toBe(true);

    // A rejected promise crosses both processes as the same named error class.
    await expect(host.api.library.setPlayLabel({ playId: 999_999, playType: 'Postup', labelSource: 'analyst' })).rejects.toBeInstanceOf(NotFoundError);
    // A malformed call is refused by the host's dispatcher, in words.
    const refused = await host.client.call({ kind: 'call', id: 7, service: 'library', method: 'listPlays', args: { limit: 'many' } });
    expect(refused).toMatchObject({ id: 7, ok: false, error: { name: 'ValidationError' } });

    // The folder dialog is the shell's: the host asks for it and gets the answer back.
    expect(await host.api.app.chooseFolder({ title: 'Season folder' })).toBe('/chosen/folder');
    // The media route's lookup: the host reads the library, the shell only gets the path.
    expect(await host.client.videoPath(gameId)).toBe(path.join(dir, 'game-1.mp4'));
    expect(await host.client.videoPath(4242)).toBeUndefined();
  });

  it('answers pending calls with DisconnectedError when the host dies, and reports why', async () => {
    const dir = tempDir();
    const { file } = libraryWithPlays(dir);
    const host = await startHost(file);
    running.splice(running.indexOf(host.client), 1);
    await host.api.app.info({});
    // A call in flight when the process is killed: the shell never waits forever.
    const pending = host.client.call({ kind: 'call', id: 3, service: 'library', method: 'info', args: {} });
    globalThis.process.kill(host.process.pid!, 'SIGKILL');
    const answers = await Promise.all([pending, new Promise((resolve) => setTimeout(resolve, 200)).then(() => host.client.call({ kind: 'call', id: 4, service: 'app', method: 'info', args: {} }))]);
    for (const answer of answers) {
      if (answer.ok) continue; // the first call may have been answered before the kill landed
      expect(answer.error.name).toBe('DisconnectedError');
    }
    expect(answers[1]).toMatchObject({ id: 4, ok: false, error: { name: 'DisconnectedError' } });
    await expect.poll(() => host.exits).toEqual(['killed by SIGKILL']);
  });

  it('closes the library cleanly when asked: the WAL is checkpointed and the file is free', async () => {
    const dir = tempDir();
    const { file, playId } = libraryWithPlays(dir);
    const host = await startHost(file);
    running.splice(running.indexOf(host.client), 1);
    await host.api.library.setPlayLabel({ playId, playType: 'Cut', labelSource: 'analyst' });
    await host.client.close();
    // The last connection closed checkpoints the WAL into the file and removes it.
    await expect.poll(() => fs.existsSync(`${file}-wal`)).toBe(false);
    const db = new BetterSqlite3(file, { readonly: true });
    expect(db.prepare('SELECT play_type_id FROM plays WHERE id = ?').pluck().get(playId)).toBe('Cut');
    db.close();
  });

  it('closes the library and exits on its own when its parent goes away', async () => {
    const dir = tempDir();
    const { file, playId } = libraryWithPlays(dir);
    const host = await startHost(file);
    running.splice(running.indexOf(host.client), 1);
    await host.api.library.setPlayLabel({ playId, playType: 'Handoff', labelSource: 'analyst' });
    expect(fs.existsSync(`${file}-wal`)).toBe(true);
    const exited = new Promise<[number | null, string]>((resolve) => host.process.onExit((code, reason) => resolve([code, reason])));
    host.process.disconnect();
    expect(await exited).toEqual([0, 'exited with code 0']);
    expect(fs.existsSync(`${file}-wal`)).toBe(false);
  });

  it('answers calls that need no write at once (typically < 200 ms, never near the 5 s busy timeout) while another process holds the write lock for 10 s', async () => {
    const dir = tempDir();
    const { file, gameId } = libraryWithPlays(dir);
    const host = await startHost(file);
    await host.api.app.info({}); // first call loads the engine report (ONNX Runtime): not what is measured

    // Another process takes the write lock (BEGIN EXCLUSIVE, WAL mode), writes, and holds it 10 s.
    const locker = spawn(globalThis.process.execPath, ['-e', `
      const Db = require(${JSON.stringify(path.join(REPO_ROOT, 'node_modules', 'better-sqlite3'))});
      const db = new Db(${JSON.stringify(file)});
      db.exec('BEGIN EXCLUSIVE');
      db.prepare("UPDATE plays SET play_type_id = 'Cut' WHERE id = (SELECT min(id) FROM plays)").run();
      process.stdout.write('locked\\n');
      setTimeout(() => { db.exec('COMMIT'); db.close(); }, 10000);
    `], { stdio: ['ignore', 'pipe', 'inherit'] });
    const exited = new Promise((resolve) => locker.on('exit', resolve));
    await lockTaken(locker);
    const lockedAt = Date.now();

    // The lock is really held: a writer that will not wait is refused.
    const probe = new BetterSqlite3(file, { timeout: 0 });
    expect(() => probe.exec('BEGIN IMMEDIATE')).toThrow(/locked|busy/i);
    probe.close();

    const timings: Record<string, number[]> = { 'app.info': [], 'library.info': [], 'library.listGames': [], 'library.listPlays': [], 'library.reviewPosition': [], 'jobs.list': [] };
    const timed = async (name: string, call: () => Promise<unknown>) => {
      const started = performance.now();
      await call();
      timings[name]!.push(performance.now() - started);
    };
    while (Date.now() - lockedAt < 8_000) {
      await timed('app.info', () => host.api.app.info({}));
      await timed('library.info', () => host.api.library.info({}));
      await timed('library.listGames', () => host.api.library.listGames({}));
      await timed('library.listPlays', () => host.api.library.listPlays({ gameId, limit: 50 }));
      await timed('library.reviewPosition', () => host.api.library.reviewPosition({}));
      await timed('jobs.list', () => host.api.jobs.list({}));
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    const stillLocked = Date.now() - lockedAt < 10_000;
    const worst = Object.fromEntries(Object.entries(timings).map(([name, list]) => [name, Math.round(Math.max(...list))]));
    console.log(`Under a 10 s exclusive lock (${timings['app.info']!.length} rounds), slowest answers in ms: ${JSON.stringify(worst)}`);
    expect(stillLocked).toBe(true);
    // A call that waited for the lock would take SQLite's busy timeout (5 s) or fail. Every call stays
    // far below that, and the typical one below 200 ms; the slowest are printed (this machine is
    // shared, so a rare answer is late for want of a core, not for the lock).
    for (const [name, list] of Object.entries(timings)) {
      expect(list.length, name).toBeGreaterThan(10);
      expect(Math.max(...list), name).toBeLessThan(1000);
      expect([...list].sort((a, b) => a - b)[Math.floor(list.length / 2)]!, name).toBeLessThan(200);
    }
    await exited;
    // The locker's write landed once it committed: the reads above saw the last committed state.
    expect((await host.api.library.listPlays({ gameId, limit: 1 })).plays[0]!.playType).toBe('Cut');
  }, 60_000);

  it('keeps the shell’s own thread free while a write in the host waits for the lock', async () => {
    const dir = tempDir();
    const { file, playId } = libraryWithPlays(dir);
    const host = await startHost(file);
    const locker = spawn(globalThis.process.execPath, ['-e', `
      const Db = require(${JSON.stringify(path.join(REPO_ROOT, 'node_modules', 'better-sqlite3'))});
      const db = new Db(${JSON.stringify(file)});
      db.exec('BEGIN EXCLUSIVE');
      process.stdout.write('locked\\n');
      setTimeout(() => { db.exec('ROLLBACK'); db.close(); }, 7000);
    `], { stdio: ['ignore', 'pipe', 'inherit'] });
    await lockTaken(locker);
    // The host's write waits out SQLite's busy timeout (5 s) and fails; meanwhile this thread, which
    // under Electron drives the windows, keeps its timers on time.
    const write = host.api.library.setPlayLabel({ playId, playType: 'Cut', labelSource: 'analyst' }).then(() => 'written', (error: Error) => error.message);
    let worstLag = 0;
    let last = performance.now();
    const ticker = setInterval(() => {
      const now = performance.now();
      worstLag = Math.max(worstLag, now - last - 20);
      last = now;
    }, 20);
    const outcome = await write;
    clearInterval(ticker);
    expect(outcome).toMatch(/locked/);
    console.log(`Shell thread while the host's write waited ${'5 s'}: worst timer lag ${Math.round(worstLag)} ms`);
    expect(worstLag).toBeLessThan(1000);
    await new Promise((resolve) => locker.on('exit', resolve));
  }, 60_000);
});
