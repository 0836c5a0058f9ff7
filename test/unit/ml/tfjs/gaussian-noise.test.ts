import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { initTfjs } from '../../../../main/ml/tfjs/backend.js';
import { fastGaussianNoise, normalDeviates } from '../../../../main/ml/tfjs/recurrent/gaussian-noise.js';
import { createRng } from '../../../../main/system/prng.js';

beforeAll(async () => {
  await initTfjs('wasm');
});

/** Φ(z), the standard normal CDF (Abramowitz & Stegun 7.1.26, error < 1.5e-7). */
function phi(z: number): number {
  const x = Math.abs(z) / Math.SQRT2;
  const t = 1 / (1 + 0.3275911 * x);
  const erf = 1 - t * (0.254829592 + t * (-0.284496736 + t * (1.421413741 + t * (-1.453152027 + t * 1.061405429)))) * Math.exp(-x * x);
  return z >= 0 ? (1 + erf) / 2 : (1 - erf) / 2;
}

describe('normalDeviates', () => {
  it('draws N(0, stddev²): mean, deviation and the whole distribution (Kolmogorov–Smirnov) match', () => {
    const rng = createRng(7);
    const n = 200_001; // odd: the last pair gives one value
    const x = normalDeviates(n, 0.3, () => rng.next());
    expect(x).toHaveLength(n);
    let sum = 0;
    let squares = 0;
    for (const v of x) sum += v;
    const mean = sum / n;
    for (const v of x) squares += (v - mean) ** 2;
    expect(Math.abs(mean)).toBeLessThan(5 * 0.3 / Math.sqrt(n));
    expect(Math.sqrt(squares / n)).toBeCloseTo(0.3, 2);
    const sorted = Float64Array.from(x, (v) => v / 0.3).sort();
    let d = 0;
    sorted.forEach((v, i) => (d = Math.max(d, Math.abs(phi(v) - (i + 1) / n), Math.abs(phi(v) - i / n))));
    // The 1% critical value of the KS statistic is 1.63 / √n.
    expect(d).toBeLessThan(1.63 / Math.sqrt(n));
    // A uniform sample of the same spread fails the same check.
    const uniform = Float64Array.from({ length: n }, () => (rng.next() * 2 - 1) * Math.sqrt(3)).sort();
    let du = 0;
    uniform.forEach((v, i) => (du = Math.max(du, Math.abs(phi(v) - (i + 1) / n))));
    expect(du).toBeGreaterThan(1.63 / Math.sqrt(n));
  });
});

describe('fastGaussianNoise', () => {
  it('adds noise of its deviation while training and passes the input through otherwise, with tfjs’s class name and config', () => {
    const layer = fastGaussianNoise({ stddev: 0.5 });
    expect(layer.getClassName()).toBe('GaussianNoise');
    expect(layer.getConfig()).toMatchObject({ stddev: 0.5 });
    const x = tf.fill([4, 8, 256], 2);
    const noisy = layer.apply(x, { training: true }) as tf.Tensor;
    const delta = Float64Array.from(tf.sub(noisy, x).dataSync());
    const mean = delta.reduce((a, b) => a + b, 0) / delta.length;
    const sd = Math.sqrt(delta.reduce((a, b) => a + (b - mean) ** 2, 0) / delta.length);
    expect(Math.abs(mean)).toBeLessThan(0.05);
    expect(sd).toBeCloseTo(0.5, 1);
    expect(Array.from((layer.apply(x, { training: false }) as tf.Tensor).dataSync())).toEqual(Array.from(x.dataSync()));
    expect(Array.from((layer.apply(x) as tf.Tensor).dataSync())).toEqual(Array.from(x.dataSync()));
    // The gradient passes through the noise unchanged.
    const grad = tf.grad((input: tf.Tensor) => tf.sum(layer.apply(input, { training: true }) as tf.Tensor))(x);
    expect(new Set(grad.dataSync())).toEqual(new Set([1]));
  });
});
