/**
 * The head trainer: a recurrent head (model.ts) built from the spec and trained by the one training
 * loop (../training/fit.ts) on clips of cached features, with Adam at the spec's learning rate.
 * Weight initialisation and dropout masks use TensorFlow.js's own unseeded random numbers, so two
 * runs are alike, not identical.
 */
import type * as tf from '@tensorflow/tfjs';
import type { ModelSpec } from '../../../shared/api/model-spec.js';
import { fit, type StoppedBy } from '../loop/fit.js';
import { clipSetSamples, type ClipSamples } from '../loop/samples.js';
import type { EpochMetrics, HeadCheckpoint } from './checkpoint.js';
import { validateClipSet, type ClipSet } from './data.js';
import { batchAugmentation } from './mirrors.js';
import { buildHead, type HeadShape } from './model.js';

export type { StoppedBy } from '../loop/fit.js';

export interface TrainHeadOptions {
  spec: ModelSpec;
  /** Clips held in memory, or samples read a batch at a time (a run's feature files, streamed). */
  train: ClipSet | ClipSamples;
  /** What early stopping watches: the validation games' clips, never the held-out ones. */
  validation: ClipSet | ClipSamples;
  classes: number;
  signal?: AbortSignal;
  onEpoch?: (metrics: EpochMetrics) => void;
  /** After every training batch (1-based), for progress displays. */
  onBatch?: (epoch: number, batch: number, batches: number) => void;
  /** Called after every completed epoch; a failed (NaN) epoch writes nothing, keeping the last good one. */
  checkpoint?: { save(state: HeadCheckpoint): Promise<void> };
  resumeFrom?: HeadCheckpoint;
  /** The recurrent layers' implementation (default 'fused'; the bench's baseline passes 'tfjs'). */
  recurrent?: HeadShape['recurrent'];
}

export interface TrainHeadResult {
  model: tf.LayersModel;
  /** Every completed epoch, resumed history included. */
  epochs: EpochMetrics[];
  /** 0 when no epoch completed. */
  bestEpoch: number;
  stoppedBy: StoppedBy;
  /** Why the run stopped early, in words (NaN: which epoch and batch). */
  reason?: string;
}

/** Disposes a head and its optimizer (the model does not own an optimizer instance passed to compile). */
export function disposeHead(model: tf.LayersModel): void {
  model.optimizer?.dispose();
  model.dispose();
}

export async function trainHead(options: TrainHeadOptions): Promise<TrainHeadResult> {
  const { spec, classes } = options;
  const train = samplesOf('train', options.train, classes);
  const validation = samplesOf('validation', options.validation, classes);
  if (train.count === 0) throw new RangeError('train.count must be at least 1, got 0');
  if (validation.frames !== train.frames || validation.dim !== train.dim) {
    throw new RangeError(`validation clips are ${validation.frames} × ${validation.dim}, training clips ${train.frames} × ${train.dim}`);
  }
  const augment = batchAugmentation(spec);
  const model = buildHead(spec.head, { frames: train.frames, dim: train.dim, classes, learningRate: spec.optimizer.learningRate, recurrent: options.recurrent });
  try {
    // LayerVariable.read() is the live tf.Variable.
    const variables = model.trainableWeights.map((w) => w.read() as tf.Variable);
    const result = await fit({
      model, groups: [{ name: 'head', variables, optimizer: model.optimizer }], train, validation,
      classes, epochs: spec.epochs, batchSize: spec.batchSize, classWeighting: spec.classWeighting, earlyStopping: spec.earlyStopping, seed: spec.splitSeed,
      ...(options.signal ? { signal: options.signal } : {}),
      ...(options.resumeFrom ? { resumeFrom: options.resumeFrom } : {}),
      ...(augment ? { augment } : {}),
      ...(spec.optimizer.plateau ? { reduceOnPlateau: spec.optimizer.plateau } : {}),
      ...(options.onBatch ? { onBatch: options.onBatch } : {}),
      ...(options.onEpoch ? { onEpoch: options.onEpoch } : {}),
      ...(options.checkpoint ? { saveCheckpoint: (state: HeadCheckpoint) => options.checkpoint!.save(state) } : {}),
    });
    return { model, ...result };
  } catch (error) {
    disposeHead(model);
    throw error;
  }
}

/** A set as the loop's samples, checked first: a clip set whole, streamed samples by their labels. */
function samplesOf(name: string, set: ClipSet | ClipSamples, classes: number): ClipSamples {
  if ('x' in set) {
    validateClipSet(name, set, classes);
    return clipSetSamples(set);
  }
  for (const key of ['frames', 'dim'] as const) {
    if (!Number.isInteger(set[key]) || set[key] < 1) throw new RangeError(`${name}.${key} must be a positive integer, got ${String(set[key])}`);
  }
  if (set.labels.length !== set.count) throw new RangeError(`${name} has ${set.count} samples but ${set.labels.length} labels`);
  set.labels.forEach((label, i) => {
    if (label < 0 || label >= classes) throw new RangeError(`${name} label ${i} must be a class in [0, ${classes - 1}], got ${label}`);
  });
  return set;
}
