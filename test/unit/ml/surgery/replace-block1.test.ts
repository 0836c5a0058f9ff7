import { beforeAll, describe, expect, it } from 'vitest';
import { replaceBlock1WithConv5x5 } from '../../../../main/ml/surgery/replace-block1.js';
import { initTfjs } from '../../../../main/ml/tfjs/backend.js';
import { randomWeights } from '../../../../main/ml/weights/random-weights.js';
import { filmLikeFrames } from './frames.js';

const SIZE = 32;

beforeAll(async () => {
  await initTfjs('cpu');
});

describe('replacing block1 by a distilled 5×5 conv', () => {
  it('lowers block1’s error, brings the block5 features closer, keeps every other weight, and reports speed and parameters', async () => {
    const weights = randomWeights(3);
    const frames = filmLikeFrames(11, SIZE, 11);
    const train = Array.from({ length: 8 }, (_, i) => i);
    const heldOut = [8, 9, 10];
    const epochs: number[] = [];
    const result = await replaceBlock1WithConv5x5({
      weights, size: SIZE, frames, train, heldOut, epochs: 4, batchSize: 4, learningRate: 1e-3, seed: 2, timingFrames: 1, timingPasses: 1, onEpoch: (e) => epochs.push(e.epoch),
    });
    const report = result.report!;
    expect(result.cancelled).toBe(false);
    expect(epochs).toEqual([1, 2, 3, 4]);
    expect(report.distillLoss).toHaveLength(4);
    expect(report.block1MseAfter).toBeLessThan(report.block1MseBefore);
    expect(report.cosine).toBeGreaterThan(report.cosineBefore);
    expect(report.cosine).toBeLessThanOrEqual(1);
    expect(report.speedUp).toBeGreaterThan(0);
    expect(report).toMatchObject({ cut: 'block5_pool', size: SIZE, init: 'composed', trainFrames: 8, heldOutFrames: 3, block1ParamsBefore: 38_720, block1ParamsAfter: 4_864 });
    expect(report.paramsBefore - report.paramsAfter).toBe(38_720 - 4_864);
    for (const [name, w] of weights) {
      if (name.startsWith('block1_')) expect(result.weights.has(name)).toBe(false);
      else expect(result.weights.get(name)).toBe(w);
    }
    expect(result.weights.get('block1_conv5x5')!.kernelShape).toEqual([5, 5, 3, 64]);
  }, 180_000); // distillation plus two timed forward passes at 224×224: ~40 s on 2 idle cores

  it('stops at the next batch when cancelled', async () => {
    const controller = new AbortController();
    const progress: number[] = [];
    const epochs: number[] = [];
    const result = await replaceBlock1WithConv5x5({
      weights: randomWeights(3, 'block2_pool'), cut: 'block2_pool', size: SIZE, frames: filmLikeFrames(6, SIZE, 1), train: [0, 1, 2, 3], heldOut: [4, 5], epochs: 5, batchSize: 2,
      signal: controller.signal,
      onProgress: ({ done }) => {
        progress.push(done);
        if (done === 1) controller.abort();
      },
      onEpoch: (e) => epochs.push(e.epoch),
    });
    expect(result.cancelled).toBe(true);
    expect(result.report).toBeNull();
    // Not one more batch, not the end of the epoch.
    expect(progress).toEqual([1]);
    expect(epochs).toEqual([]);
  });

  it('stops after distillation too: cancelled during the last epoch, nothing is compared or reported', async () => {
    const controller = new AbortController();
    const result = await replaceBlock1WithConv5x5({
      weights: randomWeights(3, 'block2_pool'), cut: 'block2_pool', size: SIZE, frames: filmLikeFrames(6, SIZE, 1), train: [0, 1, 2, 3], heldOut: [4, 5], epochs: 1, batchSize: 2,
      signal: controller.signal,
      // The last batch of the only epoch: distillation itself finishes, the comparison must not run.
      onProgress: ({ done, total }) => done === total && controller.abort(),
    });
    expect(result.cancelled).toBe(true);
    expect(result.report).toBeNull();
  });
});
