import { EventEmitter } from 'node:events';
import { describe, expect, it } from 'vitest';
import { parentChannel } from '../../../main/worker/parent-channel.js';

describe('the worker’s line to the services', () => {
  it('in an Electron utility process, uses process.parentPort and reads each message’s data', async () => {
    const port = new EventEmitter() as EventEmitter & { postMessage(message: unknown): void };
    const posted: unknown[] = [];
    port.postMessage = (message) => posted.push(message);
    const proc = Object.assign(new EventEmitter(), { parentPort: port, send: () => true }) as unknown as NodeJS.Process;
    const channel = parentChannel(proc);
    const received: unknown[] = [];
    channel.onMessage((message) => received.push(message));
    port.emit('message', { data: { type: 'cancel' } });
    await channel.post({ type: 'progress', done: 1, total: 2, label: 'x' });
    expect(received).toEqual([{ type: 'cancel' }]);
    expect(posted).toEqual([{ type: 'progress', done: 1, total: 2, label: 'x' }]);
    // postMessage only queues: the worker waits a moment before it exits.
    expect(channel.exitDelayMs).toBeGreaterThan(0);
  });

  it('in a Node fork, uses process.send and resolves once the message has gone', async () => {
    const sent: unknown[] = [];
    const emitter = Object.assign(new EventEmitter(), {
      send: (message: unknown, _handle: unknown, _options: unknown, callback: (error: Error | null) => void) => {
        sent.push(message);
        setImmediate(() => callback(null));
        return true;
      },
    });
    const channel = parentChannel(emitter as unknown as NodeJS.Process);
    const received: unknown[] = [];
    let disconnected = false;
    channel.onMessage((message) => received.push(message));
    channel.onDisconnect(() => (disconnected = true));
    emitter.emit('message', { type: 'cancel' });
    emitter.emit('disconnect');
    await channel.post({ type: 'error', error: { name: 'Error', message: 'x' } });
    expect(sent).toEqual([{ type: 'error', error: { name: 'Error', message: 'x' } }]);
    expect(received).toEqual([{ type: 'cancel' }]);
    expect(disconnected).toBe(true);
    expect(channel.exitDelayMs).toBe(0);
  });

  it('refuses to run without a channel, saying what it is', () => {
    expect(() => parentChannel(new EventEmitter() as unknown as NodeJS.Process)).toThrow(/job worker: the app starts it with an IPC channel/);
  });
});
