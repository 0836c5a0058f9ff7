import { serializeError } from '../../shared/errors.js';
import type { LaunchWorker } from '../jobs/worker-process.js';
import { videoPathOfGame } from '../library/repositories/games.js';
import { openFilmRoom, type FilmRoom } from '../services/index.js';
import { describeRefusal, HostMessage, ShellMessage, type MessageLink, type OpenOptions } from './protocol.js';
import { createRelayedLauncher, workerLaunchPlan } from './worker-launch.js';

export interface ServicesHostOptions {
  /** Opens the services (default: `openFilmRoom`); the worker launcher is the one the plan chose. */
  open?: (options: OpenOptions, launchWorker: LaunchWorker | undefined) => FilmRoom;
  /** Called once `closed` has been posted: the entry exits the process. */
  exit?: () => void;
  /** `process.versions.electron` unless a test simulates another runtime. */
  electronVersion?: string | undefined;
}

const defaultOpen = (options: OpenOptions, launchWorker: LaunchWorker | undefined): FilmRoom =>
  openFilmRoom({ libraryPath: options.libraryPath, frontDoor: options.frontDoor, ...(launchWorker ? { launchWorker } : {}) });

/**
 * The services host: the library, the jobs and the media answers, in a process of their own so
 * that SQLite (synchronous, and waiting up to its busy timeout when another process holds the write
 * lock) never runs on the thread that drives the window. It answers the shell's messages on `link`;
 * every message is checked with zod before it is used.
 */
export function runServicesHost(link: MessageLink, options: ServicesHostOptions = {}): { readonly room: FilmRoom | undefined; close(): Promise<void> } {
  const post = (message: HostMessage) => {
    try {
      link.postMessage(HostMessage.parse(message));
    } catch (error) {
      // The parent is gone (its channel closed): nothing is listening, and closing goes on.
      if (!closing) throw error;
    }
  };
  const relay = createRelayedLauncher(post);
  const folderRequests = new Map<number, (path: string | null) => void>();
  let nextFolderRequest = 1;
  let room: FilmRoom | undefined;
  let closing: Promise<void> | undefined;

  const open = (openOptions: OpenOptions) => {
    if (room) return post({ type: 'refused', reason: 'The library is already open in this services host.' });
    const plan = workerLaunchPlan(openOptions.workers, 'electronVersion' in options ? options.electronVersion : process.versions.electron);
    try {
      room = (options.open ?? defaultOpen)(openOptions, plan === 'relay' ? relay.launch : undefined);
    } catch (error) {
      return post({ type: 'open-failed', error: serializeError(error) });
    }
    if (openOptions.canChooseFolder) {
      room.api.app.folderPicker = (title) =>
        new Promise((resolve) => {
          const relayId = nextFolderRequest++;
          folderRequests.set(relayId, resolve);
          post({ type: 'choose-folder', relayId, title });
        });
      room.api.app.saveFilePicker = (title, defaultPath) =>
        new Promise((resolve) => {
          const relayId = nextFolderRequest++;
          folderRequests.set(relayId, resolve);
          post({ type: 'choose-save-file', relayId, title, defaultPath });
        });
    }
    room.dispatcher.subscribeAll((message) => post({ type: 'event', message }));
    if (openOptions.watchExternalChanges) room.api.library.watchExternalChanges();
    post({ type: 'opened', libraryPath: room.db.name });
  };

  const close = () =>
    (closing ??= (async () => {
      for (const resolve of folderRequests.values()) resolve(null);
      await room?.close();
      relay.exitAll('the services host closed');
      post({ type: 'closed' });
      options.exit?.();
    })());

  link.onMessage((raw) => {
    const parsed = ShellMessage.safeParse(raw);
    if (!parsed.success) return post({ type: 'refused', reason: `Malformed message from the shell: ${describeRefusal(parsed.error)}` });
    const message = parsed.data;
    switch (message.type) {
      case 'open':
        return open(message.options);
      case 'call':
        if (!room) return post({ type: 'result', relayId: message.relayId, message: { kind: 'result', id: -1, ok: false, error: { name: 'LibraryAccessError', message: 'The library is not open yet.' } } });
        return void room.dispatcher.handle(message.call).then((result) => post({ type: 'result', relayId: message.relayId, message: result }));
      case 'video-path':
        return post({ type: 'video-path', relayId: message.relayId, path: room ? (videoPathOfGame(room.db, message.gameId) ?? null) : null });
      case 'export-path':
        return post({ type: 'export-path', relayId: message.relayId, path: room?.api.jobs.exportedFile(message.jobId, message.file) ?? null });
      case 'path-chosen': {
        const resolve = folderRequests.get(message.relayId);
        folderRequests.delete(message.relayId);
        return resolve?.(message.path);
      }
      case 'worker-message':
      case 'worker-exit':
        return relay.receive(message);
      case 'close':
        return void close();
    }
  });
  return {
    get room() {
      return room;
    },
    close,
  };
}
