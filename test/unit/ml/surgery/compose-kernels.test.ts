import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { composeConvs } from '../../../../main/ml/surgery/compose-kernels.js';
import { initTfjs } from '../../../../main/ml/tfjs/backend.js';
import type { ConvWeights } from '../../../../main/ml/weights/weight-set.js';
import { seededRandom, uniform } from '../../../helpers/tfjs-random-weights.js';

beforeAll(async () => {
  await initTfjs('cpu');
});

function randomConv(random: () => number, k: number, cin: number, cout: number): ConvWeights {
  return { kernel: uniform(random, k * k * cin * cout, 0.5), kernelShape: [k, k, cin, cout], bias: uniform(random, cout, 0.5) };
}

/** A linear conv (no activation), as tf computes it. */
function conv(x: tf.Tensor4D, w: ConvWeights, pad: 'valid' | 'same'): tf.Tensor4D {
  return tf.tidy(() => tf.add(tf.conv2d(x, tf.tensor4d(w.kernel, [...w.kernelShape]), 1, pad), tf.tensor1d(w.bias)));
}

function maxAbsDiff(a: tf.Tensor, b: tf.Tensor): number {
  return tf.tidy(() => tf.max(tf.abs(tf.sub(a, b))).dataSync()[0]!);
}

describe('composeConvs', () => {
  const random = seededRandom(7);
  const first = randomConv(random, 3, 3, 8);
  const second = randomConv(random, 3, 8, 6);
  const composed = composeConvs(first, second);
  const input = uniform(random, 2 * 12 * 12 * 3, 2);
  let x: tf.Tensor4D;
  beforeAll(() => {
    x = tf.tensor4d(input, [2, 12, 12, 3]);
  });

  it('makes two 3×3 convs one 5×5 conv that computes what they compute in sequence', () => {
    expect(composed.kernelShape).toEqual([5, 5, 3, 6]);
    expect(composed.bias).toHaveLength(6);
    const twoSteps = tf.tidy(() => conv(conv(x, first, 'valid'), second, 'valid'));
    const oneStep = conv(x, composed, 'valid');
    expect(oneStep.shape).toEqual([2, 8, 8, 6]);
    expect(maxAbsDiff(twoSteps, oneStep)).toBeLessThan(1e-4);
    tf.dispose([twoSteps, oneStep]);
  });

  it("with 'same' padding, agrees everywhere but the outer ring of pixels, where the first conv's padding differs", () => {
    const twoSteps = tf.tidy(() => conv(conv(x, first, 'same'), second, 'same'));
    const oneStep = conv(x, composed, 'same');
    const inner = (t: tf.Tensor4D) => tf.slice(t, [0, 1, 1, 0], [2, 10, 10, 6]);
    expect(tf.tidy(() => maxAbsDiff(inner(twoSteps), inner(oneStep)))).toBeLessThan(1e-4);
    expect(maxAbsDiff(twoSteps, oneStep)).toBeGreaterThan(1e-3);
    tf.dispose([twoSteps, oneStep]);
  });

  it('refuses convs whose channels do not chain', () => {
    expect(() => composeConvs(first, randomConv(random, 3, 5, 2))).toThrow(/takes 5 channels, the first gives 8/);
  });
});
