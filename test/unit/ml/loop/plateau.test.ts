/**
 * Lowering the learning rate when the validation loss stalls: the rule on its own (validation losses
 * in, the factor on the starting rate out, worked by hand), and in the loop, where the rate each
 * epoch trains at must follow the rule from the epochs before it, resumed runs included.
 */
import type * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import type { HeadCheckpoint } from '../../../../main/ml/head/checkpoint.js';
import { buildHead } from '../../../../main/ml/head/model.js';
import { disposeHead } from '../../../../main/ml/head/train.js';
import { fit, plateauFactor } from '../../../../main/ml/loop/fit.js';
import { clipSetSamples } from '../../../../main/ml/loop/samples.js';
import { initTfjs } from '../../../../main/ml/tfjs/backend.js';
import { CLASSES, DIM, FRAMES, rampClips } from '../head/synthetic.js';

beforeAll(async () => {
  await initTfjs('wasm');
});

const losses = (...values: number[]) => values.map((valLoss) => ({ valLoss }));
const rule = { patience: 2, factor: 0.5, minFactor: 0.25 };

describe('plateauFactor', () => {
  it('halves after `patience` epochs without a lower validation loss, counts again from each halving, and stops at minFactor', () => {
    expect(plateauFactor([], rule)).toBe(1);
    // Falling: no change.
    expect(plateauFactor(losses(3, 2, 1), rule)).toBe(1);
    // Best at epoch 1, then 2 epochs higher: halved once.
    expect(plateauFactor(losses(1, 2, 3), rule)).toBe(0.5);
    // One stalled epoch, a new best, one stalled epoch: the count starts again at the best.
    expect(plateauFactor(losses(1, 2, 0.5, 0.7), rule)).toBe(1);
    // 1, then 4 stalled epochs: halved after 2, again after 2 more; 2 more would go below minFactor.
    expect(plateauFactor(losses(1, 2, 2, 2, 2), rule)).toBe(0.25);
    expect(plateauFactor(losses(1, 2, 2, 2, 2, 2, 2), rule)).toBe(0.25);
    // An equal loss is not lower.
    expect(plateauFactor(losses(1, 1, 1), rule)).toBe(0.5);
  });
});

describe('fit with reduceOnPlateau', () => {
  it('trains each epoch at the starting rate times the factor of the epochs before it, and a resumed run goes on at the same rate', async () => {
    // Random labels: the validation loss stops falling after the first epochs.
    const train = clipSetSamples(rampClips(96, 3, true));
    const validation = clipSetSamples(rampClips(48, 2));
    const headSpec = { cell: 'gru' as const, units: 8, layers: 1, bidirectional: false, dropout: 0, masking: false, segments: 0, deltas: false, motion: 'none' as const, projection: 0, inputDropout: 0, inputNoise: 0 };
    const run = async (epochs: number, resumeFrom?: HeadCheckpoint) => {
      const model = buildHead(headSpec, { frames: FRAMES, dim: DIM, classes: CLASSES, learningRate: 0.04 });
      const optimizer = model.optimizer;
      const rates: number[] = [];
      const saved: HeadCheckpoint[] = [];
      const variables = model.trainableWeights.map((w) => w.read() as tf.Variable);
      const result = await fit({
        model, groups: [{ name: 'head', variables, optimizer }], train, validation, classes: CLASSES, epochs, batchSize: 16,
        classWeighting: 'none', earlyStopping: { patience: 100, restoreBest: false }, seed: 5, reduceOnPlateau: { patience: 1, factor: 0.5, minFactor: 1 / 8 },
        // The rate the epoch just finished trained at.
        onEpoch: () => rates.push((optimizer as unknown as { learningRate: number }).learningRate),
        saveCheckpoint: async (state) => void saved.push(state),
        ...(resumeFrom ? { resumeFrom } : {}),
      });
      disposeHead(model);
      return { result, rates, saved };
    };
    const whole = await run(8);
    const valLosses = whole.result.epochs.map((e) => e.valLoss);
    // By hand: the rate of epoch e is 0.04 halved once for every epoch before it whose validation loss
    // was not below the best before it (patience 1), at most 3 times.
    let best = Number.POSITIVE_INFINITY;
    let halvings = 0;
    const expected = valLosses.map((loss) => {
      const rate = 0.04 * 0.5 ** Math.min(3, halvings);
      if (loss < best) best = loss;
      else halvings++;
      return rate;
    });
    expect(whole.rates).toEqual(expected);
    expect(halvings).toBeGreaterThan(0);
    // Resumed after epoch 5, epochs 6–8 train at the rates the whole run had.
    const resumed = await run(8, whole.saved[4]!);
    expect(resumed.rates).toEqual(whole.rates.slice(5));
  });
});
