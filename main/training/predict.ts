/** Stores a run's class probabilities for plays, from the trained head or from its checkpoint. */
import type { Database } from 'better-sqlite3';
import type * as tf from '@tensorflow/tfjs';
import type { PredictionSummary } from '../../shared/api/training.js';
import { ConflictError, NotFoundError } from '../../shared/errors.js';
import { listFeatureSets } from '../library/repositories/features.js';
import { storePredictions } from '../library/repositories/predictions.js';
import { listPlayTypes } from '../library/repositories/taxonomy.js';
import { getRun, readFeatureScaling } from '../library/repositories/training-runs.js';
import { applyTemperature } from '../ml/evaluation/calibration.js';
import { buildHead } from '../ml/head/model.js';
import { mirrorsOf, type Mirrors } from '../ml/head/mirrors.js';
import { restoreWeights } from '../ml/head/data.js';
import { disposeHead } from '../ml/head/train.js';
import { initTfjs } from '../ml/tfjs/backend.js';
import { temporalShape, type TemporalInput } from '../ml/head/temporal-input.js';
import { listAndPinFeaturePlays } from './dataset.js';
import { predictionOf } from './evaluation.js';
import { headFeatures, predictFeatures, type HeadFeatures } from './feature-batches.js';
import { decodeScaling, type FeatureScaling } from './feature-scaling.js';
import { ClipCache } from '../media/clip-cache.js';
import { checkpointFile, latestCheckpoint } from './paths.js';
import { predictTransferRun } from './run-transfer.js';

/**
 * Predicts every play of `plays` with `model` and stores the results, a batch per transaction; each
 * batch's features are read from the files when its turn comes.
 */
export async function predictPlays(
  db: Database, runId: number, model: tf.LayersModel, plays: readonly { playId: number }[], features: HeadFeatures, classIds: readonly string[],
  onProgress?: (done: number, total: number) => void, temperature?: number | null, mirrors: Mirrors | null = null,
): Promise<number> {
  const total = plays.length;
  for (let start = 0; start < total; start += features.readBatch) {
    const batch = plays.slice(start, start + features.readBatch);
    const raw = predictFeatures(model, features, batch.map((play) => play.playId), mirrors);
    // A calibrated run's confidences are its probabilities at the temperature fitted on its validation games.
    const probs = temperature ? applyTemperature(raw, classIds.length, temperature) : raw;
    storePredictions(db, runId, batch.map((play, i) => ({ playId: play.playId, forSpan: features.spanOf(play.playId), ...predictionOf(probs, i, classIds) })));
    onProgress?.(start + batch.length, total);
    await new Promise<void>((resolve) => setImmediate(resolve));
  }
  return total;
}

/** The run's final model: its best epoch's weights when the spec restores them, else the last epoch's. */
export async function loadRunModel(db: Database, runId: number): Promise<{
  model: tf.LayersModel; featureSetId: number; frames: number; dim: number; classIds: string[]; scaling: FeatureScaling; head: TemporalInput; temperature: number | null;
  mirrors: Mirrors | null;
}> {
  const run = getRun(db, runId);
  if (run.spec.kind !== 'head') throw new ConflictError(`Run ${runId} is a transfer run: it has no head on cached features to load.`);
  const scalingBytes = readFeatureScaling(db, runId);
  const checkpoint = await latestCheckpoint(checkpointFile(db, runId));
  if (!checkpoint) throw new ConflictError(`Run ${runId} has no checkpoint to predict with: it has not completed an epoch (or its files were removed).`);
  const set = listFeatureSets(db).find((s) => s.id === run.featureSetId);
  if (!set) throw new NotFoundError(`Run ${runId}'s feature set is gone from the library.`);
  if (!scalingBytes) throw new ConflictError(`Run ${runId} has no feature scaling stored: it never started training.`);
  const scaling = decodeScaling(scalingBytes, set.dim);
  const classIds = listPlayTypes(db).map((t) => t.id);
  await initTfjs();
  const shape = temporalShape(set.frames, set.dim, run.spec.head);
  const model = buildHead(run.spec.head, { frames: shape.frames, dim: shape.dim, classes: classIds.length, learningRate: run.spec.optimizer.learningRate });
  try {
    restoreWeights(model, run.spec.earlyStopping.restoreBest && checkpoint.bestWeights ? checkpoint.bestWeights : checkpoint.weights);
  } catch (error) {
    disposeHead(model);
    throw error;
  }
  return { model, featureSetId: set.id, frames: set.frames, dim: set.dim, classIds, scaling, head: run.spec.head, temperature: run.temperature, mirrors: mirrorsOf(run.spec) };
}

export interface PredictRunOptions {
  gameId?: number | undefined;
  unlabeled?: boolean | undefined;
  onProgress?: (done: number, total: number) => void;
}

/** `filmroom predict`: stores the run's predictions for the chosen plays that have features. */
export async function predictRun(db: Database, runId: number, options: PredictRunOptions = {}): Promise<PredictionSummary> {
  const started = performance.now();
  if (getRun(db, runId).spec.kind === 'transfer') {
    const plays = await predictTransferRun(db, ClipCache.besideLibrary(db.name), runId, options);
    return { runId, plays, seconds: (performance.now() - started) / 1000 };
  }
  const { model, featureSetId, frames, dim, classIds, scaling, head, temperature, mirrors } = await loadRunModel(db, runId);
  try {
    const { plays, reader } = listAndPinFeaturePlays(db, { featureSetId, classIds, gameId: options.gameId, unlabeled: options.unlabeled, frames, dim });
    let count: number;
    try {
      count = await predictPlays(db, runId, model, plays, headFeatures(reader, scaling, head), classIds, options.onProgress, temperature, mirrors);
    } finally {
      reader.close();
    }
    return { runId, plays: count, seconds: (performance.now() - started) / 1000 };
  } finally {
    disposeHead(model);
  }
}
