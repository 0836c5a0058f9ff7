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
import { ConflictError, ValidationError } from '../../shared/errors.js';
import { extractFeatures } from '../features/extract.js';
import { readSettings } from '../library/repositories/settings.js';
import { listPlayTypes } from '../library/repositories/taxonomy.js';
import {
  deleteEpochsAfter, getRun, readFeatureScaling, setModelFeatureSet, updateRun, upsertEpoch, writeFeatureScaling, type RunRecord,
} from '../library/repositories/training-runs.js';
import type { ClipCache } from '../media/clip-cache.js';
import { calibrateRun } from '../ml/evaluation/calibration.js';
import { saveCheckpointFile } from '../ml/head/checkpoint.js';
import { mirrorsOf } from '../ml/head/mirrors.js';
import { disposeHead, trainHead, type StoppedBy } from '../ml/head/train.js';
import { initTfjs, type TfjsBackendChoice } from '../ml/tfjs/backend.js';
import type { FeatureSetReader } from '../features/feature-set-reader.js';
import { listAndPinFeaturePlays, type FeaturePlay } from './dataset.js';
import { evaluateProbabilities } from './evaluation.js';
import { featureCacheBytesFromEnv, headFeatures, predictFeatures, fitScalingFromFiles, streamedSamples } from './feature-batches.js';
import { decodeScaling, encodeScaling } from './feature-scaling.js';
import { checkpointFile, findCheckpoint } from './paths.js';
import { predictPlays } from './predict.js';
import { markStopped, ResumeError, runSplitOf, toEpochRecord } from './run-common.js';
import { trainTransferRun, type TransferStage } from './run-transfer.js';

const TRANSFER_STAGES: Record<TransferStage, TrainingStage> = { loading: 'features', training: 'training', predicting: 'predicting', evaluating: 'evaluating', saving: 'evaluating' };

export { ResumeError } from './run-common.js';

export type TrainingStage = 'features' | 'training' | 'evaluating' | 'predicting';

export interface TrainRunOptions {
  signal?: AbortSignal;
  /** Best first; default 'node-gpu' (then wasm, then cpu). */
  backend?: TfjsBackendChoice;
  onProgress?: (progress: { stage: TrainingStage; done: number; total: number; label: string }) => void;
  onEpoch?: (epoch: EpochRecord) => void;
  /** Budget of the shaped-clip cache kept across epochs (feature-batches.ts); default FILMROOM_FEATURE_CACHE_MB or 512 MiB. */
  featureCacheBytes?: number;
}

export interface TrainRunResult {
  run: RunRecord;
  engine: string;
  /** Epochs completed over the whole run (resumed ones included). */
  epochs: number;
  stoppedBy: StoppedBy;
  metrics: RunMetrics | null;
}

/**
 * Trains (or resumes) run `runId` to its end, storing everything it learns in the library. A run that
 * throws is marked failed (cancelled, when it was cancelled) with the reason, and the error rethrown.
 */
export async function trainRun(db: Database, cache: ClipCache, runId: number, options: TrainRunOptions = {}): Promise<TrainRunResult> {
  if (getRun(db, runId).spec.kind === 'transfer') {
    const result = await trainTransferRun(db, cache, runId, {
      ...(options.signal ? { signal: options.signal } : {}),
      ...(options.backend ? { backend: options.backend } : {}),
      // A transfer run loads weights and clips where a head run computes features, and saves a weight set as it evaluates.
      ...(options.onProgress ? { onProgress: (p: { stage: string; done: number; total: number; label: string }) => options.onProgress!({ ...p, stage: TRANSFER_STAGES[p.stage as TransferStage] }) } : {}),
      ...(options.onEpoch ? { onEpoch: (_epoch: unknown, record: EpochRecord) => options.onEpoch!(record) } : {}),
    });
    const run = getRun(db, runId);
    return { run, engine: result.engine, epochs: result.epochs.length, stoppedBy: result.stoppedBy, metrics: run.metrics };
  }
  try {
    return await trainRunToEnd(db, cache, runId, options);
  } catch (error) {
    markStopped(db, runId, error, options.signal);
    throw error;
  }
}

async function trainRunToEnd(db: Database, cache: ClipCache, runId: number, options: TrainRunOptions): Promise<TrainRunResult> {
  const run = getRun(db, runId);
  if (run.status === 'finished') throw new ConflictError(`Run ${runId} has already finished; start a new run to train again.`);
  const { spec } = run;
  if (spec.kind !== 'head') throw new ValidationError(`Run ${runId} is not a head run.`);
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
  // Only the plays (id, game, label) are listed here; their features stay in the set's files and are
  // read a batch at a time (feature-batches.ts), so memory does not grow with the season.
  const { plays, reader } = listAndPinFeaturePlays(db, { featureSetId: extraction.featureSetId, classIds, frames, dim: extraction.dim });
  try {
    return await trainOnPinnedPlays(db, runId, options, run, classIds, plays, reader);
  } finally {
    reader.close();
  }
}

async function trainOnPinnedPlays(
  db: Database, runId: number, options: TrainRunOptions, run: RunRecord, classIds: string[], plays: readonly FeaturePlay[], reader: FeatureSetReader,
): Promise<TrainRunResult> {
  const { spec } = run;
  const labelled = plays.filter((p) => p.labelSource !== 'model' && p.label >= 0);

  const split = run.split ?? runSplitOf(labelled, spec, classIds.length, 'labelled plays with features');
  if (!run.split) updateRun(db, runId, { split });
  const heldOut = new Set(split.heldOutGameIds);
  const playsOf = (games: readonly number[]) => {
    const set = new Set(games);
    return labelled.filter((play) => set.has(play.gameId));
  };
  const trainPlays = playsOf(split.trainGameIds);
  const heldOutPlays = playsOf(split.heldOutGameIds);
  const validationPlays = split.validationGameIds?.length ? playsOf(split.validationGameIds) : trainPlays;
  if (trainPlays.length === 0 || heldOutPlays.length === 0) {
    throw new ValidationError(`Run ${runId}'s split has ${trainPlays.length} training and ${heldOutPlays.length} held-out plays with features; both must have some.`);
  }
  return trainOnFeatures(db, runId, options, { run, classIds, split, heldOut, plays, trainPlays, validationPlays, heldOutPlays, reader });
}

interface RunPlays {
  run: RunRecord;
  classIds: string[];
  split: NonNullable<RunRecord['split']>;
  heldOut: ReadonlySet<number>;
  /** Every play with features, labelled or not: all of them get predictions. */
  plays: readonly FeaturePlay[];
  trainPlays: readonly FeaturePlay[];
  validationPlays: readonly FeaturePlay[];
  heldOutPlays: readonly FeaturePlay[];
  reader: FeatureSetReader;
}

async function trainOnFeatures(db: Database, runId: number, options: TrainRunOptions, context: RunPlays): Promise<TrainRunResult> {
  let { run } = context;
  const { spec } = run;
  if (spec.kind !== 'head') throw new ValidationError(`Run ${runId} is not a head run.`);
  const { classIds, split, heldOut, plays, trainPlays, validationPlays, heldOutPlays, reader } = context;
  const progress = options.onProgress;

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
  const scaling = stored ? decodeScaling(stored, reader.dim) : fitScalingFromFiles(reader, trainPlays.map((p) => p.playId));
  if (!stored) writeFeatureScaling(db, runId, encodeScaling(scaling));
  const features = headFeatures(reader, scaling, spec.head, { cacheBytes: options.featureCacheBytes ?? featureCacheBytesFromEnv() });
  const train = streamedSamples(features, trainPlays);
  const validation = streamedSamples(features, validationPlays);
  const batches = Math.ceil(train.count / spec.batchSize);
  const result = await trainHead({
    spec, train, validation, classes: classIds.length,
    ...(options.signal ? { signal: options.signal } : {}),
    ...(resumeFrom ? { resumeFrom } : {}),
    onBatch: (epoch, batch) => progress?.({ stage: 'training', done: (epoch - 1) * batches + batch, total: spec.epochs * batches, label: `epoch ${epoch}/${spec.epochs}` }),
    onEpoch: (metrics) => {
      const record = toEpochRecord(metrics);
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
    // A run trained on mirrored clips answers with the mean over a clip's mirror images.
    const mirrors = mirrorsOf(spec);
    const probs = predictFeatures(result.model, features, heldOutPlays.map((p) => p.playId), mirrors);
    const heldOutLabels = heldOutPlays.map((p) => p.label);
    const evaluation = evaluateProbabilities(probs, heldOutLabels, classIds, heldOut.size);
    // The temperature is fitted on the validation games only (the held-out games judge it).
    const calibration = split.validationGameIds.length > 0
      ? calibrateRun({
          probabilities: Float32Array.from([...predictFeatures(result.model, features, validationPlays.map((p) => p.playId), mirrors), ...probs]), classes: classIds.length,
          labels: [...validation.labels, ...heldOutLabels], validationRows: range(0, validation.count), heldOutRows: range(validation.count, validation.count + heldOutPlays.length),
        })
      : null;
    updateRun(db, runId, {
      bestEpoch: result.bestEpoch || null, evaluation, error: result.reason ?? null, temperature: calibration?.temperature ?? null, calibration: calibration?.summary ?? null,
    });
    progress?.({ stage: 'evaluating', done: 1, total: 1, label: 'held-out games' });
    await predictPlays(db, runId, result.model, plays, features, classIds, (done, total) => progress?.({ stage: 'predicting', done, total, label: 'every play' }), calibration?.temperature, mirrors);
    updateRun(db, runId, { status: 'finished', finishedAt });
    run = getRun(db, runId);
    return { run, engine, epochs: result.epochs.length, stoppedBy: result.stoppedBy, metrics: run.metrics };
  } finally {
    disposeHead(result.model);
  }
}

const range = (from: number, to: number): number[] => Array.from({ length: to - from }, (_, i) => from + i);

