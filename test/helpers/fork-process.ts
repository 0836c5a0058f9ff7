import { fork } from 'node:child_process';
import type { WorkerProcess } from '../../main/jobs/worker-process.js';

/**
 * `child_process.fork` as a WorkerProcess: what stands in, under Node, for Electron's
 * `utilityProcess.fork` (whose messages are structured clones; the IPC channel's are JSON, which the
 * protocols' plain data survives unchanged).
 */
export function forkProcess(entryPath: string, options: { env: NodeJS.ProcessEnv }): WorkerProcess & { pid: number | undefined; disconnect(): void } {
  const child = fork(entryPath, [], { env: options.env, stdio: ['ignore', 'inherit', 'inherit', 'ipc'], serialization: 'advanced' });
  let killed = false;
  return {
    pid: child.pid,
    /** Closes the IPC channel, as a parent that dies does. */
    disconnect: () => child.disconnect(),
    postMessage: (message) => {
      if (child.connected) child.send(message as object);
    },
    onMessage: (listener) => void child.on('message', listener),
    onExit: (listener) =>
      void child.once('exit', (code, signal) => listener(code, killed ? 'stopped by Film Room' : signal ? `killed by ${signal}` : `exited with code ${code}`)),
    kill: () => {
      killed = true;
      child.kill();
    },
  };
}
