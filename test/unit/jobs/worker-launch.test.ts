import fs from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { WorkerExitError, WorkerRunner } from '../../../main/jobs/run-in-worker.js';
import { chooseLauncher, exitReason, forkWorker, injectedLauncherEnvironment, nodeForkEnvironment, nodeForkOptions, workerEntryPath } from '../../../main/jobs/worker-launch.js';
import type { LaunchWorker, WorkerProcess } from '../../../main/jobs/worker-process.js';
import { packageRoot } from '../../../main/system/package-paths.js';
import { WorkerProtocolError } from '../../../main/worker/protocol.js';
import { CancelledError } from '../../../shared/errors.js';
import { tempDir } from '../../helpers/temp.js';

const ELECTRON = { node: '22.20.0', electron: '45.5.0' };
const NODE = { node: '20.19.0' };

/** What Electron's shell checks: `process.versions.electron`, set here for one test and removed after. */
function simulateElectron(): void {
  Object.defineProperty(process.versions, 'electron', { value: ELECTRON.electron, configurable: true, enumerable: true });
}
afterEach(() => {
  delete (process.versions as Record<string, string | undefined>).electron;
});

/** A worker script of the test's own, forked for real: it answers what the test needs to see. */
function script(body: string): string {
  const file = path.join(tempDir(), 'worker.mjs');
  fs.writeFileSync(file, body);
  return file;
}

describe('which launcher and environment a job worker gets', () => {
  it('under Electron, a Node-style fork of the executable runs it as Node (ELECTRON_RUN_AS_NODE=1)', () => {
    const env = nodeForkEnvironment({ PATH: '/usr/bin', FILMROOM_LIBRARY: '/l.db' }, ELECTRON);
    expect(env).toEqual({ PATH: '/usr/bin', FILMROOM_LIBRARY: '/l.db', ELECTRON_RUN_AS_NODE: '1' });
    const options = nodeForkOptions({ PATH: '/usr/bin' }, ELECTRON);
    expect(options.execPath).toBe(process.execPath);
    expect(options.env.ELECTRON_RUN_AS_NODE).toBe('1');
    // Not the parent's flags, and a channel for the typed messages.
    expect(options.execArgv).toEqual([]);
    expect(options.stdio).toContain('ipc');
    expect(options.serialization).toBe('advanced');
  });

  it('under Node, the environment is passed on as it is', () => {
    const base = { PATH: '/usr/bin' };
    const env = nodeForkEnvironment(base, NODE);
    expect(env).toEqual({ PATH: '/usr/bin' });
    expect(env).not.toBe(base); // a copy: the caller's object is never changed
    expect(nodeForkOptions(base, NODE).env).toEqual({ PATH: '/usr/bin' });
  });

  it('a job gets the launcher the shell injected, else Node’s fork', () => {
    const injected: LaunchWorker = () => {
      throw new Error('not started in this test');
    };
    expect(chooseLauncher(injected)).toBe(injected);
    expect(chooseLauncher(undefined)).toBe(forkWorker);
    expect(workerEntryPath()).toBe(path.join(packageRoot(), 'dist', 'main', 'worker.js'));
  });

  it('the shell’s injected launcher (utilityProcess) gets the worker entry and never ELECTRON_RUN_AS_NODE', async () => {
    const launches: { entry: string; env: NodeJS.ProcessEnv }[] = [];
    const launcher: LaunchWorker = (entry, { env }) => {
      launches.push({ entry, env });
      return silentWorker();
    };
    // Even inherited: the variable would make the Electron binary start the utility process as plain Node.
    const electron = new WorkerRunner({ libraryPath: '/l.db', launchWorker: launcher, env: { PATH: '/usr/bin', ELECTRON_RUN_AS_NODE: '1' }, versions: ELECTRON });
    const node = new WorkerRunner({ libraryPath: '/l.db', launchWorker: launcher, env: { PATH: '/usr/bin' }, versions: NODE });
    void electron.run({ kind: 'train', request: { runId: 1 } }).catch(() => {});
    void node.run({ kind: 'train', request: { runId: 1 } }).catch(() => {});
    expect(launches).toEqual([
      { entry: workerEntryPath(), env: { PATH: '/usr/bin' } },
      { entry: workerEntryPath(), env: { PATH: '/usr/bin' } },
    ]);
    expect(injectedLauncherEnvironment({ A: '1', ELECTRON_RUN_AS_NODE: '1' })).toEqual({ A: '1' });
  });

  it('with no launcher injected, jobs get Node’s fork: ELECTRON_RUN_AS_NODE under Electron, nothing added under Node', () => {
    expect(new WorkerRunner({ libraryPath: '/l.db', env: { PATH: '/usr/bin' }, versions: ELECTRON }).environment()).toEqual({ PATH: '/usr/bin', ELECTRON_RUN_AS_NODE: '1' });
    expect(new WorkerRunner({ libraryPath: '/l.db', env: { PATH: '/usr/bin' }, versions: NODE }).environment()).toEqual({ PATH: '/usr/bin' });
  });

  it('under a simulated Electron, Node’s fork itself sets ELECTRON_RUN_AS_NODE, whatever environment it is given', async () => {
    simulateElectron();
    expect(new WorkerRunner({ libraryPath: '/l.db' }).environment().ELECTRON_RUN_AS_NODE).toBe('1');
    const entry = script("process.send({ runAsNode: process.env.ELECTRON_RUN_AS_NODE ?? null, execArgv: process.execArgv }, () => process.exit(0));\n");
    const seen = await new Promise<unknown>((resolve) => {
      // Even a caller that passes an environment without the flag cannot start the app instead of the worker.
      const worker = forkWorker(entry, { env: { PATH: process.env.PATH } });
      worker.onMessage(resolve);
    });
    expect(seen).toEqual({ runAsNode: '1', execArgv: [] });
  });

  it('under Node, a forked worker does not get the flag', async () => {
    const entry = script("process.send({ runAsNode: process.env.ELECTRON_RUN_AS_NODE ?? null }, () => process.exit(0));\n");
    const env = { ...process.env };
    delete env.ELECTRON_RUN_AS_NODE;
    const seen = await new Promise<unknown>((resolve) => forkWorker(entry, { env }).onMessage(resolve));
    expect(seen).toEqual({ runAsNode: null });
  });
});

describe('a worker that breaks the protocol or dies', () => {
  it('a malformed message fails the job with a clear error, and the worker is killed', async () => {
    const entry = script("process.on('message', () => process.send({ type: 'progress', done: -3, total: 5, label: 'x' }));\nsetInterval(() => {}, 1000);\n");
    const exits: string[] = [];
    const launcher: LaunchWorker = (file, options) => {
      const worker = forkWorker(file, options);
      worker.onExit((_code, reason) => exits.push(reason));
      return worker;
    };
    const runner = new WorkerRunner({ libraryPath: '/l.db', launchWorker: launcher, entryPath: entry });
    const error = await runner.run({ kind: 'train', request: { runId: 1 } }).catch((e: unknown) => e as Error);
    expect(error).toBeInstanceOf(WorkerProtocolError);
    expect((error as Error).message).toMatch(/^The worker sent a malformed message: done: /);
    await expect.poll(() => exits).toEqual(['killed by SIGKILL']);
  });

  it('a worker that exits without an answer fails the job with the reason, its last stderr line included', async () => {
    const entry = script("process.on('message', () => { console.error('out of memory in native code'); process.exit(3); });\n");
    const runner = new WorkerRunner({ libraryPath: '/l.db', entryPath: entry });
    const error = await runner.run({ kind: 'train', request: { runId: 1 } }).catch((e: unknown) => e as Error);
    expect(error).toBeInstanceOf(WorkerExitError);
    expect((error as Error).message).toBe('The worker stopped unexpectedly (exited with code 3: out of memory in native code).');
  });

  it('an aborted job sends the worker a cancel message and ends as cancelled', async () => {
    const entry = script(
      "process.on('message', (m) => {\n" +
        "  if (m.type === 'start') process.send({ type: 'progress', done: 1, total: 2, label: 'working' });\n" +
        "  if (m.type === 'cancel') process.send({ type: 'error', error: { name: 'CancelledError', message: 'stopped after 1 of 2' } }, () => process.exit(1));\n" +
        '});\n',
    );
    const controller = new AbortController();
    const runner = new WorkerRunner({ libraryPath: '/l.db', entryPath: entry });
    const progress: number[] = [];
    const outcome = runner.run({ kind: 'train', request: { runId: 1 } }, { signal: controller.signal, onProgress: (p) => (progress.push(p.done), controller.abort()) });
    const error = await outcome.catch((e: unknown) => e as Error);
    expect(progress).toEqual([1]);
    expect(error).toBeInstanceOf(CancelledError);
    expect((error as Error).message).toBe('stopped after 1 of 2');
  });

  it('says how a process ended in plain words', () => {
    expect(exitReason(null, 'SIGKILL', 'a warning')).toBe('killed by SIGKILL');
    expect(exitReason(1, null, 'line one\nthe last words\n')).toBe('exited with code 1: the last words');
    expect(exitReason(2, null)).toBe('exited with code 2');
    const crash = "node:internal/modules/cjs/loader:1228\n  throw err;\n  ^\n\nError: Cannot find module '/x/worker.js'\n    at Module._resolveFilename (node:internal)\n    at node:internal/main:1 {\n  code: 'MODULE_NOT_FOUND'\n}\n\nNode.js v20.20.2\n";
    expect(exitReason(1, null, crash)).toBe("exited with code 1: Error: Cannot find module '/x/worker.js'");
  });

  it('a worker that is not built is refused with what to do', async () => {
    const runner = new WorkerRunner({ libraryPath: '/l.db', entryPath: path.join(tempDir(), 'worker.js') });
    await expect(runner.run({ kind: 'train', request: { runId: 1 } })).rejects.toThrow(/job worker is not built .*worker\.js is missing\): run `npm run build`/);
  });
});

/** A worker that never answers: for tests of what a launcher is given, not of what it does. */
function silentWorker(): WorkerProcess {
  return { postMessage: () => {}, onMessage: () => {}, onExit: () => {}, kill: () => {} };
}

describe('no code path starts the app’s own executable without ELECTRON_RUN_AS_NODE', () => {
  const mainDir = path.join(packageRoot(), 'main');
  const sources = (dir: string): string[] =>
    fs.readdirSync(dir, { withFileTypes: true }).flatMap((entry) => (entry.isDirectory() ? sources(path.join(dir, entry.name)) : entry.name.endsWith('.ts') ? [path.join(dir, entry.name)] : []));
  // Comments may name what they rule out ("a fork without that variable…"): scan the code only.
  const withoutComments = (text: string) => text.replace(/\/\*[\s\S]*?\*\//g, '').replace(/^\s*\/\/.*$/gm, '');
  const files = sources(mainDir).map((file) => ({ file: path.relative(packageRoot(), file), text: withoutComments(fs.readFileSync(file, 'utf8')) }));
  // `npm start` runs this build step under plain Node before any Electron process exists (it
  // compiles better-sqlite3 with node-gyp); nothing that runs under Electron imports it.
  const buildStep = 'main/electron/prepare-native.ts';
  // `npm run bench` measures each season size in a child of itself, under Node only; the app never imports it.
  const bench = 'main/bench/bench-child.ts';

  it('process.execPath is started only by the Node launcher, which sets the flag itself', () => {
    const startsExecPath = files.filter(({ text }) => /process\.execPath/.test(text) && /\b(spawn|spawnSync|fork|execFile|execFileSync|exec)\s*\(/.test(text));
    expect(startsExecPath.map((f) => f.file).sort()).toEqual([bench, buildStep, 'main/jobs/worker-launch.ts']);
    expect(files.filter(({ text }) => text.includes('prepare-native')).map((f) => f.file)).toEqual([]);
    expect(files.filter(({ file, text }) => !file.startsWith('main/bench/') && /from '\.\.?\/(\.\.\/)*bench\//.test(text)).map((f) => f.file)).toEqual([]);
    const launcher = startsExecPath.find((f) => f.file === 'main/jobs/worker-launch.ts')!.text;
    // Its only fork passes the options that carry the flag under Electron.
    expect(launcher.match(/\bfork\s*\(/g)).toHaveLength(1);
    expect(launcher).toMatch(/fork\(entryPath, \[\], nodeForkOptions\(env\)\)/);
    // And nothing names a `bin/filmroom.js` to run: services no longer start the CLI.
    expect(files.filter(({ text }) => /bin['"`, ]+filmroom\.js|'filmroom\.js'/.test(text)).map((f) => f.file)).toEqual([]);
  });

  it('child_process is used by the launcher and for real external programs only (ffmpeg, the browser opener)', () => {
    const users = files.filter(({ text }) => /from 'node:child_process'/.test(text)).map((f) => f.file).sort();
    expect(users).toEqual([bench, buildStep, 'main/jobs/worker-launch.ts', 'main/media/clip-codec.ts', 'main/media/run-process.ts', 'main/synth/encoder.ts', 'main/system/open-browser.ts']);
  });

  it('jobs/ and services/ never import the CLI', () => {
    const offenders = files.filter(({ file, text }) => /^main\/(jobs|services|worker|application)\//.test(file) && /from '\.\.\/cli\//.test(text));
    expect(offenders.map((f) => f.file)).toEqual([]);
  });
});

describe('a cancelled worker that does not stop', () => {
  it('is killed after its grace, and the job ends as cancelled', async () => {
    // Busy in one long computation: it never reads the cancel message.
    const entry = script("process.on('message', (m) => { if (m.type === 'start') { process.send({ type: 'progress', done: 0, total: 1, label: 'busy' }); setTimeout(() => { for (;;) {} }, 50); } });\n");
    const exits: string[] = [];
    const launcher: LaunchWorker = (file, options) => {
      const worker = forkWorker(file, options);
      worker.onExit((_code, reason) => exits.push(reason));
      return worker;
    };
    const controller = new AbortController();
    const runner = new WorkerRunner({ libraryPath: '/l.db', launchWorker: launcher, entryPath: entry, cancelGraceMs: 300 });
    const outcome = runner.run({ kind: 'train', request: { runId: 1 } }, { signal: controller.signal, onProgress: () => setTimeout(() => controller.abort(), 100) });
    const error = await outcome.catch((e: unknown) => e as Error);
    expect(error).toBeInstanceOf(CancelledError);
    expect((error as Error).message).toBe('Cancelled: the job reached no safe point within 0.3 s, so its worker was stopped (killed by SIGKILL).');
    expect(exits).toEqual(['killed by SIGKILL']);
  });
});
