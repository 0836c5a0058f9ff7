import { EventMessage, ResultMessage } from '../../shared/rpc/protocol.js';
import type { LaunchWorker, WorkerProcess } from '../jobs/worker-process.js';
import { describeRefusal, HostMessage, type OpenOptions, type ShellMessage } from './protocol.js';

export interface ServicesHostClientOptions {
  /** Every event of every service, as the dispatcher sent it: the shell passes it to its windows. */
  onEvent(message: EventMessage): void;
  /** Shows the system's folder dialog; absent where the shell has none. */
  chooseFolder?: (title: string) => Promise<string | null>;
  /** Shows the system's save dialog on a suggested file; absent where the shell has none. */
  chooseSaveFile?: (title: string, defaultPath: string) => Promise<string | null>;
  /** Starts job workers for the host (Electron: `utilityProcess.fork`). */
  launchWorker?: LaunchWorker;
  /** Only these worker entries are started: the host names a built file of the app, nothing else. */
  isWorkerEntry?: (entryPath: string) => boolean;
  /** The host went away without being asked to (a crash): the shell tells the user. */
  onUnexpectedExit?: (code: number | null, reason: string) => void;
  /** A message the host refused or sent malformed: a protocol bug, logged rather than lost. */
  onProtocolError?: (description: string) => void;
}

/**
 * The shell's side of the services host: relays renderer calls and answers, events, the media
 * route's video lookups, folder dialogs and job workers, over a process link (a utility process
 * under Electron, a forked Node child in the tests). It runs no SQL and no model: it only passes
 * checked messages on. Calls still pending when the host goes are answered with DisconnectedError.
 */
export class ServicesHostClient {
  private readonly calls = new Map<number, { callId: number; resolve: (answer: ResultMessage) => void }>();
  /** Path look-ups (a game's video, an export's file) waiting for the host's answer, by relay id. */
  private readonly pathLookups = new Map<number, (path: string | undefined) => void>();
  private readonly workers = new Map<number, WorkerProcess>();
  private nextRelayId = 1;
  private opened: { resolve(path: string): void; reject(error: Error): void } | undefined;
  private closed: (() => void) | undefined;
  private gone: string | undefined;
  private closing = false;

  constructor(
    private readonly host: WorkerProcess,
    private readonly options: ServicesHostClientOptions,
  ) {
    host.onMessage((raw) => this.receive(raw));
    host.onExit((code, reason) => this.hostExited(code, reason));
  }

  /** Opens the library in the host; resolves with its path once the services answer. */
  open(options: OpenOptions): Promise<string> {
    return new Promise((resolve, reject) => {
      this.opened = { resolve, reject };
      this.send({ type: 'open', options });
    });
  }

  /** Relays one renderer call (unchecked: the host's dispatcher checks it) and resolves with its answer. */
  call(raw: unknown): Promise<ResultMessage> {
    const callId = typeof raw === 'object' && raw !== null && typeof (raw as { id?: unknown }).id === 'number' ? (raw as { id: number }).id : -1;
    if (this.gone) return Promise.resolve(disconnected(callId, this.gone));
    return new Promise((resolve) => {
      const relayId = this.nextRelayId++;
      this.calls.set(relayId, { callId, resolve });
      this.send({ type: 'call', relayId, call: raw });
    });
  }

  /** The video file of a game, asked of the host (which alone reads the library). */
  videoPath(gameId: number): Promise<string | undefined> {
    if (this.gone) return Promise.resolve(undefined);
    return new Promise((resolve) => {
      const relayId = this.nextRelayId++;
      this.pathLookups.set(relayId, resolve);
      this.send({ type: 'video-path', relayId, gameId });
    });
  }

  /** A finished clip export's file, asked of the host (whose jobs service made it). */
  exportPath(jobId: string, file: number): Promise<string | undefined> {
    if (this.gone) return Promise.resolve(undefined);
    return new Promise((resolve) => {
      const relayId = this.nextRelayId++;
      this.pathLookups.set(relayId, resolve);
      this.send({ type: 'export-path', relayId, jobId, file });
    });
  }

  /** Asks the host to stop its jobs and close the library; resolves when it has (or is gone). */
  close(): Promise<void> {
    if (this.gone) return Promise.resolve();
    this.closing = true;
    return new Promise((resolve) => {
      this.closed = resolve;
      this.send({ type: 'close' });
    });
  }

  private send(message: ShellMessage): void {
    this.host.postMessage(message);
  }

  private receive(raw: unknown): void {
    const parsed = HostMessage.safeParse(raw);
    if (!parsed.success) return this.options.onProtocolError?.(`Malformed message from the services host: ${describeRefusal(parsed.error)}`);
    const message = parsed.data;
    switch (message.type) {
      case 'opened':
        return this.opened?.resolve(message.libraryPath);
      case 'open-failed':
        return this.opened?.reject(Object.assign(new Error(message.error.message), { name: message.error.name }));
      case 'result': {
        const pending = this.calls.get(message.relayId);
        if (!pending) return;
        this.calls.delete(message.relayId);
        const result = ResultMessage.safeParse(message.message);
        return pending.resolve(result.success ? result.data : disconnected(pending.callId, 'its answer was malformed'));
      }
      case 'event': {
        const event = EventMessage.safeParse(message.message);
        if (!event.success) return this.options.onProtocolError?.(`Malformed event from the services host: ${describeRefusal(event.error)}`);
        return this.options.onEvent(event.data);
      }
      case 'video-path':
      case 'export-path': {
        const resolve = this.pathLookups.get(message.relayId);
        this.pathLookups.delete(message.relayId);
        return resolve?.(message.path ?? undefined);
      }
      case 'choose-folder': {
        const chooser = this.options.chooseFolder;
        const answer = chooser ? chooser(message.title).catch(() => null) : Promise.resolve(null);
        return void answer.then((path) => this.send({ type: 'path-chosen', relayId: message.relayId, path }));
      }
      case 'choose-save-file': {
        const chooser = this.options.chooseSaveFile;
        const answer = chooser ? chooser(message.title, message.defaultPath).catch(() => null) : Promise.resolve(null);
        return void answer.then((path) => this.send({ type: 'path-chosen', relayId: message.relayId, path }));
      }
      case 'worker-launch':
        return this.launchWorker(message.workerId, message.entryPath, message.env);
      case 'worker-message':
        return this.workers.get(message.workerId)?.postMessage(message.message);
      case 'worker-kill':
        return this.workers.get(message.workerId)?.kill();
      case 'closed':
        return this.closed?.();
      case 'refused':
        return this.options.onProtocolError?.(`The services host refused a message: ${message.reason}`);
    }
  }

  private launchWorker(workerId: number, entryPath: string, env: Record<string, string>): void {
    const refuse = (reason: string) => this.send({ type: 'worker-exit', workerId, code: null, reason });
    if (!this.options.launchWorker) return refuse('this shell starts no job workers');
    if (this.options.isWorkerEntry && !this.options.isWorkerEntry(entryPath)) return refuse(`${entryPath} is not one of Film Room's worker entries`);
    let worker: WorkerProcess;
    try {
      worker = this.options.launchWorker(entryPath, { env });
    } catch (error) {
      return refuse(`the worker could not start: ${(error as Error).message}`);
    }
    this.workers.set(workerId, worker);
    worker.onMessage((message) => this.send({ type: 'worker-message', workerId, message }));
    worker.onExit((code, reason) => {
      this.workers.delete(workerId);
      if (!this.gone) this.send({ type: 'worker-exit', workerId, code, reason });
    });
  }

  private hostExited(code: number | null, reason: string): void {
    this.gone = reason;
    for (const worker of this.workers.values()) worker.kill();
    for (const { callId, resolve } of this.calls.values()) resolve(disconnected(callId, reason));
    this.calls.clear();
    for (const resolve of this.pathLookups.values()) resolve(undefined);
    this.pathLookups.clear();
    this.opened?.reject(new Error(`Film Room's services stopped before the library opened (${reason}).`));
    this.closed?.();
    if (!this.closing) this.options.onUnexpectedExit?.(code, reason);
  }
}

function disconnected(id: number, reason: string): ResultMessage {
  return { kind: 'result', id, ok: false, error: { name: 'DisconnectedError', message: `Film Room's services stopped (${reason}): restart Film Room.` } };
}
