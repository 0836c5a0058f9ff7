import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { initTfjs } from '../../../../main/ml/tfjs/backend.js';
import { conv2dValid } from '../../../../main/ml/transfer/conv-gradient.js';
import { Conv2DLayer } from '../../../../main/ml/transfer/conv-layer.js';
import { maxAbsDiff, seededRandom, uniform } from '../../../helpers/tfjs-random-weights.js';

beforeAll(async () => {
  await initTfjs('cpu');
});

/**
 * Naive float64 gradients of L = Σ y·r for y = conv(x, w) stride 1 'valid' (x [N, H, W, C],
 * w [k, k, C, O] both row-major):
 *   dL/dw[a, b, c, o] = Σ_{n, i, j} x[n, i + a, j + b, c] · r[n, i, j, o]
 *   dL/dx[n, i + a, j + b, c] += r[n, i, j, o] · w[a, b, c, o]   (every output position, every tap)
 */
function naiveGradients(x: Float32Array, [n, h, w, c]: readonly [number, number, number, number], kernel: Float32Array, k: number, o: number, r: Float32Array) {
  const ho = h - k + 1;
  const wo = w - k + 1;
  const dw = new Float64Array(k * k * c * o);
  const dx = new Float64Array(x.length);
  for (let b = 0; b < n; b++) {
    for (let i = 0; i < ho; i++) {
      for (let j = 0; j < wo; j++) {
        for (let a = 0; a < k; a++) {
          for (let bb = 0; bb < k; bb++) {
            for (let ch = 0; ch < c; ch++) {
              const xi = ((b * h + i + a) * w + j + bb) * c + ch;
              for (let f = 0; f < o; f++) {
                const ri = ((b * ho + i) * wo + j) * o + f;
                const wi = ((a * k + bb) * c + ch) * o + f;
                dw[wi]! += x[xi]! * r[ri]!;
                dx[xi]! += r[ri]! * kernel[wi]!;
              }
            }
          }
        }
      }
    }
  }
  return { dw, dx };
}

describe('conv2dValid: gradients as forward convolutions', () => {
  for (const [k, shape] of [[3, [2, 5, 6, 3]], [2, [1, 4, 4, 2]], [1, [2, 3, 3, 4]]] as const) {
    it(`match naive loops for a ${k}×${k} kernel on [${shape.join(', ')}], and leak nothing`, () => {
      const random = seededRandom(11 + k);
      const [n, h, w, c] = shape;
      const o = 5;
      const x = uniform(random, n * h * w * c, 1);
      const kernel = uniform(random, k * k * c * o, 1);
      const r = uniform(random, n * (h - k + 1) * (w - k + 1) * o, 1);
      const want = naiveGradients(x, shape, kernel, k, o, r);
      const before = tf.memory().numTensors;
      const [dx, dw] = tf.tidy(() => {
        const xt = tf.tensor4d(x, [n, h, w, c]);
        const wt = tf.tensor4d(kernel, [k, k, c, o]);
        const rt = tf.tensor4d(r, [n, h - k + 1, w - k + 1, o]);
        const grads = tf.grads((xs: tf.Tensor, ws: tf.Tensor) => tf.sum(tf.mul(conv2dValid(xs as tf.Tensor4D, ws as tf.Tensor4D, { input: true, filter: true }), rt)))([xt, wt]);
        return grads.map((g) => g.dataSync() as Float32Array);
      });
      expect(tf.memory().numTensors).toBe(before);
      expect(Math.max(...want.dw.map(Math.abs))).toBeGreaterThan(0.5); // not comparing zeros
      expect(maxAbsDiff(dw!, want.dw)).toBeLessThan(1e-4);
      expect(maxAbsDiff(dx!, want.dx)).toBeLessThan(1e-4);
    });
  }

  it('gives the same filter gradient when only the filter needs one, and the same input gradient when only the input does', () => {
    const random = seededRandom(5);
    const x = tf.tensor4d(uniform(random, 2 * 5 * 5 * 3, 1), [2, 5, 5, 3]);
    const w = tf.tensor4d(uniform(random, 3 * 3 * 3 * 4, 1), [3, 3, 3, 4]);
    const r = tf.tensor4d(uniform(random, 2 * 3 * 3 * 4, 1), [2, 3, 3, 4]);
    const loss = (xs: tf.Tensor4D, ws: tf.Tensor4D, needs: { input: boolean; filter: boolean }) => tf.sum(tf.mul(conv2dValid(xs, ws, needs), r));
    const [dxBoth, dwBoth] = tf.grads((xs: tf.Tensor, ws: tf.Tensor) => loss(xs as tf.Tensor4D, ws as tf.Tensor4D, { input: true, filter: true }))([x, w]);
    const dwOnly = tf.grad((ws: tf.Tensor) => loss(x, ws as tf.Tensor4D, { input: false, filter: true }))(w);
    const dxOnly = tf.grad((xs: tf.Tensor) => loss(xs as tf.Tensor4D, w, { input: true, filter: false }))(x);
    expect(maxAbsDiff(dwOnly.dataSync(), dwBoth!.dataSync())).toBe(0);
    expect(maxAbsDiff(dxOnly.dataSync(), dxBoth!.dataSync())).toBe(0);
    tf.dispose([x, w, r, dxBoth!, dwBoth!, dwOnly, dxOnly]);
  });
});

describe('Conv2DLayer', () => {
  function pair(padding: 'same' | 'valid') {
    const random = seededRandom(3);
    const kernel = tf.tensor4d(uniform(random, 3 * 3 * 4 * 6, 0.5), [3, 3, 4, 6]);
    const bias = tf.tensor1d(uniform(random, 6, 0.5));
    const ours = new Conv2DLayer({ name: 'ours', filters: 6, kernel: 3, padding, activation: 'relu', trainable: true, passesGradient: true });
    const keras = tf.layers.conv2d({ name: 'keras', filters: 6, kernelSize: 3, padding, activation: 'relu' });
    const input = tf.tensor4d(uniform(random, 2 * 7 * 7 * 4, 1), [2, 7, 7, 4]);
    ours.apply(input);
    keras.apply(input);
    ours.setWeights([kernel, bias]);
    keras.setWeights([kernel, bias]);
    tf.dispose([kernel, bias]);
    return { ours, keras, input };
  }

  it('computes what tf.layers.conv2d computes, bit for bit, in inference', () => {
    for (const padding of ['same', 'valid'] as const) {
      const { ours, keras, input } = pair(padding);
      const a = tf.tidy(() => (ours.apply(input) as tf.Tensor).dataSync());
      const b = tf.tidy(() => (keras.apply(input) as tf.Tensor).dataSync());
      expect(a.length).toBe(padding === 'same' ? 2 * 7 * 7 * 6 : 2 * 5 * 5 * 6);
      expect(maxAbsDiff(a, b)).toBe(0);
      ours.dispose();
      keras.dispose();
      input.dispose();
    }
  });

  it('trains with the gradients TensorFlow.js’s own kernels give (kernel, bias and input)', () => {
    for (const padding of ['same', 'valid'] as const) {
      const { ours, keras, input } = pair(padding);
      const grads = (layer: tf.layers.Layer) => tf.tidy(() => {
        const [kernel, bias] = layer.trainableWeights.map((w) => w.read());
        const f = (x: tf.Tensor, _k: tf.Tensor, _b: tf.Tensor) => tf.sum(tf.square(layer.apply(x, { training: true }) as tf.Tensor));
        return tf.grads(f)([input, kernel!, bias!]).map((g) => g.dataSync() as Float32Array);
      });
      const want = grads(keras);
      const got = grads(ours);
      for (let i = 0; i < 3; i++) {
        expect(Math.max(...want[i]!.map(Math.abs))).toBeGreaterThan(0.1);
        expect(maxAbsDiff(got[i]!, want[i]!)).toBeLessThan(1e-4);
      }
      ours.dispose();
      keras.dispose();
      input.dispose();
    }
  });
});
