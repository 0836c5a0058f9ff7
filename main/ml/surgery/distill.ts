/**
 * Distillation of VGG16's block1 (block1_conv1 → ReLU → block1_conv2 → ReLU) into one 5×5 conv
 * with ReLU: the student's output is trained to match the teacher's block1_conv2 output (mean
 * squared error over every value) on caffe-preprocessed frames, with Adam, in seeded shuffled
 * batches. The student starts from the composition of the two 3×3 kernels (compose-kernels.ts,
 * exact but for the inner ReLU) or from seeded Glorot-uniform values.
 */
import * as tf from '@tensorflow/tfjs';
import { createRng } from '../../system/prng.js';
import { readConvWeights } from '../transfer/backbone.js';
import { BLOCK1_CONV5X5, BLOCK1_CONVS } from '../vgg16/variants.js';
import { glorotLimit } from '../weights/random-weights.js';
import type { ConvWeights, WeightSet } from '../weights/weight-set.js';
import { composeConvs } from './compose-kernels.js';
import { buildBlock1Student, buildBlock1Teacher } from './variant-backbone.js';

/** Frames by index, [n, S, S, 3] caffe-preprocessed (a SampleSet of ../loop/samples.ts is one). */
export interface FrameSource {
  readonly count: number;
  input(indices: readonly number[]): Promise<tf.Tensor>;
}

export type Block1Init = 'composed' | 'glorot';

export interface DistillOptions {
  /** The original weights: block1_conv1 and block1_conv2 are the teacher. */
  readonly teacher: WeightSet;
  readonly size: number;
  readonly frames: FrameSource;
  /** Frames to train on, and frames held out to measure the error (indices into `frames`). */
  readonly train: readonly number[];
  readonly heldOut: readonly number[];
  readonly epochs?: number;
  readonly batchSize?: number;
  readonly learningRate?: number;
  readonly seed?: number;
  readonly init?: Block1Init;
  readonly signal?: AbortSignal;
  /** After every batch: batches done of all epochs' batches. */
  readonly onProgress?: (progress: { done: number; total: number }) => void;
  readonly onEpoch?: (epoch: { epoch: number; loss: number; seconds: number }) => void;
}

export interface DistillResult {
  /** The trained block1_conv5x5 (the initial one if no batch ran). */
  readonly conv5x5: ConvWeights;
  readonly initial: ConvWeights;
  readonly init: Block1Init;
  /** Mean training loss (MSE) of each finished epoch. */
  readonly lossPerEpoch: number[];
  /** MSE between student and teacher block1 outputs over the held-out frames, before and after. */
  readonly heldOutMseBefore: number;
  readonly heldOutMseAfter: number;
  readonly cancelled: boolean;
}

export const DISTILL_DEFAULTS = { epochs: 3, batchSize: 8, learningRate: 1e-3, seed: 1, init: 'composed' } as const;

/** The student's first kernel: the composed 3×3 ∘ 3×3, or Glorot uniform from `seed`. */
export function initialBlock1(teacher: WeightSet, init: Block1Init, seed: number): ConvWeights {
  const [conv1, conv2] = BLOCK1_CONVS.map((name) => {
    const w = teacher.get(name);
    if (!w) throw new RangeError(`the weight set has no ${name}: distilling block1 needs the original block1`);
    return w;
  }) as [ConvWeights, ConvWeights];
  if (init === 'composed') return composeConvs(conv1, conv2);
  const rng = createRng(seed);
  const limit = glorotLimit(25 * 3, 25 * 64);
  const kernel = Float32Array.from({ length: 25 * 3 * 64 }, () => (2 * rng.next() - 1) * limit);
  return { kernel, kernelShape: [5, 5, 3, 64], bias: new Float32Array(64) };
}

export async function distillBlock1(options: DistillOptions): Promise<DistillResult> {
  const { size, frames, signal } = options;
  const epochs = options.epochs ?? DISTILL_DEFAULTS.epochs;
  const batchSize = options.batchSize ?? DISTILL_DEFAULTS.batchSize;
  const seed = options.seed ?? DISTILL_DEFAULTS.seed;
  const init = options.init ?? DISTILL_DEFAULTS.init;
  if (!Number.isInteger(epochs) || epochs < 0) throw new RangeError(`epochs must be a whole number, got ${String(epochs)}`);
  if (!Number.isInteger(batchSize) || batchSize < 1) throw new RangeError(`batch size must be a positive integer, got ${String(batchSize)}`);
  if (options.train.length === 0 || options.heldOut.length === 0) throw new RangeError('distillation needs frames to train on and frames held out');

  const initial = initialBlock1(options.teacher, init, seed);
  const teacher = buildBlock1Teacher(options.teacher, size);
  const student = buildBlock1Student(initial, size);
  const optimizer = tf.train.adam(options.learningRate ?? DISTILL_DEFAULTS.learningRate);
  const variables = student.trainableWeights.map((w) => w.read() as tf.Variable);
  try {
    const heldOutMseBefore = await meanSquaredError(teacher, student, frames, options.heldOut, batchSize);
    const rng = createRng(seed).fork('distill');
    const batches = Math.ceil(options.train.length / batchSize);
    const lossPerEpoch: number[] = [];
    let cancelled = false;
    for (let epoch = 1; epoch <= epochs && !cancelled; epoch++) {
      const started = performance.now();
      const order = rng.shuffle(options.train);
      let sum = 0;
      for (let b = 0; b < batches; b++) {
        if (signal?.aborted) {
          cancelled = true;
          break;
        }
        const x = await frames.input(order.slice(b * batchSize, (b + 1) * batchSize));
        try {
          sum += trainBatch(teacher, student, variables, optimizer, x);
        } finally {
          x.dispose();
        }
        options.onProgress?.({ done: (epoch - 1) * batches + b + 1, total: epochs * batches });
        // Let an interrupt (and the progress bar) through between batches.
        await new Promise((resolve) => setImmediate(resolve));
      }
      if (cancelled) break;
      lossPerEpoch.push(sum / batches);
      options.onEpoch?.({ epoch, loss: sum / batches, seconds: (performance.now() - started) / 1000 });
    }
    // Cancelled: nothing will be reported, so no further pass over the held-out frames.
    const heldOutMseAfter = cancelled ? Number.NaN : await meanSquaredError(teacher, student, frames, options.heldOut, batchSize);
    return { conv5x5: readConvWeights(student, [BLOCK1_CONV5X5]).get(BLOCK1_CONV5X5)!, initial, init, lossPerEpoch, heldOutMseBefore, heldOutMseAfter, cancelled };
  } finally {
    optimizer.dispose();
    teacher.dispose();
    student.dispose();
  }
}

function trainBatch(teacher: tf.LayersModel, student: tf.LayersModel, variables: tf.Variable[], optimizer: tf.Optimizer, x: tf.Tensor): number {
  return tf.tidy(() => {
    const target = teacher.predict(x) as tf.Tensor;
    const { value, grads } = tf.variableGrads(() => tf.mean(tf.squaredDifference(student.apply(x, { training: true }) as tf.Tensor, target)) as tf.Scalar, variables);
    optimizer.applyGradients(grads);
    return value.dataSync()[0]!;
  });
}

/** MSE of the student's block1 output against the teacher's over `indices`, every value weighted alike. */
export async function meanSquaredError(teacher: tf.LayersModel, student: tf.LayersModel, frames: FrameSource, indices: readonly number[], batchSize: number): Promise<number> {
  let sum = 0;
  let values = 0;
  for (let start = 0; start < indices.length; start += batchSize) {
    const x = await frames.input(indices.slice(start, start + batchSize));
    try {
      const total = tf.tidy(() => tf.sum(tf.squaredDifference(student.predict(x) as tf.Tensor, teacher.predict(x) as tf.Tensor)));
      sum += (await total.data())[0]!;
      values += x.shape[0]! * x.shape[1]! * x.shape[2]! * 64;
      total.dispose();
    } finally {
      x.dispose();
    }
  }
  return sum / values;
}
