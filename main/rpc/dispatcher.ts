import { contract, isServiceName, type FilmRoomApi } from '../../shared/api/index.js';
import { UnknownMethodError, ValidationError, serializeError } from '../../shared/errors.js';
import type { Disposable, Event } from '../../shared/events.js';
import { CallMessage, type EventMessage, type ResultMessage } from '../../shared/rpc/protocol.js';
import { formatSchemaError } from './format-schema-error.js';

/**
 * A front door's own rule on top of the schema (what a page may ask for); throws to refuse. Runs
 * after validation, with the parsed request, before the service sees it.
 */
export type RequestCheck = (service: string, method: string, request: unknown) => Promise<void>;

/**
 * The main side of every front door: checks a call against the contract, validates its request
 * with the method's schema, runs it on the one service object, and turns failures into
 * `{name, message}`. Electron IPC, the WebSocket host and in-memory test pairs all go through here.
 */
export class RpcDispatcher {
  constructor(
    private readonly api: FilmRoomApi,
    private readonly options: { check?: RequestCheck } = {},
  ) {}

  /** Validates and runs one call; throws a named error for anything the contract refuses. */
  async call(service: string, method: string, args: unknown): Promise<unknown> {
    if (!isServiceName(service)) throw new UnknownMethodError(`Film Room has no service "${service}".`);
    const methods: Record<string, { safeParse(value: unknown): { success: boolean; data?: unknown; error?: unknown } }> =
      contract[service].methods;
    const schema = Object.hasOwn(methods, method) ? methods[method] : undefined;
    if (!schema) throw new UnknownMethodError(`The ${service} service has no method "${method}".`);
    const parsed = schema.safeParse(args ?? {});
    if (!parsed.success) {
      throw new ValidationError(`${service}.${method}: ${formatSchemaError(parsed.error)}`);
    }
    await this.options.check?.(service, method, parsed.data);
    const target = this.api[service] as unknown as Record<string, (request: unknown) => Promise<unknown>>;
    return target[method]!.call(target, parsed.data);
  }

  /** Handles one raw message from a transport and always produces a result to send back. */
  async handle(raw: unknown): Promise<ResultMessage> {
    const message = CallMessage.safeParse(raw);
    if (!message.success) {
      const id = typeof raw === 'object' && raw !== null && typeof (raw as { id?: unknown }).id === 'number' ? (raw as { id: number }).id : -1;
      return { kind: 'result', id, ok: false, error: serializeError(new ValidationError(`Malformed call: ${formatSchemaError(message.error)}`)) };
    }
    const { id, service, method, args } = message.data;
    try {
      // A method that returns nothing answers null: JSON would drop an undefined value, and a
      // result without one is not a result the client accepts.
      return { kind: 'result', id, ok: true, value: (await this.call(service, method, args)) ?? null };
    } catch (error) {
      return { kind: 'result', id, ok: false, error: serializeError(error) };
    }
  }

  /** Forwards every event of every service, as wire messages, until disposed. */
  subscribeAll(listener: (message: EventMessage) => void): Disposable {
    const subscriptions: Disposable[] = [];
    for (const [service, { events }] of Object.entries(contract)) {
      const target = this.api[service as keyof FilmRoomApi] as unknown as Record<string, Event<unknown>>;
      for (const event of events) {
        subscriptions.push(target[event]!((payload) => listener({ kind: 'event', service, event, payload })));
      }
    }
    return { dispose: () => subscriptions.forEach((s) => s.dispose()) };
  }
}
