/**
 * Weight sets after layer surgery run in both engines like plain ones: the network comes from the
 * set's own names (block1_conv5x5 in place of block1; a conv inserted after a layer). Checked
 * against the naive forward pass through the network written out by hand, and an identity
 * insertion against the plain network's own features.
 */
import { describe, expect, it } from 'vitest';
import { createOnnxExtractor } from '../../../../main/ml/onnx/engine.js';
import { createTfjsExtractor } from '../../../../main/ml/tfjs/extractor.js';
import type { ConvWeights, WeightSet } from '../../../../main/ml/weights/weight-set.js';
import { heWeights, maxAbsDiff, prng, randomFrames, refForwardThrough, refPool } from '../../../helpers/onnx-reference.js';

const SIZE = 32;
const CUT = 'block2_pool';

/** A random 5×5 conv of 64 filters on RGB, scaled like heWeights's first layer. */
function conv5x5(seed: number): ConvWeights {
  const random = prng(seed);
  const limit = Math.sqrt(6 / (25 * 3)) / 64;
  return {
    kernel: Float32Array.from({ length: 25 * 3 * 64 }, () => (2 * random() - 1) * limit),
    kernelShape: [5, 5, 3, 64],
    bias: Float32Array.from({ length: 64 }, () => (random() - 0.5) * 0.1),
  };
}

function editedSet(): WeightSet {
  const plain = heWeights(CUT, 3);
  return new Map([['block1_conv5x5', conv5x5(4)], ...[...plain].filter(([name]) => !name.startsWith('block1_'))]);
}

/** The identity 1×1 conv on `channels` channels: an exact no-op after a ReLU or a max-pool of ReLUs. */
function identity1x1(channels: number): ConvWeights {
  const kernel = new Float32Array(channels * channels);
  for (let c = 0; c < channels; c++) kernel[c * channels + c] = 1;
  return { kernel, kernelShape: [1, 1, channels, channels], bias: new Float32Array(channels) };
}

const BY_HAND = ['block1_conv5x5', 'pool', 'block2_conv1', 'block2_conv2', 'pool'];

describe('an edited VGG16 in the feature engines', () => {
  it('ONNX Runtime: block1 replaced by a 5×5 conv gives the naive features of the network written out by hand', async () => {
    const weights = editedSet();
    const frames = randomFrames(3, SIZE, 8);
    const extractor = await createOnnxExtractor({ weights, cut: CUT, pooling: 'grid', size: SIZE, batchSize: 2 });
    try {
      const features = await extractor.extract(frames, 3);
      for (let f = 0; f < 3; f++) {
        const expected = refPool(refForwardThrough(frames, f, SIZE, weights, BY_HAND), 'grid', 2);
        expect(maxAbsDiff(features.subarray(f * 512, (f + 1) * 512), expected)).toBeLessThanOrEqual(1e-4);
      }
      // The map views offer VGG16's names along the edited network, not the replaced convs.
      const map = await extractor.activationMap(frames.subarray(0, SIZE * SIZE * 3), 'block1_pool');
      expect(maxAbsDiff(map.values, refForwardThrough(frames, 0, SIZE, weights, BY_HAND.slice(0, 2)).values)).toBeLessThanOrEqual(1e-4);
      await expect(extractor.activationMap(frames.subarray(0, SIZE * SIZE * 3), 'block1_conv1')).rejects.toThrow(/layer must be one of .*block1_pool/);
    } finally {
      await extractor.dispose();
    }
  });

  it('TensorFlow.js: the same features, and the same block map', async () => {
    const weights = editedSet();
    const frames = randomFrames(2, SIZE, 9);
    const extractor = await createTfjsExtractor({ weights, cut: CUT, pooling: 'avg', size: SIZE, backend: 'cpu' });
    try {
      const features = await extractor.extract(frames, 2);
      for (let f = 0; f < 2; f++) {
        expect(maxAbsDiff(features.subarray(f * 128, (f + 1) * 128), refPool(refForwardThrough(frames, f, SIZE, weights, BY_HAND), 'avg'))).toBeLessThanOrEqual(1e-4);
      }
      // block2_conv1's map, reached through the 5×5 conv: its per-pixel channel mean, min and max.
      const maps = await extractor.activations(frames.subarray(0, SIZE * SIZE * 3), 'block2_conv1', 0);
      const reference = refForwardThrough(frames, 0, SIZE, weights, BY_HAND.slice(0, 3));
      const pixels = reference.height * reference.width;
      const means = Array.from({ length: pixels }, (_, p) => {
        let sum = 0;
        for (let c = 0; c < reference.channels; c++) sum += reference.values[p * reference.channels + c]!;
        return sum / reference.channels;
      });
      expect([maps.height, maps.width, maps.channelCount]).toEqual([16, 16, 128]);
      expect(maps.meanRange[0]).toBeCloseTo(Math.min(...means), 4);
      expect(maps.meanRange[1]).toBeCloseTo(Math.max(...means), 4);
    } finally {
      extractor.dispose();
    }
  });

  it('an identity conv inserted after block1_pool leaves ONNX Runtime’s features exactly the plain network’s', async () => {
    const plain = heWeights(CUT, 5);
    const inserted = new Map([...plain, ['block1_pool_insert1x1', identity1x1(64)]]);
    const frames = randomFrames(2, SIZE, 10);
    const run = async (weights: WeightSet) => {
      const extractor = await createOnnxExtractor({ weights, cut: CUT, pooling: 'none', size: SIZE });
      try {
        return await extractor.extract(frames, 2);
      } finally {
        await extractor.dispose();
      }
    };
    const [a, b] = [await run(plain), await run(inserted)];
    expect(a.length).toBe(2 * 8 * 8 * 128);
    expect(maxAbsDiff(a, b)).toBeLessThanOrEqual(1e-5);
  });
});
