/**
 * A training run from start to stored results: features for the spec's backbone (computed where
 * missing), the split by game (stored with the run, reused on resume), the head trained with a
 * checkpoint after every epoch, per-epoch metrics stored as they come, then the held-out evaluation
 * and predictions for every play with features.
 *
 * Crash safety: the run row says 'running' while it trains; after a kill, `resume` finds the last
 * checkpoint (or the one before it, if the last is damaged), forgets the epochs after it and goes on.
 */
import type { Database } from 'better-sqlite3';
import type { EpochRecord, RunMetrics } from '../../shared/api/training.js';
import { CancelledError, ConflictError, FilmRoomError, ValidationError } from '../../shared/errors.js';
import { extractFeatures } from '../features/extract.js';
import { readSettings } from '../library/repositories/settings.js';
import { listPlayTypes } from '../library/repositories/taxonomy.js';
import {
  deleteEpochsAfter, findRun, getRun, readFeatureScaling, setModelFeatureSet, updateRun, upsertEpoch, writeFeatureScaling, type RunRecord,
} from '../library/repositories/training-runs.js';
import type { ClipCache } from '../media/clip-cache.js';
import { saveCheckpointFile, type EpochMetrics } from '../ml/head/checkpoint.js';
import { predictHead } from '../ml/head/model.js';
import { shapeTemporalInput } from '../ml/head/temporal-input.js';
import { disposeHead, trainHead, type StoppedBy } from '../ml/head/train.js';
import { splitByGame } from '../ml/evaluation/split.js';
import { initTfjs, type TfjsBackendChoice } from '../ml/tfjs/backend.js';
import { loadFeatureClips, subset, type FeatureClips } from './dataset.js';
import { evaluateProbabilities } from './evaluation.js';
import { applyScaling, decodeScaling, encodeScaling, fitScaling } from './feature-scaling.js';
import { checkpointFile, findCheckpoint } from './paths.js';
import { predictPlays } from './predict.js';

/** Share of the training side's plays, in whole games, that early stopping watches. */
const VALIDATION_FRACTION = 0.2;

/** A run with stored epochs whose checkpoints do not load: it cannot go on, and says why. */
export class ResumeError extends FilmRoomError {
  constructor(runId: number, epochs: number, problems: readonly string[]) {
    super(
      `Run ${runId} cannot resume: it has ${epochs} stored epoch${epochs === 1 ? '' : 's'} but no checkpoint of it loads (${problems.join('; ')}). ` +
        'Its epochs are kept; start a new run with the same settings to train again.',
    );
  }
}

export type TrainingStage = 'features' | 'training' | 'evaluating' | 'predicting';

export interface TrainRunOptions {
  signal?: AbortSignal;
  /** Best first; default 'node-gpu' (then wasm, then cpu). */
  backend?: TfjsBackendChoice;
  onProgress?: (progress: { stage: TrainingStage; done: number; total: number; label: string }) => void;
  onEpoch?: (epoch: EpochRecord) => void;
}

export interface TrainRunResult {
  run: RunRecord;
  engine: string;
  /** Epochs completed over the whole run (resumed ones included). */
  epochs: number;
  stoppedBy: StoppedBy;
  metrics: RunMetrics | null;
}

const toRecord = (m: EpochMetrics): EpochRecord => ({
  epoch: m.epoch, loss: m.loss, accuracy: m.accuracy, valLoss: m.valLoss, valAccuracy: m.valAccuracy, macroF1: m.valMacroF1 ?? null, durationS: m.seconds,
});

/**
 * Trains (or resumes) run `runId` to its end, storing everything it learns in the library. A run that
 * throws is marked failed (cancelled, when it was cancelled) with the reason, and the error rethrown.
 */
export async function trainRun(db: Database, cache: ClipCache, runId: number, options: TrainRunOptions = {}): Promise<TrainRunResult> {
  try {
    return await trainRunToEnd(db, cache, runId, options);
  } catch (error) {
    const run = findRun(db, runId);
    if (run && run.status !== 'finished' && !(error instanceof ConflictError)) {
      const cancelled = error instanceof CancelledError || options.signal?.aborted === true;
      updateRun(db, runId, { status: cancelled ? 'cancelled' : 'failed', error: (error as Error).message, finishedAt: new Date().toISOString() });
    }
    throw error;
  }
}

async function trainRunToEnd(db: Database, cache: ClipCache, runId: number, options: TrainRunOptions): Promise<TrainRunResult> {
  let run = getRun(db, runId);
  if (run.status === 'finished') throw new ConflictError(`Run ${runId} has already finished; start a new run to train again.`);
  const { spec } = run;
  const progress = options.onProgress;
  const classIds = listPlayTypes(db).map((t) => t.id);
  const frames = readSettings(db).clipFrames;
  if (spec.backbone.frames !== frames) {
    throw new ValidationError(`The spec asks for ${spec.backbone.frames} frames per clip, but this library samples ${frames}.`);
  }

  const extraction = await extractFeatures(db, cache, {
    weights: spec.backbone.weights, cut: spec.backbone.cut, pooling: spec.backbone.pooling, size: spec.backbone.size,
    ...(spec.backbone.grid !== undefined ? { grid: spec.backbone.grid } : {}),
    ...(options.signal ? { signal: options.signal } : {}),
    onProgress: ({ stage, done, total }) => progress?.({ stage: 'features', done, total, label: stage === 'clips' ? 'sampling clips' : 'computing features' }),
  });
  setModelFeatureSet(db, run.modelId, extraction.featureSetId);
  const all = loadFeatureClips(db, { featureSetId: extraction.featureSetId, frames, dim: extraction.dim, classIds });
  const labelled = all.plays.flatMap((p, row) => (p.labelSource !== 'model' && p.label >= 0 ? [row] : []));

  let split = run.split;
  if (!split) {
    const games = new Set(labelled.map((row) => all.plays[row]!.gameId));
    if (games.size < 2) {
      throw new ValidationError(`Training needs labelled plays from at least 2 games (one to learn from, one to test on); this feature set has ${games.size}. Import more games.`);
    }
    const s = splitByGame(labelled.map((row) => all.plays[row]!), { heldOutFraction: spec.heldOutFraction, seed: spec.splitSeed, classes: classIds.length });
    // Early stopping watches validation games taken from the training side, so the held-out games
    // that score the run never steer it. With a single training game there is nothing to take:
    // the run then watches its training loss (validationGameIds stays empty).
    let fitGames = s.trainGameIds;
    let validationGames: number[] = [];
    if (s.trainGameIds.length >= 2) {
      const onTrainingSide = new Set(s.trainGameIds);
      const v = splitByGame(labelled.map((row) => all.plays[row]!).filter((p) => onTrainingSide.has(p.gameId)), {
        heldOutFraction: VALIDATION_FRACTION, seed: (spec.splitSeed + 0x9e3779b9) >>> 0, classes: classIds.length,
      });
      fitGames = v.trainGameIds;
      validationGames = v.heldOutGameIds;
    }
    const count = (games: number[]) => labelled.filter((row) => games.includes(all.plays[row]!.gameId)).length;
    split = {
      seed: spec.splitSeed, trainGameIds: fitGames, validationGameIds: validationGames, heldOutGameIds: s.heldOutGameIds,
      trainPlays: count(fitGames), validationPlays: count(validationGames), heldOutPlays: s.heldOutPlayIds.length,
    };
    updateRun(db, runId, { split });
  }
  const heldOut = new Set(split.heldOutGameIds);
  const rowsOf = (games: readonly number[]) => {
    const set = new Set(games);
    return labelled.filter((row) => set.has(all.plays[row]!.gameId));
  };
  const trainRows = rowsOf(split.trainGameIds);
  const heldOutRows = rowsOf(split.heldOutGameIds);
  const validationRows = split.validationGameIds?.length ? rowsOf(split.validationGameIds) : trainRows;
  if (trainRows.length === 0 || heldOutRows.length === 0) {
    throw new ValidationError(`Run ${runId}'s split has ${trainRows.length} training and ${heldOutRows.length} held-out plays with features; both must have some.`);
  }

  const { engine } = await initTfjs(options.backend ?? 'node-gpu');
  const file = checkpointFile(db, runId);
  const found = await findCheckpoint(file);
  const resumeFrom = found.checkpoint;
  // Epochs are stored before their checkpoint is written: stored epochs with no checkpoint to go
  // on from mean the checkpoints were lost or damaged. Starting over would throw those epochs away.
  if (!resumeFrom && run.epochsDone > 0) throw new ResumeError(runId, run.epochsDone, found.problems);
  deleteEpochsAfter(db, runId, resumeFrom?.epoch ?? 0);
  updateRun(db, runId, { status: 'running', engine, checkpointPath: file, error: null, finishedAt: null, evaluation: null, ...(run.startedAt ? {} : { startedAt: new Date().toISOString() }) });

  const stored = readFeatureScaling(db, runId);
  const scaling = stored ? decodeScaling(stored, all.dim) : fitScaling(subset(all, trainRows).x, all.dim);
  if (!stored) writeFeatureScaling(db, runId, encodeScaling(scaling));
  const shaped = shapeTemporalInput(applyScaling(all.x, scaling), all.frames, all.dim, spec.head);
  Object.assign(all, shaped);
  const train = subset(all, trainRows);
  const validation = subset(all, validationRows);
  const test = subset(all, heldOutRows);
  const batches = Math.ceil(train.count / spec.batchSize);
  const result = await trainHead({
    spec, train, validation, classes: classIds.length,
    ...(options.signal ? { signal: options.signal } : {}),
    ...(resumeFrom ? { resumeFrom } : {}),
    onBatch: (epoch, batch) => progress?.({ stage: 'training', done: (epoch - 1) * batches + batch, total: spec.epochs * batches, label: `epoch ${epoch}/${spec.epochs}` }),
    onEpoch: (metrics) => {
      const record = toRecord(metrics);
      upsertEpoch(db, runId, record);
      options.onEpoch?.(record);
    },
    checkpoint: { save: (state) => saveCheckpointFile(file, state) },
  });
  try {
    const finishedAt = new Date().toISOString();
    if (result.stoppedBy === 'nan' || result.stoppedBy === 'cancelled') {
      const status = result.stoppedBy === 'nan' ? 'failed' : 'cancelled';
      const advice = result.stoppedBy === 'nan' ? 'Lower the learning rate and start a new run; the last good checkpoint is kept.' : '`filmroom train --resume` continues it.';
      updateRun(db, runId, { status, bestEpoch: result.bestEpoch || null, error: `${result.reason ?? status}. ${advice}`, finishedAt });
      run = getRun(db, runId);
      return { run, engine, epochs: result.epochs.length, stoppedBy: result.stoppedBy, metrics: null };
    }
    progress?.({ stage: 'evaluating', done: 0, total: 1, label: 'held-out games' });
    const probs = predictHead(result.model, test.x, test.count);
    const evaluation = evaluateProbabilities(probs, Array.from(test.y), classIds, heldOut.size);
    updateRun(db, runId, { bestEpoch: result.bestEpoch || null, evaluation, error: result.reason ?? null });
    progress?.({ stage: 'evaluating', done: 1, total: 1, label: 'held-out games' });
    await predictPlays(db, runId, result.model, all, classIds, (done, total) => progress?.({ stage: 'predicting', done, total, label: 'every play' }));
    updateRun(db, runId, { status: 'finished', finishedAt });
    run = getRun(db, runId);
    return { run, engine, epochs: result.epochs.length, stoppedBy: result.stoppedBy, metrics: run.metrics };
  } finally {
    disposeHead(result.model);
  }
}

export type { FeatureClips };
