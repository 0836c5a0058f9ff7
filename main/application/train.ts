import type { Database } from 'better-sqlite3';
import type { EpochRecord, RunMetrics } from '../../shared/api/training.js';
import { CancelledError, FilmRoomError } from '../../shared/errors.js';
import { ClipCache } from '../media/clip-cache.js';
import type { TfjsBackendChoice } from '../ml/tfjs/backend.js';
import { trainRun } from '../training/run-training.js';
import type { JobContext } from './job-context.js';

/** What a finished training run reports (`filmroom train --json`, a worker's result). */
export interface TrainingOutcome {
  run: number;
  name: string;
  status: string;
  engine: string;
  epochs: number;
  bestEpoch: number | null;
  stoppedBy: string;
  metrics: RunMetrics | null;
  note: string | null;
}

export { newTrainingRun } from './new-run.js';

/**
 * Trains (or resumes) run `runId` to its end: features first where missing, a checkpoint after every
 * epoch. A stop keeps the checkpoint and throws CancelledError; a run that fails throws with its reason.
 */
export async function runTraining(
  db: Database, runId: number, options: { backend?: TfjsBackendChoice; onEpoch?: (epoch: EpochRecord) => void }, context: JobContext = {},
): Promise<TrainingOutcome> {
  const result = await trainRun(db, ClipCache.besideLibrary(db.name), runId, {
    ...(context.signal ? { signal: context.signal } : {}),
    ...(options.backend ? { backend: options.backend } : {}),
    onProgress: ({ done, total, label, stage }) => context.onProgress?.({ done, total, label: stage === 'training' ? label : `${stage}: ${label}` }),
    ...(options.onEpoch ? { onEpoch: options.onEpoch } : {}),
  });
  const { run } = result;
  if (result.stoppedBy === 'cancelled') throw new CancelledError(`Run ${runId} stopped after epoch ${result.epochs}; \`filmroom train --resume ${runId}\` continues it.`);
  if (run.status === 'failed') throw new FilmRoomError(`Run ${runId} failed: ${run.error}`);
  return {
    run: run.id, name: run.name, status: run.status, engine: result.engine, epochs: result.epochs, bestEpoch: run.bestEpoch,
    stoppedBy: result.stoppedBy, metrics: result.metrics, note: run.error,
  };
}
