// The fused LSTM/GRU layers (main/ml/tfjs/recurrent/) against references that share none of their
// code: TensorFlow.js's own tf.layers.lstm/gru/bidirectional on the pure-JS 'cpu' backend (its
// per-step ops and their taped gradients), and naive float64 loops written out below from Keras's
// equations. The fused layers are checked on both backends they serve (cpu: plain loops; wasm:
// XNNPACK products).
import * as tf from '@tensorflow/tfjs';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { restoreWeights, snapshotWeights } from '../../../../main/ml/head/data.js';
import { buildHead, predictHead } from '../../../../main/ml/head/model.js';
import { disposeHead } from '../../../../main/ml/head/train.js';
import { initTfjs } from '../../../../main/ml/tfjs/backend.js';
import { FusedBidirectional, FusedGRU, FusedLSTM, fusedBidirectional, fusedGru, fusedLstm } from '../../../../main/ml/tfjs/recurrent/layers.js';
import { FastMasking, fastMasking } from '../../../../main/ml/tfjs/recurrent/masking.js';
import { JS_MAT_MUL, wasmMatMul } from '../../../../main/ml/tfjs/recurrent/matmul.js';
import { asWasmBackend } from '../../../../main/ml/tfjs/wasm-training-kernels/index.js';
import { createRng } from '../../../../main/system/prng.js';
import { HeadSpec } from '../../../../shared/api/model-spec.js';

type Backend = 'cpu' | 'wasm';
type Cell = 'lstm' | 'gru';

beforeAll(async () => {
  await initTfjs('wasm');
});

afterEach(async () => {
  if (tf.getBackend() !== 'wasm') await tf.setBackend('wasm');
});

function randomArray(size: number, seed: number, scale = 1): Float32Array {
  const rng = createRng(seed);
  return Float32Array.from({ length: size }, () => rng.normal() * scale);
}

/** Largest |a − b| over the reference's largest magnitude (so 1e-5 means 1e-5 relative). */
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

const maxAbs = (values: ArrayLike<number>): number => Array.from(values).reduce((m, v) => Math.max(m, Math.abs(v)), 0);

function numDataIds(): number {
  return (tf.engine().backend as unknown as { numDataIds(): number }).numDataIds();
}

interface LayerCase {
  readonly name: string;
  readonly cell: Cell;
  readonly bidirectional: boolean;
  readonly returnSequences: boolean;
  readonly goBackwards?: boolean;
  /** Zero rows of the [B, T] mask (clip, step), or null for no mask. */
  readonly masked: ReadonlyArray<readonly [number, number]> | null;
  /** Standard deviation of the weights: 1.5 drives most gates into the hard sigmoid's flat parts. */
  readonly weightScale: number;
  readonly batch: number;
  readonly steps: number;
  readonly dim: number;
  readonly units: number;
}

const BASE = { batch: 3, steps: 6, dim: 5, units: 4, weightScale: 0.5 };
// Clip 0 is padded at the end, clip 1 at the start, clip 2 has a gap and a fully masked neighbour case below.
const PADDING: ReadonlyArray<readonly [number, number]> = [[0, 4], [0, 5], [1, 0], [2, 2]];

const LAYER_CASES: LayerCase[] = (['lstm', 'gru'] as const).flatMap((cell) => [
  { ...BASE, name: `${cell}, last output`, cell, bidirectional: false, returnSequences: false, masked: null },
  { ...BASE, name: `${cell}, sequences, masked`, cell, bidirectional: false, returnSequences: true, masked: PADDING },
  { ...BASE, name: `${cell}, last output, masked`, cell, bidirectional: false, returnSequences: false, masked: PADDING },
  { ...BASE, name: `${cell}, goBackwards, sequences, masked`, cell, bidirectional: false, returnSequences: true, goBackwards: true, masked: PADDING },
  { ...BASE, name: `${cell}, bidirectional, last output, masked`, cell, bidirectional: true, returnSequences: false, masked: PADDING },
  { ...BASE, name: `${cell}, bidirectional, sequences`, cell, bidirectional: true, returnSequences: true, masked: null },
  { ...BASE, name: `${cell}, saturated gates, one step masked everywhere`, cell, bidirectional: false, returnSequences: true, masked: [[0, 3], [1, 3], [2, 3]], weightScale: 1.5 },
  // (One step is left to the naive loops below: tfjs's own gradient fails there, in Unpack's.)
  { ...BASE, name: `${cell}, two steps, batch 1`, cell, bidirectional: false, returnSequences: false, masked: null, batch: 1, steps: 2 },
  { ...BASE, name: `${cell}, a clip with every step masked`, cell, bidirectional: true, returnSequences: true, masked: Array.from({ length: 6 }, (_, t) => [1, t] as const) },
]);

function makeLayer(c: LayerCase, fused: boolean): tf.layers.Layer {
  const args = { units: c.units, returnSequences: c.returnSequences, goBackwards: c.goBackwards ?? false };
  if (fused) {
    const layer = c.cell === 'lstm' ? fusedLstm(args) : fusedGru(args);
    return c.bidirectional ? fusedBidirectional({ layer, mergeMode: 'concat' }) : layer;
  }
  const layer = c.cell === 'lstm' ? tf.layers.lstm(args) : tf.layers.gru(args);
  return c.bidirectional ? tf.layers.bidirectional({ layer, mergeMode: 'concat' }) : layer;
}

interface LayerResult {
  output: number[];
  dx: number[];
  /** One per trainable weight, in the layer's order. */
  dWeights: number[][];
  weightShapes: number[][];
}

/**
 * The layer's output on x (mask passed as Keras passes it between layers) and the gradients of
 * L = Σ output · g (g random, so dL/dy is not ones) with respect to x and every weight.
 */
function runLayer(c: LayerCase, fused: boolean, seed: number): LayerResult {
  const before = tf.memory().numTensors;
  const layer = makeLayer(c, fused);
  const x = tf.tensor3d(randomArray(c.batch * c.steps * c.dim, seed), [c.batch, c.steps, c.dim]);
  let mask: tf.Tensor | undefined;
  if (c.masked) {
    const values = new Float32Array(c.batch * c.steps).fill(1);
    for (const [b, t] of c.masked) values[b * c.steps + t] = 0;
    mask = tf.tidy(() => tf.cast(tf.tensor2d(values, [c.batch, c.steps]), 'bool'));
  }
  const kwargs = mask ? { mask } : {};
  tf.dispose(layer.apply(x, kwargs) as tf.Tensor); // builds the weights
  // The same weights whatever the layer or backend: drawn from the seed in the layer's order.
  const weightShapes = layer.getWeights().map((w) => [...w.shape]);
  tf.tidy(() => layer.setWeights(weightShapes.map((shape, i) => tf.tensor(randomArray(shape.reduce((a, b) => a * b, 1), seed + 10 + i, c.weightScale), shape))));
  const outShape = tf.tidy(() => (layer.apply(x, kwargs) as tf.Tensor).shape);
  const g = tf.tensor(randomArray(outShape.reduce((a, b) => a * b, 1), seed + 5), outShape);
  const loss = (input: tf.Tensor) => tf.sum(tf.mul(layer.apply(input, kwargs) as tf.Tensor, g)) as tf.Scalar;
  const output = tf.tidy(() => Array.from((layer.apply(x, kwargs) as tf.Tensor).dataSync()));
  const variables = layer.trainableWeights.map((w) => w.read() as tf.Variable);
  const { value, grads } = tf.variableGrads(() => loss(x), variables);
  const dx = tf.grad(loss)(x);
  const result: LayerResult = {
    output,
    dx: Array.from(dx.dataSync()),
    dWeights: variables.map((v) => Array.from(grads[v.name]!.dataSync())),
    weightShapes,
  };
  tf.dispose([value, dx, g, x, ...Object.values(grads)]);
  if (mask) mask.dispose();
  layer.dispose();
  expect(tf.memory().numTensors).toBe(before);
  return result;
}

async function on<T>(backend: Backend, work: () => T): Promise<T> {
  await tf.setBackend(backend);
  return work();
}

describe('fused recurrent layers compute what tf.layers computes', () => {
  it.each(LAYER_CASES)('$name: outputs and gradients (x and every weight) within 1e-5 on cpu and wasm', async (c) => {
    const reference = await on('cpu', () => runLayer(c, false, 7));
    // The reference is not degenerate: a kernel that wrote nothing could match a zero reference.
    expect(maxAbs(reference.output)).toBeGreaterThan(0.05);
    expect(maxAbs(reference.dx)).toBeGreaterThan(0.05);
    for (const d of reference.dWeights) expect(maxAbs(d)).toBeGreaterThan(1e-3);
    for (const backend of ['cpu', 'wasm'] as const) {
      const fused = await on(backend, () => runLayer(c, true, 7));
      expect(fused.weightShapes).toEqual(reference.weightShapes);
      expect(relativeError(fused.output, reference.output), `${backend} output`).toBeLessThan(1e-5);
      expect(relativeError(fused.dx, reference.dx), `${backend} dx`).toBeLessThan(1e-5);
      fused.dWeights.forEach((d, i) => expect(relativeError(d, reference.dWeights[i]!), `${backend} weight ${i}`).toBeLessThan(1e-5));
    }
  });

  it('masking: a clip with every step masked outputs zeros and passes no gradient to its inputs', async () => {
    const c = LAYER_CASES.find((l) => l.name === 'lstm, a clip with every step masked')!;
    const fused = await on('wasm', () => runLayer(c, true, 3));
    const perClip = c.steps * c.units * 2;
    expect(maxAbs(fused.output.slice(perClip, 2 * perClip))).toBe(0);
    expect(maxAbs(fused.dx.slice(c.steps * c.dim, 2 * c.steps * c.dim))).toBe(0);
    expect(maxAbs(fused.output.slice(0, perClip))).toBeGreaterThan(0.05);
  });

  it('runs the fused call (not the stock one) for the head’s layers, and tfjs’s own where it does not apply', async () => {
    await tf.setBackend('wasm');
    const x = tf.tensor3d(randomArray(2 * 5 * 4, 1), [2, 5, 4]);
    const kernels = async (layer: tf.layers.Layer) => {
      tf.dispose(layer.apply(x) as tf.Tensor);
      const info = await tf.profile(() => layer.apply(x) as tf.Tensor);
      tf.dispose(info.result as tf.Tensor);
      layer.dispose();
      return info.kernels.length;
    };
    // tfjs's own call runs a dozen kernels per step; the fused one a fixed handful for all 5 steps.
    const fused = await kernels(fusedLstm({ units: 3 }));
    expect(fused).toBeLessThan(12);
    expect(await kernels(tf.layers.lstm({ units: 3 }))).toBeGreaterThan(5 * 10);
    expect(await kernels(fusedGru({ units: 3 }))).toBeLessThan(12);
    // Other gate activations are not fused: that layer runs tfjs's own call, kernel for kernel.
    const args = { units: 3, recurrentActivation: 'sigmoid' as const };
    expect(await kernels(fusedLstm(args))).toBe(await kernels(tf.layers.lstm(args)));
    x.dispose();
  });

  it('where the fused call does not apply (sigmoid gates, no bias) it still computes what tf.layers does', async () => {
    for (const cell of ['lstm', 'gru'] as const) {
      const args = { units: 3, recurrentActivation: 'sigmoid' as const, useBias: false, returnSequences: true };
      const result = await on('wasm', () => {
        const pair = [cell === 'lstm' ? fusedLstm(args) : fusedGru(args), cell === 'lstm' ? tf.layers.lstm(args) : tf.layers.gru(args)];
        const x = tf.tensor3d(randomArray(2 * 4 * 3, 5), [2, 4, 3]);
        tf.dispose(pair.map((l) => l.apply(x) as tf.Tensor));
        pair[1]!.setWeights(pair[0]!.getWeights());
        const [a, b] = pair.map((l) => tf.tidy(() => Array.from((l.apply(x) as tf.Tensor).dataSync())));
        x.dispose();
        pair.forEach((l) => l.dispose());
        return { a: a!, b: b! };
      });
      expect(result.a).toEqual(result.b);
    }
  });

  it('read as tfjs’s own classes: class names, layer names, configs, weight names and shapes', () => {
    const pairs: Array<[tf.layers.Layer, tf.layers.Layer]> = [
      [fusedLstm({ units: 5 }), tf.layers.lstm({ units: 5 })],
      [fusedGru({ units: 5, returnSequences: true }), tf.layers.gru({ units: 5, returnSequences: true })],
      [fusedBidirectional({ layer: fusedGru({ units: 5 }) }), tf.layers.bidirectional({ layer: tf.layers.gru({ units: 5 }) })],
    ];
    for (const [fused, stock] of pairs) {
      expect(fused.getClassName()).toBe(stock.getClassName());
      expect(fused.name.replace(/\d+$/, '')).toBe(stock.name.replace(/\d+$/, ''));
      const input = tf.input({ shape: [7, 3] });
      fused.apply(input);
      stock.apply(input);
      expect(fused.weights.map((w) => w.shape)).toEqual(stock.weights.map((w) => w.shape));
      expect(fused.weights.map((w) => w.name.replace(/\d+/g, ''))).toEqual(stock.weights.map((w) => w.name.replace(/\d+/g, '')));
      // Configs without the (numbered) layer names.
      const strip = (config: tf.serialization.ConfigDict) => JSON.parse(JSON.stringify(config, (key, value: unknown) => (key === 'name' ? undefined : value)));
      expect(strip(fused.getConfig())).toEqual(strip(stock.getConfig()));
      fused.dispose();
      stock.dispose();
    }
    expect(fusedLstm({ units: 2 })).toBeInstanceOf(FusedLSTM);
    expect(fusedGru({ units: 2 })).toBeInstanceOf(FusedGRU);
    const bi = fusedBidirectional({ layer: fusedLstm({ units: 2 }) });
    expect(bi).toBeInstanceOf(FusedBidirectional);
    // Both directions are fused layers (tfjs's Bidirectional alone would rebuild them as stock LSTMs).
    const inner = bi as unknown as { forwardLayer: unknown; backwardLayer: unknown };
    expect(inner.forwardLayer).toBeInstanceOf(FusedLSTM);
    expect(inner.backwardLayer).toBeInstanceOf(FusedLSTM);
    expect((inner.backwardLayer as { goBackwards: boolean }).goBackwards).toBe(true);
  });
});

describe('FastMasking', () => {
  it('gives tfjs’s Masking output and mask (all-zero steps, −0, NaN, rank 2 and 3), on cpu and wasm', async () => {
    const x = randomArray(3 * 4 * 5, 8);
    x.fill(0, 5, 10); // clip 0, step 1: zeros
    x.fill(-0, 15, 20); // clip 0, step 3: negative zeros
    x[2 * 20 + 5] = Number.NaN; // clip 2, step 1: one NaN among values
    x.fill(0, 2 * 20 + 10, 2 * 20 + 15);
    x[2 * 20 + 12] = Number.NaN; // clip 2, step 2: zeros and one NaN (not masked)
    const read = (layer: tf.layers.Layer, shape: number[]) => tf.tidy(() => {
      const input = tf.tensor(x, shape);
      return {
        output: Array.from((layer.apply(input) as tf.Tensor).dataSync()),
        mask: Array.from((layer.computeMask(input) as tf.Tensor).dataSync()),
        // Object.is tells −0 from 0: the output keeps the input's zeros exactly.
        signs: Array.from((layer.apply(input) as tf.Tensor).dataSync(), (v) => Object.is(v, -0)),
      };
    });
    for (const shape of [[3, 4, 5], [12, 5]]) {
      const reference = await on('cpu', () => read(tf.layers.masking({ maskValue: 0 }), shape));
      expect(reference.mask.filter((m) => !m).length).toBe(2);
      for (const backend of ['cpu', 'wasm'] as const) {
        const fast = await on(backend, () => read(fastMasking({ maskValue: 0 }), shape));
        expect(fast.mask).toEqual(reference.mask);
        expect(fast.output).toEqual(reference.output);
        expect(fast.signs).toEqual(reference.signs);
      }
    }
  });

  it('is tfjs’s Masking to summaries and configs, and runs tfjs’s own call for other mask values', async () => {
    const layer = fastMasking({ maskValue: 0 });
    expect(layer).toBeInstanceOf(FastMasking);
    expect(layer.getClassName()).toBe('Masking');
    expect(layer.getConfig()['maskValue']).toBe(0);
    await tf.setBackend('wasm');
    const other = fastMasking({ maskValue: 0.5 });
    const output = tf.tidy(() => Array.from((other.apply(tf.tensor2d([[0.5, 0.5], [0.5, 1]])) as tf.Tensor).dataSync()));
    expect(output).toEqual([0, 0, 0.5, 1]);
  });
});

describe('the head with fused layers', () => {
  const heads = [
    { cell: 'lstm' as const },
    { cell: 'gru' as const, layers: 2, bidirectional: true },
    { cell: 'lstm' as const, layers: 2, projection: 6, inputDropout: 0.1 },
  ];
  it.each(heads)('loads what a tf.layers head saved and predicts the same, on zero-padded clips too (%j)', async (head) => {
    const spec = HeadSpec.parse({ ...head, units: 7, dropout: 0.3 });
    const shape = { frames: 8, dim: 6, classes: 4 };
    const clips = randomArray(5 * 8 * 6, 11);
    clips.fill(0, 2 * 48 + 30, 3 * 48); // clip 2: its last 3 frames are padding
    const stock = buildHead(spec, { ...shape, recurrent: 'tfjs' });
    const fused = buildHead(spec, shape);
    restoreWeights(fused, snapshotWeights(stock));
    const before = tf.memory().numTensors;
    const reference = predictHead(stock, clips, 5);
    expect(relativeError(predictHead(fused, clips, 5, 2), reference)).toBeLessThan(1e-5);
    expect(tf.memory().numTensors).toBe(before);
    // The names match, so whatever stores a head's weights by name keeps working.
    expect(snapshotWeights(fused).map((w) => w.shape)).toEqual(snapshotWeights(stock).map((w) => w.shape));
    disposeHead(stock);
    disposeHead(fused);
  });

  it('gives a tf.layers head’s loss gradient for every weight (masking, stacked, bidirectional, projection)', async () => {
    const shape = { frames: 6, dim: 4, classes: 3 };
    const x = randomArray(4 * 6 * 4, 21);
    x.fill(0, 24 + 16, 48); // clip 1: 2 padded frames
    const labels = [0, 2, 1, 2];
    for (const head of [{ cell: 'gru' as const, layers: 2, bidirectional: true }, { cell: 'lstm' as const, layers: 2, projection: 5 }]) {
      const spec = HeadSpec.parse({ ...head, units: 5, dropout: 0 });
      const gradients = async (recurrent: 'fused' | 'tfjs', backend: Backend, initial: ReturnType<typeof snapshotWeights> | null) => {
        await tf.setBackend(backend);
        const model = buildHead(spec, { ...shape, recurrent });
        if (initial) restoreWeights(model, initial);
        const weights = snapshotWeights(model);
        const before = tf.memory().numTensors;
        const grads = tf.tidy(() => {
          const xs = tf.tensor3d(x, [4, 6, 4]);
          const ys = tf.oneHot(tf.tensor1d(labels, 'int32'), 3);
          const variables = model.trainableWeights.map((w) => w.read() as tf.Variable);
          const { grads: byName } = tf.variableGrads(() => tf.losses.softmaxCrossEntropy(ys, model.apply(xs, { training: true }) as tf.Tensor) as tf.Scalar, variables);
          return variables.map((v) => Array.from(byName[v.name]!.dataSync()));
        });
        expect(tf.memory().numTensors).toBe(before);
        disposeHead(model);
        return { weights, grads };
      };
      const reference = await gradients('tfjs', 'cpu', null);
      for (const backend of ['cpu', 'wasm'] as const) {
        const fused = await gradients('fused', backend, reference.weights);
        expect(fused.grads.length).toBe(reference.grads.length);
        fused.grads.forEach((g, i) => {
          expect(maxAbs(reference.grads[i]!)).toBeGreaterThan(1e-5);
          expect(relativeError(g, reference.grads[i]!), `${backend} ${reference.weights[i]!.name}`).toBeLessThan(1e-5);
        });
      }
    }
  });
});

// ---- Naive float64 references, from Keras's equations ----

const hardSigmoid = (v: number) => Math.min(1, Math.max(0, 0.2 * v + 0.5));

/** h after each step (rows [B][T][u]) of an LSTM (gates i, f, c, o) or GRU (z, r, h; reset before the product). */
function naiveRecurrent(cell: Cell, x: Float32Array, mask: Float32Array, w: Float32Array[], B: number, T: number, D: number, u: number): number[][][] {
  const [kernel, recurrent, bias] = w as [Float32Array, Float32Array, Float32Array];
  const G = cell === 'lstm' ? 4 : 3;
  const out: number[][][] = [];
  for (let b = 0; b < B; b++) {
    let h = new Array<number>(u).fill(0);
    let c = new Array<number>(u).fill(0);
    const rows: number[][] = [];
    for (let t = 0; t < T; t++) {
      if (mask[b * T + t] === 0) {
        rows.push([...h]);
        continue;
      }
      const xw = (col: number) => bias[col]! + Array.from({ length: D }, (_, d) => x[(b * T + t) * D + d]! * kernel[d * G * u + col]!).reduce((s, v) => s + v, 0);
      const hu = (state: number[], col: number) => state.reduce((s, v, k) => s + v * recurrent[k * G * u + col]!, 0);
      if (cell === 'lstm') {
        const gate = (g: number, j: number) => xw(g * u + j) + hu(h, g * u + j);
        const next = h.map((_, j) => {
          const i = hardSigmoid(gate(0, j));
          const f = hardSigmoid(gate(1, j));
          const cc = f * c[j]! + i * Math.tanh(gate(2, j));
          return { cc, hh: hardSigmoid(gate(3, j)) * Math.tanh(cc) };
        });
        c = next.map((n) => n.cc);
        h = next.map((n) => n.hh);
      } else {
        const z = h.map((_, j) => hardSigmoid(xw(j) + hu(h, j)));
        const r = h.map((_, j) => hardSigmoid(xw(u + j) + hu(h, u + j)));
        const rh = h.map((v, j) => r[j]! * v);
        h = h.map((v, j) => z[j]! * v + (1 - z[j]!) * Math.tanh(xw(2 * u + j) + hu(rh, 2 * u + j)));
      }
      rows.push([...h]);
    }
    out.push(rows);
  }
  return out;
}

describe('fused layers against naive float64 loops', () => {
  it.each([['lstm', 5], ['gru', 5], ['lstm', 1], ['gru', 1]] as const)('%s, %i steps: every step’s state, masked steps carrying the last one', async (cell, T) => {
    const [B, D, u] = [2, 3, 4];
    const x = randomArray(B * T * D, 31);
    const mask = new Float32Array(B * T).fill(1);
    if (T > 1) {
      mask[1] = 0; // clip 0, step 1: a gap
      mask[1 * T + T - 1] = 0; // clip 1, last step: padding
    }
    for (const backend of ['cpu', 'wasm'] as const) {
      await tf.setBackend(backend);
      const layer = cell === 'lstm' ? fusedLstm({ units: u, returnSequences: true }) : fusedGru({ units: u, returnSequences: true });
      const xs = tf.tensor3d(x, [B, T, D]);
      const m = tf.tensor2d(mask, [B, T]);
      tf.dispose(layer.apply(xs, { mask: m }) as tf.Tensor);
      const weights = layer.getWeights().map((v, i) => randomArray(v.size, 40 + i, 0.8));
      tf.tidy(() => layer.setWeights(weights.map((w, i) => tf.tensor(w, layer.getWeights()[i]!.shape))));
      const actual = tf.tidy(() => Array.from((layer.apply(xs, { mask: m }) as tf.Tensor).dataSync()));
      const expected = naiveRecurrent(cell, x, mask, weights, B, T, D, u).flat(2);
      expect(relativeError(actual, expected), backend).toBeLessThan(1e-5);
      tf.dispose([xs, m]);
      layer.dispose();
    }
  });
});

describe('the products the recurrence runs', () => {
  it('XNNPACK and the plain loops give a naive triple loop’s products', async () => {
    await tf.setBackend('wasm');
    const mm = wasmMatMul(asWasmBackend(tf.backend(), 'test'));
    const [m, k, n] = [5, 7, 3];
    const a = randomArray(m * k, 1);
    const b = randomArray(k * n, 2);
    const naive = Array.from({ length: m * n }, (_, idx) => {
      const [i, j] = [Math.floor(idx / n), idx % n];
      let s = 0;
      for (let p = 0; p < k; p++) s += a[i * k + p]! * b[p * n + j]!;
      return s;
    });
    const ids = numDataIds();
    expect(relativeError(mm.multiply(a, b, m, k, n), naive)).toBeLessThan(1e-6);
    expect(relativeError(JS_MAT_MUL.multiply(a, b, m, k, n), naive)).toBeLessThan(1e-6);
    for (const impl of [mm, JS_MAT_MUL]) {
      const right = impl.withRight(b, k, n);
      const out = new Float32Array(m * n);
      right.multiply(a, m, out);
      expect(relativeError(out, naive)).toBeLessThan(1e-6);
      // A different left operand with the same right one (the per-step use), fewer rows.
      const a2 = randomArray(2 * k, 3);
      right.multiply(a2, 2, out);
      const naive2 = Array.from({ length: 2 * n }, (_, idx) => {
        let s = 0;
        for (let p = 0; p < k; p++) s += a2[Math.floor(idx / n) * k + p]! * b[p * n + (idx % n)]!;
        return s;
      });
      expect(relativeError(out.subarray(0, 2 * n), naive2)).toBeLessThan(1e-6);
      right.dispose();
    }
    expect(numDataIds()).toBe(ids);
  });

  it('training and predicting through the fused layers leaves no tensor and no wasm buffer behind', async () => {
    await tf.setBackend('wasm');
    const c = LAYER_CASES.find((l) => l.name === 'gru, bidirectional, last output, masked')!;
    runLayer(c, true, 1); // warm up
    const ids = numDataIds();
    const tensors = tf.memory().numTensors;
    runLayer(c, true, 2);
    runLayer(LAYER_CASES[1]!, true, 3);
    expect(numDataIds()).toBe(ids);
    expect(tf.memory().numTensors).toBe(tensors);
  });
});
