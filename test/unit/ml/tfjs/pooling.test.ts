import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { initTfjs } from '../../../../main/ml/tfjs/backend.js';
import { gridBins, poolArray, pooledDim, poolTensor, type PoolingMode } from '../../../../main/ml/tfjs/pooling.js';
import { maxAbsDiff } from '../../../helpers/tfjs-random-weights.js';

// A 4×4×2 map worked by hand. Channel 0 is y·4 + x (0 … 15); channel 1 is the table below.
const CH0 = Array.from({ length: 16 }, (_, k) => k);
const CH1 = [
  2, -1, 0, 5,
  3, 1, -4, 0,
  -2, 6, 1, 1,
  0, 0, 8, -3,
];
const MAP_4x4x2 = CH0.flatMap((v, k) => [v, CH1[k]!]); // channels-last (y, x, c)
const HAND: Record<PoolingMode, number[]> = {
  // mean(0 … 15) = 7.5; channel 1 sums to 6 + 0 + 6 + 5 = 17 → 17 / 16 = 1.0625
  avg: [7.5, 1.0625],
  max: [15, 8],
  // regions (gy, gx): (0,0) rows 0–1 × cols 0–1: ch0 {0,1,4,5} → 2.5, ch1 {2,−1,3,1} → 1.25;
  // (0,1): {2,3,6,7} → 4.5, {0,5,−4,0} → 0.25; (1,0): {8,9,12,13} → 10.5, {−2,6,0,0} → 1;
  // (1,1): {10,11,14,15} → 12.5, {1,1,8,−3} → 1.75. Ordered (gy, gx, c).
  grid: [2.5, 1.25, 4.5, 0.25, 10.5, 1, 12.5, 1.75],
  none: MAP_4x4x2,
};

// A 5×5×1 map v = y·5 + x with g = 2: floor bins are rows/cols [0, 2) and [2, 5).
// (0,0): {0,1,5,6} → 3; (0,1): {2,3,4,7,8,9} → 33/6 = 5.5; (1,0): {10,11,15,16,20,21} → 93/6 = 15.5;
// (1,1): {12,13,14,17,18,19,22,23,24} → 162/9 = 18.
const MAP_5x5 = Array.from({ length: 25 }, (_, k) => k);
const GRID_5x5 = [3, 5.5, 15.5, 18];
// A 5×3×1 map v = y·3 + x with g = 2: rows [0, 2), [2, 5); columns [0, 1), [1, 3).
// (0,0): {0,3} → 1.5; (0,1): {1,2,4,5} → 3; (1,0): {6,9,12} → 9; (1,1): {7,8,10,11,13,14} → 63/6 = 10.5.
const MAP_5x3 = Array.from({ length: 15 }, (_, k) => k);
const GRID_5x3 = [1.5, 3, 9, 10.5];

beforeAll(async () => {
  await initTfjs('wasm');
});

function viaTensor(map: number[], shape: [number, number, number], pooling: PoolingMode, grid?: number): Float32Array {
  const before = tf.memory().numTensors;
  const input = tf.tensor4d(map, [1, ...shape]);
  const out = poolTensor(input, pooling, grid);
  const values = out.dataSync() as Float32Array;
  expect(out.shape).toEqual([1, values.length]);
  tf.dispose([input, out]);
  expect(tf.memory().numTensors).toBe(before);
  return values;
}

describe('pooling of a hand-worked 4×4×2 map', () => {
  for (const mode of ['avg', 'max', 'grid', 'none'] as const) {
    it(`${mode} (tensor and array versions)`, () => {
      expect(maxAbsDiff(viaTensor(MAP_4x4x2, [4, 4, 2], mode, 2), HAND[mode])).toBeLessThan(1e-6);
      expect(maxAbsDiff(poolArray(Float32Array.from(MAP_4x4x2), [4, 4, 2], mode, 2), HAND[mode])).toBeLessThan(1e-6);
      expect(pooledDim(mode, [4, 4, 2], 2)).toBe(HAND[mode].length);
    });
  }

  it('grid with g = 1 is avg, g = 4 is the map itself', () => {
    expect(maxAbsDiff(viaTensor(MAP_4x4x2, [4, 4, 2], 'grid', 1), HAND.avg)).toBeLessThan(1e-6);
    expect(maxAbsDiff(viaTensor(MAP_4x4x2, [4, 4, 2], 'grid', 4), MAP_4x4x2)).toBeLessThan(1e-6);
  });

  it('pools every map of a batch separately', () => {
    const input = tf.tensor4d([...MAP_4x4x2, ...MAP_4x4x2.map((v) => -v)], [2, 4, 4, 2]);
    const out = poolTensor(input, 'grid', 2);
    expect(out.shape).toEqual([2, 8]);
    expect(maxAbsDiff(out.dataSync(), [...HAND.grid, ...HAND.grid.map((v) => -v)])).toBeLessThan(1e-6);
    tf.dispose([input, out]);
  });
});

describe('grid pooling when the side is not divisible by g (floor bin edges)', () => {
  it('splits 5 in 2 as [0, 2), [2, 5) and in 3 as [0, 1), [1, 3), [3, 5)', () => {
    expect(gridBins(5, 2)).toEqual([[0, 2], [2, 5]]);
    expect(gridBins(5, 3)).toEqual([[0, 1], [1, 3], [3, 5]]);
    expect(gridBins(3, 2)).toEqual([[0, 1], [1, 3]]);
  });

  it('averages a 5×5 map into the hand-worked 2×2 grid', () => {
    expect(maxAbsDiff(viaTensor(MAP_5x5, [5, 5, 1], 'grid', 2), GRID_5x5)).toBeLessThan(1e-6);
    expect(maxAbsDiff(poolArray(Float32Array.from(MAP_5x5), [5, 5, 1], 'grid', 2), GRID_5x5)).toBeLessThan(1e-6);
  });

  it('uses its own bins for height and width (5×3 map)', () => {
    expect(maxAbsDiff(viaTensor(MAP_5x3, [5, 3, 1], 'grid', 2), GRID_5x3)).toBeLessThan(1e-6);
    expect(maxAbsDiff(poolArray(Float32Array.from(MAP_5x3), [5, 3, 1], 'grid', 2), GRID_5x3)).toBeLessThan(1e-6);
  });
});

describe('pooling arguments', () => {
  it('rejects a bad mode or grid, naming the value', () => {
    expect(() => pooledDim('mean' as PoolingMode, [4, 4, 2])).toThrow('pooling must be one of avg, max, grid, none, got "mean"');
    expect(() => pooledDim('grid', [4, 4, 2], 0)).toThrow('grid must be a positive integer, got 0');
    expect(() => pooledDim('grid', [4, 4, 2], 1.5)).toThrow('got 1.5');
    expect(() => pooledDim('grid', [5, 3, 2], 4)).toThrow(/at most the map's side \(5×3\).*got 4/);
    expect(() => poolArray(new Float32Array(7), [2, 2, 2], 'avg')).toThrow('got 7');
  });
});
