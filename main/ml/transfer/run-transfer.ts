/**
 * A transfer run from the library to its report: the labelled plays' clips, the split by game
 * (evaluation is on held-out games only), the model built from the spec and the weight set, the
 * trainable layers trained in two learning-rate groups, the held-out evaluation, the proof that
 * frozen layers did not move, and (when asked) the trained backbone saved as a weight set.
 */
import type { Database } from 'better-sqlite3';
import * as tf from '@tensorflow/tfjs';
import type { TransferEpoch, TransferRunResult, TransferRunSpec } from '../../../shared/api/transfer.js';
import { ValidationError } from '../../../shared/errors.js';
import { loadWeightSet } from '../../features/weights-registry.js';
import { readSettings } from '../../library/repositories/settings.js';
import type { ClipCache } from '../../media/clip-cache.js';
import { evaluateProbabilities } from '../../training/evaluation.js';
import { splitByGame } from '../evaluation/split.js';
import { initTfjs, type TfjsBackendChoice } from '../tfjs/backend.js';
import { VGG16_LAYER_NAMES } from '../vgg16/architecture.js';
import { weightsSha256 } from '../weights/weights-hash.js';
import { backboneWeightSet, readConvWeights } from './backbone.js';
import { ClipFrames, clipSamples, frameSamples } from './clip-frames.js';
import { labelledClips, type LibraryClip } from './library-clips.js';
import { buildTransferModel, checkTransferModel, type TransferModel } from './models.js';
import { assertWeightSetNameFree, saveTrainedWeightSet } from './save-weights.js';
import { predictSet, trainLoop, type ParamGroup, type SampleSet } from './train-loop.js';

export type TransferStage = 'loading' | 'training' | 'evaluating' | 'saving';

export interface TransferRunOptions {
  /** Best first; default 'node-gpu' (then wasm, then cpu). Every backend trains convolutions (see conv-gradient.ts). */
  readonly backend?: TfjsBackendChoice;
  /** Save the trained backbone (its convs up to the cut) as a weight set of this name. */
  readonly saveAs?: string;
  readonly signal?: AbortSignal;
  readonly onProgress?: (progress: { stage: TransferStage; done: number; total: number; label: string }) => void;
  readonly onEpoch?: (epoch: TransferEpoch) => void;
}

export async function runTransfer(db: Database, cache: ClipCache, spec: TransferRunSpec, options: TransferRunOptions = {}): Promise<TransferRunResult> {
  const started = performance.now();
  const { model: modelSpec } = spec;
  const { cut, size } = modelSpec.backbone;
  const storedFrames = readSettings(db).clipFrames;
  const frames = modelSpec.backbone.frames ?? storedFrames;
  if (frames > storedFrames) throw new ValidationError(`The library's clips hold ${storedFrames} frames; ask for at most that many, got ${frames}.`);
  if (options.saveAs !== undefined) assertWeightSetNameFree(db, options.saveAs);
  // A mistyped layer or a stack that does not fit fails now, not after the weights and clips load.
  const trainable = checkTransferModel(modelSpec);
  if (options.saveAs !== undefined && trainable.length === 0) {
    throw new ValidationError('Saving a trained backbone needs trainable VGG16 layers: name some (e.g. block5, or all).');
  }

  const { record, weights } = await loadWeightSet(db, modelSpec.backbone.weights);
  if (VGG16_LAYER_NAMES.indexOf(cut) > VGG16_LAYER_NAMES.indexOf(record.upTo)) {
    throw new ValidationError(`The weight set "${record.name}" reaches only ${record.upTo}: cut at ${record.upTo} or earlier.`);
  }
  const { clips, classIds } = labelledClips(db, { frames: storedFrames, size });
  const split = splitClips(clips, spec, classIds.length);
  const { engine } = await initTfjs(options.backend ?? 'node-gpu');

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

    const store = new ClipFrames(cache, clips, { storedFrames, frames, size });
    const heldOutFrames = built.kind === 'frame' ? frameSamples(store, split.heldOutRows) : null;
    const sets = built.kind === 'clip'
      ? { train: clipSamples(store, split.trainRows), validation: clipSamples(store, split.heldOutRows) }
      : { train: frameSamples(store, split.trainRows), validation: heldOutFrames! };
    const batches = Math.ceil(sets.train.count / spec.batchSize);
    const trainingStarted = performance.now();
    const result = await trainLoop({
      model: built.model, groups, train: sets.train, validation: sets.validation, classes: classIds.length, epochs: spec.epochs, batchSize: spec.batchSize,
      classWeighting: spec.classWeighting, earlyStopping: spec.earlyStopping, seed: spec.splitSeed,
      ...(options.signal ? { signal: options.signal } : {}),
      onBatch: (epoch, batch) => options.onProgress?.({ stage: 'training', done: (epoch - 1) * batches + batch, total: spec.epochs * batches, label: `epoch ${epoch}/${spec.epochs}` }),
      ...(options.onEpoch ? { onEpoch: options.onEpoch } : {}),
    });
    const trainingSeconds = (performance.now() - trainingStarted) / 1000;
    const trainedSamples = result.epochs.length * sets.train.count;

    const finished = result.stoppedBy === 'epochs' || result.stoppedBy === 'early-stopping';
    let heldOut: TransferRunResult['heldOut'] = null;
    let heldOutPlays: TransferRunResult['heldOutPlays'] = null;
    if (finished) {
      options.onProgress?.({ stage: 'evaluating', done: 0, total: 1, label: 'held-out games' });
      const probs = await predictSet(built.model, sets.validation, Math.max(spec.batchSize, 8));
      heldOut = evaluateProbabilities(probs, Array.from(sets.validation.labels), classIds, split.heldOutGames);
      if (heldOutFrames) heldOutPlays = evaluateProbabilities(meanPerClip(probs, heldOutFrames, classIds.length), split.heldOutRows.map((i) => clips[i]!.label), classIds, split.heldOutGames);
      options.onProgress?.({ stage: 'evaluating', done: 1, total: 1, label: 'held-out games' });
    }
    const frozenAfter = frozenHash(built);
    let weightSet: TransferRunResult['weightSet'] = null;
    if (options.saveAs !== undefined && finished) {
      options.onProgress?.({ stage: 'saving', done: 0, total: 1, label: `weight set ${options.saveAs}` });
      weightSet = await saveTrainedWeightSet(db, options.saveAs, backboneWeightSet(built.backbone));
    }
    const count = (vars: readonly tf.Variable[]) => vars.reduce((sum, v) => sum + v.size, 0);
    return {
      kind: built.kind, engine, epochs: result.epochs, bestEpoch: result.bestEpoch, stoppedBy: result.stoppedBy, reason: result.reason ?? null,
      split: {
        trainGameIds: split.trainGameIds, heldOutGameIds: split.heldOutGameIds, trainPlays: split.trainRows.length, heldOutPlays: split.heldOutRows.length,
        trainSamples: sets.train.count, heldOutSamples: sets.validation.count,
      },
      heldOut, heldOutPlays,
      params: { total: built.model.countParams(), trainable: count(built.backboneVariables) + count(built.otherVariables), backboneTrainable: count(built.backboneVariables) },
      trainableLayers: [...built.trainableLayers],
      frozen: { layers: [...built.frozenLayers], sha256Before: frozenBefore, sha256After: frozenAfter, unchanged: frozenBefore === frozenAfter },
      seconds: (performance.now() - started) / 1000,
      samplesPerSecond: trainingSeconds > 0 ? trainedSamples / trainingSeconds : 0,
      weightSet,
    };
  } finally {
    optimizers.forEach((o) => o.dispose());
    built.dispose();
  }
}

interface ClipSplit {
  /** Rows of `clips`. */
  trainRows: number[];
  heldOutRows: number[];
  trainGameIds: number[];
  heldOutGameIds: number[];
  heldOutGames: number;
}

function splitClips(clips: readonly LibraryClip[], spec: TransferRunSpec, classes: number): ClipSplit {
  const games = new Set(clips.map((c) => c.gameId));
  if (games.size < 2) {
    throw new ValidationError(`Training needs labelled plays with clips from at least 2 games (one to learn from, one to test on); the library has ${games.size}. Import more games.`);
  }
  const split = splitByGame(clips.map((c) => ({ playId: c.playId, gameId: c.gameId, label: c.label })), { heldOutFraction: spec.heldOutFraction, seed: spec.splitSeed, classes });
  const heldOut = new Set(split.heldOutGameIds);
  const rows = clips.map((_, i) => i);
  return {
    trainRows: rows.filter((i) => !heldOut.has(clips[i]!.gameId)),
    heldOutRows: rows.filter((i) => heldOut.has(clips[i]!.gameId)),
    trainGameIds: split.trainGameIds,
    heldOutGameIds: split.heldOutGameIds,
    heldOutGames: heldOut.size,
  };
}

/** The hash of the frozen conv layers' current values: equal before and after training proves they did not move. */
function frozenHash(built: TransferModel): string {
  return weightsSha256(readConvWeights(built.backbone, built.frozenLayers));
}

/** A play's class probabilities from its frames': their mean, one row per clip in set order. */
function meanPerClip(probs: Float32Array, set: SampleSet & { clipOf: Int32Array }, classes: number): Float32Array {
  const rows = new Map<number, number>();
  for (const clip of set.clipOf) if (!rows.has(clip)) rows.set(clip, rows.size);
  const sums = new Float32Array(rows.size * classes);
  const counts = new Float32Array(rows.size);
  set.clipOf.forEach((clip, s) => {
    const row = rows.get(clip)!;
    counts[row]! += 1;
    for (let c = 0; c < classes; c++) sums[row * classes + c]! += probs[s * classes + c]!;
  });
  return sums.map((v, i) => v / counts[Math.floor(i / classes)]!);
}
