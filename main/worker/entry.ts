/**
 * Film Room's job worker: one process per job, started by the services (main/jobs/worker-launch.ts
 * under Node, utilityProcess under Electron). It receives one validated `start` message, runs the
 * job through the application layer (the same functions the `filmroom` commands call), posts typed
 * progress, then its result or error, and exits. A `cancel` message (or SIGINT/SIGTERM) aborts the
 * job's signal: the work stops at its next safe point and keeps what it finished, as a CLI run does.
 */
import { serializeError } from '../../shared/errors.js';
import { parentChannel } from './parent-channel.js';
import { parseToWorker, type FromWorkerMessage, type ParsedWorkerJob } from './protocol.js';
import { runWorkerJob } from './run-job.js';

const channel = parentChannel();
const controller = new AbortController();
let started = false;
let ending = false;

/** Posts the last message, then exits: a worker runs exactly one job. */
async function finish(message: FromWorkerMessage, code: number): Promise<void> {
  if (ending) return;
  ending = true;
  try {
    await channel.post(message);
  } catch {
    // The services are gone: there is nobody to tell.
  }
  setTimeout(() => process.exit(code), channel.exitDelayMs);
}

async function run(libraryPath: string, job: ParsedWorkerJob): Promise<void> {
  try {
    const result = await runWorkerJob(libraryPath, job, {
      signal: controller.signal,
      onProgress: ({ done, total, label }) => {
        if (ending) return;
        channel.post({ type: 'progress', done: Math.max(0, Math.round(done)), total: Math.max(0, Math.round(total)), label: label.slice(0, 1000) }).catch(() => controller.abort());
      },
      onPartial: (value) => {
        if (ending) return;
        channel.post({ type: 'partial', kind: job.kind, value }).catch(() => controller.abort());
      },
    });
    await finish({ type: 'result', kind: job.kind, result }, 0);
  } catch (error) {
    await finish({ type: 'error', error: serializeError(error) }, 1);
  }
}

channel.onMessage((raw) => {
  let message;
  try {
    message = parseToWorker(raw);
  } catch (error) {
    void finish({ type: 'error', error: serializeError(error) }, 1);
    return;
  }
  if (message.type === 'cancel') {
    controller.abort();
    return;
  }
  if (started) {
    void finish({ type: 'error', error: { name: 'WorkerProtocolError', message: 'A worker runs one job: it was sent a second start.' } }, 1);
    return;
  }
  started = true;
  void run(message.libraryPath, message.job);
});

// The services closed (or Ctrl+C reached the whole process group): stop the job cleanly, as a cancel does.
channel.onDisconnect(() => controller.abort());
process.on('SIGINT', () => controller.abort());
process.on('SIGTERM', () => controller.abort());
process.on('uncaughtException', (error) => void finish({ type: 'error', error: serializeError(error) }, 1));
process.on('unhandledRejection', (error) => void finish({ type: 'error', error: serializeError(error) }, 1));
