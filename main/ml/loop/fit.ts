/**
 * The one training loop, for every kind of run (a head on cached features, a fine-tuned or stacked
 * clip model, a per-frame backbone classifier), as tfjs-layers has one `fit`; what differs between
 * runs comes in through the sample sets, the parameter groups and the callbacks. Our own loop
 * rather than model.fit, so that it can
 *   - weight the loss per sample by class (Keras's class_weight: mean_i(w[y_i] · CE_i)); validation
 *     loss is unweighted, as in Keras,
 *   - train variables in groups, each stepped by its own optimizer (a backbone at a lower learning
 *     rate than the head); only the groups' variables are ever stepped, so frozen layers stay bit-identical,
 *   - check the loss after every batch and stop on NaN/Infinity at once, putting back the last good weights,
 *   - honour an AbortSignal between batches,
 *   - keep the best weights (lowest validation loss) and restore them (early stopping with patience),
 *   - checkpoint after every epoch, optimizers' moments included, and resume from such a
 *     checkpoint exactly where it stopped,
 *   - lower every group's learning rate when the validation loss stops falling (Keras's
 *     ReduceLROnPlateau): late in a run the loss swings from epoch to epoch at the full rate, so
 *     which epoch is kept as the best becomes partly luck; at a lower rate it settles.
 * Epoch e's shuffle is createRng(seed).fork('shuffle').fork(e), so a resumed run shuffles as the
 * first would have. The validation set is what early stopping watches: callers hand it the
 * validation games of the run's split (ml/evaluation/split.ts), never the held-out ones.
 */
import * as tf from '@tensorflow/tfjs';
import { createRng } from '../../system/prng.js';
import { classificationReport, confusionMatrix } from '../evaluation/metrics.js';
import type { EpochMetrics, HeadCheckpoint, NamedArray } from '../head/checkpoint.js';
import { classWeights, crossEntropy, restoreOptimizer, snapshotOptimizer } from '../head/data.js';
import type { BatchTransform } from './augment.js';
import { evaluateSet, predictSet, type SampleSet } from './samples.js';

export type StoppedBy = 'epochs' | 'early-stopping' | 'cancelled' | 'nan';

export interface ParamGroup {
  readonly name: string;
  readonly variables: readonly tf.Variable[];
  readonly optimizer: tf.Optimizer;
}

export interface FitCallbacks {
  /** After every training batch (1-based). */
  onBatch?(epoch: number, batch: number, batches: number): void;
  /** After every completed epoch, before its checkpoint. */
  onEpoch?(metrics: EpochMetrics): void;
  /** After every completed epoch; a failed (NaN) epoch writes nothing, keeping the last good one. */
  saveCheckpoint?(state: HeadCheckpoint): Promise<void>;
}

/**
 * Multiply the learning rate by `factor` after `patience` epochs without a lower validation loss
 * (counted from the best epoch or from the last reduction, whichever is later), down to `minFactor`
 * times the starting rate.
 */
export interface PlateauRule {
  readonly patience: number;
  readonly factor: number;
  readonly minFactor: number;
}

/**
 * The factor on the starting learning rate for the epoch after `history`: a pure function of the
 * validation losses so far, so a resumed run, replaying its stored history, trains on at the rate
 * the first would have had (no extra state in the checkpoint).
 */
export function plateauFactor(history: readonly Pick<EpochMetrics, 'valLoss'>[], rule: PlateauRule): number {
  let factor = 1;
  let best = Number.POSITIVE_INFINITY;
  let since = 0;
  for (const { valLoss } of history) {
    if (valLoss < best) {
      best = valLoss;
      since = 0;
    } else if (++since >= rule.patience) {
      factor = Math.max(rule.minFactor, factor * rule.factor);
      since = 0;
    }
  }
  return factor;
}

export interface FitOptions extends FitCallbacks {
  readonly model: tf.LayersModel;
  readonly groups: readonly ParamGroup[];
  readonly train: SampleSet;
  /** What early stopping watches: the run's validation games. Empty: the last epoch counts as the best. */
  readonly validation: SampleSet;
  readonly classes: number;
  readonly epochs: number;
  readonly batchSize: number;
  readonly classWeighting: 'none' | 'balanced';
  readonly earlyStopping: { readonly patience: number; readonly restoreBest: boolean };
  /** Seeds every epoch's shuffle (a resumed run uses its checkpoint's). */
  readonly seed: number;
  readonly signal?: AbortSignal;
  readonly resumeFrom?: HeadCheckpoint;
  /** Applied to every training batch's input (augmentation); validation and prediction never see it. */
  readonly augment?: BatchTransform;
  /** Lower the groups' learning rates when the validation loss stalls (needs a validation set). */
  readonly reduceOnPlateau?: PlateauRule;
}

export interface FitResult {
  /** Every completed epoch, resumed history included. */
  epochs: EpochMetrics[];
  /** 0 when no epoch completed. */
  bestEpoch: number;
  stoppedBy: StoppedBy;
  /** Why the run stopped early, in words (NaN: which epoch and batch). */
  reason?: string;
}

export async function fit(options: FitOptions): Promise<FitResult> {
  const { model, groups, train, validation, classes, signal, resumeFrom } = options;
  if (train.count === 0) throw new RangeError('train.count must be at least 1, got 0');
  const variables = groups.flatMap((g) => g.variables);
  if (variables.length === 0) throw new RangeError('nothing to train: every layer is frozen');
  const weightOf = classWeights(train.labels, classes, options.classWeighting);

  let history: EpochMetrics[] = [];
  let bestEpoch = 0;
  let bestValLoss = Number.POSITIVE_INFINITY;
  let best: NamedArray[] | null = null;
  let shuffleSeed = options.seed;
  if (resumeFrom) {
    restoreVariables(variables, resumeFrom.weights);
    await restoreGroupOptimizers(groups, resumeFrom.optimizer);
    ({ bestEpoch, bestValLoss, shuffleSeed } = resumeFrom);
    best = resumeFrom.bestWeights;
    history = [...resumeFrom.history];
  }
  const seeds = createRng(shuffleSeed).fork('shuffle');
  let lastGood = snapshotVariables(variables);
  let stoppedBy: StoppedBy = 'epochs';
  let reason: string | undefined;
  const { patience, restoreBest } = options.earlyStopping;
  const all = Array.from({ length: train.count }, (_, i) => i);
  const startingRates = groups.map((g) => rateOf(g.optimizer));

  for (let epoch = (resumeFrom?.epoch ?? 0) + 1; epoch <= options.epochs; epoch++) {
    const started = performance.now();
    if (options.reduceOnPlateau && validation.count > 0) {
      const factor = plateauFactor(history, options.reduceOnPlateau);
      groups.forEach((g, i) => setRate(g.optimizer, startingRates[i]! * factor));
    }
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
      let x = await train.input(indices);
      if (options.augment) {
        const raw = x;
        try {
          x = options.augment(raw, epoch, batch);
        } finally {
          raw.dispose();
        }
      }
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
    const val = evaluateSet(await predictSet(model, validation, Math.max(options.batchSize, 32)), validation.labels, classes);
    if (validation.count > 0 && !Number.isFinite(val.loss)) {
      stoppedBy = 'nan';
      reason = `validation loss became ${val.loss} at epoch ${epoch}`;
      break;
    }
    const metrics: EpochMetrics = {
      epoch, loss: lossSum / train.count, accuracy: correct / train.count, valLoss: val.loss, valAccuracy: val.accuracy,
      ...(validation.count > 0 ? { valMacroF1: classificationReport(confusionMatrix(Array.from(validation.labels), Array.from(val.predicted), classes)).macroF1 } : {}),
      seconds: (performance.now() - started) / 1000,
    };
    history.push(metrics);
    lastGood = snapshotVariables(variables);
    // With no validation set, the last epoch counts as the best.
    if (val.loss < bestValLoss || validation.count === 0) {
      bestValLoss = validation.count === 0 ? Number.POSITIVE_INFINITY : val.loss;
      bestEpoch = epoch;
      best = lastGood;
    }
    options.onEpoch?.(metrics);
    if (options.saveCheckpoint) {
      await options.saveCheckpoint({
        epoch, weights: lastGood, optimizer: await snapshotGroupOptimizers(groups), bestEpoch, bestValLoss, bestWeights: best, history: [...history], shuffleSeed,
      });
    }
    if (epoch !== bestEpoch && epoch - bestEpoch >= patience) {
      stoppedBy = 'early-stopping';
      reason = `no lower validation loss for ${epoch - bestEpoch} epochs (patience ${patience}); best was epoch ${bestEpoch}`;
      break;
    }
  }
  if (restoreBest && best) restoreVariables(variables, best);
  else if (stoppedBy === 'nan') restoreVariables(variables, lastGood);
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

// tfjs's SGD-family optimizers read their (protected) learningRate field at every step.
type WithRate = { learningRate: number };
function rateOf(optimizer: tf.Optimizer): number {
  return (optimizer as unknown as WithRate).learningRate;
}
function setRate(optimizer: tf.Optimizer, rate: number): void {
  (optimizer as unknown as WithRate).learningRate = rate;
}

/** Copies of the variables' current values, in order. */
export function snapshotVariables(variables: readonly tf.Variable[]): NamedArray[] {
  return variables.map((v) => ({ name: v.name, shape: [...v.shape], data: Float32Array.from(v.dataSync() as Float32Array) }));
}

/** Sets the variables from arrays matched by position and shape; names the first mismatch. */
export function restoreVariables(variables: readonly tf.Variable[], arrays: readonly NamedArray[]): void {
  if (arrays.length !== variables.length) throw new RangeError(`the model has ${variables.length} trainable weights, the saved state ${arrays.length}`);
  arrays.forEach((a, i) => {
    const shape = variables[i]!.shape;
    if (a.shape.length !== shape.length || a.shape.some((d, k) => d !== shape[k])) {
      throw new RangeError(`weight ${i} (${variables[i]!.name}) has shape [${shape.join(', ')}], the saved ${a.name} has [${a.shape.join(', ')}]`);
    }
  });
  variables.forEach((v, i) => tf.tidy(() => v.assign(tf.tensor(arrays[i]!.data, v.shape))));
}

// Each group's optimizer state is stored under its group's name: "head|iter", "head|lstm/kernel/m", …
const SEPARATOR = '|';

async function snapshotGroupOptimizers(groups: readonly ParamGroup[]): Promise<NamedArray[]> {
  const out: NamedArray[] = [];
  for (const group of groups) {
    if (group.variables.length === 0) continue;
    for (const a of await snapshotOptimizer(group.optimizer)) out.push({ ...a, name: `${group.name}${SEPARATOR}${a.name}` });
  }
  return out;
}

async function restoreGroupOptimizers(groups: readonly ParamGroup[], arrays: readonly NamedArray[]): Promise<void> {
  const active = groups.filter((g) => g.variables.length > 0);
  // A checkpoint written before groups had names holds a single optimizer's state.
  if (active.length === 1 && !arrays.some((a) => a.name.includes(SEPARATOR))) {
    await restoreOptimizer(active[0]!.optimizer, arrays);
    return;
  }
  for (const group of active) {
    const prefix = `${group.name}${SEPARATOR}`;
    const own = arrays.filter((a) => a.name.startsWith(prefix)).map((a) => ({ ...a, name: a.name.slice(prefix.length) }));
    await restoreOptimizer(group.optimizer, own);
  }
}
