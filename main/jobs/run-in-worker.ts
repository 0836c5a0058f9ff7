import fs from 'node:fs';
import { CancelledError, deserializeError, FilmRoomError } from '../../shared/errors.js';
import type { JobProgressUpdate } from '../application/job-context.js';
import { parseFromWorker, parseWorkerPartial, parseWorkerResult, type ToWorkerMessage, type WorkerJob, type WorkerJobKind, type WorkerPartialOf, type WorkerResultOf } from '../worker/protocol.js';
import { chooseLauncher, injectedLauncherEnvironment, nodeForkEnvironment, workerEntryPath, type RuntimeVersions } from './worker-launch.js';
import type { LaunchWorker, WorkerProcess } from './worker-process.js';

/** The worker ended without answering: killed, out of memory, a crash in native code. */
export class WorkerExitError extends FilmRoomError {
  override readonly name = 'WorkerExitError';
}

export interface WorkerRunnerOptions {
  /** The library the jobs work on: each worker opens it itself. */
  libraryPath: string;
  /** How a worker is started: Electron's shell injects utilityProcess; Node's fork otherwise. */
  launchWorker?: LaunchWorker | undefined;
  entryPath?: string | undefined;
  env?: NodeJS.ProcessEnv | undefined;
  versions?: RuntimeVersions | undefined;
  /** How long a cancelled worker may take to reach a safe point before it is killed; default 30 s. */
  cancelGraceMs?: number | undefined;
}

/** Long enough for a clip's forward passes at 224×224 or a fine-tuning batch on a slow machine. */
const CANCEL_GRACE_MS = 30_000;

export interface WorkerRunOptions<K extends WorkerJobKind = WorkerJobKind> {
  signal?: AbortSignal | undefined;
  onProgress?: ((progress: JobProgressUpdate) => void) | undefined;
  /** Each piece of the answer the job sends before its result (kinds with a partial schema). */
  onPartial?: ((value: WorkerPartialOf<K>) => void) | undefined;
}

/**
 * Runs jobs in worker processes, one process per job, so a network's forward passes or a lock wait
 * never stall the thread that serves the UI. Every message from a worker is checked with zod before
 * it is used; aborting the signal sends `cancel` (the job stops at its next safe point, keeping what
 * it finished); a worker that ends without an answer fails the job with the reason.
 */
export class WorkerRunner {
  private readonly launch: LaunchWorker;

  constructor(private readonly options: WorkerRunnerOptions) {
    this.launch = chooseLauncher(options.launchWorker);
  }

  /**
   * The environment each worker gets: for Node's fork, ELECTRON_RUN_AS_NODE under Electron (so the
   * app's executable runs the worker as Node); for the shell's own launcher, never that variable.
   */
  environment(): NodeJS.ProcessEnv {
    const env = this.options.env ?? process.env;
    return this.options.launchWorker ? injectedLauncherEnvironment(env) : nodeForkEnvironment(env, this.options.versions ?? process.versions);
  }

  run<K extends WorkerJobKind>(job: WorkerJob<K>, options: WorkerRunOptions<K> = {}): Promise<WorkerResultOf<K>> {
    const { signal, onProgress, onPartial } = options;
    return new Promise((resolve, reject) => {
      if (signal?.aborted) {
        reject(new CancelledError('Cancelled before it started.'));
        return;
      }
      const entryPath = this.options.entryPath ?? workerEntryPath();
      if (!fs.existsSync(entryPath)) {
        reject(new WorkerExitError(`Film Room's job worker is not built (${entryPath} is missing): run \`npm run build\` in Film Room's folder, then try again.`));
        return;
      }
      let worker: WorkerProcess;
      try {
        worker = this.launch(entryPath, { env: this.environment() });
      } catch (error) {
        reject(new WorkerExitError(`The worker could not start: ${(error as Error).message}`));
        return;
      }
      let settled = false;
      let overdue: ReturnType<typeof setTimeout> | undefined;
      let forced = false;
      const graceMs = this.options.cancelGraceMs ?? CANCEL_GRACE_MS;
      const post = (message: ToWorkerMessage) => worker.postMessage(message);
      const onAbort = () => {
        post({ type: 'cancel' });
        // A worker stuck in one long computation still ends: what it finished is already stored.
        overdue = setTimeout(() => {
          forced = true;
          worker.kill();
        }, graceMs);
      };
      const settle = (outcome: () => void) => {
        if (settled) return;
        settled = true;
        clearTimeout(overdue);
        signal?.removeEventListener('abort', onAbort);
        outcome();
      };
      signal?.addEventListener('abort', onAbort, { once: true });

      worker.onMessage((raw) => {
        if (settled) return;
        try {
          const message = parseFromWorker(raw);
          if (message.type === 'progress') onProgress?.({ done: message.done, total: message.total, label: message.label });
          else if (message.type === 'partial') onPartial?.(parseWorkerPartial(job.kind, message));
          else if (message.type === 'result') {
            const result = parseWorkerResult(job.kind, message);
            settle(() => resolve(result));
          } else {
            const error = deserializeError(message.error);
            settle(() => reject(signal?.aborted && !(error instanceof CancelledError) ? new CancelledError(error.message) : error));
          }
        } catch (error) {
          // A malformed message: this worker cannot be trusted to go on.
          settle(() => reject(error));
          worker.kill();
        }
      });
      worker.onExit((_code, reason) =>
        settle(() => {
          if (forced) reject(new CancelledError(`Cancelled: the job reached no safe point within ${graceMs / 1000} s, so its worker was stopped (${reason}).`));
          else if (signal?.aborted) reject(new CancelledError(`Cancelled: the worker ended (${reason}).`));
          else reject(new WorkerExitError(`The worker stopped unexpectedly (${reason}).`));
        }),
      );
      post({ type: 'start', libraryPath: this.options.libraryPath, job } as ToWorkerMessage);
    });
  }
}
