import { contract, type FilmRoomApi } from '../api/index.js';
import { DisconnectedError, deserializeError } from '../errors.js';
import type { Disposable } from '../events.js';
import type { CallMessage, ServerMessage } from './protocol.js';

/** The least a transport must do for the typed proxy: make calls and deliver events. */
export interface RpcTransport {
  call(service: string, method: string, args: unknown): Promise<unknown>;
  subscribe(service: string, event: string, listener: (payload: unknown) => void): Disposable;
}

/**
 * Builds the typed API from the contract: one function per method, one `onDid…` per event.
 * Only what the contract names exists; everything else is `undefined` at run time and a type error
 * at compile time, and the main side refuses unknown names whatever a caller sends.
 */
export function createApiProxy(transport: RpcTransport): FilmRoomApi {
  const api: Record<string, Record<string, unknown>> = {};
  for (const [service, { methods, events }] of Object.entries(contract)) {
    const proxy: Record<string, unknown> = {};
    for (const method of Object.keys(methods)) {
      proxy[method] = (args: unknown = {}) => transport.call(service, method, args);
    }
    for (const event of events) {
      proxy[event] = (listener: (payload: unknown) => void) => transport.subscribe(service, event, listener);
    }
    api[service] = Object.freeze(proxy);
  }
  return Object.freeze(api) as unknown as FilmRoomApi;
}

/**
 * A transport over any message pipe (WebSocket, MessagePort, an in-memory pair): numbers calls,
 * matches results, re-creates named errors, and fans events out to listeners.
 */
export class MessageTransport implements RpcTransport {
  private nextId = 1;
  private readonly pending = new Map<number, { resolve(value: unknown): void; reject(error: Error): void }>();
  private readonly listeners = new Map<string, Set<(payload: unknown) => void>>();
  private closedReason: string | undefined;

  constructor(private readonly send: (message: CallMessage) => void) {}

  call(service: string, method: string, args: unknown): Promise<unknown> {
    if (this.closedReason !== undefined) return Promise.reject(new DisconnectedError(this.closedReason));
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      this.pending.set(id, { resolve, reject });
      try {
        this.send({ kind: 'call', id, service, method, args });
      } catch (error) {
        this.pending.delete(id);
        reject(error instanceof Error ? error : new Error(String(error)));
      }
    });
  }

  subscribe(service: string, event: string, listener: (payload: unknown) => void): Disposable {
    const key = `${service}.${event}`;
    let set = this.listeners.get(key);
    if (!set) this.listeners.set(key, (set = new Set()));
    set.add(listener);
    return { dispose: () => set.delete(listener) };
  }

  /** Feed every message the main side sends. */
  receive(message: ServerMessage): void {
    if (message.kind === 'event') {
      for (const listener of this.listeners.get(`${message.service}.${message.event}`) ?? []) listener(message.payload);
      return;
    }
    const call = this.pending.get(message.id);
    if (!call) return;
    this.pending.delete(message.id);
    if (message.ok) call.resolve(message.value);
    else call.reject(deserializeError(message.error));
  }

  /** The pipe is gone: every call still waiting fails, and later calls fail at once. */
  close(reason = 'The connection to Film Room was lost. Reload the page to reconnect.'): void {
    this.closedReason = reason;
    for (const call of this.pending.values()) call.reject(new DisconnectedError(reason));
    this.pending.clear();
  }
}
