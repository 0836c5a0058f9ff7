import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { initTfjs } from '../../../../main/ml/tfjs/backend.js';
import { buildVgg16, preprocessCaffe } from '../../../../main/ml/tfjs/vgg16.js';
import { VGG16_LAYER_NAMES, layersUpTo, outputShape } from '../../../../main/ml/vgg16/architecture.js';
import { WeightsError } from '../../../../main/ml/weights/weight-set.js';
import { naiveForward, naiveMap } from '../../../helpers/tfjs-naive-conv.js';
import { maxAbsDiff, randomWeights, seededRandom, uniform, zeroWeights } from '../../../helpers/tfjs-random-weights.js';

beforeAll(async () => {
  await initTfjs('wasm');
});

function predict(model: tf.LayersModel, input: Float32Array, size: number): Float32Array {
  return tf.tidy(() => (model.predict(tf.tensor4d(input, [1, size, size, 3])) as tf.Tensor).dataSync() as Float32Array);
}

describe('buildVgg16: structure', () => {
  it('has Keras layer names and output shapes equal to outputShape(cut, S) for every cut', () => {
    const size = 50; // 50 → 25 → 12 → 6 → 3 → 1: odd sides lose their last row/column
    const weights = zeroWeights('block5_pool'); // a full set: layers after the cut are ignored
    for (const cut of VGG16_LAYER_NAMES) {
      const model = buildVgg16({ cut, size, weights });
      try {
        expect(model.layers.map((l) => l.name)).toEqual(['input_1', ...layersUpTo(cut).map((l) => l.name)]);
        expect(model.outputs[0]!.shape).toEqual([null, ...outputShape(cut, size)]);
        for (const layer of model.layers.slice(1)) expect(layer.outputShape).toEqual([null, ...outputShape(layer.name, size)]);
      } finally {
        model.dispose();
      }
    }
  });

  it('initialises randomly (non-zero kernels, zero biases) without weights, and leaks nothing', () => {
    const before = tf.memory().numTensors;
    const model = buildVgg16({ cut: 'block1_pool', size: 32 });
    const [kernel, bias] = model.getLayer('block1_conv2').getWeights();
    expect(kernel!.shape).toEqual([3, 3, 64, 64]);
    expect(tf.tidy(() => tf.max(tf.abs(kernel!)).dataSync()[0])).toBeGreaterThan(0);
    expect([...bias!.dataSync()].every((v) => v === 0)).toBe(true);
    model.dispose();
    expect(tf.memory().numTensors).toBe(before);
  });
});

describe('buildVgg16: numerics', () => {
  it('matches the naive loops up to block2_pool (max abs diff < 1e-4)', () => {
    const size = 32;
    const weights = randomWeights('block2_pool', 42);
    const input = uniform(seededRandom(7), size * size * 3, 1);
    const model = buildVgg16({ cut: 'block2_pool', size, weights });
    const got = predict(model, input, size);
    model.dispose();
    const ops = ['block1_conv1', 'block1_conv2', 'pool', 'block2_conv1', 'block2_conv2', 'pool'];
    const want = naiveForward(naiveMap(input, size, size, 3), ops, weights);
    expect([want.height, want.width, want.channels]).toEqual([8, 8, 128]);
    expect(got.length).toBe(want.data.length);
    expect(want.data.filter((v) => v > 0.1).length).toBeGreaterThan(1000); // not a trivially dead map
    expect(maxAbsDiff(got, want.data)).toBeLessThan(1e-4);
  });

  it('sets weights by name in Keras layout: one kernel element moves exactly the expected output', () => {
    const size = 32;
    const weights = zeroWeights('block1_conv2');
    // block1_conv1: kernel[i = 0, j = 2, c = 1, f = 5] = 1 → conv1[y, x, 5] = relu(in[y − 1, x + 1, 1]).
    weights.get('block1_conv1')!.kernel[((0 * 3 + 2) * 3 + 1) * 64 + 5] = 1;
    // block1_conv2: kernel[1, 1, 5, 9] = 2 (centre tap, channel 5 → filter 9), bias[9] = 0.25.
    weights.get('block1_conv2')!.kernel[((1 * 3 + 1) * 64 + 5) * 64 + 9] = 2;
    weights.get('block1_conv2')!.bias[9] = 0.25;
    const input = new Float32Array(size * size * 3).map((_, k) => (k % 7) - 2); // positive and negative values
    const model = buildVgg16({ cut: 'block1_conv2', size, weights });
    const got = predict(model, input, size);
    model.dispose();
    const inAt = (y: number, x: number, c: number): number => (y < 0 || y >= size || x < 0 || x >= size ? 0 : input[(y * size + x) * 3 + c]!);
    const want = new Float32Array(size * size * 64);
    for (let y = 0; y < size; y++) {
      for (let x = 0; x < size; x++) want[(y * size + x) * 64 + 9] = 0.25 + 2 * Math.max(0, inAt(y - 1, x + 1, 1));
    }
    expect(maxAbsDiff(got, want)).toBe(0);
  });

  it('rejects weights of the wrong shape or a missing layer, naming the layer and the shapes', () => {
    const wrong = zeroWeights('block1_pool');
    wrong.set('block1_conv1', { kernel: new Float32Array(3 * 3 * 4 * 64), kernelShape: [3, 3, 4, 64], bias: new Float32Array(64) });
    expect(() => buildVgg16({ cut: 'block1_pool', size: 32, weights: wrong })).toThrow(WeightsError);
    expect(() => buildVgg16({ cut: 'block1_pool', size: 32, weights: wrong })).toThrow('block1_conv1: kernel shape [3, 3, 4, 64] does not match the layer\'s [3, 3, 3, 64]');
    const badBias = zeroWeights('block1_pool');
    badBias.get('block1_conv2')!.bias = new Float32Array(63);
    expect(() => buildVgg16({ cut: 'block1_pool', size: 32, weights: badBias })).toThrow('block1_conv2: bias shape [63] does not match the layer\'s [64]');
    expect(() => buildVgg16({ cut: 'block2_pool', size: 32, weights: zeroWeights('block1_pool') })).toThrow(/no layer block2_conv1/);
  });

  it('rejects bad options, naming the value', () => {
    expect(() => buildVgg16({ cut: 'block1_pool', size: 12.5 })).toThrow('size must be a positive integer ≥ 32, got 12.5');
    expect(() => buildVgg16({ cut: 'block1_pool', size: 16 })).toThrow('got 16');
    expect(() => buildVgg16({ cut: 'block6_pool', size: 32 })).toThrow(/got "block6_pool".*block1_conv1.*block5_pool/);
  });
});

describe('preprocessCaffe', () => {
  it('turns RGB (10, 20, 30) into BGR minus the ImageNet means, pixel by pixel, without leaks', () => {
    const before = tf.memory().numTensors;
    // Two 1×1 "frames": (10, 20, 30) and (255, 0, 128).
    const t = preprocessCaffe(new Uint8Array([10, 20, 30, 255, 0, 128]), 2, 1);
    expect(t.shape).toEqual([2, 1, 1, 3]);
    expect(t.dtype).toBe('float32');
    const want = [30 - 103.939, 20 - 116.779, 10 - 123.68, 128 - 103.939, 0 - 116.779, 255 - 123.68];
    expect(maxAbsDiff(t.dataSync(), want)).toBeLessThan(1e-5);
    t.dispose();
    const input = tf.tensor4d([10, 20, 30], [1, 1, 1, 3], 'int32');
    const fromTensor = preprocessCaffe(input);
    expect(maxAbsDiff(fromTensor.dataSync(), want.slice(0, 3))).toBeLessThan(1e-5);
    expect(input.isDisposed).toBe(false);
    tf.dispose([input, fromTensor]);
    expect(tf.memory().numTensors).toBe(before);
  });

  it('rejects a buffer of the wrong length, naming both lengths', () => {
    expect(() => preprocessCaffe(new Uint8Array(11), 1, 2)).toThrow('frames must hold count × size × size × 3 = 12 bytes, got 11');
  });
});
