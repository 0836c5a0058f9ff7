// The convolution-gradient kernels we register on the wasm backend, checked against references
// that share none of their code: TensorFlow.js's pure-JS 'cpu' backend (its own loops for
// Conv2DBackpropFilter/Input and MaxPoolGrad), and finite differences of naive float64 loops
// written out below.
import * as tf from '@tensorflow/tfjs';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { initTfjs } from '../../../../main/ml/tfjs/backend.js';
import { buildVgg16 } from '../../../../main/ml/tfjs/vgg16.js';
import { batchMatMulConfig, stockBatchMatMul } from '../../../../main/ml/tfjs/wasm-training-kernels/batch-mat-mul.js';
import { conv2dBackpropFilterConfig } from '../../../../main/ml/tfjs/wasm-training-kernels/conv2d-backprop-filter.js';
import { conv2dBackpropInputConfig } from '../../../../main/ml/tfjs/wasm-training-kernels/conv2d-backprop-input.js';
import { maxPoolGradConfig } from '../../../../main/ml/tfjs/wasm-training-kernels/max-pool-grad.js';
import {
  asWasmBackend, conv2dBackpropFilterWasm, conv2dBackpropInputWasm, registerWasmTrainingKernels, useWasmBatchMatMul,
} from '../../../../main/ml/tfjs/wasm-training-kernels/index.js';
import { createRng } from '../../../../main/system/prng.js';

type Shape4 = [number, number, number, number];
type Pad = 'same' | 'valid' | number | tf.backend_util.ExplicitPadding;

beforeAll(async () => {
  await initTfjs('wasm');
});

afterEach(async () => {
  if (tf.getBackend() !== 'wasm') await tf.setBackend('wasm');
});

function randomArray(size: number, seed: number): Float32Array {
  const rng = createRng(seed);
  return Float32Array.from({ length: size }, () => rng.normal());
}

const sizeOf = (shape: readonly number[]): number => shape.reduce((a, b) => a * b, 1);

/** Largest |a − b| over the reference's largest magnitude (so 1e-4 means 1e-4 relative). */
function relativeError(actual: ArrayLike<number>, expected: ArrayLike<number>): number {
  expect(actual.length).toBe(expected.length);
  let diff = 0;
  let scale = 0;
  for (let i = 0; i < expected.length; i++) {
    diff = Math.max(diff, Math.abs(actual[i]! - expected[i]!));
    scale = Math.max(scale, Math.abs(expected[i]!));
  }
  return diff / Math.max(scale, 1e-12);
}

/** Runs `work` on a backend and returns plain arrays (never typed arrays out of tf.tidy: it walks them). */
async function on<T>(backend: 'wasm' | 'cpu', work: () => T): Promise<T> {
  await tf.setBackend(backend);
  return work();
}

function numDataIds(): number {
  return (tf.engine().backend as unknown as { numDataIds(): number }).numDataIds();
}

interface ConvCase {
  readonly name: string;
  readonly x: Shape4;
  readonly filter: Shape4;
  readonly strides: number | [number, number];
  readonly pad: Pad;
  readonly dimRoundingMode?: 'floor' | 'round' | 'ceil';
}

const CONV_CASES: ConvCase[] = [
  { name: 'stride 1, same, 3 channels, batch 2, non-square', x: [2, 5, 7, 3], filter: [3, 3, 3, 4], strides: 1, pad: 'same' },
  { name: 'stride 2, same, 1 channel', x: [1, 6, 6, 1], filter: [3, 3, 1, 2], strides: 2, pad: 'same' },
  { name: 'stride 2, valid, odd sides, batch 3', x: [3, 7, 5, 3], filter: [3, 3, 3, 5], strides: 2, pad: 'valid' },
  { name: 'strides [1, 2], 2×3 filter, valid', x: [2, 8, 6, 4], filter: [2, 3, 4, 3], strides: [1, 2], pad: 'valid' },
  { name: 'stride 1, valid, 1 channel', x: [2, 6, 5, 1], filter: [3, 3, 1, 3], strides: 1, pad: 'valid' },
  { name: 'stride 1, explicit uneven pads', x: [2, 6, 5, 2], filter: [3, 3, 2, 3], strides: 1, pad: [[0, 0], [2, 1], [0, 2], [0, 0]] },
  { name: 'stride 1, pads wider than the filter', x: [1, 4, 4, 2], filter: [2, 2, 2, 2], strides: 1, pad: [[0, 0], [3, 0], [0, 2], [0, 0]] },
  { name: 'stride 2, numeric pad, floor rounding', x: [2, 6, 7, 3], filter: [3, 3, 3, 2], strides: 2, pad: 1, dimRoundingMode: 'floor' },
  { name: 'stride 1, same, VGG-like 16 → 8 channels', x: [2, 8, 8, 16], filter: [3, 3, 16, 8], strides: 1, pad: 'same' },
];

interface ConvGrads {
  dx: number[];
  dw: number[];
}

/**
 * Gradients of L = Σ conv2d(x, w) · g, so that dL/dy = g is a random dy rather than ones, through
 * tf.grads: the same path training takes.
 */
async function convGrads(backend: 'wasm' | 'cpu', c: ConvCase, seed: number): Promise<ConvGrads> {
  return on(backend, () => {
    const before = tf.memory().numTensors;
    const [dx, dw] = tf.tidy(() => {
      const x = tf.tensor4d(randomArray(sizeOf(c.x), seed), c.x);
      const w = tf.tensor4d(randomArray(sizeOf(c.filter), seed + 1), c.filter);
      const yShape = tf.conv2d(x, w, c.strides, c.pad, 'NHWC', 1, c.dimRoundingMode).shape;
      const g = tf.tensor(randomArray(sizeOf(yShape), seed + 2), yShape);
      const loss = (a: tf.Tensor, b: tf.Tensor) => tf.conv2d(a as tf.Tensor4D, b as tf.Tensor4D, c.strides, c.pad, 'NHWC', 1, c.dimRoundingMode).mul(g).sum();
      return tf.grads(loss)([x, w]) as [tf.Tensor, tf.Tensor];
    });
    const result = { dx: Array.from(dx.dataSync()), dw: Array.from(dw.dataSync()) };
    tf.dispose([dx, dw]);
    expect(tf.memory().numTensors).toBe(before);
    return result;
  });
}

describe('registerWasmTrainingKernels', () => {
  it('has run with the wasm backend: fills Conv2DBackpropFilter, replaces the stock Conv2DBackpropInput and MaxPoolGrad, and is idempotent', () => {
    expect(tf.getKernel('Conv2DBackpropFilter', 'wasm')?.kernelFunc).toBe(conv2dBackpropFilterConfig.kernelFunc);
    expect(tf.getKernel('Conv2DBackpropInput', 'wasm')?.kernelFunc).toBe(conv2dBackpropInputConfig.kernelFunc);
    expect(tf.getKernel('MaxPoolGrad', 'wasm')?.kernelFunc).toBe(maxPoolGradConfig.kernelFunc);
    expect(tf.getKernel('BatchMatMul', 'wasm')?.kernelFunc).toBe(batchMatMulConfig.kernelFunc);
    expect(registerWasmTrainingKernels()).toEqual([]);
    expect(registerWasmTrainingKernels()).toEqual([]);
  });
});

describe('BatchMatMul on wasm', () => {
  const MATMUL_CASES: Array<{ a: number[]; b: number[]; transposeA: boolean; transposeB: boolean }> = [
    { a: [5, 7], b: [7, 3], transposeA: false, transposeB: false },
    { a: [7, 5], b: [7, 3], transposeA: true, transposeB: false },
    { a: [5, 7], b: [3, 7], transposeA: false, transposeB: true },
    { a: [7, 5], b: [3, 7], transposeA: true, transposeB: true },
    { a: [1, 6, 4], b: [1, 6, 9], transposeA: true, transposeB: false },
    { a: [1, 4, 6], b: [9, 6], transposeA: false, transposeB: true },
    // Batched products stay with the package's kernel.
    { a: [3, 6, 4], b: [3, 6, 2], transposeA: true, transposeB: false },
    { a: [2, 4, 6], b: [1, 5, 6], transposeA: false, transposeB: true },
  ];

  /** The product on a backend, through tf.matMul (the way gradients call it). */
  async function product(backend: 'wasm' | 'cpu', c: (typeof MATMUL_CASES)[number], seed: number): Promise<{ values: number[]; shape: number[] }> {
    return on(backend, () => tf.tidy(() => {
      const a = tf.tensor(randomArray(sizeOf(c.a), seed), c.a);
      const b = tf.tensor(randomArray(sizeOf(c.b), seed + 1), c.b);
      const y = tf.matMul(a, b, c.transposeA, c.transposeB);
      return { values: Array.from(y.dataSync()), shape: y.shape };
    }));
  }

  it.each(MATMUL_CASES)('a $a (transposed: $transposeA) × b $b (transposed: $transposeB) matches the cpu backend', async (c) => {
    const wasm = await product('wasm', c, 3);
    const cpu = await product('cpu', c, 3);
    expect(wasm.shape).toEqual(cpu.shape);
    expect(relativeError(wasm.values, cpu.values)).toBeLessThan(1e-5);
    expect(Math.max(...cpu.values.map(Math.abs))).toBeGreaterThan(0.5);
  });

  it('gives the same gradients as the package’s own kernel, leaving no wasm buffer behind, and can be switched back to it', async () => {
    const grads = () => tf.tidy(() => {
      const a = tf.tensor2d(randomArray(8 * 5, 7), [8, 5]);
      const b = tf.tensor2d(randomArray(5 * 3, 8), [5, 3]);
      const g = tf.tensor2d(randomArray(8 * 3, 9), [8, 3]);
      const [da, db] = tf.grads((x: tf.Tensor, w: tf.Tensor) => tf.sum(tf.mul(tf.matMul(x, w), g)))([a, b]);
      return [...da!.dataSync(), ...db!.dataSync()];
    });
    await tf.setBackend('wasm');
    grads();
    const ids = numDataIds();
    const ours = grads();
    expect(numDataIds()).toBe(ids);
    useWasmBatchMatMul('stock');
    expect(tf.getKernel('BatchMatMul', 'wasm')?.kernelFunc).toBe(stockBatchMatMul()?.kernelFunc);
    const theirs = grads();
    useWasmBatchMatMul('xnnpack');
    expect(tf.getKernel('BatchMatMul', 'wasm')?.kernelFunc).toBe(batchMatMulConfig.kernelFunc);
    expect(relativeError(ours, theirs)).toBeLessThan(1e-5);
  });
});

describe('conv2d gradients on wasm match the cpu backend', () => {
  it.each(CONV_CASES)('$name', async (c) => {
    const wasm = await convGrads('wasm', c, 10);
    const cpu = await convGrads('cpu', c, 10);
    expect(relativeError(wasm.dx, cpu.dx)).toBeLessThan(1e-4);
    expect(relativeError(wasm.dw, cpu.dw)).toBeLessThan(1e-4);
    // The gradient is not trivially zero (a kernel that wrote nothing could match a zero reference).
    expect(Math.max(...cpu.dw.map(Math.abs))).toBeGreaterThan(0.1);
  });

  it('gives the same values in slices of a few output rows (im2col/col2im chunking) as in one piece', async () => {
    for (const c of [CONV_CASES[0]!, CONV_CASES[2]!]) {
      const cpu = await convGrads('cpu', c, 20);
      await tf.setBackend('wasm');
      const backend = asWasmBackend(tf.engine().backend, 'test');
      const x = tf.tensor4d(randomArray(sizeOf(c.x), 20), c.x);
      const w = tf.tensor4d(randomArray(sizeOf(c.filter), 21), c.filter);
      const yShape = tf.tidy(() => tf.conv2d(x, w, c.strides, c.pad).shape) as Shape4;
      const dy = tf.tensor4d(randomArray(sizeOf(yShape), 22), yShape);
      const common = { strides: c.strides, pad: c.pad, dataFormat: 'NHWC' as const };
      // 60 floats per block: one output row at a time for these shapes.
      const dw = tf.engine().makeTensorFromTensorInfo(conv2dBackpropFilterWasm(backend, x, dy, { ...common, filterShape: c.filter }, 60));
      const dx = tf.engine().makeTensorFromTensorInfo(conv2dBackpropInputWasm(backend, dy, w, { ...common, inputShape: c.x }, { maxColumnFloats: 60, forceColumns: true }));
      expect(relativeError(dw.dataSync(), cpu.dw)).toBeLessThan(1e-4);
      expect(relativeError(dx.dataSync(), cpu.dx)).toBeLessThan(1e-4);
      tf.dispose([x, w, dy, dw, dx]);
    }
  });

  it('leaves no tensor and no wasm buffer behind', async () => {
    await convGrads('wasm', CONV_CASES[2]!, 30); // warm up: the first run may allocate lasting state
    const ids = numDataIds();
    const tensors = tf.memory().numTensors;
    await convGrads('wasm', CONV_CASES[2]!, 30);
    await convGrads('wasm', CONV_CASES[0]!, 30);
    expect(numDataIds()).toBe(ids);
    expect(tf.memory().numTensors).toBe(tensors);
  });

  it('refuses NCHW and dilation with a clear error', () => {
    const backend = asWasmBackend(tf.engine().backend, 'test');
    const x = tf.zeros([1, 4, 4, 2]);
    const dy = tf.zeros([1, 4, 4, 3]);
    const filter = tf.zeros([3, 3, 2, 3]);
    expect(() => conv2dBackpropFilterWasm(backend, x, dy, { strides: 1, pad: 'same', dataFormat: 'NCHW', filterShape: [3, 3, 2, 3] }))
      .toThrow("Conv2DBackpropFilter on wasm supports dataFormat 'NHWC' only, got 'NCHW'.");
    expect(() => conv2dBackpropInputWasm(backend, dy, filter, { strides: 1, pad: 'same', dataFormat: 'NHWC', dilations: 2, inputShape: [1, 4, 4, 2] }))
      .toThrow('Conv2DBackpropInput on wasm supports dilation 1 only, got 2.');
    const smallDy = tf.zeros([1, 2, 2, 3]);
    expect(() => conv2dBackpropFilterWasm(backend, x, smallDy, { strides: 1, pad: 'same', dataFormat: 'NHWC', filterShape: [3, 3, 2, 3] }))
      .toThrow("dy has shape [1, 2, 2, 3], the conv's output is [1, 4, 4, 3]");
    tf.dispose([x, dy, filter, smallDy]);
  });
});

// ---- Finite differences of naive float64 loops ----

/** y[n, oh, ow, o] = Σ x[n, oh·s + fy − top, ow·s + fx − left, c] · w[fy, fx, c, o] (zero outside x). */
function naiveConv(x: Float64Array, xs: Shape4, w: Float64Array, ws: Shape4, stride: number, top: number, left: number, out: Shape4): Float64Array {
  const [N, H, W, C] = xs;
  const [FH, FW, , O] = ws;
  const [, OH, OW] = out;
  const y = new Float64Array(sizeOf(out));
  for (let n = 0; n < N; n++) for (let oh = 0; oh < OH!; oh++) for (let ow = 0; ow < OW!; ow++) for (let o = 0; o < O; o++) {
    let sum = 0;
    for (let fy = 0; fy < FH; fy++) for (let fx = 0; fx < FW; fx++) {
      const ih = oh * stride + fy - top;
      const iw = ow * stride + fx - left;
      if (ih < 0 || ih >= H || iw < 0 || iw >= W) continue;
      for (let c = 0; c < C; c++) sum += x[((n * H + ih) * W + iw) * C + c]! * w[((fy * FW + fx) * C + c) * O + o]!;
    }
    y[((n * OH! + oh) * OW! + ow) * O + o] = sum;
  }
  return y;
}

/** 2×2, stride 2, 'valid' max pooling. */
function naiveMaxPool(x: Float64Array, [N, H, W, C]: Shape4): Float64Array {
  const OH = Math.floor(H / 2);
  const OW = Math.floor(W / 2);
  const y = new Float64Array(N * OH * OW * C);
  for (let n = 0; n < N; n++) for (let oh = 0; oh < OH; oh++) for (let ow = 0; ow < OW; ow++) for (let c = 0; c < C; c++) {
    let best = -Infinity;
    for (let dy = 0; dy < 2; dy++) for (let dx = 0; dx < 2; dx++) best = Math.max(best, x[((n * H + oh * 2 + dy) * W + ow * 2 + dx) * C + c]!);
    y[((n * OH + oh) * OW + ow) * C + c] = best;
  }
  return y;
}

const dot = (a: Float64Array, b: ArrayLike<number>): number => a.reduce((sum, v, i) => sum + v * b[i]!, 0);

/** Central differences of f at every coordinate of v. */
function finiteDifferences(v: Float64Array, f: (v: Float64Array) => number, eps: number): Float64Array {
  const grad = new Float64Array(v.length);
  for (let i = 0; i < v.length; i++) {
    const keep = v[i]!;
    v[i] = keep + eps;
    const up = f(v);
    v[i] = keep - eps;
    const down = f(v);
    v[i] = keep;
    grad[i] = (up - down) / (2 * eps);
  }
  return grad;
}

describe('gradients on wasm match finite differences of a naive float64 loop', () => {
  it.each([
    { name: 'stride 1, one-pixel pads', stride: 1, pads: [1, 1, 1, 1] },
    { name: 'stride 2, pads bottom and left only', stride: 2, pads: [0, 1, 1, 0] },
  ])('conv2d, $name', ({ stride, pads: [top, bottom, left, right] }) => {
    const xs: Shape4 = [2, 4, 5, 2];
    const ws: Shape4 = [3, 3, 2, 3];
    const out: Shape4 = [2, Math.floor((4 + top! + bottom! - 3) / stride) + 1, Math.floor((5 + left! + right! - 3) / stride) + 1, 3];
    const x = Float64Array.from(randomArray(sizeOf(xs), 40));
    const w = Float64Array.from(randomArray(sizeOf(ws), 41));
    const g = Float64Array.from(randomArray(sizeOf(out), 42));
    const loss = (xv: Float64Array, wv: Float64Array) => dot(naiveConv(xv, xs, wv, ws, stride, top!, left!, out), g);
    const fdX = finiteDifferences(x, (v) => loss(v, w), 1e-3);
    const fdW = finiteDifferences(w, (v) => loss(x, v), 1e-3);

    const pad: tf.backend_util.ExplicitPadding = [[0, 0], [top!, bottom!], [left!, right!], [0, 0]];
    const [dx, dw] = tf.tidy(() => {
      const gy = tf.tensor(Float32Array.from(g), out);
      const loss = (a: tf.Tensor, b: tf.Tensor) => tf.conv2d(a as tf.Tensor4D, b as tf.Tensor4D, stride, pad).mul(gy).sum();
      return tf.grads(loss)([tf.tensor4d(Float32Array.from(x), xs), tf.tensor4d(Float32Array.from(w), ws)]) as [tf.Tensor, tf.Tensor];
    });
    expect(dx.shape).toEqual(xs);
    expect(relativeError(dx.dataSync(), fdX)).toBeLessThan(1e-4);
    expect(relativeError(dw.dataSync(), fdW)).toBeLessThan(1e-4);
    tf.dispose([dx, dw]);
  });

  it('max pool 2×2/2 valid on odd sides (the last row and column get no gradient)', () => {
    const xs: Shape4 = [2, 5, 7, 2];
    // Distinct values 0.01 apart around 0, shuffled: no ±1e-3 step can change which element wins
    // a window, and many windows are all negative (the stock kernel's blind spot).
    const x = Float64Array.from(createRng(50).shuffle(Array.from({ length: sizeOf(xs) }, (_, i) => (i - 100) * 0.01)));
    const out: Shape4 = [2, 2, 3, 2];
    const g = Float64Array.from(randomArray(sizeOf(out), 51));
    const fd = finiteDifferences(x, (v) => dot(naiveMaxPool(v, xs), g), 1e-3);
    const dx = tf.tidy(() => {
      const gy = tf.tensor(Float32Array.from(g), out);
      return tf.grad((a: tf.Tensor) => tf.maxPool(a as tf.Tensor4D, 2, 2, 'valid').mul(gy).sum())(tf.tensor4d(Float32Array.from(x), xs));
    });
    expect(relativeError(dx.dataSync(), fd)).toBeLessThan(1e-4);
    expect(fd.filter((v) => v !== 0).length).toBe(sizeOf(out)); // one winner per window
    dx.dispose();
  });
});

describe('max pool gradients on wasm match the cpu backend', () => {
  it('credits the largest element of a window whose values are all negative (worked by hand)', () => {
    // Windows [[-3, -1], [-2, -4]] and [[-5, -6], [-7, -5]]: maxima -1 (first window) and the first
    // of the two -5s (row-major order, as TensorFlow), so dy = [10, 20] lands on those two.
    const x = tf.tensor4d([-3, -1, -5, -6, -2, -4, -7, -5], [1, 2, 4, 1]);
    const dy = tf.tensor4d([10, 20], [1, 1, 2, 1]);
    const dx = tf.grad((a: tf.Tensor) => tf.maxPool(a as tf.Tensor4D, 2, 2, 'valid').mul(dy).sum())(x);
    expect(Array.from(dx.dataSync())).toEqual([0, 10, 20, 0, 0, 0, 0, 0]);
    tf.dispose([x, dy, dx]);
  });

  it.each([
    { name: '2×2/2 valid, odd sides', x: [2, 5, 7, 3] as Shape4, size: 2, stride: 2, pad: 'valid' as const },
    { name: '3×3/2 same', x: [1, 6, 6, 2] as Shape4, size: 3, stride: 2, pad: 'same' as const },
    { name: '2×2/1 valid, overlapping windows', x: [2, 4, 4, 1] as Shape4, size: 2, stride: 1, pad: 'valid' as const },
  ])('$name', async (c) => {
    const grad = (backend: 'wasm' | 'cpu') => on(backend, () => {
      const x = tf.tensor4d(randomArray(sizeOf(c.x), 60), c.x);
      const y = tf.maxPool(x, c.size, c.stride, c.pad);
      const g = tf.tensor(randomArray(sizeOf(y.shape), 61), y.shape);
      const dx = tf.grad((a: tf.Tensor) => tf.maxPool(a as tf.Tensor4D, c.size, c.stride, c.pad).mul(g).sum())(x);
      const values = Array.from(dx.dataSync());
      tf.dispose([x, y, g, dx]);
      return values;
    });
    expect(relativeError(await grad('wasm'), await grad('cpu'))).toBeLessThan(1e-4);
  });
});

// ---- Training ----

interface TinyNet {
  conv1: number[];
  bias1: number[];
  conv2: number[];
  dense: number[];
}

/**
 * A VGG-style block and a classifier, trained by SGD for a few steps from fixed weights:
 * conv 3×3 same + bias + ReLU → max pool 2×2/2 → conv 3×3 stride 2 valid → flatten → dense → softmax.
 */
async function trainTinyNet(backend: 'wasm' | 'cpu', steps: number): Promise<{ weights: TinyNet; losses: number[] }> {
  return on(backend, () => {
    const x = tf.tensor4d(randomArray(4 * 10 * 10 * 3, 70), [4, 10, 10, 3]);
    const labels = tf.oneHot(tf.tensor1d([0, 1, 2, 1], 'int32'), 3);
    const vars = {
      conv1: tf.variable(tf.tensor4d(randomArray(3 * 3 * 3 * 4, 71).map((v) => v * 0.3), [3, 3, 3, 4])),
      bias1: tf.variable(tf.tensor1d(randomArray(4, 72).map((v) => v * 0.1))),
      conv2: tf.variable(tf.tensor4d(randomArray(3 * 3 * 4 * 4, 73).map((v) => v * 0.3), [3, 3, 4, 4])),
      dense: tf.variable(tf.tensor2d(randomArray(16 * 3, 74).map((v) => v * 0.3), [16, 3])),
    };
    const optimizer = tf.train.sgd(0.05);
    const losses: number[] = [];
    for (let step = 0; step < steps; step++) {
      const loss = optimizer.minimize(() => {
        const block = tf.maxPool(tf.relu(tf.conv2d(x, vars.conv1, 1, 'same').add<tf.Tensor4D>(vars.bias1)), 2, 2, 'valid');
        const features = tf.conv2d(block, vars.conv2, 2, 'valid').reshape([4, 16]);
        return tf.losses.softmaxCrossEntropy(labels, features.matMul(vars.dense));
      }, true)!;
      losses.push(loss.dataSync()[0]!);
      loss.dispose();
    }
    const weights = {
      conv1: Array.from(vars.conv1.dataSync()),
      bias1: Array.from(vars.bias1.dataSync()),
      conv2: Array.from(vars.conv2.dataSync()),
      dense: Array.from(vars.dense.dataSync()),
    };
    tf.dispose([x, labels, ...Object.values(vars)]);
    optimizer.dispose();
    return { weights, losses };
  });
}

describe('training on wasm', () => {
  it('a few SGD steps of a small conv net lower the loss and give the cpu backend’s weights', async () => {
    const wasm = await trainTinyNet('wasm', 5);
    const cpu = await trainTinyNet('cpu', 5);
    expect(wasm.losses[4]!).toBeLessThan(wasm.losses[0]!);
    for (const key of ['conv1', 'bias1', 'conv2', 'dense'] as const) {
      expect(relativeError(wasm.weights[key], cpu.weights[key]), key).toBeLessThan(1e-4);
    }
    for (let i = 0; i < 5; i++) expect(wasm.losses[i]!).toBeCloseTo(cpu.losses[i]!, 4);
  });

  it('fits a Keras-style stack (Conv2D → MaxPool → Flatten → Dense → Dropout → Dense softmax)', async () => {
    const model = tf.sequential({
      layers: [
        tf.layers.conv2d({ inputShape: [8, 8, 3], filters: 4, kernelSize: 3, padding: 'same', activation: 'relu', kernelInitializer: tf.initializers.glorotUniform({ seed: 1 }) }),
        tf.layers.maxPooling2d({ poolSize: 2, strides: 2 }),
        tf.layers.flatten(),
        tf.layers.dense({ units: 16, activation: 'relu', kernelInitializer: tf.initializers.glorotUniform({ seed: 2 }) }),
        tf.layers.dropout({ rate: 0.2, seed: 3 }),
        tf.layers.dense({ units: 3, activation: 'softmax', kernelInitializer: tf.initializers.glorotUniform({ seed: 4 }) }),
      ],
    });
    model.compile({ optimizer: tf.train.adam(0.01), loss: 'categoricalCrossentropy' });
    const x = tf.tensor4d(randomArray(8 * 8 * 8 * 3, 80), [8, 8, 8, 3]);
    const y = tf.oneHot(tf.tensor1d([0, 1, 2, 0, 1, 2, 0, 1], 'int32'), 3);
    const history = await model.fit(x, y, { epochs: 20, batchSize: 8, shuffle: false, verbose: 0 });
    const losses = history.history.loss as number[];
    expect(losses[19]!).toBeLessThan(losses[0]! * 0.7);
    tf.dispose([x, y]);
    model.dispose();
  });

  it('differentiates VGG16 to block2_pool: every conv kernel and bias gets a finite, non-zero gradient', () => {
    const model = buildVgg16({ cut: 'block2_pool', size: 32 });
    const x = tf.tensor4d(randomArray(2 * 32 * 32 * 3, 90), [2, 32, 32, 3]);
    const { value, grads } = tf.variableGrads(() => (model.apply(x) as tf.Tensor).square().mean() as tf.Scalar);
    const names = Object.keys(grads).sort();
    expect(names).toHaveLength(8); // 4 convs × (kernel, bias)
    for (const name of names) {
      const norm = grads[name]!.norm().dataSync()[0]!;
      expect(Number.isFinite(norm) && norm > 0, name).toBe(true);
    }
    tf.dispose([value, x, ...Object.values(grads)]);
    model.dispose();
  });
});
