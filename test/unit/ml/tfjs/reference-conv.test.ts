import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { initTfjs } from '../../../../main/ml/tfjs/backend.js';
import { buildVgg16 } from '../../../../main/ml/tfjs/vgg16.js';
import { naiveConv2dSame, naiveMap, naiveMaxPool2x2, naiveRelu } from '../../../helpers/tfjs-naive-conv.js';
import { zeroWeights } from '../../../helpers/tfjs-random-weights.js';

// A 1-channel 3×3 'same' convolution worked by hand. in[r][c] = 3r + c + 1 (0 outside):
//   1 2 3 / 4 5 6 / 7 8 9;  kernel k[i][j] = 1 2 0 / 0 1 0 / 0 0 −1;  bias 0.5.
// out[y][x] = 0.5 + in[y−1][x−1] + 2·in[y−1][x] + in[y][x] − in[y+1][x+1], e.g.
//   out[0][0] = 0.5 + 0 + 0 + 1 − 5 = −3.5;   out[1][1] = 0.5 + 1 + 4 + 5 − 9 = 1.5;
//   out[1][2] = 0.5 + 2 + 6 + 6 − 0 = 14.5;   out[2][2] = 0.5 + 5 + 12 + 9 − 0 = 26.5.
const INPUT = [1, 2, 3, 4, 5, 6, 7, 8, 9];
const KERNEL = [1, 2, 0, 0, 1, 0, 0, 0, -1]; // Keras layout [3, 3, 1, 1], row-major
const BIAS = 0.5;
const EXPECTED = [-3.5, -3.5, 3.5, -1.5, 1.5, 14.5, 15.5, 22.5, 26.5];
const EXPECTED_RELU = [0, 0, 3.5, 0, 1.5, 14.5, 15.5, 22.5, 26.5];

// 2×2/2 max pooling of a 5×5 map worked by hand; the last row and column (full of 9s and a 7)
// are dropped by 'valid' pooling: max(1,9,3,4) = 9, max(2,0,8,5) = 8, max(0,2,7,1) = 7, max(1,3,6,2) = 6.
const POOL_IN = [1, 9, 2, 0, 7, 3, 4, 8, 5, 6, 0, 2, 1, 3, 9, 7, 1, 6, 2, 4, 9, 9, 9, 9, 9];
const POOL_OUT = [9, 8, 7, 6];

beforeAll(async () => {
  await initTfjs('wasm');
});

describe('the naive reference itself', () => {
  it('convolves a 1-channel 3×3 map as worked by hand', () => {
    const out = naiveConv2dSame(naiveMap(INPUT, 3, 3, 1), { kernel: KERNEL, kernelShape: [3, 3, 1, 1], bias: [BIAS] });
    expect([...out.data]).toEqual(EXPECTED);
    expect([...naiveRelu(out).data]).toEqual(EXPECTED_RELU);
  });

  it('max-pools 5×5 → 2×2, dropping the odd row and column', () => {
    const out = naiveMaxPool2x2(naiveMap(POOL_IN, 5, 5, 1));
    expect([out.height, out.width, [...out.data]]).toEqual([2, 2, POOL_OUT]);
  });
});

describe('TensorFlow.js on the same hand-worked cases', () => {
  it('tf.conv2d with the Keras kernel layout gives the hand-worked values', () => {
    const before = tf.memory().numTensors;
    const out = tf.tidy(() => tf.conv2d(tf.tensor4d(INPUT, [1, 3, 3, 1]), tf.tensor4d(KERNEL, [3, 3, 1, 1]), 1, 'same').add(BIAS).dataSync());
    expect([...out]).toEqual(EXPECTED);
    expect(tf.memory().numTensors).toBe(before);
  });

  it('block1_conv1 computes the hand-worked convolution from input channel 1 into filter 7', () => {
    // The 3×3 pattern sits in the top-left corner of a zero 32×32 frame: the zeros around it act
    // as the padding did, so the top-left 3×3 of filter 7 must equal EXPECTED_RELU.
    const weights = zeroWeights('block1_conv1');
    const conv = weights.get('block1_conv1')!;
    KERNEL.forEach((v, ij) => (conv.kernel[(ij * 3 + 1) * 64 + 7] = v)); // [i, j, c = 1, f = 7]
    conv.bias[7] = BIAS;
    const model = buildVgg16({ cut: 'block1_conv1', size: 32, weights });
    const input = new Float32Array(32 * 32 * 3);
    for (let r = 0; r < 3; r++) for (let c = 0; c < 3; c++) input[(r * 32 + c) * 3 + 1] = INPUT[r * 3 + c]!;
    const out = tf.tidy(() => (model.predict(tf.tensor4d(input, [1, 32, 32, 3])) as tf.Tensor).dataSync());
    model.dispose();
    const at = (y: number, x: number, f: number): number => out[(y * 32 + x) * 64 + f]!;
    const corner = [0, 1, 2].flatMap((y) => [0, 1, 2].map((x) => at(y, x, 7)));
    expect(corner).toEqual(EXPECTED_RELU);
    expect(at(10, 10, 7)).toBe(BIAS); // bias only, far from the pattern
    expect(at(1, 1, 6)).toBe(0); // other filters untouched
  });

  it('tf.maxPool 2×2/2 valid gives the hand-worked values', () => {
    const out = tf.tidy(() => tf.maxPool(tf.tensor4d(POOL_IN, [1, 5, 5, 1]), 2, 2, 'valid').dataSync());
    expect([...out]).toEqual(POOL_OUT);
  });
});
