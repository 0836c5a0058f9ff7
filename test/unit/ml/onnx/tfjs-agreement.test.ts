import * as tf from '@tensorflow/tfjs';
import { describe, expect, it } from 'vitest';
import { createOnnxExtractor } from '../../../../main/ml/onnx/engine.js';
import { createTfjsExtractor } from '../../../../main/ml/tfjs/extractor.js';
import { heWeights, maxAbsDiff, randomFrames } from '../../../helpers/onnx-reference.js';

// The two engines on the same weights and frames (DESIGN: max abs difference ≤ 1e-4 on block5
// features). He-scaled random weights keep the activations near 1 all the way to block5.
const size = 32;
const count = 3;
const weights = heWeights('block5_pool', 21);
const frames = randomFrames(count, size, 4);

const cases: [cut: string, pooling: 'avg' | 'max' | 'grid' | 'none', dim: number][] = [
  ['block5_pool', 'avg', 512],
  ['block5_pool', 'max', 512],
  ['block4_pool', 'grid', 4 * 512],
  ['block3_pool', 'none', 4 * 4 * 256],
];

describe('the ONNX engine agrees with the TensorFlow.js reference model', () => {
  for (const [cut, pooling, dim] of cases) {
    it(`${cut} ${pooling}: max abs difference ≤ 1e-4`, async () => {
      const onnx = await createOnnxExtractor({ weights, cut, pooling, size, threads: 2 });
      const tfjs = await createTfjsExtractor({ weights, cut, pooling, size });
      const tensorsBefore = tf.memory().numTensors;
      try {
        expect(onnx.featureDim).toBe(dim);
        expect(tfjs.featureDim).toBe(dim);
        const a = await onnx.extract(frames, count);
        const b = await tfjs.extract(frames, count);
        const scale = b.reduce((m, v) => Math.max(m, Math.abs(v)), 0);
        expect(scale).toBeGreaterThan(0.05);
        expect(scale).toBeLessThan(1000);
        expect(maxAbsDiff(a, b)).toBeLessThanOrEqual(1e-4);
        expect(tf.memory().numTensors).toBe(tensorsBefore); // extraction left no tensors behind
      } finally {
        await onnx.dispose();
        tfjs.dispose();
      }
    });
  }
});
