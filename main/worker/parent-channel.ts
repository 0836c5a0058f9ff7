import type { FromWorkerMessage } from './protocol.js';

/** The worker's line to the services that started it, whichever way it was started. */
export interface ParentChannel {
  post(message: FromWorkerMessage): Promise<void>;
  onMessage(listener: (message: unknown) => void): void;
  /** The services went away (Node only: a utility process is ended by Electron with its parent). */
  onDisconnect(listener: () => void): void;
  /** How long to wait after the last post before exiting, so it is not lost with the process. */
  readonly exitDelayMs: number;
}

interface ParentPort {
  postMessage(message: unknown): void;
  on(event: 'message', listener: (event: { data: unknown }) => void): void;
}

/**
 * Electron's `utilityProcess.fork` gives the child `process.parentPort`; Node's `child_process.fork`
 * gives it `process.send` and 'message' events. Neither needs the 'electron' module here.
 */
export function parentChannel(proc: NodeJS.Process = process): ParentChannel {
  const port = (proc as NodeJS.Process & { parentPort?: ParentPort }).parentPort;
  if (port) {
    return {
      post: async (message) => port.postMessage(message),
      onMessage: (listener) => port.on('message', (event) => listener(event.data)),
      onDisconnect: () => {},
      // postMessage only queues the message; Node's send below says when it has gone.
      exitDelayMs: 100,
    };
  }
  const send = proc.send?.bind(proc);
  if (!send) throw new Error('This is Film Room’s job worker: the app starts it with an IPC channel; it does not run on its own.');
  return {
    post: (message) => new Promise((resolve, reject) => send(message, undefined, undefined, (error) => (error ? reject(error) : resolve()))),
    onMessage: (listener) => proc.on('message', listener),
    onDisconnect: (listener) => proc.on('disconnect', listener),
    exitDelayMs: 0,
  };
}
