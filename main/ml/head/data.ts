/** Clip sets for the head trainer: checks, class weights, batches and evaluation. */
import * as tf from '@tensorflow/tfjs';
import type { NamedArray } from './checkpoint.js';

/** `count` clips of `frames × dim` features, [count × frames × dim] row-major, and their labels. */
export interface ClipSet {
  x: Float32Array;
  y: Int32Array;
  count: number;
  frames: number;
  dim: number;
}

/** Clipping as Keras's categorical cross-entropy does, so a 0 probability costs -log(1e-7), not Infinity. */
export const EPSILON = 1e-7;

/** Throws a RangeError naming the set and the bad value unless the set is consistent. */
export function validateClipSet(name: string, set: ClipSet, classes: number): void {
  for (const key of ['count', 'frames', 'dim'] as const) {
    const value = set[key];
    if (!Number.isInteger(value) || value < (key === 'count' ? 0 : 1)) throw new RangeError(`${name}.${key} must be a ${key === 'count' ? 'non-negative' : 'positive'} integer, got ${String(value)}`);
  }
  const needed = set.count * set.frames * set.dim;
  if (!(set.x instanceof Float32Array) || set.x.length !== needed) {
    throw new RangeError(`${name}.x must be a Float32Array of count × frames × dim = ${needed} values, got ${set.x?.length}`);
  }
  if (!(set.y instanceof Int32Array) || set.y.length !== set.count) throw new RangeError(`${name}.y must be an Int32Array of ${set.count} labels, got ${set.y?.length}`);
  set.y.forEach((label, i) => {
    if (label < 0 || label >= classes) throw new RangeError(`${name}.y[${i}] must be a class in [0, ${classes - 1}], got ${label}`);
  });
}

/**
 * Per-class loss weights. 'balanced' (scikit-learn's and Keras's convention): n_samples / (classes · count_c);
 * a class absent from the labels gets 0 (it has no samples to weigh). 'none': all 1.
 */
export function classWeights(labels: Int32Array, classes: number, mode: 'none' | 'balanced'): Float32Array {
  const weights = new Float32Array(classes).fill(1);
  if (mode === 'none') return weights;
  const counts = new Array<number>(classes).fill(0);
  for (const label of labels) counts[label]!++;
  counts.forEach((count, c) => (weights[c] = count === 0 ? 0 : labels.length / (classes * count)));
  return weights;
}

/** The clips at `indices` as a contiguous [n × frames × dim] array. */
export function gatherClips(set: ClipSet, indices: readonly number[]): Float32Array {
  const clip = set.frames * set.dim;
  const out = new Float32Array(indices.length * clip);
  indices.forEach((index, row) => out.set(set.x.subarray(index * clip, (index + 1) * clip), row * clip));
  return out;
}

/**
 * Per-sample cross-entropy [n] of probabilities against one-hot targets, clipped like Keras's. Clipping
 * turns NaN into a bound on some backends (wasm's clip does), which would hide a diverged model: the
 * `0 · Σ probs` term makes a row's loss NaN when any of its probabilities is NaN or infinite, and adds
 * nothing otherwise (value or gradient).
 */
export function crossEntropy(probs: tf.Tensor, oneHot: tf.Tensor): tf.Tensor1D {
  const clipped = tf.neg(tf.sum(tf.mul(oneHot, tf.log(tf.clipByValue(probs, EPSILON, 1 - EPSILON))), -1));
  return tf.add(clipped, tf.mul(tf.sum(probs, -1), 0)) as tf.Tensor1D;
}

/** Copies of the model's weights (getWeights returns the live variables). */
export function snapshotWeights(model: tf.LayersModel): NamedArray[] {
  return model.weights.map((w) => {
    const value = w.read();
    return { name: w.name, shape: [...value.shape], data: Float32Array.from(value.dataSync() as Float32Array) };
  });
}

/** Sets the model's weights from arrays matched by position and shape; names the first mismatch. */
export function restoreWeights(model: tf.LayersModel, arrays: readonly NamedArray[]): void {
  const targets = model.weights;
  if (arrays.length !== targets.length) throw new RangeError(`the model has ${targets.length} weights, the saved state ${arrays.length}`);
  arrays.forEach((a, i) => {
    const shape = targets[i]!.shape;
    if (a.shape.length !== shape.length || a.shape.some((d, k) => d !== shape[k])) {
      throw new RangeError(`weight ${i} (${targets[i]!.name}) has shape [${shape.join(', ')}], the saved ${a.name} has [${a.shape.join(', ')}]`);
    }
  });
  tf.tidy(() => model.setWeights(arrays.map((a) => tf.tensor(a.data, a.shape))));
}

/** Adam's state as arrays (its iteration count first); disposes the scalar getWeights makes for it. */
export async function snapshotOptimizer(optimizer: tf.Optimizer): Promise<NamedArray[]> {
  const named = await optimizer.getWeights();
  const out = named.map(({ name, tensor }) => ({ name, shape: [...tensor.shape], data: Float32Array.from(tensor.dataSync()) }));
  named[0]?.tensor.dispose(); // the iterations scalar is new; the rest are the optimizer's own variables
  return out;
}

export async function restoreOptimizer(optimizer: tf.Optimizer, arrays: readonly NamedArray[]): Promise<void> {
  if (arrays.length === 0) return;
  const tensors = arrays.map((a) => ({ name: a.name, tensor: tf.tensor(a.data, a.shape) }));
  await optimizer.setWeights(tensors);
  tensors.forEach(({ tensor }) => tensor.dispose()); // the optimizer's variables hold their own references
}
