/**
 * The transfer trainer: an epoch loop over any sample set (clips or frames) that trains a model's
 * variables in groups, each with its own optimizer and learning rate. It follows the head trainer
 * (../head/train.ts): Keras's class weights in the loss, a seeded shuffle per epoch, a stop at the
 * first non-finite loss, cancellation between batches, early stopping on the validation loss with
 * the best epoch's weights restored.
 *
 * Only the groups' variables are ever handed to an optimizer, so every other weight (the frozen
 * layers) is left exactly as it was: not a step of size zero, no step at all.
 */
import * as tf from '@tensorflow/tfjs';
import type { TransferEpoch, TransferStoppedBy } from '../../../shared/api/transfer.js';
import { createRng } from '../../system/prng.js';
import { EPSILON, classWeights, crossEntropy } from '../head/data.js';

export interface SampleSet {
  readonly count: number;
  /** The class of each sample. */
  readonly labels: Int32Array;
  /** The model's input for the samples at `indices`, a new tensor the caller disposes. */
  input(indices: readonly number[]): Promise<tf.Tensor>;
}

export interface ParamGroup {
  readonly name: string;
  readonly variables: readonly tf.Variable[];
  readonly optimizer: tf.Optimizer;
}

export interface TrainLoopOptions {
  readonly model: tf.LayersModel;
  readonly groups: readonly ParamGroup[];
  readonly train: SampleSet;
  readonly validation: SampleSet;
  readonly classes: number;
  readonly epochs: number;
  readonly batchSize: number;
  readonly classWeighting: 'none' | 'balanced';
  readonly earlyStopping: { readonly patience: number; readonly restoreBest: boolean };
  readonly seed: number;
  readonly signal?: AbortSignal;
  readonly onEpoch?: (epoch: TransferEpoch) => void;
  /** After every training batch (1-based). */
  readonly onBatch?: (epoch: number, batch: number, batches: number) => void;
}

export interface TrainLoopResult {
  epochs: TransferEpoch[];
  bestEpoch: number;
  stoppedBy: TransferStoppedBy;
  reason?: string;
}

type Snapshot = Float32Array[];

export async function trainLoop(options: TrainLoopOptions): Promise<TrainLoopResult> {
  const { model, groups, train, validation, classes, signal } = options;
  if (train.count === 0) throw new RangeError('the training set is empty');
  const variables = groups.flatMap((g) => g.variables);
  if (variables.length === 0) throw new RangeError('nothing to train: every layer is frozen');
  const weightOf = classWeights(train.labels, classes, options.classWeighting);
  const seeds = createRng(options.seed).fork('transfer-shuffle');
  const all = Array.from({ length: train.count }, (_, i) => i);
  const history: TransferEpoch[] = [];
  let bestEpoch = 0;
  let bestValLoss = Number.POSITIVE_INFINITY;
  let best: Snapshot | null = null;
  let lastGood = snapshot(variables);
  let stoppedBy: TransferStoppedBy = 'epochs';
  let reason: string | undefined;

  for (let epoch = 1; epoch <= options.epochs; epoch++) {
    const started = performance.now();
    const order = seeds.fork(epoch).shuffle(all);
    const batches = Math.ceil(order.length / options.batchSize);
    let lossSum = 0;
    let correct = 0;
    for (let start = 0, batch = 1; start < order.length; start += options.batchSize, batch++) {
      if (signal?.aborted) {
        stoppedBy = 'cancelled';
        reason = `cancelled at epoch ${epoch}, before batch ${batch}`;
        break;
      }
      const indices = order.slice(start, start + options.batchSize);
      const x = await train.input(indices);
      let loss: number;
      let hits: number;
      try {
        const labels = Int32Array.from(indices, (i) => train.labels[i]!);
        [loss, hits] = trainStep(model, groups, x, labels, Float32Array.from(labels, (c) => weightOf[c]!), classes);
      } finally {
        x.dispose();
      }
      if (!Number.isFinite(loss)) {
        stoppedBy = 'nan';
        reason = `training loss became ${loss} at epoch ${epoch}, batch ${batch}`;
        break;
      }
      lossSum += loss * indices.length;
      correct += hits;
      options.onBatch?.(epoch, batch, batches);
      // Let timers and abort events run between batches.
      await new Promise<void>((resolve) => setImmediate(resolve));
    }
    if (stoppedBy !== 'epochs') break;
    const val = evaluateSet(await predictSet(model, validation, options.batchSize), validation.labels, classes);
    if (validation.count > 0 && !Number.isFinite(val.loss)) {
      stoppedBy = 'nan';
      reason = `validation loss became ${val.loss} at epoch ${epoch}`;
      break;
    }
    const metrics: TransferEpoch = {
      epoch, loss: lossSum / train.count, accuracy: correct / train.count, valLoss: val.loss, valAccuracy: val.accuracy, seconds: (performance.now() - started) / 1000,
    };
    history.push(metrics);
    lastGood = snapshot(variables);
    // With no validation set, the last epoch counts as the best.
    if (val.loss < bestValLoss || validation.count === 0) {
      bestValLoss = val.loss;
      bestEpoch = epoch;
      best = lastGood;
    }
    options.onEpoch?.(metrics);
    if (epoch !== bestEpoch && epoch - bestEpoch >= options.earlyStopping.patience) {
      stoppedBy = 'early-stopping';
      reason = `no lower validation loss for ${epoch - bestEpoch} epochs (patience ${options.earlyStopping.patience}); best was epoch ${bestEpoch}`;
      break;
    }
  }
  if (options.earlyStopping.restoreBest && best) restore(variables, best);
  else if (stoppedBy === 'nan') restore(variables, lastGood);
  return { epochs: history, bestEpoch, stoppedBy, ...(reason === undefined ? {} : { reason }) };
}

/**
 * One step: the class-weighted mean cross-entropy's gradients for every group's variables, each
 * group then stepped by its own optimizer. Returns the loss and how many samples were right.
 */
export function trainStep(
  model: tf.LayersModel, groups: readonly ParamGroup[], x: tf.Tensor, labels: Int32Array, sampleWeights: Float32Array, classes: number,
): [loss: number, hits: number] {
  return tf.tidy(() => {
    const y = tf.tensor1d(labels, 'int32');
    const oneHot = tf.oneHot(y, classes);
    const weights = tf.tensor1d(sampleWeights);
    let hits: tf.Tensor | undefined;
    const { value, grads } = tf.variableGrads(() => {
      const probs = model.apply(x, { training: true }) as tf.Tensor;
      hits = tf.keep(tf.sum(tf.cast(tf.equal(tf.argMax(probs, -1), y), 'float32')));
      return tf.mean(tf.mul(crossEntropy(probs, oneHot), weights)) as tf.Scalar;
    }, groups.flatMap((g) => g.variables));
    for (const group of groups) {
      if (group.variables.length > 0) group.optimizer.applyGradients(Object.fromEntries(group.variables.map((v) => [v.name, grads[v.name]!])));
    }
    const loss = value.dataSync()[0]!;
    const right = hits!.dataSync()[0]!;
    hits!.dispose();
    return [loss, right];
  });
}

/** Class probabilities [count × classes] of the model in inference mode (no dropout), in set order. */
export async function predictSet(model: tf.LayersModel, set: SampleSet, batchSize: number): Promise<Float32Array> {
  const classes = (model.outputs[0]!.shape as [null, number])[1];
  const out = new Float32Array(set.count * classes);
  for (let start = 0; start < set.count; start += batchSize) {
    const indices = Array.from({ length: Math.min(batchSize, set.count - start) }, (_, i) => start + i);
    const x = await set.input(indices);
    try {
      const probs = tf.tidy(() => model.predict(x) as tf.Tensor);
      out.set(await probs.data(), start * classes);
      probs.dispose();
    } finally {
      x.dispose();
    }
  }
  return out;
}

/** Unweighted mean cross-entropy (clipped as Keras clips it) and accuracy of probabilities against labels. */
export function evaluateSet(probs: Float32Array, labels: Int32Array, classes: number): { loss: number; accuracy: number } {
  if (labels.length === 0) return { loss: Number.NaN, accuracy: Number.NaN };
  let loss = 0;
  let correct = 0;
  labels.forEach((label, i) => {
    const row = probs.subarray(i * classes, (i + 1) * classes);
    // A NaN anywhere in the row makes the loss NaN, so a diverged model is not hidden by the clip.
    const sum = row.reduce((a, b) => a + b, 0);
    loss += -Math.log(Math.min(1 - EPSILON, Math.max(EPSILON, row[label]!))) + 0 * sum;
    let best = 0;
    for (let c = 1; c < classes; c++) if (row[c]! > row[best]!) best = c;
    if (best === label) correct += 1;
  });
  return { loss: loss / labels.length, accuracy: correct / labels.length };
}

function snapshot(variables: readonly tf.Variable[]): Snapshot {
  return variables.map((v) => Float32Array.from(v.dataSync() as Float32Array));
}

function restore(variables: readonly tf.Variable[], values: Snapshot): void {
  variables.forEach((v, i) => tf.tidy(() => v.assign(tf.tensor(values[i]!, v.shape))));
}
