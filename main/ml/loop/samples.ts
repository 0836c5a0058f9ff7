/**
 * What the training loop trains on: any set of samples (clips of cached features, whole clips of
 * frames, single frames) that can hand over a batch of inputs and says each sample's class.
 */
import * as tf from '@tensorflow/tfjs';
import { EPSILON, gatherClips, type ClipSet } from '../head/data.js';

export interface SampleSet {
  readonly count: number;
  /** The class of each sample. */
  readonly labels: Int32Array;
  /** The model's input for the samples at `indices`, a new tensor the caller disposes. */
  input(indices: readonly number[]): Promise<tf.Tensor>;
}

/** Samples that are clips of `frames` steps of `dim` features: what a head reads. */
export interface ClipSamples extends SampleSet {
  readonly frames: number;
  readonly dim: number;
}

/** Cached-feature clips [count × frames × dim], held whole in memory, as samples of a head. */
export function clipSetSamples(set: ClipSet): ClipSamples {
  return {
    count: set.count,
    frames: set.frames,
    dim: set.dim,
    labels: set.y,
    input: (indices) => Promise.resolve(tf.tensor3d(gatherClips(set, indices), [indices.length, set.frames, set.dim])),
  };
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

/**
 * Unweighted mean cross-entropy (clipped as Keras clips it), accuracy and the argmax of each row, of
 * probabilities against labels. A NaN anywhere in a row makes the loss NaN, so a diverged model is not
 * hidden by the clip.
 */
export function evaluateSet(probs: Float32Array, labels: Int32Array, classes: number): { loss: number; accuracy: number; predicted: Int32Array } {
  const predicted = new Int32Array(labels.length);
  if (labels.length === 0) return { loss: Number.NaN, accuracy: Number.NaN, predicted };
  let loss = 0;
  let correct = 0;
  labels.forEach((label, i) => {
    const row = probs.subarray(i * classes, (i + 1) * classes);
    const sum = row.reduce((a, b) => a + b, 0);
    loss += -Math.log(Math.min(1 - EPSILON, Math.max(EPSILON, row[label]!))) + 0 * sum;
    let best = 0;
    for (let c = 1; c < classes; c++) if (row[c]! > row[best]!) best = c;
    predicted[i] = best;
    if (best === label) correct += 1;
  });
  return { loss: loss / labels.length, accuracy: correct / labels.length, predicted };
}
