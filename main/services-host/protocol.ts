import { z } from 'zod';
import { SerializedErrorSchema } from '../../shared/rpc/protocol.js';

/**
 * The messages between Electron's main process (the shell: windows, `filmroom://`, dialogs, the IPC
 * relay) and the services host (library, jobs, media answers) in its utility process. Each side
 * checks every message it receives with these schemas before acting on it: a process boundary is a
 * trust boundary like any other, and a malformed message is refused in words, never half-used.
 *
 * Renderer calls travel as `call`, each under a relay id of the shell's own (two windows may both
 * number their calls from 1); the call itself is checked by the host's RPC dispatcher exactly as a
 * WebSocket call is. Events come back as the dispatcher's own event messages.
 */

const RelayId = z.number().int().nonnegative();
const WorkerId = z.number().int().nonnegative();

export const OpenOptions = z
  .object({
    libraryPath: z.string().min(1),
    frontDoor: z.enum(['electron', 'browser', 'cli']),
    /** The shell can show the system's dialogs: the host asks it through `choose-folder` and `choose-save-file`. */
    canChooseFolder: z.boolean(),
    /**
     * How the host starts job workers: 'relay' asks the shell to start them (under Electron, through
     * `utilityProcess.fork`), 'local' lets the jobs service fork them itself (Node only).
     */
    workers: z.enum(['relay', 'local']),
    /** Notice writes by other processes (a `filmroom import` in a terminal) and tell the views. */
    watchExternalChanges: z.boolean(),
  })
  .strict();
export type OpenOptions = z.infer<typeof OpenOptions>;

/** What the shell sends to the services host. */
export const ShellMessage = z.discriminatedUnion('type', [
  z.object({ type: z.literal('open'), options: OpenOptions }).strict(),
  z.object({ type: z.literal('call'), relayId: RelayId, call: z.unknown() }).strict(),
  z.object({ type: z.literal('video-path'), relayId: RelayId, gameId: z.number().int().nonnegative() }).strict(),
  /** A finished clip export's file, for the shell's download route; answered by `export-path`. */
  z.object({ type: z.literal('export-path'), relayId: RelayId, jobId: z.string().regex(/^clips-\d{1,12}$/), file: z.number().int().nonnegative() }).strict(),
  z.object({ type: z.literal('path-chosen'), relayId: RelayId, path: z.string().nullable() }).strict(),
  z.object({ type: z.literal('worker-message'), workerId: WorkerId, message: z.unknown() }).strict(),
  z.object({ type: z.literal('worker-exit'), workerId: WorkerId, code: z.number().int().nullable(), reason: z.string() }).strict(),
  z.object({ type: z.literal('close') }).strict(),
]);
export type ShellMessage = z.infer<typeof ShellMessage>;

/** What the services host sends to the shell. */
export const HostMessage = z.discriminatedUnion('type', [
  z.object({ type: z.literal('opened'), libraryPath: z.string() }).strict(),
  z.object({ type: z.literal('open-failed'), error: SerializedErrorSchema }).strict(),
  /** The dispatcher's answer to a relayed call: a ResultMessage, checked again by the preload. */
  z.object({ type: z.literal('result'), relayId: RelayId, message: z.unknown() }).strict(),
  z.object({ type: z.literal('event'), message: z.unknown() }).strict(),
  z.object({ type: z.literal('video-path'), relayId: RelayId, path: z.string().nullable() }).strict(),
  z.object({ type: z.literal('export-path'), relayId: RelayId, path: z.string().nullable() }).strict(),
  z.object({ type: z.literal('choose-folder'), relayId: RelayId, title: z.string() }).strict(),
  /** A save dialog opened on `defaultPath` (in the library's reports folder); answered by `path-chosen`. */
  z.object({ type: z.literal('choose-save-file'), relayId: RelayId, title: z.string(), defaultPath: z.string() }).strict(),
  z.object({ type: z.literal('worker-launch'), workerId: WorkerId, entryPath: z.string().min(1), env: z.record(z.string(), z.string()) }).strict(),
  z.object({ type: z.literal('worker-message'), workerId: WorkerId, message: z.unknown() }).strict(),
  z.object({ type: z.literal('worker-kill'), workerId: WorkerId }).strict(),
  /** Answers `close`: jobs stopped, library closed; the process exits after sending it. */
  z.object({ type: z.literal('closed') }).strict(),
  /** A message the host refused: logged by the shell, so a protocol bug is visible, not silent. */
  z.object({ type: z.literal('refused'), reason: z.string() }).strict(),
]);
export type HostMessage = z.infer<typeof HostMessage>;

/** One end of the pipe between the two processes, whatever carries it. */
export interface MessageLink {
  postMessage(message: unknown): void;
  onMessage(listener: (message: unknown) => void): void;
}

/** A zod error in one line, for a `refused` message. */
export function describeRefusal(error: z.ZodError): string {
  return error.issues.map((issue) => `${issue.path.join('.') || '(message)'}: ${issue.message}`).join('; ');
}
