/** What every kind of run does alike: its split, its epoch rows, and how a run that throws is marked. */
import type { Database } from 'better-sqlite3';
import type { EpochRecord, RunSplit } from '../../shared/api/training.js';
import { CancelledError, ConflictError, FilmRoomError, ValidationError } from '../../shared/errors.js';
import { findRun, updateRun } from '../library/repositories/training-runs.js';
import { splitRun, type SplitPlay } from '../ml/evaluation/split.js';
import type { EpochMetrics } from '../ml/head/checkpoint.js';

/** A run with stored epochs whose checkpoints do not load: it cannot go on, and says why. */
export class ResumeError extends FilmRoomError {
  constructor(runId: number, epochs: number, problems: readonly string[]) {
    super(
      `Run ${runId} cannot resume: it has ${epochs} stored epoch${epochs === 1 ? '' : 's'} but no checkpoint of it loads (${problems.join('; ')}). ` +
        'Its epochs are kept; start a new run with the same settings to train again.',
    );
  }
}

/** The run's split by game (held-out, validation and training games) with its play counts; `what` names the plays in errors. */
export function runSplitOf(plays: readonly SplitPlay[], spec: { heldOutFraction: number; splitSeed: number }, classes: number, what: string): RunSplit {
  const games = new Set(plays.map((p) => p.gameId));
  if (games.size < 2) {
    throw new ValidationError(`Training needs ${what} from at least 2 games (one to learn from, one to test on); there are ${games.size}. Import more games.`);
  }
  const split = splitRun(plays, { heldOutFraction: spec.heldOutFraction, seed: spec.splitSeed, classes });
  const count = (ids: readonly number[]) => {
    const set = new Set(ids);
    return plays.filter((p) => set.has(p.gameId)).length;
  };
  return {
    seed: spec.splitSeed, ...split, trainPlays: count(split.trainGameIds), validationPlays: count(split.validationGameIds), heldOutPlays: count(split.heldOutGameIds),
  };
}

export const toEpochRecord = (m: EpochMetrics): EpochRecord => ({
  epoch: m.epoch, loss: m.loss, accuracy: m.accuracy, valLoss: Number.isFinite(m.valLoss) ? m.valLoss : null, valAccuracy: Number.isFinite(m.valAccuracy) ? m.valAccuracy : null,
  macroF1: m.valMacroF1 ?? null, durationS: m.seconds,
});

/** Marks a run that threw as failed (cancelled, when it was cancelled) with the reason; a conflict (e.g. already finished) changes nothing. */
export function markStopped(db: Database, runId: number, error: unknown, signal?: AbortSignal): void {
  const run = findRun(db, runId);
  if (run && run.status !== 'finished' && !(error instanceof ConflictError)) {
    const cancelled = error instanceof CancelledError || signal?.aborted === true;
    updateRun(db, runId, { status: cancelled ? 'cancelled' : 'failed', error: (error as Error).message, finishedAt: new Date().toISOString() });
  }
}
