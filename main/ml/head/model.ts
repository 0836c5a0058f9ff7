/**
 * The RNN head over a clip's frame features: [frames × dim] → class probabilities.
 *
 *   [Masking(0)] → [GaussianNoise] → [Dropout] → [TimeDistributed Dense+ReLU] → (LSTM|GRU)×layers, each optionally Bidirectional → Dropout → Dense(classes, softmax)
 *
 * Masking skips all-zero frames, so a clip shorter than T padded with zero frames at the end classifies
 * as the unpadded clip would. Dropout sits after the last recurrent layer only (it does not carry the
 * mask through tfjs's stacked recurrent layers, and the last one drops the time axis).
 */
import * as tf from '@tensorflow/tfjs';
import type { HeadSpec } from '../../../shared/api/model-spec.js';
import { fusedBidirectional, fusedGru, fusedLstm } from '../tfjs/recurrent/layers.js';
import { fastGaussianNoise } from '../tfjs/recurrent/gaussian-noise.js';
import { fastMasking } from '../tfjs/recurrent/masking.js';

export interface HeadShape {
  /** T: time steps per clip. */
  frames: number;
  /** Features per frame. */
  dim: number;
  classes: number;
  /** Adam's learning rate (default 1e-3). */
  learningRate?: number;
  /**
   * 'fused' (default): Film Room's recurrent and masking layers (../tfjs/recurrent/), tfjs's own
   * with a much faster call; 'tfjs': the stock tf.layers ones (the bench's baseline). Both have the
   * same weights and compute the same function, so either loads what the other saved.
   */
  recurrent?: 'fused' | 'tfjs';
}

function positiveInteger(name: string, value: unknown, max = Number.MAX_SAFE_INTEGER): number {
  if (typeof value !== 'number' || !Number.isInteger(value) || value < 1 || value > max) {
    throw new RangeError(`${name} must be an integer in [1, ${max}], got ${String(value)}`);
  }
  return value;
}

/** Checks a head spec and shape, naming the first bad value. */
export function validateHead(head: HeadSpec, shape: HeadShape): void {
  if (head.cell !== 'lstm' && head.cell !== 'gru') throw new RangeError(`cell must be 'lstm' or 'gru', got ${JSON.stringify(head.cell)}`);
  positiveInteger('units', head.units, 1024);
  positiveInteger('layers', head.layers, 4);
  if (typeof head.bidirectional !== 'boolean') throw new TypeError(`bidirectional must be a boolean, got ${String(head.bidirectional)}`);
  if (typeof head.masking !== 'boolean') throw new TypeError(`masking must be a boolean, got ${String(head.masking)}`);
  if (!Number.isInteger(head.projection) || head.projection < 0 || head.projection > 4096) throw new RangeError(`projection must be an integer in [0, 4096], got ${String(head.projection)}`);
  if (typeof head.inputDropout !== 'number' || !(head.inputDropout >= 0 && head.inputDropout <= 0.9)) {
    throw new RangeError(`inputDropout must be a number in [0, 0.9], got ${String(head.inputDropout)}`);
  }
  if (typeof head.inputNoise !== 'number' || !(head.inputNoise >= 0 && head.inputNoise <= 10)) {
    throw new RangeError(`inputNoise must be a number in [0, 10], got ${String(head.inputNoise)}`);
  }
  if (typeof head.dropout !== 'number' || !(head.dropout >= 0 && head.dropout <= 0.9)) {
    throw new RangeError(`dropout must be a number in [0, 0.9], got ${String(head.dropout)}`);
  }
  positiveInteger('frames', shape.frames);
  positiveInteger('dim', shape.dim);
  positiveInteger('classes', shape.classes);
  if (shape.classes < 2) throw new RangeError(`classes must be at least 2, got ${shape.classes}`);
  if (shape.recurrent !== undefined && shape.recurrent !== 'fused' && shape.recurrent !== 'tfjs') {
    throw new RangeError(`recurrent must be 'fused' or 'tfjs', got ${JSON.stringify(shape.recurrent)}`);
  }
  const lr = shape.learningRate ?? 1e-3;
  if (typeof lr !== 'number' || !Number.isFinite(lr) || lr <= 0) throw new RangeError(`learningRate must be a positive finite number, got ${String(lr)}`);
}

/** Builds and compiles (Adam, categorical cross-entropy, accuracy) a head for `shape`. */
export function buildHead(head: HeadSpec, shape: HeadShape): tf.LayersModel {
  validateHead(head, shape);
  return withoutOrthogonalWarning(() => buildValidHead(head, shape));
}

/**
 * Keras's (and tfjs's) recurrent kernels start orthogonal; tfjs warns on stderr that this is slow
 * beyond 2,000 elements (any LSTM of 23+ units). It takes milliseconds here, and the warning would
 * only confuse an analyst reading `filmroom train`'s output, so that one message is dropped.
 */
function withoutOrthogonalWarning<T>(build: () => T): T {
  const warn = console.warn;
  console.warn = (...args: unknown[]) => {
    if (typeof args[0] === 'string' && args[0].startsWith('Orthogonal initializer is being called')) return;
    warn(...args);
  };
  try {
    return build();
  } finally {
    console.warn = warn;
  }
}

function buildValidHead(head: HeadSpec, shape: HeadShape): tf.LayersModel {
  const { frames, dim, classes } = shape;
  const model = tf.sequential();
  // Whichever layer comes first carries the input shape.
  let inputShape: { inputShape?: number[] } = { inputShape: [frames, dim] };
  const add = (make: (shaped: { inputShape?: number[] }) => tf.layers.Layer) => {
    model.add(make(inputShape));
    inputShape = {};
  };
  const masking = shape.recurrent === 'tfjs' ? tf.layers.masking : fastMasking;
  if (head.masking) add((shaped) => masking({ maskValue: 0, ...shaped }));
  // Noise (training only) keeps the mask: tfjs's GaussianNoise passes it on.
  const gaussianNoise = shape.recurrent === 'tfjs' ? tf.layers.gaussianNoise : fastGaussianNoise;
  if (head.inputNoise > 0) add((shaped) => gaussianNoise({ stddev: head.inputNoise, ...shaped }));
  if (head.inputDropout > 0) add((shaped) => tf.layers.dropout({ rate: head.inputDropout, ...shaped }));
  if (head.projection > 0) {
    const dense = tf.layers.dense({ units: head.projection, activation: 'relu' });
    add((shaped) => tf.layers.timeDistributed({ layer: dense, ...shaped }));
  }
  const layers = shape.recurrent === 'tfjs'
    ? { lstm: tf.layers.lstm, gru: tf.layers.gru, bidirectional: tf.layers.bidirectional }
    : { lstm: fusedLstm, gru: fusedGru, bidirectional: fusedBidirectional };
  for (let i = 0; i < head.layers; i++) {
    const returnSequences = i < head.layers - 1;
    add((shaped) => {
      if (head.bidirectional) {
        const cell = head.cell === 'lstm' ? layers.lstm({ units: head.units, returnSequences }) : layers.gru({ units: head.units, returnSequences });
        return layers.bidirectional({ layer: cell, mergeMode: 'concat', ...shaped });
      }
      return head.cell === 'lstm' ? layers.lstm({ units: head.units, returnSequences, ...shaped }) : layers.gru({ units: head.units, returnSequences, ...shaped });
    });
  }
  if (head.dropout > 0) model.add(tf.layers.dropout({ rate: head.dropout }));
  model.add(tf.layers.dense({ units: classes, activation: 'softmax' }));
  model.compile({ optimizer: tf.train.adam(shape.learningRate ?? 1e-3), loss: 'categoricalCrossentropy', metrics: ['accuracy'] });
  return model;
}

/** Class probabilities [count × classes] for `count` clips laid out [count × frames × dim]. */
export function predictHead(model: tf.LayersModel, x: Float32Array, count: number, batchSize = 64): Float32Array {
  const [, frames, dim] = model.inputs[0]!.shape as [null, number, number];
  const classes = (model.outputs[0]!.shape as [null, number])[1];
  if (!Number.isInteger(count) || count < 0) throw new RangeError(`count must be a non-negative integer, got ${String(count)}`);
  if (x.length !== count * frames * dim) {
    throw new RangeError(`x must hold count × frames × dim = ${count} × ${frames} × ${dim} = ${count * frames * dim} values, got ${x.length}`);
  }
  positiveInteger('batchSize', batchSize);
  const out = new Float32Array(count * classes);
  const clip = frames * dim;
  for (let start = 0; start < count; start += batchSize) {
    const n = Math.min(batchSize, count - start);
    const probs = tf.tidy(() => {
      const batch = tf.tensor3d(x.subarray(start * clip, (start + n) * clip), [n, frames, dim]);
      return (model.predict(batch) as tf.Tensor).dataSync() as Float32Array;
    });
    out.set(probs, start * classes);
  }
  return out;
}
