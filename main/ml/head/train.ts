/**
 * The head trainer: our own epoch loop rather than model.fit, so that it can
 *   - check the loss after every batch and stop on NaN/Infinity at once (weights put back to the last
 *     good state: the best epoch's when restoreBest, else the previous epoch's end),
 *   - honour an AbortSignal between batches,
 *   - weight the loss per sample by class: tfjs's trainOnBatch takes no sample weights, so each step is
 *     `optimizer.minimize` over mean_i(w[y_i] · CE_i) (Keras's class_weight semantics); validation loss is
 *     unweighted, as in Keras,
 *   - keep the best weights (lowest validation loss) and restore them (early stopping with patience;
 *     restoreBest also applies when the epochs run out or the run is cancelled),
 *   - checkpoint after every epoch, Adam's moments included, so a resumed run continues exactly.
 * Shuffles are seeded per epoch (createRng(seed).fork(epoch)); weight initialisation and dropout masks
 * use TensorFlow.js's own unseeded random numbers, so two runs are alike, not identical.
 */
import * as tf from '@tensorflow/tfjs';
import type { ModelSpec } from '../../../shared/api/model-spec.js';
import { createRng } from '../../system/prng.js';
import { classificationReport, confusionMatrix } from '../evaluation/metrics.js';
import type { EpochMetrics, HeadCheckpoint, NamedArray } from './checkpoint.js';
import {
  classWeights, crossEntropy, evaluateHead, gatherClips, restoreOptimizer, restoreWeights, snapshotOptimizer, snapshotWeights,
  validateClipSet, type ClipSet,
} from './data.js';
import { buildHead, type HeadShape } from './model.js';

export type StoppedBy = 'epochs' | 'early-stopping' | 'cancelled' | 'nan';

export interface TrainHeadOptions {
  spec: ModelSpec;
  train: ClipSet;
  validation: ClipSet;
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
  const { spec, train, validation, classes, signal, onEpoch, onBatch, checkpoint, resumeFrom } = options;
  validateClipSet('train', train, classes);
  validateClipSet('validation', validation, classes);
  if (train.count === 0) throw new RangeError('train.count must be at least 1, got 0');
  if (validation.frames !== train.frames || validation.dim !== train.dim) {
    throw new RangeError(`validation clips are ${validation.frames} × ${validation.dim}, training clips ${train.frames} × ${train.dim}`);
  }
  const { frames, dim } = train;
  const model = buildHead(spec.head, { frames, dim, classes, learningRate: spec.optimizer.learningRate, recurrent: options.recurrent });
  const optimizer = model.optimizer;
  // LayerVariable.read() is the live tf.Variable.
  const variables = model.trainableWeights.map((w) => w.read() as tf.Variable);
  const weightOf = classWeights(train.y, classes, spec.classWeighting);
  const sampleWeights = Float32Array.from(train.y, (label) => weightOf[label]!);

  let history: EpochMetrics[] = [];
  let bestEpoch = 0;
  let bestValLoss = Number.POSITIVE_INFINITY;
  let bestWeights: NamedArray[] | null = null;
  let shuffleSeed = spec.splitSeed;
  if (resumeFrom) {
    restoreWeights(model, resumeFrom.weights);
    await restoreOptimizer(optimizer, resumeFrom.optimizer);
    ({ bestEpoch, bestValLoss, bestWeights, shuffleSeed } = resumeFrom);
    history = [...resumeFrom.history];
  }
  const seeds = createRng(shuffleSeed).fork('head-shuffle');
  let lastGood = snapshotWeights(model);
  let stoppedBy: StoppedBy = 'epochs';
  let reason: string | undefined;
  const { patience, restoreBest } = spec.earlyStopping;
  const all = Array.from({ length: train.count }, (_, i) => i);

  for (let epoch = (resumeFrom?.epoch ?? 0) + 1; epoch <= spec.epochs; epoch++) {
    const started = performance.now();
    const order = seeds.fork(epoch).shuffle(all);
    let lossSum = 0;
    let correct = 0;
    for (let start = 0, batch = 1; start < order.length; start += spec.batchSize, batch++) {
      if (signal?.aborted) {
        stoppedBy = 'cancelled';
        reason = `cancelled at epoch ${epoch}, before batch ${batch}`;
        break;
      }
      const indices = order.slice(start, start + spec.batchSize);
      const [loss, hits] = step(model, optimizer, variables, train, indices, sampleWeights, classes);
      if (!Number.isFinite(loss)) {
        stoppedBy = 'nan';
        reason = `training loss became ${loss} at epoch ${epoch}, batch ${batch}`;
        break;
      }
      lossSum += loss * indices.length;
      correct += hits;
      onBatch?.(epoch, batch, Math.ceil(order.length / spec.batchSize));
      // Let timers and abort events run between batches.
      await new Promise<void>((resolve) => setImmediate(resolve));
    }
    if (stoppedBy !== 'epochs') break;
    const val = evaluateHead(model, validation, classes);
    if (!Number.isFinite(val.loss)) {
      stoppedBy = 'nan';
      reason = `validation loss became ${val.loss} at epoch ${epoch}`;
      break;
    }
    const metrics: EpochMetrics = {
      epoch, loss: lossSum / train.count, accuracy: correct / train.count, valLoss: val.loss, valAccuracy: val.accuracy,
      valMacroF1: classificationReport(confusionMatrix(Array.from(validation.y), Array.from(val.predicted), classes)).macroF1,
      seconds: (performance.now() - started) / 1000,
    };
    history.push(metrics);
    lastGood = snapshotWeights(model);
    if (val.loss < bestValLoss) {
      bestValLoss = val.loss;
      bestEpoch = epoch;
      bestWeights = lastGood;
    }
    onEpoch?.(metrics);
    if (checkpoint) {
      const state: HeadCheckpoint = {
        epoch, weights: lastGood, optimizer: await snapshotOptimizer(optimizer), bestEpoch, bestValLoss, bestWeights,
        history: [...history], shuffleSeed,
      };
      await checkpoint.save(state);
    }
    if (epoch !== bestEpoch && epoch - bestEpoch >= patience) {
      stoppedBy = 'early-stopping';
      reason = `no lower validation loss for ${epoch - bestEpoch} epochs (patience ${patience}); best was epoch ${bestEpoch}`;
      break;
    }
  }
  if (restoreBest && bestWeights) restoreWeights(model, bestWeights);
  else if (stoppedBy === 'nan') restoreWeights(model, lastGood);
  return { model, epochs: history, bestEpoch, stoppedBy, ...(reason === undefined ? {} : { reason }) };
}

/** One optimiser step on a batch; returns its class-weighted mean loss and how many it got right. */
function step(
  model: tf.LayersModel, optimizer: tf.Optimizer, variables: tf.Variable[], set: ClipSet, indices: number[], sampleWeights: Float32Array,
  classes: number,
): [loss: number, hits: number] {
  return tf.tidy(() => {
    const n = indices.length;
    const x = tf.tensor3d(gatherClips(set, indices), [n, set.frames, set.dim]);
    const labels = tf.tensor1d(Int32Array.from(indices, (i) => set.y[i]!), 'int32');
    const oneHot = tf.oneHot(labels, classes);
    const weights = tf.tensor1d(Float32Array.from(indices, (i) => sampleWeights[i]!));
    let hits: tf.Tensor | undefined;
    const cost = optimizer.minimize(() => {
      const probs = model.apply(x, { training: true }) as tf.Tensor;
      hits = tf.keep(tf.sum(tf.cast(tf.equal(tf.argMax(probs, -1), labels), 'float32')));
      return tf.mean(tf.mul(crossEntropy(probs, oneHot), weights)) as tf.Scalar;
    }, true, variables);
    const loss = cost!.dataSync()[0]!;
    const right = hits!.dataSync()[0]!;
    hits!.dispose();
    return [loss, right];
  });
}
