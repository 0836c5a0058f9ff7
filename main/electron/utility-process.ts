import { utilityProcess } from 'electron';
import type { LaunchWorker, WorkerProcess } from '../jobs/worker-process.js';

/**
 * `LaunchWorker` for Electron: a Node process that Electron starts and owns (it ends with the app,
 * and needs no ELECTRON_RUN_AS_NODE, so it never opens a second app window whatever the package's
 * fuses say). Used for the services host itself and, relayed from it, for every job worker.
 */
export const launchUtilityProcess: LaunchWorker = (entryPath, options) => forkUtility(entryPath, options.env, 'Film Room worker');

export function forkUtility(entryPath: string, env: NodeJS.ProcessEnv, serviceName: string): WorkerProcess {
  const child = utilityProcess.fork(entryPath, [], { env, serviceName, stdio: 'inherit' });
  let killed = false;
  let fatal: string | undefined;
  child.on('error', (type, location) => (fatal = `${type} at ${location}`));
  return {
    postMessage: (message) => child.postMessage(message),
    onMessage: (listener) => void child.on('message', listener),
    onExit: (listener) =>
      void child.once('exit', (code) => listener(code, killed ? 'stopped by Film Room' : fatal ? `crashed (${fatal})` : `exited with code ${code}`)),
    kill: () => {
      killed = true;
      child.kill();
    },
  };
}
