import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { LaunchWorker, WorkerProcess } from '../../../main/jobs/worker-process.js';
import { openFilmRoom } from '../../../main/services/index.js';
import { ServicesHostClient } from '../../../main/services-host/client.js';
import { runServicesHost } from '../../../main/services-host/host.js';
import { linkToParent, type ParentPortLike } from '../../../main/services-host/parent-link.js';
import { HostMessage, ShellMessage, type MessageLink } from '../../../main/services-host/protocol.js';
import { workerLaunchPlan } from '../../../main/services-host/worker-launch.js';
import { forkProcess } from '../../helpers/fork-process.js';
import { tempDir } from '../../helpers/temp.js';

/**
 * The shell ↔ services-host pair in one process, every message passed through structuredClone as a
 * utility process's port would. `hostLink` is the host's end; `shellEnd` is a WorkerProcess for the
 * client. `sent` records what the host posted, raw.
 */
function inMemoryPair() {
  const toHost: ((m: unknown) => void)[] = [];
  const toShell: ((m: unknown) => void)[] = [];
  const exitListeners: ((code: number | null, reason: string) => void)[] = [];
  const sent: unknown[] = [];
  const hostLink: MessageLink = {
    postMessage: (m) => {
      sent.push(m);
      queueMicrotask(() => toShell.forEach((l) => l(structuredClone(m))));
    },
    onMessage: (l) => void toHost.push(l),
  };
  const shellEnd: WorkerProcess = {
    postMessage: (m) => queueMicrotask(() => toHost.forEach((l) => l(structuredClone(m)))),
    onMessage: (l) => void toShell.push(l),
    onExit: (l) => void exitListeners.push(l),
    kill: () => exitListeners.forEach((l) => l(null, 'killed')),
  };
  return { hostLink, shellEnd, sent };
}

const ECHO_WORKER = `
process.on('message', (m) => {
  if (m && m.type === 'crash') process.exit(3);
  process.send({ echo: m, env: process.env.FILMROOM_WORKER_TEST ?? null, runAsNode: process.env.ELECTRON_RUN_AS_NODE ?? null });
});
process.send({ ready: true });
`;

describe('the relay protocol', () => {
  it('refuses malformed messages on both sides, in words', () => {
    expect(ShellMessage.safeParse({ type: 'call', relayId: -1, call: {} }).success).toBe(false);
    expect(ShellMessage.safeParse({ type: 'open', options: { libraryPath: '/x.db', frontDoor: 'electron', canChooseFolder: true, workers: 'relay', watchExternalChanges: true, extra: 1 } }).success).toBe(false);
    expect(HostMessage.safeParse({ type: 'worker-launch', workerId: 1, entryPath: '', env: {} }).success).toBe(false);
    expect(HostMessage.safeParse({ type: 'worker-launch', workerId: 1, entryPath: '/w.js', env: { A: 1 } }).success).toBe(false);
    expect(HostMessage.safeParse({ type: 'result', relayId: 1, message: { anything: true } }).success).toBe(true);
  });

  it('the host answers a message it cannot read with `refused`, and goes on working', async () => {
    const { hostLink, shellEnd, sent } = inMemoryPair();
    runServicesHost(hostLink, { open: () => { throw new Error('not opened in this test'); } });
    const errors: string[] = [];
    new ServicesHostClient(shellEnd, { onEvent: () => undefined, onProtocolError: (d) => errors.push(d) });
    shellEnd.postMessage({ type: 'launch-missiles' });
    shellEnd.postMessage({ type: 'video-path', relayId: 1, gameId: 'seven' });
    await expect.poll(() => errors.length).toBe(2);
    expect(errors[0]).toMatch(/refused a message: Malformed message from the shell/);
    // A call before the library is open is answered, not dropped.
    shellEnd.postMessage({ type: 'call', relayId: 5, call: { kind: 'call', id: 1, service: 'app', method: 'info', args: {} } });
    await expect.poll(() => sent.at(-1)).toMatchObject({ type: 'result', relayId: 5, message: { ok: false, error: { name: 'LibraryAccessError' } } });
  });

  it('relays calls and rejections between a real FilmRoom and the shell', async () => {
    const dir = tempDir();
    const { hostLink, shellEnd } = inMemoryPair();
    runServicesHost(hostLink);
    const events: unknown[] = [];
    const client = new ServicesHostClient(shellEnd, { onEvent: (m) => events.push(m) });
    const opened = await client.open({ libraryPath: path.join(dir, 'lib.db'), frontDoor: 'electron', canChooseFolder: false, workers: 'local', watchExternalChanges: false });
    expect(opened).toBe(path.join(dir, 'lib.db'));
    expect(await client.call({ kind: 'call', id: 11, service: 'library', method: 'info', args: {} })).toMatchObject({ id: 11, ok: true, value: { path: opened } });
    expect(await client.call({ kind: 'call', id: 12, service: 'library', method: 'setPlayLabel', args: { playId: 1, playType: 'Cut', labelSource: 'analyst' } })).toMatchObject({ id: 12, ok: false, error: { name: 'NotFoundError' } });
    expect(await client.call({ kind: 'call', id: 13, service: 'library', method: 'dropAllTables', args: {} })).toMatchObject({ id: 13, ok: false, error: { name: 'UnknownMethodError' } });
    // No folder dialog in this shell: the service says so, and the call still settles.
    expect(await client.call({ kind: 'call', id: 14, service: 'app', method: 'chooseFolder', args: { title: 'x' } })).toMatchObject({ id: 14, ok: true, value: null });
    // An export's file is asked of the host by job and index: none such here, and the answer still comes.
    expect(await client.exportPath('clips-1', 0)).toBeUndefined();
    await client.close();
  });

  it('a second `open` is refused and a failed open says why', async () => {
    const { hostLink, shellEnd } = inMemoryPair();
    runServicesHost(hostLink, { open: () => { throw Object.assign(new Error('The library /x.db was written by a newer version of Film Room.'), { name: 'LibraryVersionError' }); } });
    const client = new ServicesHostClient(shellEnd, { onEvent: () => undefined });
    await expect(client.open({ libraryPath: '/x.db', frontDoor: 'electron', canChooseFolder: false, workers: 'relay', watchExternalChanges: false })).rejects.toThrow(/newer version/);
  });
});

describe('job workers under Electron and under Node', () => {
  it('under Electron the host always relays worker starts to the shell; under Node it does what it is asked', () => {
    expect(workerLaunchPlan('local', '40.10.2')).toBe('relay');
    expect(workerLaunchPlan('relay', '40.10.2')).toBe('relay');
    expect(workerLaunchPlan('local', undefined)).toBe('local');
    expect(workerLaunchPlan('relay', undefined)).toBe('relay');
  });

  it('in a simulated Electron process the jobs get the relayed launcher, which spawns nothing itself', async () => {
    const { hostLink, shellEnd, sent } = inMemoryPair();
    let given: LaunchWorker | undefined | 'unset' = 'unset';
    const dir = tempDir();
    runServicesHost(hostLink, {
      electronVersion: '40.10.2',
      open: (options, launchWorker) => {
        given = launchWorker;
        return openFilmRoom({ libraryPath: options.libraryPath, frontDoor: options.frontDoor, ...(launchWorker ? { launchWorker } : {}) });
      },
    });
    const client = new ServicesHostClient(shellEnd, { onEvent: () => undefined });
    // The shell asked for local workers: under Electron that would fork the app's own binary.
    await client.open({ libraryPath: path.join(dir, 'lib.db'), frontDoor: 'electron', canChooseFolder: false, workers: 'local', watchExternalChanges: false });
    expect(typeof given).toBe('function');
    const launch = given as unknown as LaunchWorker;
    // The launcher starts no process (so never the app's own executable): it asks the shell, and
    // a shell that refuses leaves no worker anywhere.
    const worker = launch('/app/dist/main/worker/entry.js', { env: { FILMROOM_WORKER_TEST: 'yes', UNSET: undefined } });
    expect(sent.at(-1)).toEqual({ type: 'worker-launch', workerId: 1, entryPath: '/app/dist/main/worker/entry.js', env: { FILMROOM_WORKER_TEST: 'yes' } });
    // This shell starts no workers: the host hears why, as the worker's exit.
    const exit = new Promise<string>((resolve) => worker.onExit((_code, reason) => resolve(reason)));
    expect(await exit).toBe('this shell starts no job workers');
    await client.close();
  });

  it('carries a worker’s messages both ways, its exit reason back, and a kill to it', async () => {
    const dir = tempDir();
    const workerFile = path.join(dir, 'dist', 'main', 'worker', 'entry.cjs');
    fs.mkdirSync(path.dirname(workerFile), { recursive: true });
    fs.writeFileSync(workerFile, ECHO_WORKER);
    const { hostLink, shellEnd } = inMemoryPair();
    let launch: LaunchWorker | undefined;
    runServicesHost(hostLink, { electronVersion: '40.10.2', open: (_o, l) => ((launch = l), { close: async () => undefined, dispatcher: { subscribeAll: () => ({ dispose() {} }) }, db: { name: '/x.db' }, api: {} } as never) });
    const launched: string[] = [];
    const client = new ServicesHostClient(shellEnd, {
      onEvent: () => undefined,
      // The stand-in for utilityProcess.fork: a real child process.
      launchWorker: (entry, options) => (launched.push(entry), forkProcess(entry, options)),
      isWorkerEntry: (entry) => entry.startsWith(path.join(dir, 'dist', 'main', 'worker') + path.sep),
    });
    await client.open({ libraryPath: '/x.db', frontDoor: 'electron', canChooseFolder: false, workers: 'relay', watchExternalChanges: false });

    const refused = launch!(path.join(dir, 'elsewhere.cjs'), { env: {} });
    expect(await new Promise((resolve) => refused.onExit((_c, reason) => resolve(reason)))).toMatch(/is not one of Film Room's worker entries/);
    expect(launched).toEqual([]);

    const worker = launch!(workerFile, { env: { ...process.env, FILMROOM_WORKER_TEST: 'relayed' } });
    const messages: unknown[] = [];
    worker.onMessage((m) => messages.push(m));
    const exited = new Promise<[number | null, string]>((resolve) => worker.onExit((code, reason) => resolve([code, reason])));
    await expect.poll(() => messages).toEqual([{ ready: true }]);
    worker.postMessage({ type: 'train', runId: 4 });
    await expect.poll(() => messages.length).toBe(2);
    expect(messages[1]).toEqual({ echo: { type: 'train', runId: 4 }, env: 'relayed', runAsNode: null });
    worker.postMessage({ type: 'crash' });
    expect(await exited).toEqual([3, 'exited with code 3']);

    const second = launch!(workerFile, { env: process.env });
    const secondExit = new Promise<string>((resolve) => second.onExit((_c, reason) => resolve(reason)));
    second.kill();
    expect(await secondExit).toBe('stopped by Film Room');
    expect(launched).toEqual([workerFile, workerFile]);
  });
});

describe('the services host’s channel to its parent', () => {
  it('uses Electron’s parentPort in a utility process, else Node’s IPC channel, else refuses to start', () => {
    const got: unknown[] = [];
    let portListener: ((event: { data: unknown }) => void) | undefined;
    const parentPort: ParentPortLike = { postMessage: (m) => got.push(['port', m]), on: (_e, l) => void (portListener = l) };
    const withPort = linkToParent({ parentPort, send: () => true, on: () => undefined } as never);
    expect(withPort.kind).toBe('parentPort');
    withPort.postMessage({ a: 1 });
    const received: unknown[] = [];
    withPort.onMessage((m) => received.push(m));
    portListener!({ data: { b: 2 } });
    expect([got, received]).toEqual([[['port', { a: 1 }]], [{ b: 2 }]]);

    const sentIpc: unknown[] = [];
    const ipc = linkToParent({ send: (m: unknown) => (sentIpc.push(m), true), on: () => undefined } as never);
    expect(ipc.kind).toBe('ipc');
    ipc.postMessage({ c: 3 });
    expect(sentIpc).toEqual([{ c: 3 }]);
    expect(() => linkToParent({ on: () => undefined } as never)).toThrow(/no channel to its parent/);
  });
});
