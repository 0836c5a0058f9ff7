import { beforeAll, describe, expect, it } from 'vitest';
import { ModelSpec } from '../../../../shared/api/model-spec.js';
import { gridFlipPermutation } from '../../../../main/ml/loop/augment.js';
import { mirrorClips, mirrorsOf, predictMirrored } from '../../../../main/ml/head/mirrors.js';
import { buildHead, predictHead } from '../../../../main/ml/head/model.js';
import { disposeHead } from '../../../../main/ml/head/train.js';
import { initTfjs } from '../../../../main/ml/tfjs/backend.js';
import { createRng } from '../../../../main/system/prng.js';

beforeAll(async () => {
  await initTfjs('wasm');
});

const spec = (flips: 'none' | 'horizontal' | 'both') =>
  ModelSpec.parse({ backbone: { weights: 'random:0', cut: 'block1_pool', pooling: 'grid', grid: 2, size: 64 }, head: { units: 8, segments: 4, motion: 'only' }, augment: { flips } });

describe('mirrors of a head run', () => {
  it('come from the spec: block1_pool has 64 channels, a 2×2 grid; none when the run does not flip', () => {
    expect(mirrorsOf(spec('both'))).toEqual({ grid: 2, channels: 64, horizontal: true, vertical: true });
    expect(mirrorsOf(spec('horizontal'))).toEqual({ grid: 2, channels: 64, horizontal: true, vertical: false });
    expect(mirrorsOf(spec('none'))).toBeNull();
    expect(() => ModelSpec.parse({ backbone: { weights: 'random:0', cut: 'block1_pool', pooling: 'avg', size: 64 }, augment: { flips: 'both' } })).toThrow(/flips mirror a grid of features/);
  });

  it('make a prediction that is the mean over the mirror images, so a clip and its mirror image get the same answer', () => {
    const [count, steps, dim] = [6, 4, 2 * 2 * 64];
    const mirrors = mirrorsOf(spec('both'))!;
    const model = buildHead(spec('both').head, { frames: steps, dim, classes: 3 });
    try {
      const rng = createRng(5);
      const x = Float32Array.from({ length: count * steps * dim }, () => rng.next() * 2 - 1);
      const left = mirrorClips(x, dim, gridFlipPermutation(2, 64, true, false));
      const both = mirrorClips(x, dim, gridFlipPermutation(2, 64, true, true));
      const mean = predictMirrored(model, x, count, mirrors);
      // The mean over the four images, computed here the long way.
      const images = [[false, false], [true, false], [false, true], [true, true]].map(([h, v]) => predictHead(model, mirrorClips(x, dim, gridFlipPermutation(2, 64, h!, v!)), count));
      mean.forEach((p, i) => expect(p).toBeCloseTo(images.reduce((s, img) => s + img[i]!, 0) / 4, 6));
      for (const mirrored of [left, both]) predictMirrored(model, mirrored, count, mirrors).forEach((p, i) => expect(p).toBeCloseTo(mean[i]!, 5));
      // A head on its own is not mirror-invariant: the averaging is what makes it so.
      const plain = predictHead(model, x, count);
      expect(predictHead(model, left, count).some((p, i) => Math.abs(p - plain[i]!) > 1e-4)).toBe(true);
      expect(predictMirrored(model, x, count, null)).toEqual(plain);
    } finally {
      disposeHead(model);
    }
  });
});
