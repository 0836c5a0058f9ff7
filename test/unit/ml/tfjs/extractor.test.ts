import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { initTfjs } from '../../../../main/ml/tfjs/backend.js';
import { createTfjsExtractor, type TfjsExtractorOptions } from '../../../../main/ml/tfjs/extractor.js';
import { naiveCaffe, naiveForward, type NaiveMap } from '../../../helpers/tfjs-naive-conv.js';
import { maxAbsDiff, randomWeights, seededRandom } from '../../../helpers/tfjs-random-weights.js';

const SIZE = 32;
const FRAME = SIZE * SIZE * 3;
// Caffe inputs reach ±150: the first kernel is scaled down by 128 so that features stay O(1).
const WEIGHTS = randomWeights('block2_pool', 11, 128);
const BLOCK1 = ['block1_conv1', 'block1_conv2', 'pool'];

function randomFrames(count: number, seed: number): Uint8Array {
  const random = seededRandom(seed);
  return Uint8Array.from({ length: count * FRAME }, () => Math.floor(random() * 256));
}

function naiveUpTo(ops: readonly string[], frames: Uint8Array, index: number): NaiveMap {
  return naiveForward(naiveCaffe(frames.subarray(index * FRAME, (index + 1) * FRAME), SIZE), ops, WEIGHTS);
}

// Independent grid reference for a 32×32 map and g = 3: floor edges 0, floor(32/3) = 10, floor(64/3) = 21, 32.
function naiveGrid3(map: NaiveMap): number[] {
  const edges = [0, 10, 21, 32];
  const out: number[] = [];
  for (let i = 0; i < 3; i++) {
    for (let j = 0; j < 3; j++) {
      for (let c = 0; c < map.channels; c++) {
        let sum = 0;
        for (let y = edges[i]!; y < edges[i + 1]!; y++) for (let x = edges[j]!; x < edges[j + 1]!; x++) sum += map.data[(y * map.width + x) * map.channels + c]!;
        out.push(sum / ((edges[i + 1]! - edges[i]!) * (edges[j + 1]! - edges[j]!)));
      }
    }
  }
  return out;
}

const base: TfjsExtractorOptions = { weights: WEIGHTS, cut: 'block1_conv1', pooling: 'none', size: SIZE, backend: 'wasm' };

beforeAll(async () => {
  await initTfjs('wasm');
});

describe('createTfjsExtractor: extract', () => {
  it('matches the naive reference over 10 frames in batches of 8 (flatten and 3×3 grid), without leaks', async () => {
    const frames = randomFrames(10, 3);
    // Cut at block1_conv1 to keep the naive loops fast; the deeper layers are checked in vgg16.test.ts.
    const want = Array.from({ length: 10 }, (_, i) => naiveUpTo(['block1_conv1'], frames, i));
    const before = tf.memory().numTensors;
    const flat = await createTfjsExtractor(base);
    const grid = await createTfjsExtractor({ ...base, pooling: 'grid', grid: 3 });
    const afterCreate = tf.memory().numTensors;
    expect(flat.engine).toMatch(/^tfjs-wasm \(SIMD, 1 thread\)/);
    expect([flat.featureDim, grid.featureDim]).toEqual([32 * 32 * 64, 3 * 3 * 64]);

    const gotFlat = await flat.extract(frames, 10);
    const gotGrid = await grid.extract(frames, 10);
    expect(tf.memory().numTensors).toBe(afterCreate);
    expect(gotFlat.length).toBe(10 * flat.featureDim);
    const wantFlat = want.flatMap((m) => [...m.data]);
    expect(wantFlat.filter((v) => v > 0.1).length).toBeGreaterThan(10_000); // a live map
    expect(maxAbsDiff(gotFlat, wantFlat)).toBeLessThan(1e-4);
    expect(maxAbsDiff(gotGrid, want.flatMap(naiveGrid3))).toBeLessThan(1e-4);

    flat.dispose();
    grid.dispose();
    expect(tf.memory().numTensors).toBe(before);
    await expect(flat.extract(frames, 10)).rejects.toThrow('disposed');
  });

  it('gives the same features whatever the batch size, and none for zero frames', async () => {
    const frames = randomFrames(5, 9);
    const one = await createTfjsExtractor({ ...base, pooling: 'avg', batchSize: 1 });
    const three = await createTfjsExtractor({ ...base, pooling: 'avg', batchSize: 3 });
    try {
      expect(maxAbsDiff(await one.extract(frames, 5), await three.extract(frames, 5))).toBeLessThan(1e-5);
      expect((await one.extract(new Uint8Array(0), 0)).length).toBe(0);
    } finally {
      one.dispose();
      three.dispose();
    }
  });

  it('rejects bad options and arguments, naming the value', async () => {
    await expect(createTfjsExtractor({ ...base, size: 12.5 })).rejects.toThrow('size must be a positive integer ≥ 32, got 12.5');
    await expect(createTfjsExtractor({ ...base, cut: 'fc1' })).rejects.toThrow(/got "fc1"/);
    await expect(createTfjsExtractor({ ...base, pooling: 'sum' as 'avg' })).rejects.toThrow('got "sum"');
    await expect(createTfjsExtractor({ ...base, pooling: 'grid', grid: 0 })).rejects.toThrow('grid must be a positive integer, got 0');
    await expect(createTfjsExtractor({ ...base, batchSize: 0 })).rejects.toThrow('batchSize must be a positive integer, got 0');
    const extractor = await createTfjsExtractor(base);
    try {
      await expect(extractor.extract(new Uint8Array(FRAME + 1), 1)).rejects.toThrow(`= ${FRAME} bytes, got ${FRAME + 1}`);
      await expect(extractor.extract(new Uint8Array(0), -1)).rejects.toThrow('count must be a non-negative integer, got -1');
    } finally {
      extractor.dispose();
    }
  });
});

describe('createTfjsExtractor: activations', () => {
  it('gives the mean map and the top-k channels of a layer as the naive reference ranks them, normalised', async () => {
    const frame = randomFrames(1, 5);
    const map = naiveUpTo(BLOCK1, frame, 0); // block1_pool: 16 × 16 × 64
    const pixels = 16 * 16;
    const strength = Array.from({ length: 64 }, (_, c) => {
      let s = 0;
      for (let p = 0; p < pixels; p++) s += map.data[p * 64 + c]!;
      return s / pixels;
    });
    const ranked = strength.map((s, c) => [s, c] as const).sort((a, b) => b[0] - a[0]).map(([, c]) => c);
    const mean = Array.from({ length: pixels }, (_, p) => map.data.subarray(p * 64, p * 64 + 64).reduce((a, b) => a + b, 0) / 64);
    const maxOf = (xs: ArrayLike<number>): number => Math.max(...Array.from(xs));

    const extractor = await createTfjsExtractor({ ...base, cut: 'block2_pool', pooling: 'avg' });
    const before = tf.memory().numTensors;
    const got = await extractor.activations(frame, 'block1_pool', 3);
    expect(tf.memory().numTensors).toBe(before);
    expect([got.layer, got.height, got.width, got.channelCount]).toEqual(['block1_pool', 16, 16, 64]);
    expect(got.channels.map((c) => c.index)).toEqual(ranked.slice(0, 3));
    for (const channel of got.channels) {
      expect(channel.strength).toBeCloseTo(strength[channel.index]!, 4);
      const want = Array.from({ length: pixels }, (_, p) => map.data[p * 64 + channel.index]! / maxOf(map.data.filter((_, k) => k % 64 === channel.index)));
      expect(maxAbsDiff(channel.map, want)).toBeLessThan(1e-4);
      expect(maxOf(channel.map)).toBe(1);
    }
    expect(got.meanRange[1]).toBeCloseTo(maxOf(mean), 4);
    expect(maxAbsDiff(got.mean, mean.map((v) => v / maxOf(mean)))).toBeLessThan(1e-4);

    const all = await extractor.activations(frame, 'block1_conv1', 1000); // k above the channel count: all 64
    expect(all.channels.length).toBe(64);
    expect(all.channels.every((c, i) => i === 0 || c.strength <= all.channels[i - 1]!.strength)).toBe(true);
    expect(all.channels.every((c) => c.map.every((v) => v >= 0 && v <= 1))).toBe(true);
    expect(tf.memory().numTensors).toBe(before);

    await expect(extractor.activations(frame, 'block3_conv1', 3)).rejects.toThrow(/got "block3_conv1"/);
    await expect(extractor.activations(frame, 'block1_pool', -2)).rejects.toThrow('topK must be a non-negative integer, got -2');
    await expect(extractor.activations(frame.subarray(1), 'block1_pool', 3)).rejects.toThrow(`got ${FRAME - 1}`);
    extractor.dispose();
  });
  it('gives several layers of a frame from one forward pass, each as the layer asked alone gives it, in the order asked', async () => {
    const frame = randomFrames(1, 9);
    const extractor = await createTfjsExtractor({ ...base, cut: 'block2_pool', pooling: 'avg' });
    const before = tf.memory().numTensors;
    const layers = ['block2_pool', 'block1_conv2', 'block1_pool'];
    const together = await extractor.layerActivations(frame, layers, 4);
    expect(tf.memory().numTensors).toBe(before);
    expect(together.map((m) => m.layer)).toEqual(layers);
    for (const [i, layer] of layers.entries()) expect(together[i]).toEqual(await extractor.activations(frame, layer, 4));
    await expect(extractor.layerActivations(frame, ['block1_pool', 'block3_conv1'], 3)).rejects.toThrow(/got "block3_conv1"/);
    extractor.dispose();
  });
});
