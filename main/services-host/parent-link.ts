import type { MessageLink } from './protocol.js';

/** Electron's `process.parentPort` in a utility process: messages arrive as `{ data }` events. */
export interface ParentPortLike {
  postMessage(message: unknown): void;
  on(event: 'message', listener: (event: { data: unknown }) => void): void;
}

/**
 * The pipe to whoever started this process: Electron's `parentPort` in a utility process, else
 * Node's IPC channel (`child_process.fork`, which is how the tests and a Node shell start the host).
 * This file needs nothing from 'electron': a utility process is given `process.parentPort`.
 */
export function linkToParent(proc: NodeJS.Process & { parentPort?: ParentPortLike } = process): MessageLink & { kind: 'parentPort' | 'ipc' } {
  const port = proc.parentPort;
  if (port) {
    return { kind: 'parentPort', postMessage: (message) => port.postMessage(message), onMessage: (listener) => port.on('message', (event) => listener(event.data)) };
  }
  if (proc.send) {
    const send = proc.send.bind(proc);
    return {
      kind: 'ipc',
      // A parent already gone is not an error here: the host is closing (see entry.ts).
      postMessage: (message) => void (proc.connected !== false && send(message, undefined, undefined, () => undefined)),
      onMessage: (listener) => void proc.on('message', listener),
    };
  }
  throw new Error('The services host must be started by Film Room (utilityProcess.fork or child_process.fork): it has no channel to its parent.');
}
