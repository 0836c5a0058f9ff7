import { fork, type ForkOptions } from 'node:child_process';
import path from 'node:path';
import { packageRoot } from '../system/package-paths.js';
import type { LaunchWorker, WorkerProcess } from './worker-process.js';

/** The built worker entry (`npm run build` writes it beside the CLI). */
export function workerEntryPath(): string {
  return path.join(packageRoot(), 'dist', 'main', 'worker.js');
}

/** The running runtime's versions: `electron` is set in every Electron process. */
export type RuntimeVersions = Readonly<Partial<Record<string, string>>>;

/**
 * The environment of a worker forked Node-style. Under Electron `process.execPath` is the Electron
 * binary (or the packaged "Film Room"): without ELECTRON_RUN_AS_NODE it would start another copy
 * of the app instead of running the worker script as Node.
 */
export function nodeForkEnvironment(env: NodeJS.ProcessEnv, versions: RuntimeVersions = process.versions): NodeJS.ProcessEnv {
  return versions.electron ? { ...env, ELECTRON_RUN_AS_NODE: '1' } : { ...env };
}

/**
 * The environment of a worker the shell's own launcher starts (Electron's utilityProcess): never
 * ELECTRON_RUN_AS_NODE, which would make the Electron binary start it as plain Node instead of as a
 * utility process, as it does for any Electron child process that inherits the variable.
 */
export function injectedLauncherEnvironment(env: NodeJS.ProcessEnv): NodeJS.ProcessEnv {
  const { ELECTRON_RUN_AS_NODE: _runAsNode, ...rest } = env;
  return rest;
}

/** What `child_process.fork` is given for a worker: this runtime's executable, as Node, with IPC. */
export function nodeForkOptions(env: NodeJS.ProcessEnv, versions: RuntimeVersions = process.versions): ForkOptions & { execPath: string; env: NodeJS.ProcessEnv } {
  return {
    execPath: process.execPath,
    // Not the parent's flags (a test runner's loaders, --inspect): the entry is plain built JavaScript.
    execArgv: [],
    env: nodeForkEnvironment(env, versions),
    // Structured clone, as Electron's utility processes use: the same messages either way.
    serialization: 'advanced',
    stdio: ['ignore', 'ignore', 'pipe', 'ipc'],
  };
}

/** Keeps the end of the worker's stderr: a crash's last words go into the job's reason. */
const STDERR_TAIL = 2000;

/** `child_process.fork` of the worker entry: the launcher under Node (the CLI, browser mode, tests). */
export const forkWorker: LaunchWorker = (entryPath, { env }) => {
  const child = fork(entryPath, [], nodeForkOptions(env));
  let stderr = '';
  child.stderr?.on('data', (chunk: Buffer) => (stderr = (stderr + chunk.toString('utf8')).slice(-STDERR_TAIL)));
  const worker: WorkerProcess = {
    pid: child.pid,
    postMessage: (message) => {
      if (child.connected) child.send(message as never);
    },
    onMessage: (listener) => child.on('message', listener),
    // 'close' comes after the process ended and its IPC channel delivered every message.
    onExit: (listener) => child.once('close', (code, signal) => listener(code, exitReason(code, signal, stderr))),
    kill: () => void child.kill('SIGKILL'),
  };
  child.on('error', () => {}); // a failed start also ends in 'close', which says why
  return worker;
};

/** "killed by SIGKILL"; "exited with code 3: <its last error line on stderr>". */
export function exitReason(code: number | null, signal: NodeJS.Signals | null, stderr = ''): string {
  if (signal) return `killed by ${signal}`;
  // Node ends a crash report with its version and a stack: the error's own line says more.
  const lines = stderr.split('\n').map((line) => line.trim()).filter((line) => line && !/^Node\.js v\d/.test(line) && !/^at /.test(line));
  const last = lines.filter((line) => /error/i.test(line)).at(-1) ?? lines.at(-1);
  const how = `exited with code ${code ?? 'unknown'}`;
  return last ? `${how}: ${last}` : how;
}

/** The launcher a job gets: the one the shell injected (Electron's utilityProcess), else Node's fork. */
export function chooseLauncher(injected: LaunchWorker | undefined): LaunchWorker {
  return injected ?? forkWorker;
}
