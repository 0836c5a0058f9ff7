/**
 * A transfer run (fine-tuning, a stack on a cut, a backbone trained on the library's frames) is a
 * training run like a head run: created in the library with its spec, split by game with the one
 * split (held-out games score it, validation games steer early stopping), every epoch stored and
 * checkpointed as it comes, resumable after a kill (`filmroom train --resume RUN`), evaluated on its
 * held-out games, calibrated on its validation games, and its predictions stored for every play with
 * a clip, so Training lists it, Evaluation scores it and Review shows its predictions.
 */
import type { Database } from 'better-sqlite3';
import * as tf from '@tensorflow/tfjs';
import type { EpochRecord } from '../../shared/api/training.js';
import type { TransferEpoch, TransferRunDetails, TransferRunResult, TransferRunSpec } from '../../shared/api/transfer.js';
import { ConflictError, ValidationError } from '../../shared/errors.js';
import { loadWeightSet } from '../features/weights-registry.js';
import { storePredictions } from '../library/repositories/predictions.js';
import { readSettings } from '../library/repositories/settings.js';
import { listPlayTypes } from '../library/repositories/taxonomy.js';
import { listPlayClips } from '../library/repositories/training-clips.js';
import { createRun, deleteEpochsAfter, getRun, updateRun, upsertEpoch, type RunRecord } from '../library/repositories/training-runs.js';
import type { ClipCache } from '../media/clip-cache.js';
import { saveCheckpointFile } from '../ml/head/checkpoint.js';
import { fit, restoreVariables, type ParamGroup } from '../ml/loop/fit.js';
import { predictSet, type SampleSet } from '../ml/loop/samples.js';
import { initTfjs, type TfjsBackendChoice } from '../ml/tfjs/backend.js';
import { backboneWeightSet, readConvWeights } from '../ml/transfer/backbone.js';
import { ClipFrames, clipSamples, frameSamples, type LibraryClip } from '../ml/transfer/clip-frames.js';
import { buildTransferModel, checkTransferModel, type TransferModel } from '../ml/transfer/models.js';
import { VGG16_LAYER_NAMES } from '../ml/vgg16/architecture.js';
import { weightsSha256 } from '../ml/weights/weights-hash.js';
import { applyTemperature, calibrateRun } from '../ml/evaluation/calibration.js';
import { evaluateProbabilities, predictionOf } from './evaluation.js';
import { checkpointFile, findCheckpoint } from './paths.js';
import { markStopped, ResumeError, runSplitOf, toEpochRecord } from './run-common.js';
import { defaultRunName } from './run-name.js';
import { assertWeightSetNameFree, saveTrainedWeightSet } from './save-weights.js';

export type TransferStage = 'loading' | 'training' | 'evaluating' | 'predicting' | 'saving';

export interface TransferRunOptions {
  /** Best first; default 'node-gpu' (then wasm, then cpu). Every backend trains convolutions (see conv-gradient.ts). */
  readonly backend?: TfjsBackendChoice;
  /** Save the trained backbone as a weight set of this name (the same as the spec's `saveAs`). */
  readonly saveAs?: string;
  /** The run's name in the run list; default: made from the spec. */
  readonly name?: string;
  readonly signal?: AbortSignal;
  readonly onProgress?: (progress: { stage: TransferStage; done: number; total: number; label: string }) => void;
  readonly onEpoch?: (epoch: TransferEpoch, record: EpochRecord) => void;
}

/**
 * Creates a transfer run for `spec` in the library and trains it to its end. A mistyped layer, a
 * stack that does not fit or a taken weight-set name fails before the run is created.
 */
export async function runTransfer(db: Database, cache: ClipCache, spec: TransferRunSpec, options: TransferRunOptions = {}): Promise<TransferRunResult> {
  const saveAs = options.saveAs ?? spec.saveAs;
  const full: TransferRunSpec = { ...spec, ...(saveAs !== undefined ? { saveAs } : {}) };
  checkTransferSpec(db, full);
  const run = createRun(db, options.name ?? defaultRunName(full), full);
  return trainTransferRun(db, cache, run.id, options);
}

/** Trains (or resumes) transfer run `runId` to its end; a run that throws is marked failed (or cancelled) with the reason. */
export async function trainTransferRun(db: Database, cache: ClipCache, runId: number, options: TransferRunOptions = {}): Promise<TransferRunResult> {
  try {
    return await trainToEnd(db, cache, runId, options);
  } catch (error) {
    markStopped(db, runId, error, options.signal);
    throw error;
  }
}

function checkTransferSpec(db: Database, spec: TransferRunSpec): string[] {
  if (spec.saveAs !== undefined) assertWeightSetNameFree(db, spec.saveAs);
  const trainable = checkTransferModel(spec.model);
  if (spec.saveAs !== undefined && trainable.length === 0) {
    throw new ValidationError('Saving a trained backbone needs trainable VGG16 layers: name some (e.g. block5, or all).');
  }
  return trainable;
}

async function trainToEnd(db: Database, cache: ClipCache, runId: number, options: TransferRunOptions): Promise<TransferRunResult> {
  const started = performance.now();
  const run = getRun(db, runId);
  if (run.spec.kind !== 'transfer') throw new ValidationError(`Run ${runId} trains a head on cached features, not a network on frames: \`filmroom train --resume ${runId}\` continues it.`);
  if (run.status === 'finished') throw new ConflictError(`Run ${runId} has already finished; start a new run to train again.`);
  const spec = run.spec;
  const modelSpec = spec.model;
  const { cut, size } = modelSpec.backbone;
  const storedFrames = readSettings(db).clipFrames;
  const frames = modelSpec.backbone.frames ?? storedFrames;
  if (frames > storedFrames) throw new ValidationError(`The library's clips hold ${storedFrames} frames; ask for at most that many, got ${frames}.`);
  checkTransferSpec(db, spec);
  const progress = options.onProgress;
  progress?.({ stage: 'loading', done: 0, total: 1, label: 'weights and clips' });

  const { record, weights } = await loadWeightSet(db, modelSpec.backbone.weights);
  if (VGG16_LAYER_NAMES.indexOf(cut) > VGG16_LAYER_NAMES.indexOf(record.upTo)) {
    throw new ValidationError(`The weight set "${record.name}" reaches only ${record.upTo}: cut at ${record.upTo} or earlier.`);
  }
  const classIds = listPlayTypes(db).map((t) => t.id);
  const index = new Map(classIds.map((id, i) => [id, i]));
  // Every play with a clip is predicted; the labelled ones are split, trained on and scored.
  const clips: LibraryClip[] = listPlayClips(db, { frames: storedFrames, size, all: true }).map((row) => ({
    playId: row.playId, gameId: row.gameId, path: row.path, size: row.size, label: row.labelSource === 'model' ? -1 : (index.get(row.playType) ?? -1),
  }));
  const labelled = clips.flatMap((clip, row) => (clip.label >= 0 ? [row] : []));
  const split = run.split ?? runSplitOf(labelled.map((row) => clips[row]!), spec, classIds.length, 'labelled plays with clips');
  if (!run.split) updateRun(db, runId, { split });
  const rowsOf = (games: readonly number[]) => {
    const set = new Set(games);
    return labelled.filter((row) => set.has(clips[row]!.gameId));
  };
  const trainRows = rowsOf(split.trainGameIds);
  const validationRows = rowsOf(split.validationGameIds);
  const heldOutRows = rowsOf(split.heldOutGameIds);
  if (trainRows.length === 0 || heldOutRows.length === 0) {
    throw new ValidationError(`Run ${runId}'s split has ${trainRows.length} training and ${heldOutRows.length} held-out plays with clips; both must have some.`);
  }

  const { engine } = await initTfjs(options.backend ?? 'node-gpu');
  const file = checkpointFile(db, runId);
  const found = await findCheckpoint(file);
  if (!found.checkpoint && run.epochsDone > 0) throw new ResumeError(runId, run.epochsDone, found.problems);

  const built = buildTransferModel(modelSpec, { classes: classIds.length, frames, weights });
  const optimizers: tf.Optimizer[] = [];
  try {
    const makeOptimizer = (learningRate: number) => {
      const optimizer = spec.optimizer.name === 'sgd' ? tf.train.sgd(learningRate) : tf.train.adam(learningRate);
      optimizers.push(optimizer);
      return optimizer;
    };
    const groups: ParamGroup[] = [
      { name: 'backbone', variables: built.backboneVariables, optimizer: makeOptimizer(spec.optimizer.backboneLearningRate) },
      { name: 'head', variables: built.otherVariables, optimizer: makeOptimizer(spec.optimizer.learningRate) },
    ];
    const frozenBefore = frozenHash(built);
    deleteEpochsAfter(db, runId, found.checkpoint?.epoch ?? 0);
    updateRun(db, runId, { status: 'running', engine, checkpointPath: file, error: null, finishedAt: null, evaluation: null, ...(run.startedAt ? {} : { startedAt: new Date().toISOString() }) });

    const store = new ClipFrames(cache, clips, { storedFrames, frames, size });
    const samplesOf = (rows: readonly number[]): SampleSet => (built.kind === 'clip' ? clipSamples(store, rows) : frameSamples(store, rows));
    const train = samplesOf(trainRows);
    const batches = Math.ceil(train.count / spec.batchSize);
    const trainingStarted = performance.now();
    let trainedSamples = 0;
    const result = await fit({
      model: built.model, groups, train, validation: samplesOf(validationRows), classes: classIds.length, epochs: spec.epochs, batchSize: spec.batchSize,
      classWeighting: spec.classWeighting, earlyStopping: spec.earlyStopping, seed: spec.splitSeed,
      ...(options.signal ? { signal: options.signal } : {}),
      ...(found.checkpoint ? { resumeFrom: found.checkpoint } : {}),
      onBatch: (epoch, batch) => progress?.({ stage: 'training', done: (epoch - 1) * batches + batch, total: spec.epochs * batches, label: `epoch ${epoch}/${spec.epochs}` }),
      onEpoch: (metrics) => {
        trainedSamples += train.count;
        const record = toEpochRecord(metrics);
        upsertEpoch(db, runId, record);
        options.onEpoch?.(toTransferEpoch(metrics), record);
      },
      saveCheckpoint: (state) => saveCheckpointFile(file, state),
    });
    const trainingSeconds = (performance.now() - trainingStarted) / 1000;
    const finished = result.stoppedBy === 'epochs' || result.stoppedBy === 'early-stopping';
    const count = (vars: readonly tf.Variable[]) => vars.reduce((sum, v) => sum + v.size, 0);
    const params = { total: built.model.countParams(), trainable: count(built.backboneVariables) + count(built.otherVariables), backboneTrainable: count(built.backboneVariables) };
    const base = {
      runId, kind: built.kind, engine, epochs: result.epochs.map(toTransferEpoch), bestEpoch: result.bestEpoch, stoppedBy: result.stoppedBy, reason: result.reason ?? null,
      split: { ...split, trainSamples: train.count, heldOutSamples: built.kind === 'clip' ? heldOutRows.length : heldOutRows.length * frames },
      params, trainableLayers: [...built.trainableLayers], samplesPerSecond: trainingSeconds > 0 ? trainedSamples / trainingSeconds : 0,
    };
    if (!finished) {
      const stopped = result.stoppedBy === 'nan' ? 'failed' : 'cancelled';
      const advice = result.stoppedBy === 'nan' ? 'Lower the learning rate and start a new run; the last good checkpoint is kept.' : `\`filmroom train --resume ${runId}\` continues it.`;
      updateRun(db, runId, { status: stopped, bestEpoch: result.bestEpoch || null, error: `${result.reason ?? stopped}. ${advice}`, finishedAt: new Date().toISOString() });
      const frozenAfter = frozenHash(built);
      return {
        ...base, heldOut: null, heldOutPlays: null, seconds: (performance.now() - started) / 1000, weightSet: null,
        frozen: { layers: [...built.frozenLayers], sha256Before: frozenBefore, sha256After: frozenAfter, unchanged: frozenBefore === frozenAfter },
      };
    }

    // Every clip's class probabilities (a frame model's: the mean of its frames'), in `clips` order.
    progress?.({ stage: 'predicting', done: 0, total: clips.length, label: 'every play' });
    const all = clips.map((_, i) => i);
    const batch = Math.max(spec.batchSize, 8);
    let perClip: Float32Array;
    let heldOutFrames: TransferRunDetails['heldOutFrames'] = null;
    if (built.kind === 'clip') {
      perClip = await predictSet(built.model, clipSamples(store, all), batch);
    } else {
      const set = frameSamples(store, all);
      const perFrame = await predictSet(built.model, set, batch);
      perClip = meanPerClip(perFrame, set.clipOf, clips.length, classIds.length);
      const heldOutGames = new Set(split.heldOutGameIds);
      const heldOutSamples = Array.from(set.clipOf.keys()).filter((s) => heldOutGames.has(clips[set.clipOf[s]!]!.gameId) && clips[set.clipOf[s]!]!.label >= 0);
      heldOutFrames = evaluateProbabilities(rowsOfMatrix(perFrame, heldOutSamples, classIds.length), heldOutSamples.map((s) => clips[set.clipOf[s]!]!.label), classIds, split.heldOutGameIds.length);
    }
    progress?.({ stage: 'evaluating', done: 0, total: 1, label: 'held-out games' });
    const evaluation = evaluateProbabilities(rowsOfMatrix(perClip, heldOutRows, classIds.length), heldOutRows.map((row) => clips[row]!.label), classIds, split.heldOutGameIds.length);
    // For a frame model, the mean of probabilities is no softmax of logits: its calibration scales the log of the mean.
    const calibration = calibrateRun({
      probabilities: perClip, classes: classIds.length, labels: clips.map((c) => c.label), validationRows, heldOutRows,
    });
    const calibrated = calibration ? calibration.apply(perClip) : perClip;
    storePredictions(db, runId, clips.map((clip, i) => ({ playId: clip.playId, ...predictionOf(calibrated, i, classIds) })));
    progress?.({ stage: 'evaluating', done: 1, total: 1, label: 'held-out games' });

    const frozenAfter = frozenHash(built);
    let weightSet: TransferRunResult['weightSet'] = null;
    if (spec.saveAs !== undefined) {
      progress?.({ stage: 'saving', done: 0, total: 1, label: `weight set ${spec.saveAs}` });
      weightSet = await saveTrainedWeightSet(db, spec.saveAs, backboneWeightSet(built.backbone));
    }
    const frozen = { layers: [...built.frozenLayers], sha256Before: frozenBefore, sha256After: frozenAfter, unchanged: frozenBefore === frozenAfter };
    const details: TransferRunDetails = {
      kind: built.kind, heldOutFrames, trainSamples: base.split.trainSamples, heldOutSamples: base.split.heldOutSamples, params, trainableLayers: base.trainableLayers,
      frozen, samplesPerSecond: base.samplesPerSecond, weightSet,
    };
    updateRun(db, runId, {
      status: 'finished', finishedAt: new Date().toISOString(), bestEpoch: result.bestEpoch || null, evaluation, error: result.reason ?? null, details,
      temperature: calibration?.temperature ?? null, calibration: calibration?.summary ?? null,
    });
    return {
      ...base, heldOut: heldOutFrames ?? evaluation, heldOutPlays: heldOutFrames ? evaluation : null, frozen, weightSet, seconds: (performance.now() - started) / 1000,
    };
  } finally {
    optimizers.forEach((o) => o.dispose());
    built.dispose();
  }
}

const toTransferEpoch = (m: { epoch: number; loss: number; accuracy: number; valLoss: number; valAccuracy: number; seconds: number }): TransferEpoch => ({
  epoch: m.epoch, loss: m.loss, accuracy: m.accuracy, valLoss: m.valLoss, valAccuracy: m.valAccuracy, seconds: m.seconds,
});

/** The frozen conv layers' current values hashed: equal before and after training proves they did not move. */
function frozenHash(built: TransferModel): string {
  return weightsSha256(readConvWeights(built.backbone, built.frozenLayers));
}

/** Rows `rows` of a [n × classes] matrix, in that order. */
function rowsOfMatrix(matrix: Float32Array, rows: readonly number[], classes: number): Float32Array {
  const out = new Float32Array(rows.length * classes);
  rows.forEach((row, i) => out.set(matrix.subarray(row * classes, (row + 1) * classes), i * classes));
  return out;
}

/** Each clip's class probabilities from its frames': their mean; `clipOf[s]` is sample s's clip. */
export function meanPerClip(perFrame: Float32Array, clipOf: Int32Array, clips: number, classes: number): Float32Array {
  const sums = new Float32Array(clips * classes);
  const counts = new Float32Array(clips);
  clipOf.forEach((clip, s) => {
    counts[clip]! += 1;
    for (let c = 0; c < classes; c++) sums[clip * classes + c]! += perFrame[s * classes + c]!;
  });
  return sums.map((v, i) => (counts[Math.floor(i / classes)]! > 0 ? v / counts[Math.floor(i / classes)]! : 0));
}

export type { RunRecord };

export interface PredictTransferOptions {
  gameId?: number | undefined;
  /** Only plays no person has labelled. */
  unlabeled?: boolean | undefined;
  onProgress?: (done: number, total: number) => void;
}

/**
 * `filmroom predict` for a transfer run: the run's model rebuilt from its spec and weight set, its
 * trained weights from its checkpoint (the best epoch's when the spec restores them), predicting the
 * chosen plays' clips at the run's temperature. Returns how many plays it predicted.
 */
export async function predictTransferRun(db: Database, cache: ClipCache, runId: number, options: PredictTransferOptions = {}): Promise<number> {
  const run = getRun(db, runId);
  if (run.spec.kind !== 'transfer') throw new ValidationError(`Run ${runId} is not a transfer run.`);
  const spec = run.spec;
  const { checkpoint, problems } = await findCheckpoint(checkpointFile(db, runId));
  if (!checkpoint) throw new ConflictError(`Run ${runId} has no checkpoint to predict with (${problems.join('; ')}).`);
  const storedFrames = readSettings(db).clipFrames;
  const frames = spec.model.backbone.frames ?? storedFrames;
  const classIds = listPlayTypes(db).map((t) => t.id);
  const clips: LibraryClip[] = listPlayClips(db, { frames: storedFrames, size: spec.model.backbone.size, all: true })
    .filter((row) => (options.gameId === undefined || row.gameId === options.gameId) && (!options.unlabeled || row.labelSource === 'model'))
    .map((row) => ({ playId: row.playId, gameId: row.gameId, path: row.path, size: row.size, label: -1 }));
  if (clips.length === 0) return 0;
  await initTfjs();
  const { weights } = await loadWeightSet(db, spec.model.backbone.weights);
  const built = buildTransferModel(spec.model, { classes: classIds.length, frames, weights });
  try {
    restoreVariables([...built.backboneVariables, ...built.otherVariables], spec.earlyStopping.restoreBest && checkpoint.bestWeights ? checkpoint.bestWeights : checkpoint.weights);
    const store = new ClipFrames(cache, clips, { storedFrames, frames, size: spec.model.backbone.size });
    const batch = Math.max(spec.batchSize, 8);
    const all = clips.map((_, i) => i);
    let perClip: Float32Array;
    if (built.kind === 'clip') {
      perClip = await predictSet(built.model, clipSamples(store, all), batch);
    } else {
      const set = frameSamples(store, all);
      perClip = meanPerClip(await predictSet(built.model, set, batch), set.clipOf, clips.length, classIds.length);
    }
    const probs = run.temperature ? applyTemperature(perClip, classIds.length, run.temperature) : perClip;
    storePredictions(db, runId, clips.map((clip, i) => ({ playId: clip.playId, ...predictionOf(probs, i, classIds) })));
    options.onProgress?.(clips.length, clips.length);
    return clips.length;
  } finally {
    built.dispose();
  }
}
