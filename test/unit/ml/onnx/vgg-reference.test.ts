import * as ort from 'onnxruntime-node';
import { describe, expect, it } from 'vitest';
import { buildVggOnnxModel } from '../../../../main/ml/onnx/onnx-model.js';
import { heWeights, maxAbsDiff, randomFrames, refForward } from '../../../helpers/onnx-reference.js';

describe('the ONNX VGG16 graph against a naive loop reference', () => {
  it('matches up to block2_pool (map in NHWC order, every frame of a batch) to 1e-4', async () => {
    const size = 32;
    const count = 2;
    const weights = heWeights('block2_pool', 11);
    const frames = randomFrames(count, size, 5);
    // 'none' pooling: the block2_pool map flattened (h, w, c); `map` output: block1_conv2's map, NHWC.
    const model = buildVggOnnxModel({ weights, cut: 'block2_pool', size, pooling: 'none', mapLayer: 'block1_conv2' });
    expect(model.featureDim).toBe(8 * 8 * 128);
    expect(model.mapShape).toEqual([32, 32, 64]);
    const session = await ort.InferenceSession.create(model.bytes);
    try {
      const { features, map } = await session.run({ frames: new ort.Tensor('uint8', frames, [count, size, size, 3]) });
      expect(features!.dims).toEqual([count, 8 * 8 * 128]);
      expect(map!.dims).toEqual([count, 32, 32, 64]);
      const got = features!.data as Float32Array;
      const gotMap = map!.data as Float32Array;
      for (let f = 0; f < count; f++) {
        const ref = refForward(frames, f, size, weights, 'block2_pool');
        expect([ref.height, ref.width, ref.channels]).toEqual([8, 8, 128]);
        const scale = ref.values.reduce((m, v) => Math.max(m, v), 0);
        expect(scale).toBeGreaterThan(0.1); // activations neither vanished…
        expect(scale).toBeLessThan(100); // …nor exploded
        expect(maxAbsDiff(got.subarray(f * 8192, (f + 1) * 8192), ref.values)).toBeLessThanOrEqual(1e-4);
        const refMap = refForward(frames, f, size, weights, 'block1_conv2');
        expect(maxAbsDiff(gotMap.subarray(f * 65536, (f + 1) * 65536), refMap.values)).toBeLessThanOrEqual(1e-4);
      }
    } finally {
      await session.release();
    }
  });

  it('names the missing or misshapen weights', () => {
    const weights = new Map(heWeights('block1_pool', 1));
    weights.delete('block1_conv2');
    expect(() => buildVggOnnxModel({ weights, cut: 'block2_conv1', size: 32, pooling: 'avg' })).toThrow(/no layer block1_conv2/);
    const bad = new Map(heWeights('block1_conv1', 1));
    const w = bad.get('block1_conv1')!;
    bad.set('block1_conv1', { ...w, kernelShape: [3, 3, 3, 32] });
    expect(() => buildVggOnnxModel({ weights: bad, cut: 'block1_conv1', size: 32, pooling: 'avg' })).toThrow(/block1_conv1: kernel shape \[3, 3, 3, 32\]/);
    expect(() => buildVggOnnxModel({ weights, cut: 'block9_pool', size: 32, pooling: 'avg' })).toThrow(/cut must be a VGG16 layer/);
    expect(() => buildVggOnnxModel({ weights, cut: 'block1_pool', size: 16, pooling: 'avg' })).toThrow(/size must be/);
    expect(() => buildVggOnnxModel({ weights, cut: 'block1_pool', size: 32, pooling: 'avg', mapLayer: 'block2_conv1' })).toThrow(/mapLayer/);
  });
});
