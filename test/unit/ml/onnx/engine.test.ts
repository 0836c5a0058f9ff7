import { describe, expect, it } from 'vitest';
import { createOnnxExtractor } from '../../../../main/ml/onnx/engine.js';
import { measureRawSpeed } from '../../../../main/ml/onnx/raw-speed.js';
import { defaultProviders } from '../../../../main/ml/onnx/session.js';
import { heWeights, maxAbsDiff, randomFrames, refForward, refPool } from '../../../helpers/onnx-reference.js';

const size = 32;
const weights = heWeights('block2_pool', 8);

describe('createOnnxExtractor', () => {
  it('extracts in batches (count not a multiple of the batch) the naive reference features', async () => {
    const count = 5;
    const frames = randomFrames(count, size, 2);
    const extractor = await createOnnxExtractor({ weights, cut: 'block2_pool', pooling: 'grid', size, batchSize: 2, threads: 2 });
    try {
      expect(extractor.engine).toMatch(/^onnxruntime-node 1\.30\.\d+ \((cpu|cuda|dml|coreml), 2 threads\)/);
      expect(extractor.featureDim).toBe(2 * 2 * 128);
      const features = await extractor.extract(frames, count);
      expect(features.length).toBe(count * 512);
      for (let f = 0; f < count; f++) {
        const expected = refPool(refForward(frames, f, size, weights, 'block2_pool'), 'grid', 2);
        expect(maxAbsDiff(features.subarray(f * 512, (f + 1) * 512), expected)).toBeLessThanOrEqual(1e-4);
      }
      expect(await extractor.extract(new Uint8Array(0), 0)).toEqual(new Float32Array(0));
    } finally {
      await extractor.dispose();
    }
  });

  it('gives a layer’s raw NHWC activation map', async () => {
    const frame = randomFrames(1, size, 6);
    const extractor = await createOnnxExtractor({ weights, cut: 'block2_pool', pooling: 'avg', size });
    try {
      for (const layer of ['block1_conv2', 'block2_conv1', 'block1_conv2']) {
        const map = await extractor.activationMap(frame, layer);
        const ref = refForward(frame, 0, size, weights, layer);
        expect([map.height, map.width, map.channels]).toEqual([ref.height, ref.width, ref.channels]);
        expect(maxAbsDiff(map.values, ref.values)).toBeLessThanOrEqual(1e-4);
      }
      await expect(extractor.activationMap(frame, 'block3_conv1')).rejects.toThrow(/layer must be one of/);
      await expect(extractor.activationMap(frame.subarray(1), 'block1_conv1')).rejects.toThrow(/3072 RGB bytes, got 3071/);
    } finally {
      await extractor.dispose();
    }
  });

  it('checks its arguments and refuses work after dispose', async () => {
    await expect(createOnnxExtractor({ weights, cut: 'block2_pool', pooling: 'avg', size, batchSize: 0 })).rejects.toThrow(/batchSize must be a positive integer, got 0/);
    await expect(createOnnxExtractor({ weights, cut: 'block2_pool', pooling: 'avg', size, threads: 1.5 })).rejects.toThrow(/threads/);
    await expect(createOnnxExtractor({ weights, cut: 'block2_pool', pooling: 'avg', size, providers: ['tpu' as 'cpu'] })).rejects.toThrow(/providers must be among/);
    const extractor = await createOnnxExtractor({ weights, cut: 'block1_pool', pooling: 'max', size, threads: 1 });
    expect(extractor.engine).toMatch(/, 1 thread\)/);
    await expect(extractor.extract(new Uint8Array(10), 1)).rejects.toThrow(/count × 32 × 32 × 3 = 3072 bytes, got 10/);
    await expect(extractor.extract(new Uint8Array(0), -1)).rejects.toThrow(/count must be a non-negative integer/);
    await extractor.dispose();
    await extractor.dispose(); // twice is harmless
    await expect(extractor.extract(new Uint8Array(3072), 1)).rejects.toThrow(/disposed/);
  });

  it('falls back to the CPU, and says so, when a provider cannot start', async () => {
    // No GPU here: CUDA's provider library is not in the package, so session creation fails.
    const extractor = await createOnnxExtractor({ weights, cut: 'block1_pool', pooling: 'avg', size, providers: ['cuda'] });
    try {
      if (extractor.provider === 'cpu') expect(extractor.engine).toMatch(/\(cpu, \d+ threads?\); cuda unavailable: /);
      else expect(extractor.provider).toBe('cuda');
    } finally {
      await extractor.dispose();
    }
    expect(defaultProviders().at(-1)).toBe('cpu');
  });

  it('measures the bare session speed (raw-speed baseline)', async () => {
    const [report] = await measureRawSpeed({ weights, cut: 'block1_pool', pooling: 'avg', size, batchSizes: [2], minSeconds: 0 });
    expect(report!.batchSize).toBe(2);
    expect(report!.runs).toBeGreaterThanOrEqual(3);
    expect(report!.framesPerSecond).toBeGreaterThan(0);
    expect(report!.engine).toMatch(/^onnxruntime-node/);
  });
});
