import type { LaunchWorker, WorkerProcess } from '../jobs/worker-process.js';
import type { HostMessage, ShellMessage } from './protocol.js';

/**
 * How the services host starts job workers.
 *
 * Under Electron the host always asks the shell, which starts each worker with
 * `utilityProcess.fork` (see main/electron/utility-process.ts). The alternative, `child_process.fork`
 * from this utility process with ELECTRON_RUN_AS_NODE=1, was rejected: `process.execPath` here is the
 * Electron binary (in a packaged app, "Film Room" itself), so a fork without that variable opens a
 * second app window, and with it the worker depends on the RunAsNode fuse, which a hardened package
 * switches off. `utilityProcess.fork` exists only in the main process, hence the relay; the traffic
 * is progress and result messages, a few per second, which the shell passes on untouched.
 *
 * Under Node (tests, a host started by hand) the jobs service forks its workers itself unless the
 * caller asks for the relay (which is how the relay is tested without Electron).
 */
export function workerLaunchPlan(requested: 'relay' | 'local', electronVersion: string | undefined = process.versions.electron): 'relay' | 'local' {
  return electronVersion !== undefined ? 'relay' : requested;
}

/** What the shell tells the host about a worker it started. */
export type WorkerNotice = Extract<ShellMessage, { type: 'worker-message' | 'worker-exit' }>;

interface RelayedWorker {
  messageListeners: ((message: unknown) => void)[];
  exitListeners: ((code: number | null, reason: string) => void)[];
  exited: boolean;
}

/**
 * A `LaunchWorker` that starts nothing itself: it asks the shell (`worker-launch`) and carries the
 * worker's messages both ways. `receive` takes the shell's `worker-message` / `worker-exit` notices.
 */
export function createRelayedLauncher(post: (message: HostMessage) => void): { launch: LaunchWorker; receive(notice: WorkerNotice): void; exitAll(reason: string): void } {
  const workers = new Map<number, RelayedWorker>();
  let nextId = 1;
  const finish = (workerId: number, code: number | null, reason: string) => {
    const worker = workers.get(workerId);
    if (!worker || worker.exited) return;
    worker.exited = true;
    workers.delete(workerId);
    for (const listener of worker.exitListeners) listener(code, reason);
  };
  const launch: LaunchWorker = (entryPath, options) => {
    const workerId = nextId++;
    const worker: RelayedWorker = { messageListeners: [], exitListeners: [], exited: false };
    workers.set(workerId, worker);
    const env = Object.fromEntries(Object.entries(options.env).filter((entry): entry is [string, string] => entry[1] !== undefined));
    post({ type: 'worker-launch', workerId, entryPath, env });
    const handle: WorkerProcess = {
      postMessage: (message) => {
        if (!worker.exited) post({ type: 'worker-message', workerId, message });
      },
      onMessage: (listener) => void worker.messageListeners.push(listener),
      onExit: (listener) => void worker.exitListeners.push(listener),
      kill: () => {
        if (!worker.exited) post({ type: 'worker-kill', workerId });
      },
    };
    return handle;
  };
  return {
    launch,
    receive: (notice) => {
      if (notice.type === 'worker-exit') return finish(notice.workerId, notice.code, notice.reason);
      for (const listener of workers.get(notice.workerId)?.messageListeners ?? []) listener(notice.message);
    },
    exitAll: (reason) => {
      for (const workerId of [...workers.keys()]) finish(workerId, null, reason);
    },
  };
}
