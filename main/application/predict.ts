import type { Database } from 'better-sqlite3';
import type { PredictionSummary, PredictRequest } from '../../shared/api/training.js';
import { getRun } from '../library/repositories/training-runs.js';
import { predictRun } from '../training/predict.js';
import type { JobContext } from './job-context.js';

/** Stores a run's per-play class probabilities (`filmroom predict`, the Review view's queue). */
export async function runPrediction(db: Database, request: PredictRequest, context: JobContext = {}): Promise<PredictionSummary> {
  getRun(db, request.runId); // a NotFoundError for an unknown run
  const summary = await predictRun(db, request.runId, {
    gameId: request.gameId,
    unlabeled: request.unlabeled,
    onProgress: (done, total) => context.onProgress?.({ done, total, label: 'plays' }),
  });
  return { runId: summary.runId, plays: summary.plays, seconds: summary.seconds };
}
